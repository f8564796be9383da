// The VoltDB sink end to end: records in the embedded Kafka, a connector running in-process, and
// what the VoltDB protocol test server holds afterwards. Mapping, types, modes, error policies
// and start-up errors.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include "core/json_writer.h"
#include "integration/fixtures/voltdb_server.h"

namespace ksink::test {
namespace {

using namespace std::chrono_literals;
using VoltSink = VoltDbPipelineTest;

std::string json(const Value& v) {
  std::string out;
  write_json(v, out);
  return out;
}

// The names of this process's threads (what `top -H` and perf show).
std::vector<std::string> thread_names() {
  std::vector<std::string> out;
  for (const auto& t : std::filesystem::directory_iterator("/proc/self/task")) {
    std::ifstream comm(t.path() / "comm");
    std::string name;
    if (std::getline(comm, name)) out.push_back(name);
  }
  return out;
}

bool has_thread(const std::string& name) {
  auto names = thread_names();
  return std::find(names.begin(), names.end(), name) != names.end();
}

// The table's rows as JSON, sorted: a table has no order, and rows of several VoltDB partitions
// land in any order (bulk loads: one group per partition, in flight at once).
std::vector<std::string> row_texts(VoltDbServer& volt, const std::string& table) {
  std::vector<std::string> out;
  for (const auto& r : volt.rows(table)) out.push_back(json(r));
  std::sort(out.begin(), out.end());
  return out;
}

TEST_F(VoltSink, SeedExampleWithTheSeedsPropertyNames) {
  kafka->create_topic("sink-test");
  kafka->produce("sink-test", std::nullopt,
                 R"({"firstName": "John", "lastName": "Smith", "age":30, "salary": 4830})");
  // The seed guide's keys; its KCQL corrected (it lacks SELECT, and a VoltDB table cannot be
  // named sink-test).
  start({{"name", "voltdb-sink"},
         {"connector.class", "com.datamountaineer.streamreactor.connect.voltdb.VoltSinkConnector"},
         {"max.tasks", "1"},
         {"topics", "sink-test"},
         {"connect.volt.connection.servers", volt->servers()},
         {"connect.volt.connection.user", ""},
         {"connect.volt.connection.password", ""},
         {"connect.volt.export.route.query", "INSERT INTO person SELECT * FROM sink-test"}});
  ASSERT_TRUE(eventually([&] { return volt->row_count("PERSON") == 1; }));
  EXPECT_EQ(row_texts(*volt, "PERSON"),
            std::vector<std::string>{
                R"({"FIRSTNAME":"John","LASTNAME":"Smith","AGE":30,"SALARY":4830.0})"});
  EXPECT_TRUE(
      eventually([&] { return kafka->committed("connect-voltdb-sink", "sink-test")[0] == 1; }));
  // The task's thread is named after it, apart from librdkafka's.
  EXPECT_TRUE(has_thread("voltdb-sink-0"));
}

TEST_F(VoltSink, AliasAndSeedSpellingsOfThePolicyKeysAreAccepted) {
  kafka->create_topic("t");
  kafka->produce("t", std::nullopt, R"({"k":"a","v":1})");
  start({{"name", "c"},
         {"connector.class", "voltdb"},
         {"topics", "t"},
         {"connect.volt.servers", volt->servers()},
         {"connect.volt.kcql", "UPSERT INTO kv SELECT * FROM t"},
         {"connect.volt.sink.error.policy", "noop"},
         {"connect.volt.sink.max.retries", "3"},
         {"connect.volt.sink.retry.interval", "100"},
         {"connect.volt.sink.batch.size", "10"}});
  ASSERT_TRUE(eventually([&] { return volt->row_count("KV") == 1; }));
}

TEST_F(VoltSink, InsertAddsRowsAndUpsertReplacesByPrimaryKey) {
  kafka->create_topic("ins");
  kafka->create_topic("ups");
  kafka->produce("ins", std::nullopt, R"({"seq":1,"msg":"a"})");
  kafka->produce("ins", std::nullopt, R"({"seq":1,"msg":"a"})");  // no key: a second row
  kafka->produce("ups", std::nullopt, R"({"k":"x","v":1})");
  kafka->produce("ups", std::nullopt, R"({"k":"y","v":2})");
  kafka->produce("ups", std::nullopt, R"({"k":"x","v":3})");
  start(connector("c", "ins,ups",
                  "INSERT INTO events SELECT * FROM ins; UPSERT INTO KV SELECT * FROM ups"));
  ASSERT_TRUE(eventually([&] {
    auto c1 = kafka->committed("connect-c", "ins")[0], c2 = kafka->committed("connect-c", "ups")[0];
    return c1 == 2 && c2 == 3;
  }));
  EXPECT_EQ(row_texts(*volt, "EVENTS"),
            (std::vector<std::string>{R"({"SEQ":1,"P":null,"MSG":"a"})",
                                      R"({"SEQ":1,"P":null,"MSG":"a"})"}));
  EXPECT_EQ(row_texts(*volt, "KV"), (std::vector<std::string>{R"({"K":"x","V":3,"SRC":null})",
                                                              R"({"K":"y","V":2,"SRC":null})"}));
  EXPECT_EQ(harness->task_state("c"), "RUNNING");
}

TEST_F(VoltSink, ColumnsMatchFieldNamesIgnoringCaseAndAsRenames) {
  kafka->create_topic("people");
  kafka->produce("people", std::nullopt,
                 R"({"FirstName":"Ann","LASTNAME":"Lee","years":41,"pay":5100.5,"extra":true})");
  start(connector("c", "people",
                  "INSERT INTO Person SELECT FirstName, LASTNAME, years AS Age, pay AS salary, "
                  "extra FROM people"));
  ASSERT_TRUE(eventually([&] { return volt->row_count("PERSON") == 1; }));
  EXPECT_EQ(row_texts(*volt, "PERSON")[0],
            R"({"FIRSTNAME":"Ann","LASTNAME":"Lee","AGE":41,"SALARY":5100.5})");
}

TEST_F(VoltSink, RecordsOfChangingShapeEachFillTheirOwnColumns) {
  // The writer remembers which field fills which column for the last shape of record; every
  // change of fields, order or case must be matched afresh.
  kafka->create_topic("people");
  for (const char* v : {R"({"firstName":"A","lastName":"B","age":1,"salary":1.5})",
                        R"({"salary":2.5,"age":2,"lastName":"D","firstName":"C"})",
                        R"({"LASTNAME":"F","firstname":"E","age":3})",
                        R"({"firstName":"G","lastName":"H","age":4,"salary":4.5})",
                        R"({"firstName":"I","lastName":"J","salary":6.5,"age":5})"})
    kafka->produce("people", std::nullopt, v);
  start(connector("c", "people", "INSERT INTO Person SELECT * FROM people"));
  ASSERT_TRUE(eventually([&] { return volt->row_count("PERSON") == 5; }));
  EXPECT_EQ(row_texts(*volt, "PERSON"),
            (std::vector<std::string>{
                R"({"FIRSTNAME":"A","LASTNAME":"B","AGE":1,"SALARY":1.5})",
                R"({"FIRSTNAME":"C","LASTNAME":"D","AGE":2,"SALARY":2.5})",
                R"({"FIRSTNAME":"E","LASTNAME":"F","AGE":3,"SALARY":null})",
                R"({"FIRSTNAME":"G","LASTNAME":"H","AGE":4,"SALARY":4.5})",
                R"({"FIRSTNAME":"I","LASTNAME":"J","AGE":5,"SALARY":6.5})"}));
}

TEST_F(VoltSink, EveryColumnTypeAndNullForMissingNullableColumns) {
  kafka->create_topic("t");
  kafka->produce("t", std::nullopt,
                 R"({"k":1,"ti":-127,"si":32767,"i":-5,"f":1.5,"d":"3.25","s":"héllo","vb":"0a0B",)"
                 R"("ts":1700000000123})");
  kafka->produce("t", std::nullopt,
                 R"({"k":2,"ti":"7","si":1.0,"i":"12","f":"2.5e3","d":0.1,"s":12.5,"vb":"X'ff'",)"
                 R"("ts":"2024-05-06 07:08:09.123456"})");
  kafka->produce("t", std::nullopt, R"({"k":3,"ti":null,"s":true,"d":"-12345678901234567890.5"})");
  kafka->produce("t", std::nullopt, R"({"k":4})");
  start(connector("c", "t", "INSERT INTO all_types SELECT * FROM t"));
  ASSERT_TRUE(eventually([&] { return volt->row_count("ALL_TYPES") == 4; }))
      << harness->task_trace("c");
  EXPECT_EQ(row_texts(*volt, "ALL_TYPES"),
            (std::vector<std::string>{
                R"({"K":1,"TI":-127,"SI":32767,"I":-5,"F":1.5,"D":"3.250000000000","S":"héllo",)"
                R"("VB":"0a0b","TS":1700000000123000})",
                R"({"K":2,"TI":7,"SI":1,"I":12,"F":2500.0,"D":"0.100000000000","S":"12.5",)"
                R"("VB":"ff","TS":1714979289123456})",
                R"({"K":3,"TI":null,"SI":null,"I":null,"F":null,)"
                R"("D":"-12345678901234567890.500000000000","S":"true","VB":null,"TS":null})",
                R"({"K":4,"TI":null,"SI":null,"I":null,"F":null,"D":null,"S":null,"VB":null,)"
                R"("TS":null})"}));
}

TEST_F(VoltSink, ValuesThatDoNotFitAreRecordErrorsNamingTheColumnFoundBeforeSending) {
  kafka->create_topic("t");
  kafka->create_topic("dlq");
  const std::vector<std::string> bad = {
      R"({"k":1,"ti":128})",           // out of TINYINT's range
      R"({"k":2,"ti":-128})",          // TINYINT's NULL marker
      R"({"k":3,"i":"twelve"})",       // not a number
      R"({"k":4,"s":"nine chars"})",   // longer than VARCHAR(8)
      R"({"k":5,"vb":"0a0b0c0d0e"})",  // longer than VARBINARY(4)
      R"({"k":6,"vb":"xyz"})",         // not hex
      R"({"k":7,"d":"1e30"})",         // more than 26 digits before the point
      R"({"k":8,"si":1.5})",           // not whole
      R"({"ti":1})",                   // K is NOT NULL and missing
      R"({"k":null})",                 // K is NOT NULL and null
      R"({"k":11,"f":{"x":1}})",       // an object for a FLOAT
  };
  for (const auto& v : bad) kafka->produce("t", std::nullopt, v);
  kafka->produce("t", std::nullopt, R"({"k":100,"ti":1})");
  const int64_t calls_before = volt->stat("calls");
  start(connector("c", "t", "INSERT INTO all_types SELECT * FROM t",
                  {{"connect.volt.error.policy", "NOOP"},
                   {"errors.deadletterqueue.topic.name", "dlq"},
                   {"errors.deadletterqueue.context.headers.enable", "true"}}));
  ASSERT_TRUE(eventually([&] {
    return kafka->committed("connect-c", "t")[0] == static_cast<int64_t>(bad.size()) + 1;
  })) << harness->task_trace("c");
  EXPECT_EQ(volt->row_count("ALL_TYPES"), 1u);
  // Only the good record reached the server, plus the catalog reads (COLUMNS, PRIMARYKEYS,
  // INDEXINFO; ALL_TYPES is replicated, so no @Statistics TOPO).
  EXPECT_EQ(volt->stat("calls") - calls_before, 4);
  auto dlq = kafka->read_all("dlq");
  ASSERT_EQ(dlq.size(), bad.size());
  std::vector<std::string> messages;
  for (const auto& m : dlq) messages.push_back(m.headers.at("__connect.errors.exception.message"));
  EXPECT_EQ(messages[0],
            "KCQL statement 1: field 'ti' does not fit column TI TINYINT of table ALL_TYPES: "
            "expected an integer from -127 to 127, found an integer out of that range");
  EXPECT_NE(messages[1].find("column TI TINYINT"), std::string::npos) << messages[1];
  EXPECT_EQ(messages[2],
            "KCQL statement 1: field 'i' does not fit column I INTEGER of table ALL_TYPES: "
            "expected an integer from -2147483647 to 2147483647, found a string that is not an "
            "integer");
  EXPECT_EQ(messages[3],
            "KCQL statement 1: field 's' does not fit column S VARCHAR(8) of table ALL_TYPES: "
            "expected at most 8 characters, found a string of 10");
  EXPECT_NE(messages[4].find("column VB VARBINARY(4)"), std::string::npos) << messages[4];
  EXPECT_NE(messages[4].find("at most 4 bytes, found 5"), std::string::npos) << messages[4];
  EXPECT_NE(messages[5].find("not hex"), std::string::npos) << messages[5];
  EXPECT_NE(messages[6].find("column D DECIMAL"), std::string::npos) << messages[6];
  EXPECT_NE(messages[7].find("column SI SMALLINT"), std::string::npos) << messages[7];
  EXPECT_EQ(messages[8],
            "KCQL statement 1: column K of table ALL_TYPES is NOT NULL but the record has no "
            "field for it (select a field named K or rename one with AS K)");
  EXPECT_EQ(messages[9],
            "KCQL statement 1: column K of table ALL_TYPES is NOT NULL but the record's field "
            "for it is null");
  EXPECT_NE(messages[10].find("column F FLOAT"), std::string::npos) << messages[10];
  EXPECT_EQ(dlq[0].headers.at("__connect.errors.class.name"),
            "com.datamountaineer.streamreactor.connect.voltdb.VoltSinkTask");
  for (const auto& m : messages) {  // no record contents in the errors
    EXPECT_EQ(m.find("twelve"), std::string::npos) << m;
    EXPECT_EQ(m.find("nine chars"), std::string::npos) << m;
  }
}

TEST_F(VoltSink, ServerSideConversionErrorsNameTheColumnButNotTheValue) {
  kafka->create_topic("t");
  kafka->create_topic("dlq");
  kafka->produce("t", std::nullopt, R"({"k":1,"ts":"yesterday noon"})");  // VoltDB parses it
  kafka->produce("t", std::nullopt, R"({"k":2,"ts":"2024-05-06 07:08:09"})");
  start(connector("c", "t", "INSERT INTO all_types SELECT * FROM t",
                  {{"connect.volt.error.policy", "NOOP"},
                   {"errors.deadletterqueue.topic.name", "dlq"},
                   {"errors.deadletterqueue.context.headers.enable", "true"}}));
  ASSERT_TRUE(eventually([&] { return kafka->committed("connect-c", "t")[0] == 2; }));
  EXPECT_EQ(volt->row_count("ALL_TYPES"), 1u);
  auto dlq = kafka->read_all("dlq");
  ASSERT_EQ(dlq.size(), 1u);
  std::string message = dlq[0].headers.at("__connect.errors.exception.message");
  EXPECT_NE(message.find("KCQL statement 1: VoltDB ALL_TYPES.insert failed: VOLTDB ERROR: "
                         "PROCEDURE ALL_TYPES.insert TYPE ERROR FOR PARAMETER 8 (column TS)"),
            std::string::npos)
      << message;
  EXPECT_EQ(message.find("yesterday"), std::string::npos) << message;
}

// Four people into PERSON, whose key is the name: the third (offset 2) repeats the first's.
void produce_smiths_with_a_second_john(KafkaCluster& kafka) {
  kafka.create_topic("t");
  kafka.produce("t", std::nullopt, R"({"firstName":"John","lastName":"Smith","age":30})");
  kafka.produce("t", std::nullopt, R"({"firstName":"Jane","lastName":"Smith","age":31})");
  kafka.produce("t", std::nullopt, R"({"firstName":"John","lastName":"Smith","age":32})");
  kafka.produce("t", std::nullopt, R"({"firstName":"Jim","lastName":"Smith","age":33})");
}

TEST_F(VoltSink, ConstraintViolationUnderThrowFailsTheTaskAtTheRecord) {
  produce_smiths_with_a_second_john(*kafka);
  start(connector("c", "t", "INSERT INTO person SELECT * FROM t"));
  ASSERT_TRUE(eventually([&] { return harness->task_state("c") == "FAILED"; }));
  std::string trace = harness->task_trace("c");
  EXPECT_EQ(trace,
            "topic 't' partition 0 offset 2: KCQL statement 1: VoltDB PERSON.insert failed: "
            "VOLTDB ERROR: CONSTRAINT VIOLATION Attempted violation of constraint Constraint Type "
            "UNIQUE, Table CatalogId PERSON (error policy THROW)");
  EXPECT_EQ(trace.find("Relevant Tuples"), std::string::npos);
  EXPECT_EQ(kafka->committed("connect-c", "t")[0], 2);
  auto rows = volt->rows("PERSON");
  ASSERT_GE(rows.size(), 2u);
  EXPECT_EQ(rows[0].find("AGE")->as_int(), 30);  // the original row stays
}

// With one call in flight (BATCH = 1) the failing call's answer comes before the next call is
// sent: under THROW the partition's later records then stay unsent, and unwritten
// (docs/voltdb-sink.md "Order and replays").
TEST_F(VoltSink, ConstraintViolationUnderThrowWithOneCallInFlightLeavesTheRestUnwritten) {
  produce_smiths_with_a_second_john(*kafka);
  start(connector("c", "t", "INSERT INTO person SELECT * FROM t BATCH = 1"));
  ASSERT_TRUE(eventually([&] { return harness->task_state("c") == "FAILED"; }));
  EXPECT_NE(harness->task_trace("c").find("topic 't' partition 0 offset 2: "), std::string::npos)
      << harness->task_trace("c");
  EXPECT_EQ(kafka->committed("connect-c", "t")[0], 2);
  auto rows = volt->rows("PERSON");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].find("AGE")->as_int(), 30);
  EXPECT_EQ(rows[1].find("AGE")->as_int(), 31);
}

