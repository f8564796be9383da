#include "sinks/voltdb/client/hashinator.h"

#include <algorithm>
#include <set>
#include <string>

#include "sinks/voltdb/client/byte_io.h"
#include "sinks/voltdb/client/murmur3.h"

namespace ksink::voltdb {

Result<Hashinator> Hashinator::from_config(std::string_view raw) {
  ByteReader r(raw);
  const int32_t n = r.i32("token count");
  if (!r.ok() || n <= 0 || raw.size() != 4 + static_cast<size_t>(n) * 8)
    return Error{
        "the hashinator configuration is not a token count followed by that many "
        "(token, partition) pairs (" +
        std::to_string(raw.size()) + " bytes)"};
  Hashinator h;
  h.ring_.reserve(static_cast<size_t>(n));
  std::set<int32_t> partitions;
  for (int32_t i = 0; i < n; ++i) {
    const int32_t token = r.i32("token");
    const int32_t partition = r.i32("partition");
    if (!h.ring_.empty() && token < h.ring_.back().first)
      return Error{"the hashinator's tokens are not in ascending order"};
    if (partition < 0) return Error{"the hashinator names a negative partition"};
    h.ring_.emplace_back(token, partition);
    partitions.insert(partition);
  }
  h.partitions_ = partitions.size();
  return h;
}

Result<Hashinator> Hashinator::from_topology(const std::vector<VoltTable>& tables) {
  if (tables.size() < 2)
    return Error{"@Statistics TOPO returned no hashinator table (a server older than VoltDB 4)"};
  const VoltTable& t = tables[1];
  auto type = t.column_index("HASHTYPE");
  auto config = t.column_index("HASHCONFIG");
  if (!type || !config || t.rows.empty())
    return Error{"@Statistics TOPO's second table has no HASHTYPE and HASHCONFIG row"};
  const Cell& type_cell = t.rows[0][*type];
  const Cell& config_cell = t.rows[0][*config];
  if (type_cell.is_null() || type_cell.type() != Type::String || type_cell.as_string() != "ELASTIC")
    return Error{"the cluster's hashinator is not ELASTIC"};
  if (config_cell.is_null() || config_cell.type() != Type::VarBinary)
    return Error{"@Statistics TOPO's HASHCONFIG is not a VARBINARY"};
  return from_config(config_cell.as_string());
}

int32_t Hashinator::partition_of_token(int32_t token) const {
  // The last ring token at or below `token`.
  auto it = std::upper_bound(ring_.begin(), ring_.end(), token,
                             [](int32_t t, const auto& entry) { return t < entry.first; });
  if (it == ring_.begin()) return ring_.back().second;
  return std::prev(it)->second;
}

int32_t Hashinator::partition_of_bytes(std::string_view bytes) const {
  return partition_of_token(voltdb_hash(bytes));
}

int32_t Hashinator::partition_of_integer(int64_t value) const {
  return partition_of_token(voltdb_hash_integer(value));
}

}  // namespace ksink::voltdb
