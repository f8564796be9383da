// `ksink standalone` as users run it: property files on the command line, SIGTERM to stop.
#include <gtest/gtest.h>

#include <chrono>
#include <regex>
#include <thread>

#include "integration/fixtures/kafka_cluster.h"
#include "integration/fixtures/standalone_process.h"
#include "support/process.h"
#include "support/redis_server.h"

namespace ksink::test {
namespace {

using namespace std::chrono_literals;

class Standalone : public StandaloneProcessTest {
 protected:
  Standalone() : StandaloneProcessTest("ksink-standalone") {}
  void SetUp() override {
    StandaloneProcessTest::SetUp();
    redis = std::make_unique<RedisServer>();
  }
  void stop_sink_servers() override { redis.reset(); }
  std::string worker(const std::string& extra = "") {
    return worker_file(
        "key.converter=org.apache.kafka.connect.storage.StringConverter\n"
        "offset.flush.interval.ms=500\n" +
        extra);
  }

  std::unique_ptr<RedisServer> redis;
};

TEST_F(Standalone, SeedQuickStartYieldsTheDocumentedKeyAndValue) {
  kafka->create_topic("redis-topic");
  kafka->produce("redis-topic", std::nullopt, kSeedUserWithSchema);
  auto w = worker("value.converter=org.apache.kafka.connect.json.JsonConverter\n");
  auto c = write("redis-sink.properties",
                 "name=redis-sink\nconnect.redis.host=localhost\nconnect.redis.port=" +
                     std::to_string(redis->port()) +
                     "\nconnector.class=com.datamountaineer.streamreactor.connect.redis.sink."
                     "RedisSinkConnector\ntasks.max=1\ntopics=redis-topic\n"
                     "connect.redis.kcql=SELECT firstName, lastName, age, salary AS income FROM "
                     "redis-topic PK firstName, lastName\n");
  run({w, c});
  ASSERT_TRUE(eventually([&] { return redis->get("John.Smith").has_value(); }))
      << ksink.log();
  EXPECT_EQ(redis->get("John.Smith"),
            R"({"firstName":"John","lastName":"Smith","age":30,"income":4830.0})");
  EXPECT_EQ(redis->keys(), std::vector<std::string>{"John.Smith"});
  EXPECT_EQ(ksink.stop(SIGTERM), 0) << ksink.log();
  EXPECT_EQ(kafka->committed("connect-redis-sink", "redis-topic")[0], 1);
}

// The seed's connector file as shipped (config/redis-sink.properties) with a transform chain
// added, as users add one to their Connect files: the age masked, the key made from the value.
TEST_F(Standalone, SeedConnectorFileWithATransformChain) {
  kafka->create_topic("redis-topic");
  kafka->produce("redis-topic", std::nullopt,
                 R"({"firstName":"John","lastName":"Smith","age":30,"salary":4830.0})");
  std::string seed = read_file(std::string(KSINK_SOURCE_DIR) + "/config/redis-sink.properties");
  seed.replace(seed.find("connect.redis.port=6379"), 23,
               "connect.redis.port=" + std::to_string(redis->port()));
  seed += "transforms=hideAge,source\n"
          "transforms.hideAge.type=org.apache.kafka.connect.transforms.MaskField$Value\n"
          "transforms.hideAge.fields=age\n"
          "transforms.source.type=org.apache.kafka.connect.transforms.InsertField$Value\n"
          "transforms.source.static.field=source\n"
          "transforms.source.static.value=hr\n";
  auto w = worker("value.converter=org.apache.kafka.connect.json.JsonConverter\n"
                  "value.converter.schemas.enable=false\n");
  run({w, write("redis-sink.properties", seed)});
  ASSERT_TRUE(eventually([&] { return redis->get("John.Smith").has_value(); })) << ksink.log();
  EXPECT_EQ(redis->get("John.Smith"),
            R"({"firstName":"John","lastName":"Smith","age":0,"income":4830.0})");
  EXPECT_EQ(ksink.stop(SIGTERM), 0) << ksink.log();
  EXPECT_EQ(kafka->committed("connect-redis-sink", "redis-topic")[0], 1);
}

TEST_F(Standalone, SigtermMidStreamThenRestartLosesNothing) {
  // Mid-stream by construction, whatever ksink's pace: the first records are all written, then
  // Redis holds every write (CLIENT PAUSE WRITE), more records come, and SIGTERM arrives while a
  // pipeline of them waits in Redis for its replies; the rest is produced after the stop, so the
  // restart always has work.
  const int partitions = 3, per_step = 4000, steps = 3;
  kafka->create_topic("t", partitions);
  int next[partitions] = {};
  auto produce = [&] {
    for (int p = 0; p < partitions; ++p) {
      std::vector<std::string> values;
      for (int i = 0; i < per_step; ++i, ++next[p])
        values.push_back(R"({"id":")" + std::to_string(p) + "-" + std::to_string(next[p]) +
                         R"(","pad":"xxxxxxxxxxxxxxxxxxxxxxxx"})");
      kafka->produce_values("t", values, p);
    }
  };
  produce();
  auto w = worker("value.converter=org.apache.kafka.connect.json.JsonConverter\n"
                  "value.converter.schemas.enable=false\n");
  auto c = write("sink.properties",
                 "name=s\nconnector.class=redis\ntopics=t\nconnect.redis.host=127.0.0.1\n"
                 "connect.redis.port=" + std::to_string(redis->port()) +
                     "\nconnect.redis.kcql=SELECT * FROM t PK id\n"
                     "connect.redis.batch.size=50\n");
  run({w, c});
  ASSERT_TRUE(eventually([&] { return redis->dbsize() == size_t(partitions * per_step); }))
      << ksink.log();
  redis->command({"CLIENT", "PAUSE", "3000", "WRITE"});
  produce();
  ASSERT_TRUE(eventually([&] { return redis->blocked_clients() > 0; }, 10s))
      << "ksink sent no write while Redis was paused\n" << ksink.log();
  EXPECT_EQ(ksink.stop(SIGTERM), 0) << ksink.log();
  const size_t after_stop = redis->dbsize();
  auto committed = kafka->committed("connect-s", "t", partitions);
  int64_t committed_total = 0;
  for (int p = 0; p < partitions; ++p) {
    // Everything below the committed offset is in Redis (nothing committed that was not written).
    ASSERT_GE(committed[p], per_step);
    EXPECT_TRUE(redis->get(std::to_string(p) + "-" + std::to_string(committed[p] - 1)));
    committed_total += committed[p];
  }
  EXPECT_LE(committed_total, static_cast<int64_t>(after_stop));
  ASSERT_LT(after_stop, size_t(partitions * per_step * 2)) << "the paused writes all landed";

