// Every parameter type through the encoder, against bytes computed by hand from docs/voltdb-protocol.md section 5.1/5.2,
// and back through the decoder.
#include "sinks/voltdb/client/param.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>

#include "hex.h"
#include "print_param.h"
#include "sinks/voltdb/client/invocation.h"

namespace ksink::voltdb {

namespace {

using test::hex;
using test::unhex;

std::string encoded(const Param& p) {
  ByteWriter w;
  Status s = encode_param(w, p);
  EXPECT_TRUE(s.ok()) << s.error().message;
  return std::string(w.view());
}

struct Case {
  Param param;
  const char* bytes;
};

// Encodes, compares with the hand-computed bytes, then decodes a one-parameter set.
void check(const Case& c) {
  SCOPED_TRACE(c.param.to_string());
  std::string bytes = encoded(c.param);
  EXPECT_EQ(hex(bytes), hex(unhex(c.bytes)));
  Result<std::vector<Param>> back = decode_parameter_set(unhex("00 01") + bytes);
  ASSERT_TRUE(back.ok()) << back.error().message;
  ASSERT_EQ(back->size(), 1u);
  EXPECT_EQ((*back)[0], c.param);
}

TEST(Param, UntypedNull) { check({Param::null(), "01"}); }

TEST(Param, Integers) {
  check({Param::tinyint(5), "03 05"});
  check({Param::tinyint(-1), "03 ff"});
  check({Param::tinyint(127), "03 7f"});
  check({Param::null_of(Type::TinyInt), "03 80"});
  check({Param::smallint(-2), "04 ff fe"});
  check({Param::smallint(0x1234), "04 12 34"});
  check({Param::null_of(Type::SmallInt), "04 80 00"});
  check({Param::integer(1), "05 00 00 00 01"});
  check({Param::integer(-300), "05 ff ff fe d4"});
  check({Param::null_of(Type::Integer), "05 80 00 00 00"});
  check({Param::bigint(0x0102030405060708), "06 01 02 03 04 05 06 07 08"});
  check({Param::bigint(-1), "06 ff ff ff ff ff ff ff ff"});
  check({Param::null_of(Type::BigInt), "06 80 00 00 00 00 00 00 00"});
}

TEST(Param, SentinelIsNullOnTheWire) {
  // Encoding the minimum is encoding NULL: it comes back as a typed NULL.
  Result<std::vector<Param>> back =
      decode_parameter_set(unhex("00 01") + encoded(Param::integer(INT32_MIN)));
  ASSERT_TRUE(back.ok());
  EXPECT_TRUE((*back)[0].is_null());
  EXPECT_EQ((*back)[0].type(), Type::Integer);
}

TEST(Param, Float) {
  check({Param::floating(1.5), "08 3f f8 00 00 00 00 00 00"});
  check({Param::floating(-2.0), "08 c0 00 00 00 00 00 00 00"});
  check({Param::null_of(Type::Float), "08 ff ee 42 d1 30 77 3b 76"});
}

TEST(Param, Strings) {
  check({Param::string("h\xc3\xa9llo"), "09 00 00 00 06 68 c3 a9 6c 6c 6f"});
  check({Param::string(""), "09 00 00 00 00"});
  check({Param::null_of(Type::String), "09 ff ff ff ff"});
  check({Param::varbinary(std::string("\x0a\x0b", 2)), "19 00 00 00 02 0a 0b"});
  check({Param::varbinary(std::string("\0", 1)), "19 00 00 00 01 00"});
  check({Param::null_of(Type::VarBinary), "19 ff ff ff ff"});
}

TEST(Param, TimestampAndDate) {
  // 2024-05-06 07:08:09.123456 UTC, the value of docs/voltdb-protocol.md section 13.4.
  check({Param::timestamp(1714979289123456), "0b 00 06 17 c3 bb 53 4a 80"});
  check({Param::timestamp(-1), "0b ff ff ff ff ff ff ff ff"});
  check({Param::null_of(Type::Timestamp), "0b 80 00 00 00 00 00 00 00"});
  check({Param::date(2024 << 16 | 5 << 8 | 6), "0c 07 e8 05 06"});
  check({Param::null_of(Type::Date), "0c 80 00 00 00"});
}

TEST(Param, Decimal) {
  Result<Param> d = Param::decimal("3.25");
  ASSERT_TRUE(d.ok());
  check({*d, "16 00 00 00 00 00 00 00 00 00 00 02 f4 b3 18 74 00"});
  Result<Param> minus_one = Param::decimal("-1");
  ASSERT_TRUE(minus_one.ok());
  // −10^12 in 128-bit two's complement; 10^12 = e8 d4 a5 10 00.
  check({*minus_one, "16 ff ff ff ff ff ff ff ff ff ff ff 17 2b 5a f0 00"});
  check({Param::decimal(Int128{1}), "16 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 01"});
  check({Param::null_of(Type::Decimal), "16 80 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"});
  EXPECT_FALSE(Param::decimal("abc").ok());
}

TEST(Param, Boolean) {
  check({Param::boolean(true), "17 01"});
  check({Param::boolean(false), "17 00"});
}

TEST(Param, Geography) {
  check({Param::geography_point(1.0, -2.0), "1a 3f f0 00 00 00 00 00 00 c0 00 00 00 00 00 00 00"});
  check(
      {Param::null_of(Type::GeographyPoint), "1a 40 76 80 00 00 00 00 00 40 76 80 00 00 00 00 00"});
  check({Param::geography(std::string("\x01\x02", 2)), "1b 00 00 00 02 01 02"});
  check({Param::null_of(Type::Geography), "1b ff ff ff ff"});
}

TEST(Param, VoltTable) {
  // The @Ping result table of docs/voltdb-protocol.md section 13.3, as a parameter.
  const char* table =
      "00 00 00 22 00 00 00 0e 80 00 01 06 00 00 00 06 53 54 41 54 55 53 00 00 00 01 00 00 00 08 "
      "00 00 00 00 00 00 00 00";
  check({Param::volt_table(unhex(table)), (std::string("15 ") + table).c_str()});
}

TEST(Param, Arrays) {
  check({Param::array(Type::Integer,
                      {Param::integer(1), Param::integer(2), Param::null_of(Type::Integer)}),
         "9d 05 00 03 00 00 00 01 00 00 00 02 80 00 00 00"});
  // TINYINT arrays count with an i32.
  check({Param::array(Type::TinyInt,
                      {Param::tinyint(1), Param::tinyint(-1), Param::null_of(Type::TinyInt)}),
         "9d 03 00 00 00 03 01 ff 80"});
  check({Param::array(Type::String,
                      {Param::string("a"), Param::null_of(Type::String), Param::string("")}),
         "9d 09 00 03 00 00 00 01 61 ff ff ff ff 00 00 00 00"});
  check({Param::array(Type::VarBinary, {}), "9d 19 00 00"});
  check({Param::array(Type::Float, {Param::floating(0.5)}), "9d 08 00 01 3f e0 00 00 00 00 00 00"});
  check({Param::array(Type::BigInt, {Param::bigint(7)}), "9d 06 00 01 00 00 00 00 00 00 00 07"});
  Result<Param> d = Param::decimal("1");
  ASSERT_TRUE(d.ok());
  check({Param::array(Type::Decimal, {*d}),
         "9d 16 00 01 00 00 00 00 00 00 00 00 00 00 00 e8 d4 a5 10 00"});
}

TEST(Param, ArrayUntypedNullElementIsTheElementNull) {
  EXPECT_EQ(hex(encoded(Param::array(Type::SmallInt, {Param::null()}))),
            hex(unhex("9d 04 00 01 80 00")));
}

TEST(Param, ParameterSetOfMany) {
  std::vector<Param> params = {Param::integer(1), Param::string("a"), Param::null(),
                               Param::boolean(true)};
  ByteWriter w;
  ASSERT_TRUE(encode_parameter_set(w, params).ok());
  const std::string out(w.view());
  EXPECT_EQ(hex(out), hex(unhex("00 04 05 00 00 00 01 09 00 00 00 01 61 01 17 01")));
  Result<std::vector<Param>> back = decode_parameter_set(out);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, params);
}

Status encode_error(const Param& p) {
  ByteWriter w;
  return encode_param(w, p);
}

TEST(Param, EncodingErrors) {
  std::vector<Param> many(32768, Param::integer(1));
  EXPECT_FALSE(encode_error(Param::array(Type::Integer, many)).ok());
  std::vector<Param> max(32767, Param::integer(1));
  EXPECT_TRUE(encode_error(Param::array(Type::Integer, max)).ok());

  Status mixed = encode_error(Param::array(Type::Integer, {Param::integer(1), Param::string("x")}));
  ASSERT_FALSE(mixed.ok());
  EXPECT_NE(mixed.error().message.find("element 1"), std::string::npos);

  EXPECT_FALSE(encode_error(Param::array(Type::Array, {})).ok());
  EXPECT_FALSE(encode_error(Param::array(Type::Null, {})).ok());
  EXPECT_FALSE(encode_error(Param::null_of(Type::Boolean)).ok());
  EXPECT_FALSE(encode_error(Param::null_of(Type::VoltTable)).ok());
  EXPECT_FALSE(encode_error(Param::volt_table(unhex("00 00 00 05 00"))).ok());
  EXPECT_FALSE(encode_error(Param::string(std::string(50 * 1024 * 1024 + 1, 'x'))).ok());
}

TEST(Param, InvocationErrorsLeaveTheBufferAlone) {
  ByteWriter out;
  out.raw("queued");
  // Each string fits, together they exceed the 50 MiB message limit.
  std::vector<Param> big = {Param::string(std::string(30 << 20, 'x')),
                            Param::string(std::string(30 << 20, 'y'))};
  Status s = encode_invocation(out, "T.insert", 1, big);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(out.view(), "queued");
  EXPECT_NE(s.error().message.find("limit"), std::string::npos);

  EXPECT_FALSE(encode_invocation(out, "", 1, {}).ok());
  EXPECT_EQ(out.view(), "queued");

  // Messages name the parameter and its type, never its value (record data stays out of logs).
  std::vector<Param> bad = {Param::string("secret-value"), Param::null_of(Type::Boolean)};
  Status b = encode_invocation(out, "T.insert", 1, bad);
  ASSERT_FALSE(b.ok());
  EXPECT_NE(b.error().message.find("parameter 1 (BOOLEAN)"), std::string::npos);
  EXPECT_EQ(b.error().message.find("secret-value"), std::string::npos);
  EXPECT_EQ(out.view(), "queued");
}

TEST(Param, CheckedInteger) {
  EXPECT_EQ(*Param::checked_integer(Type::TinyInt, 127), Param::tinyint(127));
  EXPECT_EQ(*Param::checked_integer(Type::TinyInt, -127), Param::tinyint(-127));
  EXPECT_FALSE(Param::checked_integer(Type::TinyInt, 128).ok());
  Result<Param> sentinel = Param::checked_integer(Type::TinyInt, -128);
  ASSERT_FALSE(sentinel.ok());
  EXPECT_EQ(sentinel.error().message, "value -128 is out of range for TINYINT (-127..127)");
  EXPECT_FALSE(Param::checked_integer(Type::SmallInt, 40000).ok());
  EXPECT_TRUE(Param::checked_integer(Type::Integer, 2147483647).ok());
  EXPECT_FALSE(Param::checked_integer(Type::Integer, -2147483648LL).ok());
  EXPECT_FALSE(Param::checked_integer(Type::BigInt, std::numeric_limits<int64_t>::min()).ok());
  EXPECT_TRUE(Param::checked_integer(Type::BigInt, std::numeric_limits<int64_t>::max()).ok());
  EXPECT_FALSE(Param::checked_integer(Type::String, 1).ok());
}

TEST(Param, ToString) {
  EXPECT_EQ(Param::null().to_string(), "NULL");
  EXPECT_EQ(Param::null_of(Type::Float).to_string(), "FLOAT NULL");
  EXPECT_EQ(Param::integer(1).to_string(), "INTEGER 1");
  EXPECT_EQ(Param::string("a").to_string(), "VARCHAR 'a'");
  EXPECT_EQ(Param::varbinary("\x0a").to_string(), "VARBINARY X'0a'");
  EXPECT_EQ(Param::decimal(Int128{3250000000000}).to_string(), "DECIMAL 3.25");
  EXPECT_EQ(Param::array(Type::Integer, {Param::integer(1)}).to_string(),
            "ARRAY<INTEGER>[INTEGER 1]");
}

}  // namespace
}  // namespace ksink::voltdb
