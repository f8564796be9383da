// Which Redis Cluster master serves which of the 16384 hash slots, read from CLUSTER SHARDS
// (Redis 7) or CLUSTER SLOTS (older), and how a key maps to its slot. The redirects a node
// answers with (MOVED, ASK) name a slot and a node in the same terms.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <hiredis/hiredis.h>

#include "core/result.h"

namespace ksink::redis {

inline constexpr int kSlotCount = 16384;

struct NodeAddress {
  std::string host;
  int port = 0;
  std::string text() const;  // "host:port", as MOVED names a node
  bool operator==(const NodeAddress&) const = default;
};

// The slot of a key as Redis computes it (redis/redis src/cluster.c keyHashSlot): the CRC16 of
// the key, or of the part between the first '{' and the next '}' when that is not empty (a
// hash tag), modulo 16384.
uint16_t key_hash_slot(std::string_view key);

struct SlotMap {
  std::vector<NodeAddress> masters;   // the nodes that serve slots; owner indexes this
  std::vector<NodeAddress> replicas;  // also asked for the map when the masters are not reachable
  std::vector<int16_t> owner = std::vector<int16_t>(kSlotCount, -1);  // -1: no master
  int master_of(uint16_t slot) const { return owner[slot]; }
  size_t uncovered() const;  // slots without a master
  // Index of `node` among the masters, added when new (a redirect may name a node the map
  // does not know yet).
  int add_master(const NodeAddress& node);
};

// `asked` is the node that answered: an empty endpoint in the reply means "this node"
// (redis docs, CLUSTER SHARDS / CLUSTER SLOTS). With `tls`, a node's tls-port is used when the
// reply gives one.
Result<SlotMap> parse_cluster_shards(const redisReply& reply, const NodeAddress& asked, bool tls);
Result<SlotMap> parse_cluster_slots(const redisReply& reply, const NodeAddress& asked);

// "-MOVED 3999 127.0.0.1:6381" or "-ASK 3999 127.0.0.1:6381" (redis cluster spec); an empty host
// (":6381", Redis 7 with an unknown endpoint) is left empty for the caller to fill in.
struct Redirect {
  bool ask = false;
  uint16_t slot = 0;
  NodeAddress node;
};
std::optional<Redirect> parse_redirect(std::string_view error);

// connect.redis.host as a list of seed nodes: "h1:p1,h2,[::1]:p3"; entries without a port get
// `default_port`.
Result<std::vector<NodeAddress>> parse_seeds(std::string_view hosts, int default_port);

}  // namespace ksink::redis