  produce();
  run({w, c});
  const int per_partition = per_step * steps;
  ASSERT_TRUE(eventually([&] { return redis->dbsize() == size_t(partitions * per_partition); },
                         120s))
      << redis->dbsize();
  EXPECT_TRUE(eventually([&] {
    auto c2 = kafka->committed("connect-s", "t", partitions);
    return c2[0] == per_partition && c2[1] == per_partition && c2[2] == per_partition;
  }));
  EXPECT_EQ(ksink.stop(SIGTERM), 0);
}

TEST_F(Standalone, InvalidKcqlIsAStartupErrorQuotingTheStatement) {
  auto w = worker();
  auto c = write("bad.properties",
                 "name=bad\nconnector.class=redis\ntopics=sink-test\nconnect.redis.host=x\n"
                 "connect.redis.kcql=INSERT INTO sink-test FROM sink-test\n");
  run({w, c});
  EXPECT_EQ(ksink.wait(20s), 1);
  std::string log = ksink.log();
  EXPECT_NE(log.find("KCQL statement 1, column 23: expected SELECT after target 'sink-test', "
                     "found FROM"),
            std::string::npos)
      << log;
}

TEST_F(Standalone, CacheModeWithoutPkIsRefusedWithAHint) {
  auto w = worker();
  auto c = write("seed.properties",
                 "name=redis-sink\nconnector.class=com.datamountaineer.streamreactor.connect.redis."
                 "sink.RedisSinkConnector\ntopics=redis-topic\nconnect.redis.host=localhost\n"
                 "connect.redis.kcql=INSERT INTO TABLE1 SELECT * FROM redis-topic\n");
  run({w, c});
  EXPECT_EQ(ksink.wait(20s), 1);
  std::string log = ksink.log();
  EXPECT_NE(log.find("Redis cache mode needs a key: add PK"), std::string::npos) << log;
  EXPECT_NE(log.find("INSERT INTO TABLE1 SELECT * FROM redis-topic"), std::string::npos) << log;
}

TEST_F(Standalone, CommandLineMistakesExitWithTwo) {
  ChildProcess p;
  p.start({KSINK_BINARY, "frobnicate"}, dir + "/verb.log");
  EXPECT_EQ(p.wait(10s), 2);
  EXPECT_NE(p.log().find("unknown command 'frobnicate'"), std::string::npos);
  ChildProcess q;
  q.start({KSINK_BINARY, "standalone", dir + "/missing.properties", dir + "/x.properties"},
          dir + "/missing.log");
  EXPECT_EQ(q.wait(10s), 2);
  EXPECT_NE(q.log().find("missing.properties"), std::string::npos) << q.log();
  ChildProcess v;
  v.start({KSINK_BINARY, "--version"}, dir + "/version.log");
  EXPECT_EQ(v.wait(10s), 0);
  EXPECT_EQ(v.log().rfind("ksink ", 0), 0u);
}

TEST_F(Standalone, UnknownKeysAreWarnedAboutOnce) {
  kafka->create_topic("t");
  auto w = worker();
  auto c = write("c.properties",
                 "name=c\nconnector.class=redis\ntopics=t\nconnect.redis.host=127.0.0.1\n"
                 "connect.redis.port=" + std::to_string(redis->port()) +
                     "\nconnect.redis.kcql=SELECT * FROM t PK id\nconnect.redis.hots=typo\n"
                     "connect.redis.password=hunter2\n");
  run({w, c});
  // This Redis has no password: the task fails at start, and says so without the password.
  ASSERT_TRUE(eventually([&] {
    return ksink.log().find("this Redis has no password: remove connect.redis.password") !=
           std::string::npos;
  })) << ksink.log();
  ksink.stop(SIGTERM);
  std::string log = ksink.log();
  EXPECT_NE(log.find("Unknown configuration key 'connect.redis.hots'"), std::string::npos) << log;
  EXPECT_EQ(log.find("hunter2"), std::string::npos) << log;
}

