// The REST routes over an in-memory herder: Kafka Connect's paths, status codes and JSON shapes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "rest/api.h"
#include "unit/rest/fake_herder.h"

namespace ksink::rest {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

class RestApiTest : public ::testing::Test {
 protected:
  HttpResponse call(const std::string& method, const std::string& path,
                    const std::string& body = "",
                    std::multimap<std::string, std::string> query = {}) {
    return api.handle({method, path, std::move(query), body});
  }
  Json json(const HttpResponse& r) {
    auto j = Json::parse(r.body);
    EXPECT_TRUE(j.ok()) << r.body;
    return j.ok() ? *j : Json();
  }
  std::string create_body(const std::string& name, const ConfigMap& extra = {}) {
    ConfigMap c = test::fake_connector(name);
    for (const auto& [k, v] : extra) c[k] = v;
    Json config = Json::object();
    for (const auto& [k, v] : c) config.set(k, Json::string(v));
    Json b = Json::object();
    b.set("name", Json::string(name));
    b.set("config", std::move(config));
    return b.dump();
  }
  void create(const std::string& name) {
    auto r = call("POST", "/connectors", create_body(name));
    ASSERT_EQ(r.status, 201) << r.body;
  }

  test::FakeHerder herder;
  RestApi api{herder};
};

TEST_F(RestApiTest, RootGivesVersionAndClusterId) {
  auto r = call("GET", "/");
  EXPECT_EQ(r.status, 200);
  auto j = json(r);
  EXPECT_EQ(j.find("version")->text(), KSINK_VERSION);
  EXPECT_EQ(j.find("kafka_cluster_id")->text(), "fake-cluster");
  EXPECT_TRUE(j.find("commit"));
}

TEST_F(RestApiTest, CreateAnswers201WithInfoAndHidesThePassword) {
  auto r = call("POST", "/connectors", create_body("s", {{"tasks.max", "2"}}));
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_THAT(r.body, Not(HasSubstr("hunter2")));
  auto j = json(r);
  EXPECT_EQ(j.find("name")->text(), "s");
  EXPECT_EQ(j.find("type")->text(), "sink");
  EXPECT_EQ(j.find("config")->find("connect.fake.password")->text(), "[hidden]");
  EXPECT_EQ(j.find("config")->find("connect.fake.host")->text(), "db.example");
  EXPECT_EQ(j.find("config")->find("name")->text(), "s");
  EXPECT_EQ(j.find("tasks")->dump(), R"([{"connector":"s","task":0},{"connector":"s","task":1}])");
  // The real value is what the connector got.
  EXPECT_EQ(herder.stored("s").at("connect.fake.password"), "hunter2");
}

TEST_F(RestApiTest, CreateTakesNumbersAndBooleansAsText) {
  auto r = call("POST", "/connectors",
                R"({"name":"n","config":{"connector.class":"fake","topics":"t","tasks.max":3,)"
                R"("connect.fake.host":"h","connect.fake.kcql":"SELECT * FROM t PK id",)"
                R"("errors.log.enable":false,"nothing":null}})");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(herder.stored("n").at("tasks.max"), "3");
  EXPECT_EQ(herder.stored("n").at("errors.log.enable"), "false");
  EXPECT_FALSE(herder.stored("n").count("nothing"));
}

TEST_F(RestApiTest, CreateOfAnExistingNameIs409) {
  create("s");
  auto r = call("POST", "/connectors", create_body("s"));
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.body, R"({"error_code":409,"message":"Connector s already exists"})");
}

TEST_F(RestApiTest, InvalidConfigIs400ListingEveryProblem) {
  auto r = call("POST", "/connectors",
                R"({"name":"bad","config":{"connector.class":"fake","topics":"t","tasks.max":"x",)"
                R"("connect.fake.kcql":"INSERT INTO x SELECT * FROM t"}})");
  EXPECT_EQ(r.status, 400);
  auto j = json(r);
  EXPECT_EQ(j.find("error_code")->as_int(), 400);
  const std::string& m = j.find("message")->text();
  EXPECT_THAT(m, HasSubstr("Connector configuration is invalid and contains the following 3 "
                           "error(s):"));
  EXPECT_THAT(m, HasSubstr("Invalid value x for configuration tasks.max"));
  EXPECT_THAT(m, HasSubstr("Missing required configuration \"connect.fake.host\""));
  EXPECT_THAT(m, HasSubstr("The fake sink needs a key: add PK to 'INSERT INTO x SELECT * FROM t'"));
  EXPECT_THAT(m, HasSubstr("/connector-plugins/{connectorType}/config/validate"));
  EXPECT_TRUE(herder.connectors().empty());
}

