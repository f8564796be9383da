#include "convert/json_converter.h"

#include <gtest/gtest.h>

#include <string>

#include "convert_test_util.h"

namespace ksink {
namespace {

using testing::run;
using testing::run_null;

JsonConverter plain() { return JsonConverter(JsonConverterOptions{.schemas_enable = false}); }

// An envelope with the given schema and payload JSON.
std::string envelope(std::string_view schema, std::string_view payload) {
  return std::string(R"({"schema":)") + std::string(schema) + R"(,"payload":)" +
         std::string(payload) + "}";
}

std::string field(std::string_view name, std::string_view type, bool optional = false) {
  return std::string(R"({"field":")") + std::string(name) + R"(","type":")" + std::string(type) +
         R"(","optional":)" + (optional ? "true" : "false") + "}";
}

// ---- schemaless -------------------------------------------------------------------------------

TEST(JsonConverterSchemaless, ObjectKeepsFieldOrderAndTypes) {
  auto c = plain();
  auto r = run(c, R"({"z":1,"a":"x","m":true,"b":null,"f":48.30,"n":-7})");
  ASSERT_TRUE(r.ok) << r.error.message;
  ASSERT_TRUE(r.value.is_object());
  const Object& o = r.value.as_object();
  ASSERT_EQ(o.size(), 6u);
  EXPECT_EQ(o[0].first, "z");
  EXPECT_EQ(o[5].first, "n");
  EXPECT_EQ(o[0].second.kind(), Kind::Int);
  EXPECT_EQ(o[2].second.kind(), Kind::Bool);
  EXPECT_EQ(o[3].second.kind(), Kind::Null);
  EXPECT_EQ(o[4].second.kind(), Kind::Double);
  EXPECT_EQ(r.json(), R"({"z":1,"a":"x","m":true,"b":null,"f":48.3,"n":-7})");
}

TEST(JsonConverterSchemaless, NestedObjectsAndArrays) {
  auto c = plain();
  auto r = run(c, R"( {"a":{"b":[1,[2,{"c":[]}],{}]},"d":[]} )");
  ASSERT_TRUE(r.ok) << r.error.message;
  EXPECT_EQ(r.json(), R"({"a":{"b":[1,[2,{"c":[]}],{}]},"d":[]})");
  ASSERT_NE(r.value.find("a"), nullptr);
  EXPECT_EQ(r.value.find("a")->find("b")->as_array()[0].as_int(), 1);
}

TEST(JsonConverterSchemaless, TopLevelArraysAndScalars) {
  auto c = plain();
  EXPECT_EQ(run(c, "[1,\"two\",3.5]").json(), R"([1,"two",3.5])");
  auto s = run(c, R"("hello")");
  ASSERT_TRUE(s.ok);
  EXPECT_EQ(s.value.as_string(), "hello");
  EXPECT_EQ(run(c, "42").value.as_int(), 42);
  EXPECT_EQ(run(c, "true").value.as_bool(), true);
  auto n = run(c, "null");
  ASSERT_TRUE(n.ok);
  EXPECT_TRUE(n.value.is_null());
  auto d = run(c, "2.0");
  EXPECT_EQ(d.value.kind(), Kind::Double);
  EXPECT_EQ(d.json(), "2.0");
}

TEST(JsonConverterSchemaless, IntegersBeyondInt64BecomeDoubles) {
  auto c = plain();
  auto r = run(c,
               "[9223372036854775807,-9223372036854775808,9223372036854775808,"
               "18446744073709551616,-9223372036854775809,123456789012345678901234567890]");
  ASSERT_TRUE(r.ok) << r.error.message;
  const Array& a = r.value.as_array();
  ASSERT_EQ(a.size(), 6u);
  EXPECT_EQ(a[0].kind(), Kind::Int);
  EXPECT_EQ(a[0].as_int(), INT64_MAX);
  EXPECT_EQ(a[1].kind(), Kind::Int);
  EXPECT_EQ(a[1].as_int(), INT64_MIN);
  for (size_t i = 2; i < a.size(); ++i) EXPECT_EQ(a[i].kind(), Kind::Double) << i;
  EXPECT_DOUBLE_EQ(a[2].as_double(), 9223372036854775808.0);
  EXPECT_DOUBLE_EQ(a[3].as_double(), 18446744073709551616.0);
  EXPECT_DOUBLE_EQ(a[4].as_double(), -9223372036854775809.0);
  EXPECT_DOUBLE_EQ(a[5].as_double(), 1.2345678901234568e29);
}

