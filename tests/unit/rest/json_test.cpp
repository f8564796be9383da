#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rest/json.h"

namespace ksink::rest {
namespace {

using ::testing::HasSubstr;

TEST(RestJson, ParsesAndDumpsKeepingOrderAndNumberText) {
  auto j = Json::parse(R"( {"b": 1, "a": [true, false, null, -2.50e3], "c": "x\"y"} )");
  ASSERT_TRUE(j.ok()) << j.error().message;
  EXPECT_EQ(j->dump(), R"({"b":1,"a":[true,false,null,-2.50e3],"c":"x\"y"})");
  EXPECT_EQ(j->find("b")->text(), "1");
  EXPECT_EQ(j->find("b")->as_int(), 1);
  EXPECT_EQ(j->find("a")->items()[3].text(), "-2.50e3");
  EXPECT_EQ(j->find("c")->text(), "x\"y");
  EXPECT_EQ(j->find("zz"), nullptr);
}

TEST(RestJson, RepeatedKeysKeepTheLastValue) {
  auto j = Json::parse(R"({"a": 1, "a": 2})");
  ASSERT_TRUE(j.ok());
  EXPECT_EQ(j->find("a")->text(), "2");
  EXPECT_EQ(j->members().size(), 1u);
}

TEST(RestJson, DecodesEscapesAndSurrogatePairs) {
  auto j = Json::parse(R"("tab\there \u00e9 \ud83d\ude00 \/")");
  ASSERT_TRUE(j.ok()) << j.error().message;
  EXPECT_EQ(j->text(), "tab\there \xc3\xa9 \xf0\x9f\x98\x80 /");
  EXPECT_EQ(Json::string("a\nb\x01").dump(), R"("a\nb\u0001")");
}

TEST(RestJson, ErrorsSayWhereAndWhatWasExpected) {
  auto e = Json::parse("{\n  \"name\" \"x\"}");
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().message, "Invalid JSON at line 2, column 10: expected ':' after an object key");
  EXPECT_THAT(Json::parse("{\"a\": }").error().message, HasSubstr("column 7: expected a value"));
  EXPECT_THAT(Json::parse("[1,2").error().message, HasSubstr("expected ',' or ']'"));
  EXPECT_THAT(Json::parse("{'a': 1}").error().message, HasSubstr("double-quoted object key"));
  EXPECT_THAT(Json::parse("\"abc").error().message, HasSubstr("unterminated string"));
  EXPECT_THAT(Json::parse("{} x").error().message, HasSubstr("unexpected content after"));
  EXPECT_THAT(Json::parse("").error().message, HasSubstr("unexpected end of input"));
  EXPECT_THAT(Json::parse("01").error().message, HasSubstr("unexpected content"));
  EXPECT_THAT(Json::parse("-").error().message, HasSubstr("expected a digit"));
  EXPECT_THAT(Json::parse("1.").error().message, HasSubstr("after the decimal point"));
  EXPECT_THAT(Json::parse("\"\\x\"").error().message, HasSubstr("invalid escape"));
  EXPECT_THAT(Json::parse("\"\\u12g4\"").error().message, HasSubstr("four hex digits"));
  EXPECT_THAT(Json::parse("tru").error().message, HasSubstr("expected a value"));
}

TEST(RestJson, DeepNestingIsAnErrorNotACrash) {
  std::string deep(100000, '[');
  auto e = Json::parse(deep);
  ASSERT_FALSE(e.ok());
  EXPECT_THAT(e.error().message, HasSubstr("nested too deeply"));
}

TEST(RestJson, ArbitraryBytesNeverCrash) {
  // A cheap fuzz: every prefix of a valid document and a few byte flips must parse or fail.
  const std::string doc = R"({"name":"s","config":{"a":[1,2.5,{"b":null}],"c":"\u00e9\n"}})";
  for (size_t i = 0; i <= doc.size(); ++i) (void)Json::parse(doc.substr(0, i));
  for (size_t i = 0; i < doc.size(); ++i) {
    for (char c : {'\0', '"', '{', ']', '\\', '\xff'}) {
      std::string d = doc;
      d[i] = c;
      (void)Json::parse(d);
    }
  }
  SUCCEED();
}

TEST(RestJson, PrettyPrints) {
  Json o = Json::object();
  o.set("a", Json::number(1));
  Json arr = Json::array();
  arr.push(Json::string("x"));
  o.set("b", std::move(arr));
  o.set("c", Json::object());
  EXPECT_EQ(o.dump(2), "{\n  \"a\": 1,\n  \"b\": [\n    \"x\"\n  ],\n  \"c\": {}\n}");
}

}  // namespace
}  // namespace ksink::rest