TEST_F(RestApiTest, BadBodiesAre400WithKafkaConnectsErrorShape) {
  for (const std::string& body :
       {std::string(""), std::string("{"), std::string("[1]"), std::string("not json"),
        std::string(R"({"name":"x"})"), std::string(R"({"name":"x","config":"y"})"),
        std::string(R"({"name":5,"config":{}})"),
        std::string(R"({"name":"x","config":{"a":{"b":1}}})"),
        std::string(R"({"name":"x","config":{"a":[1]}})"), std::string("\xff\xfe")}) {
    auto r = call("POST", "/connectors", body);
    EXPECT_EQ(r.status, 400) << body << " -> " << r.body;
    auto j = json(r);
    EXPECT_EQ(j.find("error_code")->as_int(), 400) << body;
    EXPECT_FALSE(j.find("message")->text().empty()) << body;
  }
  auto r = call("POST", "/connectors", R"({"name":"x","config":{"a":{"b":1}}})");
  EXPECT_EQ(json(r).find("message")->text(),
            "Configuration value of 'a' must be a string, number or boolean, not an object");
  EXPECT_THAT(call("POST", "/connectors", "{\"name\" 1}").body,
              HasSubstr("Invalid JSON at line 1, column 9"));
}

TEST_F(RestApiTest, NameMismatchAndUnaddressableNamesAre400) {
  auto r = call("POST", "/connectors", R"({"name":"a","config":{"name":"b"}})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(json(r).find("message")->text(),
            "Connector name configuration (b) doesn't match connector name in the URL (a)");
  r = call("PUT", "/connectors/a/config", R"({"name":"b"})");
  EXPECT_EQ(r.status, 400);
  r = call("POST", "/connectors", create_body("a/b"));
  EXPECT_EQ(r.status, 400);
  EXPECT_THAT(r.body, HasSubstr("must not contain '/'"));
  r = call("POST", "/connectors", R"({"config":{"connector.class":"fake"}})");
  EXPECT_EQ(r.status, 400);
  EXPECT_THAT(r.body, HasSubstr("for configuration name: String may not be empty"));
}

TEST_F(RestApiTest, ListAndExpand) {
  create("b");
  create("a");
  EXPECT_EQ(call("GET", "/connectors").body, R"(["a","b"])");
  auto j = json(call("GET", "/connectors", "", {{"expand", "status"}}));
  EXPECT_EQ(j.find("a")->find("status")->find("connector")->find("state")->text(), "RUNNING");
  EXPECT_EQ(j.find("a")->find("info"), nullptr);
  j = json(call("GET", "/connectors", "", {{"expand", "info"}}));
  EXPECT_EQ(j.find("b")->find("info")->find("config")->find("connect.fake.password")->text(),
            "[hidden]");
  j = json(call("GET", "/connectors", "", {{"expand", "status"}, {"expand", "info"}}));
  EXPECT_TRUE(j.find("a")->find("status"));
  EXPECT_TRUE(j.find("a")->find("info"));
  EXPECT_EQ(call("GET", "/connectors/").body, R"(["a","b"])");
}

TEST_F(RestApiTest, GetConfigStatusAndTasks) {
  create("s");
  auto j = json(call("GET", "/connectors/s"));
  EXPECT_EQ(j.find("config")->find("connect.fake.password")->text(), "[hidden]");
  j = json(call("GET", "/connectors/s/config"));
  EXPECT_EQ(j.find("connect.fake.host")->text(), "db.example");
  EXPECT_EQ(j.find("connect.fake.password")->text(), "[hidden]");
  EXPECT_EQ(call("GET", "/connectors/s/status").body,
            R"({"name":"s","connector":{"state":"RUNNING","worker_id":"127.0.0.1:8083"},)"
            R"("tasks":[{"id":0,"state":"RUNNING","worker_id":"127.0.0.1:8083"}],"type":"sink"})");
  herder.fail_task("s", 0, "Redis said no");
  j = json(call("GET", "/connectors/s/status"));
  EXPECT_EQ(j.find("tasks")->items()[0].find("trace")->text(), "Redis said no");
  EXPECT_EQ(call("GET", "/connectors/s/tasks/0/status").body,
            R"({"id":0,"state":"FAILED","worker_id":"127.0.0.1:8083","trace":"Redis said no"})");
  auto r = call("GET", "/connectors/s/tasks/7/status");
  EXPECT_EQ(r.status, 404);
  j = json(call("GET", "/connectors/s/tasks"));
  ASSERT_EQ(j.items().size(), 1u);
  EXPECT_EQ(j.items()[0].find("id")->dump(), R"({"connector":"s","task":0})");
  EXPECT_EQ(j.items()[0].find("config")->find("connect.fake.password")->text(), "[hidden]");
}

