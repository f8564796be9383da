#include "sinks/voltdb/client/table_encoder.h"

namespace ksink::voltdb {

TableEncoder::TableEncoder(ByteWriter& out, std::span<const Column> columns) : out_(out) {
  start_ = out_.size();
  out_.i32(0);  // table length, patched by finish()
  const size_t header = out_.size();
  out_.i32(0);  // header length
  // A table built by a client: the status byte is not read by the server.
  out_.i8(static_cast<int8_t>(0x80));
  out_.i16(static_cast<int16_t>(columns.size()));
  for (const Column& c : columns) out_.i8(static_cast<int8_t>(c.type));
  for (const Column& c : columns) out_.string(c.name);
  out_.patch_i32(header, static_cast<int32_t>(out_.size() - header - 4));
  row_count_ = out_.size();
  out_.i32(0);
}

void TableEncoder::add_row(std::string_view cells) {
  out_.i32(static_cast<int32_t>(cells.size()));
  out_.raw(cells);
  ++rows_;
}

void TableEncoder::finish() {
  out_.patch_i32(row_count_, rows_);
  out_.patch_i32(start_, static_cast<int32_t>(out_.size() - start_ - 4));
}

}  // namespace ksink::voltdb
