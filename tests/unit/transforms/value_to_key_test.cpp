// ValueToKey, after Kafka's
// connect/transforms/src/test/java/org/apache/kafka/connect/transforms/ValueToKeyTest.java.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "transforms/registry.h"
#include "unit/transforms/harness.h"

namespace ksink::transforms::testing {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::Not;
using V = TransformChain::Verdict;

const std::string kClass = "org.apache.kafka.connect.transforms.ValueToKey";

TEST(ValueToKey, Cases) {
  struct Case {
    const char* fields;
    Value value;
    Value key;
  } cases[] = {
      // schemaless / withSchema
      {"a,b", Object{{"a", 1}, {"b", 2}, {"c", 3}}, Object{{"a", 1}, {"b", 2}}},
      // the key follows `fields`' order
      {"c, a", Object{{"a", 1}, {"b", 2}, {"c", 3}}, Object{{"c", 3}, {"a", 1}}},
      // a missing field is null in the key (Map.get)
      {"a,x", Object{{"a", "one"}}, Object{{"a", "one"}, {"x", nullptr}}},
      // a field listed twice appears once
      {"a,a", Object{{"a", 1}}, Object{{"a", 1}}},
  };
  for (const auto& c : cases) {
    auto chain = build_chain(one_transform(kClass, {{"fields", c.fields}}));
    auto a = apply(*chain, record(Value("old"), c.value));
    EXPECT_EQ(a.verdict, V::Keep);
    EXPECT_EQ(a.record.key, c.key) << c.fields;
    EXPECT_EQ(a.record.value, c.value);
  }
}

TEST(ValueToKey, ValueMustBeAnObject) {
  auto chain = build_chain(one_transform(kClass, {{"fields", "a"}}));
  auto a = apply(*chain, record(Value(), Value()));
  EXPECT_EQ(a.verdict, V::Fail);
  EXPECT_EQ(a.error,
            "Only Map objects supported in absence of schema for [copying fields from value to "
            "key], found: null");
  a = apply(*chain, record(Value(), Value("x")));
  EXPECT_EQ(a.error,
            "Only Map objects supported in absence of schema for [copying fields from value to "
            "key], found: java.lang.String");
}

TEST(ValueToKey, HasNoVariants) {
  auto names = transform_class_names();
  EXPECT_THAT(names, Contains(kClass));
  EXPECT_THAT(names, Not(Contains(kClass + "$Key")));
}

TEST(ValueToKey, ConfigErrors) {
  EXPECT_THAT(problems_of(one_transform(kClass)),
              ElementsAre("transforms.t.fields: Missing required configuration "
                          "\"transforms.t.fields\" which has no default value."));
  EXPECT_THAT(problems_of(one_transform(kClass, {{"fields", ""}})),
              ElementsAre("transforms.t.fields: Invalid value [] for configuration "
                          "transforms.t.fields: Empty list"));
}

}  // namespace
}  // namespace ksink::transforms::testing
