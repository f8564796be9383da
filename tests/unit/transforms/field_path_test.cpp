// Field paths (src/transforms/field_path.h), after Kafka's FieldPathNotationTest.java and
// SingleFieldPathTest.java (the schemaless cases), both in
// connect/transforms/src/test/java/org/apache/kafka/connect/transforms/field/.
#include "transforms/field_path.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "transforms/transform.h"

namespace ksink::transforms {
namespace {

using ::testing::ElementsAreArray;

std::vector<std::string> steps(std::string_view path, FieldSyntaxVersion v) {
  std::string error;
  auto p = SingleFieldPath::parse(path, v, error);
  EXPECT_TRUE(p) << error;
  return p ? p->steps() : std::vector<std::string>{};
}

TEST(FieldPath, V1IsOneStepWhateverItHolds) {
  for (const char* path : {"foo.bar.baz", "foo`bar`", "foo.`bar.baz`"})
    EXPECT_THAT(steps(path, FieldSyntaxVersion::V1), ElementsAreArray({path}));
}

struct V2Case {
  const char* path;
  std::vector<std::string> steps;
};

TEST(FieldPath, V2Steps) {
  const V2Case cases[] = {
      {"..", {"", "", ""}},
      {"foo..", {"foo", "", ""}},
      {".bar.", {"", "bar", ""}},
      {"..baz", {"", "", "baz"}},
      {"foobarbaz", {"foobarbaz"}},
      {"foo.bar.baz", {"foo", "bar", "baz"}},
      {"foo`bar`baz", {"foo`bar`baz"}},
      {"`foo.bar.baz`", {"foo.bar.baz"}},
      {"foo.`bar.baz`", {"foo", "bar.baz"}},
      {"`foo.bar`.baz", {"foo.bar", "baz"}},
      {"foo.`bar`.baz", {"foo", "bar", "baz"}},
      {"foo.``bar.baz`", {"foo", "`bar.baz"}},
      {"foo.`bar.baz``", {"foo", "bar.baz`"}},
      {"foo.`ba`r.baz`", {"foo", "ba`r.baz"}},
      {"foo.ba`r.baz", {"foo", "ba`r", "baz"}},
      {"foo.``bar``.baz", {"foo", "`bar`", "baz"}},
      {"``foo.bar.baz``", {"`foo.bar.baz`"}},
      {"foo.`bar\\`.baz`", {"foo", "bar`.baz"}},
      {"foo.`bar.`baz`", {"foo", "bar.`baz"}},
      {"foo.`bar\\`.`baz`", {"foo", "bar`.`baz"}},
      {"foo.`bar\\\\`.\\`baz`", {"foo", "bar\\`.\\`baz"}},
      // Kafka's V2 reading of "" has no step at all (and fails when used); ksink's has the
      // empty name, as V1 reads it.
      {"", {""}},
  };
  for (const auto& c : cases)
    EXPECT_THAT(steps(c.path, FieldSyntaxVersion::V2), ElementsAreArray(c.steps)) << c.path;
}

TEST(FieldPath, V2IncompleteBackticks) {
  const std::pair<const char*, const char*> cases[] = {
      {"`foo.bar.baz",
       "Incomplete backtick pair in path: [`foo.bar.baz], consider adding a "
       "backslash before backtick at position 0 to escape it"},
      {"foo.`bar.baz",
       "Incomplete backtick pair in path: [foo.`bar.baz], consider adding a "
       "backslash before backtick at position 4 to escape it"},
      {"foo.bar.`baz",
       "Incomplete backtick pair in path: [foo.bar.`baz], consider adding a "
       "backslash before backtick at position 8 to escape it"},
      {"foo.bar.`baz\\`",
       "Incomplete backtick pair in path: [foo.bar.`baz\\`], consider adding "
       "a backslash before backtick at position 8 to escape it"},
  };
  for (const auto& [path, message] : cases) {
    std::string error;
    EXPECT_FALSE(SingleFieldPath::parse(path, FieldSyntaxVersion::V2, error)) << path;
    EXPECT_EQ(error, message);
  }
}

const Value* value_at(const char* path, const Object& o) {
  std::string error;
  static thread_local std::optional<SingleFieldPath> p;
  p = SingleFieldPath::parse(path, FieldSyntaxVersion::V2, error);
  return p->value_from(o);
}

TEST(FieldPath, FindsValuesInObjects) {
  Object map{{"foo", Object{{"bar", 42}, {"baz", nullptr}}}};
  ASSERT_NE(value_at("foo.bar", map), nullptr);
  EXPECT_EQ(*value_at("foo.bar", map), Value(42));
  EXPECT_TRUE(value_at("foo.baz", map)->is_null());
  EXPECT_EQ(value_at("un.known", map), nullptr);
  EXPECT_EQ(value_at("foo.unknown", map), nullptr);
  EXPECT_EQ(value_at("unknown", map), nullptr);
  EXPECT_EQ(value_at("foo.baz.inner", map), nullptr);
}

TEST(FieldPath, NonObjectOnTheWayIsTheRecordsFault) {
  Object map{{"foo", 42}};
  try {
    value_at("foo.bar", map);
    FAIL() << "no DataError";
  } catch (const DataError& e) {
    EXPECT_STREQ(e.what(),
                 "Only Map objects supported in absence of schema for [nested field access], "
                 "found: java.lang.Long");
  }
}

}  // namespace
}  // namespace ksink::transforms