TEST(JsonConverterSchemaless, BigIntegerInsideStringsIsLeftAlone) {
  auto c = plain();
  auto r = run(c, R"({"s":"123456789012345678901234567890","n":123456789012345678901234567890})");
  ASSERT_TRUE(r.ok) << r.error.message;
  EXPECT_EQ(r.value.find("s")->as_string(), "123456789012345678901234567890");
  EXPECT_EQ(r.value.find("n")->kind(), Kind::Double);
}

TEST(JsonConverterSchemaless, UnicodeEscapesAreDecoded) {
  auto c = plain();
  auto r = run(c, R"({"t":"caf\u00e9 \ud83d\ude00 \"q\" \\ \n","k\u00e9":1})");
  ASSERT_TRUE(r.ok) << r.error.message;
  EXPECT_EQ(r.value.find("t")->as_string(), "caf\xC3\xA9 \xF0\x9F\x98\x80 \"q\" \\ \n");
  EXPECT_NE(r.value.find("k\xC3\xA9"), nullptr);
  EXPECT_EQ(r.json(),
            "{\"t\":\"caf\xC3\xA9 \xF0\x9F\x98\x80 \\\"q\\\" \\\\ \\n\",\"k\xC3\xA9\":1}");
}

TEST(JsonConverterSchemaless, RepeatedKeyKeepsLastValueAtFirstPosition) {
  auto c = plain();
  auto r = run(c, R"({"a":1,"b":2,"a":3})");
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.json(), R"({"a":3,"b":2})");
}

TEST(JsonConverterSchemaless, ManyFieldsInOrder) {
  std::string doc = "{";
  for (int i = 0; i < 40; ++i)
    doc += (i ? ",\"f" : "\"f") + std::to_string(i) + "\":" + std::to_string(i);
  doc += ",\"f7\":700}";
  auto c = plain();
  auto r = run(c, doc);
  ASSERT_TRUE(r.ok);
  ASSERT_EQ(r.value.as_object().size(), 40u);
  EXPECT_EQ(r.value.as_object()[7].second.as_int(), 700);
  EXPECT_EQ(r.value.as_object()[39].first, "f39");
}

TEST(JsonConverterSchemaless, ConverterIsReusableAcrossRecordsOfAnySize) {
  auto c = plain();
  std::string big = "[";
  for (int i = 0; i < 10000; ++i) big += (i ? ",\"" : "\"") + std::string(20, 'x') + "\"";
  big += "]";
  EXPECT_EQ(run(c, R"({"a":1})").json(), R"({"a":1})");
  auto r = run(c, big);
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.value.as_array().size(), 10000u);
  EXPECT_EQ(run(c, R"({"b":2})").json(), R"({"b":2})");
}

TEST(JsonConverterSchemaless, TombstoneAndEmptyAreNull) {
  auto c = plain();
  auto t = run_null(c);
  ASSERT_TRUE(t.ok);
  EXPECT_TRUE(t.value.is_null());
  auto e = run(c, "");
  ASSERT_TRUE(e.ok);
  EXPECT_TRUE(e.value.is_null());
  auto w = run(c, " \n\t");
  ASSERT_TRUE(w.ok);
  EXPECT_TRUE(w.value.is_null());
}

TEST(JsonConverterSchemaless, EnvelopeIsJustDataWhenSchemasAreDisabled) {
  auto c = plain();
  auto r = run(c, envelope(R"({"type":"int32"})", "5"));
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.json(), R"({"schema":{"type":"int32"},"payload":5})");
}

// ---- malformed JSON ---------------------------------------------------------------------------

