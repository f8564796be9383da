// The errors a user sees for a wrong KCQL setting: the statement, the column, what was expected
// and what was found, with the statement echoed and a caret under the column.
#include <gtest/gtest.h>

#include "kcql/parser.h"
#include "kcql_test_util.h"

namespace ksink::kcql {
namespace {

using testing::first_line;
using testing::parse_error;

// --- The two wrong statements of the Stream Reactor guides ---

TEST(KcqlErrors, MissingSelect) {
  // kcql.md's example says column 24 with the caret under the R of FROM; FROM starts at column 23.
  EXPECT_EQ(parse_error("INSERT INTO sink-test FROM sink-test"),
            "KCQL statement 1, column 23: expected SELECT after target 'sink-test', found FROM\n"
            "  INSERT INTO sink-test FROM sink-test\n"
            "                        ^");
}

TEST(KcqlErrors, AndInsteadOfComma) {
  EXPECT_EQ(parse_error("SELECT x AS a, y AS b and z AS c FROM topicB"),
            "KCQL statement 1, column 23: expected ',' or FROM after column 'b', found 'and'\n"
            "  SELECT x AS a, y AS b and z AS c FROM topicB\n"
            "                        ^");
}

// --- Where the error is ---

TEST(KcqlErrors, ColumnCountsWithinTheTrimmedStatement) {
  EXPECT_EQ(parse_error("SELECT * FROM a;\n   INSERT INTO b SELECT * FORM c"),
            "KCQL statement 2, column 24: expected ',' or FROM after '*', found 'FORM'\n"
            "  INSERT INTO b SELECT * FORM c\n"
            "                         ^");
}

TEST(KcqlErrors, StatementsAreNumberedWithoutEmptyOnes) {
  EXPECT_EQ(first_line(parse_error("SELECT * FROM a;; SELECT * FROM b; SELECT FROM c")),
            "KCQL statement 3, column 8: expected a column or '*' after SELECT, found FROM");
}

TEST(KcqlErrors, MultiLineStatementIsEchoedOnOneLine) {
  EXPECT_EQ(parse_error("SELECT a,\n\tb\nFROM t\nPK"),
            "KCQL statement 1, column 23: expected a field name after PK, found end of statement\n"
            "  SELECT a,  b FROM t PK\n"
            "                        ^");
}

TEST(KcqlErrors, ColumnCountsCharactersNotBytes) {
  EXPECT_EQ(parse_error("SELECT prénom nom FROM t"),
            "KCQL statement 1, column 15: expected ',', AS or FROM after column 'prénom', found "
            "'nom'\n"
            "  SELECT prénom nom FROM t\n"
            "                ^");
}

TEST(KcqlErrors, EndOfStatementPointsPastTheText) {
  EXPECT_EQ(
      parse_error("SELECT * FROM"),
      "KCQL statement 1, column 14: expected a topic name after FROM, found end of statement\n"
      "  SELECT * FROM\n"
      "               ^");
}

// --- Syntax ---

TEST(KcqlErrors, WhatEachPositionExpects) {
  struct Case {
    const char* kcql;
    const char* message;
  };
  const Case cases[] = {
      {"DELETE FROM t",
       "KCQL statement 1, column 1: expected INSERT, UPSERT or SELECT, found 'DELETE'"},
      {"INSERT t SELECT * FROM s",
       "KCQL statement 1, column 8: expected INTO after INSERT, found 't'"},
      {"upsert tbl", "KCQL statement 1, column 8: expected INTO after UPSERT, found 'tbl'"},
      {"INSERT INTO",
       "KCQL statement 1, column 12: expected a target name after INTO, found end of statement"},
      {"INSERT INTO SELECT * FROM s",
       "KCQL statement 1, column 13: expected a target name after INTO, found SELECT"},
      {"SELECT",
       "KCQL statement 1, column 7: expected a column or '*' after SELECT, found end of statement"},
      {"SELECT a,",
       "KCQL statement 1, column 10: expected a column or '*' after ',', found end of statement"},
      {"SELECT a, FROM t",
       "KCQL statement 1, column 11: expected a column or '*' after ',', found FROM"},
      {"SELECT a AS FROM t", "KCQL statement 1, column 13: expected an alias after AS, found FROM"},
      {"SELECT a b FROM t",
       "KCQL statement 1, column 10: expected ',', AS or FROM after column 'a', found 'b'"},
      {"SELECT * AS x FROM t",
       "KCQL statement 1, column 10: expected ',' or FROM after '*', found AS"},
      {"SELECT a.* AS x FROM t",
       "KCQL statement 1, column 12: expected ',' or FROM after column 'a.*', found AS"},
      {"SELECT * FROM PK a",
       "KCQL statement 1, column 15: expected a topic name after FROM, found PK"},
      {"SELECT * FROM t WHERE a = 1",
       "KCQL statement 1, column 17: expected a clause such as PK, STOREAS or TTL after source "
       "'t', found 'WHERE'"},
      {"SELECT * FROM t PK a b",
       "KCQL statement 1, column 22: expected ',' or another clause after PK field 'a', found 'b'"},
      {"SELECT * FROM t TTL = 5 x",
       "KCQL statement 1, column 25: expected another clause after TTL = 5, found 'x'"},
      {"SELECT * FROM t PK a, TTL = 5",
       "KCQL statement 1, column 23: expected a field name after ',', found TTL"},
      {"SELECT * FROM a SELECT * FROM b",
       "KCQL statement 1, column 17: expected a clause such as PK, STOREAS or TTL after source "
       "'a', "
       "found SELECT; separate statements with ';'"},
      {"SELECT a. b FROM t",
       "KCQL statement 1, column 10: expected a field name right after '.', found a space"},
      {"SELECT * FROM t PK a.",
       "KCQL statement 1, column 22: expected a field name or '*' after '.', found end of "
       "statement"},
      {"SELECT a.,b FROM t",
       "KCQL statement 1, column 10: expected a field name or '*' after '.', found ','"},
      {"SELECT $a FROM t",
       "KCQL statement 1, column 8: expected a column or '*' after SELECT, found '$'"},
      {"SELECT \"a\" FROM t",
       "KCQL statement 1, column 8: expected a column or '*' after SELECT, found '\"'"},
      {"SELECT * FROM t STOREAS SortedSet(score)",
       "KCQL statement 1, column 40: expected '=' after STOREAS parameter 'score', found ')'"},
      {"SELECT * FROM t STOREAS SortedSet(score=)",
       "KCQL statement 1, column 41: expected a value for STOREAS parameter 'score', found ')'"},
      {"SELECT * FROM t STOREAS SortedSet(score=ts",
       "KCQL statement 1, column 43: expected ',' or ')' after STOREAS parameter 'score', found "
       "end of statement"},
      {"SELECT * FROM t KEYDELIMITER = :",
       "KCQL statement 1, column 32: expected a quoted delimiter after KEYDELIMITER, as in "
       "KEYDELIMITER = ':', found ':'"},
      {"SELECT * FROM t KEYDELIMITER = ''",
       "KCQL statement 1, column 32: expected a quoted delimiter after KEYDELIMITER, as in "
       "KEYDELIMITER = ':', found string ''"},
      {"SELECT * FROM t WITHFORMAT xml",
       "KCQL statement 1, column 28: expected a format after WITHFORMAT (AVRO, PROTOBUF, TEXT, "
       "BINARY, JSON, OBJECT or MAP), found 'xml'"},
      {"SELECT * FROM t PROPERTIES a = b",
       "KCQL statement 1, column 28: expected '(' after PROPERTIES, found 'a'"},
      {"SELECT * FROM t WITHTIMESTAMP",
       "KCQL statement 1, column 30: expected a field or sys_time() after WITHTIMESTAMP, found end "
       "of statement"},
      {"SELECT * FROM t WITHDOCTYPE = PK",
       "KCQL statement 1, column 31: expected a value after WITHDOCTYPE, found PK"},
      {"SELECT * FROM t WITHKEY a",
       "KCQL statement 1, column 25: expected '(' after WITHKEY, found 'a'"},
      {"SELECT * FROM t DISTRIBUTEBY a 4 BUCKETS",
       "KCQL statement 1, column 32: expected ',' or INTO after the DISTRIBUTEBY fields, found "
       "'4'"},
      {"SELECT 'a FROM t",
       "KCQL statement 1, column 8: expected a column or '*' after SELECT, found a quote that is "
       "never closed"},
      {"SELECT * FROM `t",
       "KCQL statement 1, column 15: expected a topic name after FROM, found a back-tick that is "
       "never closed"},
      {"SELECT `` FROM t",
       "KCQL statement 1, column 8: expected a column or '*' after SELECT, found ``"},
      {"SELECT * FROM t IGNORE _topic",
       "KCQL statement 1, column 24: expected a field of the value after IGNORE, found '_topic'"},
      {"SELECT _topic.x FROM t",
       "KCQL statement 1, column 8: '_topic' has no fields, found '_topic.x'"},
      {"SELECT _.offset.* FROM t",
       "KCQL statement 1, column 8: '_offset' has no fields, found '_.offset.*'"},
      {"SELECT _header FROM t",
       "KCQL statement 1, column 8: expected a header name, as in _header.trace, found '_header'"},
      {"SELECT _header.* FROM t",
       "KCQL statement 1, column 8: expected a header name, as in _header.trace, found "
       "'_header.*'"},
      {"SELECT a\x01 FROM t",
       "KCQL statement 1, column 9: expected ',', AS or FROM after column 'a', found character "
       "0x01"},
  };
  for (const auto& c : cases) EXPECT_EQ(first_line(parse_error(c.kcql)), c.message) << c.kcql;
}

TEST(KcqlErrors, KeywordsAreShownInUpperCaseWhateverTheirCase) {
  EXPECT_EQ(first_line(parse_error("insert into sink-test from sink-test")),
            "KCQL statement 1, column 23: expected SELECT after target 'sink-test', found FROM");
}

TEST(KcqlErrors, LongNamesAreShortenedInTheMessage) {
  const std::string name(100, 'n');
  EXPECT_EQ(first_line(parse_error("SELECT a " + name + " FROM t")),
            "KCQL statement 1, column 10: expected ',', AS or FROM after column 'a', found '" +
                std::string(48, 'n') + "...'");
}

TEST(KcqlErrors, EmptySetting) {
  EXPECT_EQ(parse_error(""), "KCQL: no statement found; expected INSERT, UPSERT or SELECT");
  EXPECT_EQ(parse_error(" ;\n; "), "KCQL: no statement found; expected INSERT, UPSERT or SELECT");
}

TEST(KcqlErrors, TheFirstErrorEndsParsing) {
  EXPECT_EQ(
      first_line(parse_error("SELECT * FROM; SELECT FROM b")),
      "KCQL statement 1, column 14: expected a topic name after FROM, found end of statement");
}

// --- Semantic errors (kcql.md: "Semantic errors detected by the parser") ---

TEST(KcqlSemanticErrors, FieldDefinedTwice) {
  EXPECT_EQ(parse_error("SELECT a, b, a FROM t"),
            "KCQL statement 1, column 14: field 'a' is defined twice; rename one with AS\n"
            "  SELECT a, b, a FROM t\n"
            "               ^");
  EXPECT_EQ(first_line(parse_error("SELECT x AS a, a FROM t")),
            "KCQL statement 1, column 16: field 'a' is defined twice; rename one with AS");
  EXPECT_EQ(first_line(parse_error("SELECT a.id, b.id FROM t")),
            "KCQL statement 1, column 14: field 'id' is defined twice; rename one with AS");
  EXPECT_EQ(first_line(parse_error("SELECT _topic, _.topic FROM t")),
            "KCQL statement 1, column 16: field '_topic' is defined twice; rename one with AS");
  EXPECT_EQ(first_line(parse_error("SELECT *, * FROM t")),
            "KCQL statement 1, column 11: '*' is selected twice");
}

TEST(KcqlSemanticErrors, NamesThatDifferAreNotTwice) {
  auto result = parse("SELECT a.id, b.id AS bid, A FROM t");
  EXPECT_TRUE(result.ok()) << result.error().message;
}

TEST(KcqlSemanticErrors, TtlBatchAndLimitMustBePositive) {
  struct Case {
    const char* kcql;
    const char* message;
  };
  const Case cases[] = {
      {"SELECT * FROM t TTL = 0",
       "KCQL statement 1, column 23: expected a positive number of seconds after TTL, found '0'"},
      {"SELECT * FROM t TTL = -5",
       "KCQL statement 1, column 23: expected a positive number of seconds after TTL, found '-5'"},
      {"SELECT * FROM t TTL = 1.5",
       "KCQL statement 1, column 23: expected a positive number of seconds after TTL, found '1.5'"},
      {"SELECT * FROM t TTL = 60s",
       "KCQL statement 1, column 23: expected a positive number of seconds after TTL, found '60s'"},
      {"SELECT * FROM t TTL = 9223372036854775808",
       "KCQL statement 1, column 23: expected a positive number of seconds after TTL, found "
       "'9223372036854775808'"},
      {"SELECT * FROM t TTL =",
       "KCQL statement 1, column 22: expected a positive number of seconds after TTL, found end of "
       "statement"},
      {"SELECT * FROM t TTL = 'x'",
       "KCQL statement 1, column 23: expected a positive number of seconds after TTL, found string "
       "'x'"},
      {"SELECT * FROM t BATCH = 0",
       "KCQL statement 1, column 25: expected a positive batch size after BATCH, found '0'"},
      {"SELECT * FROM t BATCH = -1",
       "KCQL statement 1, column 25: expected a positive batch size after BATCH, found '-1'"},
      {"SELECT * FROM t LIMIT 0",
       "KCQL statement 1, column 23: expected a positive limit after LIMIT, found '0'"},
      {"SELECT * FROM t LIMIT -3",
       "KCQL statement 1, column 23: expected a positive limit after LIMIT, found '-3'"},
  };
  for (const auto& c : cases) EXPECT_EQ(first_line(parse_error(c.kcql)), c.message) << c.kcql;
}

TEST(KcqlSemanticErrors, StoreAsWithoutType) {
  EXPECT_EQ(parse_error("SELECT * FROM t STOREAS"),
            "KCQL statement 1, column 24: expected a storage type after STOREAS, found end of "
            "statement\n"
            "  SELECT * FROM t STOREAS\n"
            "                         ^");
  EXPECT_EQ(first_line(parse_error("SELECT * FROM t STOREAS TTL = 5")),
            "KCQL statement 1, column 25: expected a storage type after STOREAS, found TTL");
  EXPECT_EQ(first_line(parse_error("SELECT * FROM t STOREAS (score=ts)")),
            "KCQL statement 1, column 25: expected a storage type after STOREAS, found '('");
}

TEST(KcqlSemanticErrors, StoreAsWithEmptyParentheses) {
  EXPECT_EQ(first_line(parse_error("SELECT * FROM t STOREAS SortedSet()")),
            "KCQL statement 1, column 35: expected a STOREAS parameter (name = value) after '(', "
            "found ')'");
  EXPECT_EQ(first_line(parse_error("SELECT * FROM t STOREAS SortedSet ( )")),
            "KCQL statement 1, column 37: expected a STOREAS parameter (name = value) after '(', "
            "found ')'");
}

TEST(KcqlSemanticErrors, DuplicateStoreAsParameter) {
  EXPECT_EQ(parse_error("SELECT * FROM t STOREAS GeoAdd(longitudeField=a, LongitudeField=b)"),
            "KCQL statement 1, column 50: STOREAS parameter 'LongitudeField' is given twice\n"
            "  SELECT * FROM t STOREAS GeoAdd(longitudeField=a, LongitudeField=b)\n"
            "                                                   ^");
  EXPECT_EQ(first_line(parse_error("SELECT * FROM t STOREAS X(a=1)(a=2)")),
            "KCQL statement 1, column 32: STOREAS parameter 'a' is given twice");
}

TEST(KcqlSemanticErrors, DuplicateProperty) {
  EXPECT_EQ(first_line(parse_error("SELECT * FROM t PROPERTIES (a=1, a=2)")),
            "KCQL statement 1, column 34: property 'a' is given twice");
}

TEST(KcqlSemanticErrors, StarOnlyAtTheEndOfAPath) {
  EXPECT_EQ(parse_error("SELECT a.*.b FROM t"),
            "KCQL statement 1, column 10: '*' may only come last in a path, as in a.b.*\n"
            "  SELECT a.*.b FROM t\n"
            "           ^");
  EXPECT_EQ(first_line(parse_error("SELECT *.a FROM t")),
            "KCQL statement 1, column 8: '*' may only come last in a path, as in a.b.*");
  EXPECT_EQ(first_line(parse_error("SELECT * FROM t PK a.*")),
            "KCQL statement 1, column 20: expected a field name after PK, found 'a.*'");
  EXPECT_EQ(first_line(parse_error("SELECT * FROM t IGNORE a, b.*")),
            "KCQL statement 1, column 27: expected a field of the value after ',', found 'b.*'");
  EXPECT_EQ(first_line(parse_error("SELECT * FROM t PK *")),
            "KCQL statement 1, column 20: expected a field name after PK, found '*'");
}

TEST(KcqlSemanticErrors, ClauseGivenTwice) {
  EXPECT_EQ(parse_error("SELECT * FROM t PK a TTL = 5 pk b"),
            "KCQL statement 1, column 30: PK is given twice; each clause may appear once\n"
            "  SELECT * FROM t PK a TTL = 5 pk b\n"
            "                               ^");
  EXPECT_EQ(first_line(parse_error("SELECT * FROM t TTL = 5 TTL = 6")),
            "KCQL statement 1, column 25: TTL is given twice; each clause may appear once");
  EXPECT_EQ(first_line(parse_error("SELECT * FROM t STOREAS A STOREAS B")),
            "KCQL statement 1, column 27: STOREAS is given twice; each clause may appear once");
  EXPECT_EQ(first_line(parse_error("SELECT * FROM t AUTOCREATE autocreate")),
            "KCQL statement 1, column 28: AUTOCREATE is given twice; each clause may appear once");
}

}  // namespace
}  // namespace ksink::kcql
