// Avro end to end: lines through `ksink produce` (schema registered in the development Schema
// Registry), the AvroConverter in a running connector, and exactly what Redis then holds.
#include <gtest/gtest.h>

#include "integration/fixtures/avro_pipeline.h"
#include "support/avro_everything_schema.h"

namespace ksink::test {
namespace {

using AvroTypes = AvroPipelineTest;

// The Redis seed guide's User schema and record (docs/redis-sink.md, the seed's example).
const std::string kUser =
    R"({"type":"record","name":"User","fields":[{"name":"firstName","type":"string"},)"
    R"({"name":"lastName","type":"string"},{"name":"age","type":"int"},)"
    R"({"name":"salary","type":"double"}]})";

TEST_F(AvroTypes, TheSeedQuickStartYieldsTheDocumentedKeyAndValue) {
  kafka->create_topic("redis-topic");
  auto p = produce("redis-topic", kUser,
                   {R"({"firstName": "John", "lastName": "Smith", "age":30, "salary": 4830})"});
  ASSERT_EQ(p.exit_code, 0) << p.output;
  start(avro_connector("redis-sink", "redis-topic",
                       "SELECT firstName, lastName, age, salary AS income FROM redis-topic PK "
                       "firstName, lastName"));
  ASSERT_TRUE(eventually([&] { return redis->get("John.Smith").has_value(); }))
      << harness->task_trace("redis-sink");
  EXPECT_EQ(redis->get("John.Smith"),
            R"({"firstName":"John","lastName":"Smith","age":30,"income":4830.0})");
  EXPECT_EQ(redis->keys(), std::vector<std::string>{"John.Smith"});
  EXPECT_TRUE(
      eventually([&] { return kafka->committed("connect-redis-sink", "redis-topic")[0] == 1; }));
}

const std::string kEverything = kEverythingAvroSchema;

TEST_F(AvroTypes, EveryTypeAndLogicalTypeReachesRedisTyped) {
  kafka->create_topic("everything");
  auto p = produce(
      "everything", kEverything,
      {R"({"id":"e1","flag":true,"count":-7,"big":9007199254740993,"ratio":0.1,"salary":4830,)"
       R"("raw":"\u0000\u00ffA","nothing":null,"color":"GREEN","hash":"abcd",)"
       R"("address":{"city":"Paris","geo":{"lat":48.85,"lon":2.35}},"tags":["a","b"],)"
       R"("scores":{"x":1,"y":2},"nickname":"Johnny",)"
       R"("choice":{"com.acme.Address":{"city":"Oslo","geo":{"lat":59.9,"lon":10.7}}},)"
       R"("price":12.34,"amount":-1.5,"birthday":19000,"alarm":3600000,"alarm_us":3600000123,)"
       R"("created":1700000000123,"created_us":1700000000123456,)"
       R"("uid":"123e4567-e89b-12d3-a456-426614174000"})",
       R"({"id":"e2","flag":false,"count":2147483647,"big":-1,"ratio":-2.5,"salary":0.5,)"
       R"("raw":"","nothing":null,"color":"BLUE","hash":"\u0000\u0001\u0002\u0003",)"
       R"("address":{"city":"","geo":{"lat":-90,"lon":180}},"tags":[],"scores":{},)"
       R"("nickname":null,"middle":{"string":"Q"},"choice":{"int":5},"price":"\u0004\u00d2",)"
       R"("amount":0,"birthday":-1,"alarm":0,"alarm_us":0,"created":-1,"created_us":-1,)"
       R"("uid":"00000000-0000-0000-0000-000000000000"})",
       R"({"id":"e3","flag":true,"count":0,"big":0,"ratio":3.25,"salary":1234.5,"raw":"x",)"
       R"("nothing":null,"color":"RED","hash":"wxyz","address":{"city":"c","geo":{"lat":0,)"
       R"("lon":0}},"tags":["only"],"scores":{"z":-3},"nickname":{"string":"N"},)"
       R"("choice":{"string":"text"},"price":-0.01,"amount":99999999999999.9999,)"
       R"("birthday":0,"alarm":86399999,"alarm_us":86399999999,"created":0,)"
       R"("created_us":-1001,"uid":"ffffffff-ffff-ffff-ffff-ffffffffffff"})"});
  ASSERT_EQ(p.exit_code, 0) << p.output;
  start(avro_connector("all", "everything", "SELECT * FROM everything PK id"));
  ASSERT_TRUE(eventually([&] { return redis->dbsize() == 3; })) << harness->task_trace("all");
  EXPECT_EQ(
      redis->get("e1"),
      R"({"id":"e1","flag":true,"count":-7,"big":9007199254740993,"ratio":0.1,"salary":4830.0,)"
      R"("raw":"AP9B","nothing":null,"color":"GREEN","hash":"YWJjZA==",)"
      R"("address":{"city":"Paris","geo":{"lat":48.85,"lon":2.35}},"tags":["a","b"],)"
      R"("scores":{"x":1,"y":2},"nickname":"Johnny","middle":null,)"
      R"("choice":{"city":"Oslo","geo":{"lat":59.9,"lon":10.7}},"price":12.34,"amount":-1.5000,)"
      R"("birthday":19000,"alarm":3600000,"alarm_us":3600000123,"created":1700000000123,)"
      R"("created_us":1700000000123,"uid":"123e4567-e89b-12d3-a456-426614174000"})");
  EXPECT_EQ(
      redis->get("e2"),
      R"({"id":"e2","flag":false,"count":2147483647,"big":-1,"ratio":-2.5,"salary":0.5,)"
      R"("raw":"","nothing":null,"color":"BLUE","hash":"AAECAw==",)"
      R"("address":{"city":"","geo":{"lat":-90.0,"lon":180.0}},"tags":[],"scores":{},)"
      R"("nickname":null,"middle":"Q","choice":5,"price":12.34,"amount":0.0000,"birthday":-1,)"
      R"("alarm":0,"alarm_us":0,"created":-1,"created_us":-1,)"
      R"("uid":"00000000-0000-0000-0000-000000000000"})");
  EXPECT_EQ(
      redis->get("e3"),
      R"({"id":"e3","flag":true,"count":0,"big":0,"ratio":3.25,"salary":1234.5,"raw":"eA==",)"
      R"("nothing":null,"color":"RED","hash":"d3h5eg==","address":{"city":"c","geo":{"lat":0.0,)"
      R"("lon":0.0}},"tags":["only"],"scores":{"z":-3},"nickname":"N","middle":null,)"
      R"("choice":"text","price":-0.01,"amount":99999999999999.9999,"birthday":0,)"
      R"("alarm":86399999,"alarm_us":86399999999,"created":0,"created_us":-2,)"
      R"("uid":"ffffffff-ffff-ffff-ffff-ffffffffffff"})");
}

TEST_F(AvroTypes, StreamFieldsAndScoresUseTheTypedValues) {
  kafka->create_topic("prices");
  const std::string schema =
      R"({"type":"record","name":"Tick","fields":[{"name":"sym","type":"string"},)"
      R"({"name":"px","type":"double"},{"name":"ts","type":{"type":"long",)"
      R"("logicalType":"timestamp-millis"}},{"name":"qty","type":{"type":"bytes",)"
      R"("logicalType":"decimal","precision":6,"scale":3}}]})";
  auto p = produce("prices", schema, {R"({"sym":"ACME","px":101,"ts":1700000000000,"qty":1.5})"});
  ASSERT_EQ(p.exit_code, 0) << p.output;
  start(avro_connector("st", "prices",
                       "INSERT INTO ticks SELECT * FROM prices STOREAS STREAM; INSERT INTO by_ts "
                       "SELECT sym FROM prices STOREAS SortedSet(score=ts)"));
  ASSERT_TRUE(eventually([&] { return redis->xrange("ticks").size() == 1; }))
      << harness->task_trace("st");
  auto entry = redis->xrange("ticks")[0];
  EXPECT_EQ(entry["sym"], "ACME");
  EXPECT_EQ(entry["px"], "101.0");
  EXPECT_EQ(entry["ts"], "1700000000000");
  EXPECT_EQ(entry["qty"], "1.500");
  ASSERT_TRUE(eventually([&] { return redis->zrange("by_ts").size() == 1; }));
  EXPECT_EQ(redis->zrange("by_ts")[0].second, "1700000000000");
}

TEST_F(AvroTypes, AvroKeysThroughTheKeyConverter) {
  kafka->create_topic("users");
  const std::string key_schema =
      R"({"type":"record","name":"UserKey","fields":[{"name":"id","type":"long"}]})";
  int key_id = register_schema("users-key", key_schema);
  int value_id = register_schema("users-value", kUser);
  kafka->produce(
      "users", wire(key_id, key_schema, R"({"id":7})"),
      wire(value_id, kUser, R"({"firstName":"John","lastName":"Smith","age":30,"salary":1})"));
  start(avro_connector("keys", "users",
                       "INSERT INTO user: SELECT firstName, age FROM users PK _key.id",
                       {{"key.converter", "io.confluent.connect.avro.AvroConverter"},
                        {"key.converter.schema.registry.url", registry->url()}}));
  ASSERT_TRUE(eventually([&] { return redis->get("user:7").has_value(); }))
      << harness->task_trace("keys");
  EXPECT_EQ(redis->get("user:7"), R"({"firstName":"John","age":30})");
}

}  // namespace
}  // namespace ksink::test
