// Conditions of the Redis server are never record errors: out of memory, a replica after a
// failover, a dataset loading, a busy script, too few replicas, a master link down, a failed
// save, a Redis Cluster down or redirecting a key (MOVED). Under NOOP, whose record errors are
// skipped, such a write is retried and nothing is skipped, dead-lettered or committed until it
// is written (docs/architecture.md "Errors"). Each against real redis-server processes.
#include <gtest/gtest.h>

#include <signal.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <sstream>
#include <thread>

#include "integration/fixtures/redis_pipeline.h"

namespace ksink::test {
namespace {

using namespace std::chrono_literals;

const ConfigMap kNoopQuickRetries = {{"connect.redis.error.policy", "NOOP"},
                                     {"connect.redis.retry.interval", "200"},
                                     {"connect.redis.max.retries", "1000"}};

void produce_three(KafkaCluster& kafka) {
  kafka.create_topic("t");
  for (int i = 0; i < 3; ++i)
    kafka.produce("t", std::nullopt, R"({"id":"k)" + std::to_string(i) + R"("})");
}

// The remaining refusals of Redis's processCommand (redis/redis src/server.c) and of its
// cluster check (src/cluster.c getNodeByQuery), each made by construction on a real server: the
// task is seen retrying (total-retries) while Redis refuses, nothing is skipped, dead-lettered or
// committed, and every record lands once the condition clears. TRYAGAIN is not here: Redis
// sends it only for a command with several keys (docs/redis-sink.md "Redis Cluster").
const ConfigMap kNoopDeadLetterQuickRetries = {{"connect.redis.error.policy", "NOOP"},
                                               {"errors.deadletterqueue.topic.name", "dlq"},
                                               {"connect.redis.retry.interval", "200"},
                                               {"connect.redis.max.retries", "1000"}};

const TaskMetrics& metrics(Harness& harness) {
  return harness.connector("c")->tasks()[0]->metrics();
}

void expect_held_back(Harness& harness, KafkaCluster& kafka) {
  ASSERT_TRUE(eventually([&] { return metrics(harness).retries.load() >= 2; }))
      << harness.task_trace("c");
  EXPECT_EQ(harness.task_state("c"), "RUNNING");
  EXPECT_LE(kafka.committed("connect-c", "t")[0], 0) << "committed records it never wrote";
  EXPECT_EQ(metrics(harness).records_skipped.load(), 0u);
  EXPECT_EQ(metrics(harness).record_errors.load(), 0u);
  EXPECT_EQ(metrics(harness).dlq_produce_requests.load(), 0u);
}

void expect_every_record_once_cleared(Harness& harness, KafkaCluster& kafka,
                                      const std::function<std::optional<std::string>(
                                          const std::string&)>& get) {
  ASSERT_TRUE(eventually([&] { return kafka.committed("connect-c", "t")[0] == 3; }))
      << harness.task_trace("c");
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(get("k" + std::to_string(i)), R"({"id":"k)" + std::to_string(i) + R"("})");
  EXPECT_EQ(harness.task_state("c"), "RUNNING");
  EXPECT_EQ(metrics(harness).records_skipped.load(), 0u);
  EXPECT_EQ(metrics(harness).dlq_produce_requests.load(), 0u);
}

// How many times Redis refused a command with `code` (INFO errorstats, Redis 7).
int refusals(RedisServer& redis, const std::string& code) {
  const std::string info = redis.command({"INFO", "errorstats"});
  const std::string tag = "errorstat_" + code + ":count=";
  const size_t at = info.find(tag);
  return at == std::string::npos ? 0 : std::stoi(info.substr(at + tag.size()));
}

class RedisConditions : public RedisPipelineTest {
 protected:
  // Three records for a connector with NOOP and a dead-letter topic while `target` refuses
  // writes with `code`: the task retries, Redis counts the refusals, and nothing is skipped,
  // dead-lettered or committed.
  void write_while_refused(RedisServer& target, const std::string& code) {
    produce_three(*kafka);
    ConfigMap settings = kNoopDeadLetterQuickRetries;
    settings["connect.redis.port"] = std::to_string(target.port());
    start(connector("c", "t", "SELECT * FROM t PK id", settings));
    expect_held_back(*harness, *kafka);
    EXPECT_TRUE(eventually([&] { return refusals(target, code) >= 3; }))
        << "the retries were not Redis refusing writes with " << code;
  }
};

TEST_F(RedisConditions, OutOfMemoryIsRetriedNotSkipped) {
  redis->command({"CONFIG", "SET", "maxmemory-policy", "noeviction"});
  redis->command({"CONFIG", "SET", "maxmemory", "1"});  // every write: OOM
  produce_three(*kafka);
  start(connector("c", "t", "SELECT * FROM t PK id", kNoopQuickRetries));
  std::this_thread::sleep_for(2s);
  EXPECT_EQ(redis->dbsize(), 0u);
  EXPECT_EQ(harness->task_state("c"), "RUNNING");
  EXPECT_LE(kafka->committed("connect-c", "t")[0], 0) << "committed records it never wrote";
  redis->command({"CONFIG", "SET", "maxmemory", "0"});
  ASSERT_TRUE(eventually([&] { return redis->dbsize() == 3; })) << harness->task_trace("c");
  EXPECT_TRUE(eventually([&] { return kafka->committed("connect-c", "t")[0] == 3; }));
}

TEST_F(RedisConditions, ReadonlyReplicaIsRetriedUntilPromoted) {
  RedisServer primary;
  redis->command({"REPLICAOF", "127.0.0.1", std::to_string(primary.port())});
  ASSERT_TRUE(eventually([&] {
    return redis->command({"SET", "probe", "1"}).rfind("READONLY", 0) == 0;
  }));
  produce_three(*kafka);
  start(connector("c", "t", "SELECT * FROM t PK id", kNoopQuickRetries));
  std::this_thread::sleep_for(2s);
  EXPECT_EQ(harness->task_state("c"), "RUNNING");
  EXPECT_LE(kafka->committed("connect-c", "t")[0], 0) << "committed records it never wrote";
  redis->command({"REPLICAOF", "NO", "ONE"});  // the failover: the replica is promoted
  ASSERT_TRUE(eventually([&] { return redis->get("k2").has_value(); }))
      << harness->task_trace("c");
  EXPECT_TRUE(eventually([&] { return kafka->committed("connect-c", "t")[0] == 3; }));
}

// LOADING: Redis loads its dataset at start-up and refuses writes until done. key-load-delay
// (a test setting of Redis, src/rdb.c) makes 50,000 keys take 50 s, so the load lasts as long as
// the test needs; setting it to 0 lets the load finish.
TEST_F(RedisConditions, LoadingIsRetriedUntilTheDatasetIsLoaded) {
  RedisServer loading({"--key-load-delay", "1000", "--loading-process-events-interval-bytes", "1024"});
  ASSERT_EQ(loading.command({"EVAL", "for i = 1, 50000 do redis.call('SET', 'loaded:' .. i, i) end",
                             "0"}),
            "(nil)");
  ASSERT_EQ(loading.command({"SAVE"}), "OK");
  loading.stop();
  loading.start();  // loads dump.rdb, one key a millisecond
  ASSERT_EQ(loading.command({"SET", "probe", "1"}).rfind("LOADING", 0), 0u);
  write_while_refused(loading, "LOADING");
  loading.command({"CONFIG", "SET", "key-load-delay", "0"});
  expect_every_record_once_cleared(*harness, *kafka, [&](const std::string& k) { return loading.get(k); });
  EXPECT_EQ(loading.dbsize(), 50003u);
}

// BUSY: a Lua script running longer than busy-reply-threshold; Redis answers BUSY to every
// other command until SCRIPT KILL.
TEST_F(RedisConditions, BusyScriptIsRetriedUntilKilled) {
  redis->command({"CONFIG", "SET", "busy-reply-threshold", "100"});
  redisContext* script = redisConnect("127.0.0.1", redis->port());
  ASSERT_TRUE(script && !script->err);
  redisAppendCommand(script, "EVAL %s 0", "while true do end");
  int done = 0;
  while (!done) ASSERT_EQ(redisBufferWrite(script, &done), REDIS_OK);
  ASSERT_TRUE(eventually([&] { return redis->command({"PING"}).rfind("BUSY", 0) == 0; }));
  produce_three(*kafka);
  start(connector("c", "t", "SELECT * FROM t PK id", kNoopDeadLetterQuickRetries));
  expect_held_back(*harness, *kafka);
  EXPECT_EQ(redis->command({"SCRIPT", "KILL"}), "OK");
  redisFree(script);
  expect_every_record_once_cleared(*harness, *kafka, [&](const std::string& k) { return redis->get(k); });
  // One refusal was the test's own PING, the others ksink's writes.
  EXPECT_GE(refusals(*redis, "BUSY"), 3) << "the retries were not Redis refusing writes";
}

// NOREPLICAS: min-replicas-to-write 1 on a Redis without a replica refuses writes until one
// attaches.
TEST_F(RedisConditions, NoReplicasIsRetriedUntilAReplicaAttaches) {
  redis->command({"CONFIG", "SET", "min-replicas-to-write", "1"});
  redis->command({"CONFIG", "SET", "repl-diskless-sync-delay", "0"});  // the replica syncs at once
  ASSERT_EQ(redis->command({"SET", "probe", "1"}).rfind("NOREPLICAS", 0), 0u);
  write_while_refused(*redis, "NOREPLICAS");
  RedisServer replica({"--replicaof", "127.0.0.1", std::to_string(redis->port())});
  expect_every_record_once_cleared(*harness, *kafka, [&](const std::string& k) { return redis->get(k); });
}

// MASTERDOWN: a writable replica (replica-read-only no) with replica-serve-stale-data no whose
// link to its master is down refuses writes until it is promoted.
TEST_F(RedisConditions, MasterDownIsRetriedUntilPromoted) {
  RedisServer gone;
  const std::string gone_port = std::to_string(gone.port());
  gone.stop();
  redis->command({"CONFIG", "SET", "replica-read-only", "no"});
  redis->command({"CONFIG", "SET", "replica-serve-stale-data", "no"});
  redis->command({"REPLICAOF", "127.0.0.1", gone_port});
  ASSERT_TRUE(eventually([&] {
    return redis->command({"SET", "probe", "1"}).rfind("MASTERDOWN", 0) == 0;
  }));
  write_while_refused(*redis, "MASTERDOWN");
  redis->command({"REPLICAOF", "NO", "ONE"});
  expect_every_record_once_cleared(*harness, *kafka, [&](const std::string& k) { return redis->get(k); });
}

// The process ids of `parent`'s children (/proc/<pid>/stat: pid, (name), state, ppid).
std::vector<pid_t> children_of(pid_t parent) {
  std::vector<pid_t> out;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    const std::string name = entry.path().filename();
    if (name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::ifstream stat(entry.path() / "stat");
    std::string line;
    if (!std::getline(stat, line) || line.rfind(')') == std::string::npos) continue;
    std::istringstream rest(line.substr(line.rfind(')') + 2));
    char state = 0;
    pid_t ppid = 0;
    if (rest >> state >> ppid && ppid == parent) out.push_back(std::stoi(name));
  }
  return out;
}

// MISCONF: with save points set and stop-writes-on-bgsave-error (the default), a background
// save that failed (here its child killed, src/rdb.c backgroundSaveDoneHandlerDisk) makes Redis
// refuse writes until a save succeeds.
TEST_F(RedisConditions, MisconfIsRetriedUntilASaveSucceeds) {
  redis->command({"CONFIG", "SET", "save", "3600 1"});
  redis->command({"SET", "probe", "1"});
  redis->command({"CONFIG", "SET", "rdb-key-save-delay", "10000000"});  // 10 s a key
  ASSERT_EQ(redis->command({"BGSAVE"}), "Background saving started");
  const std::string info = redis->command({"INFO", "server"});
  const pid_t pid = std::stoi(info.substr(info.find("process_id:") + 11));
  std::vector<pid_t> saving;
  ASSERT_TRUE(eventually([&] { return !(saving = children_of(pid)).empty(); }));
  for (pid_t child : saving) ::kill(child, SIGKILL);
  ASSERT_TRUE(eventually([&] {
    return redis->command({"SET", "probe", "2"}).rfind("MISCONF", 0) == 0;
  }));
  write_while_refused(*redis, "MISCONF");
  redis->command({"CONFIG", "SET", "rdb-key-save-delay", "0"});
  ASSERT_EQ(redis->command({"BGSAVE"}), "Background saving started");
  expect_every_record_once_cleared(*harness, *kafka, [&](const std::string& k) { return redis->get(k); });
}

// connect.redis.cluster.enabled=auto with Redis down at start: whether it is a cluster is asked
// again at each attempt (retried, nothing committed) and writing starts once it answers.
TEST_F(RedisConditions, AutoDetectionWaitsForARedisDownAtStart) {
  redis->stop();
  produce_three(*kafka);
  start(connector("c", "t", "SELECT * FROM t PK id", kNoopQuickRetries));
  std::this_thread::sleep_for(1s);
  EXPECT_EQ(harness->task_state("c"), "RUNNING");
  EXPECT_LE(kafka->committed("connect-c", "t")[0], 0);
  redis->start();
  ASSERT_TRUE(eventually([&] { return kafka->committed("connect-c", "t")[0] == 3; }))
      << harness->task_trace("c");
  EXPECT_EQ(redis->dbsize(), 3u);
}

// min.replicas.acked with one Redis: WAIT after each pipeline. With no replica the writes are
// retried, nothing committed; once a replica attaches they count.
TEST_F(RedisConditions, MinReplicasAckedWaitsForAReplicaOfOneRedis) {
  redis->command({"CONFIG", "SET", "repl-diskless-sync-delay", "0"});  // the replica syncs at once
  produce_three(*kafka);
  ConfigMap settings = kNoopQuickRetries;
  settings["connect.redis.min.replicas.acked"] = "1";
  settings["connect.redis.min.replicas.timeout.ms"] = "100";
  start(connector("c", "t", "SELECT * FROM t PK id", settings));
  std::this_thread::sleep_for(2s);
  EXPECT_EQ(harness->task_state("c"), "RUNNING");
  EXPECT_LE(kafka->committed("connect-c", "t")[0], 0) << "committed writes no replica had";
  RedisServer replica({"--replicaof", "127.0.0.1", std::to_string(redis->port())});
  ASSERT_TRUE(eventually([&] { return kafka->committed("connect-c", "t")[0] == 3; }))
      << harness->task_trace("c");
  EXPECT_TRUE(eventually([&] { return replica.get("k2").has_value(); }));
}

// Two cluster nodes made by hand, each serving half the slots: ksink pointed at the first gets
// MOVED for the keys of the second. Before this was a record error, skipped under NOOP; with
// connect.redis.cluster.enabled=false it is retried and never skipped, and with the default
// (auto) ksink finds the cluster and writes each key to its node.
class RedisClusterRedirects : public RedisPipelineTest {
 protected:
  std::vector<std::string> redis_options() override {
    return {"--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf"};
  }
};

TEST_F(RedisClusterRedirects, MovedIsRetriedNeverSkippedAndFailsTheTaskWithAHint) {
  RedisServer other({"--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf"});
  ASSERT_EQ(redis->command({"CLUSTER", "ADDSLOTSRANGE", "0", "8191"}), "OK");
  ASSERT_EQ(other.command({"CLUSTER", "ADDSLOTSRANGE", "8192", "16383"}), "OK");
  ASSERT_EQ(redis->command({"CLUSTER", "MEET", "127.0.0.1", std::to_string(other.port())}), "OK");
  ASSERT_TRUE(eventually([&] {
    return redis->command({"CLUSTER", "INFO"}).find("cluster_state:ok") != std::string::npos;
  }));
  // "a" hashes to slot 15495 (the other node), "b" to 3300 (this one).
  ASSERT_EQ(redis->command({"CLUSTER", "KEYSLOT", "a"}), "15495");
  ASSERT_EQ(redis->command({"CLUSTER", "KEYSLOT", "b"}), "3300");
  kafka->create_topic("t");
  kafka->produce("t", std::nullopt, R"({"id":"b"})");
  kafka->produce("t", std::nullopt, R"({"id":"a"})");
  kafka->produce("t", std::nullopt, R"({"id":"b","v":2})");
  start(connector("c", "t", "SELECT * FROM t PK id",
                  {{"connect.redis.error.policy", "NOOP"},
                   {"connect.redis.cluster.enabled", "false"},
                   {"connect.redis.retry.interval", "100"},
                   {"connect.redis.max.retries", "3"}}));
  ASSERT_TRUE(eventually([&] { return harness->task_state("c") == "FAILED"; }))
      << harness->task_trace("c");
  const std::string trace = harness->task_trace("c");
  EXPECT_NE(trace.find("replied MOVED 15495 127.0.0.1:" + std::to_string(other.port())),
            std::string::npos)
      << trace;
  EXPECT_NE(trace.find("set connect.redis.cluster.enabled=auto or true"), std::string::npos) << trace;
  // Nothing skipped: the offset stops at the redirected record.
  EXPECT_EQ(kafka->committed("connect-c", "t")[0], 1);
  EXPECT_TRUE(redis->get("b").has_value());
  // The same cluster with the default, auto: every key on its node.
  start(connector("auto", "t", "SELECT * FROM t PK id"));
  ASSERT_TRUE(eventually([&] { return kafka->committed("connect-auto", "t")[0] == 3; }))
      << harness->task_trace("auto");
  EXPECT_EQ(other.get("a"), R"({"id":"a"})");
  EXPECT_EQ(redis->get("b"), R"({"id":"b","v":2})");
}

// CLUSTERDOWN: a cluster of two masters without replicas, each serving half the slots, with
// cluster-require-full-coverage (the default). One stopped, the other is a minority of the
// masters and, after the node timeout, marks the cluster failed (src/cluster.c
// clusterUpdateState): it answers CLUSTERDOWN for every key. The stopped master restarted, the
// cluster is whole again and every record lands.
class RedisClusterDown : public RedisPipelineTest {
 protected:
  std::vector<std::string> redis_options() override { return node_options(); }
  static std::vector<std::string> node_options() {
    return {"--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
            "--cluster-node-timeout", "2000"};
  }
};

TEST_F(RedisClusterDown, ClusterDownIsRetriedUntilTheStoppedMasterIsBack) {
  RedisServer other(node_options());
  ASSERT_EQ(redis->command({"CLUSTER", "ADDSLOTSRANGE", "0", "8191"}), "OK");
  ASSERT_EQ(other.command({"CLUSTER", "ADDSLOTSRANGE", "8192", "16383"}), "OK");
  ASSERT_EQ(redis->command({"CLUSTER", "MEET", "127.0.0.1", std::to_string(other.port())}), "OK");
  auto state = [](RedisServer& node) { return node.command({"CLUSTER", "INFO"}); };
  ASSERT_TRUE(eventually([&] {
    return state(*redis).find("cluster_state:ok") != std::string::npos &&
           state(other).find("cluster_state:ok") != std::string::npos;
  }));
  // k2 is this node's (slot 449), k0 and k1 the other's (8579, 12706).
  ASSERT_EQ(redis->command({"CLUSTER", "KEYSLOT", "k2"}), "449");
  ASSERT_EQ(redis->command({"CLUSTER", "KEYSLOT", "k0"}), "8579");
  other.stop();
  ASSERT_TRUE(eventually([&] { return state(*redis).find("cluster_state:fail") != std::string::npos; }));
  ASSERT_EQ(redis->command({"SET", "probe", "1"}), "CLUSTERDOWN The cluster is down");
  // k2 first: the first batch may hold only the first record, and it must reach the node left.
  kafka->create_topic("t");
  for (int i : {2, 0, 1}) kafka->produce("t", std::nullopt, R"({"id":"k)" + std::to_string(i) + R"("})");
  ConfigMap settings = kNoopDeadLetterQuickRetries;
  settings["connect.redis.host"] = "127.0.0.1:" + std::to_string(redis->port()) +
                                   ",127.0.0.1:" + std::to_string(other.port());
  start(connector("c", "t", "SELECT * FROM t PK id", settings));
  expect_held_back(*harness, *kafka);
  ASSERT_TRUE(eventually([&] { return refusals(*redis, "CLUSTERDOWN") >= 3; }))
      << "the retries were not Redis refusing writes";
  other.start();  // its nodes.conf makes it rejoin with its slots
  expect_every_record_once_cleared(*harness, *kafka, [&](const std::string& k) {
    auto v = redis->get(k);
    return v ? v : other.get(k);
  });
}

}  // namespace
}  // namespace ksink::test
