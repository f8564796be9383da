// PUT /connector-plugins/{type}/config/validate: Kafka Connect's ConfigInfos, every problem on
// the key it concerns.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rest/validation.h"
#include "unit/rest/fake_sink.h"

namespace ksink::rest {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

class Validation : public ::testing::Test {
 protected:
  Config worker = test::fake_worker_config();

  // key -> errors, and key -> value, from the answer.
  static std::map<std::string, std::vector<std::string>> errors(const Json& j) {
    std::map<std::string, std::vector<std::string>> out;
    for (const auto& c : j.find("configs")->items()) {
      const Json* v = c.find("value");
      for (const auto& e : v->find("errors")->items()) out[v->find("name")->text()].push_back(e.text());
    }
    return out;
  }
  static const Json* entry(const Json& j, const std::string& key) {
    for (const auto& c : j.find("configs")->items())
      if (c.find("definition")->find("name")->text() == key) return &c;
    return nullptr;
  }
};

TEST_F(Validation, ValidConfigHasNoErrorsAndTheKafkaConnectShape) {
  auto r = validate_config(worker, "com.example.connect.fake.FakeSinkConnector",
                           test::fake_connector("v"));
  ASSERT_TRUE(r.ok()) << r.error().message;
  const Json& j = *r;
  EXPECT_EQ(j.find("name")->text(), "com.example.connect.fake.FakeSinkConnector");
  EXPECT_EQ(j.find("error_count")->as_int(), 0);
  EXPECT_EQ(j.find("groups")->dump(), R"(["Connector","Fake sink"])");
  const Json* host = entry(j, "connect.fake.host");
  ASSERT_TRUE(host);
  const Json* def = host->find("definition");
  for (const char* k : {"name", "type", "required", "default_value", "importance",
                        "documentation", "group", "width", "display_name", "dependents", "order"})
    EXPECT_TRUE(def->find(k)) << k;
  EXPECT_EQ(def->find("type")->text(), "STRING");
  EXPECT_TRUE(def->find("required")->as_bool());
  EXPECT_TRUE(def->find("default_value")->is_null());
  EXPECT_EQ(def->find("group")->text(), "Fake sink");
  EXPECT_EQ(host->find("value")->dump(),
            R"({"name":"connect.fake.host","value":"db.example","recommended_values":[],)"
            R"("errors":[],"visible":true})");
  // Defaults stand in for values not given; allowed values are the recommended ones.
  const Json* policy = entry(j, "connect.fake.error.policy");
  EXPECT_EQ(policy->find("value")->find("value")->text(), "THROW");
  EXPECT_EQ(policy->find("value")->find("recommended_values")->dump(),
            R"(["THROW","NOOP","RETRY"])");
}

TEST_F(Validation, PasswordsAreHidden) {
  auto r = validate_config(worker, "fake", test::fake_connector("v"));
  ASSERT_TRUE(r.ok());
  EXPECT_THAT(r->dump(), Not(HasSubstr("hunter2")));
  EXPECT_EQ(entry(*r, "connect.fake.password")->find("value")->find("value")->text(), "[hidden]");
  EXPECT_EQ(entry(*r, "connect.fake.password")->find("definition")->find("type")->text(),
            "PASSWORD");
}

TEST_F(Validation, EveryProblemIsReportedOnItsKeyKcqlIncluded) {
  ConfigMap c = {{"name", "v"},
                 {"connector.class", "fake"},
                 {"topics", "t,u"},
                 {"tasks.max", "0"},
                 {"connect.fake.connection.host", "h"},  // an alias: reported under the key
                 {"connect.fake.error.policy", "SOMETIMES"},
                 {"connect.fake.kcql", "INSERT INTO x SELECT * FROM t"}};
  auto r = validate_config(worker, "fake", c);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->find("name")->text(), "com.example.connect.fake.FakeSinkConnector")
      << "the class an alias stands for, as Kafka Connect names the class it loaded";
  auto e = errors(*r);
  EXPECT_EQ(r->find("error_count")->as_int(), 4) << r->dump(2);
  ASSERT_EQ(e["tasks.max"].size(), 1u);
  EXPECT_THAT(e["tasks.max"][0], HasSubstr("Value must be at least 1"));
  ASSERT_EQ(e["connect.fake.error.policy"].size(), 1u);
  ASSERT_EQ(e["connect.fake.kcql"].size(), 1u);
  EXPECT_THAT(e["connect.fake.kcql"][0], HasSubstr("needs a key: add PK"));
  ASSERT_EQ(e["topics"].size(), 1u);
  EXPECT_THAT(e["topics"][0], HasSubstr("Topic(s) u are consumed"));
  EXPECT_EQ(entry(*r, "connect.fake.host")->find("value")->find("value")->text(), "h");
  EXPECT_TRUE(e["connect.fake.host"].empty());
}

TEST_F(Validation, KcqlSyntaxErrorsLandOnTheKcqlKey) {
  ConfigMap c = test::fake_connector("v");
  c["connect.fake.kcql"] = "INSERT INTO x FROM t";
  auto r = validate_config(worker, "fake", c);
  ASSERT_TRUE(r.ok());
  auto e = errors(*r);
  ASSERT_EQ(e["connect.fake.kcql"].size(), 1u);
  EXPECT_THAT(e["connect.fake.kcql"][0], HasSubstr("expected SELECT"));
}

TEST_F(Validation, ConnectorClassMayBeLeftOutOrMustMatch) {
  ConfigMap c = test::fake_connector("v");
  c.erase("connector.class");
  auto r = validate_config(worker, "FakeSink", c);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->find("error_count")->as_int(), 0) << r->dump(2);
  c["connector.class"] = "com.example.Other";
  r = validate_config(worker, "fake", c);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().status, 400);
  EXPECT_EQ(r.error().message,
            "Included connector type com.example.Other does not match request type fake");
  r = validate_config(worker, "nope", c);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().status, 400);
  EXPECT_THAT(r.error().message, HasSubstr("Unknown connector plugin 'nope'"));
}

TEST_F(Validation, PluginNamesResolveLikeKafkaConnectAliases) {
  test::register_fake_sink();
  const SinkPlugin* p = find_plugin("fake");
  ASSERT_TRUE(p);
  EXPECT_EQ(find_plugin("com.example.connect.fake.FakeSinkConnector"), p);
  EXPECT_EQ(find_plugin("FakeSinkConnector"), p);
  EXPECT_EQ(find_plugin("FakeSink"), p);
  EXPECT_EQ(find_plugin("Fake"), nullptr);
}

TEST_F(Validation, PluginConfigListsEveryKey) {
  auto r = plugin_config("fake");
  ASSERT_TRUE(r.ok());
  std::vector<std::string> names;
  for (const auto& d : r->items()) names.push_back(d.find("name")->text());
  EXPECT_THAT(names, ::testing::Contains("tasks.max"));
  EXPECT_THAT(names, ::testing::Contains("connect.fake.kcql"));
  EXPECT_EQ(plugin_config("nope").error().status, 404);
}

}  // namespace
}  // namespace ksink::rest
