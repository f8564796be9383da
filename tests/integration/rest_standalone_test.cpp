// The Kafka Connect REST API of `ksink standalone`, used the way curl users and `ksink cli`
// use it: real process, real Redis, embedded Kafka.
#include <gmock/gmock.h>
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "config/properties.h"
#include "integration/fixtures/kafka_cluster.h"
#include "integration/fixtures/rest_fixture.h"
#include "integration/fixtures/standalone_process.h"
#include "support/process.h"
#include "support/redis_server.h"

namespace ksink::test {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr const char* kRedisPassword = "s3cret-Pa55";

class RestStandalone : public StandaloneProcessTest {
 protected:
  RestStandalone() : StandaloneProcessTest("ksink-rest") {}
  void SetUp() override {
    StandaloneProcessTest::SetUp();
    redis = std::make_unique<RedisServer>(std::vector<std::string>{"--requirepass", kRedisPassword});
    port = free_port();
    for (const char* t : {"file-topic", "a", "b", "c"}) kafka->create_topic(t);
  }
  void stop_sink_servers() override { redis.reset(); }
  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(port); }
  // Connector properties for Redis, reading `topic` into keys from field id.
  std::string props(const std::string& name, const std::string& topic,
                    const std::string& kcql = "") {
    return "name=" + name + "\nconnector.class=redis\ntopics=" + topic +
           "\nconnect.redis.host=127.0.0.1\nconnect.redis.port=" + std::to_string(redis->port()) +
           "\nconnect.redis.password=" + kRedisPassword + "\nconnect.redis.kcql=" +
           (kcql.empty() ? "INSERT INTO " + topic + ": SELECT * FROM " + topic + " PK id" : kcql) +
           "\n";
  }
  // The same as a POST /connectors body.
  std::string create_body(const std::string& name, const std::string& topic,
                          const std::string& kcql = "") {
    rest::Json config = rest::Json::object();
    auto parsed = parse_properties(props(name, topic, kcql));
    for (const auto& [k, v] : *parsed) config.set(k, rest::Json::string(v));
    rest::Json body = rest::Json::object();
    body.set("name", rest::Json::string(name));
    body.set("config", std::move(config));
    return body.dump();
  }
  void start(const std::string& extra_worker = "") {
    auto w = worker_file(
        "key.converter=org.apache.kafka.connect.storage.StringConverter\n"
        "value.converter=org.apache.kafka.connect.json.JsonConverter\n"
        "value.converter.schemas.enable=false\noffset.flush.interval.ms=200\n"
        // The embedded Kafka lets a restarted consumer rejoin its group only
        // after the session timeout: keep it short.
        "consumer.session.timeout.ms=4000\nconsumer.heartbeat.interval.ms=500\n"
        "listeners=http://:" + std::to_string(port) + "\n" + extra_worker);
    auto c = write("file-sink.properties", props("file-sink", "file-topic"));
    run({w, c});
    ASSERT_TRUE(eventually([&] { return api().get("/").status == 200; }, 20s)) << ksink.log();
  }
  RestClient& api() {
    if (!client) client = std::make_unique<RestClient>(port);
    return *client;
  }
  void produce(const std::string& topic, const std::string& id) {
    kafka->produce(topic, std::nullopt, R"({"id":")" + id + R"(","v":1})");
  }

  std::unique_ptr<RedisServer> redis;
  std::unique_ptr<RestClient> client;
  int port = 0;
};