TEST_F(RestApiTest, UnknownConnectorsAre404Everywhere) {
  const std::string msg = R"({"error_code":404,"message":"Connector nope not found"})";
  EXPECT_EQ(call("GET", "/connectors/nope").body, msg);
  EXPECT_EQ(call("GET", "/connectors/nope").status, 404);
  EXPECT_EQ(call("GET", "/connectors/nope/config").status, 404);
  EXPECT_EQ(call("GET", "/connectors/nope/status").status, 404);
  EXPECT_EQ(call("GET", "/connectors/nope/tasks").status, 404);
  EXPECT_EQ(call("DELETE", "/connectors/nope").status, 404);
  EXPECT_EQ(call("PUT", "/connectors/nope/pause").status, 404);
  EXPECT_EQ(call("PUT", "/connectors/nope/resume").status, 404);
  EXPECT_EQ(call("PUT", "/connectors/nope/stop").status, 404);
  EXPECT_EQ(call("POST", "/connectors/nope/restart").status, 404);
  EXPECT_EQ(call("POST", "/connectors/nope/tasks/0/restart").status, 404);
  EXPECT_EQ(call("GET", "/connectors/nope/tasks/0/status").status, 404);
}

TEST_F(RestApiTest, UnknownPathsAre404AndWrongMethods405) {
  auto r = call("GET", "/nothing/here");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body, R"({"error_code":404,"message":"HTTP 404 Not Found"})");
  EXPECT_EQ(call("GET", "/connectors/a/b/c/d/e/f").status, 404);
  EXPECT_EQ(call("GET", "/connectors/a/tasks/x/status").status, 404);
  r = call("DELETE", "/connectors");
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.body, R"({"error_code":405,"message":"HTTP 405 Method Not Allowed"})");
  EXPECT_EQ(call("POST", "/connectors/a/pause").status, 405);
  EXPECT_EQ(call("GET", "/connectors/a/restart").status, 405);
  EXPECT_EQ(call("POST", "/").status, 405);
}

