// Definitions themselves and the getters: a mistake in a table or in the code reading it is a
// programming error that must fail loudly in a test, naming the key.
#include "config/config_def.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdexcept>

#include "unit/config/test_defs.h"

namespace ksink {
namespace {

using ::testing::HasSubstr;
using testing_defs::key;

template <typename F>
std::string logic_error_of(F&& f) {
  try {
    f();
  } catch (const std::logic_error& e) {
    return e.what();
  }
  return "(no std::logic_error thrown)";
}

Config parse_redis(ConfigMap raw) {
  static const ConfigDef def = testing_defs::redis_def();
  std::vector<ConfigProblem> problems;
  std::vector<std::string> warnings;
  return Config::parse({&def}, raw, {"consumer.override."}, problems, warnings);
}

TEST(ConfigDef, FindsByNameAndAlias) {
  auto def = testing_defs::redis_def();
  ASSERT_NE(def.find("connect.redis.connection.host"), nullptr);
  EXPECT_EQ(def.find("connect.redis.connection.host")->name, "connect.redis.host");
  EXPECT_EQ(def.find("connect.redis.host"), def.find("connect.redis.connection.host"));
  EXPECT_EQ(def.find("connect.redis.nope"), nullptr);
  EXPECT_EQ(def.group(), "Redis sink");
}

TEST(ConfigDef, DefiningANameTwiceThrows) {
  ConfigDef def("G");
  def.define(key("a", ConfigType::String, "", Importance::Low, ""));
  auto again = key("b", ConfigType::String, "", Importance::Low, "");
  again.aliases = {"a"};
  EXPECT_THAT(logic_error_of([&] { def.define(again); }), HasSubstr("alias 'a'"));
  EXPECT_THAT(
      logic_error_of([&] { def.define(key("a", ConfigType::Int, "1", Importance::Low, "")); }),
      HasSubstr("'a'"));
}

TEST(ConfigDef, InvalidDefaultThrows) {
  ConfigDef def("G");
  auto port = key("port", ConfigType::Int, "many", Importance::Low, "");
  EXPECT_EQ(logic_error_of([&] { def.define(port); }),
            "ConfigDef 'G': key 'port' has an invalid default 'many': Not a number of type INT");
  auto policy = key("policy", ConfigType::String, "IGNORE", Importance::Low, "");
  policy.allowed = {"THROW"};
  EXPECT_THAT(logic_error_of([&] { def.define(policy); }), HasSubstr("key 'policy'"));
}

TEST(ConfigDef, DefaultIsNormalisedToTheAllowedSpelling) {
  ConfigDef def("G");
  auto policy = key("policy", ConfigType::String, "throw", Importance::Low, "");
  policy.allowed = {"THROW", "NOOP"};
  def.define(policy);
  EXPECT_EQ(def.keys()[0].default_value, "THROW");
}

TEST(ConfigDef, TypeNamesAreKafkas) {
  EXPECT_EQ(config_type_name(ConfigType::String), "STRING");
  EXPECT_EQ(config_type_name(ConfigType::Int), "INT");
  EXPECT_EQ(config_type_name(ConfigType::Long), "LONG");
  EXPECT_EQ(config_type_name(ConfigType::Double), "DOUBLE");
  EXPECT_EQ(config_type_name(ConfigType::Bool), "BOOLEAN");
  EXPECT_EQ(config_type_name(ConfigType::List), "LIST");
  EXPECT_EQ(config_type_name(ConfigType::Password), "PASSWORD");
  EXPECT_EQ(config_type_name(ConfigType::Class), "CLASS");
}

TEST(ConfigGetters, UndefinedKeyIsAProgrammingError) {
  auto c = parse_redis({{"connect.redis.host", "h"}, {"connect.redis.kcql", "q"}});
  EXPECT_THAT(logic_error_of([&] { (void)c.get_string("connect.redis.nope"); }),
              HasSubstr("connect.redis.nope"));
  EXPECT_THAT(logic_error_of([&] { (void)c.get_int("connect.redis.nope"); }),
              HasSubstr("connect.redis.nope"));
  EXPECT_FALSE(c.has("connect.redis.nope"));
}

TEST(ConfigGetters, MissingRequiredKeyIsAProgrammingErrorToRead) {
  auto c = parse_redis({{"connect.redis.kcql", "q"}});
  EXPECT_FALSE(c.has("connect.redis.host"));
  EXPECT_THAT(logic_error_of([&] { (void)c.get_string("connect.redis.host"); }),
              HasSubstr("connect.redis.host"));
}

TEST(ConfigGetters, WrongTypeIsAProgrammingError) {
  auto c = parse_redis({{"connect.redis.host", "h"}, {"connect.redis.kcql", "q"}});
  EXPECT_THAT(logic_error_of([&] { (void)c.get_int("connect.redis.host"); }),
              HasSubstr("connect.redis.host"));
  EXPECT_THAT(logic_error_of([&] { (void)c.get_bool("connect.redis.port"); }), HasSubstr("INT"));
}

TEST(ConfigGetters, OptionalNumberWithoutDefaultHasNoValue) {
  ConfigDef def("G");
  def.define(key("ttl", ConfigType::Long, "", Importance::Low, "seconds; none by default"));
  std::vector<ConfigProblem> problems;
  std::vector<std::string> warnings;
  auto unset = Config::parse({&def}, {}, {}, problems, warnings);
  EXPECT_TRUE(problems.empty());
  EXPECT_FALSE(unset.has("ttl"));
  auto set = Config::parse({&def}, {{"ttl", "30"}}, {}, problems, warnings);
  EXPECT_EQ(set.get_int("ttl"), 30);
}

TEST(ConfigGetters, WithPrefixStripsThePrefix) {
  auto c = parse_redis({{"connect.redis.host", "h"},
                        {"connect.redis.kcql", "q"},
                        {"consumer.override.a", "1"},
                        {"consumer.override.b.c", "2"}});
  EXPECT_EQ(c.with_prefix("consumer.override."), (ConfigMap{{"a", "1"}, {"b.c", "2"}}));
  EXPECT_EQ(c.with_prefix("producer.override."), ConfigMap{});
}

TEST(ConfigGetters, ValuesHoldCanonicalNamesAndDefaults) {
  auto c = parse_redis({{"connect.redis.connection.host", "h"}, {"connect.redis.kcql", "q"}});
  EXPECT_EQ(c.values(), (ConfigMap{{"connect.progress.enabled", "false"},
                                   {"connect.redis.error.policy", "THROW"},
                                   {"connect.redis.host", "h"},
                                   {"connect.redis.kcql", "q"},
                                   {"connect.redis.load.factor", "0.75"},
                                   {"connect.redis.max.retries", "20"},
                                   {"connect.redis.password", ""},
                                   {"connect.redis.pk.delimiter", "."},
                                   {"connect.redis.port", "6379"},
                                   {"connect.redis.retry.interval", "60000"}}));
}

}  // namespace
}  // namespace ksink
