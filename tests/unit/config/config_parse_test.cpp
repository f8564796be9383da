// Config::parse as a user meets it: old key spellings, required keys, each kind of bad value,
// and the warnings about keys ksink does not know.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/config_def.h"
#include "unit/config/test_defs.h"

namespace ksink {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

struct Parsed {
  Config config;
  std::vector<ConfigProblem> problems;
  std::vector<std::string> warnings;
};

const ConfigDef& redis() {
  static const ConfigDef def = testing_defs::redis_def();
  return def;
}
const ConfigDef& connector() {
  static const ConfigDef def = testing_defs::connector_def();
  return def;
}

Parsed parse(ConfigMap raw, std::vector<std::string> prefixes = {"consumer.override."}) {
  Parsed p;
  p.config = Config::parse({&connector(), &redis()}, raw, prefixes, p.problems, p.warnings);
  return p;
}

// The smallest valid connector, plus `extra`.
ConfigMap valid(ConfigMap extra = {}) {
  ConfigMap raw{{"name", "redis-sink"},
                {"connect.redis.host", "localhost"},
                {"connect.redis.kcql", "INSERT INTO k SELECT * FROM t PK id"}};
  for (auto& [k, v] : extra) raw[k] = v;
  return raw;
}

std::vector<std::string> messages(const std::vector<ConfigProblem>& problems) {
  std::vector<std::string> out;
  for (const auto& p : problems) out.push_back(p.message);
  return out;
}

TEST(ConfigParse, ValidConfigHasNoProblemsOrWarnings) {
  auto p = parse(valid());
  EXPECT_THAT(p.problems, IsEmpty());
  EXPECT_THAT(p.warnings, IsEmpty());
  EXPECT_EQ(p.config.get_string("connect.redis.host"), "localhost");
}

TEST(ConfigParse, OldHostSpellingResolvesToCanonical) {
  auto raw = valid();
  raw.erase("connect.redis.host");
  raw["connect.redis.connection.host"] = "redis.example";
  auto p = parse(raw);
  EXPECT_THAT(p.problems, IsEmpty());
  EXPECT_THAT(p.warnings, IsEmpty());
  EXPECT_EQ(p.config.get_string("connect.redis.host"), "redis.example");
  EXPECT_EQ(p.config.values().count("connect.redis.connection.host"), 0u);
}

TEST(ConfigParse, SeedMisspellingMaxRetiresIsAccepted) {
  auto p = parse(valid({{"connect.redis.max.retires", "5"}}));
  EXPECT_THAT(p.problems, IsEmpty());
  EXPECT_THAT(p.warnings, IsEmpty());
  EXPECT_EQ(p.config.get_int("connect.redis.max.retries"), 5);
}

TEST(ConfigParse, OldKcqlAndPortSpellingsAreAccepted) {
  auto p = parse({{"name", "n"},
                  {"connect.redis.connection.host", "h"},
                  {"connect.redis.connection.port", "6380"},
                  {"connect.redis.export.route.query", "SELECT * FROM t PK a"}});
  EXPECT_THAT(p.problems, IsEmpty());
  EXPECT_EQ(p.config.get_int("connect.redis.port"), 6380);
  EXPECT_EQ(p.config.get_string("connect.redis.kcql"), "SELECT * FROM t PK a");
}

TEST(ConfigParse, GettersAcceptAnAlias) {
  auto p = parse(valid({{"connect.redis.max.retires", "7"}}));
  EXPECT_EQ(p.config.get_int("connect.redis.max.retires"), 7);
  EXPECT_TRUE(p.config.has("connect.redis.connection.host"));
}

TEST(ConfigParse, CanonicalWinsOverAliasWithAWarning) {
  auto p = parse(valid({{"connect.redis.connection.host", "old-host"}}));
  EXPECT_THAT(p.problems, IsEmpty());
  EXPECT_EQ(p.config.get_string("connect.redis.host"), "localhost");
  EXPECT_THAT(p.warnings,
              ElementsAre("Both 'connect.redis.host' and its older spelling "
                          "'connect.redis.connection.host' are set; using 'connect.redis.host' "
                          "and ignoring 'connect.redis.connection.host'"));
}

TEST(ConfigParse, InvalidAliasValueIgnoredWhenCanonicalGiven) {
  auto p = parse(valid({{"connect.redis.port", "6380"}, {"connect.redis.connection.port", "x"}}));
  EXPECT_THAT(p.problems, IsEmpty());
  EXPECT_EQ(p.config.get_int("connect.redis.port"), 6380);
  EXPECT_EQ(p.warnings.size(), 1u);
}

TEST(ConfigParse, MissingRequiredKeyInKafkaConnectWording) {
  auto raw = valid();
  raw.erase("connect.redis.host");
  auto p = parse(raw);
  ASSERT_EQ(p.problems.size(), 1u);
  EXPECT_EQ(p.problems[0].key, "connect.redis.host");
  EXPECT_EQ(p.problems[0].message,
            "Missing required configuration \"connect.redis.host\" which has no default value.");
  EXPECT_FALSE(p.config.has("connect.redis.host"));
}

TEST(ConfigParse, EmptyRequiredValueIsAProblem) {
  auto p = parse(valid({{"connect.redis.host", "  "}}));
  EXPECT_THAT(messages(p.problems),
              ElementsAre("Invalid value \"\" for configuration connect.redis.host: "
                          "A value is required"));
}

TEST(ConfigParse, EveryProblemIsReportedNotJustTheFirst) {
  auto p = parse({{"connect.redis.port", "abc"}, {"connect.progress.enabled", "yes"}});
  EXPECT_THAT(
      messages(p.problems),
      ElementsAre("Missing required configuration \"name\" which has no default value.",
                  "Invalid value yes for configuration connect.progress.enabled: Expected value "
                  "to be either true or false",
                  "Missing required configuration \"connect.redis.host\" which has no default "
                  "value.",
                  "Invalid value abc for configuration connect.redis.port: Not a number of type "
                  "INT",
                  "Missing required configuration \"connect.redis.kcql\" which has no default "
                  "value."));
}

TEST(ConfigParse, IntErrorNamesKeyValueAndType) {
  auto p = parse(valid({{"connect.redis.port", "abc"}}));
  ASSERT_EQ(p.problems.size(), 1u);
  EXPECT_EQ(p.problems[0].key, "connect.redis.port");
  EXPECT_EQ(p.problems[0].message,
            "Invalid value abc for configuration connect.redis.port: Not a number of type INT");
}

TEST(ConfigParse, ProblemNamesTheSpellingTheUserWrote) {
  auto p = parse(valid({{"connect.redis.connection.port", "abc"}}));
  ASSERT_EQ(p.problems.size(), 1u);
  EXPECT_EQ(p.problems[0].key, "connect.redis.connection.port");
  EXPECT_EQ(p.problems[0].message,
            "Invalid value abc for configuration connect.redis.connection.port: Not a number of "
            "type INT");
}

TEST(ConfigParse, IntOutsideThirtyTwoBitsIsNotAnInt) {
  auto p = parse(valid({{"tasks.max", "2147483648"}}));
  EXPECT_THAT(messages(p.problems),
              ElementsAre("Invalid value 2147483648 for configuration tasks.max: Not a number of "
                          "type INT"));
}

TEST(ConfigParse, LongErrorMessage) {
  auto p = parse(valid({{"connect.redis.retry.interval", "1.5"}}));
  EXPECT_THAT(messages(p.problems),
              ElementsAre("Invalid value 1.5 for configuration connect.redis.retry.interval: Not "
                          "a number of type LONG"));
}

TEST(ConfigParse, LongAcceptsSixtyFourBits) {
  auto p = parse(valid({{"connect.redis.retry.interval", "9223372036854775807"}}));
  EXPECT_THAT(p.problems, IsEmpty());
  EXPECT_EQ(p.config.get_int("connect.redis.retry.interval"), INT64_MAX);
}

TEST(ConfigParse, DoubleErrorMessage) {
  auto p = parse(valid({{"connect.redis.load.factor", "half"}}));
  EXPECT_THAT(messages(p.problems),
              ElementsAre("Invalid value half for configuration connect.redis.load.factor: Not a "
                          "number of type DOUBLE"));
}

TEST(ConfigParse, DoubleRejectsNaN) {
  auto p = parse(valid({{"connect.redis.load.factor", "nan"}}));
  EXPECT_EQ(p.problems.size(), 1u);
}

TEST(ConfigParse, DoubleIsParsed) {
  auto p = parse(valid({{"connect.redis.load.factor", " 0.5 "}}));
  EXPECT_THAT(p.problems, IsEmpty());
  EXPECT_DOUBLE_EQ(p.config.get_double("connect.redis.load.factor"), 0.5);
}

TEST(ConfigParse, BoolErrorMessage) {
  auto p = parse(valid({{"connect.progress.enabled", "yes"}}));
  EXPECT_THAT(messages(p.problems),
              ElementsAre("Invalid value yes for configuration connect.progress.enabled: Expected "
                          "value to be either true or false"));
}

TEST(ConfigParse, BoolIsCaseInsensitive) {
  auto p = parse(valid({{"connect.progress.enabled", "TRUE"}}));
  EXPECT_THAT(p.problems, IsEmpty());
  EXPECT_TRUE(p.config.get_bool("connect.progress.enabled"));
  EXPECT_EQ(p.config.get_string("connect.progress.enabled"), "true");
}

TEST(ConfigParse, BelowMinimum) {
  auto p = parse(valid({{"connect.redis.port", "0"}}));
  EXPECT_THAT(messages(p.problems),
              ElementsAre("Invalid value 0 for configuration connect.redis.port: Value must be at "
                          "least 1"));
}

TEST(ConfigParse, AboveMaximum) {
  auto p = parse(valid({{"connect.redis.port", "70000"}}));
  EXPECT_THAT(messages(p.problems),
              ElementsAre("Invalid value 70000 for configuration connect.redis.port: Value must "
                          "be no more than 65535"));
}

TEST(ConfigParse, DoubleAboveMaximum) {
  auto p = parse(valid({{"connect.redis.load.factor", "1.5"}}));
  EXPECT_THAT(messages(p.problems),
              ElementsAre("Invalid value 1.5 for configuration connect.redis.load.factor: Value "
                          "must be no more than 1"));
}

TEST(ConfigParse, NotAnAllowedValue) {
  auto p = parse(valid({{"connect.redis.error.policy", "IGNORE"}}));
  EXPECT_THAT(messages(p.problems),
              ElementsAre("Invalid value IGNORE for configuration connect.redis.error.policy: "
                          "String must be one of (case insensitive): THROW, NOOP, RETRY"));
}

TEST(ConfigParse, AllowedValueIsNormalisedToItsSpelling) {
  auto p = parse(valid({{"connect.redis.error.policy", " noop"}}));
  EXPECT_THAT(p.problems, IsEmpty());
  EXPECT_EQ(p.config.get_string("connect.redis.error.policy"), "NOOP");
}

TEST(ConfigParse, ListItemsAreCheckedAndNormalised) {
  auto ok = parse(valid({{"errors.tolerance", "ALL"}}));
  EXPECT_THAT(ok.problems, IsEmpty());
  EXPECT_THAT(ok.config.get_list("errors.tolerance"), ElementsAre("all"));
  auto bad = parse(valid({{"errors.tolerance", "all, some"}}));
  EXPECT_THAT(messages(bad.problems),
              ElementsAre("Invalid value all, some for configuration errors.tolerance: String "
                          "must be one of (case insensitive): none, all"));
}

TEST(ConfigParse, ValidatorMessageIsAppended) {
  auto p = parse(valid({{"connect.redis.pk.delimiter", "   "}}));
  EXPECT_THAT(messages(p.problems),
              ElementsAre("Invalid value \"\" for configuration connect.redis.pk.delimiter: must "
                          "not be empty"));
}

TEST(ConfigParse, ValuesAreTrimmedAsKafkaDoes) {
  auto p = parse(valid({{"connect.redis.host", "localhost  "}, {"connect.redis.port", " +6380 "}}));
  EXPECT_THAT(p.problems, IsEmpty());
  EXPECT_EQ(p.config.get_string("connect.redis.host"), "localhost");
  EXPECT_EQ(p.config.get_int("connect.redis.port"), 6380);
}

TEST(ConfigParse, UnknownKeyWarnsOnce) {
  auto p = parse(valid({{"plugin.colour", "blue"}}));
  EXPECT_THAT(p.problems, IsEmpty());
  EXPECT_THAT(p.warnings, ElementsAre("Unknown configuration key 'plugin.colour' is ignored"));
}

TEST(ConfigParse, UnknownKeyCloseToAKnownOneGetsASuggestion) {
  auto p = parse(valid({{"connect.redis.hots", "x"}, {"connect.redis.max.retrys", "3"}}));
  EXPECT_THAT(p.warnings,
              ElementsAre("Unknown configuration key 'connect.redis.hots' is ignored; did you "
                          "mean 'connect.redis.host'?",
                          "Unknown configuration key 'connect.redis.max.retrys' is ignored; did "
                          "you mean 'connect.redis.max.retries'?"));
}

TEST(ConfigParse, TypoOfAnOldSpellingSuggestsTheCurrentOne) {
  auto p = parse(valid({{"connect.redis.connection.prot", "1"}}));
  EXPECT_THAT(p.warnings,
              ElementsAre("Unknown configuration key 'connect.redis.connection.prot' is ignored; "
                          "did you mean 'connect.redis.port'?"));
}

TEST(ConfigParse, WrongCaseGetsASuggestion) {
  auto p = parse(valid({{"Connect.Redis.DB.Port", "1"}}));
  EXPECT_THAT(p.warnings, ElementsAre("Unknown configuration key 'Connect.Redis.DB.Port' is "
                                      "ignored"));
  auto q = parse(valid({{"CONNECT.REDIS.PORT", "1"}}));
  EXPECT_THAT(q.warnings, ElementsAre("Unknown configuration key 'CONNECT.REDIS.PORT' is ignored; "
                                      "did you mean 'connect.redis.port'?"));
}

TEST(ConfigParse, PassThroughKeysAreKeptWithoutWarning) {
  auto p = parse(valid({{"consumer.override.fetch.min.bytes", " 1024 "},
                        {"consumer.override.max.poll.records", "10"}}));
  EXPECT_THAT(p.warnings, IsEmpty());
  EXPECT_EQ(p.config.with_prefix("consumer.override."),
            (ConfigMap{{"fetch.min.bytes", "1024"}, {"max.poll.records", "10"}}));
  EXPECT_EQ(p.config.get_string("consumer.override.fetch.min.bytes"), "1024");
}

TEST(ConfigParse, MisspeltPassThroughPrefixGetsASuggestion) {
  auto p = parse(valid({{"consumer.overide.fetch.min.bytes", "1"}}));
  EXPECT_THAT(p.warnings,
              ElementsAre("Unknown configuration key 'consumer.overide.fetch.min.bytes' is "
                          "ignored; did you mean 'consumer.override.fetch.min.bytes'?"));
}

TEST(ConfigParse, FirstDefinitionOfASharedKeyWins) {
  // connector_def() comes first and defaults connect.progress.enabled to true.
  auto p = parse(valid());
  EXPECT_TRUE(p.config.get_bool("connect.progress.enabled"));
}

TEST(ConfigParse, DefaultsAreFilledIn) {
  auto p = parse(valid());
  EXPECT_EQ(p.config.get_int("connect.redis.port"), 6379);
  EXPECT_EQ(p.config.get_int("connect.redis.max.retries"), 20);
  EXPECT_EQ(p.config.get_int("connect.redis.retry.interval"), 60000);
  EXPECT_EQ(p.config.get_string("connect.redis.error.policy"), "THROW");
  EXPECT_EQ(p.config.get_string("connect.redis.pk.delimiter"), ".");
  EXPECT_DOUBLE_EQ(p.config.get_double("connect.redis.load.factor"), 0.75);
  EXPECT_EQ(p.config.get_string("connect.redis.password"), "");
  EXPECT_THAT(p.config.get_list("topics"), IsEmpty());
  EXPECT_TRUE(p.config.has("connect.redis.port"));
}

TEST(ConfigParse, GetListSplitsTrimsAndDropsEmpties) {
  auto p = parse(valid({{"topics", " a, b ,,c , "}}));
  EXPECT_THAT(p.config.get_list("topics"), ElementsAre("a", "b", "c"));
}

}  // namespace
}  // namespace ksink
