// A record's value as a cell of a bulk load's VoltTable (column_value.h): the column's own type
// without a type byte, NULL as the type's sentinel (docs/voltdb-protocol.md section 7), and the
// TIMESTAMP text that can travel only as a parameter.
#include <gtest/gtest.h>

#include "sinks/voltdb/column_value.h"
#include "unit/voltdb_client/hex.h"

namespace ksink::voltdb {
namespace {

TableColumn column(Type type, const char* type_name, int32_t size = 0) {
  TableColumn c;
  c.name = "C";
  c.type = type;
  c.type_name = type_name;
  c.size = size;
  return c;
}

std::string cell(const Value& v, const TableColumn& c, CellStatus expected = CellStatus::Written) {
  ByteWriter out;
  std::string problem;
  EXPECT_EQ(encode_column_cell(v, c, out, problem), expected) << problem;
  return std::string(out.view());
}

TEST(ColumnCell, ValuesAreWrittenAtTheColumnsTypeWithoutATypeByte) {
  EXPECT_EQ(cell(Value(5), column(Type::TinyInt, "TINYINT")), test::unhex("05"));
  EXPECT_EQ(cell(Value(5), column(Type::SmallInt, "SMALLINT")), test::unhex("00 05"));
  EXPECT_EQ(cell(Value("-2"), column(Type::Integer, "INTEGER")), test::unhex("ff ff ff fe"));
  EXPECT_EQ(cell(Value(1.5), column(Type::Float, "FLOAT")), test::unhex("3f f8 00 00 00 00 00 00"));
  EXPECT_EQ(cell(Value("ab"), column(Type::String, "VARCHAR", 8)),
            test::unhex("00 00 00 02 61 62"));
  EXPECT_EQ(cell(Value(2), column(Type::Timestamp, "TIMESTAMP")),
            test::unhex("00 00 00 00 00 00 07 d0"));  // ms -> µs
}

TEST(ColumnCell, NullIsTheTypesSentinel) {
  EXPECT_EQ(cell(Value(), column(Type::TinyInt, "TINYINT")), test::unhex("80"));
  EXPECT_EQ(cell(Value(), column(Type::Integer, "INTEGER")), test::unhex("80 00 00 00"));
  EXPECT_EQ(cell(Value(), column(Type::BigInt, "BIGINT")), test::unhex("80 00 00 00 00 00 00 00"));
  EXPECT_EQ(cell(Value(), column(Type::String, "VARCHAR", 8)), test::unhex("ff ff ff ff"));
  EXPECT_EQ(cell(Value(), column(Type::Decimal, "DECIMAL")),
            test::unhex("80 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00"));
}

TEST(ColumnCell, TimestampTextTravelsOnlyAsAParameterAndBadValuesAreRefused) {
  EXPECT_EQ(cell(Value("2024-05-06 07:08:09"), column(Type::Timestamp, "TIMESTAMP"),
                 CellStatus::ParameterOnly),
            "");
  ByteWriter out;
  std::string problem;
  EXPECT_EQ(encode_column_cell(Value(300), column(Type::TinyInt, "TINYINT"), out, problem),
            CellStatus::Refused);
  EXPECT_EQ(problem, "expected an integer from -127 to 127, found an integer out of that range");
  EXPECT_EQ(out.size(), 0u);
}

}  // namespace
}  // namespace ksink::voltdb
