// Password, ACL user and TLS on every node of a real Redis Cluster (docs/redis-sink.md "Redis
// Cluster"): ksink authenticates to, and verifies the certificate of, each master it finds in the
// slot map, not only the seed it started from.
#include <gtest/gtest.h>

#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <memory>

#include "integration/fixtures/redis_cluster_pipeline.h"
#include "support/certificates.h"
#include "support/process.h"

namespace ksink::test {
namespace {

constexpr int kRecords = 600;

// kRecords records with keys k0..k599: about 200 per master.
void produce_records(KafkaCluster& kafka) {
  kafka.create_topic("t");
  std::vector<std::string> values;
  for (int i = 0; i < kRecords; ++i) values.push_back(R"({"id":"k)" + std::to_string(i) + R"("})");
  kafka.produce_values("t", values);
}

void expect_every_record_on_every_master(KafkaCluster& kafka, RedisCluster& cluster,
                                         Harness& harness) {
  ASSERT_TRUE(eventually([&] { return kafka.committed("connect-c", "t")[0] == kRecords; }))
      << harness.task_trace("c");
  EXPECT_EQ(cluster.dbsize(), size_t(kRecords));
  for (RedisServer* m : cluster.masters()) EXPECT_GT(m->dbsize(), size_t(kRecords / 6));
  EXPECT_EQ(cluster.get("k599"), R"({"id":"k599"})");
}

// Every node: requirepass (the default user), masterauth (its replica authenticates to it) and
// an ACL user for ksink.
class RedisClusterAcl : public RedisClusterPipelineTest {
 protected:
  std::unique_ptr<RedisCluster> make_cluster() override {
    return std::make_unique<RedisCluster>(std::vector<std::string>{
        "--requirepass", "s3cret", "--masterauth", "s3cret", "--user", "ksink", "on",
        ">ksink-pw", "~*", "&*", "+@all"});
  }
};

TEST_F(RedisClusterAcl, AnAclUserWritesToEveryMaster) {
  produce_records(*kafka);
  start(connector("c", "t", "SELECT * FROM t PK id",
                  {{"connect.redis.username", "ksink"}, {"connect.redis.password", "ksink-pw"}}));
  expect_every_record_on_every_master(*kafka, *cluster, *harness);
  // A wrong password fails the task at start, naming what to fix and not the password.
  start(connector("bad", "t", "SELECT * FROM t PK id",
                  {{"connect.redis.username", "ksink"}, {"connect.redis.password", "not-it"}}));
  ASSERT_TRUE(eventually([&] { return harness->task_state("bad") == "FAILED"; }));
  const std::string trace = harness->task_trace("bad");
  EXPECT_NE(trace.find("WRONGPASS"), std::string::npos) << trace;
  EXPECT_NE(trace.find("check connect.redis.password and connect.redis.username"), std::string::npos)
      << trace;
  EXPECT_EQ(trace.find("not-it"), std::string::npos) << trace;
}

// Under THROW the cluster writer asks the keys' TYPE before a batch of sorted-set writes
// (sinks/redis/type_forecast.h). An ACL user without TYPE still writes every record: the check
// is skipped with one warning naming what to grant, never a failed task.
TEST_F(RedisClusterAcl, AUserWithoutTypeWritesEverythingAndIsToldWhatToGrant) {
  for (size_t i = 0; i < cluster->size(); ++i)
    ASSERT_EQ(cluster->node(i).command({"ACL", "SETUSER", "notype", "on", ">notype-pw", "~*", "&*",
                                        "+@all", "-type"}),
              "OK");
  auto ring = std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(200);
  spdlog::default_logger()->sinks().push_back(ring);
  kafka->create_topic("t");
  std::vector<std::string> values;
  for (int i = 0; i < kRecords; ++i)
    values.push_back(R"({"id":"k)" + std::to_string(i) + R"(","n":)" + std::to_string(i) + "}");
  kafka->produce_values("t", values);
  start(connector("c", "t", "INSERT INTO z- SELECT * FROM t PK id STOREAS SortedSet(score=n)",
                  {{"connect.redis.username", "notype"}, {"connect.redis.password", "notype-pw"}}));
  const bool written = eventually([&] { return kafka->committed("connect-c", "t")[0] == kRecords; });
  spdlog::default_logger()->sinks().pop_back();
  ASSERT_TRUE(written) << harness->task_trace("c");
  EXPECT_EQ(harness->task_state("c"), "RUNNING");
  EXPECT_EQ(cluster->dbsize(), size_t(kRecords));
  EXPECT_EQ(cluster->zrange("z-k599").size(), 1u);
  size_t warnings = 0;
  for (const std::string& line : ring->last_formatted())
    if (line.find("refuses TYPE to connect.redis.username") != std::string::npos) {
      ++warnings;
      EXPECT_NE(line.find("[c|task-0] Redis at 127.0.0.1:"), std::string::npos) << line;
      EXPECT_NE(line.find("allow TYPE (+type) to that user"), std::string::npos) << line;
      EXPECT_EQ(line.find("notype-pw"), std::string::npos) << line;
    }
  EXPECT_EQ(warnings, 1u);
}

// Every node with a tls-port, the cluster bus (at the tls-port + 10000) and replication over
// TLS. redis-cli (Debian's redis-tools) creates the cluster without --tls, through the plain
// ports, which the nodes keep open for the test's own checks; ksink is given only the
// tls-ports, and the slot map (CLUSTER SHARDS' tls-port) sends it to each master's tls-port,
// whose certificate must name 127.0.0.1.
class RedisClusterTls : public RedisClusterPipelineTest {
 protected:
  std::unique_ptr<RedisCluster> make_cluster() override {
    dir = temp_dir("ksink-cluster-tls");
    make_certificates(dir);
    return std::make_unique<RedisCluster>(std::vector<std::string>{}, dir);
  }
  void TearDown() override {
    RedisClusterPipelineTest::TearDown();
    if (std::system(("rm -rf " + dir).c_str()) != 0) {}
  }
  ConfigMap tls(const std::string& ca) {
    return {{"connect.redis.host", cluster->tls_seeds()},
            {"connect.redis.ssl.enabled", "true"},
            {"connect.redis.ssl.ca.file", dir + "/" + ca}};
  }
  std::string dir;
};

TEST_F(RedisClusterTls, EveryMasterOverTlsWithItsCertificateChecked) {
  produce_records(*kafka);
  start(connector("c", "t", "SELECT * FROM t PK id", tls("ca.crt")));
  expect_every_record_on_every_master(*kafka, *cluster, *harness);
  // A CA that signed none of the nodes' certificates: the task fails at start.
  start(connector("other", "t", "SELECT * FROM t PK id", tls("other-ca.crt")));
  ASSERT_TRUE(eventually([&] { return harness->task_state("other") == "FAILED"; }))
      << harness->task_trace("other");
  EXPECT_NE(harness->task_trace("other").find("connect.redis.ssl.ca.file"), std::string::npos)
      << harness->task_trace("other");
  // Each node's certificate must name the address that node announces, not only the seed's: one
  // master now serving a certificate for 127.0.0.2 (from the same CA) fails the task, naming it.
  RedisServer& master = cluster->master_for("k1");
  ASSERT_EQ(master.command({"CONFIG", "SET", "tls-cert-file", dir + "/elsewhere.crt",
                            "tls-key-file", dir + "/elsewhere.key"}),
            "OK");
  const std::string tls_port = master.command({"CONFIG", "GET", "tls-port"}).substr(9);
  // The seeds leave that master out: ksink finds it in the slot map and checks it there.
  ConfigMap settings = tls("ca.crt");
  std::string seeds = "," + cluster->tls_seeds() + ",";
  seeds.erase(seeds.find(",127.0.0.1:" + tls_port + ","), tls_port.size() + 11);
  settings["connect.redis.host"] = seeds.substr(1, seeds.size() - 2);
  start(connector("elsewhere", "t", "SELECT * FROM t PK id", settings));
  ASSERT_TRUE(eventually([&] { return harness->task_state("elsewhere") == "FAILED"; }))
      << harness->task_trace("elsewhere");
  const std::string trace = harness->task_trace("elsewhere");
  EXPECT_NE(trace.find("TLS with Redis at 127.0.0.1:" + tls_port + " failed"), std::string::npos)
      << trace;
  EXPECT_NE(trace.find("connect.redis.host"), std::string::npos) << trace;
}

}  // namespace
}  // namespace ksink::test
