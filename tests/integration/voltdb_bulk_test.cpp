// The VoltDB sink's bulk loads (docs/voltdb-sink.md "How records become procedure calls") against
// the protocol test server with several partitions: groups per VoltDB partition placed where the
// cluster's hashinator says, replicated tables, a refused group re-sent row by row (NOOP, THROW),
// a topology change mid-stream, rows that travel only as parameters, and the per-row mode. The
// other VoltDB suites (voltdb_sink_test, voltdb_faults_test, voltdb_standalone_test) run in bulk
// mode too, it being the default.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "integration/fixtures/voltdb_server.h"

namespace ksink::test {
namespace {

using VoltBulk = VoltDbPipelineTest;
using voltdb::Hashinator;

int64_t failures(VoltDbServer& volt) {
  const Value stats = volt.stats();
  const Value* counts = stats.find("status_counts");
  const Value* n = counts ? counts->find("-2") : nullptr;
  return n ? n->as_int() : 0;
}

std::string kv(const std::string& k, int v) {
  return R"({"k":")" + k + R"(","v":)" + std::to_string(v) + "}";
}

// Produces to topic "t" one record per key (value = its index), with keys[dup] again, value
// 99, at offset 5: in the middle of the group of the keys' VoltDB partition.
void produce_with_duplicate(KafkaCluster& kafka, const std::vector<std::string>& keys, size_t dup) {
  kafka.create_topic("t");
  std::vector<std::string> values;
  for (size_t i = 0; i < keys.size(); ++i) values.push_back(kv(keys[i], static_cast<int>(i)));
  values.insert(values.begin() + 5, kv(keys[dup], 99));
  kafka.produce_values("t", values);
}

TEST_F(VoltBulk, PartitionedTablesLoadPerPartitionWhereTheHashinatorSays) {
  kafka->create_topic("t", 2);
  kafka->create_topic("r");
  for (int p = 0; p < 2; ++p) {
    std::vector<std::string> values;
    for (int i = 0; i < 150; ++i) values.push_back(kv("k" + std::to_string(i % 100), p * 1000 + i));
    kafka->produce_values("t", values, p);
  }
  std::vector<std::string> readings;
  for (int i = 0; i < 120; ++i)
    readings.push_back(R"({"id":)" + std::to_string(i - 60) + R"(,"v":)" + std::to_string(i) + "}");
  kafka->produce_values("r", readings);
  start(connector("c", "t,r",
                  "UPSERT INTO kv SELECT * FROM t; INSERT INTO readings SELECT * FROM r"));
  ASSERT_TRUE(eventually([&] {
    auto t = kafka->committed("connect-c", "t", 2);
    return t[0] == 150 && t[1] == 150 && kafka->committed("connect-c", "r")[0] == 120;
  }));
  // The two Kafka partitions have no order between them: each key holds the newest value of one
  // of them (k<50 is written twice per partition, at i = k and i = k + 100).
  auto rows = volt->rows("KV");
  ASSERT_EQ(rows.size(), 100u);
  for (const auto& row : rows) {
    const int k = std::stoi(row.find("K")->as_string().substr(1));
    const int64_t v = row.find("V")->as_int(), newest = k < 50 ? 100 + k : k;
    EXPECT_TRUE(v == newest || v == 1000 + newest) << "k" << k << "=" << v;
  }
  ASSERT_EQ(volt->row_count("READINGS"), 120u);
  // Every row went in a bulk load, none was refused, and each sits in the partition ksink's
  // hashinator names.
  EXPECT_EQ(volt->calls("KV.upsert"), 0);
  EXPECT_EQ(volt->calls("READINGS.insert"), 0);
  EXPECT_GE(volt->calls("@LoadSinglepartitionTable"), 4);
  EXPECT_EQ(failures(*volt), 0);
  Hashinator ring = server_ring(*volt);
  auto partitions = volt->get_json("/partitions/KV").as_array();
  std::set<int64_t> used;
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(partitions[i].as_int(), ring.partition_of_bytes(rows[i].find("K")->as_string()));
    used.insert(partitions[i].as_int());
  }
  EXPECT_EQ(used.size(), 4u);
  auto reading_rows = volt->rows("READINGS");
  auto reading_partitions = volt->get_json("/partitions/READINGS").as_array();
  for (size_t i = 0; i < reading_rows.size(); ++i)
    EXPECT_EQ(reading_partitions[i].as_int(),
              ring.partition_of_integer(reading_rows[i].find("ID")->as_int()));
}

TEST_F(VoltBulk, ReplicatedTablesLoadWithLoadMultipartitionTable) {
  kafka->create_topic("p");
  std::vector<std::string> values;
  for (int i = 0; i < 50; ++i)
    values.push_back(R"({"firstName":"F)" + std::to_string(i) + R"(","lastName":"Smith","age":)" +
                     std::to_string(i) + "}");
  kafka->produce_values("p", values);
  start(connector("c", "p", "INSERT INTO person SELECT * FROM p"));
  ASSERT_TRUE(eventually([&] { return kafka->committed("connect-c", "p")[0] == 50; }));
  auto rows = volt->rows("PERSON");
  ASSERT_EQ(rows.size(), 50u);
  EXPECT_EQ(rows[49].find("AGE")->as_int(), 49);
  EXPECT_TRUE(rows[49].find("SALARY")->is_null());
  EXPECT_GE(volt->calls("@LoadMultipartitionTable"), 1);
  EXPECT_EQ(volt->calls("PERSON.insert"), 0);
}

TEST_F(VoltBulk, ADuplicateKeyInTheMiddleOfAGroupUnderNoopSkipsOnlyThatRow) {
  auto keys = keys_in(server_ring(*volt), 2, 9);
  kafka->create_topic("dlq");
  produce_with_duplicate(*kafka, keys, 1);  // offset 5: keys[1] again
  start(connector("c", "t", "INSERT INTO kv SELECT * FROM t",
                  {{"connect.volt.error.policy", "NOOP"},
                   {"errors.deadletterqueue.topic.name", "dlq"},
                   {"errors.deadletterqueue.context.headers.enable", "true"}}));
  ASSERT_TRUE(eventually([&] { return kafka->committed("connect-c", "t")[0] == 10; }));
  auto rows = volt->rows("KV");
  ASSERT_EQ(rows.size(), 9u);
  for (const auto& row : rows) EXPECT_NE(row.find("V")->as_int(), 99);
  auto dlq = kafka->read_all("dlq");
  ASSERT_EQ(dlq.size(), 1u);
  EXPECT_EQ(dlq[0].headers["__connect.errors.offset"], "5");
  EXPECT_EQ(dlq[0].headers["__connect.errors.exception.message"],
            "KCQL statement 1: VoltDB KV.insert failed: VOLTDB ERROR: CONSTRAINT VIOLATION "
            "Attempted violation of constraint Constraint Type UNIQUE, Table CatalogId KV");
  // The refused group's rows were re-sent one call each.
  EXPECT_GE(failures(*volt), 1);
  EXPECT_GE(volt->calls("KV.insert"), 1);
  EXPECT_EQ(harness->task_state("c"), "RUNNING");
}

// VoltDB's own TestVoltBulkLoader.java (testBatchOptionThatSplitsAndGetsViolations): groups of
// two rows, some refused as a whole, some half; exactly the duplicates fail, whatever the groups.
TEST_F(VoltBulk, TheBulkLoadersOwnViolationsCaseFailsExactlyTheDuplicates) {
  const int ids[] = {1, 2, 3, 4, 1, 2, 5, 6, 1, 2, 7, 8, 11, 1, 2, 1, 12};
  kafka->create_topic("r");
  kafka->create_topic("dlq");
  std::vector<std::string> values;
  for (int id : ids) values.push_back(R"({"id":)" + std::to_string(id) + R"(,"v":1})");
  kafka->produce_values("r", values);
  start(connector("c", "r", "INSERT INTO readings SELECT * FROM r",
                  {{"connect.volt.error.policy", "NOOP"},
                   {"connect.volt.bulk.rows", "2"},
                   {"errors.deadletterqueue.topic.name", "dlq"},
                   {"errors.deadletterqueue.context.headers.enable", "true"}}));
  ASSERT_TRUE(eventually([&] { return kafka->committed("connect-c", "r")[0] == 17; }));
  std::set<std::string> failed;
  for (const auto& m : kafka->read_all("dlq")) failed.insert(m.headers.at("__connect.errors.offset"));
  // The test's failing rows 5, 6, 9, 10, 14, 15, 16 (1-based) are these offsets.
  EXPECT_EQ(failed, (std::set<std::string>{"4", "5", "8", "9", "13", "14", "15"}));
  std::set<int64_t> written;
  for (const auto& row : volt->rows("READINGS")) written.insert(row.find("ID")->as_int());
  EXPECT_EQ(written, (std::set<int64_t>{1, 2, 3, 4, 5, 6, 7, 8, 11, 12}));
  EXPECT_GE(volt->calls("@LoadSinglepartitionTable"), 4);
}

// Under THROW, an INSERT of `keys` (one record each, in order) fails at offset 5, a duplicate
// key: the task fails there, commits 5, and KV holds the first five keys and nothing else.
class VoltBulkThrow : public VoltBulk {
 protected:
  void expect_throw_at_offset_5_keeping(const std::vector<std::string>& keys,
                                        const ConfigMap& settings = {}) {
    start(connector("c", "t", "INSERT INTO kv SELECT * FROM t", settings));
    ASSERT_TRUE(eventually([&] { return harness->task_state("c") == "FAILED"; }));
    EXPECT_NE(harness->task_trace("c").find("topic 't' partition 0 offset 5: KCQL statement 1: "
                                            "VoltDB KV.insert failed: VOLTDB ERROR: CONSTRAINT "
                                            "VIOLATION"),
              std::string::npos)
        << harness->task_trace("c");
    EXPECT_EQ(kafka->committed("connect-c", "t")[0], 5);
    std::set<std::string> written;
    for (const auto& row : volt->rows("KV")) written.insert(row.find("K")->as_string());
    EXPECT_EQ(written, std::set<std::string>(keys.begin(), keys.begin() + 5));
  }

