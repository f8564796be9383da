#include "kcql/keywords.h"

#include <array>

namespace ksink::kcql {

namespace {

using enum ClauseShape;

// kcql.md's clause table, plus the clauses Stream Reactor's newest grammar has beyond it
// (WITHGROUP ... WITH_LOCK_TIME, DISTRIBUTEBY, CLUSTERBY), since ksink accepts what it accepts.
constexpr std::array kClauses = {
    ClauseSpec{"IGNORE", Ignore, false},
    ClauseSpec{"PK", PrimaryKey, false},
    ClauseSpec{"STOREAS", StoreAs, false},
    ClauseSpec{"TTL", Ttl, false},
    ClauseSpec{"BATCH", Batch, false},
    ClauseSpec{"WITHFORMAT", WithFormat, false},
    ClauseSpec{"KEYDELIMITER", KeyDelimiter, false},
    ClauseSpec{"PROPERTIES", Properties, false},
    // kcql.md lists LIMIT with the other connectors' clauses: it is kept in Statement::limit and
    // still recorded, so that a sink warns that it does not apply it.
    ClauseSpec{"LIMIT", Limit, true},
    ClauseSpec{"WITHTIMESTAMP", Timestamp, true},
    ClauseSpec{"TIMESTAMPUNIT", Value, true},
    ClauseSpec{"PARTITIONBY", PathList, true},
    ClauseSpec{"NOPARTITION", Flag, true},
    ClauseSpec{"WITHKEY", ValueList, true},
    ClauseSpec{"WITHTAG", Tags, true},
    ClauseSpec{"WITHUNWRAP", Flag, true},
    ClauseSpec{"WITHSTRUCTURE", Flag, true},
    ClauseSpec{"AUTOCREATE", Flag, true},
    ClauseSpec{"AUTOEVOLVE", Flag, true},
    ClauseSpec{"WITHTYPE", Value, true},
    ClauseSpec{"WITHDOCTYPE", Value, true},
    ClauseSpec{"WITHINDEXSUFFIX", Value, true},
    ClauseSpec{"INCREMENTALMODE", Value, true},
    ClauseSpec{"WITHCONVERTER", Value, true},
    ClauseSpec{"WITHJMSSELECTOR", Value, true},
    ClauseSpec{"WITHTARGET", Value, true},
    ClauseSpec{"WITHPIPELINE", Value, true},
    ClauseSpec{"WITHSUBSCRIPTION", Value, true},
    ClauseSpec{"WITHREGEX", Value, true},
    ClauseSpec{"WITHGROUP", Value, true},
    ClauseSpec{"WITHPARTITIONER", Value, true},
    ClauseSpec{"WITHCOMPRESSION", Value, true},
    ClauseSpec{"WITHDELAY", Value, true},
    ClauseSpec{"WITH_FLUSH_SIZE", Value, true},
    ClauseSpec{"WITH_FLUSH_INTERVAL", Value, true},
    ClauseSpec{"WITH_FLUSH_COUNT", Value, true},
    ClauseSpec{"WITH_SESSION", Value, true},
    ClauseSpec{"WITH_LOCK_TIME", Value, true},
    ClauseSpec{"WITH_ACK", Flag, true},
    ClauseSpec{"WITH_ENCODE_BASE64", Flag, true},
    ClauseSpec{"DISTRIBUTEBY", Buckets, true},
    ClauseSpec{"CLUSTERBY", Buckets, true},
};

constexpr std::array<std::string_view, 6> kStructural = {"INSERT", "UPSERT", "INTO",
                                                         "SELECT", "FROM",   "AS"};

char upper(char c) { return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c; }

}  // namespace

const ClauseSpec* find_clause(std::string_view word) {
  for (const auto& spec : kClauses)
    if (iequals(spec.keyword, word)) return &spec;
  return nullptr;
}

size_t clause_index(const ClauseSpec& spec) { return static_cast<size_t>(&spec - kClauses.data()); }

size_t clause_count() { return kClauses.size(); }

bool is_structural_keyword(std::string_view word) {
  for (auto keyword : kStructural)
    if (iequals(keyword, word)) return true;
  return false;
}

bool is_keyword(std::string_view word) {
  return is_structural_keyword(word) || find_clause(word) != nullptr;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (upper(a[i]) != upper(b[i])) return false;
  return true;
}

std::string to_upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = upper(c);
  return out;
}

}  // namespace ksink::kcql
