// What a valid KCQL setting parses to: every example of docs/kcql.md, then each lexical rule and
// clause.
#include "kcql/parser.h"

#include <gtest/gtest.h>

#include "kcql_test_util.h"

namespace ksink::kcql {
namespace {

using testing::Names;
using testing::names;
using testing::Params;
using testing::parse_ok;
using testing::parse_single;
using testing::PartList;
using testing::parts;

// --- The examples from the Stream Reactor guides (kcql.md) ---

TEST(KcqlDocExamples, InsertSelectAll) {
  Statement s = parse_single("INSERT INTO tableA SELECT * FROM topicA");
  EXPECT_EQ(s.operation, Operation::Insert);
  EXPECT_EQ(s.target, "tableA");
  EXPECT_EQ(s.source, "topicA");
  EXPECT_TRUE(s.select_all);
  EXPECT_TRUE(s.columns.empty());
  EXPECT_TRUE(s.primary_keys.empty());
  EXPECT_FALSE(s.store_as);
  EXPECT_FALSE(s.ttl);
  EXPECT_EQ(s.number, 1);
  EXPECT_EQ(s.text, "INSERT INTO tableA SELECT * FROM topicA");
}

TEST(KcqlDocExamples, UpsertWithAliases) {
  Statement s = parse_single("UPSERT INTO tableB SELECT x AS a, y AS b, z AS c FROM topicB");
  EXPECT_EQ(s.operation, Operation::Upsert);
  EXPECT_EQ(s.target, "tableB");
  EXPECT_EQ(s.source, "topicB");
  EXPECT_FALSE(s.select_all);
  ASSERT_EQ(s.columns.size(), 3u);
  EXPECT_EQ(s.columns[0].path.parts, Names{"x"});
  EXPECT_EQ(s.columns[0].alias, "a");
  EXPECT_EQ(s.columns[1].path.parts, Names{"y"});
  EXPECT_EQ(s.columns[1].alias, "b");
  EXPECT_EQ(s.columns[2].path.parts, Names{"z"});
  EXPECT_EQ(s.columns[2].alias, "c");
  EXPECT_EQ(names(s.columns), (Names{"a", "b", "c"}));
}

TEST(KcqlDocExamples, TwoStatements) {
  auto all =
      parse_ok("INSERT INTO table1 SELECT * FROM topic1; INSERT INTO tableA SELECT * FROM topicC");
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].number, 1);
  EXPECT_EQ(all[0].target, "table1");
  EXPECT_EQ(all[0].source, "topic1");
  EXPECT_EQ(all[0].text, "INSERT INTO table1 SELECT * FROM topic1");
  EXPECT_EQ(all[1].number, 2);
  EXPECT_EQ(all[1].target, "tableA");
  EXPECT_EQ(all[1].source, "topicC");
  EXPECT_EQ(all[1].text, "INSERT INTO tableA SELECT * FROM topicC");
}

TEST(KcqlDocExamples, BareSelectWithPk) {
  Statement s = parse_single("SELECT price FROM yahoo-fx PK symbol");
  EXPECT_EQ(s.operation, Operation::Select);
  EXPECT_EQ(s.target, "");
  EXPECT_EQ(s.source, "yahoo-fx");
  EXPECT_EQ(names(s.columns), Names{"price"});
  EXPECT_EQ(parts(s.primary_keys), PartList{{"symbol"}});
  EXPECT_EQ(s.primary_keys[0].source, Source::Value);
}

TEST(KcqlDocExamples, TargetEndingInDashWithSortedSet) {
  Statement s = parse_single(
      "INSERT INTO FX- SELECT price FROM yahoo-fx PK symbol STOREAS SortedSet(score=timestamp)");
  EXPECT_EQ(s.target, "FX-");
  EXPECT_EQ(s.source, "yahoo-fx");
  EXPECT_EQ(names(s.columns), Names{"price"});
  EXPECT_EQ(parts(s.primary_keys), PartList{{"symbol"}});
  EXPECT_EQ(s.store_as, "SortedSet");
  EXPECT_EQ(s.store_as_params, (Params{{"score", "timestamp"}}));
}