TEST_F(VoltSink, ConstraintViolationUnderNoopIsSkippedAndDeadLettered) {
  kafka->create_topic("t");
  kafka->create_topic("dlq");
  kafka->produce("t", std::string("k0"), R"({"k":"a","v":1})");
  kafka->produce("t", std::string("k1"), R"({"k":"a","v":2})");
  kafka->produce("t", std::string("k2"), R"({"k":"b","v":3})");
  start(connector("c", "t", "INSERT INTO kv SELECT * FROM t",
                  {{"connect.volt.error.policy", "NOOP"},
                   {"errors.deadletterqueue.topic.name", "dlq"},
                   {"errors.deadletterqueue.context.headers.enable", "true"}}));
  ASSERT_TRUE(eventually([&] { return kafka->committed("connect-c", "t")[0] == 3; }));
  EXPECT_EQ(row_texts(*volt, "KV"), (std::vector<std::string>{R"({"K":"a","V":1,"SRC":null})",
                                                              R"({"K":"b","V":3,"SRC":null})"}));
  auto dlq = kafka->read_all("dlq");
  ASSERT_EQ(dlq.size(), 1u);
  EXPECT_EQ(dlq[0].key, "k1");
  EXPECT_EQ(dlq[0].value, R"({"k":"a","v":2})");
  EXPECT_EQ(dlq[0].headers["__connect.errors.offset"], "1");
  EXPECT_EQ(dlq[0].headers["__connect.errors.exception.message"],
            "KCQL statement 1: VoltDB KV.insert failed: VOLTDB ERROR: CONSTRAINT VIOLATION "
            "Attempted violation of constraint Constraint Type UNIQUE, Table CatalogId KV");
  EXPECT_EQ(harness->task_state("c"), "RUNNING");
}

