#include "sinks/redis/slot_map.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "sinks/redis/crc16.h"

namespace ksink::redis {

std::string NodeAddress::text() const {
  // IPv6 addresses are bracketed so the port stays unambiguous.
  if (host.find(':') != std::string::npos) return fmt::format("[{}]:{}", host, port);
  return fmt::format("{}:{}", host, port);
}

uint16_t key_hash_slot(std::string_view key) {
  const size_t open = key.find('{');
  if (open != std::string_view::npos) {
    const size_t close = key.find('}', open + 1);
    // "{}" (nothing between) hashes the whole key, as Redis does.
    if (close != std::string_view::npos && close > open + 1)
      key = key.substr(open + 1, close - open - 1);
  }
  return static_cast<uint16_t>(crc16(key) & (kSlotCount - 1));
}

size_t SlotMap::uncovered() const {
  return static_cast<size_t>(std::count(owner.begin(), owner.end(), int16_t{-1}));
}

int SlotMap::add_master(const NodeAddress& node) {
  auto it = std::find(masters.begin(), masters.end(), node);
  if (it != masters.end()) return static_cast<int>(it - masters.begin());
  masters.push_back(node);
  return static_cast<int>(masters.size() - 1);
}

namespace {

// RESP2 (no HELLO 3): maps arrive as flat arrays of name, value.
bool is_list(const redisReply* r) { return r && r->type == REDIS_REPLY_ARRAY; }

std::string_view text_of(const redisReply* r) {
  if (r && (r->type == REDIS_REPLY_STRING || r->type == REDIS_REPLY_STATUS))
    return {r->str, r->len};
  return {};
}

// Integers arrive as integers, but accept their text too: a proxy or an older server may send
// them as bulk strings.
std::optional<long long> int_of(const redisReply* r) {
  if (!r) return std::nullopt;
  if (r->type == REDIS_REPLY_INTEGER) return r->integer;
  std::string_view t = text_of(r);
  long long v = 0;
  auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (t.empty() || ec != std::errc() || p != t.data() + t.size()) return std::nullopt;
  return v;
}

// An endpoint as CLUSTER SHARDS/SLOTS give it: empty is the node that answered, "?" unknown.
std::optional<std::string> endpoint_host(std::string_view endpoint, std::string_view ip,
                                         const NodeAddress& asked) {
  if (endpoint.empty()) return asked.host;
  if (endpoint != "?") return std::string(endpoint);
  if (!ip.empty() && ip != "?") return std::string(ip);
  return std::nullopt;
}

Status assign(SlotMap& map, long long first, long long last, int master) {
  if (first < 0 || last >= kSlotCount || first > last)
    return Error{fmt::format("slot range {}-{} is not within 0-16383", first, last)};
  for (long long s = first; s <= last; ++s) map.owner[static_cast<size_t>(s)] = static_cast<int16_t>(master);
  return {};
}

}  // namespace

Result<SlotMap> parse_cluster_shards(const redisReply& reply, const NodeAddress& asked, bool tls) {
  if (!is_list(&reply)) return Error{"CLUSTER SHARDS did not return an array"};
  SlotMap map;
  for (size_t i = 0; i < reply.elements; ++i) {
    const redisReply* shard = reply.element[i];
    if (!is_list(shard)) return Error{"CLUSTER SHARDS: a shard is not a map"};
    const redisReply* slots = nullptr;
    const redisReply* nodes = nullptr;
    for (size_t k = 0; k + 1 < shard->elements; k += 2) {
      std::string_view name = text_of(shard->element[k]);
      if (name == "slots") slots = shard->element[k + 1];
      if (name == "nodes") nodes = shard->element[k + 1];
    }
    if (!is_list(slots) || !is_list(nodes)) return Error{"CLUSTER SHARDS: a shard lacks slots or nodes"};
    // A shard has one master; during a failover the old one may still be listed as a master
    // that failed, so an online master wins.
    std::optional<NodeAddress> master;
    bool master_online = false;
    for (size_t n = 0; n < nodes->elements; ++n) {
      const redisReply* node = nodes->element[n];
      if (!is_list(node)) continue;
      std::string_view role, endpoint, ip, health;
      std::optional<long long> port, tls_port;
      bool has_endpoint = false;
      for (size_t k = 0; k + 1 < node->elements; k += 2) {
        std::string_view name = text_of(node->element[k]);
        const redisReply* v = node->element[k + 1];
        if (name == "role") role = text_of(v);
        else if (name == "endpoint") endpoint = text_of(v), has_endpoint = true;
        else if (name == "ip") ip = text_of(v);
        else if (name == "port") port = int_of(v);
        else if (name == "tls-port") tls_port = int_of(v);
        else if (name == "health") health = text_of(v);
      }
      auto host = endpoint_host(has_endpoint ? endpoint : ip, ip, asked);
      std::optional<long long> p = tls && tls_port ? tls_port : port ? port : tls_port;
      if (!host || !p) continue;
      NodeAddress address{*host, static_cast<int>(*p)};
      const bool online = health.empty() || health == "online";
      if (role == "master" && (!master || (online && !master_online))) {
        if (master) map.replicas.push_back(*master);
        master = address;
        master_online = online;
      } else {
        map.replicas.push_back(address);
      }
    }
    if (slots->elements == 0) continue;  // a shard serving nothing (yet)
    if (!master) return Error{"CLUSTER SHARDS: a shard with slots has no reachable master"};
    const int index = map.add_master(*master);
    for (size_t k = 0; k + 1 < slots->elements; k += 2) {
      auto first = int_of(slots->element[k]);
      auto last = int_of(slots->element[k + 1]);
      if (!first || !last) return Error{"CLUSTER SHARDS: a slot range is not numeric"};
      if (auto s = assign(map, *first, *last, index); !s) return Error{"CLUSTER SHARDS: " + s.error().message};
    }
  }
  return map;
}

Result<SlotMap> parse_cluster_slots(const redisReply& reply, const NodeAddress& asked) {
  if (!is_list(&reply)) return Error{"CLUSTER SLOTS did not return an array"};
  SlotMap map;
  // Each entry: start, end, then the master [host, port, id, ...] and its replicas alike.
  for (size_t i = 0; i < reply.elements; ++i) {
    const redisReply* range = reply.element[i];
    if (!is_list(range) || range->elements < 3) return Error{"CLUSTER SLOTS: malformed slot range"};
    auto first = int_of(range->element[0]);
    auto last = int_of(range->element[1]);
    if (!first || !last) return Error{"CLUSTER SLOTS: a slot range is not numeric"};
    int master = -1;
    for (size_t n = 2; n < range->elements; ++n) {
      const redisReply* node = range->element[n];
      if (!is_list(node) || node->elements < 2) return Error{"CLUSTER SLOTS: malformed node"};
      auto host = endpoint_host(text_of(node->element[0]), {}, asked);
      auto port = int_of(node->element[1]);
      if (!host || !port) continue;
      NodeAddress address{*host, static_cast<int>(*port)};
      if (n == 2) {
        master = map.add_master(address);
      } else if (std::find(map.replicas.begin(), map.replicas.end(), address) == map.replicas.end()) {
        map.replicas.push_back(address);
      }
    }
    if (master < 0) return Error{"CLUSTER SLOTS: a slot range has no reachable master"};
    if (auto s = assign(map, *first, *last, master); !s) return Error{"CLUSTER SLOTS: " + s.error().message};
  }
  return map;
}

std::optional<Redirect> parse_redirect(std::string_view e) {
  Redirect r;
  if (e.rfind("MOVED ", 0) == 0) {
    e.remove_prefix(6);
  } else if (e.rfind("ASK ", 0) == 0) {
    r.ask = true;
    e.remove_prefix(4);
  } else {
    return std::nullopt;
  }
  const size_t space = e.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  unsigned slot = 0;
  auto [p, ec] = std::from_chars(e.data(), e.data() + space, slot);
  if (ec != std::errc() || p != e.data() + space || slot >= kSlotCount) return std::nullopt;
  r.slot = static_cast<uint16_t>(slot);
  std::string_view node = e.substr(space + 1);
  const size_t colon = node.rfind(':');
  if (colon == std::string_view::npos) return std::nullopt;
  int port = 0;
  auto [q, ec2] = std::from_chars(node.data() + colon + 1, node.data() + node.size(), port);
  if (ec2 != std::errc() || q != node.data() + node.size() || port <= 0) return std::nullopt;
  std::string_view host = node.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  r.node = {std::string(host), port};
  return r;
}

Result<std::vector<NodeAddress>> parse_seeds(std::string_view hosts, int default_port) {
  std::vector<NodeAddress> seeds;
  while (!hosts.empty()) {
    const size_t comma = hosts.find(',');
    std::string_view entry = hosts.substr(0, comma);
    hosts = comma == std::string_view::npos ? std::string_view{} : hosts.substr(comma + 1);
    while (!entry.empty() && entry.front() == ' ') entry.remove_prefix(1);
    while (!entry.empty() && entry.back() == ' ') entry.remove_suffix(1);
    if (entry.empty()) continue;
    NodeAddress node{std::string(entry), default_port};
    // "host:port" or "[v6]:port"; a bare IPv6 address (several colons) has no port.
    std::string_view host = entry;
    std::string_view port;
    if (entry.front() == '[') {
      const size_t close = entry.find(']');
      if (close == std::string_view::npos)
        return Error{fmt::format("'{}' lacks the closing ']'", entry)};
      host = entry.substr(1, close - 1);
      if (close + 1 < entry.size()) {
        if (entry[close + 1] != ':') return Error{fmt::format("'{}' is not [address]:port", entry)};
        port = entry.substr(close + 2);
      }
    } else if (const size_t colon = entry.find(':');
               colon != std::string_view::npos && entry.find(':', colon + 1) == std::string_view::npos) {
      host = entry.substr(0, colon);
      port = entry.substr(colon + 1);
    }
    node.host = std::string(host);
    if (!port.empty() || entry.back() == ':') {
      int p = 0;
      auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), p);
      if (port.empty() || ec != std::errc() || end != port.data() + port.size() || p < 1 || p > 65535)
        return Error{fmt::format("'{}' has no valid port (1-65535)", entry)};
      node.port = p;
    }
    if (node.host.empty()) return Error{fmt::format("'{}' has no host", entry)};
    seeds.push_back(std::move(node));
  }
  if (seeds.empty()) return Error{"no host given"};
  return seeds;
}

}  // namespace ksink::redis
