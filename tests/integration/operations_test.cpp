// What an operator does to a running `ksink standalone` (docs/operations.md): stop it while
// Kafka or the target is gone, signal it twice, kill and restart it, restart a connector through
// REST, and read its log. Kafka is a `ksink dev-kafka` process where a test stops it (SIGSTOP
// keeps its state, so what was committed can be read after SIGCONT), else the tests' embedded
// Kafka.
#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <cstdio>
#include <regex>
#include <thread>

#include "integration/fixtures/kafka_cluster.h"
#include "integration/fixtures/rest_fixture.h"
#include "integration/fixtures/standalone_process.h"
#include "kafka/producer.h"
#include "support/process.h"
#include "support/redis_server.h"

namespace ksink::test {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

class Operations : public StandaloneProcessTest {
 protected:
  Operations() : StandaloneProcessTest("ksink-ops") {}
  void SetUp() override {
    StandaloneProcessTest::SetUp();
    redis = std::make_unique<RedisServer>();
    rest_port = free_port();
  }
  void TearDown() override {
    if (dev_kafka.running()) {
      kill(dev_kafka.pid(), SIGCONT);
      dev_kafka.stop(SIGKILL);
    }
    StandaloneProcessTest::TearDown();
  }
  void stop_sink_servers() override { redis.reset(); }

  // `ksink dev-kafka` with `topic`; its bootstrap.servers.
  std::string start_dev_kafka(const std::string& topic) {
    dev_kafka.start({KSINK_BINARY, "dev-kafka", "--topic", topic}, dir + "/dev-kafka.log");
    std::smatch m;
    std::string log;
    EXPECT_TRUE(eventually([&] {
      log = dev_kafka.log();
      return std::regex_search(log, m, std::regex("bootstrap.servers=(\\S+)"));
    }, 10s)) << log;
    dev_bootstrap = m[1];
    return dev_bootstrap;
  }
  void produce_ids(const std::string& bootstrap, const std::string& topic, int from, int to) {
    auto p = kafka::Producer::create({{"bootstrap.servers", bootstrap}, {"log_level", "3"}});
    ASSERT_TRUE(p.ok());
    std::vector<kafka::OutgoingMessage> msgs;
    for (int i = from; i < to; ++i)
      msgs.push_back({.topic = topic, .value = "{\"id\":" + std::to_string(i) + "}", .partition = 0});
    ASSERT_TRUE((*p)->send_and_wait(msgs, 10s).ok());
  }
  // A worker on `bootstrap` with JSON values, then `extra`; a Redis connector `ops` reading
  // `topic` into keys k:<id>.
  void run_ops(const std::string& bootstrap, const std::string& topic, const std::string& extra) {
    auto w = write("worker.properties",
                   "bootstrap.servers=" + bootstrap +
                       "\nkey.converter=org.apache.kafka.connect.storage.StringConverter\n"
                       "value.converter=org.apache.kafka.connect.json.JsonConverter\n"
                       "value.converter.schemas.enable=false\n"
                       "listeners=http://127.0.0.1:" + std::to_string(rest_port) + "\n" + extra);
    auto c = write("ops.properties",
                   "name=ops\nconnector.class=redis\ntopics=" + topic +
                       "\nconnect.redis.host=127.0.0.1\nconnect.redis.port=" +
                       std::to_string(redis->port()) + "\nconnect.redis.kcql=INSERT INTO k: "
                       "SELECT * FROM " + topic + " PK id\n");
    run({w, c});
  }
  // The records the task has read (polled and converted), from the metrics.
  int64_t records_read() {
    auto body = RestClient(rest_port).get("/metrics").body;
    std::smatch m;
    if (!std::regex_search(body, m,
                           std::regex(R"(ksink_sink_record_read_total\{connector="ops",task="0"\} (\d+))")))
      return -1;
    return std::stoll(m[1]);
  }

