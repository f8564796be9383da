// The KCQL abstract syntax: what a parsed statement says, independent of any sink.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ksink::kcql {

// Where a path reads from: the record value (default), its key, a header, or record metadata.
enum class Source { Value, Key, Header, Topic, Partition, Offset, Timestamp };

struct Path {
  Source source = Source::Value;
  // Field names below the source: `child.firstName` -> {"child","firstName"}; `_key` -> {};
  // `_key.id` -> {"id"}; `_header.trace` -> {"trace"}; `_value.a` -> {"a"}; `_topic` -> {}.
  std::vector<std::string> parts;
  bool wildcard = false;  // `a.b.*` (parts {"a","b"}) or a bare `*` (parts {})
  std::string text;       // as written, for messages

  // The output field name when no alias is given: the last part, or the canonical name of a
  // metadata path (`_topic`, `_key`, ...; `_.topic` is named `_topic` too).
  std::string default_name() const;
};

struct Column {
  Path path;
  std::string alias;  // empty when none
  std::string name() const { return alias.empty() ? path.default_name() : alias; }
};

enum class Operation { Insert, Upsert, Select };

struct Statement {
  int number = 1;       // 1-based position in the setting, for messages
  std::string text;     // the statement as written (trimmed), for messages
  Operation operation = Operation::Select;
  std::string target;   // INSERT/UPSERT INTO target; empty for a bare SELECT
  std::string source;   // FROM topic
  bool select_all = false;      // `*` among the columns
  std::vector<Column> columns;  // the non-`*` columns, in statement order
  std::vector<Path> ignore;     // IGNORE list
  std::vector<Path> primary_keys;  // PK list
  std::optional<std::string> store_as;  // STOREAS type, as written
  std::vector<std::pair<std::string, std::string>> store_as_params;  // (k = v), in order
  std::optional<int64_t> ttl;
  std::optional<int64_t> batch_size;
  std::optional<int64_t> limit;
  std::optional<std::string> with_format;   // upper-cased
  std::optional<std::string> key_delimiter;
  std::vector<std::pair<std::string, std::string>> properties;
  // Clauses of other connectors that were parsed but mean nothing to our sinks, by keyword as
  // written in upper case ("WITHTIMESTAMP", "PARTITIONBY", ...), so a sink can warn about them.
  std::vector<std::string> foreign_clauses;

  // The STOREAS parameter by key (keys compare case-insensitively).
  std::optional<std::string> store_as_param(std::string_view key) const;
};

}  // namespace ksink::kcql
