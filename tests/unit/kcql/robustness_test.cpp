// Any text at all gives statements or a well-formed error: never a crash (the sanitizer build runs
// this too), never a message whose caret disagrees with its column.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "kcql/parser.h"

namespace ksink::kcql {
namespace {

const char* const kValid[] = {
    "INSERT INTO tableA SELECT * FROM topicA",
    "UPSERT INTO tableB SELECT x AS a, y AS b, z AS c FROM topicB",
    "INSERT INTO FX- SELECT price FROM yahoo-fx PK symbol STOREAS SortedSet(score=timestamp)",
    "INSERT INTO cities: SELECT town FROM addressTopic PK country STOREAS GeoAdd "
    "(longitudeField=lng, latitudeField=lat)",
    "SELECT temperature, humidity FROM sensorsTopic PK sensorID STOREAS SortedSet TTL = 60",
    "SELECT *, a.b.* , `c d` AS 'e' FROM `t;x` IGNORE f.g PK _key.id, _.topic KEYDELIMITER = ';' "
    "PROPERTIES ('k' = 'v''w') WITHTAG (a, b = c, d AS e) WITHTIMESTAMP sys_time() "
    "DISTRIBUTEBY a INTO 2 BUCKETS LIMIT 3 WITHFORMAT json BATCH = 5",
};

// Checks the shape of kcql.md's error: three lines, the caret under the column named.
void expect_well_formed(const std::string& text, const std::string& message) {
  if (message == "KCQL: no statement found; expected INSERT, UPSERT or SELECT") return;
  SCOPED_TRACE("input: " + text + "\nmessage:\n" + message);
  ASSERT_EQ(message.rfind("KCQL statement ", 0), 0u);
  const size_t first_newline = message.find('\n');
  ASSERT_NE(first_newline, std::string::npos);
  const size_t second_newline = message.find('\n', first_newline + 1);
  ASSERT_NE(second_newline, std::string::npos);
  EXPECT_EQ(message.find('\n', second_newline + 1), std::string::npos);
  const std::string header = message.substr(0, first_newline);
  const size_t column_at = header.find(", column ");
  ASSERT_NE(column_at, std::string::npos);
  const long column = std::stol(header.substr(column_at + 9));
  EXPECT_GE(column, 1);
  EXPECT_NE(header.find(": ", column_at), std::string::npos);
  const std::string echo = message.substr(first_newline + 1, second_newline - first_newline - 1);
  const std::string caret = message.substr(second_newline + 1);
  EXPECT_EQ(echo.rfind("  ", 0), 0u);
  EXPECT_EQ(caret, std::string(static_cast<size_t>(column) + 1, ' ') + "^");
}

void check(const std::string& text) {
  auto result = parse(text);
  if (!result.ok()) expect_well_formed(text, result.error().message);
}

TEST(KcqlRobustness, EveryPrefixOfValidStatements) {
  for (const char* valid : kValid) {
    const std::string full(valid);
    ASSERT_TRUE(parse(full).ok()) << full << "\n" << parse(full).error().message;
    for (size_t n = 0; n <= full.size(); ++n) check(full.substr(0, n));
  }
}

TEST(KcqlRobustness, EveryStatementWithOneCharacterDropped) {
  for (const char* valid : kValid) {
    const std::string full(valid);
    for (size_t i = 0; i < full.size(); ++i) check(full.substr(0, i) + full.substr(i + 1));
  }
}

TEST(KcqlRobustness, RandomTokenSoup) {
  const std::vector<std::string> pieces = {"INSERT",
                                           "upsert",
                                           "INTO",
                                           "select",
                                           "SELECT",
                                           "FROM",
                                           "AS",
                                           "PK",
                                           "IGNORE",
                                           "STOREAS",
                                           "TTL",
                                           "BATCH",
                                           "LIMIT",
                                           "KEYDELIMITER",
                                           "WITHFORMAT",
                                           "PROPERTIES",
                                           "WITHTAG",
                                           "WITHKEY",
                                           "WITHTIMESTAMP",
                                           "sys_time",
                                           "DISTRIBUTEBY",
                                           "BUCKETS",
                                           "PARTITIONBY",
                                           "AUTOCREATE",
                                           "a",
                                           "b.c",
                                           "_key",
                                           "_header",
                                           "_",
                                           "_topic",
                                           "x-y",
                                           "12",
                                           "-3",
                                           "0",
                                           "*",
                                           ",",
                                           ".",
                                           "(",
                                           ")",
                                           "=",
                                           ";",
                                           "'",
                                           "`",
                                           "'s;t'",
                                           "`q.r`",
                                           " ",
                                           " ",
                                           " ",
                                           "\n",
                                           "\t",
                                           "$",
                                           "\"",
                                           "é",
                                           "\x01",
                                           "\xff"};
  uint64_t state = 0x9E3779B97F4A7C15ull;
  auto next = [&state] {
    state ^= state << 13;
    state ^= state >> 7;
    state ^= state << 17;
    return state;
  };
  for (int round = 0; round < 20000; ++round) {
    std::string text;
    const size_t length = next() % 24;
    for (size_t i = 0; i < length; ++i) {
      text += pieces[next() % pieces.size()];
      if (next() % 3 != 0) text += ' ';
    }
    check(text);
    if (::testing::Test::HasFailure()) return;  // one bad case is enough to read
  }
}

TEST(KcqlRobustness, RandomBytes) {
  uint64_t state = 12345;
  for (int round = 0; round < 5000; ++round) {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    std::string text(state % 64, '\0');
    for (char& c : text) {
      state = state * 6364136223846793005ull + 1442695040888963407ull;
      c = static_cast<char>(state >> 56);
    }
    check(text);
    if (::testing::Test::HasFailure()) return;
  }
}

}  // namespace
}  // namespace ksink::kcql
