// java.util.Properties.load, rule by rule: users bring their Kafka Connect files unchanged, so
// each case asserts the exact map Java would build.
#include "config/properties.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

namespace ksink {
namespace {

ConfigMap parse_ok(std::string_view text) {
  auto r = parse_properties(text);
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : ConfigMap{};
}

TEST(Properties, EqualsSeparatesKeyAndValue) {
  EXPECT_EQ(parse_ok("a=b\n"), (ConfigMap{{"a", "b"}}));
}

TEST(Properties, ColonSeparatesKeyAndValue) {
  EXPECT_EQ(parse_ok("a:b\n"), (ConfigMap{{"a", "b"}}));
}

TEST(Properties, WhiteSpaceAloneSeparatesKeyAndValue) {
  EXPECT_EQ(parse_ok("a b\nc\td\ne\fg"), (ConfigMap{{"a", "b"}, {"c", "d"}, {"e", "g"}}));
}

TEST(Properties, WhiteSpaceAroundSeparatorIsDropped) {
  EXPECT_EQ(parse_ok("a = b\nc\t:\td\ne \f=  f"), (ConfigMap{{"a", "b"}, {"c", "d"}, {"e", "f"}}));
}

TEST(Properties, OnlyTheFirstSeparatorIsConsumed) {
  EXPECT_EQ(parse_ok("a==b\nc = = d\ne :=f\ng h=i\nj:k:l"),
            (ConfigMap{{"a", "=b"}, {"c", "= d"}, {"e", "=f"}, {"g", "h=i"}, {"j", "k:l"}}));
}

TEST(Properties, HashAndBangLinesAreComments) {
  EXPECT_EQ(parse_ok("# comment\n! also a comment\n   #indented comment\n\t!x=y\na=b"),
            (ConfigMap{{"a", "b"}}));
}

TEST(Properties, HashAfterTheStartIsContent) {
  EXPECT_EQ(parse_ok("a=b # not a comment\nc#d=e"),
            (ConfigMap{{"a", "b # not a comment"}, {"c#d", "e"}}));
}

TEST(Properties, BlankLinesAreSkipped) {
  EXPECT_EQ(parse_ok("\n\n   \n\t\f\na=b\n\n"), (ConfigMap{{"a", "b"}}));
}

TEST(Properties, LeadingWhiteSpaceDroppedTrailingKept) {
  EXPECT_EQ(parse_ok("   a=b  \n"), (ConfigMap{{"a", "b  "}}));
}

TEST(Properties, KeyWithoutValueHasEmptyValue) {
  EXPECT_EQ(parse_ok("a\nb=\nc   \nd  :  \n"),
            (ConfigMap{{"a", ""}, {"b", ""}, {"c", ""}, {"d", ""}}));
}

TEST(Properties, EmptyKeyIsAKey) { EXPECT_EQ(parse_ok("=v\n"), (ConfigMap{{"", "v"}})); }

TEST(Properties, ControlCharacterEscapes) {
  EXPECT_EQ(parse_ok(R"(a=x\ty\nz\rw\fv)"), (ConfigMap{{"a", "x\ty\nz\rw\fv"}}));
}

TEST(Properties, UnicodeEscapesBecomeUtf8) {
  EXPECT_EQ(parse_ok(R"(a=\u0041\u00e9\u20AC)"), (ConfigMap{{"a", "A\xC3\xA9\xE2\x82\xAC"}}));
}

TEST(Properties, EscapedSurrogatePairIsOneCodePoint) {
  EXPECT_EQ(parse_ok(R"(a=\uD83D\uDE00)"), (ConfigMap{{"a", "\xF0\x9F\x98\x80"}}));
}

TEST(Properties, LoneSurrogateBecomesReplacementCharacter) {
  EXPECT_EQ(parse_ok(R"(a=\uD83Dx)"), (ConfigMap{{"a", "\xEF\xBF\xBDx"}}));
}

TEST(Properties, UnicodeEscapeOfNulIsKept) {
  EXPECT_EQ(parse_ok(R"(a=x\u0000y)"), (ConfigMap{{"a", std::string("x\0y", 3)}}));
}

TEST(Properties, AnyOtherEscapedCharacterStandsForItself) {
  EXPECT_EQ(parse_ok(R"(a=\q\\\#\!\"\=)"), (ConfigMap{{"a", R"(q\#!"=)"}}));
}

TEST(Properties, EscapedSeparatorsBelongToTheKey) {
  EXPECT_EQ(parse_ok(R"(k\=1\:2\ 3\#4=v)"), (ConfigMap{{"k=1:2 3#4", "v"}}));
}

TEST(Properties, EscapedSpacesKeepValueBlanks) {
  EXPECT_EQ(parse_ok("a=\\ \\ two leading, two trailing\\ \\ \n"),
            (ConfigMap{{"a", "  two leading, two trailing  "}}));
}

TEST(Properties, EscapedSeparatorRightAfterWhiteSpaceSeparator) {
  EXPECT_EQ(parse_ok("a \\=b"), (ConfigMap{{"a", "=b"}}));
}

TEST(Properties, MalformedUnicodeEscapeNamesTheLine) {
  auto r = parse_properties("a=1\nb=2\n# c\n\nc=3\nd=4\ne=\\u12G4\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "line 7: malformed \\uXXXX escape");
}

TEST(Properties, TruncatedUnicodeEscapeIsMalformed) {
  auto r = parse_properties("a=\\u12");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "line 1: malformed \\uXXXX escape");
}

TEST(Properties, MalformedEscapeInAKeyIsAnError) {
  auto r = parse_properties("ok=1\nk\\uZZZZ=v");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "line 2: malformed \\uXXXX escape");
}

TEST(Properties, MalformedEscapeOnContinuationNamesItsNaturalLine) {
  auto r = parse_properties("a=one \\\n  two \\\n  \\uXYZW\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "line 3: malformed \\uXXXX escape");
}

TEST(Properties, OddTrailingBackslashesContinueTheLine) {
  EXPECT_EQ(parse_ok("a=one \\\n     two\\\n\tthree\nb=4"),
            (ConfigMap{{"a", "one twothree"}, {"b", "4"}}));
}

TEST(Properties, EvenTrailingBackslashesDoNotContinue) {
  EXPECT_EQ(parse_ok("a=x\\\\\nb=y"), (ConfigMap{{"a", "x\\"}, {"b", "y"}}));
}

TEST(Properties, ThreeTrailingBackslashesAreAnEscapedBackslashAndAContinuation) {
  EXPECT_EQ(parse_ok("a=x\\\\\\\n  y"), (ConfigMap{{"a", "x\\y"}}));
}

TEST(Properties, ContinuationLineStartingWithHashIsContent) {
  EXPECT_EQ(parse_ok("a=x\\\n  #y"), (ConfigMap{{"a", "x#y"}}));
}

TEST(Properties, CommentEndingInBackslashDoesNotContinue) {
  EXPECT_EQ(parse_ok("# comment \\\na=b"), (ConfigMap{{"a", "b"}}));
}

TEST(Properties, BlankLineEndsAContinuation) {
  EXPECT_EQ(parse_ok("a=x\\\n\nb=y"), (ConfigMap{{"a", "x"}, {"b", "y"}}));
}

TEST(Properties, BackslashAtEndOfInputIsDropped) {
  EXPECT_EQ(parse_ok("a=x\\"), (ConfigMap{{"a", "x"}}));
}

TEST(Properties, KeyMayBeContinued) {
  EXPECT_EQ(parse_ok("connect.redis.\\\n    host=h"), (ConfigMap{{"connect.redis.host", "h"}}));
}

TEST(Properties, LoneContinuationBeforeBlankLineIsNothing) {
  EXPECT_EQ(parse_ok("\\\n\n# comment\na=b"), (ConfigMap{{"a", "b"}}));
}

// Java 9+ recognises a comment wherever the logical line is still empty.
TEST(Properties, HashAfterAnEmptyContinuationIsAComment) {
  EXPECT_EQ(parse_ok("\\\n  #x=y\na=b"), (ConfigMap{{"a", "b"}}));
}

// Java's reader returns the empty logical line left when the input ends in a lone backslash.
TEST(Properties, LoneBackslashAtEndOfInputIsTheEmptyKey) {
  EXPECT_EQ(parse_ok("a=1\n\\"), (ConfigMap{{"", ""}, {"a", "1"}}));
  EXPECT_EQ(parse_ok("a=1\n\\\n"), (ConfigMap{{"", ""}, {"a", "1"}}));
  EXPECT_EQ(parse_ok("a=1\n\\\n  "), (ConfigMap{{"a", "1"}}));
}

TEST(Properties, CrLfLineEndings) {
  EXPECT_EQ(parse_ok("a=1\r\n# c\r\n\r\nb=2\r\n"), (ConfigMap{{"a", "1"}, {"b", "2"}}));
}

TEST(Properties, CrLineEndings) {
  EXPECT_EQ(parse_ok("a=1\r# c\r\rb=2\r"), (ConfigMap{{"a", "1"}, {"b", "2"}}));
}

TEST(Properties, ContinuationOverCrLfAndCr) {
  EXPECT_EQ(parse_ok("a=x\\\r\n  y\r\nb=p\\\r  q"), (ConfigMap{{"a", "xy"}, {"b", "pq"}}));
}

TEST(Properties, LastDuplicateWins) {
  EXPECT_EQ(parse_ok("a=1\nb=x\na=2"), (ConfigMap{{"a", "2"}, {"b", "x"}}));
}

TEST(Properties, Utf8TextIsKeptAsIs) {
  EXPECT_EQ(parse_ok("gr\xC3\xB6\xC3\x9F"
                     "e=na\xC3\xAFve \xE2\x82\xAC"),
            (ConfigMap{{"gr\xC3\xB6\xC3\x9F"
                        "e",
                        "na\xC3\xAFve \xE2\x82\xAC"}}));
}

TEST(Properties, EmptyInputAndOnlyCommentsGiveEmptyMap) {
  EXPECT_EQ(parse_ok(""), ConfigMap{});
  EXPECT_EQ(parse_ok("# only\n! comments\n"), ConfigMap{});
}

TEST(Properties, SeedConnectorFile) {
  EXPECT_EQ(parse_ok("name=redis-sink\n"
                     "connector.class=com.datamountaineer.streamreactor.connect.redis.sink."
                     "RedisSinkConnector\n"
                     "tasks.max=1\n"
                     "topics=redis-topic\n"
                     "connect.redis.connection.host=localhost\n"
                     "connect.redis.connection.port=6379\n"
                     "connect.redis.kcql=SELECT firstName, lastName, age, salary AS income \\\n"
                     "    FROM redis-topic PK firstName, lastName\n"),
            (ConfigMap{
                {"name", "redis-sink"},
                {"connector.class",
                 "com.datamountaineer.streamreactor.connect.redis.sink.RedisSinkConnector"},
                {"tasks.max", "1"},
                {"topics", "redis-topic"},
                {"connect.redis.connection.host", "localhost"},
                {"connect.redis.connection.port", "6379"},
                {"connect.redis.kcql",
                 "SELECT firstName, lastName, age, salary AS income FROM redis-topic PK firstName, "
                 "lastName"}}));
}

class PropertiesFile : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(::testing::TempDir()) /
           ("ksink_props_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string write(const std::string& name, const std::string& text) {
    auto path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  std::filesystem::path dir_;
};

TEST_F(PropertiesFile, ReadsAFile) {
  auto r = read_properties_file(write("redis.properties", "a=1\r\nb : two\r\n"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(*r, (ConfigMap{{"a", "1"}, {"b", "two"}}));
}

TEST_F(PropertiesFile, MissingFileSaysWhy) {
  auto path = (dir_ / "x.properties").string();
  auto r = read_properties_file(path);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message,
            "cannot read connector file '" + path + "': No such file or directory");
}

TEST_F(PropertiesFile, RoleOfTheFileIsNamed) {
  auto path = (dir_ / "worker.properties").string();
  auto r = read_properties_file(path, "worker file");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "cannot read worker file '" + path + "': No such file or directory");
}

TEST_F(PropertiesFile, DirectoryIsNotAFile) {
  auto r = read_properties_file(dir_.string());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message,
            "cannot read connector file '" + dir_.string() + "': Is a directory");
}

TEST_F(PropertiesFile, MalformedContentNamesFileAndLine) {
  auto path = write("bad.properties", "a=1\nb=\\u00\n");
  auto r = read_properties_file(path);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message,
            "invalid connector file '" + path + "': line 2: malformed \\uXXXX escape");
}

}  // namespace
}  // namespace ksink