TEST_F(VoltSink, ConstraintViolationUnderRetryIsWrittenOnceTheCauseIsGone) {
  kafka->create_topic("t");
  kafka->produce("t", std::nullopt, R"({"k":"a","v":1})");
  kafka->produce("t", std::nullopt, R"({"k":"a","v":2})");
  start(connector("c", "t", "INSERT INTO kv SELECT * FROM t",
                  {{"connect.volt.error.policy", "RETRY"},
                   {"connect.volt.max.retries", "50"},
                   {"connect.volt.retry.interval", "100"}}));
  ASSERT_TRUE(eventually(
      [&] { return harness->connector("c")->tasks()[0]->metrics().retries.load() >= 2; }));
  volt->post("/truncate?table=KV");  // the conflicting row goes away
  ASSERT_TRUE(eventually([&] { return kafka->committed("connect-c", "t")[0] == 2; }));
  EXPECT_EQ(row_texts(*volt, "KV"), std::vector<std::string>{R"({"K":"a","V":2,"SRC":null})"});
  EXPECT_EQ(harness->task_state("c"), "RUNNING");
}

TEST_F(VoltSink, ConstraintViolationUnderRetryFailsAfterMaxRetries) {
  kafka->create_topic("t");
  kafka->produce("t", std::nullopt, R"({"k":"a","v":1})");
  kafka->produce("t", std::nullopt, R"({"k":"a","v":2})");
  start(connector("c", "t", "INSERT INTO kv SELECT * FROM t",
                  {{"connect.volt.error.policy", "RETRY"},
                   {"connect.volt.max.retries", "2"},
                   {"connect.volt.retry.interval", "100"}}));
  ASSERT_TRUE(eventually([&] { return harness->task_state("c") == "FAILED"; }));
  std::string trace = harness->task_trace("c");
  EXPECT_NE(trace.find("topic 't' partition 0 offset 1: KCQL statement 1: VoltDB KV.insert failed: "
                       "VOLTDB ERROR: CONSTRAINT VIOLATION"),
            std::string::npos)
      << trace;
  EXPECT_NE(trace.find("gave up after 2 retries"), std::string::npos) << trace;
  EXPECT_EQ(kafka->committed("connect-c", "t")[0], 1);
}