TEST(JsonConverterErrors, MalformedJsonNamesPositionAndProblemButNotContent) {
  auto c = plain();
  std::string doc = R"({"password":"hunter2secret" "card":"4111111111111111"})";
  auto r = run(c, doc);
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.error.message,
            "value is not valid JSON: expected ',' or '}' after an object field (at byte offset "
            "28 of 54)");
  EXPECT_EQ(r.error.message.find("hunter2"), std::string::npos);
  EXPECT_EQ(r.error.message.find("4111"), std::string::npos);
  EXPECT_EQ(r.error.message.find("password"), std::string::npos);
  EXPECT_FALSE(r.error.retriable);
}

TEST(JsonConverterErrors, MalformedKeySaysKey) {
  auto c = plain();
  ConversionError error;
  Value v;
  std::string doc = "{\"id\":";
  ASSERT_FALSE(c.convert("t", doc.data(), doc.size(), true, v, error));
  EXPECT_EQ(error.message,
            "key is not valid JSON: the document ends where a value should start (at byte "
            "offset 6 of 6)");
}

TEST(JsonConverterErrors, VariousProblems) {
  auto c = plain();
  struct Case {
    std::string doc, message;
  } cases[] = {
      {"{\"a\":tru}", "invalid literal (expected true, false or null) (at byte offset 5 of 9)"},
      {"[1,2", "the document ends inside an array (at byte offset 4 of 4)"},
      {"{\"a\":\"x}", "string is not terminated (at byte offset 5 of 8)"},
      {"{\"a\":01}", "invalid number (leading zeros are not allowed) (at byte offset 5 of 8)"},
      {"{\"a\":1} x", "unexpected content after the JSON value (at byte offset 8 of 9)"},
      {"{a:1}", "expected a field name in double quotes (at byte offset 1 of 5)"},
      {"[\"\xff\"]", "invalid UTF-8 byte sequence in a string (at byte offset 2 of 5)"},
      {"[1e400]", "number is too large for a double (at byte offset 1 of 7)"},
      {"[\"\\ud800\"]",
       "\\u escape is a high surrogate without a low surrogate after it (at byte offset 2 of "
       "10)"},
      {"plain text", "unexpected character where a value should start (at byte offset 0 of 10)"},
  };
  for (const auto& tc : cases) {
    auto r = run(c, tc.doc);
    ASSERT_FALSE(r.ok) << tc.doc;
    EXPECT_EQ(r.error.message, "value is not valid JSON: " + tc.message) << tc.doc;
  }
}

TEST(JsonConverterErrors, RecoversAfterAFailure) {
  auto c = plain();
  EXPECT_FALSE(run(c, "{").ok);
  EXPECT_EQ(run(c, R"({"ok":true})").json(), R"({"ok":true})");
}

// ---- envelope ---------------------------------------------------------------------------------

constexpr std::string_view kEnvelopeMessage =
    "JsonConverter with schemas.enable requires \"schema\" and \"payload\" fields and may not "
    "contain additional fields. If you are trying to deserialize plain JSON data, set "
    "schemas.enable=false in your converter configuration.";

TEST(JsonConverterEnvelope, PlainJsonIsRefusedWithConnectsMessage) {
  JsonConverter c;
  for (std::string_view doc : {R"({"id":1,"name":"x"})", R"({"payload":1})",
                               R"({"schema":null,"payload":1,"extra":2})", "[1,2]", "7", "null"}) {
    auto r = run(c, doc);
    ASSERT_FALSE(r.ok) << doc;
    EXPECT_EQ(r.error.message, kEnvelopeMessage) << doc;
  }
}

TEST(JsonConverterEnvelope, NullSchemaMeansSchemalessPayload) {
  JsonConverter c;
  auto r = run(c, R"({"payload":{"b":1,"a":[2.5]},"schema":null})");
  ASSERT_TRUE(r.ok) << r.error.message;
  EXPECT_EQ(r.json(), R"({"b":1,"a":[2.5]})");
}

