// Writes a VoltTable (docs/voltdb-protocol.md section 7) straight into a message being built,
// for the table parameter of @LoadSinglepartitionTable and @LoadMultipartitionTable: the header
// once, then each row as its length and its cells, the lengths and the row count patched in at
// the end. Cells are written by the caller (column_value.h), without type bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "sinks/voltdb/client/byte_io.h"
#include "sinks/voltdb/client/volt_table.h"

namespace ksink::voltdb {

class TableEncoder {
 public:
  // Appends the table's length placeholder and header to `out`.
  TableEncoder(ByteWriter& out, std::span<const Column> columns);

  // Appends one row: its length, then the cells as given.
  void add_row(std::string_view cells);
  // Patches the table length and the row count; the table is then complete in `out`.
  void finish();

  int32_t rows() const { return rows_; }

 private:
  ByteWriter& out_;
  size_t start_ = 0;      // where the table length goes
  size_t row_count_ = 0;  // where the row count goes
  int32_t rows_ = 0;
};

}  // namespace ksink::voltdb