  // One Kafka partition's records alternating VoltDB partitions 1 (keys a..) and 2 (keys b..),
  // record 5 a duplicate of a0; returns the keys in offset order.
  std::vector<std::string> produce_alternating_with_duplicate() {
    const Hashinator ring = server_ring(*volt);
    const auto a = keys_in(ring, 1, 6, "a"), b = keys_in(ring, 2, 6, "b");
    const std::vector<std::string> keys = {a[0], b[0], a[1], b[1], a[2], a[0], b[2],
                                           a[3], b[3], a[4], b[4], a[5], b[5]};
    kafka->create_topic("t");
    std::vector<std::string> values;
    for (size_t i = 0; i < keys.size(); ++i) values.push_back(kv(keys[i], static_cast<int>(i)));
    kafka->produce_values("t", values);
    return keys;
  }
};

// One Kafka partition whose rows all go to one VoltDB partition: the refused group's serial
// re-send stops at the failing row, so it and everything after it stay unwritten
// (docs/voltdb-sink.md "Order and replays").
TEST_F(VoltBulkThrow, ADuplicateKeyLeavesItAndTheRestOfItsPartitionUnwritten) {
  auto keys = keys_in(server_ring(*volt), 1, 9);
  produce_with_duplicate(*kafka, keys, 0);  // offset 5: keys[0] again
  expect_throw_at_offset_5_keeping(keys);
}

// THROW across VoltDB partitions (docs/voltdb-sink.md "Order and replays"): one Kafka partition's
// records go to VoltDB partitions 1 (keys a..) and 2 (keys b..), whose groups load at once.
// VoltDB refuses record 5 (a duplicate of a0, partition 1); partition 2's group, records after
// it included, was loaded meanwhile. Those rows are deleted again (KV.delete, an INSERT's row did
// not exist before), so the table holds exactly records 0-4, as if nothing after the failing
// record had been sent, and a restart would write them once instead of meeting them as UNIQUE
// violations.
TEST_F(VoltBulkThrow, ADuplicateKeyLeavesNothingAfterItInAnyVoltDbPartition) {
  const auto keys = produce_alternating_with_duplicate();
  expect_throw_at_offset_5_keeping(keys);
  // b2..b5 were loaded with b0 and b1 in one group, before the refusal was known.
  EXPECT_EQ(volt->calls("KV.delete"), 4);
}

// The same with one call per record: the calls sent after record 5's, before its answer came,
// ran in VoltDB partition 2 and are deleted again.
TEST_F(VoltBulkThrow, OneCallPerRecordADuplicateKeyLeavesNothingAfterIt) {
  const auto keys = produce_alternating_with_duplicate();
  expect_throw_at_offset_5_keeping(keys, {{"connect.volt.bulk.enabled", "false"}});
}

// RETRY: the refused group's rows are written one by one, the duplicate is retried until its
// conflict is gone (the test truncates the table), and nothing else is held back meanwhile.
TEST_F(VoltBulk, ADuplicateKeyInTheMiddleOfAGroupUnderRetryIsWrittenOnceTheConflictIsGone) {
  auto keys = keys_in(server_ring(*volt), 3, 9);
  produce_with_duplicate(*kafka, keys, 1);  // offset 5: keys[1] again
  start(connector("c", "t", "INSERT INTO kv SELECT * FROM t",
                  {{"connect.volt.error.policy", "RETRY"},
                   {"connect.volt.max.retries", "50"},
                   {"connect.volt.retry.interval", "100"}}));
  ASSERT_TRUE(eventually(
      [&] { return harness->connector("c")->tasks()[0]->metrics().retries.load() >= 2; }));
  // The rest of the group's batch is in (the record at offset 9 may come in the next batch).
  EXPECT_GE(volt->row_count("KV"), 8u);
  volt->post("/truncate?table=KV");
  ASSERT_TRUE(eventually([&] { return kafka->committed("connect-c", "t")[0] == 10; }));
  std::map<std::string, int64_t> rows;
  for (const auto& row : volt->rows("KV"))
    rows[row.find("K")->as_string()] = row.find("V")->as_int();
  EXPECT_EQ(rows[keys[1]], 99);
  rows.erase(keys[1]);
  for (const auto& [k, v] : rows) EXPECT_EQ(k, keys[8]) << "only offset 9 can come after";
  EXPECT_EQ(harness->task_state("c"), "RUNNING");
}

TEST_F(VoltBulk, ATopologyChangeMidStreamIsFollowedWithoutLosingOrder) {
  kafka->create_topic("t");
  int next = 0;
  auto round = [&](int n) {
    std::vector<std::string> values;
    for (int i = 0; i < n; ++i, ++next) values.push_back(kv("k" + std::to_string(next % 60), next));
    kafka->produce_values("t", values);
    ASSERT_TRUE(eventually([&] { return kafka->committed("connect-c", "t")[0] == next; }));
  };
  start(connector("c", "t", "UPSERT INTO kv SELECT * FROM t"));
  round(120);
  ASSERT_EQ(failures(*volt), 0);
  // An elastic resize: the rows move, ksink's ring is stale until VoltDB refuses a group.
  volt->post("/partitions?count=7");
  round(120);
  EXPECT_GE(failures(*volt), 1);
  const int64_t fallback_calls = volt->calls("KV.upsert");
  EXPECT_GE(fallback_calls, 1);
  round(120);  // with the topology read again, every group fits
  EXPECT_EQ(volt->calls("KV.upsert"), fallback_calls);
  auto rows = volt->rows("KV");
  ASSERT_EQ(rows.size(), 60u);
  Hashinator ring = server_ring(*volt);
  EXPECT_EQ(ring.partition_count(), 7u);
  auto partitions = volt->get_json("/partitions/KV").as_array();
  for (size_t i = 0; i < rows.size(); ++i) {
    const std::string& k = rows[i].find("K")->as_string();
    EXPECT_EQ(rows[i].find("V")->as_int(), 300 + std::stoi(k.substr(1))) << k;
    EXPECT_EQ(partitions[i].as_int(), ring.partition_of_bytes(k)) << k;
  }
}

// A TIMESTAMP given as text cannot be a VoltTable cell: that row is its own call, in its place
// between the groups of its partition (here all rows have one key, so one partition).
TEST_F(VoltBulk, RowsThatTravelOnlyAsParametersKeepTheirPlace) {
  kafka->create_topic("a");
  kafka->produce_values(
      "a", {R"({"id":7,"v":1,"at":1000})", R"({"id":8,"at":"2024-05-06 07:08:09"})",
            R"({"id":7,"v":2,"at":"2024-05-06 07:08:10"})", R"({"id":7,"v":3,"at":3000})",
            R"({"id":7,"v":4})"});
  start(connector("c", "a", "UPSERT INTO readings SELECT * FROM a"));
  ASSERT_TRUE(eventually([&] { return kafka->committed("connect-c", "a")[0] == 5; }));
  auto rows = volt->rows("READINGS");
  ASSERT_EQ(rows.size(), 2u);
  // A table has no order: the rows by their id.
  if (rows[0].find("ID")->as_int() != 7) std::swap(rows[0], rows[1]);
  ASSERT_EQ(rows[0].find("ID")->as_int(), 7);
  EXPECT_EQ(rows[0].find("V")->as_int(), 4);  // the last UPSERT of id 7 won
  EXPECT_TRUE(rows[0].find("AT")->is_null());
  EXPECT_EQ(rows[1].find("AT")->as_int(), 1'714'979'289'000'000);
  EXPECT_EQ(volt->calls("READINGS.upsert"), 2);
  EXPECT_GE(volt->calls("@LoadSinglepartitionTable"), 2);
  EXPECT_EQ(failures(*volt), 0);
}

TEST_F(VoltBulk, BulkDisabledWritesOneCallPerRecord) {
  kafka->create_topic("t");
  std::vector<std::string> values;
  for (int i = 0; i < 30; ++i) values.push_back(kv("k" + std::to_string(i % 10), i));
  kafka->produce_values("t", values);
  start(connector("c", "t", "UPSERT INTO kv SELECT * FROM t",
                  {{"connect.volt.bulk.enabled", "false"}}));
  ASSERT_TRUE(eventually([&] { return kafka->committed("connect-c", "t")[0] == 30; }));
  for (const auto& row : volt->rows("KV"))
    EXPECT_EQ(row.find("V")->as_int(), 20 + std::stoi(row.find("K")->as_string().substr(1)));
  EXPECT_EQ(volt->calls("KV.upsert"), 30);
  EXPECT_EQ(volt->calls("@LoadSinglepartitionTable"), 0);
  EXPECT_EQ(volt->calls("@Statistics"), 0);
}

}  // namespace
}  // namespace ksink::test
