// HeaderFrom, following Kafka's HeaderFromTest
// (connect/transforms/src/test/java/org/apache/kafka/connect/transforms/HeaderFromTest.java): its
// schemaless data() cases for $Key and $Value, and its configuration errors.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "unit/transforms/harness.h"

namespace ksink::transforms::testing {
namespace {

using ::testing::ElementsAre;
using V = TransformChain::Verdict;
constexpr const char* kHeaderFrom = "org.apache.kafka.connect.transforms.HeaderFrom";

struct Case {
  const char* name;
  Object original;
  std::vector<Header> original_headers;
  const char* fields;
  const char* headers;
  const char* operation;
  Object expected;
  std::vector<Header> expected_headers;
};

TEST(HeaderFrom, SchemalessLikeKafka) {
  const Object two{{"field1", "field1-value"}, {"field2", "field2-value"}};
  const Object only2{{"field2", "field2-value"}};
  const Object with_struct{{"field1", Object{{"foo", "foo-value"}}}, {"field2", "field2-value"}};
  const Case cases[] = {
      {"basic copy",
       two,
       {{"header1", "existing-value"}},
       "field1",
       "inserted1",
       "copy",
       two,
       {{"header1", "existing-value"}, {"inserted1", "field1-value"}}},
      {"basic move",
       two,
       {{"header1", "existing-value"}},
       "field1",
       "inserted1",
       "move",
       only2,
       {{"header1", "existing-value"}, {"inserted1", "field1-value"}}},
      {"copy with preexisting header",
       two,
       {{"inserted1", "existing-value"}},
       "field1",
       "inserted1",
       "copy",
       two,
       {{"inserted1", "existing-value"}, {"inserted1", "field1-value"}}},
      {"move with preexisting header",
       two,
       {{"inserted1", "existing-value"}},
       "field1",
       "inserted1",
       "move",
       only2,
       {{"inserted1", "existing-value"}, {"inserted1", "field1-value"}}},
      // A struct's header is its JSON text in ksink.
      {"copy with struct value",
       with_struct,
       {{"header1", "existing-value"}},
       "field1",
       "inserted1",
       "copy",
       with_struct,
       {{"header1", "existing-value"}, {"inserted1", R"({"foo":"foo-value"})"}}},
      {"move with struct value",
       with_struct,
       {{"header1", "existing-value"}},
       "field1",
       "inserted1",
       "move",
       only2,
       {{"header1", "existing-value"}, {"inserted1", R"({"foo":"foo-value"})"}}},
      {"two headers from same field",
       two,
       {{"header1", "existing-value"}},
       "field1,field1",
       "inserted1,inserted2",
       "move",
       only2,
       {{"header1", "existing-value"},
        {"inserted1", "field1-value"},
        {"inserted2", "field1-value"}}},
      {"two fields to same header",
       two,
       {{"header1", "existing-value"}},
       "field1,field2",
       "inserted1,inserted1",
       "move",
       Object{},
       {{"header1", "existing-value"},
        {"inserted1", "field1-value"},
        {"inserted1", "field2-value"}}},
      // Beyond Kafka's test: other kinds as text, null and missing fields as null headers.
      {"kinds",
       Object{{"n", 42}, {"d", 1.5}, {"b", true}, {"z", Value()}, {"bytes", Bytes{"\x01"}}},
       {},
       "n,d,b,z,missing,bytes",
       "n,d,b,z,missing,bytes",
       "copy",
       Object{{"n", 42}, {"d", 1.5}, {"b", true}, {"z", Value()}, {"bytes", Bytes{"\x01"}}},
       {{"n", "42"},
        {"d", "1.5"},
        {"b", "true"},
        {"z", std::nullopt},
        {"missing", std::nullopt},
        {"bytes", "\x01"}}},
  };
  for (const char* variant : {"$Key", "$Value"}) {
    const bool key = std::string(variant) == "$Key";
    for (const auto& c : cases) {
      auto chain = build_chain(one_transform(
          std::string(kHeaderFrom) + variant,
          {{"fields", c.fields}, {"headers", c.headers}, {"operation", c.operation}}));
      ASSERT_TRUE(chain) << c.name;
      Record r = key ? record(c.original, "value") : record("key", c.original);
      r.headers = c.original_headers;
      auto a = apply(*chain, r);
      ASSERT_EQ(a.verdict, V::Keep) << c.name << ": " << a.error;
      EXPECT_EQ(key ? a.record.key : a.record.value, Value(c.expected)) << variant << c.name;
      EXPECT_EQ(key ? a.record.value : a.record.key, Value(key ? "value" : "key")) << c.name;
      ASSERT_EQ(a.record.headers.size(), c.expected_headers.size()) << variant << c.name;
      for (size_t i = 0; i < c.expected_headers.size(); ++i) {
        EXPECT_EQ(a.record.headers[i].key, c.expected_headers[i].key) << variant << c.name;
        EXPECT_EQ(a.record.headers[i].value, c.expected_headers[i].value) << variant << c.name;
      }
    }
  }
}

TEST(HeaderFrom, NotAnObject) {
  auto chain =
      build_chain(one_transform(std::string(kHeaderFrom) + "$Value",
                                {{"fields", "a"}, {"headers", "h"}, {"operation", "move"}}));
  ASSERT_TRUE(chain);
  auto a = apply(*chain, record(Value(), "text"));
  EXPECT_EQ(a.verdict, V::Fail);
  EXPECT_EQ(a.error,
            "Only Map objects supported in absence of schema for [header move], found: "
            "java.lang.String");
  a = apply(*chain, record(Value(), Value()));
  EXPECT_EQ(a.error,
            "Only Map objects supported in absence of schema for [header move], found: null");
}

TEST(HeaderFrom, ConfigErrors) {
  const std::string cls = std::string(kHeaderFrom) + "$Value";
  // invalidConfigExtraHeaderConfig, invalidConfigExtraFieldConfig
  for (auto [fields, headers] : {std::pair{"foo,bar", "foo"}, std::pair{"foo", "foo,bar"}}) {
    EXPECT_THAT(problems_of(one_transform(
                    cls, {{"fields", fields}, {"headers", headers}, {"operation", "copy"}})),
                ElementsAre("transforms.t.headers: 'fields' config must have the same number of "
                            "elements as 'headers' config."));
  }
  // invalidConfigEmptyHeadersAndFieldsConfig
  EXPECT_THAT(
      problems_of(one_transform(cls, {{"fields", ""}, {"headers", ""}, {"operation", "copy"}})),
      ElementsAre("transforms.t.fields: Invalid value [] for configuration "
                  "transforms.t.fields: Empty list",
                  "transforms.t.headers: Invalid value [] for configuration "
                  "transforms.t.headers: Empty list"));
  EXPECT_THAT(
      problems_of(one_transform(cls, {{"fields", "a"}, {"headers", "h"}, {"operation", "Move"}})),
      ElementsAre("transforms.t.operation: Invalid value Move for configuration "
                  "transforms.t.operation: String must be one of: move, copy"));
  EXPECT_THAT(problems_of(one_transform(cls)),
              ElementsAre("transforms.t.fields: Missing required configuration "
                          "\"transforms.t.fields\" which has no default value.",
                          "transforms.t.headers: Missing required configuration "
                          "\"transforms.t.headers\" which has no default value.",
                          "transforms.t.operation: Missing required configuration "
                          "\"transforms.t.operation\" which has no default value."));
}

}  // namespace
}  // namespace ksink::transforms::testing