TEST_F(VoltSink, SchemalessJsonJsonWithSchemaAndStringJsonValues) {
  kafka->create_topic("plain");
  kafka->create_topic("enveloped");
  kafka->create_topic("text");
  kafka->produce("plain", std::nullopt, R"({"firstName":"A","lastName":"1","age":1,"salary":1})");
  kafka->produce("enveloped", std::nullopt,
                 R"({"schema":{"type":"struct","name":"User","fields":[)"
                 R"({"field":"firstName","type":"string"},{"field":"lastName","type":"string"},)"
                 R"({"field":"age","type":"int32"},{"field":"salary","type":"double"}]},)"
                 R"("payload":{"firstName":"B","lastName":"2","age":2,"salary":4830}})");
  kafka->produce("text", std::nullopt, R"({"firstName":"C","lastName":"3","age":3,"salary":2.5})");
  start(connector("plain", "plain", "INSERT INTO person SELECT * FROM plain"));
  start(connector("enveloped", "enveloped", "INSERT INTO person SELECT * FROM enveloped",
                  {{"value.converter", "org.apache.kafka.connect.json.JsonConverter"},
                   {"value.converter.schemas.enable", "true"}}));
  start(connector("text", "text", "INSERT INTO person SELECT * FROM text",
                  {{"value.converter", "org.apache.kafka.connect.storage.StringConverter"}}));
  ASSERT_TRUE(eventually([&] { return volt->row_count("PERSON") == 3; }));
  auto rows = row_texts(*volt, "PERSON");
  std::sort(rows.begin(), rows.end());
  EXPECT_EQ(rows,
            (std::vector<std::string>{R"({"FIRSTNAME":"A","LASTNAME":"1","AGE":1,"SALARY":1.0})",
                                      R"({"FIRSTNAME":"B","LASTNAME":"2","AGE":2,"SALARY":4830.0})",
                                      R"({"FIRSTNAME":"C","LASTNAME":"3","AGE":3,"SALARY":2.5})"}));
}

