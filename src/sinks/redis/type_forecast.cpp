#include "sinks/redis/type_forecast.h"

namespace ksink::redis {
namespace {

// The type a command needs its key to have (or to be absent, "none"), and leaves it with:
// redis/redis src/t_zset.c (zaddGenericCommand: checkType OBJ_ZSET; GEOADD is a ZADD,
// src/geo.c), src/t_stream.c (xaddCommand: streamTypeLookupWriteOrCreate, OBJ_STREAM).
std::string_view required_type(std::string_view command) {
  if (command == "ZADD" || command == "GEOADD") return "zset";
  if (command == "XADD") return "stream";
  return {};
}

}  // namespace

bool TypeForecast::needs_type(std::string_view command) { return !required_type(command).empty(); }

void TypeForecast::learn(std::string_view key, std::string_view type) {
  types_[std::string(key)] = std::string(type);
}

bool TypeForecast::accepts(std::string_view name, std::string_view key) {
  auto it = types_.find(std::string(key));
  if (it == types_.end()) return true;  // never asked: no key of a refusable command
  std::string& type = it->second;
  if (const std::string_view needed = required_type(name); !needed.empty()) {
    if (type != "none" && type != needed) return false;
    type = needed;
  } else if (name == "SET") {
    type = "string";  // SET replaces a key of any type (src/t_string.c setGenericCommand)
  } else if (name == "DEL") {
    type = "none";
  }
  // EXPIRE keeps the type; PUBLISH names a channel, not a key.
  return true;
}

}  // namespace ksink::redis
