// `ksink distributed`: worker processes sharing a group.id on the embedded Kafka form one
// cluster; connectors created through any worker run on all of them, any worker answers for the
// whole cluster, a killed worker's partitions move to the others without losing a record, and a
// joining worker takes its share.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <set>
#include <thread>

#include "integration/fixtures/kafka_cluster.h"
#include "integration/fixtures/rest_fixture.h"
#include "support/process.h"
#include "support/redis_server.h"

namespace ksink::test {
namespace {

using namespace std::chrono_literals;
using ::testing::HasSubstr;

constexpr const char* kConfigTopic = "ksink-test-configs";
constexpr const char* kStatusTopic = "ksink-test-status";

// The waits below are generous (30-60 s): under the sanitizers on a loaded 2-core machine a
// group rebalance takes several seconds, and eventually() returns as soon as its condition holds.
class Distributed : public ::testing::Test {
 protected:
  struct Node {
    int port = 0;
    std::unique_ptr<ChildProcess> process;
    std::unique_ptr<RestClient> api;
  };

  void SetUp() override {
    dir = temp_dir("ksink-distributed");
    kafka = std::make_unique<KafkaCluster>();
    redis = std::make_unique<RedisServer>();
  }
  void TearDown() override {
    for (auto& n : nodes)
      if (n.process) n.process->stop(SIGKILL);
    redis.reset();
    kafka.reset();
    if (std::system(("rm -rf " + dir).c_str()) != 0) {}
  }

  // The cluster topics as an operator would create them (saves the admin-API timeout of the
  // embedded Kafka, which has no CreateTopics).
  void create_cluster_topics() {
    kafka->create_topic(kConfigTopic, 1);
    kafka->create_topic(kStatusTopic, 1);
  }

  // Starts worker `i` (does not wait for it).
  void launch(size_t i) {
    if (nodes.size() <= i) nodes.resize(i + 1);
    Node& n = nodes[i];
    n.port = free_port();
    std::string path = dir + "/worker-" + std::to_string(i) + ".properties";
    write_file(path, "bootstrap.servers=" + kafka->bootstrap() +
                         "\ngroup.id=ksink-test-cluster\nconfig.storage.topic=" + kConfigTopic +
                         "\nstatus.storage.topic=" + kStatusTopic +
                         "\nkey.converter=org.apache.kafka.connect.storage.StringConverter\n"
                         "value.converter=org.apache.kafka.connect.json.JsonConverter\n"
                         "value.converter.schemas.enable=false\noffset.flush.interval.ms=200\n"
                         "heartbeat.interval.ms=300\nsession.timeout.ms=3000\n"
                         // The embedded Kafka rebalances a group only after the session
                         // timeout of a member that went away: keep it short.
                         "consumer.session.timeout.ms=4000\nconsumer.heartbeat.interval.ms=500\n"
                         "listeners=http://127.0.0.1:" + std::to_string(n.port) + "\n");
    n.process = std::make_unique<ChildProcess>();
    n.process->start({KSINK_BINARY, "distributed", path},
                     dir + "/worker-" + std::to_string(i) + ".log");
    n.api = std::make_unique<RestClient>(n.port);
  }
  void wait_up(size_t i) {
    ASSERT_TRUE(eventually([&] { return nodes[i].api->get("/").status == 200; }, 60s))
        << nodes[i].process->log();
  }
  void start_workers(size_t count) {
    for (size_t i = 0; i < count; ++i) launch(i);
    for (size_t i = 0; i < count; ++i) wait_up(i);
  }
  RestClient& api(size_t i) { return *nodes[i].api; }
  std::string log(size_t i) { return nodes[i].process->log(); }
  std::string all_logs() {
    std::string out;
    for (size_t i = 0; i < nodes.size(); ++i) out += "--- worker " + std::to_string(i) + "\n" + log(i);
    return out;
  }
  std::string worker_id(size_t i) { return "127.0.0.1:" + std::to_string(nodes[i].port); }

