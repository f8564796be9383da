// Flatten$Key / $Value, after Kafka's
// connect/transforms/src/test/java/org/apache/kafka/connect/transforms/FlattenTest.java.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "unit/transforms/harness.h"

namespace ksink::transforms::testing {
namespace {

using V = TransformChain::Verdict;

const std::string kKey = "org.apache.kafka.connect.transforms.Flatten$Key";
const std::string kValue = "org.apache.kafka.connect.transforms.Flatten$Value";

Applied flatten_value(const ConfigMap& settings, Value value) {
  auto chain = build_chain(one_transform(kValue, settings));
  EXPECT_TRUE(chain);
  return apply(*chain, record(Value(), std::move(value)));
}

TEST(Flatten, Cases) {
  const Object supported{
      {"int64", 64},         {"float64", 64.0},         {"boolean", true},
      {"string", "stringy"}, {"bytes", Bytes{"bytes"}}, {"decimal", Decimal{"1.50"}}};
  struct Case {
    const char* name;
    ConfigMap settings;
    Value in;
    Value out;
  } cases[] = {
      {"testNestedMapWithDelimiter",
       {{"delimiter", "#"}},
       Object{{"A", Object{{"B", supported}}}},
       Object{{"A#B#int64", 64},
              {"A#B#float64", 64.0},
              {"A#B#boolean", true},
              {"A#B#string", "stringy"},
              {"A#B#bytes", Bytes{"bytes"}},
              {"A#B#decimal", Decimal{"1.50"}}}},
      {"testOptionalFieldMap",
       {},
       Object{{"B", Object{{"opt_int32", nullptr}}}},
       Object{{"B.opt_int32", nullptr}}},
      {"testSchemalessArray: arrays are kept as they are",
       {},
       Object{{"foo", Array{"bar", Object{{"baz", Object{{"lfg", "lfg"}}}}}}},
       Object{{"foo", Array{"bar", Object{{"baz", Object{{"lfg", "lfg"}}}}}}}},
      {"testMapWithNullFields",
       {},
       Object{{"firstNull", nullptr},
              {"firstNonNull", "nonNull"},
              {"secondNull", nullptr},
              {"secondNonNull", "alsoNonNull"},
              {"thirdNonNull", nullptr}},
       Object{{"firstNull", nullptr},
              {"firstNonNull", "nonNull"},
              {"secondNull", nullptr},
              {"secondNonNull", "alsoNonNull"},
              {"thirdNonNull", nullptr}}},
      {"an empty nested object leaves nothing",
       {},
       Object{{"a", 1}, {"e", Object{}}},
       Object{{"a", 1}}},
      {"a name met twice keeps the later value where it first stood",
       {},
       Object{{"a.b", 1}, {"c", 2}, {"a", Object{{"b", 3}}}},
       Object{{"a.b", 3}, {"c", 2}}},
      {"order is kept across levels",
       {{"delimiter", "_"}},
       Object{{"x", 1}, {"y", Object{{"p", 2}, {"q", Object{{"r", 3}}}}}, {"z", 4}},
       Object{{"x", 1}, {"y_p", 2}, {"y_q_r", 3}, {"z", 4}}},
  };
  for (const auto& c : cases) {
    auto a = flatten_value(c.settings, c.in);
    EXPECT_EQ(a.verdict, V::Keep) << c.name << ": " << a.error;
    EXPECT_EQ(a.record.value, c.out) << c.name;
  }
}

TEST(Flatten, KeyVariant) {
  // testKey
  auto chain = build_chain(one_transform(kKey));
  auto a = apply(*chain, record(Object{{"A", Object{{"B", 12}}}}, Value()));
  EXPECT_EQ(a.record.key, Value(Object{{"A.B", 12}}));
}

TEST(Flatten, TombstonePassesAndTopLevelMapRequired) {
  // tombstoneEventWithoutSchemaShouldPassThrough
  auto a = flatten_value({}, Value());
  EXPECT_EQ(a.verdict, V::Keep);
  EXPECT_TRUE(a.record.value.is_null());
  // topLevelMapRequired
  a = flatten_value({}, Value(42));
  EXPECT_EQ(a.verdict, V::Fail);
  EXPECT_EQ(a.error,
            "Only Map objects supported in absence of schema for [flattening], found: "
            "java.lang.Long");
}

}  // namespace
}  // namespace ksink::transforms::testing
