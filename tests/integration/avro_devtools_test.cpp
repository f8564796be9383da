// The tools for trying Avro on one machine, as a user runs them: `ksink dev-kafka
// --schema-registry` (its output and its Schema Registry REST API) and `ksink produce` (line
// errors, exit codes, keys, partitions, plain JSON).
#include <gtest/gtest.h>
#include <httplib.h>

#include <chrono>
#include <sstream>

#include "integration/fixtures/avro_pipeline.h"
#include "support/process.h"

namespace ksink::test {
namespace {

using namespace std::chrono_literals;

const std::string kUser =
    R"({"type":"record","name":"User","fields":[{"name":"firstName","type":"string"},)"
    R"({"name":"lastName","type":"string"},{"name":"age","type":"int"},)"
    R"({"name":"salary","type":"double"}]})";

std::string json_quoted(const std::string& s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

class DevKafkaRegistry : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = temp_dir("ksink-devkafka");
    // stdout only: its first two lines are what scripts read.
    process.start({"/bin/sh", "-c",
                   std::string("exec ") + KSINK_BINARY +
                       " dev-kafka --topic t --schema-registry 2>" + dir + "/stderr.log"},
                  dir + "/stdout.log");
    ASSERT_TRUE(
        eventually([&] { return lines_of(read_file(dir + "/stdout.log")).size() >= 2; }, 20s))
        << read_file(dir + "/stderr.log");
    auto lines = lines_of(read_file(dir + "/stdout.log"));
    bootstrap_line = lines[0];
    registry_line = lines[1];
    const std::string prefix = "schema.registry.url=http://127.0.0.1:";
    ASSERT_EQ(registry_line.rfind(prefix, 0), 0u) << registry_line;
    port = std::stoi(registry_line.substr(prefix.size()));
    client = std::make_unique<httplib::Client>("127.0.0.1", port);
  }
  void TearDown() override {
    process.stop(SIGKILL);
    if (std::system(("rm -rf " + dir).c_str()) != 0) {
    }
  }

  // Status and body of a request.
  std::pair<int, std::string> get(const std::string& path) {
    auto r = client->Get(path.c_str());
    if (!r) return {0, "no answer"};
    EXPECT_EQ(r->get_header_value("Content-Type"), "application/vnd.schemaregistry.v1+json");
    return {r->status, r->body};
  }
  std::pair<int, std::string> post(const std::string& path, const std::string& body) {
    auto r = client->Post(path.c_str(), body, "application/vnd.schemaregistry.v1+json");
    if (!r) return {0, "no answer"};
    return {r->status, r->body};
  }

  std::string dir;
  ChildProcess process;
  std::string bootstrap_line, registry_line;
  int port = 0;
  std::unique_ptr<httplib::Client> client;
};

using Reply = std::pair<int, std::string>;

TEST_F(DevKafkaRegistry, PrintsBothAddressesAndServesConfluentsRestSubset) {
  EXPECT_EQ(bootstrap_line.rfind("bootstrap.servers=127.0.0.1:", 0), 0u) << bootstrap_line;
  const std::string body = "{\"schema\":" + json_quoted(kUser) + "}";
  // The same schema twice, and under another subject: one id.
  EXPECT_EQ(post("/subjects/t-value/versions", body), Reply(200, R"({"id":1})"));
  EXPECT_EQ(
      post("/subjects/t-value/versions",
           "{\"schema\":" + json_quoted("{ \"type\" : \"record\", " + kUser.substr(17)) + "}"),
      Reply(200, R"({"id":1})"));
  EXPECT_EQ(post("/subjects/other-value/versions", body), Reply(200, R"({"id":1})"));
  EXPECT_EQ(post("/subjects/t-value/versions", R"({"schema":"\"string\""})"),
            Reply(200, R"({"id":2})"));

