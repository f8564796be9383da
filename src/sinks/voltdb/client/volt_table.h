// Result tables (docs/voltdb-protocol.md section 7): what a procedure returns, e.g. `modified_tuples` of a default
// procedure or the rows of @SystemCatalog COLUMNS.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "sinks/voltdb/client/byte_io.h"
#include "sinks/voltdb/client/param.h"

namespace ksink::voltdb {

using Cell = Param;  // a cell is a typed value like a parameter; NULL cells are typed NULLs

struct Column {
  std::string name;
  Type type = Type::Null;
  bool operator==(const Column&) const = default;
};

struct VoltTable {
  int8_t status = 0;  // the table status byte: servers send 0x00 or 0x80 with no meaning to us
  std::vector<Column> columns;
  std::vector<std::vector<Cell>> rows;

  // Index of the column named `name` ignoring ASCII case; nullopt when there is none.
  std::optional<size_t> column_index(std::string_view name) const;
};

// Reads one table, starting at its i32 table length. Every inner length (header, rows) must
// match its content exactly; an unknown column type is an error.
VoltTable decode_volt_table(ByteReader& r);
Result<VoltTable> decode_volt_table(std::string_view bytes);

}  // namespace ksink::voltdb
