// VoltTable decoding of every column type, values and NULL sentinels, from hand-written bytes.
#include "sinks/voltdb/client/volt_table.h"

#include <gtest/gtest.h>

#include "hex.h"
#include "print_param.h"
#include "sinks/voltdb/client/decimal.h"

namespace ksink::voltdb {

namespace {

using test::unhex;

// Columns TI TINYINT, SI SMALLINT, I INTEGER, B BIGINT, F FLOAT, D DECIMAL, S VARCHAR,
// VB VARBINARY, TS TIMESTAMP, P GEOGRAPHY_POINT, G GEOGRAPHY, DT DATE; one row of values, one
// row of NULLs.
const char kAllTypes[] = R"(
    00 00 01 03
    00 00 00 50
    80
    00 0c
    03 04 05 06 08 16 09 19 0b 1a 1b 0c
    00 00 00 02 54 49  00 00 00 02 53 49  00 00 00 01 49  00 00 00 01 42  00 00 00 01 46
    00 00 00 01 44  00 00 00 01 53  00 00 00 02 56 42  00 00 00 02 54 53  00 00 00 01 50
    00 00 00 01 47  00 00 00 02 44 54
    00 00 00 02
    00 00 00 54
      01
      00 02
      00 00 00 03
      00 00 00 00 00 00 00 04
      3f f8 00 00 00 00 00 00
      00 00 00 00 00 00 00 00 00 00 02 f4 b3 18 74 00
      00 00 00 02 68 69
      00 00 00 02 0a 0b
      00 06 17 c3 bb 53 4a 80
      3f f0 00 00 00 00 00 00 c0 00 00 00 00 00 00 00
      00 00 00 01 ff
      07 e8 05 06
    00 00 00 4f
      80
      80 00
      80 00 00 00
      80 00 00 00 00 00 00 00
      ff ee 42 d1 30 77 3b 76
      80 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
      ff ff ff ff
      ff ff ff ff
      80 00 00 00 00 00 00 00
      40 76 80 00 00 00 00 00 40 76 80 00 00 00 00 00
      ff ff ff ff
      80 00 00 00)";

TEST(VoltTable, EveryColumnTypeWithValuesAndNulls) {
  Result<VoltTable> t = decode_volt_table(unhex(kAllTypes));
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(t->status, static_cast<int8_t>(0x80));
  std::vector<Column> columns = {
      {"TI", Type::TinyInt},       {"SI", Type::SmallInt},  {"I", Type::Integer},
      {"B", Type::BigInt},         {"F", Type::Float},      {"D", Type::Decimal},
      {"S", Type::String},         {"VB", Type::VarBinary}, {"TS", Type::Timestamp},
      {"P", Type::GeographyPoint}, {"G", Type::Geography},  {"DT", Type::Date}};
  EXPECT_EQ(t->columns, columns);
  ASSERT_EQ(t->rows.size(), 2u);

  const std::vector<Cell>& v = t->rows[0];
  EXPECT_EQ(v[0], Param::tinyint(1));
  EXPECT_EQ(v[1], Param::smallint(2));
  EXPECT_EQ(v[2], Param::integer(3));
  EXPECT_EQ(v[3], Param::bigint(4));
  EXPECT_EQ(v[4], Param::floating(1.5));
  EXPECT_EQ(format_decimal(v[5].as_decimal()), "3.25");
  EXPECT_EQ(v[6], Param::string("hi"));
  EXPECT_EQ(v[7], Param::varbinary("\x0a\x0b"));
  EXPECT_EQ(v[8], Param::timestamp(1714979289123456));
  EXPECT_EQ(v[9], Param::geography_point(1.0, -2.0));
  EXPECT_EQ(v[10], Param::geography("\xff"));
  EXPECT_EQ(v[11], Param::date(2024 << 16 | 5 << 8 | 6));

  const std::vector<Cell>& n = t->rows[1];
  for (size_t c = 0; c < columns.size(); ++c) {
    EXPECT_TRUE(n[c].is_null()) << columns[c].name;
    EXPECT_EQ(n[c].type(), columns[c].type) << columns[c].name;
  }
}

TEST(VoltTable, RecordedRow_13_4) {
  // R (K BIGINT, TS TIMESTAMP, D DECIMAL, VB VARBINARY(16), TI TINYINT, SI SMALLINT,
  // S VARCHAR(8)) with the 45-byte row the real server returned.
  std::string bytes = unhex(R"(
      00 00 00 6a
      00 00 00 31 80 00 07 06 0b 16 19 03 04 09
      00 00 00 01 4b  00 00 00 02 54 53  00 00 00 01 44  00 00 00 02 56 42
      00 00 00 02 54 49  00 00 00 02 53 49  00 00 00 01 53
      00 00 00 01
      00 00 00 2d
      00 00 00 00 00 00 00 32
      00 06 17 c3 bb 53 4a 80
      00 00 00 00 00 00 00 00 00 00 02 f4 b3 18 74 00
      00 00 00 02 0a 0b
      01
      00 02
      ff ff ff ff)");
  Result<VoltTable> t = decode_volt_table(bytes);
  ASSERT_TRUE(t.ok()) << t.error().message;
  ASSERT_EQ(t->rows.size(), 1u);
  const std::vector<Cell>& r = t->rows[0];
  EXPECT_EQ(r[0], Param::bigint(50));
  EXPECT_EQ(r[1], Param::timestamp(1714979289123456));
  EXPECT_EQ(format_decimal(r[2].as_decimal()), "3.25");
  EXPECT_EQ(r[3], Param::varbinary("\x0a\x0b"));
  EXPECT_EQ(r[4], Param::tinyint(1));
  EXPECT_EQ(r[5], Param::smallint(2));
  EXPECT_EQ(r[6], Param::null_of(Type::String));
  EXPECT_EQ(t->column_index("vb"), 3u);
  EXPECT_EQ(t->column_index("Ts"), 1u);
  EXPECT_EQ(t->column_index("nope"), std::nullopt);
}

TEST(VoltTable, EmptyTables) {
  Result<VoltTable> no_rows =
      decode_volt_table(unhex("00 00 00 11 00 00 00 09 00 00 01 06 00 00 00 01 43 00 00 00 00"));
  ASSERT_TRUE(no_rows.ok()) << no_rows.error().message;
  EXPECT_EQ(no_rows->columns.size(), 1u);
  EXPECT_TRUE(no_rows->rows.empty());

  Result<VoltTable> no_columns = decode_volt_table(
      unhex("00 00 00 13 00 00 00 03 00 00 00 00 00 00 02 00 00 00 00 00 00 00 00"));
  ASSERT_TRUE(no_columns.ok()) << no_columns.error().message;
  EXPECT_EQ(no_columns->rows.size(), 2u);
}

TEST(VoltTable, InconsistentLengthsAreErrors) {
  // The BIGINT row claims 9 bytes but holds 8 + 1 stray.
  EXPECT_FALSE(decode_volt_table(unhex("00 00 00 1e 00 00 00 09 00 00 01 06 00 00 00 01 43 "
                                       "00 00 00 01 00 00 00 09 00 00 00 00 00 00 00 01 00"))
                   .ok());
  // Header length one too long.
  EXPECT_FALSE(decode_volt_table(unhex("00 00 00 11 00 00 00 0a 00 00 01 06 00 00 00 01 43 00 00 "
                                       "00 00"))
                   .ok());
  // Table length one too short.
  EXPECT_FALSE(decode_volt_table(unhex("00 00 00 10 00 00 00 09 00 00 01 06 00 00 00 01 43 00 00 "
                                       "00 00"))
                   .ok());
  // Unknown column type 7, BOOLEAN (parameters only), negative row count, negative columns.
  EXPECT_FALSE(decode_volt_table(unhex("00 00 00 11 00 00 00 09 00 00 01 07 00 00 00 01 43 00 00 "
                                       "00 00"))
                   .ok());
  EXPECT_FALSE(decode_volt_table(unhex("00 00 00 11 00 00 00 09 00 00 01 17 00 00 00 01 43 00 00 "
                                       "00 00"))
                   .ok());
  EXPECT_FALSE(decode_volt_table(unhex("00 00 00 11 00 00 00 09 00 00 01 06 00 00 00 01 43 ff ff "
                                       "ff ff"))
                   .ok());
  EXPECT_FALSE(decode_volt_table(unhex("00 00 00 0b 00 00 00 03 00 ff ff 00 00 00 00")).ok());
  // A column name with the NULL length.
  EXPECT_FALSE(decode_volt_table(unhex("00 00 00 10 00 00 00 08 00 00 01 06 ff ff ff ff 00 00 "
                                       "00 00"))
                   .ok());
}

}  // namespace
}  // namespace ksink::voltdb
