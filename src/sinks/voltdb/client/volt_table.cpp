#include "sinks/voltdb/client/volt_table.h"

#include <algorithm>

namespace ksink::voltdb {
namespace {

bool column_type_ok(int8_t code) {
  // Everything a table can hold: no untyped NULL, no BOOLEAN (parameters only), no arrays or
  // nested tables.
  switch (static_cast<Type>(code)) {
    case Type::TinyInt:
    case Type::SmallInt:
    case Type::Integer:
    case Type::BigInt:
    case Type::Float:
    case Type::String:
    case Type::Timestamp:
    case Type::Date:
    case Type::Decimal:
    case Type::VarBinary:
    case Type::GeographyPoint:
    case Type::Geography:
      return true;
    default:
      return false;
  }
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; };
           return lower(x) == lower(y);
         });
}

}  // namespace

std::optional<size_t> VoltTable::column_index(std::string_view name) const {
  for (size_t i = 0; i < columns.size(); ++i)
    if (iequals(columns[i].name, name)) return i;
  return std::nullopt;
}

VoltTable decode_volt_table(ByteReader& outer) {
  VoltTable table;
  int32_t table_length = outer.i32("table length");
  if (!outer.ok()) return table;
  if (table_length < 0) {
    outer.fail("malformed message: table length " + std::to_string(table_length));
    return table;
  }
  ByteReader r = outer.sub(static_cast<size_t>(table_length), "table");
  if (!outer.ok()) return table;

  int32_t header_length = r.i32("table header length");
  if (r.ok() && header_length < 0) r.fail("malformed message: table header length");
  ByteReader h = r.sub(static_cast<size_t>(std::max(header_length, 0)), "table header");
  table.status = h.i8("table status");
  int16_t column_count = h.i16("column count");
  if (h.ok() && column_count < 0)
    h.fail("malformed message: column count " + std::to_string(column_count));
  if (h.ok()) table.columns.resize(static_cast<size_t>(column_count));
  for (Column& c : table.columns) {
    int8_t code = h.i8("column type");
    if (h.ok() && !column_type_ok(code))
      h.fail("malformed message: unknown column type code " + std::to_string(code));
    c.type = static_cast<Type>(code);
  }
  for (Column& c : table.columns) {
    std::optional<std::string_view> name = h.string("column name");
    if (name)
      c.name = std::string(*name);
    else if (h.ok())
      h.fail("malformed message: NULL column name");
  }
  h.expect_end("table header");
  if (!h.ok()) r.fail(h.error());

  int32_t row_count = r.i32("row count");
  if (r.ok() && row_count < 0) r.fail("malformed message: row count " + std::to_string(row_count));
  // Each row takes at least its 4-byte length: bounds the reservation by what was received.
  if (r.ok()) table.rows.reserve(std::min(static_cast<size_t>(row_count), r.remaining() / 4));
  for (int32_t i = 0; r.ok() && i < row_count; ++i) {
    int32_t row_length = r.i32("row length");
    if (r.ok() && row_length < 0)
      r.fail("malformed message: row length " + std::to_string(row_length));
    ByteReader row = r.sub(static_cast<size_t>(std::max(row_length, 0)), "row");
    std::vector<Cell> cells;
    cells.reserve(table.columns.size());
    for (const Column& c : table.columns) cells.push_back(decode_value(row, c.type));
    row.expect_end("row");
    if (!row.ok()) r.fail(row.error());
    table.rows.push_back(std::move(cells));
  }
  r.expect_end("table");
  if (!r.ok()) outer.fail(r.error());
  return table;
}

Result<VoltTable> decode_volt_table(std::string_view bytes) {
  ByteReader r(bytes);
  VoltTable t = decode_volt_table(r);
  r.expect_end("table");
  if (!r.ok()) return Error{r.error()};
  return t;
}

}  // namespace ksink::voltdb
