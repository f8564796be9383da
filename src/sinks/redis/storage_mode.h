// How one KCQL statement is stored in Redis (docs/redis-sink.md): the mode chosen by STOREAS and
// PK, its parameters resolved once at start, and the encoding of a record into its commands.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/record.h"
#include "core/result.h"
#include "kcql/statement.h"
#include "sinks/redis/resp.h"

namespace ksink::redis {

enum class Mode { Cache, SortedSet, MultipleSortedSets, Geo, PubSub, Stream };

std::string_view mode_name(Mode m);
// The STOREAS parameters a mode reads, as Stream Reactor spells them (matched ignoring case);
// any other is a configuration error.
std::vector<std::string_view> accepted_store_as_params(Mode m);

struct StoragePlan {
  const kcql::Statement* statement = nullptr;
  Mode mode = Mode::Cache;
  std::string key;        // the target: key prefix, sorted set, stream or channel name
  std::string delimiter;  // joins PK values
  std::optional<int64_t> ttl;
  kcql::Path score;       // SortedSet modes
  kcql::Path longitude;   // GeoAdd
  kcql::Path latitude;
  std::optional<kcql::Path> channel_field;  // PubSub: the field naming the channel
  std::optional<int64_t> maxlen;            // Stream
  size_t batch_limit = 0;                   // BATCH = n, 0 when absent
  bool identity = false;                    // `SELECT *` alone: the value is the row
  // Redis may refuse its commands when it runs them: ZADD, GEOADD and XADD reply WRONGTYPE on a
  // key of another type (ZADD also to a NaN score). SET, DEL and PUBLISH are never refused for the
  // record's sake (SET replaces a key of any type; TTLs are checked at start: kMaxTtlSeconds).
  bool refusable = false;
};

// The longest TTL: Redis refuses an expiry of more milliseconds from now than a long long holds,
// whose bound is about 9.22e15 seconds; this leaves room for "now".
inline constexpr int64_t kMaxTtlSeconds = 9'000'000'000'000'000;

// The plan for a statement, or an error that quotes it and says how to fix it. Clauses the mode
// does not use become warnings.
Result<StoragePlan> plan_statement(const kcql::Statement& statement,
                                   const std::string& default_delimiter,
                                   std::vector<std::string>& warnings);

// Memory reused from record to record: no allocation per record on the hot path.
struct EncodeScratch {
  std::string key;
  std::string value;
};

// Appends the record's command(s) to `out`; on a record error returns false with `error` naming
// the field and what was expected (the buffer is then as before).
bool encode_record(const StoragePlan& plan, const Record& record, CommandBuffer& out,
                   EncodeScratch& scratch, std::string& error);

// The one key all the commands of the record just encoded write (SET/DEL, ZADD and EXPIRE,
// GEOADD and EXPIRE, XADD and EXPIRE: never two keys, so never two cluster slots), or for PubSub
// its channel (any node would do; hashing the channel keeps one channel on one connection, in
// order). This decides the Redis Cluster node of the record.
std::string_view routing_key(const StoragePlan& plan, const EncodeScratch& scratch);

}  // namespace ksink::redis