TEST(KcqlDocExamples, SortedSetOfAllFields) {
  Statement s = parse_single(
      "INSERT INTO cpu_stats SELECT * FROM cpuTopic STOREAS SortedSet(score=timestamp)");
  EXPECT_EQ(s.target, "cpu_stats");
  EXPECT_EQ(s.source, "cpuTopic");
  EXPECT_TRUE(s.select_all);
  EXPECT_TRUE(s.primary_keys.empty());
  EXPECT_EQ(s.store_as, "SortedSet");
  EXPECT_EQ(s.store_as_param("score"), "timestamp");
}

TEST(KcqlDocExamples, SortedSetPerKey) {
  Statement s = parse_single(
      "INSERT INTO cpu_stats SELECT temperature, humidity FROM sensorsTopic PK sensorID STOREAS "
      "SortedSet(score=timestamp)");
  EXPECT_EQ(s.target, "cpu_stats");
  EXPECT_EQ(s.source, "sensorsTopic");
  EXPECT_EQ(names(s.columns), (Names{"temperature", "humidity"}));
  EXPECT_EQ(parts(s.primary_keys), PartList{{"sensorID"}});
  EXPECT_EQ(s.store_as, "SortedSet");
  EXPECT_EQ(s.store_as_params, (Params{{"score", "timestamp"}}));
}

TEST(KcqlDocExamples, SortedSetWithTtl) {
  Statement s = parse_single(
      "SELECT temperature, humidity FROM sensorsTopic PK sensorID STOREAS SortedSet TTL = 60");
  EXPECT_EQ(s.target, "");
  EXPECT_EQ(names(s.columns), (Names{"temperature", "humidity"}));
  EXPECT_EQ(parts(s.primary_keys), PartList{{"sensorID"}});
  EXPECT_EQ(s.store_as, "SortedSet");
  EXPECT_TRUE(s.store_as_params.empty());
  EXPECT_EQ(s.ttl, 60);
}

TEST(KcqlDocExamples, GeoAddWithSpaceBeforeParameters) {
  Statement s = parse_single(
      "INSERT INTO cities: SELECT town FROM addressTopic PK country STOREAS GeoAdd "
      "(longitudeField=lng, latitudeField=lat)");
  EXPECT_EQ(s.target, "cities:");
  EXPECT_EQ(s.source, "addressTopic");
  EXPECT_EQ(names(s.columns), Names{"town"});
  EXPECT_EQ(parts(s.primary_keys), PartList{{"country"}});
  EXPECT_EQ(s.store_as, "GeoAdd");
  EXPECT_EQ(s.store_as_params, (Params{{"longitudeField", "lng"}, {"latitudeField", "lat"}}));
}

TEST(KcqlDocExamples, PubSub) {
  Statement s = parse_single("SELECT * FROM cpuTopic STOREAS PubSub (channel=type)");
  EXPECT_TRUE(s.select_all);
  EXPECT_EQ(s.source, "cpuTopic");
  EXPECT_EQ(s.store_as, "PubSub");
  EXPECT_EQ(s.store_as_params, (Params{{"channel", "type"}}));
}

TEST(KcqlDocExamples, StreamTypeAsWrittenInUpperCase) {
  Statement s = parse_single("INSERT INTO lenses SELECT * FROM redis STOREAS STREAM");
  EXPECT_EQ(s.target, "lenses");
  EXPECT_EQ(s.source, "redis");
  EXPECT_EQ(s.store_as, "STREAM");
}

TEST(KcqlDocExamples, NestedPrimaryKey) {
  Statement s = parse_single("SELECT * FROM topic PK firstName, child.firstName");
  EXPECT_EQ(s.source, "topic");
  EXPECT_EQ(parts(s.primary_keys), (PartList{{"firstName"}, {"child", "firstName"}}));
  EXPECT_EQ(s.primary_keys[1].text, "child.firstName");
}

TEST(KcqlDocExamples, SpecQuickStart) {
  Statement s = parse_single(
      "SELECT firstName, lastName, age, salary AS income FROM redis-topic PK firstName, lastName");
  EXPECT_EQ(s.source, "redis-topic");
  EXPECT_EQ(names(s.columns), (Names{"firstName", "lastName", "age", "income"}));
  EXPECT_EQ(s.columns[3].path.parts, Names{"salary"});
  EXPECT_EQ(parts(s.primary_keys), (PartList{{"firstName"}, {"lastName"}}));
}

// --- Lexical rules ---

