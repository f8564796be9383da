// ReplaceField$Key / $Value, after Kafka's
// connect/transforms/src/test/java/org/apache/kafka/connect/transforms/ReplaceFieldTest.java.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "unit/transforms/harness.h"

namespace ksink::transforms::testing {
namespace {

using ::testing::ElementsAre;
using V = TransformChain::Verdict;

const std::string kKey = "org.apache.kafka.connect.transforms.ReplaceField$Key";
const std::string kValue = "org.apache.kafka.connect.transforms.ReplaceField$Value";

const Object kInput{{"dont", "whatever"}, {"abc", 42}, {"foo", true}, {"etc", "etc"}};

TEST(ReplaceField, Cases) {
  struct Case {
    const char* name;
    ConfigMap settings;
    Value expected;
  } cases[] = {
      {"schemaless: exclude and renames",
       {{"exclude", "dont"}, {"renames", "abc:xyz,foo:bar"}},
       Object{{"xyz", 42}, {"bar", true}, {"etc", "etc"}}},
      {"withSchema: include and renames",
       {{"include", "abc,foo"}, {"renames", "abc:xyz,foo:bar"}},
       Object{{"xyz", 42}, {"bar", true}}},
      {"exclude wins over include",
       {{"include", "abc,foo"}, {"exclude", "foo"}},
       Object{{"abc", 42}}},
      {"deprecated blacklist",
       {{"blacklist", "dont"}},
       Object{{"abc", 42}, {"foo", true}, {"etc", "etc"}}},
      {"deprecated whitelist", {{"whitelist", "etc"}}, Object{{"etc", "etc"}}},
      {"the new key wins over the deprecated one",
       {{"include", "abc"}, {"whitelist", "etc"}},
       Object{{"abc", 42}}},
      {"nothing configured", {}, kInput},
      {"renamed onto an existing name: the later value stands where the name first appears",
       {{"renames", "abc:etc"}},
       Object{{"dont", "whatever"}, {"etc", "etc"}, {"foo", true}}},
      {"a mapping with an empty old name is valid", {{"renames", ":x"}}, kInput},
  };
  for (const auto& c : cases) {
    auto chain = build_chain(one_transform(kValue, c.settings));
    ASSERT_TRUE(chain) << c.name;
    auto a = apply(*chain, record(Value("k"), kInput));
    EXPECT_EQ(a.verdict, V::Keep) << c.name;
    EXPECT_EQ(a.record.value, c.expected) << c.name;
  }
}

TEST(ReplaceField, KeyVariantAndTombstones) {
  auto chain = build_chain(one_transform(kKey, {{"renames", "id:key_id"}}));
  auto a = apply(*chain, record(Object{{"id", 7}}, Value()));
  EXPECT_EQ(a.record.key, Value(Object{{"key_id", 7}}));
  EXPECT_TRUE(a.record.value.is_null());
  a = apply(*chain, record(Value(), Value("v")));  // a null part passes
  EXPECT_EQ(a.verdict, V::Keep);
  EXPECT_TRUE(a.record.key.is_null());
}

TEST(ReplaceField, NotAnObjectFails) {
  auto chain = build_chain(one_transform(kValue, {{"exclude", "a"}}));
  auto a = apply(*chain, record(Value(), Value(1.5)));
  EXPECT_EQ(a.verdict, V::Fail);
  EXPECT_EQ(a.error,
            "Only Map objects supported in absence of schema for [field replacement], found: "
            "java.lang.Double");
}

TEST(ReplaceField, BadRenames) {
  EXPECT_THAT(problems_of(one_transform(kValue, {{"renames", "a:b, foo"}})),
              ElementsAre("transforms.t.renames: Invalid value [a:b, foo] for configuration "
                          "transforms.t.renames: Invalid rename mapping: foo"));
  EXPECT_THAT(problems_of(one_transform(kValue, {{"renames", "a:b:c"}})),
              ElementsAre("transforms.t.renames: Invalid value [a:b:c] for configuration "
                          "transforms.t.renames: Invalid rename mapping: a:b:c"));
  EXPECT_THAT(problems_of(one_transform(kValue, {{"renames", "a:"}})),
              ElementsAre("transforms.t.renames: Invalid value [a:] for configuration "
                          "transforms.t.renames: Invalid rename mapping: a:"));
}

}  // namespace
}  // namespace ksink::transforms::testing
