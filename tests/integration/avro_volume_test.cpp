// 100,000 small Avro records from `ksink produce` drained into Redis. Under the sanitizer build
// (`make test`) this is the check that the Avro path frees what it allocates: LeakSanitizer
// fails this test binary at exit, and `ksink produce` with a non-zero exit status, on any leak.
#include <gtest/gtest.h>

#include <chrono>

#include "integration/fixtures/avro_pipeline.h"

namespace ksink::test {
namespace {

using AvroVolume = AvroPipelineTest;
using namespace std::chrono_literals;

const std::string kReading =
    R"({"type":"record","name":"Reading","namespace":"iot","fields":[)"
    R"({"name":"id","type":"long"},{"name":"sensor","type":"string"},)"
    R"({"name":"value","type":"double"},{"name":"tag","type":["null","string"],"default":null}]})";

std::string line(int i) {
  std::string tag = i % 3 == 0 ? "null" : R"({"string":"t)" + std::to_string(i % 7) + R"("})";
  return R"({"id":)" + std::to_string(i) + R"(,"sensor":"s)" + std::to_string(i % 50) +
         R"(","value":)" + std::to_string(i / 2) + (i % 2 ? ".5" : "") + R"(,"tag":)" + tag + "}";
}

std::string expected(int i) {
  std::string tag = i % 3 == 0 ? "null" : "\"t" + std::to_string(i % 7) + "\"";
  return R"({"id":)" + std::to_string(i) + R"(,"sensor":"s)" + std::to_string(i % 50) +
         R"(","value":)" + std::to_string(i / 2) + (i % 2 ? ".5" : ".0") + R"(,"tag":)" + tag + "}";
}

TEST_F(AvroVolume, AHundredThousandRecordsDrainIntoRedis) {
  constexpr int kRecords = 100000;
  constexpr int kPartitions = 4;  // the embedded Kafka keeps 5 MiB per partition
  kafka->create_topic("readings", kPartitions);
  std::vector<std::string> lines;
  lines.reserve(kRecords);
  for (int i = 0; i < kRecords; ++i) lines.push_back(line(i));
  auto p = produce("readings", kReading, lines,
                   {"--key-field", "id", "--producer-property", "compression.type=lz4",
                    "--producer-property", "linger.ms=20"});
  ASSERT_EQ(p.exit_code, 0) << p.output;

  start(avro_connector("bulk", "readings", "SELECT * FROM readings PK id"));
  ASSERT_TRUE(eventually([&] { return redis->dbsize() == static_cast<size_t>(kRecords); }, 90s))
      << redis->dbsize() << " " << harness->task_trace("bulk");
  for (int i : {0, 1, 2, 3, 12345, 54321, kRecords - 1})
    EXPECT_EQ(redis->get(std::to_string(i)), expected(i)) << i;
  EXPECT_TRUE(eventually([&] {
    auto c = kafka->committed("connect-bulk", "readings", kPartitions);
    int64_t total = 0;
    for (const auto& [partition, offset] : c) total += offset > 0 ? offset : 0;
    return total == kRecords;
  }));
  EXPECT_EQ(harness->task_state("bulk"), "RUNNING");
}

}  // namespace
}  // namespace ksink::test