  std::string create_body(const std::string& name, const std::string& topic) {
    return R"({"name":")" + name + R"(","config":{"connector.class":"redis","tasks.max":"1",)"
           R"("topics":")" + topic + R"(","connect.redis.host":"127.0.0.1","connect.redis.port":")" +
           std::to_string(redis->port()) + R"(","connect.redis.kcql":"INSERT INTO )" + topic +
           R"(: SELECT * FROM )" + topic + R"( PK id"}})";
  }

  // Worker ids of the tasks in a status, in task order; "" when the status cannot be had.
  std::vector<std::string> task_workers(size_t via, const std::string& name,
                                        const std::string& state = "RUNNING") {
    auto j = api(via).get("/connectors/" + name + "/status").json();
    std::vector<std::string> out;
    if (const rest::Json* tasks = j.find("tasks"))
      for (const auto& t : tasks->items())
        if (t.find("state") && t.find("state")->text() == state)
          out.push_back(t.find("worker_id")->text());
    return out;
  }
  bool all_running_on(size_t via, const std::string& name, const std::set<std::string>& workers) {
    auto w = task_workers(via, name);
    auto j = api(via).get("/connectors/" + name + "/status").json();
    const rest::Json* tasks = j.find("tasks");
    return tasks && tasks->items().size() == workers.size() &&
           std::set<std::string>(w.begin(), w.end()) == workers && w.size() == workers.size();
  }

  void produce_range(const std::string& topic, int partitions, int from, int to) {
    for (int p = 0; p < partitions; ++p) {
      std::vector<std::string> values;
      for (int i = from; i < to; ++i)
        values.push_back(R"({"id":")" + std::to_string(p) + "-" + std::to_string(i) + R"("})");
      kafka->produce_values(topic, values, p);
    }
  }

  std::string dir;
  std::unique_ptr<KafkaCluster> kafka;
  std::unique_ptr<RedisServer> redis;
  std::vector<Node> nodes;
};

