// Cast$Key / $Value, after Kafka's
// connect/transforms/src/test/java/org/apache/kafka/connect/transforms/CastTest.java (its
// schemaless cases, and the schema cases whose values are ksink kinds), with the narrowing and
// printing Java defines for the casts Cast.java makes ((byte) 300 is 44, Double.toString(1e7) is
// "1.0E7", Byte.parseByte("300") fails).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "unit/transforms/harness.h"

namespace ksink::transforms::testing {
namespace {

using ::testing::ElementsAre;
using V = TransformChain::Verdict;

const std::string kKey = "org.apache.kafka.connect.transforms.Cast$Key";
const std::string kValue = "org.apache.kafka.connect.transforms.Cast$Value";

Applied cast_value(const std::string& spec, Value value) {
  auto chain = build_chain(one_transform(kValue, {{"spec", spec}}));
  EXPECT_TRUE(chain) << spec;
  if (!chain) return {};
  return apply(*chain, record(Value("key"), std::move(value)));
}

struct Case {
  const char* spec;
  Value in;
  Value out;
};

TEST(Cast, WholeValue) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const Case cases[] = {
      // castWholeRecordValueSchemaless*
      {"int8", Value(42), Value(42)},
      {"int16", Value(42), Value(42)},
      {"int32", Value(42), Value(42)},
      {"int64", Value(42), Value(42)},
      {"float32", Value(42), Value(42.0)},
      {"float64", Value(42), Value(42.0)},
      {"boolean", Value(42), Value(true)},
      {"boolean", Value(0), Value(false)},
      {"string", Value(42), Value("42")},
      // castWholeRecordDefaultValue's value: a float to int32 drops the fraction.
      {"int32", Value(42.125), Value(42)},
      {"INT8", Value(42), Value(42)},  // types in any case
      // Java's integer narrowing.
      {"int8", Value(300), Value(44)},
      {"int8", Value(-129), Value(127)},
      {"int16", Value(70000), Value(4464)},
      {"int32", Value(int64_t{1} << 40 | 5), Value(5)},
      {"int32", Value(1e10), Value(2147483647)},
      {"int8", Value(1e10), Value(-1)},  // (byte)(int) 1e10
      {"int64", Value(1e19), Value(std::numeric_limits<int64_t>::max())},
      {"int64", Value(nan), Value(0)},
      {"int32", Value(-2.9), Value(-2)},
      {"int8", Value(true), Value(1)},
      {"int64", Value(false), Value(0)},
      // Strings parse as Byte/Short/Integer/Long.parseX.
      {"int8", Value("-128"), Value(-128)},
      {"int16", Value("+32767"), Value(32767)},
      {"int64", Value("-9223372036854775808"), Value(std::numeric_limits<int64_t>::min())},
      // Floats: a float32 is carried with the float's own digits.
      {"float32", Value(32.1), Value(32.1)},
      {"float32", Value("0.1"), Value(0.1)},
      {"float32", Value(16777217), Value(16777216.0)},
      {"float64", Value("1e3"), Value(1000.0)},
      {"float64", Value(" 2.5d "), Value(2.5)},
      {"float64", Value("0x1p3"), Value(8.0)},
      {"float64", Value(true), Value(1.0)},
      // Booleans: a number's long value, Boolean.parseBoolean.
      {"boolean", Value(0.5), Value(false)},
      {"boolean", Value(-1.5), Value(true)},
      {"boolean", Value("TRUE"), Value(true)},
      {"boolean", Value("yes"), Value(false)},
      // Strings as Java prints them.
      {"string", Value(1.0), Value("1.0")},
      {"string", Value(123.456), Value("123.456")},
      {"string", Value(1e7), Value("1.0E7")},
      {"string", Value(9999999.0), Value("9999999.0")},
      {"string", Value(0.001), Value("0.001")},
      {"string", Value(0.0001), Value("1.0E-4")},
      {"string", Value(-1.25e-10), Value("-1.25E-10")},
      {"string", Value(-0.0), Value("-0.0")},
      {"string", Value(nan), Value("NaN")},
      {"string", Value(-INFINITY), Value("-Infinity")},
      {"string", Value(true), Value("true")},
      {"string", Value(Bytes{"\x01\x02\x03"}), Value("AQID")},
      {"string", Value("same"), Value("same")},
      // Decimals are read as Connect's BigDecimal.
      {"string", Value(Decimal{"12.50"}), Value("12.50")},
      {"string", Value(Decimal{"0.00000001"}), Value("1E-8")},
      {"int32", Value(Decimal{"-12.7"}), Value(-12)},
      {"int8", Value(Decimal{"300"}), Value(44)},
      {"int64", Value(Decimal{"18446744073709551617"}), Value(1)},  // low 64 bits
      {"float64", Value(Decimal{"0.1"}), Value(0.1)},
      {"boolean", Value(Decimal{"0.5"}), Value(false)},
  };
  for (const auto& c : cases) {
    auto a = cast_value(c.spec, c.in);
    ASSERT_EQ(a.verdict, V::Keep) << c.spec << " " << to_text(c.in) << ": " << a.error;
    EXPECT_EQ(a.record.value, c.out)
        << c.spec << " of " << to_text(c.in) << " gave " << to_text(a.record.value);
    EXPECT_EQ(a.record.key, Value("key"));
  }
}

TEST(Cast, WholeKey) {
  // castWholeRecordKeySchemaless
  auto chain = build_chain(one_transform(kKey, {{"spec", "int8"}}));
  auto a = apply(*chain, record(Value(42), Value("bogus")));
  EXPECT_EQ(a.record.key, Value(42));
  EXPECT_EQ(a.record.value, Value("bogus"));
}

TEST(Cast, RecordFaults) {
  const std::tuple<const char*, Value, const char*> cases[] = {
      // castWholeRecordValueSchemalessUnsupportedType
      {"int8", Value(Array{"foo"}),
       "Cast transformation does not support casting from ARRAY; supported types are [INT8, "
       "INT16, INT32, INT64, FLOAT32, FLOAT64, BOOLEAN, STRING, BYTES]"},
      {"f:string", Object{{"f", Object{}}},
       "Cast transformation does not support casting from MAP; supported types are [INT8, "
       "INT16, INT32, INT64, FLOAT32, FLOAT64, BOOLEAN, STRING, BYTES]"},
      {"int8", Value(Bytes{"x"}), "Unexpected type in Cast transformation: class [B"},
      {"boolean", Value(Bytes{"x"}), "Unexpected type in Cast transformation: class [B"},
      {"int8", Value("300"), "Value was out of range for requested data type"},
      {"int32", Value("abc"), "Value was out of range for requested data type"},
      {"int32", Value(" 1"), "Value was out of range for requested data type"},
      {"float64", Value("inf"), "Value was out of range for requested data type"},
      {"a:int8", Value(1),
       "Only Map objects supported in absence of schema for [cast types], found: "
       "java.lang.Long"},
  };
  for (const auto& [spec, in, message] : cases) {
    auto a = cast_value(spec, in);
    EXPECT_EQ(a.verdict, V::Fail) << spec;
    EXPECT_EQ(a.error, message) << spec;
  }
}

TEST(Cast, FieldsSchemaless) {
  // castFieldsSchemaless
  auto a = cast_value(
      "int8:int16,int16:int32,int32:int64,int64:boolean,float32:float64,float64:boolean,"
      "boolean:int8,string:int32,optional:int32",
      Object{{"int8", 8},
             {"int16", 16},
             {"int32", 32},
             {"int64", 64},
             {"float32", 32.0},
             {"float64", -64.0},
             {"boolean", true},
             {"string", "42"},
             {"other", "untouched"}});
  EXPECT_EQ(a.verdict, V::Keep) << a.error;
  // A field the spec names and the value lacks is put as null, as Kafka's HashMap gets it.
  EXPECT_EQ(a.record.value, Value(Object{{"int8", 8},
                                         {"int16", 16},
                                         {"int32", 32},
                                         {"int64", true},
                                         {"float32", 32.0},
                                         {"float64", true},
                                         {"boolean", 1},
                                         {"string", 42},
                                         {"other", "untouched"},
                                         {"optional", nullptr}}));
}

TEST(Cast, NullsPass) {
  EXPECT_TRUE(cast_value("int8", Value()).record.value.is_null());
  auto a = cast_value("a:string", Object{{"a", nullptr}});
  EXPECT_EQ(a.record.value, Value(Object{{"a", nullptr}}));
}

TEST(Cast, ConfigErrors) {
  auto problems = [](const char* spec) {
    return problems_of(one_transform(kKey, {{"spec", spec}}));
  };
  // testConfigEmpty
  EXPECT_THAT(problems(""),
              ElementsAre("transforms.t.spec: Must specify at least one field to cast."));
  // testConfigInvalidSchemaType
  EXPECT_THAT(problems("foo:faketype"),
              ElementsAre("transforms.t.spec: Invalid type found in casting spec: faketype"));
  EXPECT_THAT(problems("faketype"),
              ElementsAre("transforms.t.spec: No enum constant "
                          "org.apache.kafka.connect.data.Schema.Type.FAKETYPE"));
  // testConfigInvalidTargetType
  EXPECT_THAT(problems("foo:array"),
              ElementsAre("transforms.t.spec: Cast transformation does not support casting to "
                          "ARRAY; supported types are [INT8, INT16, INT32, INT64, FLOAT32, "
                          "FLOAT64, BOOLEAN, STRING]"));
  EXPECT_THAT(problems("bytes"),
              ElementsAre("transforms.t.spec: Cast transformation does not support casting to "
                          "BYTES; supported types are [INT8, INT16, INT32, INT64, FLOAT32, "
                          "FLOAT64, BOOLEAN, STRING]"));
  // testConfigInvalidMap
  EXPECT_THAT(problems("foo:int8:extra"),
              ElementsAre("transforms.t.spec: Invalid value [foo:int8:extra] for configuration "
                          "renames: Invalid rename mapping: foo:int8:extra"));
  // testConfigMixWholeAndFieldTransformation
  EXPECT_THAT(problems("foo:int8,int32"),
              ElementsAre("transforms.t.spec: Cast transformations that specify a type to cast "
                          "the entire value to may ony specify a single cast in their spec"));
  EXPECT_THAT(problems_of(one_transform(kKey)),
              ElementsAre("transforms.t.spec: Missing required configuration "
                          "\"transforms.t.spec\" which has no default value."));
}

}  // namespace
}  // namespace ksink::transforms::testing
