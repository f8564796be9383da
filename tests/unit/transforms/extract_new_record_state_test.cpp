// io.debezium.transforms.ExtractNewRecordState. The cases of Debezium's
// debezium-core/src/test/java/io/debezium/transforms/ExtractNewRecordStateTest.java (records of
// AbstractExtractStateTest.java, as their schemaless payloads), then the deprecated keys
// (LegacyExtractNewRecordStateTest.java), configuration errors, and the MySQL and PostgreSQL
// events of debezium_fixtures.h.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <optional>

#include "unit/transforms/debezium_fixtures.h"
#include "unit/transforms/harness.h"

namespace ksink::transforms::testing {
namespace {

using ::testing::ElementsAre;
using V = TransformChain::Verdict;

constexpr const char* kCls = "io.debezium.transforms.ExtractNewRecordState";

// --- AbstractExtractStateTest's records, schemaless ----------------------------------------

Value envelope(Value before, Value after, Value source, const char* op, Value transaction = {},
               int64_t ts_ms = 1710032523000) {
  return Object{{"before", std::move(before)},
                {"after", std::move(after)},
                {"source", std::move(source)},
                {"transaction", std::move(transaction)},
                {"op", op},
                {"ts_ms", ts_ms},
                {"ts_us", ts_ms * 1000},
                {"ts_ns", ts_ms * 1000000}};
}
Value my_record(const char* name) { return Object{{"id", 1}, {"name", name}}; }
Value source(Value table = "test_table") {
  return Object{{"lsn", 1234},      {"ts_ms", int64_t{1588252618953}},
                {"ts_us", nullptr}, {"ts_ns", nullptr},
                {"db", "test_db"},  {"table", std::move(table)}};
}
Value transaction() {
  return Object{{"id", "571"}, {"total_order", 42}, {"data_collection_order", 42}};
}

Value create_record() { return envelope(nullptr, my_record("myRecord"), source(), "c"); }
Value update_record() {
  return envelope(my_record("myRecord"), my_record("updatedRecord"), source(), "u", transaction());
}
Value delete_record() {
  Value src =
      Object{{"lsn", 1234}, {"version", "version!"}, {"db", "test_db"}, {"table", "test_table"}};
  return envelope(my_record("myRecord"), nullptr, std::move(src), "d");
}
Value truncate_record() { return envelope(nullptr, nullptr, source(), "t"); }
Value unknown_record() { return Object{{"id", 1}}; }

Record rec(Value value, Value key = {}) {
  return record(std::move(key), std::move(value), "dummy");
}

Applied run(const ConfigMap& settings, Record r) {
  auto chain = build_chain(one_transform(kCls, settings));
  EXPECT_TRUE(chain);
  if (!chain) return {V::Fail, std::move(r), "no chain"};
  return apply(*chain, std::move(r));
}

std::optional<std::string> header(const Record& r, std::string_view name) {
  const Header* h = r.header(name);
  return h ? h->value : std::nullopt;
}

const Value& field(const Record& r, std::string_view name) {
  static const Value absent = "<absent>";
  const Value* v = r.value.find(name);
  return v ? *v : absent;
}

// --- Which records pass, for each delete/tombstone handling ---------------------------------

enum class Out { Dropped, Unchanged, NullValue, Row, RowDeleted, RowNotDeleted };

struct ModeCase {
  const char* name;
  ConfigMap settings;
  Value value;  // null: a tombstone
  Out expected;
};

void PrintTo(const ModeCase& c, std::ostream* os) { *os << c.name; }

class Modes : public ::testing::TestWithParam<ModeCase> {};

TEST_P(Modes, Apply) {
  const ModeCase& c = GetParam();
  Record in = rec(c.value);
  Applied a = run(c.settings, in);
  switch (c.expected) {
    case Out::Dropped:
      EXPECT_EQ(a.verdict, V::Drop);
      break;
    case Out::Unchanged:
      ASSERT_EQ(a.verdict, V::Keep);
      EXPECT_EQ(a.record.value, in.value);
      EXPECT_EQ(a.record.topic, "dummy");
      break;
    case Out::NullValue:
      ASSERT_EQ(a.verdict, V::Keep);
      EXPECT_TRUE(a.record.value.is_null());
      break;
    case Out::Row:
      ASSERT_EQ(a.verdict, V::Keep);
      EXPECT_EQ(a.record.value, my_record("myRecord"));
      break;
    case Out::RowDeleted:
      ASSERT_EQ(a.verdict, V::Keep);
      EXPECT_EQ(a.record.value, (Object{{"id", 1}, {"name", "myRecord"}, {"__deleted", "true"}}));
      break;
    case Out::RowNotDeleted:
      ASSERT_EQ(a.verdict, V::Keep);
      EXPECT_EQ(a.record.value, (Object{{"id", 1}, {"name", "myRecord"}, {"__deleted", "false"}}));
      break;
  }
}

const char* kMode = "delete.tombstone.handling.mode";

INSTANTIATE_TEST_SUITE_P(
    ExtractNewRecordStateTest, Modes,
    ::testing::Values(
        // testTombstoneDroppedByDefault, testTombstoneDroppedConfigured
        ModeCase{"TombstoneDrop", {{kMode, "drop"}}, nullptr, Out::Dropped},
        // testTombstoneForwardConfigured: the delete became the tombstone, Debezium's is dropped
        ModeCase{"TombstoneTombstone", {{kMode, "tombstone"}}, nullptr, Out::Dropped},
        ModeCase{"TombstoneRewrite", {{kMode, "rewrite"}}, nullptr, Out::Dropped},
        // testTombstoneRewriteWithTombstone
        ModeCase{"TombstoneRewriteWithTombstone",
                 {{kMode, "rewrite-with-tombstone"}},
                 nullptr,
                 Out::Unchanged},
        ModeCase{
            "TombstoneDeleteToTombstone", {{kMode, "delete-to-tombstone"}}, nullptr, Out::Dropped},
        ModeCase{"TombstoneByDefault", {}, nullptr, Out::Dropped},
        // testTruncateDroppedByDefault: every mode drops truncates
        ModeCase{"TruncateTombstone", {{kMode, "tombstone"}}, truncate_record(), Out::Dropped},
        ModeCase{"TruncateRewriteWithTombstone",
                 {{kMode, "rewrite-with-tombstone"}},
                 truncate_record(),
                 Out::Dropped},
        // testDeleteDroppedByDefault, testHandleDeleteDrop
        ModeCase{"DeleteDrop", {{kMode, "drop"}}, delete_record(), Out::Dropped},
        // testHandleDeleteNone
        ModeCase{"DeleteTombstone", {{kMode, "tombstone"}}, delete_record(), Out::NullValue},
        ModeCase{"DeleteDeleteToTombstone",
                 {{kMode, "delete-to-tombstone"}},
                 delete_record(),
                 Out::NullValue},
        ModeCase{"DeleteByDefault", {}, delete_record(), Out::NullValue},
        // testHandleDeleteRewrite
        ModeCase{"DeleteRewrite", {{kMode, "rewrite"}}, delete_record(), Out::RowDeleted},
        ModeCase{"DeleteRewriteWithTombstone",
                 {{kMode, "Rewrite-With-Tombstone"}},
                 delete_record(),
                 Out::RowDeleted},
        // testUnwrapCreateRecord
        ModeCase{"CreateTombstone", {{kMode, "tombstone"}}, create_record(), Out::Row},
        ModeCase{"CreateDrop", {{kMode, "drop"}}, create_record(), Out::Row},
        ModeCase{"CreateRewrite", {{kMode, "rewrite"}}, create_record(), Out::RowNotDeleted},
        // testIgnoreUnknownRecord
        ModeCase{"UnknownTombstone", {{kMode, "tombstone"}}, unknown_record(), Out::Unchanged},
        ModeCase{"UnknownRewrite", {{kMode, "rewrite"}}, unknown_record(), Out::Unchanged},
        ModeCase{"PlainString", {}, "just text", Out::Unchanged},
        // LegacyExtractNewRecordStateTest: drop.tombstones (true) and delete.handling.mode
        // (drop), used when delete.tombstone.handling.mode is not given.
        ModeCase{"LegacyTombstoneDropped", {{"drop.tombstones", "true"}}, nullptr, Out::Dropped},
        ModeCase{
            "LegacyTombstoneForwarded", {{"drop.tombstones", "false"}}, nullptr, Out::Unchanged},
        ModeCase{"LegacyDeleteDroppedByDefault",
                 {{"drop.tombstones", "false"}},
                 delete_record(),
                 Out::Dropped},
        ModeCase{
            "LegacyDeleteDrop", {{"delete.handling.mode", "drop"}}, delete_record(), Out::Dropped},
        ModeCase{"LegacyDeleteNone",
                 {{"delete.handling.mode", "none"}},
                 delete_record(),
                 Out::NullValue},
        ModeCase{"LegacyDeleteRewrite",
                 {{"delete.handling.mode", "REWRITE"}},
                 delete_record(),
                 Out::RowDeleted},
        ModeCase{"LegacyCreateRewrite",
                 {{"delete.handling.mode", "rewrite"}},
                 create_record(),
                 Out::RowNotDeleted},
        ModeCase{"LegacyTombstoneWithRewrite",
                 {{"delete.handling.mode", "rewrite"}},
                 nullptr,
                 Out::Dropped},
        // The new key wins over the deprecated ones (testEnvelopeTimestampFieldsHandledCorrectly
        // gives both).
        ModeCase{"NewKeyWins",
                 {{"drop.tombstones", "false"}, {kMode, "rewrite"}},
                 nullptr,
                 Out::Dropped},
        ModeCase{"NewKeyWinsOnDelete",
                 {{"delete.handling.mode", "drop"}, {kMode, "tombstone"}},
                 delete_record(),
                 Out::NullValue},
        ModeCase{"BlankNewKeyIsAbsent",
                 {{"delete.handling.mode", "none"}, {kMode, " "}},
                 delete_record(),
                 Out::NullValue}),
    [](const auto& info) { return std::string(info.param.name); });

// --- The remaining ExtractNewRecordStateTest cases ------------------------------------------

TEST(ExtractNewRecordState, HandleCreateRewriteWithOperationHeader) {  // testHandleCreateRewrite
  Applied a = run({{kMode, "rewrite"}, {"add.headers", "op"}}, rec(create_record()));
  ASSERT_EQ(a.verdict, V::Keep);
  EXPECT_EQ(field(a.record, "__deleted"), Value("false"));
  ASSERT_EQ(a.record.headers.size(), 1u);
  EXPECT_EQ(header(a.record, "__op"), "c");
}

TEST(ExtractNewRecordState, UnwrapCreateRecordWithOptionalNull) {
  Value after = Object{{"id", 1}, {"name", nullptr}};
  Applied a = run({{kMode, "tombstone"}}, rec(envelope(nullptr, after, source(), "c")));
  EXPECT_EQ(a.record.value, after);
}

TEST(ExtractNewRecordState, UnwrapPropagatesRecordHeaders) {  // DBZ-971
  Record in = rec(create_record());
  in.headers.push_back(
      {"application/debezium-test-header", "shouldPropagatePreviousRecordHeaders"});
  Applied a = run({{kMode, "tombstone"}}, in);
  EXPECT_EQ(field(a.record, "id"), Value(1));
  ASSERT_EQ(a.record.headers.size(), 1u);
  EXPECT_EQ(header(a.record, "application/debezium-test-header"),
            "shouldPropagatePreviousRecordHeaders");
}

TEST(ExtractNewRecordState, KeyTopicPartitionAndTimestampStay) {
  Record in = record(Object{{"id", 1}}, create_record(), "dummy", 3, 42, 1710032523000);
  Applied a = run({}, in);
  EXPECT_EQ(a.record.key, in.key);
  EXPECT_EQ(a.record.topic, "dummy");
  EXPECT_EQ(a.record.partition, 3);
  EXPECT_EQ(a.record.offset, 42);
  EXPECT_EQ(a.record.timestamp, 1710032523000);
}

TEST(ExtractNewRecordState, AddField) {  // DBZ-1452, DBZ-6901
  auto chain = build_chain(one_transform(kCls, {{kMode, "tombstone"}, {"add.fields", "op"}}));
  Applied a = apply(*chain, rec(create_record()));
  EXPECT_EQ(field(a.record, "__op"), Value("c"));
  for (int64_t started : {int64_t{1694587158123}, int64_t{1694587158789}}) {
    Value after = Object{{"id", 1}, {"name", "myRecord"}, {"started_at", started}};
    Applied b = apply(*chain, rec(envelope(nullptr, after, source(), "c")));
    EXPECT_EQ(field(b.record, "started_at"), Value(started));
    EXPECT_EQ(b.record.value,
              (Object{{"id", 1}, {"name", "myRecord"}, {"started_at", started}, {"__op", "c"}}));
  }
}

TEST(ExtractNewRecordState, AddTimestamp) {  // DBZ-2984
  Applied a = run({{kMode, "tombstone"}, {"add.fields", "ts_ms"}}, rec(create_record()));
  EXPECT_EQ(field(a.record, "__ts_ms"), Value(int64_t{1710032523000}));
  Applied b = run({{"add.fields", "source.ts_ms"}}, rec(create_record()));
  EXPECT_EQ(field(b.record, "__source_ts_ms"), Value(int64_t{1588252618953}));
}

TEST(ExtractNewRecordState, AddFieldsWithPrefix) {  // DBZ-1452, DBZ-2504
  Applied a =
      run({{kMode, "tombstone"}, {"add.fields", "op , lsn,id"}, {"add.fields.prefix", "prefix."}},
          rec(update_record()));
  EXPECT_EQ(a.record.value, (Object{{"id", 1},
                                    {"name", "updatedRecord"},
                                    {"prefix.op", "u"},
                                    {"prefix.lsn", 1234},
                                    {"prefix.id", "571"}}));
}

TEST(ExtractNewRecordState, NewFieldAndHeaderMapping) {  // DBZ-2606
  Applied a = run(
      {{kMode, "tombstone"},
       {"add.fields",
        "op:OP, lsn:LSN, id:ID, source.lsn:source_lsn, transaction.total_order:TOTAL_ORDER"},
       {"add.fields.prefix", ""},
       {"add.headers",
        "op, source.lsn:source_lsn, transaction.id:TXN_ID, transaction.total_order:TOTAL_ORDER"},
       {"add.headers.prefix", "prefix."}},
      rec(update_record()));
  EXPECT_EQ(field(a.record, "OP"), Value("u"));
  EXPECT_EQ(field(a.record, "LSN"), Value(1234));
  EXPECT_EQ(field(a.record, "ID"), Value("571"));
  EXPECT_EQ(field(a.record, "source_lsn"), Value(1234));
  EXPECT_EQ(field(a.record, "TOTAL_ORDER"), Value(42));
  ASSERT_EQ(a.record.headers.size(), 4u);
  EXPECT_EQ(header(a.record, "prefix.op"), "u");
  EXPECT_EQ(header(a.record, "prefix.source_lsn"), "1234");
  EXPECT_EQ(header(a.record, "prefix.TXN_ID"), "571");
  EXPECT_EQ(header(a.record, "prefix.TOTAL_ORDER"), "42");
}

TEST(ExtractNewRecordState, AddFieldsForMissingOptionalField) {  // DBZ-1452
  // No transaction block (null): its fields are added, null.
  Applied a = run({{kMode, "tombstone"}, {"add.fields", "op,lsn,id"}}, rec(create_record()));
  EXPECT_EQ(
      a.record.value,
      (Object{{"id", 1}, {"name", "myRecord"}, {"__op", "c"}, {"__lsn", 1234}, {"__id", nullptr}}));
}

TEST(ExtractNewRecordState, AddFieldsSpecifyStruct) {  // DBZ-1452
  Applied a = run({{kMode, "tombstone"},
                   {"add.fields", "op,source.lsn,transaction.id,transaction.total_order"}},
                  rec(update_record()));
  EXPECT_EQ(field(a.record, "__op"), Value("u"));
  EXPECT_EQ(field(a.record, "__source_lsn"), Value(1234));
  EXPECT_EQ(field(a.record, "__transaction_id"), Value("571"));
  EXPECT_EQ(field(a.record, "__transaction_total_order"), Value(42));
}

TEST(ExtractNewRecordState, AddHeader) {  // DBZ-1452
  Applied a = run({{kMode, "tombstone"}, {"add.headers", "op"}}, rec(create_record()));
  ASSERT_EQ(a.record.headers.size(), 1u);
  EXPECT_EQ(header(a.record, "__op"), "c");
  EXPECT_EQ(a.record.value, my_record("myRecord"));  // headers only
}

TEST(ExtractNewRecordState, AddHeaders) {  // DBZ-1452
  Applied a = run({{kMode, "tombstone"}, {"add.headers", "op , lsn,id"}}, rec(update_record()));
  ASSERT_EQ(a.record.headers.size(), 3u);
  EXPECT_EQ(a.record.headers[0].key, "__op");
  EXPECT_EQ(a.record.headers[0].value, "u");
  EXPECT_EQ(a.record.headers[1].key, "__lsn");
  EXPECT_EQ(a.record.headers[1].value, "1234");
  EXPECT_EQ(a.record.headers[2].key, "__id");
  EXPECT_EQ(a.record.headers[2].value, "571");
}

TEST(ExtractNewRecordState, AddHeadersForMissingOptionalField) {  // DBZ-1452
  Applied a = run({{kMode, "tombstone"}, {"add.headers", "op,lsn,id"}}, rec(create_record()));
  ASSERT_EQ(a.record.headers.size(), 3u);
  EXPECT_EQ(header(a.record, "__op"), "c");
  EXPECT_EQ(header(a.record, "__lsn"), "1234");
  ASSERT_NE(a.record.header("__id"), nullptr);
  EXPECT_EQ(a.record.header("__id")->value, std::nullopt);
}

TEST(ExtractNewRecordState, AddHeadersSpecifyStruct) {  // DBZ-1452, DBZ-2504
  Applied a = run({{kMode, "tombstone"},
                   {"add.headers", "op,source.lsn,transaction.id,transaction.total_order"},
                   {"add.headers.prefix", "prefix."}},
                  rec(update_record()));
  ASSERT_EQ(a.record.headers.size(), 4u);
  EXPECT_EQ(header(a.record, "prefix.op"), "u");
  EXPECT_EQ(header(a.record, "prefix.source_lsn"), "1234");
  EXPECT_EQ(header(a.record, "prefix.transaction_id"), "571");
  EXPECT_EQ(header(a.record, "prefix.transaction_total_order"), "42");
}

TEST(ExtractNewRecordState, TopicRoutingField) {
  // testAddTopicRoutingField, testUpdateTopicRoutingField, testDeleteTopicRoutingField
  ConfigMap s{{kMode, "tombstone"}, {"route.by.field", "name"}};
  EXPECT_EQ(run(s, rec(create_record())).record.topic, "myRecord");
  EXPECT_EQ(run(s, rec(update_record())).record.topic, "updatedRecord");
  Applied d = run(s, rec(delete_record()));
  EXPECT_EQ(d.record.topic, "myRecord");
  EXPECT_TRUE(d.record.value.is_null());
  EXPECT_TRUE(build_chain(one_transform(kCls, s))->routes());
  EXPECT_FALSE(build_chain(one_transform(kCls))->routes());
}

TEST(ExtractNewRecordState, TopicRoutingFieldNullOrBlankKeepsTheTopic) {
  ConfigMap s{{"route.by.field", "name"}};
  Value null_name = Object{{"id", 1}, {"name", nullptr}};
  EXPECT_EQ(run(s, rec(envelope(nullptr, null_name, source(), "c"))).record.topic, "dummy");
  Value blank = Object{{"id", 1}, {"name", " "}};
  EXPECT_EQ(run(s, rec(envelope(nullptr, blank, source(), "c"))).record.topic, "dummy");
}

TEST(ExtractNewRecordState, TopicRoutingFieldErrors) {  // Struct.getString's DataExceptions
  Applied missing = run({{"route.by.field", "nope"}}, rec(create_record()));
  EXPECT_EQ(missing.verdict, V::Fail);
  EXPECT_THAT(missing.error, ::testing::HasSubstr("nope is not a valid field name"));
  Applied typed = run({{"route.by.field", "id"}}, rec(create_record()));
  EXPECT_EQ(typed.verdict, V::Fail);
  EXPECT_THAT(typed.error, ::testing::HasSubstr("Field 'id' is not of type STRING"));
}

TEST(ExtractNewRecordState, AddHeadersHandleDeleteRewriteAndTombstone) {  // DBZ-1876
  auto chain = build_chain(
      one_transform(kCls, {{kMode, "rewrite-with-tombstone"}, {"add.headers", "op,source.lsn"}}));
  Applied a = apply(*chain, rec(delete_record()));
  EXPECT_EQ(field(a.record, "__deleted"), Value("true"));
  EXPECT_EQ(header(a.record, "__op"), "d");
  EXPECT_EQ(header(a.record, "__source_lsn"), "1234");
  Applied t = apply(*chain, rec(nullptr));
  ASSERT_EQ(t.verdict, V::Keep);
  EXPECT_EQ(header(t.record, "__op"), "d");
  EXPECT_EQ(t.record.headers.size(), 1u);  // only the operation for a tombstone
  EXPECT_TRUE(t.record.value.is_null());
}

TEST(ExtractNewRecordState, AddFieldHandleDeleteRewrite) {  // DBZ-1452
  Applied a = run({{kMode, "rewrite"}, {"add.fields", "op"}}, rec(delete_record()));
  // `__deleted` comes first: the 3.x strategies add it before the metadata fields.
  EXPECT_EQ(a.record.value,
            (Object{{"id", 1}, {"name", "myRecord"}, {"__deleted", "true"}, {"__op", "d"}}));
}

TEST(ExtractNewRecordState, AddFieldsHandleDeleteRewrite) {  // DBZ-1452
  Applied a = run({{kMode, "rewrite"}, {"add.fields", "op,lsn"}}, rec(delete_record()));
  EXPECT_EQ(field(a.record, "__deleted"), Value("true"));
  EXPECT_EQ(field(a.record, "__op"), Value("d"));
  EXPECT_EQ(field(a.record, "__lsn"), Value(1234));
}

TEST(ExtractNewRecordState, AddFieldsHandleDeleteRewriteAndTombstone) {  // DBZ-1876
  auto chain = build_chain(
      one_transform(kCls, {{kMode, "rewrite-with-tombstone"}, {"add.fields", "op,lsn"}}));
  Applied a = apply(*chain, rec(delete_record()));
  EXPECT_EQ(field(a.record, "__deleted"), Value("true"));
  EXPECT_EQ(field(a.record, "__op"), Value("d"));
  EXPECT_EQ(field(a.record, "__lsn"), Value(1234));
  Applied t = apply(*chain, rec(nullptr));
  ASSERT_EQ(t.verdict, V::Keep);
  EXPECT_TRUE(t.record.value.is_null());
}

TEST(ExtractNewRecordState, AddFieldsSpecifyStructHandleDeleteRewrite) {  // DBZ-1452
  Applied a = run({{kMode, "rewrite"}, {"add.fields", "op,source.lsn"}}, rec(delete_record()));
  EXPECT_EQ(field(a.record, "__deleted"), Value("true"));
  EXPECT_EQ(field(a.record, "__op"), Value("d"));
  EXPECT_EQ(field(a.record, "__source_lsn"), Value(1234));
}

TEST(ExtractNewRecordState, SchemaChangeEventWithOperationHeader) {  // DBZ-1517
  Record in = rec(unknown_record());
  Applied a = run({{kMode, "tombstone"}, {"add.headers", "op"}}, in);
  EXPECT_EQ(a.record.value, in.value);
  EXPECT_TRUE(a.record.headers.empty());
}

Value changed_fields_update() {  // createUpdateRecordWithChangedFields
  Value env = update_record();
  env.as_object().emplace_back("changes", Array{"name"});
  return env;
}

TEST(ExtractNewRecordState, NewNotDefaultField) {  // DBZ-6486
  Applied a = run({{kMode, "tombstone"},
                   {"add.fields",
                    "notExisting,op:OP, lsn:LSN, id:ID, source.lsn:source_lsn, "
                    "transaction.total_order:TOTAL_ORDER, changes:META_SRC_CHANGED"},
                   {"add.fields.prefix", ""}},
                  rec(changed_fields_update()));
  EXPECT_EQ(a.record.value, (Object{{"id", 1},
                                    {"name", "updatedRecord"},
                                    {"OP", "u"},
                                    {"LSN", 1234},
                                    {"ID", "571"},
                                    {"source_lsn", 1234},
                                    {"TOTAL_ORDER", 42},
                                    {"META_SRC_CHANGED", Array{"name"}}}));
}

TEST(ExtractNewRecordState, FieldNotExists) {  // DBZ-6486
  Applied a = run({{kMode, "tombstone"},
                   {"add.fields",
                    "op:OP, lsn:LSN, id:ID, source.lsn:source_lsn, "
                    "transaction.total_order:TOTAL_ORDER, notExist:META_SRC_CHANGED"},
                   {"add.fields.prefix", ""}},
                  rec(changed_fields_update()));
  EXPECT_EQ(field(a.record, "TOTAL_ORDER"), Value(42));
  EXPECT_EQ(a.record.value.find("META_SRC_CHANGED"), nullptr);
}

TEST(ExtractNewRecordState, EnvelopeTimestampFieldsHandledCorrectly) {  // DBZ-7615
  Value src = Object{{"lsn", 1234},
                     {"ts_ms", int64_t{1588252618953}},
                     {"ts_us", int64_t{1588252618953000}},
                     {"ts_ns", int64_t{1588252618953000000}},
                     {"db", nullptr},
                     {"table", "test_table"}};
  Value env = Object{{"before", nullptr},
                     {"after", my_record("myRecord")},
                     {"source", src},
                     {"transaction", nullptr},
                     {"op", "c"},
                     {"ts_ms", int64_t{1710032523000}},
                     {"ts_us", int64_t{1710032523000123}},
                     {"ts_ns", int64_t{1710032523000123456}}};
  Applied a = run(
      {{"add.fields",
        "source.table:META_SRC_TABLENAME,source.ts_ms:META_SRC_TS_MS,source.ts_us:META_SRC_TS_US,"
        "source.ts_ns:META_SRC_TS_NS,ts_ms:META_TS_MS,ts_us:META_TS_US,ts_ns:META_TS_NS,"
        "op:META_SRC_OP,source.scn:META_SRC_SCN,source.snapshot:META_SRC_SNAPSHOT,"
        "source.user_name:META_SRC_USER,changes:META_SRC_CHANGES"},
       {"drop.tombstones", "false"},
       {kMode, "rewrite"}},
      rec(env));
  EXPECT_EQ(a.record.value, (Object{{"id", 1},
                                    {"name", "myRecord"},
                                    {"__deleted", "false"},
                                    {"__META_SRC_TABLENAME", "test_table"},
                                    {"__META_SRC_TS_MS", int64_t{1588252618953}},
                                    {"__META_SRC_TS_US", int64_t{1588252618953000}},
                                    {"__META_SRC_TS_NS", int64_t{1588252618953000000}},
                                    {"__META_TS_MS", int64_t{1710032523000}},
                                    {"__META_TS_US", int64_t{1710032523000123}},
                                    {"__META_TS_NS", int64_t{1710032523000123456}},
                                    {"__META_SRC_OP", "c"}}));
}

TEST(ExtractNewRecordState, HeartbeatPassesUnchanged) {  // createHeartbeatRecord
  Record in = rec(Object{{"ts_ms", int64_t{1588252618953}}}, Object{{"id", "123"}});
  in.topic = "op.with.heartbeat";
  Applied a = run({{"add.headers", "op"}, {"add.fields", "op"}}, in);
  EXPECT_EQ(a.record.value, in.value);
  EXPECT_EQ(a.record.topic, "op.with.heartbeat");
  EXPECT_TRUE(a.record.headers.empty());
}

TEST(ExtractNewRecordState, FieldNameDuplication) {  // Connect's SchemaBuilder
  Value after = Object{{"id", 1}, {"__op", "x"}};
  Applied a = run({{"add.fields", "op"}}, rec(envelope(nullptr, after, source(), "c")));
  EXPECT_EQ(a.verdict, V::Fail);
  EXPECT_THAT(a.error,
              ::testing::HasSubstr("Cannot create field because of field name duplication __op"));
}

// --- Configuration ---------------------------------------------------------------------------

TEST(ExtractNewRecordState, ConfigErrors) {
  EXPECT_THAT(problems_of(one_transform(kCls, {{kMode, "nope"}})),
              ElementsAre("transforms.t.delete.tombstone.handling.mode: Invalid value nope for "
                          "configuration transforms.t.delete.tombstone.handling.mode: String must "
                          "be one of (case insensitive): drop, tombstone, rewrite, "
                          "rewrite-with-tombstone, delete-to-tombstone"));
  EXPECT_THAT(problems_of(one_transform(kCls, {{"delete.handling.mode", "keep"}})),
              ElementsAre("transforms.t.delete.handling.mode: Invalid value keep for "
                          "configuration transforms.t.delete.handling.mode: String must be one of "
                          "(case insensitive): drop, rewrite, none"));
  EXPECT_THAT(problems_of(one_transform(kCls, {{"drop.tombstones", "yes"}})),
              ElementsAre("transforms.t.drop.tombstones: Invalid value yes for configuration "
                          "transforms.t.drop.tombstones: Expected value to be either true or "
                          "false"));
  EXPECT_THAT(problems_of(one_transform(kCls, {{"add.fields", "op:a:b"}})),
              ElementsAre("transforms.t.add.fields: Invalid value op:a:b for configuration "
                          "transforms.t.add.fields: Unexpected field name: op:a:b"));
  EXPECT_THAT(problems_of(one_transform(kCls, {{"add.headers", "op,."}})),
              ElementsAre("transforms.t.add.headers: Invalid value op,. for configuration "
                          "transforms.t.add.headers: Unexpected field name: ."));
  EXPECT_THAT(
      problems_of(one_transform(kCls, {{"drop.fields.header.name", "drop-fields"}})),
      ElementsAre("transforms.t.drop.fields.header.name: Invalid value drop-fields for "
                  "configuration transforms.t.drop.fields.header.name: ksink does not support "
                  "dropping the fields a header names (Debezium drops only the fields the "
                  "record's schema marks optional; ksink's records carry no schema)"));
  EXPECT_THAT(problems_of(one_transform(kCls, {{"replace.null.with.default", "maybe"}})),
              ElementsAre("transforms.t.replace.null.with.default: Invalid value maybe for "
                          "configuration transforms.t.replace.null.with.default: Expected value "
                          "to be either true or false"));
  // The companions of drop.fields.header.name do nothing without it, as in Debezium.
  EXPECT_TRUE(problems_of(one_transform(kCls, {{"drop.fields.from.key", "true"},
                                               {"drop.fields.keep.schema.compatible", "false"}}))
                  .empty());
}

// --- The connectors' events (debezium_fixtures.h) --------------------------------------------

namespace dbz = debezium;

struct Stream {
  const char* name;
  Value read, create, update, del;
  bool postgres;
};

void PrintTo(const Stream& s, std::ostream* os) { *os << s.name; }

class ConnectorEvents : public ::testing::TestWithParam<Stream> {};

// The sequence a topic carries, through the default (3.x) handling: rows, then a null value for
// the delete, and the tombstone dropped.
TEST_P(ConnectorEvents, DefaultHandling) {
  const Stream& s = GetParam();
  auto chain = build_chain(one_transform(kCls));
  const std::string topic = "dbserver1.inventory.customers";
  Applied r = apply(*chain, record(dbz::key(1001), s.read, topic));
  ASSERT_EQ(r.verdict, V::Keep);
  EXPECT_EQ(r.record.value, dbz::row(dbz::kSally, s.postgres));
  EXPECT_EQ(r.record.key, dbz::key(1001));
  EXPECT_EQ(r.record.topic, topic);
  Applied c = apply(*chain, record(dbz::key(1005), s.create, topic));
  EXPECT_EQ(c.record.value, dbz::row(dbz::kJane, s.postgres));
  Applied u = apply(*chain, record(dbz::key(1005), s.update, topic));
  EXPECT_EQ(u.record.value, dbz::row(dbz::kJaneUpdated, s.postgres));
  Applied d = apply(*chain, record(dbz::key(1005), s.del, topic));
  ASSERT_EQ(d.verdict, V::Keep);
  EXPECT_TRUE(d.record.value.is_null());
  EXPECT_EQ(d.record.key, dbz::key(1005));
  EXPECT_EQ(apply(*chain, record(dbz::key(1005), nullptr, topic)).verdict, V::Drop);
}

TEST_P(ConnectorEvents, RewriteWithMetadata) {
  const Stream& s = GetParam();
  auto chain = build_chain(one_transform(kCls, {{kMode, "rewrite"},
                                                {"add.fields", "op,table,source.ts_ms,ts_ms"},
                                                {"add.headers", "op,db,source.ts_ms"}}));
  Applied u = apply(*chain, record(dbz::key(1005), s.update, "t"));
  Value expected = dbz::row(dbz::kJaneUpdated, s.postgres);
  Object& o = expected.as_object();
  o.emplace_back("__deleted", "false");
  o.emplace_back("__op", "u");
  o.emplace_back("__table", "customers");
  o.emplace_back("__source_ts_ms", s.update.find("source")->find("ts_ms")->as_int());
  o.emplace_back("__ts_ms", int64_t{1710158405250});
  EXPECT_EQ(u.record.value, expected);
  ASSERT_EQ(u.record.headers.size(), 3u);
  EXPECT_EQ(header(u.record, "__op"), "u");
  EXPECT_EQ(header(u.record, "__db"), s.postgres ? "postgres" : "inventory");
  EXPECT_EQ(header(u.record, "__source_ts_ms"),
            std::to_string(s.update.find("source")->find("ts_ms")->as_int()));

  Applied d = apply(*chain, record(dbz::key(1005), s.del, "t"));
  const int64_t deleted_at = s.del.find("source")->find("ts_ms")->as_int();
  Value deleted = dbz::row(dbz::kJaneUpdated, s.postgres);
  deleted.as_object().emplace_back("__deleted", "true");
  deleted.as_object().emplace_back("__op", "d");
  deleted.as_object().emplace_back("__table", "customers");
  deleted.as_object().emplace_back("__source_ts_ms", deleted_at);
  deleted.as_object().emplace_back("__ts_ms", int64_t{1710233100750});
  EXPECT_EQ(d.record.value, deleted);
  EXPECT_EQ(header(d.record, "__op"), "d");
  EXPECT_EQ(apply(*chain, record(dbz::key(1005), nullptr, "t")).verdict, V::Drop);
}

TEST_P(ConnectorEvents, DeprecatedKeysKeepTheTombstone) {
  const Stream& s = GetParam();
  auto chain = build_chain(one_transform(
      kCls,
      {{"drop.tombstones", "false"}, {"delete.handling.mode", "none"}, {"add.headers", "op"}}));
  Applied d = apply(*chain, record(dbz::key(1005), s.del, "t"));
  EXPECT_TRUE(d.record.value.is_null());
  Applied t = apply(*chain, record(dbz::key(1005), nullptr, "t"));
  ASSERT_EQ(t.verdict, V::Keep);
  EXPECT_EQ(t.record.key, dbz::key(1005));
  EXPECT_EQ(header(t.record, "__op"), "d");
}

INSTANTIATE_TEST_SUITE_P(Debezium, ConnectorEvents,
                         ::testing::Values(Stream{"MySql", dbz::mysql_read(), dbz::mysql_create(),
                                                  dbz::mysql_update(), dbz::mysql_delete(), false},
                                           Stream{"Postgres", dbz::postgres_read(),
                                                  dbz::postgres_create(), dbz::postgres_update(),
                                                  dbz::postgres_delete(), true}),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(ExtractNewRecordState, PostgresTruncateIsDropped) {
  for (const char* mode : {"drop", "tombstone", "rewrite", "rewrite-with-tombstone"})
    EXPECT_EQ(run({{kMode, mode}}, rec(dbz::postgres_truncate())).verdict, V::Drop) << mode;
}

TEST(ExtractNewRecordState, MySqlHeartbeatPassesUnchanged) {
  Record in =
      record(dbz::mysql_heartbeat_key(), dbz::mysql_heartbeat(), "__debezium-heartbeat.dbserver1");
  Applied a = run({{kMode, "rewrite"}, {"add.fields", "op"}}, in);
  ASSERT_EQ(a.verdict, V::Keep);
  EXPECT_EQ(a.record.value, in.value);
  EXPECT_EQ(a.record.key, in.key);
}

}  // namespace
}  // namespace ksink::transforms::testing