TEST(KcqlLexical, KeywordsInAnyCase) {
  const Statement upper = parse_single(
      "INSERT INTO t SELECT a AS b FROM s PK a STOREAS SortedSet(score=ts) TTL = 5 BATCH = 7");
  for (const char* text :
       {"insert into t select a as b from s pk a storeas SortedSet(score=ts) ttl = 5 batch = 7",
        "Insert Into t Select a As b From s Pk a StoreAs SortedSet(score=ts) Ttl = 5 Batch = 7",
        "iNsErT iNtO t SeLeCt a aS b fRoM s pK a sToReAs SortedSet(score=ts) tTl = 5 bAtCh = 7"}) {
    Statement s = parse_single(text);
    EXPECT_EQ(s.operation, Operation::Insert) << text;
    EXPECT_EQ(s.target, upper.target) << text;
    EXPECT_EQ(s.source, upper.source) << text;
    EXPECT_EQ(names(s.columns), names(upper.columns)) << text;
    EXPECT_EQ(parts(s.primary_keys), parts(upper.primary_keys)) << text;
    EXPECT_EQ(s.store_as, upper.store_as) << text;
    EXPECT_EQ(s.store_as_params, upper.store_as_params) << text;
    EXPECT_EQ(s.ttl, 5) << text;
    EXPECT_EQ(s.batch_size, 7) << text;
  }
}

TEST(KcqlLexical, IdentifierCharacters) {
  Statement s = parse_single(
      "INSERT INTO a@b+c/d:{e}_1 SELECT f-g, h@i, j+k, l/m, n:o, {p} FROM topic.with-dots_9");
  EXPECT_EQ(s.target, "a@b+c/d:{e}_1");
  EXPECT_EQ(s.source, "topic.with-dots_9");
  EXPECT_EQ(names(s.columns), (Names{"f-g", "h@i", "j+k", "l/m", "n:o", "{p}"}));
}

TEST(KcqlLexical, BacktickedNamesAreOnePart) {
  Statement s = parse_single(
      "INSERT INTO `my table` SELECT `first name` AS fn, `a.b`, c.`d e`.f FROM `TOPIC.A`");
  EXPECT_EQ(s.target, "my table");
  EXPECT_EQ(s.source, "TOPIC.A");
  ASSERT_EQ(s.columns.size(), 3u);
  EXPECT_EQ(s.columns[0].path.parts, Names{"first name"});
  EXPECT_EQ(s.columns[0].alias, "fn");
  EXPECT_EQ(s.columns[1].path.parts, Names{"a.b"});
  EXPECT_EQ(s.columns[1].name(), "a.b");
  EXPECT_EQ(s.columns[2].path.parts, (Names{"c", "d e", "f"}));
  EXPECT_EQ(s.columns[2].path.text, "c.`d e`.f");
}

TEST(KcqlLexical, BacktickedKeywordsAreNames) {
  Statement s = parse_single("SELECT `from`, `select` AS `as` FROM `pk` PK `ttl`");
  EXPECT_EQ(names(s.columns), (Names{"from", "as"}));
  EXPECT_EQ(s.source, "pk");
  EXPECT_EQ(parts(s.primary_keys), PartList{{"ttl"}});
}

TEST(KcqlLexical, ClauseKeywordsNameColumnsWhereNoClauseCanStart) {
  Statement s = parse_single("SELECT ttl, pk, batch AS limit FROM t PK `ttl`");
  EXPECT_EQ(names(s.columns), (Names{"ttl", "pk", "limit"}));
}

TEST(KcqlLexical, QuotedStringsAsNames) {
  Statement s = parse_single("INSERT INTO 'my target' SELECT 'a b' AS 'c d' FROM 'my topic'");
  EXPECT_EQ(s.target, "my target");
  EXPECT_EQ(s.source, "my topic");
  EXPECT_EQ(s.columns[0].path.parts, Names{"a b"});
  EXPECT_EQ(s.columns[0].alias, "c d");
}

TEST(KcqlLexical, TargetMayEndInADot) {
  Statement s = parse_single("INSERT INTO user. SELECT * FROM users PK id");
  EXPECT_EQ(s.target, "user.");
}

TEST(KcqlLexical, NonAsciiFieldNames) {
  Statement s = parse_single("SELECT prénom, straße AS street FROM t");
  EXPECT_EQ(names(s.columns), (Names{"prénom", "street"}));
}