TEST(JsonConverterEnvelope, TombstoneAndEmptyAreNull) {
  JsonConverter c;
  EXPECT_TRUE(run_null(c).value.is_null());
  auto e = run(c, "");
  ASSERT_TRUE(e.ok);
  EXPECT_TRUE(e.value.is_null());
}

TEST(JsonConverterEnvelope, EveryPrimitiveType) {
  JsonConverter c;
  std::string schema =
      R"({"type":"struct","name":"all","optional":false,"fields":[)" + field("i8", "int8") + "," +
      field("i16", "int16") + "," + field("i32", "int32") + "," + field("i64", "int64") + "," +
      field("f32", "float") + "," + field("f64", "double") + "," + field("b", "boolean") + "," +
      field("s", "string") + "," + field("raw", "bytes") + "]}";
  auto r = run(c, envelope(schema,
                           R"({"i8":-128,"i16":32767,"i32":-2147483648,"i64":9223372036854775807,
                               "f32":1.5,"f64":4830,"b":false,"s":"h\u00e9","raw":"AAEC/w=="})"));
  ASSERT_TRUE(r.ok) << r.error.message;
  const Object& o = r.value.as_object();
  EXPECT_EQ(o[0].second.as_int(), -128);
  EXPECT_EQ(o[3].second.as_int(), INT64_MAX);
  EXPECT_EQ(o[4].second.kind(), Kind::Double);
  EXPECT_EQ(o[5].second.kind(), Kind::Double);
  EXPECT_EQ(o[8].second.as_bytes().data, std::string("\x00\x01\x02\xff", 4));
  EXPECT_EQ(r.json(),
            "{\"i8\":-128,\"i16\":32767,\"i32\":-2147483648,\"i64\":9223372036854775807,"
            "\"f32\":1.5,\"f64\":4830.0,\"b\":false,\"s\":\"h\xC3\xA9\",\"raw\":\"AAEC/w==\"}");
}

TEST(JsonConverterEnvelope, FloatFieldWrittenAsIntegerPrintsWithDecimalPoint) {
  JsonConverter c;
  auto r = run(c, envelope(R"({"type":"struct","fields":[{"field":"price","type":"double"}]})",
                           R"({"price":4830})"));
  ASSERT_TRUE(r.ok) << r.error.message;
  EXPECT_EQ(r.value.find("price")->kind(), Kind::Double);
  EXPECT_EQ(r.json(), R"({"price":4830.0})");
  auto top = run(c, envelope(R"({"type":"float"})", "4830"));
  ASSERT_TRUE(top.ok);
  EXPECT_EQ(top.json(), "4830.0");
}

TEST(JsonConverterEnvelope, StructFieldsComeInSchemaOrder) {
  JsonConverter c;
  std::string schema = R"({"type":"struct","fields":[)" + field("id", "int32") + "," +
                       field("name", "string") + "," + field("note", "string", true) + "]}";
  auto r = run(c, envelope(schema, R"({"name":"n","extra":[1,{"x":2}],"id":7})"));
  ASSERT_TRUE(r.ok) << r.error.message;
  EXPECT_EQ(r.json(), R"({"id":7,"name":"n","note":null})");
}

TEST(JsonConverterEnvelope, SchemaMayFollowThePayload) {
  JsonConverter c;
  auto r = run(
      c,
      R"({"payload":{"v":1}, "schema":{"type":"struct","fields":[{"field":"v","type":"double"}]}})");
  ASSERT_TRUE(r.ok) << r.error.message;
  EXPECT_EQ(r.json(), R"({"v":1.0})");
}

