// Avro schemas (Avro C plus logical types) and the binary decoder, from hand-written bytes, so a
// mistake shared by our encoder and decoder cannot hide here.
#include "convert/avro_decoder.h"

#include <gtest/gtest.h>

#include <string>

#include "convert/avro_json_encoder.h"
#include "convert/avro_schema.h"
#include "convert_test_util.h"

namespace ksink::avro {
namespace {

using ksink::testing::json_of;

std::string zz(int64_t v) {
  std::string out;
  write_long(v, out);
  return out;
}
std::string str(std::string_view s) { return zz(static_cast<int64_t>(s.size())) + std::string(s); }
std::string hex(std::string_view h) {
  std::string out;
  for (size_t i = 0; i + 1 < h.size(); i += 2)
    out.push_back(static_cast<char>(std::stoi(std::string(h.substr(i, 2)), nullptr, 16)));
  return out;
}

std::shared_ptr<const Schema> schema(std::string_view json) {
  auto s = parse_avro_schema(json);
  EXPECT_TRUE(s.ok()) << json << ": " << (s.ok() ? "" : s.error().message);
  return s.ok() ? *s : nullptr;
}

// The decoded datum as the sinks' JSON shows it, or "ERROR: <message>".
std::string decoded(std::string_view schema_json, const std::string& bytes) {
  auto s = schema(schema_json);
  if (!s) return "no schema";
  Value v;
  std::string error;
  if (!decode(*s, bytes, v, error)) return "ERROR: " + error;
  return json_of(v);
}

constexpr std::string_view kUser =
    R"({"type":"record","name":"User","fields":[{"name":"firstName","type":"string"},)"
    R"({"name":"lastName","type":"string"},{"name":"age","type":"int"},)"
    R"({"name":"salary","type":"double"}]})";

std::string user_bytes() { return str("John") + str("Smith") + zz(30) + hex("0000000000deb240"); }

TEST(AvroDecoder, TheSeedUserRecordKeepsFieldOrderAndTypes) {
  EXPECT_EQ(decoded(kUser, user_bytes()),
            R"({"firstName":"John","lastName":"Smith","age":30,"salary":4830.0})");
}

TEST(AvroDecoder, Primitives) {
  EXPECT_EQ(decoded(R"("null")", ""), "null");
  EXPECT_EQ(decoded(R"("boolean")", "\1"), "true");
  EXPECT_EQ(decoded(R"("boolean")", std::string(1, '\0')), "false");
  EXPECT_EQ(decoded(R"("int")", zz(-2147483648LL)), "-2147483648");
  EXPECT_EQ(decoded(R"("long")", zz(INT64_MIN)), "-9223372036854775808");
  EXPECT_EQ(decoded(R"("long")", zz(INT64_MAX)), "9223372036854775807");
  // A float reads as the double with its shortest text: 0.1, not 0.10000000149011612.
  EXPECT_EQ(decoded(R"("float")", hex("cdcccc3d")), "0.1");
  EXPECT_EQ(decoded(R"("double")", hex("cdcccccccc6c4840")), "48.85");
  EXPECT_EQ(decoded(R"({"type":"double"})", hex("0000000000deb240")), "4830.0");
  EXPECT_EQ(decoded(R"("bytes")", str(std::string("\0\xff"
                                                  "A",
                                                  3))),
            R"("AP9B")");
  EXPECT_EQ(decoded(R"("string")", str("h\xc3\xa9")), "\"h\xc3\xa9\"");
}

TEST(AvroDecoder, ComplexTypes) {
  EXPECT_EQ(decoded(R"({"type":"enum","name":"Color","symbols":["RED","GREEN"]})", zz(1)),
            R"("GREEN")");
  EXPECT_EQ(decoded(R"({"type":"fixed","name":"H","size":3})", "abc"), R"("YWJj")");
  // Two blocks, the second with a negative count followed by its byte size.
  EXPECT_EQ(decoded(R"({"type":"array","items":"int"})",
                    zz(2) + zz(1) + zz(2) + zz(-1) + zz(1) + zz(3) + zz(0)),
            "[1,2,3]");
  EXPECT_EQ(decoded(R"({"type":"array","items":"int"})", zz(0)), "[]");
  EXPECT_EQ(decoded(R"({"type":"map","values":"long"})",
                    zz(2) + str("b") + zz(1) + str("a") + zz(2) + zz(0)),
            R"({"b":1,"a":2})");
  EXPECT_EQ(decoded(R"(["null","string"])", zz(0)), "null");
  EXPECT_EQ(decoded(R"(["null","string"])", zz(1) + str("x")), R"("x")");
  EXPECT_EQ(decoded(R"({"type":"record","name":"Outer","namespace":"a.b","fields":[)"
                    R"({"name":"in","type":{"type":"record","name":"Inner","fields":[)"
                    R"({"name":"v","type":"int"}]}},{"name":"again","type":"Inner"},)"
                    R"({"name":"full","type":"a.b.Inner"}]})",
                    zz(1) + zz(2) + zz(3)),
            R"({"in":{"v":1},"again":{"v":2},"full":{"v":3}})");
}

TEST(AvroDecoder, RecursiveRecords) {
  constexpr std::string_view kList =
      R"({"type":"record","name":"Node","fields":[{"name":"v","type":"int"},)"
      R"({"name":"next","type":["null","Node"]}]})";
  EXPECT_EQ(decoded(kList, zz(1) + zz(1) + zz(2) + zz(1) + zz(3) + zz(0)),
            R"({"v":1,"next":{"v":2,"next":{"v":3,"next":null}}})");
  std::string deep;
  for (int i = 0; i < 600; ++i) deep += zz(0) + zz(1);
  std::string r = decoded(kList, deep + zz(0) + zz(0));
  EXPECT_NE(r.find("nests deeper than 500 levels"), std::string::npos) << r;
  EXPECT_LT(r.size(), 300u) << r;
}

TEST(AvroDecoder, LogicalTypes) {
  constexpr std::string_view kDecimal =
      R"({"type":"bytes","logicalType":"decimal","precision":10,"scale":2})";
  EXPECT_EQ(decoded(kDecimal, str(hex("04d2"))), "12.34");
  EXPECT_EQ(decoded(kDecimal, str(hex("fb2e"))), "-12.34");
  EXPECT_EQ(decoded(kDecimal, str(hex("00"))), "0.00");
  EXPECT_EQ(decoded(R"({"type":"fixed","name":"Amount","size":8,"logicalType":"decimal",)"
                    R"("precision":18,"scale":4})",
                    hex("ffffffffffffc568")),
            "-1.5000");
  EXPECT_EQ(decoded(R"({"type":"bytes","logicalType":"decimal","precision":3})", str(hex("7b"))),
            "123");
  EXPECT_EQ(decoded(R"({"type":"int","logicalType":"date"})", zz(19000)), "19000");
  EXPECT_EQ(decoded(R"({"type":"int","logicalType":"time-millis"})", zz(3600000)), "3600000");
  EXPECT_EQ(decoded(R"({"type":"long","logicalType":"time-micros"})", zz(3600000123)),
            "3600000123");
  EXPECT_EQ(decoded(R"({"type":"long","logicalType":"timestamp-millis"})", zz(1700000000123)),
            "1700000000123");
  // Microsecond timestamps become epoch milliseconds, rounded toward the earlier instant.
  constexpr std::string_view kMicros = R"({"type":"long","logicalType":"timestamp-micros"})";
  EXPECT_EQ(decoded(kMicros, zz(1700000000123456)), "1700000000123");
  EXPECT_EQ(decoded(kMicros, zz(999)), "0");
  EXPECT_EQ(decoded(kMicros, zz(-1)), "-1");
  EXPECT_EQ(decoded(kMicros, zz(-1000)), "-1");
  EXPECT_EQ(decoded(kMicros, zz(-1001)), "-2");
  EXPECT_EQ(decoded(R"({"type":"string","logicalType":"uuid"})",
                    str("123e4567-e89b-12d3-a456-426614174000")),
            R"("123e4567-e89b-12d3-a456-426614174000")");
}

TEST(AvroDecoder, DecimalsAreTypedValues) {
  auto s = schema(R"({"type":"bytes","logicalType":"decimal","precision":10,"scale":2})");
  Value v;
  std::string error;
  ASSERT_TRUE(decode(*s, str(hex("04d2")), v, error)) << error;
  ASSERT_EQ(v.kind(), Kind::Decimal);
  EXPECT_EQ(v.as_decimal().text, "12.34");
  auto d = schema(R"("double")");
  ASSERT_TRUE(decode(*d, hex("0000000000deb240"), v, error));
  EXPECT_EQ(v.kind(), Kind::Double);
}

TEST(AvroDecoder, LogicalTypesOnTheWrongTypeAreIgnoredAsInJava) {
  EXPECT_EQ(decoded(R"({"type":"bytes","logicalType":"decimal"})", str("ab")), R"("YWI=")");
  EXPECT_EQ(
      decoded(R"({"type":"bytes","logicalType":"decimal","precision":2,"scale":3})", str("ab")),
      R"("YWI=")");
  EXPECT_EQ(decoded(R"({"type":"fixed","name":"F","size":1,"logicalType":"decimal",)"
                    R"("precision":5})",
                    "a"),
            R"("YQ==")");
  EXPECT_EQ(decoded(R"({"type":"string","logicalType":"date"})", str("x")), R"("x")");
  EXPECT_EQ(decoded(R"({"type":"int","logicalType":"timestamp-micros"})", zz(1500)), "1500");
  EXPECT_EQ(decoded(R"({"type":"long","logicalType":"no-such-type"})", zz(7)), "7");
}

TEST(AvroDecoder, TruncatedDataIsAnErrorAtEveryLength) {
  std::string full = user_bytes();
  for (size_t n = 0; n < full.size(); ++n) {
    std::string r = decoded(kUser, full.substr(0, n));
    EXPECT_EQ(r.rfind("ERROR: truncated data", 0), 0u) << n << ": " << r;
  }
  EXPECT_EQ(decoded(kUser, full.substr(0, 11)),
            "ERROR: truncated data: the 11 bytes of Avro data end inside a value of type int (in "
            "field age)");
}

TEST(AvroDecoder, BytesAfterTheDatumAreIgnoredAsConfluentDoes) {
  EXPECT_EQ(decoded(R"("int")", zz(5) + "trailing"), "5");
}

TEST(AvroDecoder, CorruptDataIsAnErrorNamingTheField) {
  EXPECT_EQ(decoded(R"({"type":"record","name":"R","fields":[{"name":"c","type":)"
                    R"({"type":"enum","name":"E","symbols":["A","B"]}}]})",
                    zz(2)),
            "ERROR: invalid enum index 2 for enum E, which has 2 symbols at byte 0 of the Avro "
            "data (in field c)");
  EXPECT_EQ(decoded(R"({"type":"record","name":"R","fields":[{"name":"u","type":)"
                    R"(["null","int"]}]})",
                    zz(5)),
            "ERROR: invalid union branch 5 (the union has 2 branches) at byte 0 of the Avro data "
            "(in field u)");
  EXPECT_EQ(decoded(R"("string")", zz(-3)), "ERROR: invalid length -3 at byte 0 of the Avro data");
  EXPECT_EQ(decoded(R"("long")", std::string(11, '\xff')),
            "ERROR: invalid varint: longer than 64 bits at byte 0 of the Avro data");
  EXPECT_EQ(decoded(R"("int")", zz(int64_t{1} << 40)).rfind("ERROR: invalid int", 0), 0u);
  EXPECT_EQ(decoded(R"("boolean")", "\2").rfind("ERROR: invalid boolean", 0), 0u);
  EXPECT_EQ(decoded(R"({"type":"bytes","logicalType":"decimal","precision":4,"scale":1})", str("")),
            "ERROR: invalid decimal: no bytes for the unscaled value");
  EXPECT_EQ(decoded(R"({"type":"record","name":"R","fields":[{"name":"xs","type":)"
                    R"({"type":"array","items":"string"}}]})",
                    zz(2) + str("a") + zz(-1)),
            "ERROR: invalid length -1 at byte 3 of the Avro data (in field xs[1])");
}

TEST(AvroDecoder, HostileCountsNeitherAllocateNorSpin) {
  // 2^40 nulls take no bytes at all; a million longs cannot fit in one byte.
  EXPECT_EQ(decoded(R"({"type":"array","items":"null"})", zz(int64_t{1} << 40) + zz(0))
                .rfind("ERROR: more than 10000000 items in one array", 0),
            0u);
  EXPECT_EQ(
      decoded(R"({"type":"array","items":"long"})", zz(1000000)).rfind("ERROR: truncated data", 0),
      0u);
  EXPECT_EQ(decoded(R"({"type":"map","values":"long"})", zz(int64_t{1} << 50))
                .rfind("ERROR: more than 10000000 items in one map", 0),
            0u);
}

TEST(AvroSchema, InvalidSchemasSayWhy) {
  auto bad =
      parse_avro_schema(R"({"type":"record","name":"X","fields":[{"name":"a","type":"Nope"}]})");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message,
            "the schema is not a valid Avro schema: Unknown Avro \"type\": Nope");
  auto not_json = parse_avro_schema("{nope");
  ASSERT_FALSE(not_json.ok());
  EXPECT_EQ(not_json.error().message.rfind("the schema is not valid JSON", 0), 0u);
}

TEST(AvroSchema, CarriesNamesDefaultsAndLogicalTypes) {
  auto s = schema(R"({"type":"record","name":"User","namespace":"com.acme","fields":[)"
                  R"({"name":"a","type":"int","default":7},{"name":"b","type":["null","string"],)"
                  R"("default":null},{"name":"c","type":{"type":"long",)"
                  R"("logicalType":"timestamp-millis"}}]})");
  ASSERT_TRUE(s);
  const Node& r = s->root();
  EXPECT_EQ(r.type, Type::Record);
  EXPECT_EQ(r.name, "com.acme.User");
  EXPECT_EQ(r.names, (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(r.defaults[0], "7");
  EXPECT_EQ(r.defaults[1], "null");
  EXPECT_FALSE(r.defaults[2].has_value());
  EXPECT_EQ(r.children[2]->logical, Logical::TimestampMillis);
  EXPECT_EQ(describe(*r.children[2]), "timestamp-millis long");
  EXPECT_EQ(branch_name(r), "com.acme.User");
}

}  // namespace
}  // namespace ksink::avro