TEST_F(RestApiTest, PutConfigCreatesThenReplacesKeepingHiddenSecrets) {
  std::string body = R"({"connector.class":"fake","topics":"t","connect.fake.host":"h1",)"
                     R"("connect.fake.password":"pw","connect.fake.kcql":"SELECT * FROM t PK id"})";
  auto r = call("PUT", "/connectors/p/config", body);
  EXPECT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(herder.stored("p").at("name"), "p");
  // What a GET showed, edited and sent back: the password stays.
  auto shown = json(call("GET", "/connectors/p/config"));
  shown.set("connect.fake.host", Json::string("h2"));
  r = call("PUT", "/connectors/p/config", shown.dump());
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(herder.stored("p").at("connect.fake.host"), "h2");
  EXPECT_EQ(herder.stored("p").at("connect.fake.password"), "pw");
  EXPECT_THAT(r.body, Not(HasSubstr("\"pw\"")));
  // An invalid update is refused and leaves the connector as it was.
  r = call("PUT", "/connectors/p/config", R"({"connector.class":"fake","topics":"t"})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(herder.stored("p").at("connect.fake.host"), "h2");
}

TEST_F(RestApiTest, PauseResumeStopDelete) {
  create("s");
  auto r = call("PUT", "/connectors/s/pause");
  EXPECT_EQ(r.status, 202);
  EXPECT_EQ(r.body, "");
  EXPECT_THAT(call("GET", "/connectors/s/status").body, HasSubstr("\"PAUSED\""));
  EXPECT_EQ(call("PUT", "/connectors/s/resume").status, 202);
  EXPECT_EQ(call("PUT", "/connectors/s/stop").status, 204);
  auto j = json(call("GET", "/connectors/s/status"));
  EXPECT_EQ(j.find("connector")->find("state")->text(), "STOPPED");
  EXPECT_TRUE(j.find("tasks")->items().empty());
  EXPECT_EQ(call("DELETE", "/connectors/s").status, 204);
  EXPECT_EQ(call("GET", "/connectors/s").status, 404);
}

TEST_F(RestApiTest, RestartVariants) {
  create("s");
  herder.fail_task("s", 0, "boom");
  auto r = call("POST", "/connectors/s/restart");
  EXPECT_EQ(r.status, 204);
  EXPECT_EQ(r.body, "");
  r = call("POST", "/connectors/s/restart", "", {{"includeTasks", "true"}});
  EXPECT_EQ(r.status, 202);
  auto j = json(r);
  EXPECT_EQ(j.find("connector")->find("state")->text(), "RESTARTING");
  EXPECT_EQ(j.find("tasks")->items()[0].find("state")->text(), "RESTARTING");
  r = call("POST", "/connectors/s/restart", "", {{"includeTasks", "true"}, {"onlyFailed", "true"}});
  EXPECT_EQ(r.status, 202);
  j = json(r);
  EXPECT_EQ(j.find("connector")->find("state")->text(), "RUNNING");
  EXPECT_EQ(j.find("tasks")->items()[0].find("state")->text(), "RESTARTING");
  r = call("POST", "/connectors/s/restart", "", {{"includeTasks", "maybe"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(call("POST", "/connectors/s/tasks/0/restart").status, 204);
  EXPECT_EQ(call("POST", "/connectors/s/tasks/1/restart").status, 404);
  EXPECT_THAT(herder.restarts,
              ElementsAre("s false false", "s true false", "s true true", "s task 0"));
}

TEST_F(RestApiTest, PluginsAndValidateRoutes) {
  auto j = json(call("GET", "/connector-plugins"));
  bool found = false;
  for (const auto& p : j.items())
    if (p.find("class")->text() == "com.example.connect.fake.FakeSinkConnector") {
      found = true;
      EXPECT_EQ(p.find("type")->text(), "sink");
    }
  EXPECT_TRUE(found) << j.dump();
  auto r = call("PUT", "/connector-plugins/FakeSinkConnector/config/validate",
                R"({"connector.class":"fake","name":"v","topics":"t"})");
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json(r).find("error_count")->as_int(), 2);
  EXPECT_EQ(call("PUT", "/connector-plugins/fake/config/validate", "{").status, 400);
  EXPECT_EQ(call("GET", "/connector-plugins/fake/config/validate").status, 405);
  EXPECT_EQ(call("GET", "/connector-plugins/fake/config").status, 200);
  EXPECT_EQ(call("GET", "/connector-plugins/nope/config").status, 404);
}

}  // namespace
}  // namespace ksink::rest

namespace ksink::rest {
namespace {

// A worker that has not joined its cluster: GET /health says "starting" with Kafka Connect's
// WorkerStatus message and code (503); every other request waits for attach().
TEST(RestApiStarting, HealthIsStartingAndOtherRequests503UntilAttached) {
  RestApi api(static_cast<const KafkaHealth*>(nullptr));
  auto h = api.handle({"GET", "/health", {}, ""});
  EXPECT_EQ(h.status, 503);
  EXPECT_EQ(h.body, R"({"status":"starting","message":"Worker is still starting up. Joining the )"
                    R"(cluster: reading its config and status topics."})");
  EXPECT_EQ(api.handle({"GET", "/connectors", {}, ""}).status, 503);
  EXPECT_EQ(api.handle({"POST", "/health", {}, ""}).status, 405);
  test::FakeHerder herder;
  api.attach(herder);
  EXPECT_EQ(api.handle({"GET", "/health", {}, ""}).body,
            R"({"status":"healthy","message":"Worker has completed startup and is ready to )"
            R"(handle requests."})");
  EXPECT_EQ(api.handle({"GET", "/connectors", {}, ""}).status, 200);
}

TEST_F(RestApiTest, StatusPageAndItsData) {
  create("s");
  auto page = call("GET", "/ui");
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.content_type, "text/html; charset=utf-8");
  EXPECT_THAT(page.body, HasSubstr("<meta name=\"viewport\""));
  EXPECT_THAT(page.body, Not(HasSubstr("http://")));  // nothing fetched from elsewhere
  EXPECT_THAT(page.body, Not(HasSubstr("https://")));
  EXPECT_EQ(call("GET", "/ui/").body, page.body);
  auto data = json(call("GET", "/ui/status.json"));
  const Json* connectors = data.find("connectors");
  ASSERT_TRUE(connectors);
  ASSERT_EQ(connectors->items().size(), 1u);
  EXPECT_EQ(connectors->items()[0].find("name")->text(), "s");
  EXPECT_EQ(data.find("health")->find("status")->text(), "healthy");
  EXPECT_EQ(call("GET", "/ui/nothing").status, 404);
}

}  // namespace
}  // namespace ksink::rest
