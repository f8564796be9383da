// The herder helpers every mode shares: secrets, names, restart marks.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>

#include "control/herder.h"
#include "unit/rest/fake_sink.h"

namespace ksink {
namespace {

using ::testing::HasSubstr;

TEST(Herder, MasksPasswordKeysAndKeysThatLookSecret) {
  test::register_fake_sink();
  ConfigMap c = test::fake_connector("s");
  c["consumer.override.sasl.jaas.config"] = "org.apache...required password=\"x\";";
  c["my.secret.token"] = "t";
  auto m = mask_connector_config(c);
  EXPECT_EQ(m.at("connect.fake.password"), "[hidden]");
  EXPECT_EQ(m.at("consumer.override.sasl.jaas.config"), "[hidden]");
  EXPECT_EQ(m.at("my.secret.token"), "[hidden]");
  EXPECT_EQ(m.at("connect.fake.host"), "db.example");
}

TEST(Herder, HiddenSecretsSentBackKeepTheirValue) {
  test::register_fake_sink();
  ConfigMap previous = test::fake_connector("s");
  ConfigMap submitted = mask_connector_config(previous);
  submitted["connect.fake.host"] = "other";
  auto restored = restore_hidden_secrets(submitted, previous);
  EXPECT_EQ(restored.at("connect.fake.password"), "hunter2");
  EXPECT_EQ(restored.at("connect.fake.host"), "other");
  // A new password replaces the old one; "[hidden]" on a key that is no secret stays as it is.
  submitted["connect.fake.password"] = "new";
  submitted["connect.fake.host"] = "[hidden]";
  restored = restore_hidden_secrets(submitted, previous);
  EXPECT_EQ(restored.at("connect.fake.password"), "new");
  EXPECT_EQ(restored.at("connect.fake.host"), "[hidden]");
  // Nothing to restore from.
  EXPECT_EQ(restore_hidden_secrets({{"connect.fake.password", "[hidden]"}}, {})
                .at("connect.fake.password"),
            "[hidden]");
}

TEST(Herder, ConnectorNamesMustBeAddressable) {
  EXPECT_TRUE(check_connector_name("redis-sink_1.x").ok());
  EXPECT_EQ(check_connector_name("").error().status, 400);
  EXPECT_THAT(check_connector_name(" a").error().message, HasSubstr("white space"));
  EXPECT_THAT(check_connector_name("a/b").error().message, HasSubstr("'/'"));
  // Kafka Connect's ConfigDef.NonEmptyStringWithoutControlChars (clients/.../ConfigDef.java)
  // and its messages; code points in decimal, C1 controls too.
  EXPECT_EQ(check_connector_name("a\nb\x7f\xc2\x85").error().message,
            "Connector configuration is invalid and contains the following 1 error(s):\n"
            "Invalid value a\nb\x7f\xc2\x85 for configuration name: String may not contain "
            "control sequences but had the following ASCII chars: 10, 127, 133\n"
            "You can also find the above list of errors at the endpoint "
            "`/connector-plugins/{connectorType}/config/validate`");
  EXPECT_THAT(check_connector_name("").error().message,
              HasSubstr("Invalid value  for configuration name: String may not be empty"));
  EXPECT_EQ(check_connector_name("\xff\xfe").error().message,
            "Connector name must be valid UTF-8: byte 0xff at offset 0 does not start a UTF-8 "
            "character");
  EXPECT_EQ(check_connector_name("caf\xc3").error().status, 400);  // cut short
  EXPECT_TRUE(check_connector_name("caf\xc3\xa9-\xe2\x82\xac").ok());
}

TEST(Herder, InvalidConfigMessageIsKafkaConnects) {
  Config worker = test::fake_worker_config();
  auto r = check_connector_config(worker, {{"name", "x"}, {"connector.class", "fake"}});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().status, 400);
  EXPECT_THAT(r.error().message,
              HasSubstr("Connector configuration is invalid and contains the following"));
  EXPECT_THAT(r.error().message, HasSubstr("Must configure one of topics or topics.regex"));
  EXPECT_THAT(r.error().message,
              HasSubstr("You can also find the above list of errors at the endpoint "
                        "`/connector-plugins/{connectorType}/config/validate`"));
  EXPECT_TRUE(check_connector_config(worker, test::fake_connector("x")).ok());
}

TEST(Herder, KcqlTopicsMustMatchTopicsRegex) {
  Config worker = test::fake_worker_config();
  ConfigMap c = test::fake_connector("x");
  c.erase("topics");
  c["topics.regex"] = "orders-.*";
  c["connect.fake.kcql"] = "INSERT INTO a SELECT * FROM orders-eu PK id;"
                           "INSERT INTO b SELECT * FROM audit PK id";
  auto r = check_connector_config(worker, c);
  ASSERT_FALSE(r.ok());
  EXPECT_THAT(r.error().message,
              HasSubstr("KCQL reads topic(s) audit that topics.regex 'orders-.*' does not match: "
                        "widen the pattern or fix the FROM topic"));
  c["topics.regex"] = "orders-.*|audit";
  EXPECT_TRUE(check_connector_config(worker, c).ok());
  c["topics.regex"] = "(?<name>orders).*";  // Java syntax std::regex lacks: left to the consumer
  EXPECT_TRUE(check_connector_config(worker, c).ok());
}

// Kafka's configuration providers: a connector's secrets read from files or the environment.
TEST(Herder, ConfigProviderPlaceholdersAreReadWhenValidating) {
  test::register_fake_sink();
  const std::string dir = "/tmp/ksink-providers-" + std::to_string(::getpid());
  ASSERT_EQ(std::system(("mkdir -p " + dir).c_str()), 0);
  {
    std::ofstream(dir + "/secrets.properties") << "fake.password=from-file\n";
    std::ofstream(dir + "/host") << "db.example";
  }
  ::setenv("KSINK_TEST_FAKE_HOST", "db.example", 1);
  auto worker = load_worker_config(
      {{"bootstrap.servers", "127.0.0.1:1"},
       {"config.providers", "file,dir,env"},
       {"config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider"},
       {"config.providers.dir.class",
        "org.apache.kafka.common.config.provider.DirectoryConfigProvider"},
       {"config.providers.env.class",
        "org.apache.kafka.common.config.provider.EnvVarConfigProvider"}});
  ASSERT_TRUE(worker.ok()) << worker.error().message;
  ConfigMap c = test::fake_connector("x");
  c["connect.fake.password"] = "${file:" + dir + "/secrets.properties:fake.password}";
  // A provider the worker does not name leaves its placeholder as written, as in Kafka.
  c["consumer.override.client.rack"] = "${vault:secret/rack:name}";
  const std::vector<std::string> hosts = {"${dir:" + dir + ":host}",
                                          "${env:KSINK_TEST_FAKE_HOST}"};
  for (const auto& host : hosts) {
    c["connect.fake.host"] = host;
    auto v = validate_connector(*worker, c);
    ASSERT_TRUE(v.problems.empty()) << v.problems[0].message;
    EXPECT_EQ(v.spec->config.get_string("connect.fake.host"), "db.example");
    EXPECT_EQ(v.spec->config.get_string("connect.fake.password"), "from-file");
    EXPECT_EQ(v.spec->config.get_string("consumer.override.client.rack"),
              "${vault:secret/rack:name}");
  }
  // A key the file lacks is a problem naming the configuration key, not a value.
  c["connect.fake.password"] = "${file:" + dir + "/secrets.properties:nope}";
  auto bad = validate_connector(*worker, c);
  ASSERT_EQ(bad.problems.size(), 1u);
  EXPECT_EQ(bad.problems[0].message,
            "Invalid value for configuration connect.fake.password: '" + dir +
                "/secrets.properties' has no key 'nope' (${file:" + dir +
                "/secrets.properties:nope})");
  EXPECT_EQ(std::system(("rm -rf " + dir).c_str()), 0);
  // A class ksink does not have stops the worker.
  auto unknown = load_worker_config({{"bootstrap.servers", "127.0.0.1:1"},
                                     {"config.providers", "vault"},
                                     {"config.providers.vault.class", "com.example.Vault"}});
  ASSERT_FALSE(unknown.ok());
  EXPECT_THAT(unknown.error().message,
              HasSubstr("Invalid value com.example.Vault for configuration "
                        "config.providers.vault.class: ksink has the providers"));
}

TEST(Herder, RestartMarksFollowKip745) {
  ConnectorStatus s{"c", State::Running, "w", "", {}};
  s.tasks = {{0, State::Running, "w", ""}, {1, State::Failed, "w", "boom"}};
  auto plain = mark_restarting(s, false, false);
  EXPECT_EQ(plain.state, State::Running);
  EXPECT_EQ(plain.tasks[1].state, State::Failed);
  auto all = mark_restarting(s, true, false);
  EXPECT_EQ(all.state, State::Restarting);
  EXPECT_EQ(all.tasks[0].state, State::Restarting);
  EXPECT_EQ(all.tasks[1].state, State::Restarting);
  EXPECT_EQ(all.tasks[1].trace, "");
  auto failed = mark_restarting(s, true, true);
  EXPECT_EQ(failed.state, State::Running);
  EXPECT_EQ(failed.tasks[0].state, State::Running);
  EXPECT_EQ(failed.tasks[1].state, State::Restarting);
  auto connector_only_failed = mark_restarting(s, false, true);
  EXPECT_EQ(connector_only_failed.state, State::Running);
  EXPECT_EQ(connector_only_failed.tasks[1].state, State::Failed);
}

}  // namespace
}  // namespace ksink
