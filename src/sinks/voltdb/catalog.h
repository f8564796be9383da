// The tables of a VoltDB database as the sink needs them: each table's columns in parameter
// order (the order of the default procedures' parameters), their types, sizes and NULL rules,
// and whether the table has a primary key (without one VoltDB generates no T.upsert).
// Read at start from @SystemCatalog COLUMNS, PRIMARYKEYS and INDEXINFO (docs/voltdb-protocol.md
// section 8.3).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "sinks/voltdb/client/volt_table.h"
#include "sinks/voltdb/client/volt_type.h"

namespace ksink::voltdb {

struct TableColumn {
  std::string name;        // as stored (upper case unless quoted in the DDL)
  std::string type_name;   // TYPE_NAME: "INTEGER", "VARCHAR", ... (also for types we cannot send)
  Type type = Type::Null;  // Type::Null for a type the sink does not write (geography, DATE …)
  int32_t size = 0;        // VARCHAR / VARBINARY: the declared length
  bool nullable = true;
  int32_t position = 0;  // ORDINAL_POSITION, 1-based
  bool partition_column = false;  // REMARKS says PARTITION_COLUMN
};

struct TableInfo {
  std::string name;
  std::vector<TableColumn> columns;  // by ORDINAL_POSITION
  bool has_primary_key = false;
  // The primary key's columns (indexes into `columns`) in the key's order (PRIMARYKEYS KEY_SEQ):
  // the parameters of the default procedure T.delete, whose WHERE clause follows the key's index
  // column order (VoltDB/voltdb src/frontend/org/voltdb/DefaultProcedureManager.java
  // generateCrudPKeyWhereClause). Empty when the catalog did not say (or no key).
  std::vector<int> primary_key;
  int partition_column = -1;  // index into columns; -1: a replicated table
  // The columns (indexes into `columns`, sorted) of each unique index, the primary key's
  // included, from INDEXINFO; `indexes_known` is false when INDEXINFO was not read.
  std::vector<std::vector<int>> unique_indexes;
  bool indexes_known = false;

  // Whether VoltDB may refuse a row of an INSERT (`upsert` false) or UPSERT for one of the
  // table's unique keys, for lack of better knowledge too. An UPSERT replaces the row with its
  // primary key, so only a unique index without every key column can refuse it.
  bool unique_key_may_refuse(bool upsert) const;
};

class Catalog {
 public:
  // From the result tables of @SystemCatalog COLUMNS, PRIMARYKEYS and INDEXINFO (primary_keys
  // may be null: then no table counts as having one; index_info may be null: then no table's
  // indexes are known). An error names the column the result lacks.
  static Result<Catalog> from_tables(const VoltTable& columns, const VoltTable* primary_keys,
                                     const VoltTable* index_info = nullptr);

  // The table named `name` ignoring case; an exact match wins over a case-insensitive one (two
  // quoted names may differ only in case). nullptr when there is none, or when several match
  // ignoring case and none exactly (`ambiguous` then says so).
  const TableInfo* find(std::string_view name, bool* ambiguous = nullptr) const;

  const std::vector<TableInfo>& tables() const { return tables_; }
  // "PERSON, R, T": for messages; "(none)" when the database has no table.
  std::string table_names() const;

 private:
  std::vector<TableInfo> tables_;  // sorted by name
};

// "VARCHAR(32)", "INTEGER", "VARBINARY(16)": a column's type as DDL writes it, for messages.
std::string column_type_text(const TableColumn& c);

}  // namespace ksink::voltdb