TEST(JsonConverterEnvelope, NestedStructArrayAndMaps) {
  JsonConverter c;
  std::string schema = R"({"type":"struct","fields":[
      {"field":"order","type":"struct","fields":[
         {"field":"items","type":"array","items":{"type":"struct","fields":[
             {"field":"sku","type":"string"},{"field":"qty","type":"int16"},
             {"field":"price","type":"double"}]}},
         {"field":"tags","type":"map","keys":{"type":"string"},"values":{"type":"float"}},
         {"field":"byid","type":"map","keys":{"type":"int32"},"values":{"type":"string"},
          "optional":true}]}]})";
  auto r = run(c, envelope(schema, R"({"order":{
      "items":[{"sku":"a","qty":2,"price":10},{"price":2.5,"qty":1,"sku":"b"}],
      "tags":{"x":1,"y":2.25},
      "byid":[[1,"one"],[20,"twenty"]]}})"));
  ASSERT_TRUE(r.ok) << r.error.message;
  EXPECT_EQ(
      r.json(),
      R"({"order":{"items":[{"sku":"a","qty":2,"price":10.0},{"sku":"b","qty":1,"price":2.5}],)"
      R"("tags":{"x":1.0,"y":2.25},"byid":{"1":"one","20":"twenty"}}})");
}

TEST(JsonConverterEnvelope, OptionalFieldsAndDefaults) {
  JsonConverter c;
  std::string schema = R"({"type":"struct","fields":[
      {"field":"a","type":"int32","optional":true},
      {"field":"b","type":"string","optional":true,"default":"dflt"},
      {"field":"c","type":"double","optional":false,"default":7},
      {"field":"d","type":"struct","optional":true,"fields":[{"field":"x","type":"int8"}]}]})";
  auto r = run(c, envelope(schema, R"({"a":null,"b":null})"));
  ASSERT_TRUE(r.ok) << r.error.message;
  EXPECT_EQ(r.json(), R"({"a":null,"b":"dflt","c":7.0,"d":null})");

  JsonConverter keep_null(JsonConverterOptions{.replace_null_with_default = false});
  auto k = run(keep_null, envelope(schema, R"({"a":null,"b":null,"c":1})"));
  ASSERT_TRUE(k.ok) << k.error.message;
  EXPECT_EQ(k.json(), R"({"a":null,"b":null,"c":1.0,"d":null})");
}

TEST(JsonConverterEnvelope, OptionalTopLevelNullPayload) {
  JsonConverter c;
  auto r = run(c, envelope(R"({"type":"struct","optional":true,"fields":[]})", "null"));
  ASSERT_TRUE(r.ok) << r.error.message;
  EXPECT_TRUE(r.value.is_null());
  auto req = run(c, envelope(R"({"type":"int64"})", "null"));
  ASSERT_FALSE(req.ok);
  EXPECT_EQ(req.error.message,
            "value: null value for a required int64 field (the schema does not mark it optional)");
}

TEST(JsonConverterEnvelope, MissingRequiredFieldIsNamed) {
  JsonConverter c;
  std::string schema = R"({"type":"struct","fields":[{"field":"order","type":"struct","fields":[)" +
                       field("id", "int64") + "]}]}";
  auto r = run(c, envelope(schema, R"({"order":{}})"));
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.error.message,
            "value at \"order.id\": missing value for a required int64 field (the schema does "
            "not mark it optional)");
}

TEST(JsonConverterEnvelope, TypeMismatchNamesFieldExpectationAndFoundKindOnly) {
  JsonConverter c;
  std::string schema = R"({"type":"struct","fields":[{"field":"items","type":"array","items":)"
                       R"({"type":"struct","fields":[{"field":"price","type":"double"}]}}]})";
  auto r = run(c, envelope(schema, R"({"items":[{"price":1},{"price":"secret-9.99"}]})"));
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.error.message,
            "value at \"items[1].price\": schema type double expects a number, found a string");
  EXPECT_EQ(r.error.message.find("secret"), std::string::npos);
}

TEST(JsonConverterEnvelope, IntegerRangesAndFractions) {
  JsonConverter c;
  auto over = run(c, envelope(R"({"type":"int8"})", "128"));
  ASSERT_FALSE(over.ok);
  EXPECT_EQ(over.error.message,
            "value: the integer is out of the range of schema type int8 (-128 to 127)");
  auto frac = run(c, envelope(R"({"type":"int32"})", "1.5"));
  ASSERT_FALSE(frac.ok);
  EXPECT_EQ(frac.error.message,
            "value: schema type int32 expects an integer, found a number with a fraction");
  auto whole = run(c, envelope(R"({"type":"int32"})", "12.0"));
  ASSERT_TRUE(whole.ok);
  EXPECT_EQ(whole.value.as_int(), 12);
  auto huge = run(c, envelope(R"({"type":"int64"})", "9223372036854775808"));
  ASSERT_FALSE(huge.ok);
  EXPECT_NE(huge.error.message.find("out of the range of schema type int64"), std::string::npos);
}

