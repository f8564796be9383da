// The words KCQL gives a meaning to, and the shape of each clause that may follow FROM.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace ksink::kcql {

// How a clause is written after its keyword; one parsing routine per shape.
enum class ClauseShape {
  // Clauses our sinks act on.
  Ignore,        // IGNORE path, ...
  PrimaryKey,    // PK path, ...
  StoreAs,       // STOREAS Type [(k = v, ...)]
  Ttl,           // TTL = n
  Batch,         // BATCH = n
  Limit,         // LIMIT n
  WithFormat,    // WITHFORMAT fmt
  KeyDelimiter,  // KEYDELIMITER = 'c'
  Properties,    // PROPERTIES (k = v, ...)
  // Other connectors' clauses: parsed so that a statement written for them still reads, then
  // only recorded.
  Flag,       // AUTOCREATE
  Value,      // WITHDOCTYPE = d (the `=` optional)
  Timestamp,  // WITHTIMESTAMP field | sys_time()
  PathList,   // PARTITIONBY a, b.c
  ValueList,  // WITHKEY (a, b)
  Tags,       // WITHTAG (a, b = c, d AS e)
  Buckets,    // DISTRIBUTEBY a, b INTO n BUCKETS
};

struct ClauseSpec {
  std::string_view keyword;  // upper case
  ClauseShape shape;
  bool foreign;  // meaningless to our sinks: recorded in Statement::foreign_clauses
};

// The clause a word introduces, matched case-insensitively; nullptr when it introduces none.
const ClauseSpec* find_clause(std::string_view word);
// The index of a clause in the table, for remembering which clauses a statement already has.
size_t clause_index(const ClauseSpec& spec);
size_t clause_count();

// INSERT, UPSERT, INTO, SELECT, FROM, AS: the words that shape a statement. They are never names
// unless back-ticked; clause keywords may still name a column, where no clause can start.
bool is_structural_keyword(std::string_view word);
bool is_keyword(std::string_view word);

bool iequals(std::string_view a, std::string_view b);
std::string to_upper(std::string_view s);

}  // namespace ksink::kcql
