// The VoltDB sink while the server misbehaves: SERVER_UNAVAILABLE answers, dropped connections,
// garbage on the wire, answers cut off after the call ran, a full table. Every record must end up
// written, UPSERTs in partition order (the newest value of each key wins), nothing duplicated.
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <set>
#include <thread>

#include "integration/fixtures/voltdb_server.h"

namespace ksink::test {
namespace {

using namespace std::chrono_literals;
using VoltFaults = VoltDbPipelineTest;

constexpr int kPartitions = 3;
constexpr int kKeysPerPartition = 40;

// Record `i` of partition `p`: key `p<p>-<i % 40>` gets value i, so the newest record of a key
// is the one with the highest i; seq is unique over the whole topic.
std::string record(int p, int i) {
  return R"({"k":"p)" + std::to_string(p) + "-" + std::to_string(i % kKeysPerPartition) +
         R"(","v":)" + std::to_string(i) + R"(,"seq":)" + std::to_string(p * 1'000'000 + i) +
         R"(,"p":)" + std::to_string(p) + "}";
}

void produce_range(KafkaCluster& kafka, int from, int to) {
  for (int p = 0; p < kPartitions; ++p) {
    std::vector<std::string> values;
    for (int i = from; i < to; ++i) values.push_back(record(p, i));
    kafka.produce_values("t", values, p);
  }
}

int64_t committed_total(KafkaCluster& kafka) {
  auto c = kafka.committed("connect-c", "t", kPartitions);
  int64_t sum = 0;
  for (const auto& [p, o] : c) sum += std::max<int64_t>(o, 0);
  return sum;
}

// Every key holds the value of its newest record (records 0 .. n-1 per partition).
void expect_newest_values(VoltDbServer& volt, int n) {
  std::map<std::string, int64_t> got;
  for (const auto& row : volt.rows("KV")) got[row.find("K")->as_string()] = row.find("V")->as_int();
  ASSERT_EQ(got.size(), static_cast<size_t>(kPartitions * kKeysPerPartition));
  for (int p = 0; p < kPartitions; ++p)
    for (int k = 0; k < kKeysPerPartition; ++k) {
      int newest = n - 1 - (n - 1 - k) % kKeysPerPartition;
      std::string key = "p" + std::to_string(p) + "-" + std::to_string(k);
      EXPECT_EQ(got[key], newest) << key;
    }
}

// Every (p, seq) exactly once in EVENTS, a table without a key.
void expect_each_event_once(VoltDbServer& volt, int n) {
  std::map<int64_t, int> seen;
  for (const auto& row : volt.rows("EVENTS")) seen[row.find("SEQ")->as_int()]++;
  EXPECT_EQ(seen.size(), static_cast<size_t>(kPartitions * n));
  for (const auto& [seq, count] : seen) EXPECT_EQ(count, 1) << "seq " << seq;
}

ConfigMap fault_settings() {
  return {{"connect.volt.retry.interval", "400"},  // backoff cap while unavailable
          {"connect.volt.max.retries", "40"},
          {"connect.volt.batch.size", "50"}};
}

TEST_F(VoltFaults, ServerUnavailableMidStreamLosesAndDuplicatesNothing) {
  kafka->create_topic("t", kPartitions);
  const int n = 600;
  produce_range(*kafka, 0, n / 2);
  start(connector("c", "t",
                  "UPSERT INTO kv SELECT k, v FROM t; INSERT INTO events SELECT seq, p FROM t",
                  fault_settings()));
  ASSERT_TRUE(eventually([&] { return volt->row_count("EVENTS") > 0; }));
  volt->post("/unavailable?seconds=1.5");
  produce_range(*kafka, n / 2, n);
  ASSERT_TRUE(eventually([&] { return committed_total(*kafka) == kPartitions * n; }, 60s))
      << committed_total(*kafka) << " " << harness->task_trace("c");
  EXPECT_EQ(harness->task_state("c"), "RUNNING");
  const Value stats = volt->stats();
  EXPECT_NE(stats.find("status_counts")->find("-5"), nullptr) << "the fault never hit";
  expect_newest_values(*volt, n);
  expect_each_event_once(*volt, n);
}

TEST_F(VoltFaults, DroppedConnectionsMidStreamLoseNothingAndUpsertsKeepOrder) {
  kafka->create_topic("t", kPartitions);
  const int n = 1500;
  start(connector("c", "t",
                  "UPSERT INTO kv SELECT k, v FROM t; "
                  "INSERT INTO all_types SELECT seq AS k, p AS i FROM t",
                  fault_settings()));
  produce_range(*kafka, 0, n);
  ASSERT_TRUE(eventually([&] { return volt->row_count("ALL_TYPES") > 0; }));
  int drops = 0;
  while (committed_total(*kafka) < kPartitions * n && drops < 6) {
    volt->post("/drop-connections");
    ++drops;
    std::this_thread::sleep_for(150ms);
  }
  ASSERT_TRUE(eventually([&] { return committed_total(*kafka) == kPartitions * n; }, 60s))
      << committed_total(*kafka) << " " << harness->task_trace("c");
  EXPECT_EQ(harness->task_state("c"), "RUNNING");
  EXPECT_GT(volt->stat("connections_dropped"), 0);
  expect_newest_values(*volt, n);
  // INSERT into a keyed table: a replayed call that had run meets its own row and counts as
  // written, so the task (THROW) keeps running and every row is there once.
  EXPECT_EQ(volt->row_count("ALL_TYPES"), static_cast<size_t>(kPartitions * n));
}