  const std::string stored = json_quoted(kUser);
  EXPECT_EQ(get("/schemas/ids/1"), Reply(200, "{\"schema\":" + stored + "}"));
  EXPECT_EQ(get("/schemas/ids/9"),
            Reply(404, R"({"error_code":40403,"message":"Schema not found"})"));
  EXPECT_EQ(get("/subjects"), Reply(200, R"(["other-value","t-value"])"));
  EXPECT_EQ(get("/subjects/t-value/versions"), Reply(200, "[1,2]"));
  EXPECT_EQ(get("/subjects/other-value/versions"), Reply(200, "[1]"));
  EXPECT_EQ(
      get("/subjects/t-value/versions/1"),
      Reply(200, "{\"subject\":\"t-value\",\"version\":1,\"id\":1,\"schema\":" + stored + "}"));
  EXPECT_EQ(get("/subjects/t-value/versions/latest"),
            Reply(200, R"({"subject":"t-value","version":2,"id":2,"schema":"\"string\""})"));
  EXPECT_EQ(get("/subjects/t-value/versions/3"),
            Reply(404, R"({"error_code":40402,"message":"Version 3 not found."})"));
  EXPECT_EQ(get("/subjects/nope/versions"),
            Reply(404, R"({"error_code":40401,"message":"Subject 'nope' not found."})"));
  EXPECT_EQ(get("/subjects/nope/versions/latest"),
            Reply(404, R"({"error_code":40401,"message":"Subject 'nope' not found."})"));
  EXPECT_EQ(get("/subjects/t-value/versions/0").first, 422);
  EXPECT_EQ(
      post("/subjects/t-value", body),
      Reply(200, "{\"subject\":\"t-value\",\"version\":1,\"id\":1,\"schema\":" + stored + "}"));
  EXPECT_EQ(post("/subjects/t-value", R"({"schema":"\"int\""})"),
            Reply(404, R"({"error_code":40403,"message":"Schema not found"})"));

  auto invalid = post("/subjects/t-value/versions", R"({"schema":"{\"type\":\"nope\"}"})");
  EXPECT_EQ(invalid.first, 422);
  EXPECT_NE(invalid.second.find(R"("error_code":42201)"), std::string::npos) << invalid.second;
  EXPECT_EQ(
      post("/subjects/t-value/versions", R"({"schema":"\"int\"","schemaType":"PROTOBUF"})").first,
      422);
  auto compat = post("/compatibility/subjects/t-value/versions/latest", body);
  EXPECT_EQ(compat.first, 200);
  EXPECT_NE(compat.second.find(R"("is_compatible":true)"), std::string::npos);
  EXPECT_NE(compat.second.find("does not check compatibility"), std::string::npos);
  EXPECT_EQ(get("/no/such/path"),
            Reply(404, R"({"error_code":404,"message":"HTTP 404 Not Found"})"));

  EXPECT_EQ(process.stop(SIGTERM), 0);
}

using AvroProduce = AvroPipelineTest;

TEST_F(AvroProduce, ReportsBadLinesWithTheirNumberAndProducesTheRest) {
  kafka->create_topic("t");
  auto p = produce("t", kUser,
                   {R"({"firstName":"A","lastName":"B","age":1,"salary":1})",
                    R"({"firstName":"C","lastName":"D","age":"old","salary":1})", "",
                    R"({"firstName":"E","lastName":"F","age":3,"salary":3.5})",
                    R"({"firstName":"G",)", R"({"firstName":"H","lastName":"I","age":5})"});
  EXPECT_EQ(p.exit_code, 1);
  EXPECT_EQ(lines_of(p.output),
            (std::vector<std::string>{
                "ksink produce: line 2: field 'age': expected an int (a JSON integer), found a "
                "string; line skipped",
                "ksink produce: line 5: not valid JSON: the document ends inside an object (at "
                "byte offset 17); line skipped",
                "ksink produce: line 6: field 'salary': missing, and the schema gives it no "
                "default; line skipped",
                "ksink produce: 3 of 5 line(s) skipped, 2 produced to topic 't'"}));
  auto messages = kafka->read_all("t");
  ASSERT_EQ(messages.size(), 2u);
  EXPECT_EQ(messages[0].value,
            wire(1, kUser, R"({"firstName":"A","lastName":"B","age":1,"salary":1})"));
  EXPECT_FALSE(messages[0].key.has_value());
  EXPECT_EQ(registry->store()->versions("t-value"), std::vector<int>{1});
}

