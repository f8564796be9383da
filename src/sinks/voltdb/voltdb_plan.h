// How one KCQL statement is written (internal to voltdb_writer*.cpp): its table, procedure, the
// mapping from record fields to columns, and for bulk loads the table's column header and
// partition column (docs/voltdb-sink.md "How records become procedure calls").
#pragma once

#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "sinks/voltdb/catalog.h"
#include "sinks/voltdb/client/volt_table.h"
#include "sinks/voltdb/voltdb_writer.h"

namespace ksink::voltdb {

inline char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

inline bool iequals_ascii(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
  return true;
}

// The server's words without what they quote of the record (error messages never carry record
// contents).
std::string without_values(std::string text);

struct VoltWriter::Plan {
  const kcql::Statement* statement = nullptr;
  const TableInfo* table = nullptr;
  std::string procedure;  // "PERSON.insert"
  bool upsert = false;
  // VoltDB may refuse a row for one of the table's unique keys (TableInfo::unique_key_may_refuse).
  bool may_refuse = false;
  // Under THROW a written row can be deleted again: an INSERT into a table with a primary key
  // (undo_after_refusals).
  bool undoable = false;
  // `SELECT *` with nothing renamed or ignored: the record value is the row, no projection.
  bool identity = false;
  bool reads_value = false;                         // some column comes from the record value
  size_t cap = std::numeric_limits<size_t>::max();  // BATCH = n
  size_t in_flight = 0;
  // Bulk loads: the VoltTable header (the table's columns in order) and the load procedure's
  // leading parameters.
  std::vector<Column> load_columns;
  bool replicated = true;  // no partition column: @LoadMultipartitionTable
  size_t table_index = 0;  // the table's position in the catalog: chains are per table
  bool warned_unmatched = false;
  bool warned_duplicate = false;

  // Which field of a record fills each column (-1: none), for records whose field names come
  // in the order `shape` has: records of a topic usually carry the same fields in the same
  // order, so one exact comparison per field replaces matching names to columns.
  std::vector<std::string> shape;
  std::vector<int> field_of;
  bool shape_known = false;

  bool same_shape(const Object& fields) const {
    if (!shape_known || fields.size() != shape.size()) return false;
    for (size_t f = 0; f < fields.size(); ++f)
      if (fields[f].first != shape[f]) return false;
    return true;
  }

  // Index of the column a field fills, ignoring case; -1 for none.
  int column_of(std::string_view field) const {
    for (size_t c = 0; c < table->columns.size(); ++c)
      if (iequals_ascii(table->columns[c].name, field)) return static_cast<int>(c);
    return -1;
  }
  std::string column_names() const {
    std::string out;
    for (const auto& c : table->columns) out += (out.empty() ? "" : ", ") + c.name;
    return out;
  }
};

}  // namespace ksink::voltdb
