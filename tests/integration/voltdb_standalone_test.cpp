// `ksink standalone` with the VoltDB sink as users run it: the seed guide's property file,
// SIGTERM mid-stream, restart.
#include <gtest/gtest.h>

#include <chrono>

#include "core/json_writer.h"
#include "integration/fixtures/kafka_cluster.h"
#include "integration/fixtures/standalone_process.h"
#include "integration/fixtures/voltdb_server.h"
#include "support/process.h"

namespace ksink::test {
namespace {

using namespace std::chrono_literals;

class VoltStandalone : public StandaloneProcessTest {
 protected:
  VoltStandalone() : StandaloneProcessTest("ksink-volt-standalone") {}
  void SetUp() override {
    StandaloneProcessTest::SetUp();
    volt = std::make_unique<VoltDbServer>();
  }
  void stop_sink_servers() override { volt.reset(); }
  std::string worker(const std::string& extra) {
    return worker_file("offset.flush.interval.ms=500\n" + extra);
  }

  std::unique_ptr<VoltDbServer> volt;
};

TEST_F(VoltStandalone, SeedQuickStartWritesTheUserRecord) {
  kafka->create_topic("sink-test");
  kafka->produce("sink-test", std::nullopt, kSeedUserWithSchema);
  auto w = worker("value.converter=org.apache.kafka.connect.json.JsonConverter\n");
  // The seed's file, corrected: a port the server listens on, and KCQL with SELECT and a table
  // name VoltDB allows.
  auto c =
      write("voltdb-sink.properties",
            "name=voltdb-sink\n"
            "connector.class=com.datamountaineer.streamreactor.connect.voltdb."
            "VoltSinkConnector\n"
            "max.tasks=1\n"
            "topics = sink-test\n"
            "connect.volt.connection.servers=" +
                volt->servers() +
                "\n"
                "connect.volt.connection.user=\n"
                "connect.volt.connection.password=\n"
                "connect.volt.export.route.query=INSERT INTO person SELECT * FROM sink-test\n");
  run({w, c});
  ASSERT_TRUE(eventually([&] { return volt->row_count("PERSON") == 1; })) << ksink.log();
  std::string row;
  write_json(volt->rows("PERSON")[0], row);
  EXPECT_EQ(row, R"({"FIRSTNAME":"John","LASTNAME":"Smith","AGE":30,"SALARY":4830.0})");
  EXPECT_EQ(ksink.stop(SIGTERM), 0) << ksink.log();
  EXPECT_EQ(kafka->committed("connect-voltdb-sink", "sink-test")[0], 1);
}

TEST_F(VoltStandalone, SigtermMidStreamThenRestartLosesNothing) {
  // Mid-stream by construction, whatever ksink's pace: the first records are all written, then
  // the server answers each call 20 ms late (the row is in, the answer pending), more records
  // come, and SIGTERM arrives while calls wait for their answers; the rest is produced after the
  // stop, so the restart always has work.
  const int partitions = 3, per_step = 800, steps = 3;
  kafka->create_topic("t", partitions);
  int next[partitions] = {};
  auto produce = [&] {
    for (int p = 0; p < partitions; ++p) {
      std::vector<std::string> values;
      for (int i = 0; i < per_step; ++i, ++next[p])
        values.push_back(R"({"k":)" + std::to_string(p * 1'000'000 + next[p]) + R"(,"i":)" +
                         std::to_string(next[p]) + R"(,"s":"p)" + std::to_string(p) + R"("})");
      kafka->produce_values("t", values, p);
    }
  };
  produce();
  // A short session: the restarted worker need not wait out the old member's (the embedded
  // Kafka does not end it when the consumer leaves).
  auto w = worker(
      "value.converter=org.apache.kafka.connect.json.JsonConverter\n"
      "value.converter.schemas.enable=false\n"
      "consumer.session.timeout.ms=6000\n");
  // INSERT into a keyed table under THROW: a record written twice would fail the task, so this
  // also shows that nothing written before the stop is written again after it.
  auto c = write("sink.properties",
                 "name=s\nconnector.class=voltdb\ntopics=t\n"
                 "connect.volt.servers=" +
                     volt->servers() +
                     "\n"
                     "connect.volt.kcql=INSERT INTO all_types SELECT * FROM t\n"
                     "connect.volt.batch.size=50\n");
  run({w, c});
  const size_t first = size_t(partitions * per_step);
  ASSERT_TRUE(eventually([&] { return volt->row_count("ALL_TYPES") == first; })) << ksink.log();
  volt->post("/delay?ms=20");
  produce();
  ASSERT_TRUE(eventually([&] { return volt->row_count("ALL_TYPES") > first; }, 20s))
      << ksink.log();
  EXPECT_EQ(ksink.stop(SIGTERM), 0) << ksink.log();
  volt->post("/delay?ms=0");
  const size_t after_stop = volt->row_count("ALL_TYPES");
  ASSERT_LT(after_stop, 2 * first) << "the delayed calls all landed before the stop";
  auto committed = kafka->committed("connect-s", "t", partitions);
  int64_t committed_total = 0;
  for (int p = 0; p < partitions; ++p) committed_total += std::max<int64_t>(committed[p], 0);
  // Nothing committed that was not written.
  EXPECT_LE(committed_total, static_cast<int64_t>(after_stop));
  EXPECT_GE(committed_total, static_cast<int64_t>(first));

  produce();
  run({w, c});
  const int per_partition = per_step * steps;
  ASSERT_TRUE(eventually(
      [&] {
        return volt->row_count("ALL_TYPES") == static_cast<size_t>(partitions * per_partition);
      },
      60s))
      << volt->row_count("ALL_TYPES") << "\n"
      << ksink.log();
  EXPECT_TRUE(eventually([&] {
    auto c2 = kafka->committed("connect-s", "t", partitions);
    return c2[0] == per_partition && c2[1] == per_partition && c2[2] == per_partition;
  }));
  EXPECT_EQ(ksink.stop(SIGTERM), 0);
  EXPECT_EQ(ksink.log().find("FAILED"), std::string::npos) << ksink.log();
}

}  // namespace
}  // namespace ksink::test
