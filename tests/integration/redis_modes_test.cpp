// Every storage mode of the Redis sink, end to end: records into the embedded Kafka, a connector
// running, and what Redis holds afterwards.
#include <gtest/gtest.h>

#include "integration/fixtures/redis_pipeline.h"

namespace ksink::test {
namespace {

using RedisModes = RedisPipelineTest;

TEST_F(RedisModes, CacheModeSetsOneKeyPerPkWithSelectedFields) {
  kafka->create_topic("yahoo-fx");
  kafka->produce("yahoo-fx", std::nullopt, R"({"symbol":"USDGBP","price":0.7943,"ts":1})");
  kafka->produce("yahoo-fx", std::nullopt, R"({"symbol":"EURGBP","price":0.8597,"ts":2})");
  start(connector("fx", "yahoo-fx", "SELECT price FROM yahoo-fx PK symbol"));
  ASSERT_TRUE(eventually([&] { return redis->dbsize() == 2; }));
  EXPECT_EQ(redis->get("USDGBP"), R"({"price":0.7943})");
  EXPECT_EQ(redis->get("EURGBP"), R"({"price":0.8597})");
}

TEST_F(RedisModes, CacheModeWithPrefixSeveralPksDelimiterAndTtl) {
  kafka->create_topic("people");
  kafka->produce("people", std::nullopt,
                 R"({"firstName":"John","lastName":"Smith","age":30,"child":{"firstName":"Ann"}})");
  start(connector("people", "people",
                  "INSERT INTO person: SELECT * FROM people PK firstName, child.firstName TTL = 300",
                  {{"connect.redis.pk.delimiter", "|"}}));
  ASSERT_TRUE(eventually([&] { return redis->dbsize() == 1; }));
  EXPECT_EQ(redis->get("person:John|Ann"),
            R"({"firstName":"John","lastName":"Smith","age":30,"child":{"firstName":"Ann"}})");
  int ttl = std::stoi(redis->command({"TTL", "person:John|Ann"}));
  EXPECT_GT(ttl, 250);
  EXPECT_LE(ttl, 300);
}

TEST_F(RedisModes, KeyDelimiterClauseOverridesTheConnectorDelimiter) {
  kafka->create_topic("t");
  kafka->produce("t", std::nullopt, R"({"a":"x","b":7,"v":true})");
  start(connector("kd", "t", "INSERT INTO k- SELECT v FROM t PK a, b KEYDELIMITER = '/'"));
  ASSERT_TRUE(eventually([&] { return redis->dbsize() == 1; }));
  EXPECT_EQ(redis->get("k-x/7"), R"({"v":true})");
}

TEST_F(RedisModes, OneSortedSetScoredByAField) {
  kafka->create_topic("cpuTopic");
  kafka->produce("cpuTopic", std::nullopt, R"({"type":"a","temperature":21.5,"timestamp":100})");
  kafka->produce("cpuTopic", std::nullopt, R"({"type":"b","temperature":22,"timestamp":50})");
  start(connector("cpu", "cpuTopic",
                  "INSERT INTO cpu_stats SELECT * FROM cpuTopic STOREAS SortedSet(score=timestamp)"));
  ASSERT_TRUE(eventually([&] { return redis->zrange("cpu_stats").size() == 2; }));
  auto z = redis->zrange("cpu_stats");
  EXPECT_EQ(z[0].first, R"({"type":"b","temperature":22,"timestamp":50})");
  EXPECT_EQ(z[0].second, "50");
  EXPECT_EQ(z[1].first, R"({"type":"a","temperature":21.5,"timestamp":100})");
  EXPECT_EQ(z[1].second, "100");
}

// `PK _key` is the whole key as text, also when the key is a JSON object.
TEST_F(RedisModes, WholeKeyAsThePkEvenWhenItIsAnObject) {
  kafka->create_topic("t");
  kafka->produce("t", std::string(R"({"region":"eu", "n":7})"), R"({"v":1})");
  kafka->produce("t", std::string("plain-key"), R"({"v":2})");
  start(connector("wk", "t", "INSERT INTO k: SELECT v FROM t PK _key"));
  ASSERT_TRUE(eventually([&] { return redis->dbsize() == 2; })) << harness->task_trace("wk", 0);
  EXPECT_EQ(redis->get(R"(k:{"region":"eu","n":7})"), R"({"v":1})");
  EXPECT_EQ(redis->get("k:plain-key"), R"({"v":2})");
}

// The key is converted when only a STOREAS parameter reads it.
TEST_F(RedisModes, SortedSetScoredByAFieldOfTheKey) {
  kafka->create_topic("t");
  kafka->produce("t", std::string(R"({"ts":51})"), R"({"id":"a"})");
  kafka->produce("t", std::string(R"({"ts":52})"), R"({"id":"b"})");
  start(connector("zk", "t", "INSERT INTO zs SELECT id FROM t STOREAS SortedSet(score=_key.ts)"));
  ASSERT_TRUE(eventually([&] { return redis->zrange("zs").size() == 2; }))
      << harness->task_trace("zk", 0);
  auto z = redis->zrange("zs");
  EXPECT_EQ(z[0], (std::pair<std::string, std::string>{R"({"id":"a"})", "51"}));
  EXPECT_EQ(z[1], (std::pair<std::string, std::string>{R"({"id":"b"})", "52"}));
}

TEST_F(RedisModes, MultipleSortedSetsOnePerPkWithTheScoreInTheMember) {
  kafka->create_topic("sensorsTopic");
  kafka->produce("sensorsTopic", std::nullopt,
                 R"({"sensorID":"s1","temperature":20,"humidity":40,"timestamp":1000})");
  kafka->produce("sensorsTopic", std::nullopt,
                 R"({"sensorID":"s2","temperature":25,"humidity":45,"timestamp":"1001"})");
  start(connector("sensors", "sensorsTopic",
                  "INSERT INTO cpu_stats SELECT temperature, humidity FROM sensorsTopic PK sensorID "
                  "STOREAS SortedSet(score=timestamp)"));
  ASSERT_TRUE(eventually([&] { return redis->dbsize() == 2; }));
  auto s1 = redis->zrange("cpu_stats:s1");
  auto s1_plain = redis->zrange("cpu_statss1");
  // The key is the prefix followed directly by the PK value, as Stream Reactor builds it.
  ASSERT_EQ(s1_plain.size(), 1u);
  EXPECT_EQ(s1_plain[0].first, R"({"temperature":20,"humidity":40,"timestamp":1000})");
  EXPECT_EQ(s1_plain[0].second, "1000");
  auto s2 = redis->zrange("cpu_statss2");
  ASSERT_EQ(s2.size(), 1u);
  EXPECT_EQ(s2[0].second, "1001");
  EXPECT_TRUE(s1.empty());
}

TEST_F(RedisModes, GeoAddStoresMembersAtTheirCoordinates) {
  kafka->create_topic("addressTopic");
  kafka->produce("addressTopic", std::nullopt,
                 R"({"country":"UK","town":"London","lng":-0.1278,"lat":51.5074})");
  start(connector("geo", "addressTopic",
                  "INSERT INTO cities: SELECT town FROM addressTopic PK country STOREAS GeoAdd "
                  "(longitudeField=lng, latitudeField=lat)"));
  ASSERT_TRUE(eventually([&] { return redis->dbsize() == 1; }));
  EXPECT_EQ(redis->command({"ZRANGE", "cities:UK", "0", "-1"}), R"({"town":"London"})");
  std::string pos = redis->command({"GEOPOS", "cities:UK", R"({"town":"London"})"});
  EXPECT_EQ(pos.substr(0, 7), "-0.1277") << pos;
}

TEST_F(RedisModes, PubSubPublishesToTheChannelNamedByAField) {
  kafka->create_topic("cpuTopic");
  // A subscriber connected before the records flow.
  redisContext* sub = redisConnect("127.0.0.1", redis->port());
  ASSERT_TRUE(sub && !sub->err);
  freeReplyObject(redisCommand(sub, "SUBSCRIBE alpha"));
  start(connector("ps", "cpuTopic", "SELECT * FROM cpuTopic STOREAS PubSub (channel=type)"));
  kafka->produce("cpuTopic", std::nullopt, R"({"type":"alpha","v":1})");
  void* reply = nullptr;
  ASSERT_EQ(redisGetReply(sub, &reply), REDIS_OK);
  auto* r = static_cast<redisReply*>(reply);
  ASSERT_EQ(r->elements, 3u);
  EXPECT_EQ(std::string(r->element[1]->str), "alpha");
  EXPECT_EQ(std::string(r->element[2]->str), R"({"type":"alpha","v":1})");
  freeReplyObject(r);
  redisFree(sub);
}

TEST_F(RedisModes, StreamAddsEntriesWithFieldsAsTextAndTrimsToMaxlen) {
  kafka->create_topic("redis");
  kafka->produce("redis", std::nullopt,
                 R"({"name":"a","salary":4830.0,"age":30,"tags":["x"],"none":null})");
  start(connector("st", "redis", "INSERT INTO lenses SELECT * FROM redis STOREAS STREAM(maxlen=100)"));
  ASSERT_TRUE(eventually([&] { return redis->xrange("lenses").size() == 1; }));
  auto entry = redis->xrange("lenses")[0];
  EXPECT_EQ(entry["name"], "a");
  EXPECT_EQ(entry["salary"], "4830.0");
  EXPECT_EQ(entry["age"], "30");
  EXPECT_EQ(entry["tags"], R"(["x"])");
  EXPECT_EQ(entry["none"], "");
}

TEST_F(RedisModes, SeveralStatementsWithDifferentModesAndTopicsInOneConnector) {
  kafka->create_topic("fx");
  kafka->create_topic("cpu");
  kafka->produce("fx", std::nullopt, R"({"symbol":"USDGBP","price":0.79})");
  kafka->produce("cpu", std::nullopt, R"({"host":"h1","load":3,"timestamp":7})");
  start(connector("mixed", "fx,cpu",
                  "SELECT price FROM fx PK symbol; "
                  "INSERT INTO loads SELECT host, load FROM cpu STOREAS SortedSet(score=timestamp); "
                  "INSERT INTO cpu-stream SELECT * FROM cpu STOREAS Stream"));
  ASSERT_TRUE(eventually([&] { return redis->dbsize() == 3; }));
  EXPECT_EQ(redis->get("USDGBP"), R"({"price":0.79})");
  auto z = redis->zrange("loads");
  ASSERT_EQ(z.size(), 1u);
  EXPECT_EQ(z[0].first, R"({"host":"h1","load":3})");
  EXPECT_EQ(z[0].second, "7");
  EXPECT_EQ(redis->xrange("cpu-stream").size(), 1u);
}

TEST_F(RedisModes, MetadataPathsBuildKeysAndFields) {
  kafka->create_topic("events", 2);
  kafka->produce("events", std::string("k1"), R"({"v":1})", 1, {{"trace", std::string("abc")}});
  start(connector("meta", "events",
                  "INSERT INTO ev: SELECT v, _topic AS t, _partition AS p, _offset AS o, "
                  "_header.trace AS trace FROM events PK _key"));
  ASSERT_TRUE(eventually([&] { return redis->dbsize() == 1; }));
  EXPECT_EQ(redis->get("ev:k1"), R"({"v":1,"t":"events","p":1,"o":0,"trace":"abc"})");
}

TEST_F(RedisModes, TombstoneDeletesTheCachedKey) {
  kafka->create_topic("t");
  kafka->produce("t", std::string("a"), R"({"v":1})");
  start(connector("tomb", "t", "SELECT * FROM t PK _key"));
  ASSERT_TRUE(eventually([&] { return redis->get("a").has_value(); }));
  kafka->produce("t", std::string("a"), std::nullopt);
  EXPECT_TRUE(eventually([&] { return !redis->get("a").has_value(); }));
}

TEST_F(RedisModes, CommitsTheOffsetsOfWrittenRecords) {
  kafka->create_topic("t", 2);
  for (int i = 0; i < 5; ++i)
    kafka->produce("t", std::nullopt, R"({"id":)" + std::to_string(i) + "}", i % 2);
  start(connector("c", "t", "SELECT * FROM t PK id"));
  ASSERT_TRUE(eventually([&] { return redis->dbsize() == 5; }));
  EXPECT_TRUE(eventually([&] {
    auto c = kafka->committed("connect-c", "t", 2);
    return c[0] == 3 && c[1] == 2;
  }));
}

}  // namespace
}  // namespace ksink::test
