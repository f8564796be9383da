// A password must never reach a log, a REST response or an error message: every path a value
// can take out of Config is checked with a recognisable secret.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "config/config_def.h"
#include "unit/config/test_defs.h"

namespace ksink {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kSecret = "s3cr3t pa55";  // has a space: the test validator rejects it

const ConfigDef& redis() {
  static const ConfigDef def = testing_defs::redis_def();
  return def;
}

struct Parsed {
  Config config;
  std::vector<ConfigProblem> problems;
  std::vector<std::string> warnings;
};

Parsed parse(ConfigMap raw) {
  Parsed p;
  p.config = Config::parse({&redis()}, raw, {"consumer.override."}, p.problems, p.warnings);
  return p;
}

void expect_no_secret(const Parsed& p) {
  for (const auto& problem : p.problems) EXPECT_THAT(problem.message, Not(HasSubstr("s3cr3t")));
  for (const auto& warning : p.warnings) EXPECT_THAT(warning, Not(HasSubstr("s3cr3t")));
  for (const auto& [k, v] : p.config.masked()) EXPECT_THAT(v, Not(HasSubstr("s3cr3t"))) << k;
}

TEST(ConfigSecrets, InvalidPasswordIsNotEchoed) {
  auto p = parse({{"connect.redis.host", "h"},
                  {"connect.redis.kcql", "q"},
                  {"connect.redis.password", kSecret}});
  ASSERT_EQ(p.problems.size(), 1u);
  EXPECT_EQ(p.problems[0].message,
            "Invalid value [hidden] for configuration connect.redis.password: rejected by its "
            "check (the explanation is withheld because it would show the value)");
  expect_no_secret(p);
}

TEST(ConfigSecrets, ShortPasswordIsNotSpelledOutAroundAQuote) {
  // "pass" inside the validator's quote of "pass word" and inside "password" alike.
  ConfigDef def("Test");
  ConfigKey k;
  k.name = "db.password";
  k.type = ConfigType::Password;
  k.default_value = "";
  k.validator = [](const std::string& v) -> std::optional<std::string> {
    if (v.size() < 8) return "a password must be 8 characters, '" + v + "' is too short";
    return std::nullopt;
  };
  def.define(std::move(k));
  std::vector<ConfigProblem> problems;
  std::vector<std::string> warnings;
  (void)Config::parse({&def}, {{"db.password", "pass"}}, {}, problems, warnings);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_THAT(problems[0].message, Not(HasSubstr("pass'")));
  EXPECT_THAT(problems[0].message, Not(HasSubstr("[hidden]word")));
}

TEST(ConfigSecrets, PasswordGivenTwiceIsNotEchoedInTheWarning) {
  auto p = parse({{"connect.redis.host", "h"},
                  {"connect.redis.kcql", "q"},
                  {"connect.redis.password", "s3cr3t1"},
                  {"connect.redis.connection.password", "s3cr3t2"}});
  EXPECT_EQ(p.warnings.size(), 1u);
  EXPECT_EQ(p.config.get_string("connect.redis.password"), "s3cr3t1");
  expect_no_secret(p);
}

TEST(ConfigSecrets, MisspeltPasswordKeyWarnsWithoutTheValue) {
  auto p = parse({{"connect.redis.host", "h"},
                  {"connect.redis.kcql", "q"},
                  {"connect.redis.pasword", "s3cr3t"}});
  EXPECT_THAT(p.warnings, ::testing::ElementsAre(
                              "Unknown configuration key 'connect.redis.pasword' is ignored; did "
                              "you mean 'connect.redis.password'?"));
  expect_no_secret(p);
}

TEST(ConfigSecrets, MaskedHidesPasswordsAndSecretLookingPassThroughKeys) {
  auto p = parse({{"connect.redis.host", "h"},
                  {"connect.redis.kcql", "q"},
                  {"connect.redis.connection.password", "s3cr3t"},
                  {"consumer.override.sasl.jaas.config", "s3cr3t module"},
                  {"consumer.override.fetch.min.bytes", "1"}});
  ASSERT_TRUE(p.problems.empty());
  auto masked = p.config.masked();
  EXPECT_EQ(masked.at("connect.redis.password"), "[hidden]");
  EXPECT_EQ(masked.at("consumer.override.sasl.jaas.config"), "[hidden]");
  EXPECT_EQ(masked.at("consumer.override.fetch.min.bytes"), "1");
  EXPECT_EQ(masked.at("connect.redis.host"), "h");
  EXPECT_EQ(masked.at("connect.redis.port"), "6379");
  // The real value stays available to the code that must send it.
  EXPECT_EQ(p.config.get_string("connect.redis.password"), "s3cr3t");
  expect_no_secret(p);
}

TEST(ConfigSecrets, UnsetPasswordIsHiddenToo) {
  auto p = parse({{"connect.redis.host", "h"}, {"connect.redis.kcql", "q"}});
  EXPECT_EQ(p.config.masked().at("connect.redis.password"), "[hidden]");
}

TEST(ConfigSecrets, MaskSecretsByDefinitionAliasAndName) {
  ConfigMap raw{{"connect.redis.connection.password", "a"},
                {"connect.redis.password", "b"},
                {"connect.volt.password", "c"},
                {"some.client.SECRET.key", "d"},
                {"producer.sasl.jaas.config", "e"},
                {"value.converter.basic.auth.user.info", "f"},
                {"connect.redis.host", "g"},
                {"unknown.key", "h"}};
  EXPECT_EQ(mask_secrets({&redis()}, raw),
            (ConfigMap{{"connect.redis.connection.password", "[hidden]"},
                       {"connect.redis.password", "[hidden]"},
                       {"connect.volt.password", "[hidden]"},
                       {"some.client.SECRET.key", "[hidden]"},
                       {"producer.sasl.jaas.config", "[hidden]"},
                       {"value.converter.basic.auth.user.info", "[hidden]"},
                       {"connect.redis.host", "g"},
                       {"unknown.key", "h"}}));
}

TEST(ConfigSecrets, PasswordTypedKeyWithAnInnocentNameIsHidden) {
  ConfigDef def("Test");
  ConfigKey token;
  token.name = "api.token";
  token.type = ConfigType::Password;
  token.default_value = "";
  def.define(std::move(token));
  EXPECT_EQ(mask_secrets({&def}, {{"api.token", "t0ken"}}), (ConfigMap{{"api.token", "[hidden]"}}));
  std::vector<ConfigProblem> problems;
  std::vector<std::string> warnings;
  auto config = Config::parse({&def}, {{"api.token", "t0ken"}}, {}, problems, warnings);
  EXPECT_EQ(config.masked(), (ConfigMap{{"api.token", "[hidden]"}}));
}

}  // namespace
}  // namespace ksink