TEST(KcqlLexical, WhitespaceOfAnyKind) {
  Statement s = parse_single("\n\tINSERT\tINTO  t\r\n SELECT\n*\nFROM s\n  PK\ta ,b  \n");
  EXPECT_EQ(s.target, "t");
  EXPECT_EQ(s.source, "s");
  EXPECT_EQ(parts(s.primary_keys), (PartList{{"a"}, {"b"}}));
  EXPECT_EQ(s.text, "INSERT\tINTO  t\r\n SELECT\n*\nFROM s\n  PK\ta ,b");
}

TEST(KcqlLexical, SemicolonsInsideQuotesAndBackticksDoNotSplit) {
  auto all = parse_ok(
      "SELECT * FROM a KEYDELIMITER = ';'; SELECT `x;y` FROM `b;c` PROPERTIES (k = 'p;q');");
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].key_delimiter, ";");
  EXPECT_EQ(all[0].text, "SELECT * FROM a KEYDELIMITER = ';'");
  EXPECT_EQ(names(all[1].columns), Names{"x;y"});
  EXPECT_EQ(all[1].source, "b;c");
  EXPECT_EQ(all[1].properties, (Params{{"k", "p;q"}}));
  EXPECT_EQ(all[1].number, 2);
}

TEST(KcqlLexical, DoubledQuotesStandForThemselves) {
  Statement s = parse_single("SELECT `a``b` FROM t PROPERTIES (k = 'it''s; fine')");
  EXPECT_EQ(names(s.columns), Names{"a`b"});
  EXPECT_EQ(s.properties, (Params{{"k", "it's; fine"}}));
}

TEST(KcqlLexical, TrailingAndEmptyStatementsAreFine) {
  auto all = parse_ok(" ; SELECT * FROM a;; ;\n SELECT * FROM b ; ");
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].source, "a");
  EXPECT_EQ(all[0].number, 1);
  EXPECT_EQ(all[1].source, "b");
  EXPECT_EQ(all[1].number, 2);
  EXPECT_EQ(all[1].text, "SELECT * FROM b");
}

// --- Columns ---

TEST(KcqlColumns, StarWithAliasedColumns) {
  Statement s = parse_single("SELECT *, salary AS income FROM t");
  EXPECT_TRUE(s.select_all);
  ASSERT_EQ(s.columns.size(), 1u);
  EXPECT_EQ(s.columns[0].path.parts, Names{"salary"});
  EXPECT_EQ(s.columns[0].name(), "income");
}

TEST(KcqlColumns, StarMayStandAnywhereInTheList) {
  Statement s = parse_single("SELECT a, *, b AS c FROM t");
  EXPECT_TRUE(s.select_all);
  EXPECT_EQ(names(s.columns), (Names{"a", "c"}));
}

TEST(KcqlColumns, NestedPathsAndWildcards) {
  Statement s = parse_single("SELECT a.b.c, d.e AS f, g.h.* FROM t");
  ASSERT_EQ(s.columns.size(), 3u);
  EXPECT_EQ(s.columns[0].path.parts, (Names{"a", "b", "c"}));
  EXPECT_EQ(s.columns[0].name(), "c");
  EXPECT_FALSE(s.columns[0].path.wildcard);
  EXPECT_EQ(s.columns[1].name(), "f");
  EXPECT_EQ(s.columns[2].path.parts, (Names{"g", "h"}));
  EXPECT_TRUE(s.columns[2].path.wildcard);
  EXPECT_EQ(s.columns[2].path.text, "g.h.*");
}

TEST(KcqlColumns, SpecialNamesMapToTheirSource) {
  Statement s = parse_single(
      "SELECT _key, _key.id AS kid, _value.a, _header.trace, _topic, _partition, _offset, "
      "_timestamp FROM t");
  ASSERT_EQ(s.columns.size(), 8u);
  const auto& c = s.columns;
  EXPECT_EQ(c[0].path.source, Source::Key);
  EXPECT_TRUE(c[0].path.parts.empty());
  EXPECT_EQ(c[0].name(), "_key");
  EXPECT_EQ(c[1].path.source, Source::Key);
  EXPECT_EQ(c[1].path.parts, Names{"id"});
  EXPECT_EQ(c[1].name(), "kid");
  EXPECT_EQ(c[2].path.source, Source::Value);
  EXPECT_EQ(c[2].path.parts, Names{"a"});
  EXPECT_EQ(c[2].name(), "a");
  EXPECT_EQ(c[3].path.source, Source::Header);
  EXPECT_EQ(c[3].path.parts, Names{"trace"});
  EXPECT_EQ(c[3].name(), "trace");
  EXPECT_EQ(c[4].path.source, Source::Topic);
  EXPECT_EQ(c[4].name(), "_topic");
  EXPECT_EQ(c[5].path.source, Source::Partition);
  EXPECT_EQ(c[5].name(), "_partition");
  EXPECT_EQ(c[6].path.source, Source::Offset);
  EXPECT_EQ(c[6].name(), "_offset");
  EXPECT_EQ(c[7].path.source, Source::Timestamp);
  EXPECT_EQ(c[7].name(), "_timestamp");
}