TEST_F(RestStandalone, ServesTheApiAndRunsConnectorsCreatedThroughIt) {
  start();
  auto root = api().get("/").json();
  EXPECT_EQ(root.find("version")->text(), KSINK_VERSION);
  EXPECT_FALSE(root.find("kafka_cluster_id")->text().empty()) << root.dump();
  EXPECT_EQ(api().get("/connectors").body, R"(["file-sink"])");

  auto r = api().post("/connectors", create_body("rest-sink", "a"));
  ASSERT_EQ(r.status, 201) << r.body;
  auto info = r.json();
  EXPECT_EQ(info.find("name")->text(), "rest-sink");
  EXPECT_EQ(info.find("type")->text(), "sink");
  EXPECT_EQ(info.find("config")->find("connect.redis.password")->text(), "[hidden]");
  EXPECT_EQ(info.find("tasks")->dump(), R"([{"connector":"rest-sink","task":0}])");
  EXPECT_EQ(api().get("/connectors").body, R"(["file-sink","rest-sink"])");

  produce("a", "1");
  produce("file-topic", "2");
  ASSERT_TRUE(eventually([&] { return redis->get("a:1").has_value(); }, 20s)) << ksink.log();
  ASSERT_TRUE(eventually([&] { return redis->get("file-topic:2").has_value(); }, 20s));

  const std::string worker_id = "127.0.0.1:" + std::to_string(port);
  ASSERT_TRUE(eventually([&] { return api().task_states("rest-sink") == "RUNNING"; }));
  auto status = api().get("/connectors/rest-sink/status");
  EXPECT_EQ(status.status, 200);
  EXPECT_EQ(status.body, R"({"name":"rest-sink","connector":{"state":"RUNNING","worker_id":")" +
                             worker_id + R"("},"tasks":[{"id":0,"state":"RUNNING","worker_id":")" +
                             worker_id + R"("}],"type":"sink"})");
  auto config = api().get("/connectors/rest-sink/config").json();
  EXPECT_EQ(config.find("connect.redis.password")->text(), "[hidden]");
  EXPECT_EQ(config.find("topics")->text(), "a");
  auto expanded = api().get("/connectors?expand=status&expand=info").json();
  EXPECT_EQ(expanded.find("file-sink")->find("status")->find("connector")->find("state")->text(),
            "RUNNING");
  EXPECT_EQ(expanded.find("rest-sink")->find("info")->find("config")->find("connect.redis.password")->text(),
            "[hidden]");
  auto plugins = api().get("/connector-plugins");
  EXPECT_THAT(plugins.body, HasSubstr("com.datamountaineer.streamreactor.connect.redis.sink.RedisSinkConnector"));

  // Replace the configuration: the new KCQL applies, the password sent back hidden still works.
  auto shown = api().get("/connectors/rest-sink/config").json();
  shown.set("connect.redis.kcql", rest::Json::string("INSERT INTO new: SELECT * FROM a PK id"));
  r = api().put("/connectors/rest-sink/config", shown.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  produce("a", "3");
  ASSERT_TRUE(eventually([&] { return redis->get("new:3").has_value(); }, 20s)) << ksink.log();

  EXPECT_EQ(ksink.stop(SIGTERM), 0);
  EXPECT_THAT(ksink.log(), Not(HasSubstr(kRedisPassword)));
}

