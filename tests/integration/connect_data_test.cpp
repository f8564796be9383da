// Connect's data as Connect writes it, end to end into a real redis-server: the JsonConverter's
// envelopes with Connect's schema names (apache/kafka connect/json/.../JsonSchema.java), and
// connector files with Single Message Transforms (docs/transforms.md).
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

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

// A Debezium fixture (tests/unit/transforms/debezium_fixtures/): one change event as Debezium
// 2.x writes it with Kafka's JsonConverter.
std::string fixture(const std::string& name) {
  std::ifstream in(std::string(KSINK_SOURCE_DIR) + "/tests/unit/transforms/debezium_fixtures/" +
                   name);
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
  EXPECT_FALSE(text.empty()) << name;
  return text;
}

// Debezium -> Redis cache: the table's rows as keys, with Debezium's unwrap and the key's id.
ConfigMap debezium_cache(const ConfigMap& extra = {}) {
  ConfigMap c = {{"key.converter", "org.apache.kafka.connect.json.JsonConverter"},
                 {"key.converter.schemas.enable", "true"},
                 {"value.converter.schemas.enable", "true"},
                 {"transforms", "unwrap,id"},
                 {"transforms.unwrap.type", "io.debezium.transforms.ExtractNewRecordState"},
                 {"transforms.id.type", "org.apache.kafka.connect.transforms.ExtractField$Key"},
                 {"transforms.id.field", "id"}};
  for (const auto& [k, v] : extra) c[k] = v;
  return c;
}

constexpr const char* kCustomersTopic = "dbserver1.inventory.customers";
constexpr const char* kCustomersKcql =
    "INSERT INTO customer: SELECT * FROM dbserver1.inventory.customers PK _key";

TEST_F(ConnectData, DebeziumTableMirroredInRedisThroughUnwrap) {
  kafka->create_topic(kCustomersTopic);
  for (const char* e : {"mysql_read", "mysql_create", "mysql_update"})
    kafka->produce(kCustomersTopic, fixture(std::string(e) + ".key.json"),
                   fixture(std::string(e) + ".json"));
  start(connector("customers", kCustomersTopic, kCustomersKcql, debezium_cache()));
  const std::string updated =
      R"({"id":1005,"first_name":"Jane","last_name":"Roe","email":"jane.roe@example.com",)"
      R"("balance":300.0,"rating":3.25,"birth_date":7486,"created_at":1710062142123,)"
      R"("updated_at":"2024-03-11T12:00:05Z"})";
  // The update overwrote the row the create wrote.
  ASSERT_TRUE(eventually([&] { return redis->get("customer:1005") == updated; }))
      << harness->task_trace("customers") << redis->get("customer:1005").value_or("(none)");
  EXPECT_EQ(redis->get("customer:1001"),
            R"({"id":1001,"first_name":"Sally","last_name":"Thomas",)"
            R"("email":"sally.thomas@acme.com","balance":1520.75,"rating":4.5,)"
            R"("birth_date":5551,"created_at":1705314600000,"updated_at":"2024-01-15T10:30:00Z"})");

  // The delete, then the tombstone Debezium writes after it: the key goes, the rest stays.
  kafka->produce(kCustomersTopic, fixture("mysql_delete.key.json"), fixture("mysql_delete.json"));
  kafka->produce(kCustomersTopic, fixture("mysql_tombstone.key.json"), std::nullopt);
  ASSERT_TRUE(eventually([&] { return !redis->get("customer:1005").has_value(); }))
      << harness->task_trace("customers");
  EXPECT_EQ(redis->keys(), std::vector<std::string>{"customer:1001"});
  // Every event was acknowledged, the dropped tombstone included.
  EXPECT_TRUE(eventually([&] { return kafka->committed("connect-customers", kCustomersTopic)[0] == 5; }));
}