TEST(KcqlColumns, UnderscoreDotSpellings) {
  Statement s = parse_single(
      "SELECT _.topic, _.partition, _.offset, _.timestamp, _.key.id, _.header.h FROM t PK _.key");
  ASSERT_EQ(s.columns.size(), 6u);
  EXPECT_EQ(s.columns[0].path.source, Source::Topic);
  EXPECT_EQ(s.columns[0].name(), "_topic");
  EXPECT_EQ(s.columns[0].path.text, "_.topic");
  EXPECT_EQ(s.columns[1].path.source, Source::Partition);
  EXPECT_EQ(s.columns[2].path.source, Source::Offset);
  EXPECT_EQ(s.columns[3].path.source, Source::Timestamp);
  EXPECT_EQ(s.columns[4].path.source, Source::Key);
  EXPECT_EQ(s.columns[4].path.parts, Names{"id"});
  EXPECT_EQ(s.columns[5].path.source, Source::Header);
  EXPECT_EQ(s.columns[5].path.parts, Names{"h"});
  EXPECT_EQ(s.primary_keys[0].source, Source::Key);
}

TEST(KcqlColumns, HeaderNamesMayHoldDots) {
  Statement s = parse_single("SELECT _header.trace.id FROM t");
  EXPECT_EQ(s.columns[0].path.source, Source::Header);
  EXPECT_EQ(s.columns[0].path.parts, Names{"trace.id"});
}

TEST(KcqlColumns, BacktickedSpecialNamesAreValueFields) {
  Statement s = parse_single("SELECT `_key`, `_topic` FROM t");
  EXPECT_EQ(s.columns[0].path.source, Source::Value);
  EXPECT_EQ(s.columns[0].path.parts, Names{"_key"});
  EXPECT_EQ(s.columns[1].path.source, Source::Value);
  EXPECT_EQ(s.columns[1].path.parts, Names{"_topic"});
}

TEST(KcqlColumns, KeyAndValueWildcards) {
  Statement s = parse_single("SELECT _key.*, _value.a.* FROM t");
  EXPECT_EQ(s.columns[0].path.source, Source::Key);
  EXPECT_TRUE(s.columns[0].path.wildcard);
  EXPECT_TRUE(s.columns[0].path.parts.empty());
  EXPECT_EQ(s.columns[1].path.source, Source::Value);
  EXPECT_EQ(s.columns[1].path.parts, Names{"a"});
}

TEST(KcqlColumns, PathsInPkListsUseSpecialNames) {
  Statement s = parse_single("SELECT * FROM t PK _key, _header.region, _topic, a.b");
  EXPECT_EQ(s.primary_keys[0].source, Source::Key);
  EXPECT_EQ(s.primary_keys[1].source, Source::Header);
  EXPECT_EQ(s.primary_keys[1].parts, Names{"region"});
  EXPECT_EQ(s.primary_keys[2].source, Source::Topic);
  EXPECT_EQ(s.primary_keys[3].parts, (Names{"a", "b"}));
}

// --- Clauses ---

TEST(KcqlClauses, AnyOrderGivesTheSameStatement) {
  const char* orders[] = {
      "SELECT * FROM t IGNORE x PK a STOREAS SortedSet(score=ts) TTL = 9 BATCH = 3",
      "SELECT * FROM t TTL = 9 BATCH = 3 STOREAS SortedSet(score=ts) PK a IGNORE x",
      "SELECT * FROM t STOREAS SortedSet(score=ts) IGNORE x TTL = 9 PK a BATCH = 3",
  };
  for (const char* text : orders) {
    Statement s = parse_single(text);
    EXPECT_EQ(parts(s.ignore), PartList{{"x"}}) << text;
    EXPECT_EQ(parts(s.primary_keys), PartList{{"a"}}) << text;
    EXPECT_EQ(s.store_as, "SortedSet") << text;
    EXPECT_EQ(s.store_as_params, (Params{{"score", "ts"}})) << text;
    EXPECT_EQ(s.ttl, 9) << text;
    EXPECT_EQ(s.batch_size, 3) << text;
  }
}