// GET /metrics: Kafka Connect's sink-task metrics in Prometheus's text format, per task.
TEST_F(RestStandalone, MetricsCountWhatTheTasksReadAndWrote) {
  for (const char* id : {"m1", "m2", "m3"}) produce("file-topic", id);
  start();
  ASSERT_TRUE(eventually([&] { return redis->dbsize() == 3; })) << ksink.log();
  const std::string task = R"({connector="file-sink",task="0"})";
  HttpReply m;
  // Counts are added once a batch is done; the gauges at the next commit interval (200 ms).
  ASSERT_TRUE(eventually([&] {
    m = api().get("/metrics");
    return m.body.find("ksink_sink_record_send_total" + task + " 3\n") != std::string::npos &&
           m.body.find("ksink_offset_commit_completion_total" + task + " 0\n") ==
               std::string::npos;
  })) << m.body;
  EXPECT_EQ(m.status, 200);
  EXPECT_EQ(m.content_type, "text/plain; version=0.0.4; charset=utf-8");
  for (const char* line : {"ksink_sink_record_read_total{connector=\"file-sink\",task=\"0\"} 3\n",
                           "ksink_partition_count{connector=\"file-sink\",task=\"0\"} 1\n",
                           "ksink_sink_record_active_count{connector=\"file-sink\",task=\"0\"} 0\n",
                           "ksink_sink_record_lag_max{connector=\"file-sink\",task=\"0\"} 0\n",
                           "ksink_total_record_errors{connector=\"file-sink\",task=\"0\"} 0\n",
                           "# TYPE ksink_sink_record_read_total counter\n",
                           "# TYPE ksink_sink_record_lag_max gauge\n"})
    EXPECT_NE(m.body.find(line), std::string::npos) << line << "\n" << m.body;
  // Every metric of connect-compat.md is there, once.
  for (const char* name :
       {"sink_record_read_total", "sink_record_send_total", "sink_record_active_count",
        "sink_record_lag_max", "partition_count", "put_batch_avg_time_ms", "put_batch_max_time_ms",
        "offset_commit_completion_total", "offset_commit_skip_total", "total_record_errors",
        "total_record_failures", "total_records_skipped", "total_retries",
        "deadletterqueue_produce_requests", "deadletterqueue_produce_failures"}) {
    const std::string help = std::string("# HELP ksink_") + name + " ";
    EXPECT_EQ(m.body.find(help), m.body.rfind(help)) << name;
    EXPECT_NE(m.body.find(help), std::string::npos) << name;
  }
  // Where the task's wall time went (docs/performance.md "Where the wall time goes"): every
  // stage, and time spent waiting for Redis's replies of the records written.
  for (const char* stage : {"idle", "kafka", "convert", "send", "target", "commit"}) {
    const std::string series = std::string("ksink_task_stage_seconds_total{connector=\"file-sink\",task=\"0\",stage=\"") +
                               stage + "\"} ";
    const auto at = m.body.find(series);
    ASSERT_NE(at, std::string::npos) << series << "\n" << m.body;
    if (std::string(stage) == "target" || std::string(stage) == "idle") {
      EXPECT_GT(std::stod(m.body.substr(at + series.size())), 0.0) << stage;
    }
  }
  EXPECT_EQ(api().post("/metrics").status, 405);
}

// Kafka's configuration providers: the connector's secrets stay out of its configuration.
TEST_F(RestStandalone, ConfigProvidersKeepSecretsOutOfConnectorConfigs) {
  write("secrets.properties", std::string("redis.password=") + kRedisPassword + "\n");
  ::setenv("KSINK_TEST_REDIS_HOST", "127.0.0.1", 1);
  start("config.providers=file,env\n"
        "config.providers.file.class=org.apache.kafka.common.config.provider.FileConfigProvider\n"
        "config.providers.env.class="
        "org.apache.kafka.common.config.provider.EnvVarConfigProvider\n");
  const std::string body =
      R"({"name":"p","config":{"connector.class":"redis","topics":"a",)"
      R"("connect.redis.host":"${env:KSINK_TEST_REDIS_HOST}","connect.redis.port":")" +
      std::to_string(redis->port()) + R"(","connect.redis.password":"${file:)" + dir +
      R"(/secrets.properties:redis.password}",)"
      R"("connect.redis.kcql":"INSERT INTO a: SELECT * FROM a PK id"}})";
  auto created = api().post("/connectors", body);
  ASSERT_EQ(created.status, 201) << created.body;
  produce("a", "p1");
  ASSERT_TRUE(eventually([&] { return redis->get("a:p1").has_value(); })) << ksink.log();
  // The configuration shown keeps the placeholders.
  auto config = api().get("/connectors/p/config").json();
  EXPECT_EQ(config.find("connect.redis.host")->text(), "${env:KSINK_TEST_REDIS_HOST}");
  EXPECT_THAT(ksink.log(), Not(HasSubstr(kRedisPassword)));
}

