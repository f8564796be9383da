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
  struct Entry {
    int64_t offset;
    bool done;
  };

 public:
  // One partition's offsets. The task keeps a pointer per assigned partition, so the per-record
  // calls below cost no lookup; the pointer is valid until forget() of that partition.
  struct Partition {
    std::deque<Entry> entries;
    int64_t committable = -1;  // next offset to read; -1: nothing yet
    int64_t committed = -1;
  };
  Partition* partition(const TopicPartition& tp) { return &parts_[tp]; }

  // A record handed to the sink; offsets of one partition arrive in increasing order.
  void track(Partition* p, int64_t offset) { p->entries.push_back({offset, false}); }
  void done(Partition* p, int64_t offset);
  void track(const TopicPartition& tp, int64_t offset) { track(partition(tp), offset); }
  void done(const TopicPartition& tp, int64_t offset);
  // Partitions whose committable offset moved since the last call, with that offset.
  std::vector<kafka::OffsetToCommit> take_commits();
  // Same, for some partitions only (revocation).
  std::vector<kafka::OffsetToCommit> take_commits(const std::vector<TopicPartition>& tps);
  // Offsets taken whose commit failed: the next take_commits() offers them again.
  void commit_failed(const std::vector<kafka::OffsetToCommit>& offsets);
  // Forget a partition (revoked): its unfinished records will be read again by its next owner.
  void forget(const TopicPartition& tp);
  size_t pending() const;  // records handed over and not done

 private:
  // Node-based: Partition pointers survive inserting other partitions.
  std::unordered_map<TopicPartition, Partition, TopicPartitionHash> parts_;
};

}  // namespace ksink
