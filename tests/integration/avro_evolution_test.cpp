// Schema evolution: records written with different versions of a subject's schema, interleaved
// in one topic; each is read with its own (writer's) schema, so each lands with its own fields.
#include <gtest/gtest.h>

#include "integration/fixtures/avro_pipeline.h"

namespace ksink::test {
namespace {

using AvroEvolution = AvroPipelineTest;

const std::string kV1 =
    R"({"type":"record","name":"Customer","fields":[{"name":"id","type":"string"},)"
    R"({"name":"name","type":"string"},{"name":"tier","type":"int"}]})";
// v2 adds a field with a default.
const std::string kV2 =
    R"({"type":"record","name":"Customer","fields":[{"name":"id","type":"string"},)"
    R"({"name":"name","type":"string"},{"name":"tier","type":"int"},)"
    R"({"name":"email","type":"string","default":"none"}]})";
// v3 removes a field.
const std::string kV3 =
    R"({"type":"record","name":"Customer","fields":[{"name":"id","type":"string"},)"
    R"({"name":"name","type":"string"},{"name":"email","type":"string","default":"none"}]})";

TEST_F(AvroEvolution, OldAndNewRecordsInterleavedEachLandWithTheirOwnFields) {
  kafka->create_topic("customers");
  auto run = [&](const std::string& schema, std::vector<std::string> lines) {
    auto p = produce("customers", schema, lines);
    ASSERT_EQ(p.exit_code, 0) << p.output;
  };
  run(kV1, {R"({"id":"c1","name":"Ann","tier":1})"});
  start(avro_connector("crm", "customers", "SELECT * FROM customers PK id"));
  ASSERT_TRUE(eventually([&] { return redis->get("c1").has_value(); }))
      << harness->task_trace("crm");
  // New schema ids reach the running task while it reads.
  run(kV2, {R"({"id":"c2","name":"Bob","tier":2,"email":"bob@example.com"})",
            R"({"id":"c3","name":"Cy","tier":3})"});
  run(kV1, {R"({"id":"c4","name":"Di","tier":4})"});
  run(kV3, {R"({"id":"c5","name":"Ed","email":"ed@example.com"})"});
  run(kV2, {R"({"id":"c6","name":"Fay","tier":6,"email":"fay@example.com"})"});
  ASSERT_TRUE(eventually([&] { return redis->dbsize() == 6; })) << harness->task_trace("crm");
  EXPECT_EQ(redis->get("c1"), R"({"id":"c1","name":"Ann","tier":1})");
  EXPECT_EQ(redis->get("c2"), R"({"id":"c2","name":"Bob","tier":2,"email":"bob@example.com"})");
  EXPECT_EQ(redis->get("c3"), R"({"id":"c3","name":"Cy","tier":3,"email":"none"})");
  EXPECT_EQ(redis->get("c4"), R"({"id":"c4","name":"Di","tier":4})");
  EXPECT_EQ(redis->get("c5"), R"({"id":"c5","name":"Ed","email":"ed@example.com"})");
  EXPECT_EQ(redis->get("c6"), R"({"id":"c6","name":"Fay","tier":6,"email":"fay@example.com"})");
  EXPECT_TRUE(eventually([&] { return kafka->committed("connect-crm", "customers")[0] == 6; }));
  EXPECT_EQ(harness->task_state("crm"), "RUNNING");
  // Three versions under the subject; registering v1 again added none.
  EXPECT_EQ(registry->store()->versions("customers-value"), (std::vector<int>{1, 2, 3}));
}

TEST_F(AvroEvolution, AProjectionOfFieldsEveryVersionHasWorksAcrossVersions) {
  kafka->create_topic("customers");
  ASSERT_EQ(
      produce("customers", kV2, {R"({"id":"n1","name":"New","tier":1,"email":"n@x"})"}).exit_code,
      0);
  ASSERT_EQ(produce("customers", kV3, {R"({"id":"n2","name":"Newer","email":"m@x"})"}).exit_code,
            0);
  start(avro_connector("crm", "customers", "SELECT id, email FROM customers PK id"));
  ASSERT_TRUE(eventually([&] { return redis->dbsize() == 2; })) << harness->task_trace("crm");
  EXPECT_EQ(redis->get("n1"), R"({"id":"n1","email":"n@x"})");
  EXPECT_EQ(redis->get("n2"), R"({"id":"n2","email":"m@x"})");
}

}  // namespace
}  // namespace ksink::test
