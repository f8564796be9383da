// A server address from `connect.volt.servers`: `host[:port]`, default port 21212.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace ksink::voltdb {

inline constexpr uint16_t kDefaultPort = 21212;

struct Endpoint {
  std::string host;
  uint16_t port = kDefaultPort;

  std::string to_string() const;  // "host:port", IPv6 hosts in brackets
  bool operator==(const Endpoint&) const = default;
};

// "db1", "db1:21211", "10.0.0.1:21212", "[::1]:21212"; a bare IPv6 address takes the default
// port. Errors name the text and what is wrong with it.
Result<Endpoint> parse_endpoint(std::string_view text);
// A comma-separated list; blanks around entries are ignored; at least one entry.
Result<std::vector<Endpoint>> parse_endpoints(std::string_view list);

}  // namespace ksink::voltdb
