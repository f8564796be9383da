// Which VoltDB partition holds a partition value: the cluster's elastic hashinator, as VoltDB's
// Java client keeps it (HashinatorLite) from `@Statistics TOPO` (docs/voltdb-protocol.md
// section 15). The ring is a sorted list of 32-bit tokens, each owned by a partition; a value's
// MurmurHash3 token belongs to the partition of the greatest ring token at or below it (below
// the first ring token: the last one, as on a ring).
#pragma once

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "sinks/voltdb/client/volt_table.h"

namespace ksink::voltdb {

class Hashinator {
 public:
  // From the raw (uncompressed) ELASTIC configuration: an i32 count, then that many (i32 token,
  // i32 partition) pairs with tokens in ascending order. An error says what is wrong.
  static Result<Hashinator> from_config(std::string_view raw);
  // From the result tables of `@Statistics TOPO 0`: the second holds HASHTYPE and HASHCONFIG.
  static Result<Hashinator> from_topology(const std::vector<VoltTable>& tables);

  int32_t partition_of_token(int32_t token) const;
  // The partition of a value as the client turns it into bytes (murmur3.h).
  int32_t partition_of_bytes(std::string_view bytes) const;
  int32_t partition_of_integer(int64_t value) const;

  // How many distinct partitions own tokens.
  size_t partition_count() const { return partitions_; }

 private:
  std::vector<std::pair<int32_t, int32_t>> ring_;  // (token, partition), tokens ascending
  size_t partitions_ = 0;
};

}  // namespace ksink::voltdb
