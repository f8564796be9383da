// THROW stops at the failing record across VoltDB partitions (issue 15 point 6; docs/voltdb-sink.md
// "Order and replays"): one Kafka partition's records spread over VoltDB partitions whose calls run
// at once, and VoltDB has no transaction across them. Rows that can be undone (INSERTs into a
// table with a primary key) are deleted again after a refusal (voltdb_bulk_test.cpp); a row that
// cannot be undone (an UPSERT, an INSERT into a table without a primary key) is not sent while an
// earlier row of its Kafka partition that VoltDB may refuse is unanswered. Each test produces
// records alternating VoltDB partitions 1 (keys a..) and 2 (keys b..), record 5 refused by VoltDB
// for something ksink cannot check before sending, and checks that the table holds exactly
// records 0-4, in bulk mode and one call per record. The last test has VoltDB refuse a row ksink
// did not expect it to refuse, and checks the warning that names the rows left behind.
#include <gtest/gtest.h>
#include <spdlog/sinks/ringbuffer_sink.h>
#include <spdlog/spdlog.h>

#include <memory>
#include <set>

#include "integration/fixtures/voltdb_server.h"

namespace ksink::test {
namespace {

struct Mode {
  const char* name;
  ConfigMap settings;
};
void PrintTo(const Mode& m, std::ostream* os) { *os << m.name; }

class VoltThrowOrder : public VoltDbPipelineTest, public ::testing::WithParamInterface<Mode> {
 protected:
  std::string schema() override { return "refusals_schema.sql"; }

  // The keys of 11 records, alternating VoltDB partitions 1 and 2; the record at offset 5 (a5)
  // goes to partition 1, with a0 before it there.
  std::vector<std::string> alternating_keys() {
    const auto ring = server_ring(*volt);
    const auto a = keys_in(ring, 1, 6, "a"), b = keys_in(ring, 2, 5, "b");
    return {a[0], b[0], a[1], b[1], a[2], a[5], b[2], a[3], b[3], a[4], b[4]};
  }

  // Runs `kcql` over `values` under THROW and checks what the user sees: the task failed at
  // offset 5 with VoltDB's refusal of `procedure`, offset 5 committed, and column K of `table`
  // holding exactly the keys of records 0-4.
  void expect_stop_at_5(const std::string& kcql, const std::vector<std::string>& values,
                        const std::vector<std::string>& keys, const std::string& table,
                        const std::string& procedure) {
    kafka->create_topic("t");
    kafka->produce_values("t", values);
    start(connector("c", "t", kcql, GetParam().settings));
    ASSERT_TRUE(eventually([&] { return harness->task_state("c") == "FAILED"; }));
    const std::string trace = harness->task_trace("c");
    EXPECT_NE(trace.find("topic 't' partition 0 offset 5: KCQL statement 1: VoltDB " + procedure +
                         " failed: VOLTDB ERROR: "),
              std::string::npos)
        << trace;
    EXPECT_EQ(kafka->committed("connect-c", "t")[0], 5);
    std::multiset<std::string> written;
    for (const auto& row : volt->rows(table)) written.insert(row.find("K")->as_string());
    EXPECT_EQ(written, std::multiset<std::string>(keys.begin(), keys.begin() + 5));
  }
};

// Record 5 has a0's e-mail, which USERS holds unique (ASSUMEUNIQUE, so within VoltDB partition 1):
// VoltDB refuses the UPSERT, and b2..b4 of partition 2, after it, were never sent.
TEST_P(VoltThrowOrder, AnUpsertRefusedForAUniqueIndexLeavesNothingAfterIt) {
  const auto keys = alternating_keys();
  std::vector<std::string> values;
  for (size_t i = 0; i < keys.size(); ++i)
    values.push_back(R"({"k":")" + keys[i] + R"(","email":"e)" + std::to_string(i == 5 ? 0 : i) +
                     R"(","v":)" + std::to_string(i) + "}");
  expect_stop_at_5("UPSERT INTO users SELECT * FROM t", values, keys, "USERS", "USERS.upsert");
}

// NAMES has no unique index but its key: only record 5's name, 5 characters but 10 bytes, is
// refused by its VARCHAR(8 BYTES). Rows after it in partition 2 wait for its answer.
TEST_P(VoltThrowOrder, AnUpsertOfATextOnlyVoltDbMeasuresLeavesNothingAfterIt) {
  const auto keys = alternating_keys();
  std::vector<std::string> values;
  for (size_t i = 0; i < keys.size(); ++i)
    values.push_back(R"({"k":")" + keys[i] + R"(","name":")" +
                     (i == 5 ? std::string("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9")
                             : "n" + std::to_string(i)) +
                     R"("})");
  expect_stop_at_5("UPSERT INTO names SELECT * FROM t", values, keys, "NAMES", "NAMES.upsert");
}

