// The Redis sink over TLS (connect.redis.ssl.*) against redis-server's tls-port, with
// certificates made by the openssl tool for each test: a CA, a server certificate for
// 127.0.0.1, a client certificate (the server requires one), and a second CA that signed none.
#include <gtest/gtest.h>

#include <cstdlib>
#include <stdexcept>

#include "integration/fixtures/harness.h"
#include "integration/fixtures/kafka_cluster.h"
#include "support/certificates.h"
#include "support/process.h"
#include "support/redis_server.h"

namespace ksink::test {
namespace {

using namespace std::chrono_literals;

class RedisTls : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = temp_dir("ksink-tls");
    make_certificates(dir);
    tls_port = free_port();
    kafka = std::make_unique<KafkaCluster>();
    // The plain port stays open for the test's own checks; ksink uses the tls-port.
    redis = std::make_unique<RedisServer>(std::vector<std::string>{
        "--tls-port", std::to_string(tls_port), "--tls-cert-file", dir + "/server.crt",
        "--tls-key-file", dir + "/server.key", "--tls-ca-cert-file", dir + "/ca.crt",
        "--tls-auth-clients", "yes"});
    harness = std::make_unique<Harness>(
        kafka->bootstrap(),
        ConfigMap{{"value.converter", "org.apache.kafka.connect.json.JsonConverter"},
                  {"value.converter.schemas.enable", "false"}});
    kafka->create_topic("t");
  }
  void TearDown() override {
    harness.reset();
    redis.reset();
    kafka.reset();
    if (std::system(("rm -rf " + dir).c_str()) != 0) {}
  }
  ConfigMap connector(const ConfigMap& extra) {
    ConfigMap c = {{"name", "c"},
                   {"connector.class", "redis"},
                   {"topics", "t"},
                   {"connect.redis.host", "127.0.0.1"},
                   {"connect.redis.port", std::to_string(tls_port)},
                   {"connect.redis.kcql", "SELECT * FROM t PK id"},
                   {"connect.redis.ssl.enabled", "true"},
                   {"connect.redis.ssl.ca.file", dir + "/ca.crt"},
                   {"connect.redis.ssl.cert.file", dir + "/client.crt"},
                   {"connect.redis.ssl.key.file", dir + "/client.key"}};
    for (const auto& [k, v] : extra) c[k] = v;
    return c;
  }

  std::string dir;
  int tls_port = 0;
  std::unique_ptr<KafkaCluster> kafka;
  std::unique_ptr<RedisServer> redis;
  std::unique_ptr<Harness> harness;
};

TEST_F(RedisTls, RecordsLandOverTlsWithAClientCertificate) {
  for (int i = 0; i < 300; ++i)
    kafka->produce("t", std::nullopt, R"({"id":)" + std::to_string(i) + R"(,"pad":")" +
                                          std::string(200, 'x') + R"("})");
  ASSERT_TRUE(harness->start(connector({})).ok());
  ASSERT_TRUE(eventually([&] { return redis->dbsize() == 300; }, 30s))
      << redis->dbsize() << " " << harness->task_trace("c", 0);
  EXPECT_EQ(redis->get("299"), R"({"id":299,"pad":")" + std::string(200, 'x') + R"("})");
  EXPECT_EQ(harness->task_state("c"), "RUNNING");
}

TEST_F(RedisTls, ACertificateTheCaFileDoesNotVouchForFailsAtStart) {
  ASSERT_TRUE(harness->start(connector({{"connect.redis.ssl.ca.file", dir + "/other-ca.crt"}})).ok());
  ASSERT_TRUE(eventually([&] { return harness->task_state("c") == "FAILED"; }, 15s));
  const std::string trace = harness->task_trace("c");
  EXPECT_NE(trace.find("TLS with Redis at 127.0.0.1:" + std::to_string(tls_port) +
                       " failed: the server's certificate was not accepted (self-signed "
                       "certificate in certificate chain): check connect.redis.ssl.ca.file and "
                       "connect.redis.host"),
            std::string::npos)
      << trace;
}

TEST_F(RedisTls, UnusableFilesAreNamed) {
  ASSERT_TRUE(harness->start(connector({{"connect.redis.ssl.key.file", dir + "/nope.key"}})).ok());
  ASSERT_TRUE(eventually([&] { return harness->task_state("c") == "FAILED"; }, 15s));
  EXPECT_NE(harness->task_trace("c").find("cannot use connect.redis.ssl.key.file '" + dir +
                                          "/nope.key' with the certificate"),
            std::string::npos)
      << harness->task_trace("c");
}

}  // namespace
}  // namespace ksink::test
