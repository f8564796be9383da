// MaskField$Key / $Value, after Kafka's
// connect/transforms/src/test/java/org/apache/kafka/connect/transforms/MaskFieldTest.java
// (its Byte/Short/Integer/Long values are ksink's Int, Float/Double its Double, BigInteger and
// BigDecimal its Decimal, Date an Int).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "unit/transforms/harness.h"

namespace ksink::transforms::testing {
namespace {

using ::testing::ElementsAre;
using V = TransformChain::Verdict;

const std::string kKey = "org.apache.kafka.connect.transforms.MaskField$Key";
const std::string kValue = "org.apache.kafka.connect.transforms.MaskField$Value";

const Object kValues{{"magic", 42},
                     {"bool", true},
                     {"int", 42},
                     {"double", 42.0},
                     {"string", "55.121.20.20"},
                     {"date", 1700000000000},
                     {"bigdec", Decimal{"42.0"}},
                     {"list", Array{42}},
                     {"map", Object{{"key", "value"}}},
                     {"bytes", Bytes{"\x01\x02"}}};

Applied run(const std::string& cls, const ConfigMap& settings, Value key, Value value) {
  auto chain = build_chain(one_transform(cls, settings));
  EXPECT_TRUE(chain);
  return apply(*chain, record(std::move(key), std::move(value)));
}

TEST(MaskField, Schemaless) {
  auto a =
      run(kValue, {{"fields", "bool,int,double,string,date,bigdec,list,map"}}, Value(), kValues);
  EXPECT_EQ(a.verdict, V::Keep) << a.error;
  EXPECT_EQ(a.record.value, Value(Object{{"magic", 42},
                                         {"bool", false},
                                         {"int", 0},
                                         {"double", 0.0},
                                         {"string", ""},
                                         {"date", 0},
                                         {"bigdec", Decimal{"0"}},
                                         {"list", Array{}},
                                         {"map", Object{}},
                                         {"bytes", Bytes{"\x01\x02"}}}));
}

TEST(MaskField, SchemalessWithReplacement) {
  struct Case {
    const char* field;
    const char* replacement;
    Value expected;
  } cases[] = {
      {"int", "123", Value(123)},
      {"double", "123.0", Value(123.0)},
      {"string", "123", Value("123")},
      {"bigdec", "123.0", Value(Decimal{"123.0"})},
      // Values.convertToLong reads through BigDecimal.
      {"int", "1.9", Value(1)},
      {"int", "1e3", Value(1000)},
      {"double", "-2.5E-1", Value(-0.25)},
      {"bigdec", "1.5E+2", Value(Decimal{"150"})},
  };
  for (const auto& c : cases) {
    auto a = run(kValue, {{"fields", c.field}, {"replacement", c.replacement}}, Value(), kValues);
    ASSERT_EQ(a.verdict, V::Keep) << c.field << ": " << a.error;
    EXPECT_EQ(*a.record.value.find(c.field), c.expected) << c.field << " " << c.replacement;
  }
}

TEST(MaskField, UnsupportedAndMismatchedReplacements) {
  const std::tuple<const char*, const char*, const char*> cases[] = {
      {"bool", "false",
       "Cannot mask value of type class java.lang.Boolean with custom replacement."},
      {"list", "123",
       "Cannot mask value of type class java.util.ArrayList with custom replacement."},
      {"map", "123", "Cannot mask value of type class java.util.HashMap with custom replacement."},
      {"int", "foo", "Unable to convert foo (class java.lang.String) to a number"},
      {"double", "foo", "Unable to convert foo (class java.lang.String) to a number"},
      {"bigdec", "foo", "Unable to convert foo (class java.lang.String) to number"},
      {"string,int", "foo", "Unable to convert foo (class java.lang.String) to a number"},
  };
  for (const auto& [fields, replacement, message] : cases) {
    auto a = run(kValue, {{"fields", fields}, {"replacement", replacement}}, Value(), kValues);
    EXPECT_EQ(a.verdict, V::Fail) << fields;
    EXPECT_EQ(a.error, message) << fields;
  }
  auto a = run(kValue, {{"fields", "bytes"}}, Value(), kValues);
  EXPECT_EQ(a.verdict, V::Fail);
  EXPECT_EQ(a.error, "Cannot mask value of type: class [B");
}

TEST(MaskField, NullsAndMissingFields) {
  auto a = run(kKey, {{"fields", "a,missing"}}, Object{{"a", nullptr}, {"b", 1}}, Value());
  EXPECT_EQ(a.record.key, Value(Object{{"a", nullptr}, {"b", 1}, {"missing", nullptr}}));
  a = run(kValue, {{"fields", "a"}}, Value(), Value());
  EXPECT_EQ(a.verdict, V::Fail);
  EXPECT_EQ(a.error,
            "Only Map objects supported in absence of schema for [mask fields], found: null");
}

TEST(MaskField, ConfigErrors) {
  EXPECT_THAT(problems_of(one_transform(kValue, {{"fields", "short"}, {"replacement", ""}})),
              ElementsAre("transforms.t.replacement: Invalid value  for configuration "
                          "transforms.t.replacement: String must be non-empty"));
  EXPECT_THAT(problems_of(one_transform(kValue, {{"fields", ""}})),
              ElementsAre("transforms.t.fields: Invalid value [] for configuration "
                          "transforms.t.fields: Empty list"));
  EXPECT_THAT(problems_of(one_transform(kValue)),
              ElementsAre("transforms.t.fields: Missing required configuration "
                          "\"transforms.t.fields\" which has no default value."));
}

}  // namespace
}  // namespace ksink::transforms::testing
