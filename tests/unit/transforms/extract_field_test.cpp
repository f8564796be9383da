// ExtractField$Key / $Value, after Kafka's
// connect/transforms/src/test/java/org/apache/kafka/connect/transforms/ExtractFieldTest.java
// (schemaless cases; the schema cases map onto the same values).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "unit/transforms/harness.h"

namespace ksink::transforms::testing {
namespace {

using ::testing::ElementsAre;
using V = TransformChain::Verdict;

const std::string kKey = "org.apache.kafka.connect.transforms.ExtractField$Key";
const std::string kValue = "org.apache.kafka.connect.transforms.ExtractField$Value";

struct Case {
  const char* name;
  ConfigMap settings;
  Value key;
  Value expected;
};

TEST(ExtractField, KeyCases) {
  const Case cases[] = {
      {"schemaless", {{"field", "magic"}}, Object{{"magic", 42}}, Value(42)},
      {"schemalessAndNestedPath",
       {{"field.syntax.version", "V2"}, {"field", "magic.foo"}},
       Object{{"magic", Object{{"foo", 42}}}},
       Value(42)},
      {"nullSchemaless", {{"field", "magic"}}, Value(), Value()},
      {"nonExistentFieldSchemalessShouldReturnNull",
       {{"field", "nonexistent"}},
       Object{{"magic", 42}},
       Value()},
      {"nonExistentNestedFieldSchemalessShouldReturnNull (V1 reads one name)",
       {{"field", "magic.nonexistent"}},
       Object{{"magic", Object{{"foo", 42}}}},
       Value()},
      {"V1 reads a dotted name whole",
       {{"field", "a.b"}},
       Object{{"a.b", "dotted"}, {"a", Object{{"b", "nested"}}}},
       Value("dotted")},
      {"V2 in lower case, backticks",
       {{"field.syntax.version", "v2"}, {"field", "`a.b`.c"}},
       Object{{"a.b", Object{{"c", true}}}},
       Value(true)},
      {"the field is an object",
       {{"field", "m"}},
       Object{{"m", Object{{"x", 1}}}},
       Object{{"x", 1}}},
  };
  for (const auto& c : cases) {
    auto chain = build_chain(one_transform(kKey, c.settings));
    ASSERT_TRUE(chain) << c.name;
    auto a = apply(*chain, record(c.key, Value("value")));
    EXPECT_EQ(a.verdict, V::Keep) << c.name << ": " << a.error;
    EXPECT_EQ(a.record.key, c.expected) << c.name;
    EXPECT_EQ(a.record.value, Value("value")) << c.name;
  }
}

TEST(ExtractField, ValueVariant) {
  auto chain = build_chain(one_transform(kValue, {{"field", "magic"}}));
  auto a = apply(*chain, record(Value("k"), Object{{"magic", 42}}));
  EXPECT_EQ(a.record.value, Value(42));
  EXPECT_EQ(a.record.key, Value("k"));
}

TEST(ExtractField, NotAnObjectFails) {
  auto chain = build_chain(one_transform(kValue, {{"field", "magic"}}));
  auto a = apply(*chain, record(Value(), Value(42)));
  EXPECT_EQ(a.verdict, V::Fail);
  EXPECT_EQ(a.error,
            "Only Map objects supported in absence of schema for [field extraction], found: "
            "java.lang.Long");
  chain =
      build_chain(one_transform(kValue, {{"field", "magic.foo"}, {"field.syntax.version", "V2"}}));
  a = apply(*chain, record(Value(), Object{{"magic", "text"}}));
  EXPECT_EQ(a.verdict, V::Fail);
  EXPECT_EQ(a.error,
            "Only Map objects supported in absence of schema for [nested field access], found: "
            "java.lang.String");
}

TEST(ExtractField, ConfigErrors) {
  EXPECT_THAT(problems_of(one_transform(kKey)),
              ElementsAre("transforms.t.field: Missing required configuration "
                          "\"transforms.t.field\" which has no default value."));
  EXPECT_THAT(problems_of(one_transform(kKey, {{"field", "a"}, {"field.syntax.version", "V3"}})),
              ElementsAre("transforms.t.field.syntax.version: Invalid value V3 for configuration "
                          "transforms.t.field.syntax.version: String must be one of (case "
                          "insensitive): V1, V2"));
  EXPECT_THAT(problems_of(one_transform(kKey, {{"field", "`a"}, {"field.syntax.version", "V2"}})),
              ElementsAre("transforms.t.field: Incomplete backtick pair in path: [`a], consider "
                          "adding a backslash before backtick at position 0 to escape it"));
  EXPECT_THAT(
      problems_of(one_transform(kKey, {{"field", "a"}, {"replace.null.with.default", "maybe"}})),
      ElementsAre("transforms.t.replace.null.with.default: Invalid value maybe for configuration "
                  "transforms.t.replace.null.with.default: Expected value to be either true or "
                  "false"));
  // The bare class is abstract in Kafka.
  EXPECT_EQ(problems_of(
                one_transform("org.apache.kafka.connect.transforms.ExtractField", {{"field", "a"}}))
                .size(),
            1u);
}

}  // namespace
}  // namespace ksink::transforms::testing
