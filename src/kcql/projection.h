// Projection: a statement's columns applied to a record, giving the row a sink writes.
#pragma once

#include "core/record.h"
#include "core/value.h"
#include "kcql/statement.h"

namespace ksink::kcql {

// Resolves a path against a record: the value's field (nested), the key or a field of it, a
// header as a string, or metadata (_topic string, _partition/_offset/_timestamp integers).
// nullopt when the field or header is absent, or for `_timestamp` when the record has none (-1).
// `_key` alone is the whole key; a header with a null value is a null Value.
std::optional<Value> resolve(const Path& path, const Record& record);
// The same without copying: a pointer into the record for value and key paths, or to `storage`
// (filled here) for headers and metadata; nullptr when absent.
const Value* resolve(const Path& path, const Record& record, Value& storage);

// The selected fields as an Object, in output order:
// - `*`: every field of the value in its order, minus IGNOREd ones; a column that names a top-level
//   field also selected by `*` renames it in place (`SELECT *, salary AS income`); other columns
//   follow in statement order.
// - explicit columns: in statement order, named by alias or last path part; a `a.b.*` column
//   contributes the fields of a.b; absent fields are left out.
// A value that is not an object under a plain `SELECT *` is returned as it is (a string value
// stays a string).
Value project(const Statement& statement, const Record& record);

}  // namespace ksink::kcql