TEST_F(Distributed, ConnectorCreatedOnOneWorkerRunsOnAllAndAnyWorkerManagesIt) {
  // No cluster topics yet: the workers create them.
  kafka->create_topic("t", 6);
  start_workers(3);
  auto r = api(0).post("/connectors", create_body("ds", "t"));
  ASSERT_EQ(r.status, 201) << r.body << all_logs();
  EXPECT_EQ(r.json().find("name")->text(), "ds");
  for (size_t i = 0; i < 3; ++i)
    EXPECT_TRUE(eventually([&] { return api(i).get("/connectors").body == R"(["ds"])"; }, 60s))
        << "worker " << i;
  const std::set<std::string> everyone = {worker_id(0), worker_id(1), worker_id(2)};
  for (size_t i = 0; i < 3; ++i)
    ASSERT_TRUE(eventually([&] { return all_running_on(i, "ds", everyone); }, 60s))
        << "status via worker " << i << ": " << api(i).get("/connectors/ds/status").body
        << all_logs();

  produce_range("t", 6, 0, 50);
  ASSERT_TRUE(eventually([&] { return redis->dbsize() == 300; }, 60s))
      << redis->dbsize() << all_logs();
  for (size_t i = 0; i < 3; ++i)  // Kafka spread the partitions over every worker
    EXPECT_THAT(log(i), HasSubstr("Partitions assigned: t-")) << "worker " << i;

  // Pause through worker 1: every worker's tasks pause, as worker 0 reports.
  EXPECT_EQ(api(1).put("/connectors/ds/pause").status, 202);
  ASSERT_TRUE(eventually([&] { return task_workers(0, "ds", "PAUSED").size() == 3; }, 60s))
      << api(0).get("/connectors/ds/status").body;
  EXPECT_TRUE(eventually([&] { return api(2).connector_state("ds") == "PAUSED"; }, 30s));
  produce_range("t", 6, 50, 51);
  std::this_thread::sleep_for(1500ms);
  EXPECT_EQ(redis->dbsize(), 300u) << "a paused connector wrote";
  // Resume through worker 2.
  EXPECT_EQ(api(2).put("/connectors/ds/resume").status, 202);
  ASSERT_TRUE(eventually([&] { return redis->dbsize() == 306; }, 60s)) << all_logs();
  EXPECT_TRUE(eventually([&] { return all_running_on(1, "ds", everyone); }, 30s));

  // The configuration as any worker shows it, and its update through another one.
  auto config = api(2).get("/connectors/ds/config").json();
  EXPECT_EQ(config.find("topics")->text(), "t");
  config.set("connect.redis.kcql", rest::Json::string("INSERT INTO v2: SELECT * FROM t PK id"));
  r = api(1).put("/connectors/ds/config", config.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(eventually([&] {
    auto c = api(0).get("/connectors/ds/config").json();
    return c.find("connect.redis.kcql") &&
           c.find("connect.redis.kcql")->text() == "INSERT INTO v2: SELECT * FROM t PK id";
  }, 30s));
  // Every worker runs the new configuration (records read before that used the old one).
  for (size_t i = 0; i < 3; ++i)
    ASSERT_TRUE(eventually([&] {
      return log(i).find("[ds] Connector reconfigured on this worker") != std::string::npos;
    }, 60s)) << log(i);
  ASSERT_TRUE(eventually([&] { return all_running_on(0, "ds", everyone); }, 60s))
      << api(0).get("/connectors/ds/status").body;
  produce_range("t", 6, 51, 52);
  // The new records land under the new prefix. (Records whose commit the rebalance refused are
  // read again, at least once, and land there too: so no exact count.)
  ASSERT_TRUE(eventually([&] {
    for (int p = 0; p < 6; ++p)
      if (!redis->get("v2:" + std::to_string(p) + "-51")) return false;
    return true;
  }, 60s)) << redis->keys("v2:*").size() << all_logs();

  // Delete through worker 0: gone everywhere, tasks stopped.
  EXPECT_EQ(api(0).del("/connectors/ds").status, 204);
  for (size_t i = 0; i < 3; ++i) {
    EXPECT_TRUE(eventually([&] { return api(i).get("/connectors/ds").status == 404; }, 30s));
    EXPECT_TRUE(eventually([&] { return log(i).find("[ds] Connector deleted") != std::string::npos; }, 60s))
        << log(i);
  }
  EXPECT_EQ(api(1).get("/connectors").body, "[]");

  // The configuration lives in the config topic the workers created.
  bool found = false;
  for (const auto& m : kafka->read_all(kConfigTopic, 1))
    found |= m.key == std::optional<std::string>("connector-ds");
  EXPECT_TRUE(found);
}

TEST_F(Distributed, KilledWorkerLosesNoRecord) {
  create_cluster_topics();
  const int partitions = 6;
  kafka->create_topic("t", partitions);
  start_workers(3);
  ASSERT_EQ(api(0).post("/connectors", create_body("ds", "t")).status, 201);
  const std::set<std::string> everyone = {worker_id(0), worker_id(1), worker_id(2)};
  ASSERT_TRUE(eventually([&] { return all_running_on(0, "ds", everyone); }, 60s)) << all_logs();
  for (size_t i = 0; i < 3; ++i)
    ASSERT_TRUE(eventually([&] { return log(i).find("Partitions assigned: t-") != std::string::npos; }, 60s))
        << all_logs();

  // Records keep coming while worker 1 dies with SIGKILL: no commit, no goodbye.
  std::atomic<bool> producing{true};
  std::atomic<int> produced{0};
  std::thread producer([&] {
    for (int i = 0; i < 400 && producing; ++i) {
      for (int p = 0; p < partitions; ++p)
        kafka->produce("t", std::nullopt,
                       R"({"id":")" + std::to_string(p) + "-" + std::to_string(i) + R"("})", p);
      produced += partitions;
      std::this_thread::sleep_for(5ms);
    }
  });
  ASSERT_TRUE(eventually([&] { return redis->dbsize() >= 300; }, 60s)) << all_logs();
  nodes[1].process->stop(SIGKILL);
  producer.join();
  const size_t total = static_cast<size_t>(produced.load());
  ASSERT_GT(total, 600u);

  ASSERT_TRUE(eventually([&] { return redis->dbsize() == total; }, 60s))
      << redis->dbsize() << " of " << total << all_logs();
  // The dead worker leaves the statuses; the others report their tasks.
  EXPECT_TRUE(eventually([&] { return all_running_on(2, "ds", {worker_id(0), worker_id(2)}); }, 45s))
      << api(2).get("/connectors/ds/status").body;
  // And everything written is committed.
  EXPECT_TRUE(eventually([&] {
    auto c = kafka->committed("connect-ds", "t", partitions);
    int64_t sum = 0;
    for (int p = 0; p < partitions; ++p) sum += std::max<int64_t>(c[p], 0);
    return sum == static_cast<int64_t>(total);
  }, 45s));
}

TEST_F(Distributed, JoiningWorkerPicksUpConnectorsAndTakesAShare) {
  create_cluster_topics();
  kafka->create_topic("t", 8);
  start_workers(3);
  ASSERT_EQ(api(1).post("/connectors", create_body("ds", "t")).status, 201);
  ASSERT_TRUE(eventually([&] {
    return all_running_on(0, "ds", {worker_id(0), worker_id(1), worker_id(2)});
  }, 60s)) << all_logs();

  launch(3);
  wait_up(3);
  // It read the connector from the config topic before answering.
  EXPECT_EQ(api(3).get("/connectors").body, R"(["ds"])");
  const std::set<std::string> everyone = {worker_id(0), worker_id(1), worker_id(2), worker_id(3)};
  ASSERT_TRUE(eventually([&] { return all_running_on(0, "ds", everyone); }, 60s))
      << api(0).get("/connectors/ds/status").body;
  ASSERT_TRUE(eventually([&] { return log(3).find("Partitions assigned: t-") != std::string::npos; }, 60s))
      << log(3);
  produce_range("t", 8, 0, 20);
  ASSERT_TRUE(eventually([&] { return redis->dbsize() == 160; }, 60s)) << all_logs();
}

TEST_F(Distributed, AnyWorkerAnswersAndRefusesBadRequests) {
  create_cluster_topics();
  kafka->create_topic("t", 2);
  start_workers(2);
  ASSERT_EQ(api(0).post("/connectors", create_body("ds", "t")).status, 201);
  const std::set<std::string> both = {worker_id(0), worker_id(1)};
  ASSERT_TRUE(eventually([&] { return all_running_on(1, "ds", both); }, 60s)) << all_logs();

  for (size_t i = 0; i < 2; ++i) {
    auto r = api(i).get("/connectors/nope/status");
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(r.body, R"({"error_code":404,"message":"Connector nope not found"})");
    EXPECT_EQ(api(i).put("/connectors/nope/pause").status, 404);
    EXPECT_EQ(api(i).del("/connectors/nope").status, 404);
    EXPECT_EQ(api(i).post("/connectors", "{\"name\":").status, 400);
  }
  auto dup = api(1).post("/connectors", create_body("ds", "t"));
  EXPECT_EQ(dup.status, 409);
  EXPECT_EQ(dup.json().find("message")->text(), "Connector ds already exists");
  auto bad = api(1).post("/connectors",
                         R"({"name":"bad","config":{"connector.class":"redis","topics":"t",)"
                         R"("connect.redis.kcql":"INSERT INTO x SELECT * FROM t"}})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_THAT(bad.json().find("message")->text(), HasSubstr("Missing required configuration \"connect.redis.host\""));
  EXPECT_EQ(api(0).get("/connectors/bad").status, 404);

  // Task restarts reach the worker that runs the task. Each worker learns the other's tasks
  // from the status topic, so both must have heard before either can route the request.
  ASSERT_TRUE(eventually([&] { return all_running_on(0, "ds", both) && all_running_on(1, "ds", both); },
                         60s)) << all_logs();
  auto status = api(1).get("/connectors/ds/status").json();
  ASSERT_EQ(status.find("tasks")->items().size(), 2u);
  const auto& task1 = status.find("tasks")->items()[1];
  const std::string owner = task1.find("worker_id")->text();
  const size_t owner_index = owner == worker_id(0) ? 0 : 1;
  EXPECT_EQ(api(1 - owner_index).post("/connectors/ds/tasks/1/restart").status, 204);
  EXPECT_TRUE(eventually([&] { return log(owner_index).find("[ds|task-0] Task restarted") != std::string::npos; }, 60s))
      << log(owner_index);
  EXPECT_EQ(log(1 - owner_index).find("Task restarted"), std::string::npos);
  EXPECT_EQ(api(0).post("/connectors/ds/tasks/9/restart").status, 404);

  auto restart = api(0).post("/connectors/ds/restart?includeTasks=true");
  EXPECT_EQ(restart.status, 202);
  EXPECT_EQ(restart.json().find("connector")->find("state")->text(), "RESTARTING");
  ASSERT_TRUE(eventually([&] { return all_running_on(0, "ds", both); }, 60s));

  EXPECT_EQ(api(1).put("/connectors/ds/stop").status, 204);
  ASSERT_TRUE(eventually([&] {
    auto j = api(0).get("/connectors/ds/status").json();
    return j.find("connector") && j.find("connector")->find("state")->text() == "STOPPED" &&
           j.find("tasks")->items().empty();
  }, 30s)) << api(0).get("/connectors/ds/status").body;
  EXPECT_EQ(api(0).put("/connectors/ds/resume").status, 202);
  // Both workers must have read both tasks' new status before either is asked (below).
  ASSERT_TRUE(eventually([&] { return all_running_on(0, "ds", both) && all_running_on(1, "ds", both); },
                         60s)) << all_logs();

  // ksink cli against a worker of the cluster.
  auto ps = run_ksink_cli(dir, {"ps"}, "", "http://" + worker_id(1));
  EXPECT_EQ(ps.exit_code, 0) << ps.err;
  EXPECT_EQ(ps.out, "ds\n");
  auto st = run_ksink_cli(dir, {"--endpoint", "http://" + worker_id(0), "status", "ds"});
  EXPECT_THAT(st.out, HasSubstr("numberOfTasks: 2\n"));
  EXPECT_THAT(st.out, HasSubstr("workerId: " + worker_id(1)));

  // A clean stop withdraws the worker's tasks from the statuses at once.
  EXPECT_EQ(nodes[1].process->stop(SIGTERM), 0) << log(1);
  EXPECT_TRUE(eventually([&] { return all_running_on(0, "ds", {worker_id(0)}); }, 60s))
      << api(0).get("/connectors/ds/status").body;
}

}  // namespace
}  // namespace ksink::test

