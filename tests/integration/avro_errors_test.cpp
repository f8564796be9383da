// Avro failures as docs/architecture.md "Errors" sorts them: poison records (not the wire format, an unknown
// schema id, truncated data) are record errors that errors.tolerance decides; a Schema Registry
// that is down is the target being unavailable: the task waits, skips nothing, and resumes.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "integration/fixtures/avro_pipeline.h"

namespace ksink::test {
namespace {

using AvroErrors = AvroPipelineTest;
using namespace std::chrono_literals;

const std::string kUser =
    R"({"type":"record","name":"User","fields":[{"name":"firstName","type":"string"},)"
    R"({"name":"lastName","type":"string"},{"name":"age","type":"int"},)"
    R"({"name":"salary","type":"double"}]})";

std::string user(const std::string& first, int age) {
  return R"({"firstName":")" + first + R"(","lastName":"Smith","age":)" + std::to_string(age) +
         R"(,"salary":4830})";
}

constexpr const char* kAvro = "io.confluent.connect.avro.AvroConverter";

TEST_F(AvroErrors, ToleranceAllDeadLettersPoisonRecordsAtTheValueConverterStage) {
  kafka->create_topic("t");
  kafka->create_topic("dlq");
  const int id = register_schema("t-value", kUser);
  const std::string good = wire(id, kUser, user("John", 30));
  const std::string wrong_magic = user("Json", 1);  // plain JSON: byte 0x7b
  const std::string unknown_id = wire(999, kUser, user("Ghost", 2));
  const std::string truncated = good.substr(0, good.size() - 4);
  kafka->produce("t", std::string("k0"), good);
  kafka->produce("t", std::string("k1"), wrong_magic);
  kafka->produce("t", std::string("k2"), unknown_id);
  kafka->produce("t", std::string("k3"), truncated);
  kafka->produce("t", std::string("k4"), wire(id, kUser, user("Jane", 41)));
  start(avro_connector("c", "t", "SELECT * FROM t PK firstName",
                       {{"errors.tolerance", "all"},
                        {"errors.deadletterqueue.topic.name", "dlq"},
                        {"errors.deadletterqueue.context.headers.enable", "true"}}));
  ASSERT_TRUE(eventually([&] { return kafka->committed("connect-c", "t")[0] == 5; }))
      << harness->task_trace("c");
  EXPECT_EQ(harness->task_state("c"), "RUNNING");
  EXPECT_EQ(redis->keys(), (std::vector<std::string>{"Jane", "John"}));
  EXPECT_EQ(redis->get("Jane"),
            R"({"firstName":"Jane","lastName":"Smith","age":41,"salary":4830.0})");

  auto dlq = kafka->read_all("dlq");
  ASSERT_EQ(dlq.size(), 3u);
  const std::string originals[] = {wrong_magic, unknown_id, truncated};
  const std::string causes[] = {
      "Unknown magic byte 0x7b: the value is not in Confluent's Avro wire format",
      "unknown schema id 999: the Schema Registry has no such schema",
      "the value does not decode with its schema (id 1): truncated data"};
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(dlq[i].key, "k" + std::to_string(i + 1));
    EXPECT_EQ(dlq[i].value, originals[i]) << "the dead-letter copy is the record unchanged";
    EXPECT_EQ(dlq[i].headers["__connect.errors.stage"], "VALUE_CONVERTER");
    EXPECT_EQ(dlq[i].headers["__connect.errors.offset"], std::to_string(i + 1));
    EXPECT_EQ(dlq[i].headers["__connect.errors.class.name"], kAvro);
    EXPECT_EQ(dlq[i].headers["__connect.errors.exception.class.name"],
              "org.apache.kafka.connect.errors.DataException");
    const std::string& message = dlq[i].headers["__connect.errors.exception.message"];
    EXPECT_NE(message.find(causes[i]), std::string::npos) << message;
    EXPECT_EQ(message.find("Ghost"), std::string::npos) << "record content leaked: " << message;
  }
}

TEST_F(AvroErrors, ToleranceNoneFailsTheTaskNamingThePoisonRecord) {
  const int id = register_schema("t-value", kUser);
  const std::string good = wire(id, kUser, user("John", 30));
  struct Case {
    std::string topic, poison, cause;
  };
  const Case cases[] = {
      {"magic", "{\"firstName\":\"Secret\"}", "Unknown magic byte 0x7b"},
      {"unknown", wire(4242, kUser, user("Secret", 1)), "unknown schema id 4242"},
      {"truncated", wire(id, kUser, user("Secret", 1)).substr(0, 12),
       "truncated data: the 7 bytes of Avro data end inside a value of type string (in field "
       "lastName)"},
  };
  for (const auto& c : cases) {
    kafka->create_topic(c.topic);
    kafka->produce(c.topic, std::nullopt, good);
    kafka->produce(c.topic, std::nullopt, c.poison);
    kafka->produce(c.topic, std::nullopt, good);
    start(
        avro_connector(c.topic, c.topic,
                       "INSERT INTO " + c.topic + ": SELECT * FROM " + c.topic + " PK firstName"));
  }
  for (const auto& c : cases) {
    ASSERT_TRUE(eventually([&] { return harness->task_state(c.topic) == "FAILED"; })) << c.topic;
    std::string trace = harness->task_trace(c.topic);
    EXPECT_NE(trace.find("topic '" + c.topic + "' partition 0 offset 1"), std::string::npos)
        << trace;
    EXPECT_NE(trace.find(std::string("cannot convert the value with ") + kAvro), std::string::npos)
        << trace;
    EXPECT_NE(trace.find(c.cause), std::string::npos) << trace;
    EXPECT_NE(trace.find("set errors.tolerance=all to skip such records"), std::string::npos);
    EXPECT_EQ(trace.find("Secret"), std::string::npos) << "record content leaked: " << trace;
    EXPECT_EQ(redis->get(c.topic + ":John"),
              R"({"firstName":"John","lastName":"Smith","age":30,"salary":4830.0})");
    EXPECT_EQ(kafka->committed("connect-" + c.topic, c.topic)[0], 1) << c.topic;
  }
}

TEST_F(AvroErrors, RegistryDownThenUpTheTaskWaitsAndLosesNothing) {
  kafka->create_topic("t");
  std::vector<std::string> first;
  for (int i = 0; i < 50; ++i) first.push_back(user("a" + std::to_string(i), i));
  auto p = produce("t", kUser, first);
  ASSERT_EQ(p.exit_code, 0) << p.output;
  // A second version, registered while the registry is up, first read while it is down.
  const std::string v2 =
      R"({"type":"record","name":"User","fields":[{"name":"firstName","type":"string"},)"
      R"({"name":"lastName","type":"string"},{"name":"age","type":"int"},)"
      R"({"name":"salary","type":"double"},{"name":"team","type":"string","default":"-"}]})";
  const int v2_id = register_schema("t-value", v2);
  start(avro_connector(
      "c", "t", "SELECT firstName, age, team FROM t PK firstName",
      {{"connect.redis.retry.interval", "400"}, {"connect.redis.max.retries", "1000"}}));
  ASSERT_TRUE(eventually([&] { return redis->dbsize() == 50; })) << harness->task_trace("c");

  const int port = registry->port();
  registry->stop();
  std::vector<std::string> second;
  for (int i = 0; i < 50; ++i)
    second.push_back(wire(v2_id, v2,
                          R"({"firstName":"b)" + std::to_string(i) + R"(","lastName":"L","age":)" +
                              std::to_string(i) + R"(,"salary":1,"team":"blue"})"));
  kafka->produce_values("t", second);
  std::this_thread::sleep_for(2s);  // the converter finds the registry gone and retries
  EXPECT_EQ(harness->task_state("c"), "RUNNING") << harness->task_trace("c");
  EXPECT_EQ(redis->dbsize(), 50u) << "nothing after the first unreadable record is written";
  EXPECT_EQ(kafka->committed("connect-c", "t")[0], 50) << "nothing skipped, nothing committed";

  auto restarted = registry->start(port);
  ASSERT_TRUE(restarted.ok()) << restarted.error().message;
  ASSERT_TRUE(eventually([&] { return redis->dbsize() == 100; })) << harness->task_trace("c");
  for (int i = 0; i < 50; ++i)
    EXPECT_EQ(redis->get("b" + std::to_string(i)), R"({"firstName":"b)" + std::to_string(i) +
                                                       R"(","age":)" + std::to_string(i) +
                                                       R"(,"team":"blue"})");
  EXPECT_EQ(harness->task_state("c"), "RUNNING");
  EXPECT_TRUE(eventually([&] { return kafka->committed("connect-c", "t")[0] == 100; }));
}

}  // namespace
}  // namespace ksink::test
