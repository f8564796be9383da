// io.confluent.connect.avro.AvroConverter against a stand-in Schema Registry: the wire format,
// schema fetching and caching, what is a record error and what is "retry later", settings, and
// secrets kept out of messages.
#include "convert/avro_converter.h"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <string>

#include "avro_test_registry.h"
#include "convert/avro_json_encoder.h"
#include "convert_test_util.h"
#include "support/process.h"

namespace ksink {
namespace {

using testing::HttpRequest;
using testing::HttpResponse;
using testing::run;
using testing::schema_reply;
using testing::TestRegistry;

constexpr std::string_view kUser =
    R"({"type":"record","name":"User","fields":[{"name":"firstName","type":"string"},)"
    R"({"name":"lastName","type":"string"},{"name":"age","type":"int"},)"
    R"({"name":"salary","type":"double"}]})";

// A record in Confluent's wire format: header for `id`, then the Avro binary of `json`.
std::string wire(int32_t id, std::string_view schema_json, std::string_view json) {
  std::string out;
  write_confluent_header(id, out);
  auto s = avro::parse_avro_schema(schema_json);
  EXPECT_TRUE(s.ok());
  std::string error;
  avro::JsonEncoder enc;
  EXPECT_TRUE(enc.encode(**s, json, out, error)) << error;
  return out;
}

const std::string kJohn = R"({"firstName":"John","lastName":"Smith","age":30,"salary":4830})";

// Knows schema 1 (User); everything else is Confluent's 40403.
HttpResponse user_registry(const HttpRequest& r) {
  if (r.method == "GET" && r.path == "/schemas/ids/1")
    return {200, schema_reply(std::string(kUser))};
  return {404, R"({"error_code":40403,"message":"Schema not found"})"};
}

std::unique_ptr<Converter> avro_converter(const ConfigMap& settings, bool is_key = false) {
  auto c = make_converter("io.confluent.connect.avro.AvroConverter", settings, is_key);
  EXPECT_TRUE(c.ok()) << (c.ok() ? "" : c.error().message);
  return c.ok() ? std::move(*c) : nullptr;
}

TEST(AvroConverter, DecodesTheWireFormatWithTheSchemaFromTheRegistry) {
  TestRegistry registry(user_registry);
  auto c = avro_converter({{"schema.registry.url", registry.url()}});
  auto r = run(*c, wire(1, kUser, kJohn));
  ASSERT_TRUE(r.ok) << r.error.message;
  EXPECT_EQ(r.json(), R"({"firstName":"John","lastName":"Smith","age":30,"salary":4830.0})");
  ASSERT_EQ(registry.requests().size(), 1u);
  EXPECT_EQ(registry.requests()[0].method, "GET");
  EXPECT_EQ(registry.requests()[0].path, "/schemas/ids/1");
}

TEST(AvroConverter, SchemasAreFetchedOncePerIdAndSharedBetweenConverters) {
  TestRegistry registry(user_registry);
  auto a = avro_converter({{"schema.registry.url", registry.url()}});
  auto b = avro_converter({{"schema.registry.url", registry.url() + "/"}}, true);
  for (int i = 0; i < 5; ++i) {
    EXPECT_TRUE(run(*a, wire(1, kUser, kJohn)).ok);
    EXPECT_TRUE(run(*b, wire(1, kUser, kJohn), true).ok);
  }
  EXPECT_EQ(registry.requests().size(), 1u);
}

TEST(AvroConverter, NullIsATombstoneAndNeedsNoRegistry) {
  auto c = avro_converter({{"schema.registry.url", "http://127.0.0.1:1"}});
  auto r = testing::run_null(*c);
  ASSERT_TRUE(r.ok);
  EXPECT_TRUE(r.value.is_null());
}

TEST(AvroConverter, DataNotInTheWireFormatIsARecordError) {
  TestRegistry registry(user_registry);
  auto c = avro_converter({{"schema.registry.url", registry.url()}});
  auto json = run(*c, kJohn);
  ASSERT_FALSE(json.ok);
  EXPECT_FALSE(json.error.retriable);
  EXPECT_EQ(json.error.message,
            "Unknown magic byte 0x7b: the value is not in Confluent's Avro wire format (magic byte "
            "0, 4-byte schema id, Avro binary); was it written with another serializer (for JSON "
            "use org.apache.kafka.connect.json.JsonConverter)?");
  auto short_key = run(*c, std::string("\0\0\1", 3), true);
  ASSERT_FALSE(short_key.ok);
  EXPECT_FALSE(short_key.error.retriable);
  EXPECT_EQ(short_key.error.message,
            "the key is 3 bytes long, shorter than the 5-byte header of Confluent's Avro wire "
            "format (magic byte 0, 4-byte schema id); it was not written by an Avro serializer");
  auto empty = run(*c, "");
  ASSERT_FALSE(empty.ok);
  EXPECT_FALSE(empty.error.retriable);
  EXPECT_TRUE(registry.requests().empty());
}

TEST(AvroConverter, AnUnknownSchemaIdIsARecordError) {
  TestRegistry registry(user_registry);
  auto c = avro_converter({{"schema.registry.url", registry.url()}});
  auto r = run(*c, wire(42, kUser, kJohn));
  ASSERT_FALSE(r.ok);
  EXPECT_FALSE(r.error.retriable);
  EXPECT_EQ(r.error.message, "unknown schema id 42: the Schema Registry has no such schema (" +
                                 registry.url() +
                                 " answered HTTP 404, error code 40403: Schema not found)");
}

TEST(AvroConverter, TruncatedDataIsARecordErrorNamingTheSchemaId) {
  TestRegistry registry(user_registry);
  auto c = avro_converter({{"schema.registry.url", registry.url()}});
  std::string w = wire(1, kUser, kJohn);
  auto r = run(*c, w.substr(0, w.size() - 3));
  ASSERT_FALSE(r.ok);
  EXPECT_FALSE(r.error.retriable);
  EXPECT_EQ(r.error.message,
            "the value does not decode with its schema (id 1): truncated data: the 17 bytes of "
            "Avro data end inside a value of type double (in field salary)");
  EXPECT_EQ(r.error.message.find("John"), std::string::npos);
}

TEST(AvroConverter, AnUnreachableRegistryIsRetriableAndRecovers) {
  int port = test::free_port();
  auto c = avro_converter({{"schema.registry.url", "http://127.0.0.1:" + std::to_string(port)}});
  auto down = run(*c, wire(1, kUser, kJohn));
  ASSERT_FALSE(down.ok);
  EXPECT_TRUE(down.error.retriable);
  EXPECT_NE(down.error.message.find("cannot fetch schema id 1 from the Schema Registry: no Schema "
                                    "Registry answered (http://127.0.0.1:" +
                                    std::to_string(port) + ": "),
            std::string::npos)
      << down.error.message;
  TestRegistry registry(user_registry, port);
  auto up = run(*c, wire(1, kUser, kJohn));
  ASSERT_TRUE(up.ok) << up.error.message;
  EXPECT_EQ(up.json(), R"({"firstName":"John","lastName":"Smith","age":30,"salary":4830.0})");
}

TEST(AvroConverter, ServerErrorsAndForeignNotFoundsAreRetriable) {
  TestRegistry failing([](const HttpRequest&) {
    return HttpResponse{500, R"({"error_code":50001,"message":"Error in the backend data store"})"};
  });
  auto c = avro_converter({{"schema.registry.url", failing.url()}});
  auto r = run(*c, wire(1, kUser, kJohn));
  ASSERT_FALSE(r.ok);
  EXPECT_TRUE(r.error.retriable);
  EXPECT_NE(r.error.message.find("HTTP 500, error code 50001: Error in the backend data store"),
            std::string::npos)
      << r.error.message;
  // A 404 page that is not the registry's own 40403: the URL is wrong, not the record.
  TestRegistry wrong_path([](const HttpRequest&) {
    return HttpResponse{404, "<html>nope</html>"};
  });
  auto w = avro_converter({{"schema.registry.url", wrong_path.url() + "/api"}});
  auto r2 = run(*w, wire(1, kUser, kJohn));
  ASSERT_FALSE(r2.ok);
  EXPECT_TRUE(r2.error.retriable);
  EXPECT_NE(r2.error.message.find("is this the Schema Registry's base URL?"), std::string::npos);
}

TEST(AvroConverter, SeveralUrlsAreTriedInTurn) {
  TestRegistry registry(user_registry);
  int dead = test::free_port();
  auto c = avro_converter({{"schema.registry.url",
                            "http://127.0.0.1:" + std::to_string(dead) + ", " + registry.url()}});
  auto r = run(*c, wire(1, kUser, kJohn));
  ASSERT_TRUE(r.ok) << r.error.message;
}

TEST(AvroConverter, BasicAuthFromUserInfoAndNoSecretInMessages) {
  TestRegistry registry([](const HttpRequest& r) {
    if (r.authorization != "Basic dXNlcjpzM2NyZXQ=")  // user:s3cret
      return HttpResponse{401, R"({"error_code":401,"message":"Unauthorized"})"};
    return user_registry(r);
  });
  auto good = avro_converter({{"schema.registry.url", registry.url()},
                              {"basic.auth.credentials.source", "USER_INFO"},
                              {"basic.auth.user.info", "user:s3cret"}});
  EXPECT_TRUE(run(*good, wire(1, kUser, kJohn)).ok);
  // The newer key name, and USER_INFO implied by giving a user info.
  auto newer = avro_converter({{"schema.registry.url", registry.url()},
                               {"schema.registry.basic.auth.user.info", "user:s3cret"}});
  EXPECT_TRUE(run(*newer, wire(1, kUser, kJohn)).ok);
  auto wrong = avro_converter(
      {{"schema.registry.url", registry.url()}, {"basic.auth.user.info", "user:wr0ng-pw"}});
  auto r = run(*wrong, wire(1, kUser, kJohn));
  ASSERT_FALSE(r.ok);
  EXPECT_TRUE(r.error.retriable);  // the task retries, then fails naming the cause
  EXPECT_NE(r.error.message.find("HTTP 401"), std::string::npos) << r.error.message;
  EXPECT_NE(r.error.message.find("check basic.auth.user.info"), std::string::npos);
  EXPECT_EQ(r.error.message.find("wr0ng-pw"), std::string::npos);
  // Credentials in the URL work, and the URL is shown without them.
  auto in_url = avro_converter({{"schema.registry.url", "http://user:wr0ng-pw@127.0.0.1:" +
                                                            std::to_string(registry.port())}});
  auto r2 = run(*in_url, wire(1, kUser, kJohn));
  ASSERT_FALSE(r2.ok);
  EXPECT_EQ(r2.error.message.find("wr0ng-pw"), std::string::npos) << r2.error.message;
  EXPECT_NE(r2.error.message.find("http://127.0.0.1:"), std::string::npos) << r2.error.message;
}

TEST(AvroConverter, SchemasKsinkCannotUseAreRecordErrors) {
  TestRegistry registry([](const HttpRequest& r) {
    if (r.path == "/schemas/ids/2")
      return HttpResponse{200, R"({"schemaType":"PROTOBUF","schema":"syntax = \"proto3\";"})"};
    if (r.path == "/schemas/ids/3") return HttpResponse{200, R"({"schema":"{\"type\":\"nope\"}"})"};
    if (r.path == "/schemas/ids/4")
      return HttpResponse{
          200, R"({"schema":"\"string\"","references":[{"name":"x","subject":"s","version":1}]})"};
    return HttpResponse{404, R"({"error_code":40403,"message":"Schema not found"})"};
  });
  auto c = avro_converter({{"schema.registry.url", registry.url()}});
  for (int id : {2, 3, 4}) {
    std::string data;
    write_confluent_header(id, data);
    data += "xx";
    for (int attempt = 0; attempt < 2; ++attempt) {
      auto r = run(*c, data);
      ASSERT_FALSE(r.ok);
      EXPECT_FALSE(r.error.retriable) << r.error.message;
      const std::string expected[] = {
          "schema id 2 is a PROTOBUF schema, not Avro: this topic needs the converter of that "
          "format",
          "schema id 3 cannot be used: the schema is not a valid Avro schema: Unknown Avro "
          "\"type\": nope",
          "schema id 4 refers to other schemas (schema references), which ksink does not "
          "support"};
      EXPECT_EQ(r.error.message, expected[id - 2]);
    }
  }
  EXPECT_EQ(registry.requests().size(), 3u);  // each unusable schema is fetched once
}