TEST_F(RestStandalone, PauseResumeStopRestartDelete) {
  start();
  ASSERT_EQ(api().post("/connectors", create_body("s", "b")).status, 201);
  produce("b", "1");
  ASSERT_TRUE(eventually([&] { return redis->get("b:1").has_value(); }, 20s)) << ksink.log();

  auto r = api().put("/connectors/s/pause");
  EXPECT_EQ(r.status, 202);
  ASSERT_TRUE(eventually([&] { return api().task_states("s") == "PAUSED"; }));
  EXPECT_EQ(api().connector_state("s"), "PAUSED");
  produce("b", "2");
  std::this_thread::sleep_for(1500ms);
  EXPECT_FALSE(redis->get("b:2").has_value()) << "a paused connector wrote";
  EXPECT_EQ(api().put("/connectors/s/resume").status, 202);
  ASSERT_TRUE(eventually([&] { return redis->get("b:2").has_value(); }, 20s));
  EXPECT_EQ(api().connector_state("s"), "RUNNING");

  EXPECT_EQ(api().put("/connectors/s/stop").status, 204);
  EXPECT_EQ(api().connector_state("s"), "STOPPED");
  EXPECT_EQ(api().get("/connectors/s/status").json().find("tasks")->items().size(), 0u);
  EXPECT_EQ(api().get("/connectors/s").json().find("tasks")->dump(), "[]");
  produce("b", "3");
  EXPECT_EQ(api().put("/connectors/s/resume").status, 202);
  ASSERT_TRUE(eventually([&] { return redis->get("b:3").has_value(); }, 20s)) << ksink.log();

  r = api().post("/connectors/s/restart?includeTasks=true");
  EXPECT_EQ(r.status, 202);
  EXPECT_EQ(r.json().find("connector")->find("state")->text(), "RESTARTING");
  EXPECT_EQ(r.json().find("tasks")->items()[0].find("state")->text(), "RESTARTING");
  ASSERT_TRUE(eventually([&] { return api().task_states("s") == "RUNNING"; }));
  EXPECT_EQ(api().post("/connectors/s/restart").status, 204);
  EXPECT_EQ(api().post("/connectors/s/tasks/0/restart").status, 204);
  EXPECT_EQ(api().post("/connectors/s/tasks/1/restart").status, 404);
  produce("b", "4");
  ASSERT_TRUE(eventually([&] { return redis->get("b:4").has_value(); }, 20s)) << ksink.log();

  EXPECT_EQ(api().del("/connectors/s").status, 204);
  EXPECT_EQ(api().get("/connectors/s").status, 404);
  EXPECT_EQ(api().get("/connectors").body, R"(["file-sink"])");
  produce("b", "5");
  std::this_thread::sleep_for(1000ms);
  EXPECT_FALSE(redis->get("b:5").has_value());
  // Created again, it reads on from the group's committed offsets.
  ASSERT_EQ(api().post("/connectors", create_body("s", "b")).status, 201);
  ASSERT_TRUE(eventually([&] { return redis->get("b:5").has_value(); }, 20s)) << ksink.log();
}

TEST_F(RestStandalone, FailedTaskShowsItsTraceAndRestartingOnlyFailedRecovers) {
  start();
  redis->command({"SET", "zs", "not a sorted set"});
  ASSERT_EQ(api().post("/connectors", create_body("z", "c",
                                                  "INSERT INTO zs SELECT * FROM c STOREAS "
                                                  "SortedSet(score=v)")).status,
            201);
  produce("c", "1");
  ASSERT_TRUE(eventually([&] { return api().task_states("z") == "FAILED"; }, 20s)) << ksink.log();
  auto status = api().get("/connectors/z/status").json();
  const auto& task = status.find("tasks")->items()[0];
  EXPECT_THAT(task.find("trace")->text(), HasSubstr("WRONGTYPE"));
  EXPECT_THAT(task.find("trace")->text(), HasSubstr("topic 'c' partition 0 offset 0"));
  auto one = api().get("/connectors/z/tasks/0/status").json();
  EXPECT_EQ(one.find("state")->text(), "FAILED");
  EXPECT_TRUE(one.find("trace"));

  redis->command({"DEL", "zs"});  // the cause is fixed
  auto r = api().post("/connectors/z/restart?includeTasks=true&onlyFailed=true");
  EXPECT_EQ(r.status, 202);
  EXPECT_EQ(r.json().find("connector")->find("state")->text(), "RUNNING");
  EXPECT_EQ(r.json().find("tasks")->items()[0].find("state")->text(), "RESTARTING");
  ASSERT_TRUE(eventually([&] { return redis->zrange("zs").size() == 1; }, 20s)) << ksink.log();
  EXPECT_EQ(api().task_states("z"), "RUNNING");
}

