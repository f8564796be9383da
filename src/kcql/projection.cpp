#include "kcql/projection.h"

#include <string>
#include <utility>
#include <vector>

namespace ksink::kcql {

namespace {

// The node a value or key path points at, without copying it; nullptr for other sources.
const Value* locate(const Path& path, const Record& record) {
  switch (path.source) {
    case Source::Value:
      return record.value.at_path(path.parts);
    case Source::Key:
      return record.key.at_path(path.parts);
    default:
      return nullptr;
  }
}

std::string joined(const std::vector<std::string>& parts) {
  std::string out = parts[0];
  for (size_t i = 1; i < parts.size(); ++i) out += "." + parts[i];
  return out;
}

// A column `f` (or `_value.f`) that `*` also selects, so it renames the field where it stands.
bool is_top_level_field(const Column& column) {
  return column.path.source == Source::Value && column.path.parts.size() == 1 &&
         !column.path.wildcard;
}

const Column* renaming_column(const Statement& statement, const std::string& field) {
  for (const Column& column : statement.columns)
    if (is_top_level_field(column) && column.path.parts[0] == field) return &column;
  return nullptr;
}

// Whether column `index` was already written in place of its field by the `*` pass: only the
// first column naming a field of the value takes its place, later ones follow like the others.
bool written_in_place(const Statement& statement, size_t index, const Value& value) {
  const Column& column = statement.columns[index];
  if (!is_top_level_field(column) || value.find(column.path.parts[0]) == nullptr) return false;
  for (size_t i = 0; i < index; ++i) {
    const Column& earlier = statement.columns[i];
    if (is_top_level_field(earlier) && earlier.path.parts[0] == column.path.parts[0]) return false;
  }
  return true;
}

// A copy of `value` without the IGNOREd paths below it. `ignores` hold the paths that lead into
// `value`, whose first `depth` parts are already matched.
Value pruned(const Value& value, const std::vector<const Path*>& ignores, size_t depth) {
  if (!value.is_object()) return value;
  Object out;
  out.reserve(value.as_object().size());
  for (const auto& [name, child] : value.as_object()) {
    bool drop = false;
    std::vector<const Path*> deeper;
    for (const Path* path : ignores) {
      if (path->parts[depth] != name) continue;
      if (path->parts.size() == depth + 1)
        drop = true;
      else
        deeper.push_back(path);
    }
    if (drop) continue;
    if (deeper.empty())
      out.emplace_back(name, child);
    else
      out.emplace_back(name, pruned(child, deeper, depth + 1));
  }
  return Value(std::move(out));
}

// `*`: the value's fields in order, renamed in place by a column naming them, minus IGNOREd ones.
void append_all(const Statement& statement, const Object& fields, Object& out) {
  for (const auto& [name, field] : fields) {
    if (const Column* column = renaming_column(statement, name)) {
      out.emplace_back(column->name(), field);
      continue;
    }
    bool drop = false;
    std::vector<const Path*> nested;  // stays unallocated unless a nested path is ignored
    for (const Path& path : statement.ignore) {
      if (path.source != Source::Value || path.parts.empty() || path.parts[0] != name) continue;
      if (path.parts.size() == 1)
        drop = true;
      else
        nested.push_back(&path);
    }
    if (drop) continue;
    if (nested.empty())
      out.emplace_back(name, field);
    else
      out.emplace_back(name, pruned(field, nested, 1));
  }
}

void append_column(const Column& column, const Record& record, Object& out) {
  if (column.path.wildcard) {
    const Value* node = locate(column.path, record);
    if (node != nullptr && node->is_object())
      for (const auto& field : node->as_object()) out.push_back(field);
    return;
  }
  if (const Value* node = locate(column.path, record)) {
    out.emplace_back(column.name(), *node);
  } else if (column.path.source != Source::Value && column.path.source != Source::Key) {
    if (auto value = resolve(column.path, record))
      out.emplace_back(column.name(), std::move(*value));
  }
}

}  // namespace

std::optional<Value> resolve(const Path& path, const Record& record) {
  Value storage;
  const Value* v = resolve(path, record, storage);
  if (v == nullptr) return std::nullopt;
  return v == &storage ? std::move(storage) : *v;
}

const Value* resolve(const Path& path, const Record& record, Value& storage) {
  switch (path.source) {
    case Source::Value:
    case Source::Key:
      return locate(path, record);
    case Source::Header: {
      if (path.parts.empty()) return nullptr;
      // The parser keeps `_header.a.b` as the one name "a.b"; a Path built elsewhere may split it.
      const Header* header =
          path.parts.size() == 1 ? record.header(path.parts[0]) : record.header(joined(path.parts));
      if (header == nullptr) return nullptr;
      storage = header->value ? Value(*header->value) : Value(nullptr);
      return &storage;
    }
    case Source::Topic:
      storage = Value(record.topic);
      return &storage;
    case Source::Partition:
      storage = Value(int64_t{record.partition});
      return &storage;
    case Source::Offset:
      storage = Value(record.offset);
      return &storage;
    case Source::Timestamp:
      // Kafka marks a record without a timestamp with -1: that is no timestamp, not 1969.
      if (record.timestamp < 0) return nullptr;
      storage = Value(record.timestamp);
      return &storage;
  }
  return nullptr;
}

Value project(const Statement& statement, const Record& record) {
  const Value& value = record.value;
  if (statement.select_all && statement.columns.empty() && statement.ignore.empty()) return value;
  if (statement.select_all && statement.columns.empty() && !value.is_object()) return value;

  const bool all_fields = statement.select_all && value.is_object();
  Object out;
  out.reserve((all_fields ? value.as_object().size() : 0) + statement.columns.size());
  if (all_fields) append_all(statement, value.as_object(), out);
  for (size_t i = 0; i < statement.columns.size(); ++i) {
    if (all_fields && written_in_place(statement, i, value)) continue;
    append_column(statement.columns[i], record, out);
  }
  return Value(std::move(out));
}

}  // namespace ksink::kcql
