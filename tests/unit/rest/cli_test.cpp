// `ksink cli` over a fake transport: the requests it sends, what it prints, its exit codes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "config/properties.h"
#include "rest/cli.h"

namespace ksink::rest {
namespace {

using ::testing::HasSubstr;

struct Sent {
  std::string method, path, body;
};

class Cli : public ::testing::Test {
 protected:
  int run(std::vector<std::string> args, const std::string& stdin_text = "",
          const char* env = nullptr) {
    std::istringstream in(stdin_text);
    out.str("");
    err.str("");
    return run_cli(args, in, out, err, env, [this](const std::string& endpoint) -> CliTransport {
      this->endpoint = endpoint;
      return [this](const std::string& m, const std::string& p,
                    const std::string& b) -> Result<CliHttpReply> {
        sent.push_back({m, p, b});
        if (unreachable) return Error{"cannot reach the Kafka Connect REST API at x: Connection"};
        return reply;
      };
    });
  }
  std::ostringstream out, err;
  std::string endpoint;
  std::vector<Sent> sent;
  CliHttpReply reply{200, "{}"};
  bool unreachable = false;
};

const char* kInfo =
    R"({"name":"redis-sink","config":{"connector.class":"redis","name":"redis-sink",)"
    R"("connect.redis.password":"[hidden]","tasks.max":"1","topics":"redis-topic"},)"
    R"("tasks":[{"connector":"redis-sink","task":0}],"type":"sink"})";

TEST_F(Cli, EndpointFromOptionThenEnvironmentThenDefault) {
  reply = {200, "[]"};
  EXPECT_EQ(run({"ps"}), 0);
  EXPECT_EQ(endpoint, "http://localhost:8083");
  EXPECT_EQ(run({"ps"}, "", "http://env:1"), 0);
  EXPECT_EQ(endpoint, "http://env:1");
  EXPECT_EQ(run({"--endpoint", "http://opt:2", "ps"}, "", "http://env:1"), 0);
  EXPECT_EQ(endpoint, "http://opt:2");
  EXPECT_EQ(run({"ps", "-e", "http://opt:3"}), 0);
  EXPECT_EQ(endpoint, "http://opt:3");
}

TEST_F(Cli, PsListsNames) {
  reply = {200, R"(["a","b"])"};
  EXPECT_EQ(run({"ps"}), 0);
  EXPECT_EQ(out.str(), "a\nb\n");
  EXPECT_EQ(sent.back().method, "GET");
  EXPECT_EQ(sent.back().path, "/connectors");
}

TEST_F(Cli, CreatePostsThePropertiesAndEchoesThemLikeConnectCli) {
  reply = {201, kInfo};
  const std::string props =
      "# the seed's file\nconnector.class=redis\ntasks.max=1\ntopics=redis-topic\n"
      "connect.redis.password=secret\n";
  EXPECT_EQ(run({"create", "redis-sink"}, props), 0) << err.str();
  ASSERT_EQ(sent.size(), 1u);
  EXPECT_EQ(sent[0].method, "POST");
  EXPECT_EQ(sent[0].path, "/connectors");
  auto body = Json::parse(sent[0].body);
  ASSERT_TRUE(body.ok());
  EXPECT_EQ(body->find("name")->text(), "redis-sink");
  EXPECT_EQ(body->find("config")->find("name")->text(), "redis-sink");
  EXPECT_EQ(body->find("config")->find("topics")->text(), "redis-topic");
  EXPECT_EQ(out.str(),
            "#Connector `redis-sink`:\n"
            "connect.redis.password=[hidden]\n"
            "connector.class=redis\n"
            "name=redis-sink\n"
            "tasks.max=1\n"
            "topics=redis-topic\n"
            "#task ids: 0\n");
}

TEST_F(Cli, GetOutputReadsBackAsProperties) {
  reply = {200, R"({"name":"s","config":{"a key":"x=y","b":" lead\nnext","c\\d":"e"},"tasks":[]})"};
  EXPECT_EQ(run({"get", "s"}), 0);
  auto back = parse_properties(out.str());
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->at("a key"), "x=y");
  EXPECT_EQ(back->at("b"), " lead\nnext");
  EXPECT_EQ(back->at("c\\d"), "e");
  EXPECT_THAT(out.str(), HasSubstr("#task ids:\n"));
}

TEST_F(Cli, RunPutsTheConfigUnderTheNameEncoded) {
  reply = {200, kInfo};
  EXPECT_EQ(run({"run", "my sink"}, "connector.class=redis\n"), 0);
  EXPECT_EQ(sent[0].method, "PUT");
  EXPECT_EQ(sent[0].path, "/connectors/my%20sink/config");
  auto body = Json::parse(sent[0].body);
  EXPECT_EQ(body->find("name")->text(), "my sink");
}

TEST_F(Cli, StatusInConnectCliFormat) {
  reply = {200, R"({"name":"s","connector":{"state":"RUNNING","worker_id":"w:1"},"tasks":[)"
                R"({"id":0,"state":"RUNNING","worker_id":"w:1"},)"
                R"({"id":1,"state":"FAILED","worker_id":"w:2","trace":"boom"}],"type":"sink"})"};
  EXPECT_EQ(run({"status", "s"}), 0);
  EXPECT_EQ(out.str(),
            "connectorState: RUNNING\nworkerId: w:1\nnumberOfTasks: 2\ntasks:\n"
            "  - taskId: 0\n    taskState: RUNNING\n    workerId: w:1\n"
            "  - taskId: 1\n    taskState: FAILED\n    trace: boom\n    workerId: w:2\n");
  EXPECT_EQ(sent[0].path, "/connectors/s/status");
}

TEST_F(Cli, LifecycleVerbs) {
  reply = {204, ""};
  EXPECT_EQ(run({"delete", "s"}), 0);
  EXPECT_EQ(sent.back().method, "DELETE");
  EXPECT_EQ(run({"rm", "s"}), 0);
  EXPECT_EQ(sent.back().path, "/connectors/s");
  reply = {202, ""};
  EXPECT_EQ(run({"pause", "s"}), 0);
  EXPECT_EQ(sent.back().path, "/connectors/s/pause");
  EXPECT_EQ(sent.back().method, "PUT");
  EXPECT_EQ(run({"resume", "s"}), 0);
  EXPECT_EQ(sent.back().path, "/connectors/s/resume");
  EXPECT_EQ(run({"restart", "s"}), 0);
  EXPECT_EQ(sent.back().method, "POST");
  EXPECT_EQ(sent.back().path, "/connectors/s/restart?includeTasks=true&onlyFailed=false");
  EXPECT_EQ(run({"restart", "--only-failed", "s"}), 0);
  EXPECT_EQ(sent.back().path, "/connectors/s/restart?includeTasks=true&onlyFailed=true");
  EXPECT_EQ(out.str(), "");
}

TEST_F(Cli, ServerErrorsExitOneWithTheServersMessage) {
  reply = {404, R"({"error_code":404,"message":"Connector nope not found"})"};
  EXPECT_EQ(run({"status", "nope"}), 1);
  EXPECT_EQ(err.str(), "Error: Connector nope not found\n");
  reply = {500, "<html>oops</html>"};
  EXPECT_EQ(run({"ps"}), 1);
  EXPECT_EQ(err.str(), "Error: HTTP 500: <html>oops</html>\n");
  unreachable = true;
  EXPECT_EQ(run({"ps"}), 1);
  EXPECT_THAT(err.str(), HasSubstr("cannot reach"));
}

TEST_F(Cli, UsageMistakesExitTwo) {
  EXPECT_EQ(run({}), 2);
  EXPECT_EQ(run({"frobnicate"}), 2);
  EXPECT_THAT(err.str(), HasSubstr("unknown command 'frobnicate'"));
  EXPECT_EQ(run({"get"}), 2);
  EXPECT_THAT(err.str(), HasSubstr("get needs exactly one connector name"));
  EXPECT_EQ(run({"ps", "x"}), 2);
  EXPECT_EQ(run({"--endpoint"}), 2);
  EXPECT_EQ(run({"--bogus", "ps"}), 2);
  EXPECT_EQ(run({"--help"}), 0);
  EXPECT_THAT(out.str(), HasSubstr("validate < FILE"));
  EXPECT_TRUE(sent.empty());
}

TEST_F(Cli, CreateWithoutPropertiesIsAnError) {
  EXPECT_EQ(run({"create", "s"}, "# only a comment\n"), 1);
  EXPECT_THAT(err.str(), HasSubstr("no properties on stdin"));
  EXPECT_TRUE(sent.empty());
}

TEST_F(Cli, PluginsSorted) {
  reply = {200, R"([{"class":"z.Z","type":"sink"},{"class":"a.A","type":"sink"}])"};
  EXPECT_EQ(run({"plugins"}), 0);
  EXPECT_EQ(out.str(), "Class name: a.A\nClass name: z.Z\n");
}

TEST_F(Cli, ValidateReportsEachErrorByKey) {
  reply = {200, R"({"name":"redis","error_count":2,"groups":[],"configs":[)"
                R"({"definition":{"name":"a"},"value":{"name":"a","errors":["bad a"]}},)"
                R"({"definition":{"name":"b"},"value":{"name":"b","errors":[]}},)"
                R"({"definition":{"name":"k"},"value":{"name":"k","errors":["bad k"]}}]})"};
  EXPECT_EQ(run({"validate"}, "connector.class=redis\nname=x\n"), 1);
  EXPECT_EQ(sent[0].method, "PUT");
  EXPECT_EQ(sent[0].path, "/connector-plugins/redis/config/validate");
  EXPECT_EQ(out.str(), "Validation failed with 2 error(s):\n  a: bad a\n  k: bad k\n");
  reply = {200, R"({"name":"redis","error_count":0,"configs":[]})"};
  EXPECT_EQ(run({"validate"}, "connector.class=redis\n"), 0);
  EXPECT_EQ(out.str(), "redis: no validation errors\n");
  EXPECT_EQ(run({"validate"}, "name=x\n"), 1);
  EXPECT_THAT(err.str(), HasSubstr("no connector.class"));
}

}  // namespace
}  // namespace ksink::rest