// A record a transform cannot handle is skipped under errors.tolerance=all and dead-lettered as
// it was read, with Connect's TRANSFORMATION stage and the transform's class.
TEST_F(ConnectData, TransformErrorIsDeadLetteredWithStageTransformation) {
  kafka->create_topic("t");
  kafka->create_topic("dlq");
  kafka->produce("t", std::string("k1"), R"({"user":{"id":"a"},"v":1})");
  kafka->produce("t", std::string("k2"), R"({"user":"not an object","v":2})", 0,
                 {{"origin", std::string("test")}});
  kafka->produce("t", std::string("k3"), R"({"user":{"id":"c"},"v":3})");
  start(connector("c", "t", "INSERT INTO u: SELECT * FROM t PK id",
                  {{"transforms", "flat,user"},
                   {"transforms.flat.type", "org.apache.kafka.connect.transforms.ExtractField$Value"},
                   {"transforms.flat.field", "user"},
                   {"transforms.user.type", "org.apache.kafka.connect.transforms.InsertField$Value"},
                   {"transforms.user.topic.field", "from"},
                   {"errors.tolerance", "all"},
                   {"errors.deadletterqueue.topic.name", "dlq"},
                   {"errors.deadletterqueue.context.headers.enable", "true"}}));
  ASSERT_TRUE(eventually([&] { return kafka->committed("connect-c", "t")[0] == 3; }))
      << harness->task_trace("c");
  EXPECT_EQ(redis->dbsize(), 2u);
  EXPECT_EQ(redis->get("u:a"), R"({"id":"a","from":"t"})");
  EXPECT_EQ(redis->get("u:c"), R"({"id":"c","from":"t"})");
  auto dlq = kafka->read_all("dlq");
  ASSERT_EQ(dlq.size(), 1u);
  EXPECT_EQ(dlq[0].key, "k2");
  EXPECT_EQ(dlq[0].value, R"({"user":"not an object","v":2})");
  EXPECT_EQ(dlq[0].headers["origin"], "test");
  EXPECT_EQ(dlq[0].headers["__connect.errors.topic"], "t");
  EXPECT_EQ(dlq[0].headers["__connect.errors.offset"], "1");
  EXPECT_EQ(dlq[0].headers["__connect.errors.stage"], "TRANSFORMATION");
  EXPECT_EQ(dlq[0].headers["__connect.errors.class.name"],
            "org.apache.kafka.connect.transforms.InsertField$Value");
  EXPECT_EQ(dlq[0].headers["__connect.errors.exception.class.name"],
            "org.apache.kafka.connect.errors.DataException");
  EXPECT_EQ(dlq[0].headers["__connect.errors.exception.message"],
            "transform 'user' (org.apache.kafka.connect.transforms.InsertField$Value) failed: "
            "Only Map objects supported in absence of schema for [field insertion], found: "
            "java.lang.String");
}

// errors.tolerance=none (the default): the task fails at the record, naming it and the
// transform; nothing from it on is committed.
TEST_F(ConnectData, TransformErrorFailsTheTaskByDefault) {
  kafka->create_topic("t");
  kafka->produce("t", std::nullopt, R"({"id":"a"})");
  kafka->produce("t", std::nullopt, R"("just text")");
  start(connector("c", "t", "SELECT * FROM t PK id",
                  {{"transforms", "ins"},
                   {"transforms.ins.type", "org.apache.kafka.connect.transforms.InsertField$Value"},
                   {"transforms.ins.static.field", "s"},
                   {"transforms.ins.static.value", "x"}}));
  ASSERT_TRUE(eventually([&] { return harness->task_trace("c").find("transform 'ins'") != std::string::npos; }))
      << harness->task_trace("c");
  EXPECT_EQ(harness->task_trace("c"),
            "topic 't' partition 0 offset 1: transform 'ins' "
            "(org.apache.kafka.connect.transforms.InsertField$Value) failed: Only Map objects "
            "supported in absence of schema for [field insertion], found: java.lang.String "
            "(errors.tolerance=none; set errors.tolerance=all to skip such records)");
  EXPECT_EQ(redis->get("a"), R"({"id":"a","s":"x"})");
  EXPECT_TRUE(eventually([&] { return kafka->committed("connect-c", "t")[0] == 1; }));
}

