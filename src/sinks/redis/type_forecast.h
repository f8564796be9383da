// Under THROW the failing record and everything after it stay unwritten (docs/redis-sink.md
// "Errors"). In a Redis Cluster each master runs its pipeline at once, so a WRONGTYPE on one
// master cannot stop what another runs: the stop script of one Redis (stop_script.h) is not
// enough. The one refusal a record can meet there is a key of another type (ZADD and GEOADD need
// a sorted set, XADD a stream; a score or coordinates Redis would refuse are caught while
// encoding, storage_mode.cpp), so the cluster writer
// asks the masters the types of those keys first (TYPE, all masters at once) and this forecast
// replays the batch's commands in order over them: the first command Redis will refuse is known
// before anything is sent, and nothing after it is sent.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace ksink::redis {

class TypeForecast {
 public:
  // Whether `command` (ZADD, GEOADD, XADD) can be refused for its key's type: its key is asked.
  static bool needs_type(std::string_view command);
  // The key's type as TYPE replied it ("none", "string", "zset", "stream", ...).
  void learn(std::string_view key, std::string_view type);
  // The command `name` on `key`, in batch order: false when Redis will refuse it (WRONGTYPE);
  // otherwise the key's type after it. A key never learnt (TYPE could not be asked) is assumed
  // to take the command.
  bool accepts(std::string_view name, std::string_view key);
  void clear() { types_.clear(); }

 private:
  std::unordered_map<std::string, std::string> types_;
};

}  // namespace ksink::redis