TEST(JsonConverterEnvelope, BadBase64Bytes) {
  JsonConverter c;
  auto r = run(c, envelope(R"({"type":"bytes"})", R"("not base64!")"));
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.error.message,
            "value: schema type bytes expects base64 text, found a string that is not base64");
}

TEST(JsonConverterEnvelope, MapWithWrongShape) {
  JsonConverter c;
  auto r = run(c, envelope(R"({"type":"map","keys":{"type":"int32"},"values":{"type":"string"}})",
                           R"({"1":"a"})"));
  ASSERT_FALSE(r.ok);
  EXPECT_EQ(r.error.message,
            "value: schema type map expects an array of [key, value] arrays, found an object");
  auto entry =
      run(c, envelope(R"({"type":"map","keys":{"type":"int32"},"values":{"type":"string"}})",
                      R"([[1,"a"],[2]])"));
  ASSERT_FALSE(entry.ok);
  EXPECT_EQ(entry.error.message,
            "value at \"[entry 1]\": a map with non-string keys must be written as [key, value] "
            "arrays");
  auto value =
      run(c, envelope(R"({"type":"map","keys":{"type":"string"},"values":{"type":"int32"}})",
                      R"({"secretkey":"x"})"));
  ASSERT_FALSE(value.ok);
  EXPECT_EQ(value.error.message,
            "value at \"[entry 0]\": schema type int32 expects an integer, found a string");
}

TEST(JsonConverterEnvelope, InvalidSchemas) {
  JsonConverter c;
  struct Case {
    std::string schema, message;
  } cases[] = {
      {R"({"optional":true})", "value schema is invalid: a schema must contain a \"type\" string"},
      {R"({"type":"int128"})",
       "value schema is invalid: unknown schema type \"int128\" (Connect's types: boolean, int8, "
       "int16, int32, int64, float, double, bytes, string, array, map, struct)"},
      {R"({"type":"struct"})",
       "value schema is invalid: a struct schema's \"fields\" must be an array"},
      {R"({"type":"struct","fields":[{"field":"a","type":"array"}]})",
       "value schema is invalid at \"a\": an array schema must give its element schema in "
       "\"items\""},
      {R"({"type":"struct","fields":[{"type":"int8"}]})",
       "value schema is invalid: every struct field needs a \"field\" name"},
      {R"({"type":"bytes","name":"org.apache.kafka.connect.data.Decimal"})",
       "value schema is invalid: a Decimal schema needs parameters.scale"},
      {R"({"type":"struct","fields":[{"field":"n","type":"int8","default":"x"}]})",
       "value schema is invalid at \"n\": its default value does not match it: schema type int8 "
       "expects an integer, found a string"},
  };
  for (const auto& tc : cases) {
    auto r = run(c, envelope(tc.schema, "null"));
    ASSERT_FALSE(r.ok) << tc.schema;
    EXPECT_EQ(r.error.message, tc.message) << tc.schema;
  }
}

TEST(JsonConverterEnvelope, SchemaCacheServesRepeatedAndChangingSchemas) {
  JsonConverter c(JsonConverterOptions{.schemas_cache_size = 2});
  std::string s1 = R"({"type":"struct","fields":[{"field":"v","type":"double"}]})";
  std::string s2 = R"({"type":"struct","fields":[{"field":"v","type":"int64"}]})";
  std::string s3 = R"({"type":"struct","fields":[{"field":"v","type":"string"}]})";
  for (int round = 0; round < 3; ++round) {
    EXPECT_EQ(run(c, envelope(s1, R"({"v":1})")).json(), R"({"v":1.0})");
    EXPECT_EQ(run(c, envelope(s2, R"({"v":1})")).json(), R"({"v":1})");
    EXPECT_EQ(run(c, envelope(s3, R"({"v":"1"})")).json(), R"({"v":"1"})");
  }
  JsonConverter uncached(JsonConverterOptions{.schemas_cache_size = 0});
  EXPECT_EQ(run(uncached, envelope(s1, R"({"v":2})")).json(), R"({"v":2.0})");
  EXPECT_EQ(run(uncached, envelope(s2, R"({"v":2})")).json(), R"({"v":2})");
}

