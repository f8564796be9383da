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

Result<Catalog> Catalog::from_tables(const VoltTable& columns, const VoltTable* primary_keys,
                                     const VoltTable* index_info) {
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

  // Per table and unique index: its columns by name. INDEXINFO has a row per index and column,
  // NON_UNIQUE 0 for a unique one (VoltDB/voltdb
  // src/frontend/org/voltdb/JdbcDatabaseMetaDataGenerator.java getIndexInfo).
  std::map<std::string, std::map<std::string, std::vector<std::string>>> unique_columns;
  if (index_info) {
    size_t ix_table_i = 0, non_unique_i = 0, index_i = 0, ix_column_i = 0;
    if (Status s = find_columns(*index_info, "INDEXINFO",
                                {{"TABLE_NAME", &ix_table_i},
                                 {"NON_UNIQUE", &non_unique_i},
                                 {"INDEX_NAME", &index_i},
                                 {"COLUMN_NAME", &ix_column_i}});
        !s)
      return s.error();
    for (auto& [name, t] : by_name) t.indexes_known = true;
    for (const auto& row : index_info->rows) {
      const std::string* table = text_cell(row[ix_table_i]);
      const std::string* index = text_cell(row[index_i]);
      const std::string* column = text_cell(row[ix_column_i]);
      if (!table || !index || !column || int_cell(row[non_unique_i], 1) != 0) continue;
      unique_columns[*table][*index].push_back(*column);
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
    if (auto u = unique_columns.find(name); u != unique_columns.end()) {
      for (const auto& [index, names] : u->second) {
        std::vector<int> cols;
        for (const auto& column : names)
          for (size_t i = 0; i < t.columns.size(); ++i)
            if (t.columns[i].name == column) cols.push_back(static_cast<int>(i));
        if (cols.size() != names.size()) {
          t.indexes_known = false;  // not understood: assume the worst
          continue;
        }
        std::sort(cols.begin(), cols.end());
        t.unique_indexes.push_back(std::move(cols));
      }
    }
    catalog.tables_.push_back(std::move(t));
  }
  return catalog;
}

bool TableInfo::unique_key_may_refuse(bool upsert) const {
  if (!indexes_known) return true;
  if (!upsert) return has_primary_key || !unique_indexes.empty();
  if (has_primary_key && primary_key.empty()) return true;  // the key's columns not understood
  std::vector<int> key = primary_key;
  std::sort(key.begin(), key.end());
  for (const auto& index : unique_indexes)
    if (!std::includes(index.begin(), index.end(), key.begin(), key.end())) return true;
  return false;
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