TEST(KcqlClauses, EqualsSignMayBeLeftOut) {
  Statement s = parse_single("SELECT * FROM t TTL 60 BATCH 10 LIMIT 5 KEYDELIMITER '|'");
  EXPECT_EQ(s.ttl, 60);
  EXPECT_EQ(s.batch_size, 10);
  EXPECT_EQ(s.limit, 5);
  EXPECT_EQ(s.key_delimiter, "|");
}

TEST(KcqlClauses, NoSpacesAroundEquals) {
  Statement s = parse_single("SELECT * FROM t TTL=60 BATCH=10 KEYDELIMITER=':'");
  EXPECT_EQ(s.ttl, 60);
  EXPECT_EQ(s.batch_size, 10);
  EXPECT_EQ(s.key_delimiter, ":");
}

TEST(KcqlClauses, IgnoreList) {
  Statement s = parse_single("SELECT * FROM t IGNORE a, b.c, `d e`");
  EXPECT_EQ(parts(s.ignore), (PartList{{"a"}, {"b", "c"}, {"d e"}}));
}

TEST(KcqlClauses, StoreAsParameterValues) {
  Statement s = parse_single(
      "SELECT * FROM t STOREAS Stream(maxlen = 1000, ratio = 1.5, neg = -2, label = 'a b, c', "
      "path = location.lng)");
  EXPECT_EQ(s.store_as, "Stream");
  EXPECT_EQ(s.store_as_params, (Params{{"maxlen", "1000"},
                                       {"ratio", "1.5"},
                                       {"neg", "-2"},
                                       {"label", "a b, c"},
                                       {"path", "location.lng"}}));
}

TEST(KcqlClauses, StoreAsParameterLookupIgnoresCase) {
  Statement s =
      parse_single("SELECT * FROM t STOREAS GeoAdd(longitudeField=lng, LatitudeField=lat)");
  EXPECT_EQ(s.store_as_param("longitudefield"), "lng");
  EXPECT_EQ(s.store_as_param("LATITUDEFIELD"), "lat");
  EXPECT_EQ(s.store_as_param("score"), std::nullopt);
}

TEST(KcqlClauses, StoreAsParameterGroupsReadAsOneList) {
  Statement s = parse_single("SELECT * FROM t STOREAS X(a=1)(b=2)");
  EXPECT_EQ(s.store_as_params, (Params{{"a", "1"}, {"b", "2"}}));
}

TEST(KcqlClauses, WithFormatIsUpperCased) {
  EXPECT_EQ(parse_single("SELECT * FROM t WITHFORMAT json").with_format, "JSON");
  EXPECT_EQ(parse_single("SELECT * FROM t withformat Avro").with_format, "AVRO");
  for (const char* format : {"AVRO", "PROTOBUF", "TEXT", "BINARY", "JSON", "OBJECT", "MAP"})
    EXPECT_EQ(parse_single(std::string("SELECT * FROM t WITHFORMAT ") + format).with_format,
              format);
}

TEST(KcqlClauses, Properties) {
  Statement s = parse_single("SELECT * FROM t PROPERTIES ('a.b' = 1, c.d = x, e = 'y z')");
  EXPECT_EQ(s.properties, (Params{{"a.b", "1"}, {"c.d", "x"}, {"e", "y z"}}));
  EXPECT_TRUE(parse_single("SELECT * FROM t PROPERTIES ()").properties.empty());
}

TEST(KcqlClauses, KeyDelimiterMayBeLongerThanOneCharacter) {
  EXPECT_EQ(parse_single("SELECT * FROM t PK a, b KEYDELIMITER = '::'").key_delimiter, "::");
}