namespace ksink::test {
namespace {

// KIP-1017's GET /health on a distributed worker (Kafka Connect's RootResource.healthCheck and
// WorkerStatus): answered while it joins (503 "starting", never a refused connection), 200
// "healthy" once joined, 500 "unhealthy" naming Kafka once Kafka is gone; the status page serves.
TEST_F(Distributed, HealthFollowsStartUpAndKafka) {
  create_cluster_topics();
  launch(0);
  HttpReply first;
  ASSERT_TRUE(eventually([&] { return (first = api(0).get("/health")).status != 0; }, 30s));
  if (first.status == 503) {
    EXPECT_EQ(first.json().find("status")->text(), "starting") << first.body;
    EXPECT_THAT(first.json().find("message")->text(), HasSubstr("Worker is still starting up."));
  } else {
    EXPECT_EQ(first.status, 200) << first.body;  // it joined before the first request
  }
  wait_up(0);
  ASSERT_TRUE(eventually([&] { return api(0).get("/health").status == 200; }, 20s)) << log(0);
  EXPECT_EQ(api(0).get("/health").body,
            R"({"status":"healthy","message":"Worker has completed startup and is ready to )"
            R"(handle requests."})");
  auto page = api(0).get("/ui");
  EXPECT_EQ(page.status, 200);
  EXPECT_THAT(page.content_type, HasSubstr("text/html"));
  EXPECT_THAT(api(0).get("/ui/status.json").body, HasSubstr(R"("worker_id":")" + worker_id(0)));
  const std::string bootstrap = kafka->bootstrap();
  kafka.reset();
  ASSERT_TRUE(eventually([&] { return api(0).get("/health").status == 500; }, 20s));
  auto h = api(0).get("/health").json();
  EXPECT_EQ(h.find("status")->text(), "unhealthy");
  EXPECT_THAT(h.find("message")->text(), HasSubstr("Cannot reach Kafka at bootstrap.servers=" + bootstrap));
}

}  // namespace
}  // namespace ksink::test
