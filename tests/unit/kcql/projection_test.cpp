// The row a sink writes for a record: a statement's columns applied to the record's value, key,
// headers and coordinates.
#include "kcql/projection.h"

#include <gtest/gtest.h>

#include "core/json_writer.h"
#include "kcql_test_util.h"

namespace ksink::kcql {
namespace {

using testing::parse_single;

Record record_of(Value value) {
  Record r;
  r.topic = "orders";
  r.partition = 3;
  r.offset = 42;
  r.timestamp = 1700000000123;
  r.key = Value(Object{{"id", 7}, {"region", Value(Object{{"code", "eu"}})}});
  r.value = std::move(value);
  r.headers = {{"trace", "abc"}, {"empty", std::nullopt}, {"a.b", "dotted"}};
  return r;
}

Value person() {
  return Value(Object{{"firstName", "John"},
                      {"lastName", "Smith"},
                      {"age", 30},
                      {"salary", 4830.0},
                      {"child", Value(Object{{"firstName", "Ann"}, {"age", 4}})}});
}

std::string json(const Value& v) {
  std::string out;
  write_json(v, out);
  return out;
}

std::string project_json(std::string_view kcql, const Record& record) {
  return json(project(parse_single(kcql), record));
}

// --- `*` ---

TEST(KcqlProject, SelectAllKeepsTheValue) {
  const Record r = record_of(person());
  EXPECT_EQ(project(parse_single("SELECT * FROM t"), r), r.value);
}

TEST(KcqlProject, IgnoreDropsFieldsFromStar) {
  EXPECT_EQ(project_json("SELECT * FROM t IGNORE salary, child", record_of(person())),
            R"({"firstName":"John","lastName":"Smith","age":30})");
}

TEST(KcqlProject, IgnoreReachesIntoNestedFields) {
  EXPECT_EQ(project_json("SELECT * FROM t IGNORE child.age, lastName", record_of(person())),
            R"({"firstName":"John","age":30,"salary":4830.0,"child":{"firstName":"Ann"}})");
}

TEST(KcqlProject, IgnoringAnAbsentFieldChangesNothing) {
  EXPECT_EQ(project_json("SELECT * FROM t IGNORE nope, child.nope, age.x", record_of(person())),
            json(person()));
}

TEST(KcqlProject, StarWithAliasRenamesInPlace) {
  EXPECT_EQ(project_json("SELECT *, salary AS income FROM t", record_of(person())),
            R"({"firstName":"John","lastName":"Smith","age":30,"income":4830.0,)"
            R"("child":{"firstName":"Ann","age":4}})");
}

TEST(KcqlProject, StarThenOtherColumnsInStatementOrder) {
  const Record r = record_of(Value(Object{{"a", 1}, {"b", 2}}));
  EXPECT_EQ(project_json("SELECT *, _topic, b AS bee, _key.id AS kid, missing FROM t", r),
            R"({"a":1,"bee":2,"_topic":"orders","kid":7})");
}

TEST(KcqlProject, OnlyTheFirstColumnNamingAFieldTakesItsPlace) {
  const Record r = record_of(Value(Object{{"a", 1}, {"b", 2}}));
  EXPECT_EQ(project_json("SELECT *, a AS x, a AS y FROM t", r), R"({"x":1,"b":2,"y":1})");
}

TEST(KcqlProject, ExplicitColumnWinsOverIgnore) {
  const Record r = record_of(Value(Object{{"a", 1}, {"b", 2}}));
  EXPECT_EQ(project_json("SELECT *, a AS x FROM t IGNORE a, b", r), R"({"x":1})");
}

TEST(KcqlProject, NonObjectValueUnderSelectAllIsReturnedAsItIs) {
  const Record text = record_of(Value("just text"));
  EXPECT_EQ(project(parse_single("SELECT * FROM t"), text), Value("just text"));
  EXPECT_EQ(project(parse_single("SELECT * FROM t IGNORE a"), text), Value("just text"));
  const Record tombstone = record_of(Value());
  EXPECT_TRUE(project(parse_single("SELECT * FROM t"), tombstone).is_null());
  const Record array = record_of(Value(Array{1, 2}));
  EXPECT_EQ(project(parse_single("SELECT * FROM t"), array), Value(Array{1, 2}));
}

TEST(KcqlProject, NonObjectValueWithColumnsGivesTheColumnsOnly) {
  const Record r = record_of(Value(12));
  EXPECT_EQ(project_json("SELECT *, _offset FROM t", r), R"({"_offset":42})");
  EXPECT_EQ(project_json("SELECT a, b FROM t", r), "{}");
}

// --- Explicit columns ---

TEST(KcqlProject, SpecQuickStart) {
  Record r = record_of(
      Value(Object{{"firstName", "John"}, {"lastName", "Smith"}, {"age", 30}, {"salary", 4830.0}}));
  EXPECT_EQ(project_json("SELECT firstName, lastName, age, salary AS income FROM redis-topic PK "
                         "firstName, lastName",
                         r),
            R"({"firstName":"John","lastName":"Smith","age":30,"income":4830.0})");
}

TEST(KcqlProject, ColumnsFollowStatementOrderNotValueOrder) {
  EXPECT_EQ(project_json("SELECT age, firstName FROM t", record_of(person())),
            R"({"age":30,"firstName":"John"})");
}

TEST(KcqlProject, NestedPathsAreNamedByTheirLastPart) {
  EXPECT_EQ(
      project_json("SELECT child.firstName, child.age AS childAge FROM t", record_of(person())),
      R"({"firstName":"Ann","childAge":4})");
}

TEST(KcqlProject, WildcardContributesTheFieldsBelowIt) {
  EXPECT_EQ(project_json("SELECT lastName, child.* FROM t", record_of(person())),
            R"({"lastName":"Smith","firstName":"Ann","age":4})");
  EXPECT_EQ(project_json("SELECT age.*, nope.* FROM t", record_of(person())), "{}");
}

TEST(KcqlProject, KeyWildcard) {
  EXPECT_EQ(project_json("SELECT _key.* FROM t", record_of(person())),
            R"({"id":7,"region":{"code":"eu"}})");
}

TEST(KcqlProject, AbsentFieldsAreLeftOutAndNullsKept) {
  const Record r = record_of(Value(Object{{"a", Value()}, {"b", 2}}));
  EXPECT_EQ(project_json("SELECT a, missing, b.c, b FROM t", r), R"({"a":null,"b":2})");
}

TEST(KcqlProject, MetadataColumns) {
  EXPECT_EQ(project_json("SELECT _topic, _partition, _offset, _timestamp, _key, _key.region.code, "
                         "_header.trace AS tr, _header.empty, _header.absent FROM t",
                         record_of(person())),
            R"({"_topic":"orders","_partition":3,"_offset":42,"_timestamp":1700000000123,)"
            R"("_key":{"id":7,"region":{"code":"eu"}},"code":"eu","tr":"abc","empty":null})");
}

TEST(KcqlProject, ValuePrefixIsTheDefault) {
  EXPECT_EQ(
      project_json("SELECT _value.age, _value.child.firstName AS cf FROM t", record_of(person())),
      R"({"age":30,"cf":"Ann"})");
}

// --- resolve ---

TEST(KcqlResolve, ValueAndKeyPaths) {
  const Record r = record_of(person());
  const Statement s = parse_single(
      "SELECT child.firstName, _key, _key.id, _key.region.code, nope, child.nope AS n2, age.x, "
      "_key.x AS x2 FROM t");
  ASSERT_EQ(s.columns.size(), 8u);
  EXPECT_EQ(resolve(s.columns[0].path, r), Value("Ann"));
  EXPECT_EQ(resolve(s.columns[1].path, r), r.key);
  EXPECT_EQ(resolve(s.columns[2].path, r), Value(7));
  EXPECT_EQ(resolve(s.columns[3].path, r), Value("eu"));
  EXPECT_EQ(resolve(s.columns[4].path, r), std::nullopt);
  EXPECT_EQ(resolve(s.columns[5].path, r), std::nullopt);
  EXPECT_EQ(resolve(s.columns[6].path, r), std::nullopt);
  EXPECT_EQ(resolve(s.columns[7].path, r), std::nullopt);
}

TEST(KcqlResolve, FieldOfAKeyThatIsNotAnObject) {
  Record r = record_of(person());
  r.key = Value("plain-key");
  const Statement s = parse_single("SELECT _key, _key.id FROM t");
  ASSERT_EQ(s.columns.size(), 2u);
  EXPECT_EQ(resolve(s.columns[0].path, r), Value("plain-key"));
  EXPECT_EQ(resolve(s.columns[1].path, r), std::nullopt);
}

TEST(KcqlResolve, Headers) {
  const Record r = record_of(person());
  const Statement s =
      parse_single("SELECT _header.trace, _header.empty, _header.absent, _header.a.b FROM t");
  ASSERT_EQ(s.columns.size(), 4u);
  EXPECT_EQ(resolve(s.columns[0].path, r), Value("abc"));
  const auto null_header = resolve(s.columns[1].path, r);
  ASSERT_TRUE(null_header.has_value());
  EXPECT_TRUE(null_header->is_null());
  EXPECT_EQ(resolve(s.columns[2].path, r), std::nullopt);
  EXPECT_EQ(resolve(s.columns[3].path, r), Value("dotted"));
}

TEST(KcqlResolve, HeaderPathSplitAtDots) {
  Path path;
  path.source = Source::Header;
  path.parts = {"a", "b"};
  EXPECT_EQ(resolve(path, record_of(person())), Value("dotted"));
}

TEST(KcqlResolve, Metadata) {
  const Record r = record_of(person());
  const Statement s = parse_single("SELECT _topic, _partition, _offset, _timestamp FROM t");
  ASSERT_EQ(s.columns.size(), 4u);
  EXPECT_EQ(resolve(s.columns[0].path, r), Value("orders"));
  const auto partition = resolve(s.columns[1].path, r);
  ASSERT_TRUE(partition.has_value());
  EXPECT_EQ(partition->kind(), Kind::Int);
  EXPECT_EQ(partition->as_int(), 3);
  EXPECT_EQ(resolve(s.columns[2].path, r), Value(int64_t{42}));
  EXPECT_EQ(resolve(s.columns[3].path, r), Value(int64_t{1700000000123}));
}

TEST(KcqlResolve, RecordWithoutTimestamp) {
  Record r = record_of(person());
  r.timestamp = -1;
  const Statement s = parse_single("SELECT _timestamp FROM t");
  ASSERT_EQ(s.columns.size(), 1u);
  EXPECT_EQ(resolve(s.columns[0].path, r), std::nullopt);
  EXPECT_EQ(json(project(s, r)), "{}");
}

TEST(KcqlResolve, PrimaryKeyPaths) {
  const Record r = record_of(person());
  const Statement s = parse_single("SELECT * FROM t PK firstName, child.firstName, _key.id");
  ASSERT_EQ(s.primary_keys.size(), 3u);
  EXPECT_EQ(resolve(s.primary_keys[0], r), Value("John"));
  EXPECT_EQ(resolve(s.primary_keys[1], r), Value("Ann"));
  EXPECT_EQ(resolve(s.primary_keys[2], r), Value(7));
}

}  // namespace
}  // namespace ksink::kcql