TEST(KcqlClauses, OtherConnectorsClausesAreRecorded) {
  Statement s = parse_single(
      "INSERT INTO t SELECT * FROM s AUTOCREATE AUTOEVOLVE WITHTIMESTAMP sys_time() "
      "TIMESTAMPUNIT = MILLISECONDS PARTITIONBY a, b.c, _key NOPARTITION WITHKEY (a, b) "
      "WITHTAG (x, y = z, w AS v) WITHUNWRAP WITHSTRUCTURE LIMIT 5 WITHTYPE doc "
      "WITHDOCTYPE = d WITHINDEXSUFFIX = _suffix INCREMENTALMODE = timestamp "
      "WITHCONVERTER = com.x.Conv WITHJMSSELECTOR = 'a > 1' WITHTARGET = tgt "
      "WITHPIPELINE = p WITHSUBSCRIPTION = shared WITHREGEX = '^a.*$'");
  EXPECT_EQ(s.foreign_clauses,
            (Names{"AUTOCREATE",      "AUTOEVOLVE",      "WITHTIMESTAMP",   "TIMESTAMPUNIT",
                   "PARTITIONBY",     "NOPARTITION",     "WITHKEY",         "WITHTAG",
                   "WITHUNWRAP",      "WITHSTRUCTURE",   "LIMIT",           "WITHTYPE",
                   "WITHDOCTYPE",     "WITHINDEXSUFFIX", "INCREMENTALMODE", "WITHCONVERTER",
                   "WITHJMSSELECTOR", "WITHTARGET",      "WITHPIPELINE",    "WITHSUBSCRIPTION",
                   "WITHREGEX"}));
  EXPECT_EQ(s.limit, 5);
  EXPECT_TRUE(s.select_all);
  EXPECT_TRUE(s.primary_keys.empty());
}

TEST(KcqlClauses, ForeignClausesAreRecordedInUpperCase) {
  Statement s = parse_single("SELECT * FROM s withtimestamp ts autoCreate PK a");
  EXPECT_EQ(s.foreign_clauses, (Names{"WITHTIMESTAMP", "AUTOCREATE"}));
  EXPECT_EQ(parts(s.primary_keys), PartList{{"a"}});
}

TEST(KcqlClauses, NewestStreamReactorClauses) {
  Statement s = parse_single(
      "INSERT INTO t SELECT * FROM s DISTRIBUTEBY a, b INTO 4 BUCKETS CLUSTERBY c INTO 2 BUCKETS "
      "WITHGROUP g WITHPARTITIONER = Values WITHCOMPRESSION = SNAPPY WITHDELAY = 5 "
      "WITH_FLUSH_SIZE = 100 WITH_FLUSH_INTERVAL = 10 WITH_FLUSH_COUNT = 3 WITH_SESSION = s1 "
      "WITH_ACK WITH_ENCODE_BASE64 WITH_LOCK_TIME = 7");
  EXPECT_EQ(s.foreign_clauses,
            (Names{"DISTRIBUTEBY", "CLUSTERBY", "WITHGROUP", "WITHPARTITIONER", "WITHCOMPRESSION",
                   "WITHDELAY", "WITH_FLUSH_SIZE", "WITH_FLUSH_INTERVAL", "WITH_FLUSH_COUNT",
                   "WITH_SESSION", "WITH_ACK", "WITH_ENCODE_BASE64", "WITH_LOCK_TIME"}));
}

TEST(KcqlClauses, WithTimestampTakesAFieldToo) {
  Statement s = parse_single("SELECT * FROM s WITHTIMESTAMP created.at TTL = 3");
  EXPECT_EQ(s.foreign_clauses, Names{"WITHTIMESTAMP"});
  EXPECT_EQ(s.ttl, 3);
}

TEST(KcqlClauses, LargestTtl) {
  EXPECT_EQ(parse_single("SELECT * FROM t TTL = 9223372036854775807").ttl,
            int64_t{9223372036854775807});
}

TEST(ParsePath, AFieldPathOnItsOwnFollowsTheColumnRules) {
  auto plain = parse_path("location.lng");
  ASSERT_TRUE(plain.ok()) << plain.error().message;
  EXPECT_EQ(plain->source, Source::Value);
  EXPECT_EQ(plain->parts, (std::vector<std::string>{"location", "lng"}));
  EXPECT_EQ(parse_path("_.offset")->source, Source::Offset);
  // Back-ticked, a special name is an ordinary field.
  auto quoted = parse_path("`_key`");
  ASSERT_TRUE(quoted.ok());
  EXPECT_EQ(quoted->source, Source::Value);
  EXPECT_EQ(quoted->parts, std::vector<std::string>{"_key"});
  EXPECT_EQ(parse_path("a b").error().message,
            "'a b' is not a field path: expected the end of the field path, found 'b' (at column 3)");
  EXPECT_FALSE(parse_path("").ok());
  EXPECT_FALSE(parse_path("a.*.b").ok());
}

}  // namespace
}  // namespace ksink::kcql
