#include "sinks/voltdb/catalog.h"

#include <algorithm>
#include <map>
#include <optional>

namespace ksink::voltdb {
namespace {

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [](char x, char y) { return lower(x) == lower(y); });
}

// The column types the sink converts values to. Geography types and the newer DATE are left
// out: a field mapped to such a column is a record error; the column itself gets NULL.
Type writable_type(std::string_view type_name) {
  static const std::pair<std::string_view, Type> kTypes[] = {
      {"TINYINT", Type::TinyInt}, {"SMALLINT", Type::SmallInt},   {"INTEGER", Type::Integer},
      {"BIGINT", Type::BigInt},   {"FLOAT", Type::Float},         {"DECIMAL", Type::Decimal},
      {"VARCHAR", Type::String},  {"VARBINARY", Type::VarBinary}, {"TIMESTAMP", Type::Timestamp}};
  for (const auto& [name, type] : kTypes)
    if (iequals(name, type_name)) return type;
  return Type::Null;
}

struct Needed {
  const char* name;
  size_t* index;
};

Status find_columns(const VoltTable& t, const char* selector,
                    std::initializer_list<Needed> needed) {
  for (const Needed& n : needed) {
    auto i = t.column_index(n.name);
    if (!i)
      return Error{std::string("@SystemCatalog ") + selector + " returned no column " + n.name +
                   ": is this a VoltDB server?"};
    *n.index = *i;
  }
  return Status::Ok();
}

const std::string* text_cell(const Cell& c) {
  if (c.is_null() || (c.type() != Type::String)) return nullptr;
  return &c.as_string();
}

int64_t int_cell(const Cell& c, int64_t if_null) {
  if (c.is_null()) return if_null;
  switch (c.type()) {
    case Type::TinyInt:
    case Type::SmallInt:
    case Type::Integer:
    case Type::BigInt:
      return c.as_int();
    default:
      return if_null;
  }
}

}  // namespace

Result<Catalog> Catalog::from_tables(const VoltTable& columns, const VoltTable* primary_keys) {
  size_t table_i = 0, column_i = 0, type_i = 0, size_i = 0, nullable_i = 0, position_i = 0;
  if (Status s = find_columns(columns, "COLUMNS",
                              {{"TABLE_NAME", &table_i},
                               {"COLUMN_NAME", &column_i},
                               {"TYPE_NAME", &type_i},
                               {"COLUMN_SIZE", &size_i},
                               {"NULLABLE", &nullable_i},
                               {"ORDINAL_POSITION", &position_i}});
      !s)
    return s.error();

  // REMARKS names the partition column (docs/voltdb-protocol.md section 8.3); without it every
  // table counts as replicated.
  const std::optional<size_t> remarks_i = columns.column_index("REMARKS");
  std::map<std::string, TableInfo> by_name;
  for (const auto& row : columns.rows) {
    const std::string* table = text_cell(row[table_i]);
    const std::string* column = text_cell(row[column_i]);
    const std::string* type = text_cell(row[type_i]);
    if (!table || !column || !type) continue;
    TableInfo& t = by_name[*table];
    t.name = *table;
    TableColumn c;
    c.name = *column;
    c.type_name = *type;
    c.type = writable_type(*type);
    c.size = static_cast<int32_t>(int_cell(row[size_i], 0));
    c.nullable = int_cell(row[nullable_i], 1) != 0;
    c.position = static_cast<int32_t>(int_cell(row[position_i], 0));
    if (remarks_i) {
      const std::string* remarks = text_cell(row[*remarks_i]);
      c.partition_column = remarks && *remarks == "PARTITION_COLUMN";
    }
    t.columns.push_back(std::move(c));
  }

  // Per table: its key's columns by name with their KEY_SEQ, resolved once columns are in order.
  std::map<std::string, std::vector<std::pair<int64_t, std::string>>> key_columns;
  if (primary_keys) {
    size_t pk_table_i = 0;
    if (Status s = find_columns(*primary_keys, "PRIMARYKEYS", {{"TABLE_NAME", &pk_table_i}}); !s)
      return s.error();
    const std::optional<size_t> pk_column_i = primary_keys->column_index("COLUMN_NAME");
    const std::optional<size_t> key_seq_i = primary_keys->column_index("KEY_SEQ");
    for (const auto& row : primary_keys->rows) {
      const std::string* table = text_cell(row[pk_table_i]);
      if (!table) continue;
      auto it = by_name.find(*table);
      if (it == by_name.end()) continue;
      it->second.has_primary_key = true;
      const std::string* column = pk_column_i ? text_cell(row[*pk_column_i]) : nullptr;
      if (column && key_seq_i)
        key_columns[*table].emplace_back(int_cell(row[*key_seq_i], 0), *column);
    }
  }

  Catalog catalog;
  for (auto& [name, t] : by_name) {
    // Rows come sorted by column name, not position (docs/voltdb-protocol.md section 8.3): the parameter order is the
    // ordinal position.
    std::stable_sort(
        t.columns.begin(), t.columns.end(),
        [](const TableColumn& a, const TableColumn& b) { return a.position < b.position; });
    for (size_t i = 0; i < t.columns.size(); ++i)
      if (t.columns[i].partition_column) t.partition_column = static_cast<int>(i);
    if (auto k = key_columns.find(name); k != key_columns.end()) {
      std::sort(k->second.begin(), k->second.end());
      for (const auto& [seq, column] : k->second)
        for (size_t i = 0; i < t.columns.size(); ++i)
          if (t.columns[i].name == column) t.primary_key.push_back(static_cast<int>(i));
      if (t.primary_key.size() != k->second.size()) t.primary_key.clear();  // not understood
    }
    catalog.tables_.push_back(std::move(t));
  }
  return catalog;
}

const TableInfo* Catalog::find(std::string_view name, bool* ambiguous) const {
  if (ambiguous) *ambiguous = false;
  const TableInfo* found = nullptr;
  int matches = 0;
  for (const auto& t : tables_) {
    if (t.name == name) return &t;
    if (iequals(t.name, name)) {
      found = &t;
      ++matches;
    }
  }
  if (matches > 1) {
    if (ambiguous) *ambiguous = true;
    return nullptr;
  }
  return found;
}

std::string Catalog::table_names() const {
  if (tables_.empty()) return "(none)";
  std::string out;
  for (const auto& t : tables_) {
    if (!out.empty()) out += ", ";
    out += t.name;
  }
  return out;
}

std::string column_type_text(const TableColumn& c) {
  if (c.type == Type::String || c.type == Type::VarBinary)
    return c.type_name + "(" + std::to_string(c.size) + ")";
  return c.type_name;
}

}  // namespace ksink::voltdb
