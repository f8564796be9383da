// Connect's data as Connect writes it, end to end into a real redis-server: the JsonConverter's
// envelopes with Connect's schema names (apache/kafka connect/json/.../JsonSchema.java), and
// connector files with Single Message Transforms (docs/transforms.md).
#include <gtest/gtest.h>

#include "integration/fixtures/redis_pipeline.h"

namespace ksink::test {
namespace {

using ConnectData = RedisPipelineTest;

// The seed's User record as Kafka Connect's JsonConverter writes it: salary is a "double".
constexpr const char* kSeedUser =
    R"({"schema":{"type":"struct","name":"User","optional":false,"fields":[)"
    R"({"field":"firstName","type":"string","optional":false},)"
    R"({"field":"lastName","type":"string","optional":false},)"
    R"({"field":"age","type":"int32","optional":false},)"
    R"({"field":"salary","type":"double","optional":false}]},)"
    R"("payload":{"firstName":"John","lastName":"Smith","age":30,"salary":4830}})";

const ConfigMap kWithSchemas = {{"value.converter.schemas.enable", "true"}};

TEST_F(ConnectData, SeedUserWithADoubleInCacheMode) {
  kafka->create_topic("redis-topic");
  kafka->produce("redis-topic", std::nullopt, kSeedUser);
  start(connector("users", "redis-topic",
                  "SELECT firstName, lastName, age, salary AS income FROM redis-topic PK "
                  "firstName, lastName",
                  kWithSchemas));
  ASSERT_TRUE(eventually([&] { return redis->dbsize() == 1; })) << harness->task_trace("users");
  EXPECT_EQ(redis->get("John.Smith"),
            R"({"firstName":"John","lastName":"Smith","age":30,"income":4830.0})");
}

TEST_F(ConnectData, SeedUserWithADoubleThroughAStream) {
  kafka->create_topic("redis-topic");
  kafka->produce("redis-topic", std::nullopt, kSeedUser);
  start(connector("users", "redis-topic",
                  "INSERT INTO users SELECT firstName, lastName, age, salary AS income FROM "
                  "redis-topic STOREAS Stream",
                  kWithSchemas));
  ASSERT_TRUE(eventually([&] { return redis->xrange("users").size() == 1; }))
      << harness->task_trace("users");
  auto entry = redis->xrange("users")[0];
  EXPECT_EQ(entry, (std::map<std::string, std::string>{
                       {"firstName", "John"}, {"lastName", "Smith"}, {"age", "30"},
                       {"income", "4830.0"}}));
}

}  // namespace
}  // namespace ksink::test
