#include "sinks/voltdb/client/endpoint.h"

namespace ksink::voltdb {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

Result<uint16_t> parse_port(std::string_view text, std::string_view whole) {
  uint32_t port = 0;
  bool ok = !text.empty() && text.size() <= 5;
  for (char c : text) {
    if (c < '0' || c > '9')
      ok = false;
    else
      port = port * 10 + static_cast<uint32_t>(c - '0');
  }
  if (!ok || port == 0 || port > 65535)
    return Error{"invalid port in VoltDB server '" + std::string(whole) +
                 "': expected host[:port] with a port from 1 to 65535"};
  return static_cast<uint16_t>(port);
}

}  // namespace

std::string Endpoint::to_string() const {
  bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

Result<Endpoint> parse_endpoint(std::string_view text) {
  std::string_view whole = text;
  text = trim(text);
  Endpoint ep;
  std::string_view host = text, port;
  bool has_port = false;
  if (text.starts_with("[")) {
    size_t close = text.find(']');
    if (close == std::string_view::npos)
      return Error{"invalid VoltDB server '" + std::string(whole) + "': missing ']'"};
    host = text.substr(1, close - 1);
    std::string_view rest = text.substr(close + 1);
    if (!rest.empty()) {
      if (rest.front() != ':')
        return Error{"invalid VoltDB server '" + std::string(whole) +
                     "': expected ':port' after ']'"};
      port = rest.substr(1);
      has_port = true;
    }
  } else if (size_t colon = text.find(':'); colon != std::string_view::npos &&
                                            text.find(':', colon + 1) == std::string_view::npos) {
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
    has_port = true;
  }  // more than one ':' without brackets: a bare IPv6 address
  if (host.empty())
    return Error{"invalid VoltDB server '" + std::string(whole) + "': the host is empty"};
  ep.host = std::string(host);
  if (has_port) {
    Result<uint16_t> p = parse_port(port, whole);
    if (!p) return p.error();
    ep.port = *p;
  }
  return ep;
}

Result<std::vector<Endpoint>> parse_endpoints(std::string_view list) {
  std::vector<Endpoint> out;
  while (true) {
    size_t comma = list.find(',');
    std::string_view item = trim(list.substr(0, comma));
    if (!item.empty()) {
      Result<Endpoint> ep = parse_endpoint(item);
      if (!ep) return ep.error();
      out.push_back(*ep);
    }
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  if (out.empty()) return Error{"no VoltDB server given: expected host[:port][,host[:port]…]"};
  return out;
}

}  // namespace ksink::voltdb