TEST_F(VoltFaults, AnswerCutOffAfterTheInsertRanCountsItsOwnRowAsWritten) {
  kafka->create_topic("t");
  start(connector("c", "t", "INSERT INTO kv SELECT k, v FROM t"));
  kafka->produce("t", std::nullopt, R"({"k":"warm-up","v":0})");
  ASSERT_TRUE(eventually([&] { return volt->row_count("KV") == 1; }));
  // The server runs the next call, sends half its answer and closes the connection.
  volt->post("/garbage?count=1&mode=truncate");
  kafka->produce("t", std::nullopt, R"({"k":"a","v":1})");
  kafka->produce("t", std::nullopt, R"({"k":"b","v":2})");
  ASSERT_TRUE(eventually([&] { return kafka->committed("connect-c", "t")[0] == 3; }))
      << harness->task_trace("c");
  EXPECT_EQ(harness->task_state("c"), "RUNNING");
  EXPECT_EQ(volt->stat("garbage_sent"), 1);
  EXPECT_EQ(volt->row_count("KV"), 3u);
}

TEST_F(VoltFaults, GarbageFromTheServerIsALostConnectionNotAFailure) {
  kafka->create_topic("t", kPartitions);
  const int n = 300;
  start(connector("c", "t",
                  "UPSERT INTO kv SELECT k, v FROM t; INSERT INTO events SELECT seq, p FROM t",
                  fault_settings()));
  produce_range(*kafka, 0, n / 3);
  ASSERT_TRUE(eventually([&] { return committed_total(*kafka) == kPartitions * n / 3; }));
  volt->post("/garbage?count=2&mode=length");
  produce_range(*kafka, n / 3, 2 * n / 3);
  ASSERT_TRUE(eventually([&] { return volt->stat("garbage_pending") == 0; }));
  volt->post("/garbage?count=2&mode=body");
  produce_range(*kafka, 2 * n / 3, n);
  ASSERT_TRUE(eventually([&] { return committed_total(*kafka) == kPartitions * n; }, 60s))
      << committed_total(*kafka) << " " << harness->task_trace("c");
  EXPECT_EQ(harness->task_state("c"), "RUNNING");
  EXPECT_EQ(volt->stat("garbage_sent"), 4);
  expect_newest_values(*volt, n);
  // Without a key, calls cut off with the connection may have run and be replayed
  // (at-least-once): every event is there, some maybe twice.
  std::map<int64_t, int> seen;
  for (const auto& row : volt->rows("EVENTS")) seen[row.find("SEQ")->as_int()]++;
  EXPECT_EQ(seen.size(), static_cast<size_t>(kPartitions * n));
}

// A table at its LIMIT PARTITION ROWS refuses every new row: the table is full, a condition of
// the target like a Redis out of memory, not the record's fault. Under NOOP nothing is skipped or
// dead-lettered: the rows that fit are written (the refused group's rows go one by one), the rest
// wait, and once rows are deleted they are written.
class VoltFullTable : public VoltDbPipelineTest {
 protected:
  std::string schema() override { return "refusals_schema.sql"; }
};

TEST_F(VoltFullTable, AFullTableIsRetriedNotSkipped) {
  kafka->create_topic("t");
  kafka->create_topic("dlq");
  std::vector<std::string> values;
  for (int i = 0; i < 5; ++i)
    values.push_back(R"({"k":"k)" + std::to_string(i) + R"(","v":)" + std::to_string(i) + "}");
  kafka->produce_values("t", values);
  start(connector("c", "t", "INSERT INTO capped SELECT * FROM t",
                  {{"connect.volt.error.policy", "NOOP"},
                   {"connect.volt.retry.interval", "200"},
                   {"connect.volt.max.retries", "1000"},  // not failed while the table is full
                   {"errors.deadletterqueue.topic.name", "dlq"}}));
  ASSERT_TRUE(eventually([&] { return volt->row_count("CAPPED") == 3; }))
      << harness->task_trace("c");
  std::this_thread::sleep_for(2s);
  EXPECT_EQ(volt->row_count("CAPPED"), 3u);
  EXPECT_EQ(harness->task_state("c"), "RUNNING");
  EXPECT_LE(kafka->committed("connect-c", "t")[0], 3) << "committed records it never wrote";
  EXPECT_EQ(harness->connector("c")->tasks()[0]->metrics().records_skipped.load(), 0u);
  volt->post("/truncate?table=CAPPED");  // room again
  ASSERT_TRUE(eventually([&] { return kafka->committed("connect-c", "t")[0] == 5; }))
      << harness->task_trace("c");
  std::set<std::string> keys;
  for (const auto& row : volt->rows("CAPPED")) keys.insert(row.find("K")->as_string());
  EXPECT_EQ(keys, (std::set<std::string>{"k3", "k4"}));
  EXPECT_TRUE(kafka->read_all("dlq").empty());
}

}  // namespace
}  // namespace ksink::test