// ---- logical types ----------------------------------------------------------------------------

std::string decimal_schema(int scale) {
  return R"({"type":"bytes","name":"org.apache.kafka.connect.data.Decimal","version":1,)"
         R"("parameters":{"scale":")" +
         std::to_string(scale) + R"("}})";
}

std::string decimal_of(JsonConverter& c, int scale, std::string_view payload) {
  auto r = run(c, envelope(decimal_schema(scale), payload));
  EXPECT_TRUE(r.ok) << r.error.message;
  if (!r.ok) return "<error>";
  EXPECT_EQ(r.value.kind(), Kind::Decimal);
  return r.json();
}

TEST(JsonConverterDecimal, Base64PositiveNegativeAndScales) {
  JsonConverter c;
  // 1234 = 0x04D2 -> "BNI="
  EXPECT_EQ(decimal_of(c, 2, R"("BNI=")"), "12.34");
  EXPECT_EQ(decimal_of(c, 0, R"("BNI=")"), "1234");
  EXPECT_EQ(decimal_of(c, 3, R"("BNI=")"), "1.234");
  EXPECT_EQ(decimal_of(c, 5, R"("BNI=")"), "0.01234");
  // -1234 = 0xFB2E -> "+y4="
  EXPECT_EQ(decimal_of(c, 2, R"("+y4=")"), "-12.34");
  EXPECT_EQ(decimal_of(c, 0, R"("+y4=")"), "-1234");
  // 0 -> "AA=="
  EXPECT_EQ(decimal_of(c, 2, R"("AA==")"), "0.00");
  // -1 = 0xFF -> "/w=="
  EXPECT_EQ(decimal_of(c, 1, R"("/w==")"), "-0.1");
}