TEST_F(VoltSink, UnknownTableIsAStartupErrorListingTheTables) {
  kafka->create_topic("t");
  start(connector("c", "t", "INSERT INTO nosuch SELECT * FROM t"));
  ASSERT_TRUE(eventually([&] { return harness->task_state("c") == "FAILED"; }));
  EXPECT_EQ(harness->task_trace("c"),
            "KCQL statement 1: VoltDB has no table 'nosuch'; the INSERT INTO target must be one "
            "of the tables: ALL_TYPES, EVENTS, KV, PERSON, READINGS\n"
            "  INSERT INTO nosuch SELECT * FROM t");
}

TEST_F(VoltSink, UpsertOnATableWithoutPrimaryKeyIsAStartupError) {
  kafka->create_topic("t");
  start(connector("c", "t", "UPSERT INTO events SELECT * FROM t"));
  ASSERT_TRUE(eventually([&] { return harness->task_state("c") == "FAILED"; }));
  std::string trace = harness->task_trace("c");
  EXPECT_NE(trace.find("UPSERT INTO events needs a primary key on table EVENTS"), std::string::npos)
      << trace;
  EXPECT_NE(trace.find("write INSERT INTO"), std::string::npos) << trace;
}

TEST_F(VoltSink, StatementWithoutTargetIsRefusedAtValidation) {
  auto s = harness->start(connector("c", "t", "SELECT * FROM t"));
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message.find("KCQL statement 1: the VoltDB sink needs a table to write to: "
                                   "start the statement with INSERT INTO <table>"),
            std::string::npos)
      << s.error().message;
  auto seed = harness->start(connector("c", "sink-test", "INSERT INTO sink-test FROM sink-test"));
  ASSERT_FALSE(seed.ok());
  EXPECT_NE(seed.error().message.find("expected SELECT after target 'sink-test', found FROM"),
            std::string::npos)
      << seed.error().message;
}

