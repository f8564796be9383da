// Conditions of the Redis server are never record errors: out of memory, a replica after a
// failover, a Redis Cluster node redirecting a key (MOVED). Under NOOP, whose record errors are
// skipped, such a write is retried and nothing is skipped or committed until it is written
// (docs/architecture.md "Errors"). Each against real redis-server processes.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "integration/fixtures/redis_pipeline.h"

namespace ksink::test {
namespace {

using namespace std::chrono_literals;
using RedisConditions = RedisPipelineTest;

const ConfigMap kNoopQuickRetries = {{"connect.redis.error.policy", "NOOP"},
                                     {"connect.redis.retry.interval", "200"},
                                     {"connect.redis.max.retries", "1000"}};

void produce_three(KafkaCluster& kafka) {
  kafka.create_topic("t");
  for (int i = 0; i < 3; ++i)
    kafka.produce("t", std::nullopt, R"({"id":"k)" + std::to_string(i) + R"("})");
}

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

}  // namespace
}  // namespace ksink::test