  std::unique_ptr<RedisServer> redis;
  ChildProcess dev_kafka;
  std::string dev_bootstrap;
  int rest_port = 0;
};

// Issue 15 point 1: Kafka unreachable (stopped: connections stay open, nothing answers; the
// final commit and the consumer's close wait for it). SIGTERM ends the process within
// task.shutdown.graceful.timeout.ms plus a little, cleanly (exit code 0).
TEST_F(Operations, SigtermWithKafkaStoppedExitsWithinTheGracefulTimeout) {
  const std::string bs = start_dev_kafka("ops-topic");
  run_ops(bs, "ops-topic", "task.shutdown.graceful.timeout.ms=2000\n");
  produce_ids(bs, "ops-topic", 0, 50);
  ASSERT_TRUE(eventually([&] { return redis->dbsize() == 50; })) << ksink.log();
  ASSERT_EQ(kill(dev_kafka.pid(), SIGSTOP), 0);
  const auto t0 = Clock::now();
  const int code = ksink.stop(SIGTERM, 20s);
  const double took = seconds_since(t0);
  std::printf("[ measured ] SIGTERM to exit with Kafka stopped: %.2f s "
              "(task.shutdown.graceful.timeout.ms=2000)\n", took);
  EXPECT_LE(took, 2.0 + 1.5) << ksink.log();
  EXPECT_EQ(code, 0) << ksink.log();
  kill(dev_kafka.pid(), SIGCONT);
  EXPECT_LE(committed_offsets(bs, "connect-ops", "ops-topic")[0], 50);
}

// Issue 15 point 1: Kafka unreachable (stopped: connections stay open, nothing answers) and a
// write hanging in Redis (CLIENT PAUSE); SIGTERM ends the process within
// task.shutdown.graceful.timeout.ms plus a little, and nothing unwritten was committed.
TEST_F(Operations, SigtermWithKafkaStoppedAndAWriteHangingExitsWithinTheGracefulTimeout) {
  const std::string bs = start_dev_kafka("ops-topic");
  run_ops(bs, "ops-topic", "offset.flush.interval.ms=500\ntask.shutdown.graceful.timeout.ms=2000\n");
  produce_ids(bs, "ops-topic", 0, 50);
  ASSERT_TRUE(eventually([&] { return redis->dbsize() == 50; })) << ksink.log();
  ASSERT_TRUE(eventually([&] {
    return committed_offsets(bs, "connect-ops", "ops-topic")[0] == 50;
  })) << ksink.log();
  // The next records are read and sent, and Redis does not answer.
  redis->command({"CLIENT", "PAUSE", "60000", "WRITE"});
  produce_ids(bs, "ops-topic", 50, 100);
  // A write of the new records hangs: the task sends the batch it has and reads at most one
  // more while it waits, so how many it has read depends on how the records arrived.
  ASSERT_TRUE(eventually([&] { return records_read() > 50; })) << ksink.log();
  ASSERT_EQ(kill(dev_kafka.pid(), SIGSTOP), 0);

  const auto t0 = Clock::now();
  const int code = ksink.stop(SIGTERM, 20s);
  const double took = seconds_since(t0);
  std::printf("[ measured ] SIGTERM to exit with Kafka stopped and Redis paused: %.2f s "
              "(task.shutdown.graceful.timeout.ms=2000)\n", took);
  EXPECT_LE(took, 2.0 + 1.5) << ksink.log();
  // The task stuck in its write is abandoned, and the exit code says so.
  EXPECT_EQ(code, 1) << ksink.log();
  EXPECT_NE(ksink.log().find("[ops|task-0] Task did not stop within "
                             "task.shutdown.graceful.timeout.ms"),
            std::string::npos)
      << ksink.log();

  // Kafka and Redis back: whatever Redis does with the paused writes of a closed connection,
  // no offset beyond what Redis holds was committed.
  kill(dev_kafka.pid(), SIGCONT);
  redis->command({"CLIENT", "UNPAUSE"});
  std::this_thread::sleep_for(500ms);
  const int64_t committed = committed_offsets(bs, "connect-ops", "ops-topic")[0];
  EXPECT_GE(committed, 50);
  EXPECT_LE(committed, static_cast<int64_t>(redis->dbsize())) << ksink.log();
  for (int64_t i = 0; i < committed; ++i)
    EXPECT_TRUE(redis->get("k:" + std::to_string(i)).has_value()) << i;
}

// Issue 15 point 1: an operator who signals twice gets the process gone at once.
TEST_F(Operations, ASecondSigtermExitsAtOnce) {
  const std::string bs = start_dev_kafka("ops-topic");
  run_ops(bs, "ops-topic",
          "task.shutdown.graceful.timeout.ms=60000\noffset.flush.timeout.ms=60000\n");
  produce_ids(bs, "ops-topic", 0, 20);
  ASSERT_TRUE(eventually([&] { return redis->dbsize() == 20; })) << ksink.log();
  redis->command({"CLIENT", "PAUSE", "60000", "WRITE"});
  produce_ids(bs, "ops-topic", 20, 40);
  // A write of the new records hangs: the task sends the batch it has and reads at most one
  // more while it waits, so how many it has read depends on how the records arrived.
  ASSERT_TRUE(eventually([&] { return records_read() > 20; })) << ksink.log();
  ASSERT_EQ(kill(dev_kafka.pid(), SIGSTOP), 0);

  ASSERT_EQ(kill(ksink.pid(), SIGTERM), 0);
  // The first signal's stop waits (for Redis, then for Kafka's answer to the final commit).
  std::this_thread::sleep_for(1s);
  ASSERT_TRUE(ksink.running()) << ksink.log();
  const auto t0 = Clock::now();
  const int code = ksink.stop(SIGTERM, 10s);
  const double took = seconds_since(t0);
  std::printf("[ measured ] second SIGTERM to exit: %.3f s\n", took);
  EXPECT_LE(took, 1.0);
  EXPECT_EQ(code, 128 + SIGTERM) << ksink.log();
  EXPECT_NE(ksink.log().find("Received Terminated again, exiting at once"), std::string::npos)
      << ksink.log();
  redis->command({"CLIENT", "UNPAUSE"});
}

// Issue 15 point 2: kill -9 and start again; the new process writes within 10 s.
TEST_F(Operations, KillThenRestartWritesAgainWithinTenSeconds) {
  kafka->create_topic("ops-topic");
  run_ops(kafka->bootstrap(), "ops-topic", "offset.flush.interval.ms=200\n");
  kafka->produce("ops-topic", std::nullopt, R"({"id":1})");
  ASSERT_TRUE(eventually([&] { return redis->get("k:1").has_value(); })) << ksink.log();
  ASSERT_TRUE(eventually([&] { return kafka->committed("connect-ops", "ops-topic")[0] == 1; }));
  const std::string first_log = ksink.log();
  ksink.stop(SIGKILL);

  const auto t0 = Clock::now();
  run_ops(kafka->bootstrap(), "ops-topic", "offset.flush.interval.ms=200\n");
  kafka->produce("ops-topic", std::nullopt, R"({"id":2})");
  ASSERT_TRUE(eventually([&] { return redis->get("k:2").has_value(); }, 30s)) << ksink.log();
  const double took = seconds_since(t0);
  std::printf("[ measured ] kill -9, restart to writing again: %.2f s\n", took);
  EXPECT_LE(took, 10.0) << ksink.log();
}

// Issue 15 point 2: POST /connectors/NAME/restart?includeTasks=true; the new task writes within
// 10 s.
TEST_F(Operations, RestRestartWritesAgainWithinTenSeconds) {
  kafka->create_topic("ops-topic");
  run_ops(kafka->bootstrap(), "ops-topic", "offset.flush.interval.ms=200\n");
  kafka->produce("ops-topic", std::nullopt, R"({"id":1})");
  ASSERT_TRUE(eventually([&] { return redis->get("k:1").has_value(); })) << ksink.log();
  RestClient api(rest_port);
  const auto t0 = Clock::now();
  auto r = api.post("/connectors/ops/restart?includeTasks=true");
  ASSERT_TRUE(r.status == 202 || r.status == 200 || r.status == 204) << r.status << r.body;
  kafka->produce("ops-topic", std::nullopt, R"({"id":2})");
  ASSERT_TRUE(eventually([&] { return redis->get("k:2").has_value(); }, 30s)) << ksink.log();
  const double took = seconds_since(t0);
  std::printf("[ measured ] REST restart to writing again: %.2f s\n", took);
  EXPECT_LE(took, 10.0) << ksink.log();
}

// Deleting a connector whose task is stuck in a write waits no longer than
// task.shutdown.graceful.timeout.ms (and a second's grace), as Kafka Connect's
// Worker#awaitStopTask: the task is abandoned with "Graceful stop of task ... failed" naming what
// it was doing, and the worker goes on (before, the delete waited for the task however long).
TEST_F(Operations, DeletingAConnectorWithATaskStuckInAWriteEndsWithinTheGracefulTimeout) {
  kafka->create_topic("ops-topic");
  run_ops(kafka->bootstrap(), "ops-topic", "task.shutdown.graceful.timeout.ms=2000\n");
  kafka->produce("ops-topic", std::nullopt, R"({"id":1})");
  ASSERT_TRUE(eventually([&] { return redis->get("k:1").has_value(); })) << ksink.log();
  redis->command({"CLIENT", "PAUSE", "60000", "WRITE"});
  kafka->produce("ops-topic", std::nullopt, R"({"id":2})");
  // The write of the new record hangs (Redis holds the paused client's command).
  ASSERT_TRUE(eventually([&] { return records_read() == 2; })) << ksink.log();
  ASSERT_TRUE(eventually([&] { return redis->blocked_clients() > 0; })) << ksink.log();

  RestClient api(rest_port);
  const auto t0 = Clock::now();
  EXPECT_EQ(api.del("/connectors/ops").status, 204) << ksink.log();
  const double took = seconds_since(t0);
  std::printf("[ measured ] DELETE of a connector stuck in a write: %.2f s "
              "(task.shutdown.graceful.timeout.ms=2000)\n", took);
  EXPECT_LE(took, 2.0 + 1.5) << ksink.log();
  EXPECT_NE(ksink.log().find("[ops|task-0] Graceful stop of task failed: still waiting for its "
                             "target's replies after task.shutdown.graceful.timeout.ms (2000 ms)"),
            std::string::npos)
      << ksink.log();
  EXPECT_EQ(api.get("/connectors").body, "[]");
  redis->command({"CLIENT", "UNPAUSE"});
  EXPECT_TRUE(ksink.running()) << ksink.log();
}

// Issue 15 point 8: librdkafka's lines come through ksink's logger, with the connector and task.
TEST_F(Operations, KafkaClientLinesAreInKsinksFormatWithTheTask) {
  kafka->create_topic("ops-topic");
  // Nothing listens on the port: librdkafka logs its connection failures.
  run_ops("127.0.0.1:" + std::to_string(free_port()), "ops-topic", "");
  ASSERT_TRUE(eventually([&] {
    return ksink.log().find("[ops|task-0] Kafka consumer: ") != std::string::npos;
  }, 20s)) << ksink.log();
  const std::string log = ksink.log();
  EXPECT_EQ(log.find("%3|"), std::string::npos) << log;
  EXPECT_TRUE(std::regex_search(
      log, std::regex(R"(\n\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}\] error \[ops\|task-0\] Kafka consumer: \S+ .*Connect to ipv4#127\.0\.0\.1:\d+ failed)")))
      << log;
}

// Issue 15 point 8: after the "unavailable" warnings, one line says the target is back.
TEST_F(Operations, RedisReachableAgainIsLoggedOnceAfterARestart) {
  kafka->create_topic("ops-topic");
  run_ops(kafka->bootstrap(), "ops-topic", "");
  kafka->produce("ops-topic", std::nullopt, R"({"id":1})");
  ASSERT_TRUE(eventually([&] { return redis->get("k:1").has_value(); })) << ksink.log();
  redis->stop();
  kafka->produce("ops-topic", std::nullopt, R"({"id":2})");
  ASSERT_TRUE(eventually([&] {
    return ksink.log().find("Redis sink unavailable") != std::string::npos;
  })) << ksink.log();
  redis->start();
  ASSERT_TRUE(eventually([&] { return redis->get("k:2").has_value(); }, 60s)) << ksink.log();
  const std::string log = ksink.log();
  EXPECT_TRUE(std::regex_search(log, std::regex(R"(info \[ops\|task-0\] Redis sink reachable again after \d+ s\n)")))
      << log;
  EXPECT_EQ(log.find("reachable again"), log.rfind("reachable again")) << log;
  EXPECT_LT(log.find("Redis sink unavailable"), log.find("reachable again"));
}

// Issue 15 point 8: `ksink dev-kafka --help`, and the retention cap's warning.
TEST_F(Operations, DevKafkaHelpAndTheRetentionCapWarning) {
  ChildProcess help;
  help.start({KSINK_BINARY, "dev-kafka", "--help"}, dir + "/help.log");
  EXPECT_EQ(help.wait(10s), 0);
  EXPECT_NE(help.log().find("Usage: ksink dev-kafka [--partitions N]"), std::string::npos)
      << help.log();

  const std::string bs = start_dev_kafka("big");
  // 60 records of 100 kB, one message set each: past the mock cluster's 5 MiB per partition.
  auto p = kafka::Producer::create(
      {{"bootstrap.servers", bs}, {"log_level", "3"}, {"linger.ms", "0"}});
  ASSERT_TRUE(p.ok());
  for (int i = 0; i < 60; ++i)
    ASSERT_TRUE((*p)->send_and_wait({{.topic = "big", .value = std::string(100000, 'x'),
                                      .partition = 0}}, 10s).ok());
  ASSERT_TRUE(eventually([&] {
    return dev_kafka.log().find("Embedded Kafka: topic 'big' partition 0 has dropped its oldest "
                                "records: offsets below ") != std::string::npos;
  }, 15s)) << dev_kafka.log();
}

// Issue 15 point 7, end to end: the typo stops the start, naming the parameter.
TEST_F(Operations, AnUnknownStoreAsParameterIsAStartupError) {
  kafka->create_topic("ops-topic");
  auto w = worker_file("");
  auto c = write("ops.properties",
                 "name=ops\nconnector.class=redis\ntopics=ops-topic\nconnect.redis.host=127.0.0.1\n"
                 "connect.redis.port=" + std::to_string(redis->port()) +
                     "\nconnect.redis.kcql=INSERT INTO s SELECT * FROM ops-topic STOREAS "
                     "SortedSet(scroe=ts)\n");
  run({w, c});
  EXPECT_EQ(ksink.wait(20s), 1) << ksink.log();
  EXPECT_NE(ksink.log().find("unknown STOREAS parameter 'scroe' for SortedSet: it accepts score"),
            std::string::npos)
      << ksink.log();
}

}  // namespace
}  // namespace ksink::test
