// InsertField$Key / $Value, after Kafka's
// connect/transforms/src/test/java/org/apache/kafka/connect/transforms/InsertFieldTest.java.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "unit/transforms/harness.h"

namespace ksink::transforms::testing {
namespace {

using ::testing::ElementsAre;
using V = TransformChain::Verdict;

const std::string kKey = "org.apache.kafka.connect.transforms.InsertField$Key";
const std::string kValue = "org.apache.kafka.connect.transforms.InsertField$Value";

const ConfigMap kAll{{"topic.field", "topic_field!"},
                     {"partition.field", "partition_field"},
                     {"timestamp.field", "timestamp_field?"},
                     {"static.field", "instance_id"},
                     {"static.value", "my-instance-id"}};

TEST(InsertField, SchemalessInsertConfiguredFields) {
  auto chain = build_chain(one_transform(kValue, kAll));
  auto a = apply(*chain, record(Value(), Object{{"magic", 42}}, "test", 0, 5, 123));
  EXPECT_EQ(a.record.value, Value(Object{{"magic", 42},
                                         {"topic_field", "test"},
                                         {"partition_field", 0},
                                         {"timestamp_field", 123},
                                         {"instance_id", "my-instance-id"}}));
}

TEST(InsertField, OffsetAndOrder) {
  ConfigMap s = kAll;
  s["offset.field"] = "offset_field";
  auto chain = build_chain(one_transform(kValue, s));
  auto a = apply(*chain, record(Value(), Object{{"instance_id", "old"}, {"x", 1}}, "t", 3, 77, -1));
  // An existing field takes the new value where it stands; the rest follow in Kafka's order.
  // No record timestamp: no timestamp field (InsertField.java puts it only when there is one).
  EXPECT_EQ(a.record.value, Value(Object{{"instance_id", "my-instance-id"},
                                         {"x", 1},
                                         {"topic_field", "t"},
                                         {"partition_field", 3},
                                         {"offset_field", 77}}));
}

TEST(InsertField, TombstonesPassUnchanged) {
  // insertConfiguredFieldsIntoTombstoneEventWithoutSchemaLeavesValueUnchanged
  auto chain = build_chain(one_transform(kValue, kAll));
  auto a = apply(*chain, record(Value(), Value(), "test", 0, 0, 123));
  EXPECT_EQ(a.verdict, V::Keep);
  EXPECT_TRUE(a.record.value.is_null());
  // insertKeyFieldsIntoTombstoneEvent
  chain = build_chain(one_transform(kKey, kAll));
  a = apply(*chain, record(Object{{"magic", 42}}, Value(), "test", 0, 0, -1));
  EXPECT_EQ(a.record.key, Value(Object{{"magic", 42},
                                       {"topic_field", "test"},
                                       {"partition_field", 0},
                                       {"instance_id", "my-instance-id"}}));
  EXPECT_TRUE(a.record.value.is_null());
  // insertIntoNullKeyLeavesRecordUnchanged
  a = apply(*chain, record(Value(), Object{{"magic", 42}}));
  EXPECT_TRUE(a.record.key.is_null());
  EXPECT_EQ(a.record.value, Value(Object{{"magic", 42}}));
}

TEST(InsertField, TopLevelObjectRequired) {
  auto chain = build_chain(one_transform(kValue, {{"topic.field", "topic_field"}}));
  auto a = apply(*chain, record(Value(), Value(42)));
  EXPECT_EQ(a.verdict, V::Fail);
  EXPECT_EQ(a.error,
            "Only Map objects supported in absence of schema for [field insertion], found: "
            "java.lang.Long");
}

TEST(InsertField, ConfigErrors) {
  EXPECT_THAT(problems_of(one_transform(kValue)),
              ElementsAre("transforms.t.type: No field insertion configured"));
  EXPECT_THAT(problems_of(one_transform(kValue, {{"static.field", "s"}})),
              ElementsAre("transforms.t.static.value: Invalid value null for configuration "
                          "transforms.t.static.value: No value specified for static field: s"));
}

}  // namespace
}  // namespace ksink::transforms::testing