TEST_F(VoltSink, ServerUnreachableAtStartIsNotAStartupError) {
  const int port = free_port();
  kafka->create_topic("t");
  kafka->produce("t", std::nullopt, R"({"k":"a","v":1})");
  start(connector("c", "t", "UPSERT INTO kv SELECT * FROM t",
                  {{"connect.volt.servers", "127.0.0.1:" + std::to_string(port)},
                   {"connect.volt.retry.interval", "500"}}));
  std::this_thread::sleep_for(1500ms);
  EXPECT_EQ(harness->task_state("c"), "RUNNING") << harness->task_trace("c");
  EXPECT_EQ(kafka->committed("connect-c", "t")[0], -1001);
  VoltDbServer late("sink_test_schema.sql", {}, port);
  ASSERT_TRUE(eventually([&] { return late.row_count("KV") == 1; })) << harness->task_trace("c");
  EXPECT_TRUE(eventually([&] { return kafka->committed("connect-c", "t")[0] == 1; }));
}

class VoltSinkWithSecurity : public VoltDbPipelineTest {
  std::vector<std::string> server_options() override {
    return {"--user", "sink", "--password", "s3cret-pw"};
  }
};

TEST_F(VoltSinkWithSecurity, WrongPasswordFailsAtOnceWithoutShowingIt) {
  kafka->create_topic("t");
  start(connector("c", "t", "UPSERT INTO kv SELECT * FROM t",
                  {{"connect.volt.username", "sink"}, {"connect.volt.password", "wrong-pw"}}));
  ASSERT_TRUE(eventually([&] { return harness->task_state("c") == "FAILED"; }, 15s));
  std::string trace = harness->task_trace("c");
  EXPECT_NE(trace.find("rejected the login of user 'sink'"), std::string::npos) << trace;
  EXPECT_NE(trace.find("check connect.volt.username and connect.volt.password"), std::string::npos)
      << trace;
  EXPECT_EQ(trace.find("wrong-pw"), std::string::npos) << trace;
}

TEST_F(VoltSinkWithSecurity, RightPasswordWithTheSeedKeyNamesWrites) {
  kafka->create_topic("t");
  kafka->produce("t", std::nullopt, R"({"k":"a","v":1})");
  start(connector("c", "t", "UPSERT INTO kv SELECT * FROM t",
                  {{"connect.volt.connection.user", "sink"},
                   {"connect.volt.connection.password", "s3cret-pw"}}));
  ASSERT_TRUE(eventually([&] { return volt->row_count("KV") == 1; }));
}

}  // namespace
}  // namespace ksink::test
