// Avro into the VoltDB sink: the AvroConverter's typed values become typed procedure
// parameters (a double is a FLOAT, a decimal an exact DECIMAL, bytes VARBINARY, an Avro
// timestamp epoch milliseconds sent as VoltDB's microseconds).
#include <gtest/gtest.h>

#include "convert/avro_converter.h"
#include "convert/avro_json_encoder.h"
#include "convert/avro_schema.h"
#include "core/json_writer.h"
#include "devtools/schema_registry_server.h"
#include "integration/fixtures/voltdb_server.h"

namespace ksink::test {
namespace {

class AvroVoltDb : public VoltDbPipelineTest {
 protected:
  void SetUp() override {
    VoltDbPipelineTest::SetUp();
    auto port = registry.start();
    ASSERT_TRUE(port.ok()) << port.error().message;
  }
  void TearDown() override {
    VoltDbPipelineTest::TearDown();  // the worker stops before the registry it reads
    registry.stop();
  }

  // Registers `schema` for `topic` and returns the record in Confluent's wire format.
  std::string avro(const std::string& topic, const std::string& schema, const std::string& json) {
    auto id = registry.store()->register_schema(topic + "-value", schema);
    EXPECT_TRUE(id.ok());
    auto parsed = avro::parse_avro_schema(schema);
    EXPECT_TRUE(parsed.ok());
    std::string out, error;
    write_confluent_header(*id, out);
    avro::JsonEncoder encoder;
    EXPECT_TRUE(encoder.encode(**parsed, json, out, error)) << error;
    return out;
  }

  ConfigMap avro_connector(const std::string& name, const std::string& topics,
                           const std::string& kcql) {
    ConfigMap c = connector(name, topics, kcql);
    c["value.converter"] = "io.confluent.connect.avro.AvroConverter";
    c["value.converter.schema.registry.url"] = registry.url();
    return c;
  }

  std::vector<std::string> rows(const std::string& table) {
    std::vector<std::string> out;
    for (const auto& r : volt->rows(table)) {
      std::string text;
      write_json(r, text);
      out.push_back(text);
    }
    return out;
  }

  devtools::SchemaRegistryServer registry;
};

TEST_F(AvroVoltDb, TheSeedUserRecordBecomesATypedRow) {
  kafka->create_topic("sink-test");
  kafka->produce("sink-test", std::nullopt,
                 avro("sink-test",
                      R"({"type":"record","name":"User","namespace":)"
                      R"("com.datamountaineer.streamreactor.connect.voltdb","fields":[)"
                      R"({"name":"firstName","type":"string"},{"name":"lastName","type":"string"},)"
                      R"({"name":"age","type":"int"},{"name":"salary","type":"double"}]})",
                      R"({"firstName": "John", "lastName": "Smith", "age":30, "salary": 4830})"));
  start(avro_connector("voltdb-sink", "sink-test", "INSERT INTO person SELECT * FROM sink-test"));
  ASSERT_TRUE(eventually([&] { return volt->row_count("PERSON") == 1; }))
      << harness->task_trace("voltdb-sink");
  EXPECT_EQ(rows("PERSON"),
            std::vector<std::string>{
                R"({"FIRSTNAME":"John","LASTNAME":"Smith","AGE":30,"SALARY":4830.0})"});
}

TEST_F(AvroVoltDb, LogicalTypesArriveAsTypedParameters) {
  kafka->create_topic("t");
  const std::string fields =
      R"({"name":"k","type":"long"},{"name":"ti","type":"int"},{"name":"si","type":"int"},)"
      R"({"name":"i","type":["null","int"]},{"name":"f","type":"float"},)"
      R"({"name":"d","type":{"type":"bytes","logicalType":"decimal","precision":20,"scale":4}},)"
      R"({"name":"s","type":{"type":"enum","name":"S","symbols":["low","high"]}},)"
      R"({"name":"vb","type":"bytes"},)";
  const std::string millis =
      R"({"type":"record","name":"Row","fields":[)" + fields +
      R"({"name":"ts","type":{"type":"long","logicalType":"timestamp-millis"}}]})";
  const std::string micros =
      R"({"type":"record","name":"Row","fields":[)" + fields +
      R"({"name":"ts","type":{"type":"long","logicalType":"timestamp-micros"}}]})";
  kafka->produce("t", std::nullopt,
                 avro("t", millis,
                      R"({"k":1,"ti":-127,"si":32767,"i":-5,"f":1.5,"d":12.345,"s":"high",)"
                      R"("vb":"\u000a\u000b","ts":1700000000123})"));
  // Microseconds become epoch milliseconds in ksink's model: the last three digits go.
  kafka->produce("t", std::nullopt,
                 avro("t", micros,
                      R"({"k":2,"ti":7,"si":1,"i":null,"f":0.1,"d":-0.0001,"s":"low",)"
                      R"("vb":"","ts":1700000000123456})"));
  start(avro_connector("c", "t", "INSERT INTO all_types SELECT * FROM t"));
  ASSERT_TRUE(eventually([&] { return volt->row_count("ALL_TYPES") == 2; }))
      << harness->task_trace("c");
  EXPECT_EQ(rows("ALL_TYPES"),
            (std::vector<std::string>{
                R"({"K":1,"TI":-127,"SI":32767,"I":-5,"F":1.5,"D":"12.345000000000","S":"high",)"
                R"("VB":"0a0b","TS":1700000000123000})",
                R"({"K":2,"TI":7,"SI":1,"I":null,"F":0.1,"D":"-0.000100000000","S":"low",)"
                R"("VB":"","TS":1700000000123000})"}));
}

}  // namespace
}  // namespace ksink::test