TEST_F(RestStandalone, BadRequestsGetKafkaConnectErrorsAndLeaveConnectorsRunning) {
  start();
  auto expect_error = [&](const HttpReply& r, int code, const std::string& part) {
    EXPECT_EQ(r.status, code) << r.body;
    auto j = r.json();
    ASSERT_TRUE(j.find("error_code")) << r.body;
    EXPECT_EQ(j.find("error_code")->as_int(), code);
    EXPECT_THAT(j.find("message")->text(), HasSubstr(part));
  };
  expect_error(api().post("/connectors", "{\"name\": \"x\", \"config\": {"), 400, "Invalid JSON");
  expect_error(api().post("/connectors", ""), 400, "Request body is empty");
  expect_error(api().post("/connectors", std::string("\x00\xff\x01", 3)), 400, "Invalid JSON");
  expect_error(api().post("/connectors", "[]"), 400, "must be a JSON object");
  expect_error(api().put("/connectors/x/config", "{\"a\": [1]}"), 400, "not an array");
  expect_error(api().get("/connectors/nope"), 404, "Connector nope not found");
  expect_error(api().get("/connectors/nope/status"), 404, "Connector nope not found");
  expect_error(api().del("/connectors/nope"), 404, "Connector nope not found");
  expect_error(api().put("/connectors/nope/pause"), 404, "Connector nope not found");
  expect_error(api().post("/connectors/nope/restart"), 404, "Connector nope not found");
  expect_error(api().get("/no/such/path"), 404, "HTTP 404");
  expect_error(api().del("/connectors"), 405, "HTTP 405");
  expect_error(api().post("/connectors", create_body("file-sink", "a")), 409,
               "Connector file-sink already exists");
  auto bad = api().post("/connectors",
                        create_body("bad", "a", "INSERT INTO x SELECT * FROM a STOREAS Nope"));
  expect_error(bad, 400, "Connector configuration is invalid");
  EXPECT_THAT(bad.json().find("message")->text(), HasSubstr("INSERT INTO x SELECT * FROM a STOREAS Nope"));
  expect_error(api().put("/connectors/bad/config", R"({"connector.class":"nope","topics":"a"})"),
               400, "Unknown connector.class 'nope'");
  EXPECT_EQ(api().get("/connectors/bad").status, 404);

  // Validation: every problem on its key, KCQL included.
  auto v = api().put("/connector-plugins/RedisSinkConnector/config/validate",
                     R"({"connector.class":"redis","name":"v","topics":"a","tasks.max":"0",)"
                     R"("connect.redis.kcql":"INSERT INTO t SELECT * FROM a"})");
  ASSERT_EQ(v.status, 200) << v.body;
  auto vj = v.json();
  EXPECT_EQ(vj.find("error_count")->as_int(), 3) << v.body;
  std::map<std::string, std::string> errors;
  for (const auto& c : vj.find("configs")->items()) {
    const auto* val = c.find("value");
    for (const auto& e : val->find("errors")->items()) errors[val->find("name")->text()] += e.text();
  }
  EXPECT_THAT(errors["tasks.max"], HasSubstr("at least 1"));
  EXPECT_THAT(errors["connect.redis.host"], HasSubstr("Missing required configuration"));
  EXPECT_THAT(errors["connect.redis.kcql"], HasSubstr("Redis cache mode needs a key: add PK"));

  // curl -X POST sends no body and no Content-Length: answered at once, not after a timeout.
  auto t0 = std::chrono::steady_clock::now();
  std::string raw = raw_http(port, "POST /connectors/file-sink/restart HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_THAT(raw, HasSubstr("HTTP/1.1 204")) << raw;
  EXPECT_LT(std::chrono::steady_clock::now() - t0, 2s);
  raw = raw_http(port, "DELETE /connectors/nope HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_THAT(raw, HasSubstr("HTTP/1.1 404")) << raw;
  EXPECT_THAT(raw, HasSubstr("Connector nope not found"));
  auto too_big = api().post("/connectors", std::string(9 << 20, '{'));
  EXPECT_EQ(too_big.status, 413) << too_big.body;

  // A large body: refused or parsed, never a crash.
  std::string huge = "{\"name\":\"h\",\"config\":{\"x\":\"" + std::string(1 << 20, 'a') + "\"}}";
  EXPECT_EQ(api().post("/connectors", huge).status, 400);
  std::string deep(200000, '[');
  EXPECT_EQ(api().post("/connectors", deep).status, 400);

  // The file connector was never disturbed.
  produce("file-topic", "9");
  ASSERT_TRUE(eventually([&] { return redis->get("file-topic:9").has_value(); }, 20s));
  EXPECT_EQ(api().connector_state("file-sink"), "RUNNING");
  EXPECT_TRUE(ksink.running());
}

TEST_F(RestStandalone, CliAgainstARunningWorker) {
  start();
  auto seed = write("redis-sink.properties", props("redis-sink", "a"));
  auto run = [&](const std::vector<std::string>& args, const std::string& in = "") {
    return run_ksink_cli(dir, args, in, endpoint());
  };
  auto ps = run({"ps"});
  EXPECT_EQ(ps.exit_code, 0) << ps.err;
  EXPECT_EQ(ps.out, "file-sink\n");

  auto created = run({"create", "redis-sink"}, seed);
  ASSERT_EQ(created.exit_code, 0) << created.err;
  EXPECT_THAT(created.out, HasSubstr("#Connector `redis-sink`:\n"));
  EXPECT_THAT(created.out, HasSubstr("connector.class=redis\n"));
  EXPECT_THAT(created.out, HasSubstr("connect.redis.password=[hidden]\n"));
  EXPECT_THAT(created.out, HasSubstr("#task ids: 0\n"));
  EXPECT_THAT(created.out, Not(HasSubstr(kRedisPassword)));

  auto again = run({"create", "redis-sink"}, seed);
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_EQ(again.err, "Error: Connector redis-sink already exists\n");

  produce("a", "7");
  ASSERT_TRUE(eventually([&] { return redis->get("a:7").has_value(); }, 20s)) << ksink.log();
  ASSERT_TRUE(eventually([&] { return api().task_states("redis-sink") == "RUNNING"; }));
  auto status = run({"status", "redis-sink"});
  EXPECT_EQ(status.exit_code, 0);
  EXPECT_THAT(status.out, HasSubstr("connectorState: RUNNING\n"));
  EXPECT_THAT(status.out, HasSubstr("numberOfTasks: 1\n"));
  EXPECT_THAT(status.out, HasSubstr("  - taskId: 0\n    taskState: RUNNING\n"));

  // get | edit | run: the hidden password is kept.
  auto got = run({"get", "redis-sink"});
  EXPECT_EQ(got.exit_code, 0);
  std::string edited = got.out;
  auto pos = edited.find("INSERT INTO a:");
  ASSERT_NE(pos, std::string::npos) << edited;
  edited.replace(pos, 14, "INSERT INTO z:");
  auto edited_path = write("edited.properties", edited);
  auto updated = run({"run", "redis-sink"}, edited_path);
  ASSERT_EQ(updated.exit_code, 0) << updated.err;
  produce("a", "8");
  ASSERT_TRUE(eventually([&] { return redis->get("z:8").has_value(); }, 20s)) << ksink.log();

  EXPECT_EQ(run({"pause", "redis-sink"}).exit_code, 0);
  EXPECT_EQ(api().connector_state("redis-sink"), "PAUSED");
  EXPECT_EQ(run({"resume", "redis-sink"}).exit_code, 0);
  EXPECT_EQ(api().connector_state("redis-sink"), "RUNNING");
  EXPECT_EQ(run({"restart", "redis-sink"}).exit_code, 0);

  auto plugins = run({"plugins"});
  EXPECT_THAT(plugins.out, HasSubstr("Class name: com.datamountaineer.streamreactor.connect.redis.sink.RedisSinkConnector\n"));

  auto bad = write("bad.properties", "name=bad\nconnector.class=redis\ntopics=a\n"
                                     "connect.redis.kcql=INSERT INTO t SELECT * FROM a\n");
  auto validated = run({"validate"}, bad);
  EXPECT_EQ(validated.exit_code, 1);
  EXPECT_THAT(validated.out, HasSubstr("connect.redis.kcql: "));
  EXPECT_THAT(validated.out, HasSubstr("connect.redis.host: Missing required configuration"));
  EXPECT_EQ(run({"validate"}, seed).exit_code, 0);

  EXPECT_EQ(run({"delete", "redis-sink"}).exit_code, 0);
  auto missing = run({"status", "redis-sink"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_EQ(missing.err, "Error: Connector redis-sink not found\n");
  EXPECT_EQ(run({"ps"}).out, "file-sink\n");

  // --endpoint wins over the environment; an unreachable endpoint is a clear error.
  auto direct = run_ksink_cli(dir, {"--endpoint", endpoint(), "ps"}, "", "http://127.0.0.1:1");
  EXPECT_EQ(direct.out, "file-sink\n");
  auto down = run_ksink_cli(dir, {"ps"}, "", "http://127.0.0.1:1");
  EXPECT_EQ(down.exit_code, 1);
  EXPECT_THAT(down.err, HasSubstr("cannot reach the Kafka Connect REST API at http://127.0.0.1:1"));
}

TEST_F(RestStandalone, APortInUseLeavesTheConnectorsRunningWithoutTheApi) {
  ChildProcess holder;  // something else listens on the port
  holder.start({"python3", "-c",
                "import socket,time\ns=socket.socket()\ns.bind(('127.0.0.1'," +
                    std::to_string(port) + "))\ns.listen()\ntime.sleep(60)"},
               dir + "/holder.log");
  ASSERT_TRUE(eventually([&] {
    return read_file("/proc/net/tcp").find(fmt::format(":{:04X} 00000000:0000 0A", port)) !=
           std::string::npos;
  }, 10s));
  auto w = write("worker.properties", "bootstrap.servers=" + kafka->bootstrap() +
                                          "\nvalue.converter.schemas.enable=false\n"
                                          "consumer.session.timeout.ms=4000\n"
                                          "key.converter=org.apache.kafka.connect.storage."
                                          "StringConverter\nlisteners=http://127.0.0.1:" +
                                          std::to_string(port) + "\n");
  auto c = write("file-sink.properties", props("file-sink", "file-topic"));
  ksink.start({KSINK_BINARY, "standalone", w, c}, dir + "/ksink.log");
  produce("file-topic", "1");
  ASSERT_TRUE(eventually([&] { return redis->get("file-topic:1").has_value(); }, 20s))
      << ksink.log();
  EXPECT_THAT(ksink.log(), HasSubstr("REST API not available: cannot listen on http://127.0.0.1:" +
                                     std::to_string(port)));
  EXPECT_EQ(ksink.stop(SIGTERM), 0);
}

}  // namespace
}  // namespace ksink::test
