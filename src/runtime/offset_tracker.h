// The one place that decides what may be committed. Per partition it holds the offsets handed to
// the sink in order and which of them are done (written, skipped or dead-lettered); the
// committable offset is one past the highest offset below which everything is done. Offsets need
// not be contiguous (compaction and transaction markers leave gaps).
#pragma once

#include <cstdint>
#include <deque>
#include <unordered_map>
#include <vector>

#include "kafka/consumer.h"
#include "kafka/topic_partition.h"

namespace ksink {

class OffsetTracker {
 public:
  // A record handed to the sink; offsets of one partition arrive in increasing order.
  void track(const TopicPartition& tp, int64_t offset);
  void done(const TopicPartition& tp, int64_t offset);
  // Partitions whose committable offset moved since the last call, with that offset.
  std::vector<kafka::OffsetToCommit> take_commits();
  // Same, for some partitions only (revocation).
  std::vector<kafka::OffsetToCommit> take_commits(const std::vector<TopicPartition>& tps);
  // Forget a partition (revoked): its unfinished records will be read again by its next owner.
  void forget(const TopicPartition& tp);
  size_t pending() const;  // records handed over and not done

 private:
  struct Entry {
    int64_t offset;
    bool done;
  };
  struct Partition {
    std::deque<Entry> entries;
    int64_t committable = -1;  // next offset to read; -1: nothing yet
    int64_t committed = -1;
  };
  std::unordered_map<TopicPartition, Partition, TopicPartitionHash> parts_;
};

}  // namespace ksink