TEST_F(AvroProduce, KeysFromAFieldOrFixedAndAChosenPartition) {
  kafka->create_topic("t", 3);
  auto p = produce("t", kUser, {R"({"firstName":"A","lastName":"B","age":7,"salary":1})"},
                   {"--key-field", "age", "--partition", "2"});
  ASSERT_EQ(p.exit_code, 0) << p.output;
  auto p2 = produce("t", "", {R"({"plain": "json", "n": 1})"}, {"--key", "k1", "--partition", "1"});
  ASSERT_EQ(p2.exit_code, 0) << p2.output;
  auto messages = kafka->read_all("t", 3);
  ASSERT_EQ(messages.size(), 2u);
  for (const auto& m : messages) {
    if (m.partition == 2) {
      EXPECT_EQ(m.key, "7");
      EXPECT_EQ(m.value->substr(0, 5), std::string("\0\0\0\0\1", 5));
    } else {
      EXPECT_EQ(m.partition, 1);
      EXPECT_EQ(m.key, "k1");
      EXPECT_EQ(m.value, R"({"plain": "json", "n": 1})");  // produced as written
    }
  }
}

TEST_F(AvroProduce, PlainJsonLinesAreCheckedToBeJson) {
  kafka->create_topic("t");
  auto p = produce("t", "", {R"({"a":1})", "{oops", "[1,2]"});
  EXPECT_EQ(p.exit_code, 1);
  EXPECT_NE(p.output.find("ksink produce: line 2: value is not valid JSON"), std::string::npos)
      << p.output;
  EXPECT_EQ(kafka->read_all("t").size(), 2u);
}

TEST_F(AvroProduce, UsageErrorsExitWithTwo) {
  kafka->create_topic("t");
  auto no_registry = produce("t", "", {"{}"}, {"--value-schema", kUser});
  EXPECT_EQ(no_registry.exit_code, 2);
  EXPECT_NE(no_registry.output.find("--value-schema needs --schema-registry URL"),
            std::string::npos)
      << no_registry.output;
  auto bad_schema =
      produce("t", R"({"type":"record","name":"X","fields":[{"name":"a","type":"Nope"}]})", {"{}"});
  EXPECT_EQ(bad_schema.exit_code, 2);
  EXPECT_NE(bad_schema.output.find("invalid --value-schema: the schema is not a valid Avro schema: "
                                   "Unknown Avro \"type\": Nope"),
            std::string::npos)
      << bad_schema.output;
  EXPECT_EQ(produce("t", "", {"{}"}, {"--nope"}).exit_code, 2);
  EXPECT_EQ(produce("t", "", {"{}"}, {"--partition", "-1"}).exit_code, 2);
  EXPECT_EQ(produce("t", "", {"{}"}, {"--key", "a", "--key-field", "b"}).exit_code, 2);
  EXPECT_TRUE(kafka->read_all("t").empty());
}

TEST_F(AvroProduce, AnUnreachableRegistryFailsWithoutProducing) {
  kafka->create_topic("t");
  const int port = registry->port();
  registry->stop();
  auto p = produce("t", kUser, {R"({"firstName":"A","lastName":"B","age":1,"salary":1})"});
  EXPECT_EQ(p.exit_code, 1);
  EXPECT_NE(p.output.find("ksink produce: cannot register the value schema under subject "
                          "'t-value': no Schema Registry answered (http://127.0.0.1:" +
                          std::to_string(port)),
            std::string::npos)
      << p.output;
  EXPECT_TRUE(kafka->read_all("t").empty());
}

TEST_F(AvroProduce, ThePropertySpellingOfKafkaAvroConsoleProducer) {
  kafka->create_topic("t");
  auto p = produce("t", "", {R"({"firstName":"A","lastName":"B","age":1,"salary":1})"},
                   {"--property", "value.schema=" + kUser, "--property",
                    "schema.registry.url=" + registry->url()});
  ASSERT_EQ(p.exit_code, 0) << p.output;
  EXPECT_EQ(registry->store()->versions("t-value"), std::vector<int>{1});
}

}  // namespace
}  // namespace ksink::test
