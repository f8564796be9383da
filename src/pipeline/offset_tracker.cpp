#include "pipeline/offset_tracker.h"

#include <algorithm>

namespace ksink {

void OffsetTracker::done(const TopicPartition& tp, int64_t offset) {
  auto it = parts_.find(tp);
  if (it != parts_.end()) done(&it->second, offset);  // else forgotten (revoked) meanwhile
}

void OffsetTracker::done(Partition* part, int64_t offset) {
  Partition& p = *part;
  // Records are mostly done in the order they were tracked: the front is the usual hit.
  if (!p.entries.empty() && p.entries.front().offset == offset) {
    p.entries.pop_front();
    p.committable = offset + 1;
    while (!p.entries.empty() && p.entries.front().done) {
      p.committable = p.entries.front().offset + 1;
      p.entries.pop_front();
    }
    return;
  }
  auto e = std::lower_bound(p.entries.begin(), p.entries.end(), offset,
                            [](const Entry& a, int64_t o) { return a.offset < o; });
  if (e == p.entries.end() || e->offset != offset) return;
  e->done = true;
  while (!p.entries.empty() && p.entries.front().done) {
    p.committable = p.entries.front().offset + 1;
    p.entries.pop_front();
  }
}

std::vector<kafka::OffsetToCommit> OffsetTracker::take_commits() {
  std::vector<kafka::OffsetToCommit> out;
  for (auto& [tp, p] : parts_) {
    if (p.committable > p.committed) {
      out.push_back({tp, p.committable});
      p.committed = p.committable;
    }
  }
  return out;
}

std::vector<kafka::OffsetToCommit> OffsetTracker::take_commits(
    const std::vector<TopicPartition>& tps) {
  std::vector<kafka::OffsetToCommit> out;
  for (const auto& tp : tps) {
    auto it = parts_.find(tp);
    if (it == parts_.end()) continue;
    Partition& p = it->second;
    if (p.committable > p.committed) {
      out.push_back({tp, p.committable});
      p.committed = p.committable;
    }
  }
  return out;
}

void OffsetTracker::commit_failed(const std::vector<kafka::OffsetToCommit>& offsets) {
  for (const auto& o : offsets) {
    auto it = parts_.find(o.tp);
    // Unless a later take_commits() moved it on, or the partition is gone.
    if (it != parts_.end() && it->second.committed == o.offset) it->second.committed = -1;
  }
}

void OffsetTracker::forget(const TopicPartition& tp) { parts_.erase(tp); }

size_t OffsetTracker::pending() const {
  size_t n = 0;
  for (const auto& [tp, p] : parts_)
    n += static_cast<size_t>(std::count_if(p.entries.begin(), p.entries.end(),
                                           [](const Entry& e) { return !e.done; }));
  return n;
}

}  // namespace ksink