// Property files written for Kafka Connect's Java clients: Java-only settings are warned about
// and ignored, Java names and values become librdkafka's, and the records are written.
TEST_F(Standalone, JavaClientSettingsOfAConnectWorkerFileStillWrite) {
  kafka->create_topic("t");
  for (int i = 0; i < 3; ++i) kafka->produce("t", std::nullopt, R"({"id":)" + std::to_string(i) + "}");
  auto w = worker("value.converter=org.apache.kafka.connect.json.JsonConverter\n"
                  "value.converter.schemas.enable=false\n"
                  "consumer.max.poll.records=500\nconsumer.fetch.max.wait.ms=100\n"
                  "producer.max.request.size=2000000\n"
                  // Above ksink's fetch.max.bytes (librdkafka refuses a fetch limit below it):
                  // the fetch limit follows (docs/performance.md "Prefetch and memory").
                  "consumer.message.max.bytes=3000000\n");
  auto c = write("c.properties",
                 "name=c\nconnector.class=redis\ntopics=t\nconnect.redis.host=127.0.0.1\n"
                 "connect.redis.port=" + std::to_string(redis->port()) +
                     "\nconnect.redis.kcql=SELECT * FROM t PK id\n"
                     "consumer.override.max.poll.records=100\n"
                     "consumer.override.partition.assignment.strategy="
                     "org.apache.kafka.clients.consumer.RangeAssignor,"
                     "org.apache.kafka.clients.consumer.CooperativeStickyAssignor\n");
  run({w, c});
  ASSERT_TRUE(eventually([&] { return redis->dbsize() == 3; })) << ksink.log();
  EXPECT_EQ(redis->get("2"), R"({"id":2})");
  EXPECT_EQ(ksink.stop(SIGTERM), 0) << ksink.log();
  std::string log = ksink.log();
  EXPECT_NE(log.find("Worker configuration: 'consumer.max.poll.records' is a setting of Kafka's "
                     "Java client with no equivalent in librdkafka, ksink's Kafka client; it is "
                     "ignored"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("[c] 'consumer.override.max.poll.records' is a setting of Kafka's Java "
                     "client"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("'consumer.override.partition.assignment.strategy' lists eager and "
                     "cooperative assignors"),
            std::string::npos)
      << log;
}

TEST_F(Standalone, AKafkaClientSettingLibrdkafkaRefusesStopsTheWorkerNamingIt) {
  auto w = worker("consumer.fetch.min.byte=1\n");
  auto c = write("c.properties",
                 "name=c\nconnector.class=redis\ntopics=t\nconnect.redis.host=127.0.0.1\n"
                 "connect.redis.kcql=SELECT * FROM t PK id\n");
  run({w, c});
  EXPECT_NE(ksink.wait(10s), 0);
  EXPECT_NE(ksink.log().find("Invalid consumer.fetch.min.byte: No such configuration property: "
                             "\"fetch.min.byte\""),
            std::string::npos)
      << ksink.log();
}

TEST_F(Standalone, ProgressLogCountsRecordsWrittenPerTopic) {
  kafka->create_topic("t");
  for (int i = 0; i < 3; ++i) kafka->produce("t", std::nullopt, R"({"id":)" + std::to_string(i) + "}");
  auto w = worker("value.converter=org.apache.kafka.connect.json.JsonConverter\n"
                  "value.converter.schemas.enable=false\n");
  auto c = write("c.properties",
                 "name=c\nconnector.class=redis\ntopics=t\nconnect.redis.host=127.0.0.1\n"
                 "connect.redis.port=" + std::to_string(redis->port()) +
                     "\nconnect.redis.kcql=SELECT * FROM t PK id\nconnect.progress.enabled=true\n"
                     "connect.progress.interval.ms=200\n");
  run({w, c});
  // The three records may land in one report or over several (as the consumer hands them over):
  // the reports' counts for topic t add up to 3, each line with its total and its topics.
  auto reported = [&] {
    static const std::regex line(
        R"(\[c\|task-0\] Progress: (\d+) record\(s\) written since last report \(t: (\d+)\))");
    const std::string log = ksink.log();
    int sum = 0;
    for (std::sregex_iterator m(log.begin(), log.end(), line), end; m != end; ++m) {
      if ((*m)[1] != (*m)[2]) return -1;  // the total and topic t's count differ
      sum += std::stoi((*m)[2]);
    }
    return sum;
  };
  EXPECT_TRUE(eventually([&] { return reported() == 3; })) << ksink.log();
  EXPECT_EQ(ksink.stop(SIGTERM), 0);
}

}  // namespace
}  // namespace ksink::test