// LOG has no primary key, so no LOG.delete to undo an INSERT; record 5 repeats record 0's
// (K, SEQ), which LOG holds unique.
TEST_P(VoltThrowOrder, AnInsertWithoutAKeyRefusedForAUniqueIndexLeavesNothingAfterIt) {
  auto keys = alternating_keys();
  keys[5] = keys[0];
  std::vector<std::string> values;
  for (size_t i = 0; i < keys.size(); ++i)
    values.push_back(R"({"k":")" + keys[i] + R"(","seq":)" + std::to_string(i == 5 ? 0 : i) + "}");
  expect_stop_at_5("INSERT INTO log SELECT * FROM t", values, keys, "LOG", "LOG.insert");
}

// A unique index created while ksink runs (a DBA's `CREATE ASSUMEUNIQUE INDEX`): the catalog ksink
// read at start lacks it, so the UPSERTs of NAMES look as if VoltDB could not refuse them and go
// at once. VoltDB refuses record 5, which repeats record 0's name; later rows already written in
// other calls cannot be undone (UPSERTs) and stay, and a warning says how many.
TEST_P(VoltThrowOrder, RowsLeftByARefusalKsinkCouldNotForeseeAreCountedInAWarning) {
  // The log lines, kept until the test ends, however it ends.
  struct LogRing {
    std::shared_ptr<spdlog::sinks::ringbuffer_sink_mt> lines =
        std::make_shared<spdlog::sinks::ringbuffer_sink_mt>(200);
    LogRing() { spdlog::default_logger()->sinks().push_back(lines); }
    ~LogRing() { spdlog::default_logger()->sinks().pop_back(); }
  } log;
  kafka->create_topic("w");
  kafka->create_topic("t");
  // The task reads the catalog when it starts: once w's record is written, it has, before the
  // index exists.
  kafka->produce_values("w", {R"({"k":"w","email":"w","v":0})"});
  start(connector("c", "w,t",
                  "UPSERT INTO users SELECT * FROM w; UPSERT INTO names SELECT * FROM t",
                  GetParam().settings));
  ASSERT_TRUE(eventually([&] { return kafka->committed("connect-c", "w")[0] == 1; }));
  volt->post("/ddl", "CREATE ASSUMEUNIQUE INDEX names_once ON names (name);");
  const auto keys = alternating_keys();
  std::vector<std::string> values;
  for (size_t i = 0; i < keys.size(); ++i)
    values.push_back(R"({"k":")" + keys[i] + R"(","name":"n)" + std::to_string(i == 5 ? 0 : i) +
                     R"("})");
  kafka->produce_values("t", values);
  ASSERT_TRUE(eventually([&] { return harness->task_state("c") == "FAILED"; }));
  EXPECT_NE(harness->task_trace("c").find("topic 't' partition 0 offset 5: KCQL statement 2: "
                                          "VoltDB NAMES.upsert failed: VOLTDB ERROR: "),
            std::string::npos)
      << harness->task_trace("c");
  EXPECT_EQ(kafka->committed("connect-c", "t")[0], 5);
  // Records 0-4, and rows of records after 5 that VoltDB ran before it refused record 5.
  std::set<std::string> written, stayed;
  for (const auto& row : volt->rows("NAMES")) written.insert(row.find("K")->as_string());
  for (size_t i = 0; i < 5; ++i) EXPECT_EQ(written.count(keys[i]), 1u) << i;
  EXPECT_EQ(written.count(keys[5]), 0u);
  for (size_t i = 6; i < keys.size(); ++i)
    if (written.count(keys[i])) stayed.insert(keys[i]);
  EXPECT_EQ(written.size(), 5 + stayed.size());
  // All 11 records come in one batch: the other VoltDB partition's call, or every call with one
  // per record, ran before the refusal was known.
  ASSERT_FALSE(stayed.empty());
  const std::string warning = "VoltDB refused t-0@5, a refusal ksink did not foresee; " +
                              std::to_string(stayed.size()) +
                              " later row(s) of its Kafka partition were already written and "
                              "stay: UPSERTs, written again harmlessly after the restart";
  bool warned = false;
  for (const auto& line : log.lines->last_formatted())
    warned |= line.find(warning) != std::string::npos;
  EXPECT_TRUE(warned) << warning;
}

INSTANTIATE_TEST_SUITE_P(
    Modes, VoltThrowOrder,
    ::testing::Values(Mode{"Bulk", {}},
                      Mode{"OneCallPerRecord", {{"connect.volt.bulk.enabled", "false"}}}),
    [](const ::testing::TestParamInfo<Mode>& info) { return std::string(info.param.name); });

}  // namespace
}  // namespace ksink::test