TEST(AvroConverter, SettingsErrorsNameTheKeyWithItsPrefix) {
  auto missing = make_converter("io.confluent.connect.avro.AvroConverter", {}, false);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message,
            "Missing required configuration \"value.converter.schema.registry.url\" which has no "
            "default value: give the Schema Registry's URL, e.g. http://localhost:8081");
  auto bad_url = make_converter("AvroConverter", {{"schema.registry.url", "localhost:8081"}}, true);
  ASSERT_FALSE(bad_url.ok());
  EXPECT_EQ(bad_url.error().message,
            "Invalid value localhost:8081 for configuration key.converter.schema.registry.url: "
            "expected http:// or https:// URLs separated by commas");
  auto no_info = make_converter(
      "Avro",
      {{"schema.registry.url", "http://h:1"}, {"basic.auth.credentials.source", "USER_INFO"}},
      false);
  ASSERT_FALSE(no_info.ok());
  EXPECT_EQ(no_info.error().message,
            "Configuration value.converter.basic.auth.credentials.source=USER_INFO needs "
            "value.converter.basic.auth.user.info (user:password)");
  auto no_colon = make_converter(
      "Avro", {{"schema.registry.url", "http://h:1"}, {"basic.auth.user.info", "justapassword"}},
      false);
  ASSERT_FALSE(no_colon.ok());
  EXPECT_EQ(no_colon.error().message.find("justapassword"), std::string::npos);
  auto sasl = make_converter(
      "Avro",
      {{"schema.registry.url", "http://h:1"}, {"basic.auth.credentials.source", "SASL_INHERIT"}},
      false);
  ASSERT_FALSE(sasl.ok());
  EXPECT_EQ(sasl.error().message,
            "Invalid value SASL_INHERIT for configuration "
            "value.converter.basic.auth.credentials.source: ksink supports URL and USER_INFO");
  // Confluent's other converter settings are accepted.
  EXPECT_TRUE(make_converter("io.confluent.connect.avro.AvroConverter",
                             {{"schema.registry.url", "http://a:1,http://b:2"},
                              {"auto.register.schemas", "false"},
                              {"enhanced.avro.schema.support", "true"}},
                             false)
                  .ok());
}

}  // namespace
}  // namespace ksink