// A key made from the value, as most connector files do it: ValueToKey then ExtractField$Key.
TEST_F(ConnectData, KeyMadeFromTheValue) {
  kafka->create_topic("orders");
  kafka->produce("orders", std::nullopt, R"({"order_id":42,"total":9.5})");
  start(connector("o", "orders", "INSERT INTO order- SELECT total FROM orders PK _key",
                  {{"transforms", "toKey,idOnly"},
                   {"transforms.toKey.type", "org.apache.kafka.connect.transforms.ValueToKey"},
                   {"transforms.toKey.fields", "order_id"},
                   {"transforms.idOnly.type", "org.apache.kafka.connect.transforms.ExtractField$Key"},
                   {"transforms.idOnly.field", "order_id"}}));
  ASSERT_TRUE(eventually([&] { return redis->dbsize() == 1; })) << harness->task_trace("o");
  EXPECT_EQ(redis->get("order-42"), R"({"total":9.5})");
}

// An unknown class or a missing key is a start-up error naming the alias and the key.
TEST_F(ConnectData, BadTransformConfigurationIsAStartupError) {
  kafka->create_topic("t");
  auto s = harness->start(connector("bad", "t", "SELECT * FROM t PK id",
                                    {{"transforms", "x,y"},
                                     {"transforms.x.type", "com.example.MyTransform"},
                                     {"transforms.y.type",
                                      "org.apache.kafka.connect.transforms.ExtractField$Value"}}));
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("Invalid value com.example.MyTransform for configuration "
                                   "transforms.x.type: Class com.example.MyTransform could not be "
                                   "found (ksink has the transforms "),
            std::string::npos)
      << s.error().message;
  EXPECT_NE(s.error().message.find("Missing required configuration \"transforms.y.field\" which "
                                   "has no default value."),
            std::string::npos)
      << s.error().message;
}

// RegexRouter changes the topic KCQL's FROM matches, as in Connect; offsets stay those of the
// topic the records were read from.
TEST_F(ConnectData, RoutedTopicIsWhatKcqlReadsAndOffsetsStayTheOriginals) {
  kafka->create_topic("orders-2024");
  kafka->produce("orders-2024", std::nullopt, R"({"id":1,"total":9.5})");
  kafka->produce("orders-2024", std::nullopt, R"({"id":2,"total":3.0})");
  start(connector("r", "orders-2024", "INSERT INTO order: SELECT total, _topic AS t FROM orders PK id",
                  {{"transforms", "route"},
                   {"transforms.route.type", "org.apache.kafka.connect.transforms.RegexRouter"},
                   {"transforms.route.regex", "(orders)-\\d+"},
                   {"transforms.route.replacement", "$1"}}));
  ASSERT_TRUE(eventually([&] { return redis->dbsize() == 2; })) << harness->task_trace("r");
  EXPECT_EQ(redis->get("order:1"), R"({"total":9.5,"t":"orders"})");
  EXPECT_EQ(redis->get("order:2"), R"({"total":3.0,"t":"orders"})");
  EXPECT_TRUE(eventually([&] { return kafka->committed("connect-r", "orders-2024")[0] == 2; }));
}

// A predicate limits a transform to some records: Filter drops those with a header, and what
// it drops is acknowledged.
TEST_F(ConnectData, FilterWithAPredicateDropsOnlyMatchingRecords) {
  kafka->create_topic("t");
  kafka->produce("t", std::nullopt, R"({"id":"a"})");
  kafka->produce("t", std::nullopt, R"({"id":"b"})", 0, {{"replay", std::string("1")}});
  kafka->produce("t", std::nullopt, R"({"id":"c"})");
  start(connector("f", "t", "SELECT * FROM t PK id",
                  {{"transforms", "skipReplays"},
                   {"transforms.skipReplays.type", "org.apache.kafka.connect.transforms.Filter"},
                   {"transforms.skipReplays.predicate", "isReplay"},
                   {"predicates", "isReplay"},
                   {"predicates.isReplay.type",
                    "org.apache.kafka.connect.transforms.predicates.HasHeaderKey"},
                   {"predicates.isReplay.name", "replay"}}));
  ASSERT_TRUE(eventually([&] { return kafka->committed("connect-f", "t")[0] == 3; }))
      << harness->task_trace("f");
  EXPECT_EQ(redis->keys(), (std::vector<std::string>{"a", "c"}));
}

}  // namespace
}  // namespace ksink::test