TEST(JsonConverterDecimal, MoreThanEightBytes) {
  JsonConverter c;
  // 10^20 = 0x056BC75E2D63100000 (9 bytes) -> "BWvHXi1jEAAA"
  EXPECT_EQ(decimal_of(c, 2, R"("BWvHXi1jEAAA")"), "1000000000000000000.00");
  // -(10^20) = 0xFA9438A1D29CF00000 -> "+pQ4odKc8AAA"
  EXPECT_EQ(decimal_of(c, 0, R"("+pQ4odKc8AAA")"), "-100000000000000000000");
  // 2^127 - 1 (16 bytes): 7FFF...FF
  EXPECT_EQ(decimal_of(c, 10, R"("f////////////////////w==")"),
            "17014118346046923173168730371.5884105727");
  // -2^127 (16 bytes): 8000...00
  EXPECT_EQ(decimal_of(c, 0, R"("gAAAAAAAAAAAAAAAAAAAAA==")"),
            "-170141183460469231731687303715884105728");
}

TEST(JsonConverterDecimal, NumericPayloadKeepsItsDigits) {
  JsonConverter c;
  EXPECT_EQ(decimal_of(c, 3, "12.340"), "12.340");
  EXPECT_EQ(decimal_of(c, 2, "12.3"), "12.30");
  EXPECT_EQ(decimal_of(c, 2, "1234"), "1234.00");
  EXPECT_EQ(decimal_of(c, 0, "-5"), "-5");
  EXPECT_EQ(decimal_of(c, 2, "1.5e2"), "150.00");
  EXPECT_EQ(decimal_of(c, 20, "0.12345678901234567890123"), "0.12345678901234567890123");
  EXPECT_EQ(decimal_of(c, 0, "123456789012345678901234567890"), "123456789012345678901234567890");
}

TEST(JsonConverterDecimal, NumericPayloadInsideStructArrayAndMap) {
  JsonConverter c;
  std::string schema =
      R"({"type":"struct","fields":[{"field":"a/b","type":"array","items":)" + decimal_schema(4) +
      R"(},{"field":"m","type":"map","keys":{"type":"int8"},"values":)" + decimal_schema(2) + "}]}";
  auto r = run(c, envelope(schema, R"({"a/b":[1.10000, 2.5], "m":[[1, 99999999999999999.99]]})"));
  ASSERT_TRUE(r.ok) << r.error.message;
  EXPECT_EQ(r.json(), R"({"a/b":[1.10000,2.5000],"m":{"1":99999999999999999.99}})");
}

TEST(JsonConverterDecimal, Errors) {
  JsonConverter c;
  auto bad = run(c, envelope(decimal_schema(2), R"("12.34")"));
  ASSERT_FALSE(bad.ok);
  EXPECT_EQ(bad.error.message,
            "value: a Decimal expects base64 text (the unscaled integer, two's complement, "
            "big-endian) or a number, found a string that is not base64");
  auto empty = run(c, envelope(decimal_schema(2), R"("")"));
  ASSERT_FALSE(empty.ok);
  EXPECT_EQ(empty.error.message, "value: a Decimal's base64 text holds no bytes");
  auto wrong = run(c, envelope(decimal_schema(2), "true"));
  ASSERT_FALSE(wrong.ok);
  EXPECT_EQ(wrong.error.message,
            "value: schema type bytes (Decimal) expects base64 text or a number, found a boolean");
}

TEST(JsonConverterLogical, TimestampDateAndTimeStayIntegers) {
  JsonConverter c;
  std::string schema = R"({"type":"struct","fields":[
      {"field":"ts","type":"int64","name":"org.apache.kafka.connect.data.Timestamp","version":1},
      {"field":"day","type":"int32","name":"org.apache.kafka.connect.data.Date","version":1},
      {"field":"tod","type":"int32","name":"org.apache.kafka.connect.data.Time","version":1}]})";
  auto r = run(c, envelope(schema, R"({"ts":1700000000123,"day":19675,"tod":3600000})"));
  ASSERT_TRUE(r.ok) << r.error.message;
  EXPECT_EQ(r.value.find("ts")->kind(), Kind::Int);
  EXPECT_EQ(r.value.find("ts")->as_int(), 1700000000123);
  EXPECT_EQ(r.json(), R"({"ts":1700000000123,"day":19675,"tod":3600000})");
}

// ---- options ----------------------------------------------------------------------------------

TEST(JsonConverterOptions, ParsesConnectSettings) {
  auto o = parse_json_converter_options({{"schemas.enable", " FALSE "},
                                         {"schemas.cache.size", "5"},
                                         {"decimal.format", "numeric"},
                                         {"replace.null.with.default", "false"},
                                         {"schema.registry.url", "ignored"}},
                                        false);
  ASSERT_TRUE(o.ok()) << o.error().message;
  EXPECT_FALSE(o->schemas_enable);
  EXPECT_EQ(o->schemas_cache_size, 5u);
  EXPECT_FALSE(o->replace_null_with_default);
  auto d = parse_json_converter_options({}, true);
  ASSERT_TRUE(d.ok());
  EXPECT_TRUE(d->schemas_enable);
}

TEST(JsonConverterOptions, BadValuesNameThePrefixedKey) {
  auto b = parse_json_converter_options({{"schemas.enable", "yes"}}, false);
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.error().message,
            "Invalid value yes for configuration value.converter.schemas.enable: Expected value "
            "to be either true or false");
  auto n = parse_json_converter_options({{"schemas.cache.size", "-1"}}, true);
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.error().message.rfind(
                "Invalid value -1 for configuration key.converter.schemas.cache.size", 0),
            0u);
  auto f = parse_json_converter_options({{"decimal.format", "text"}}, false);
  ASSERT_FALSE(f.ok());
}

}  // namespace
}  // namespace ksink
