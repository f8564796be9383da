// The client's calls awaiting an answer, found by client handle.
//
// A handle is chosen by the client and echoed by the server, so it can carry the call's place:
// (sequence << kSlotBits) | slot. Finding a call is an array access, with no hashing and no
// allocation per call (a hash map here cost a node allocation and two lookups per call); the
// sequence part tells an answer for the slot's current call from a stale or forged one. The
// sequence also grows with invocation order, which is how callers see failures in order.
#pragma once

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

namespace ksink::voltdb {

template <typename Call>
class PendingCalls {
 public:
  // Room for 16 million calls at once: the client refuses a max_in_flight that could need more.
  static constexpr int kSlotBits = 24;
  static constexpr uint64_t kMaxSlots = uint64_t{1} << kSlotBits;

  // Stores the call and returns its handle (positive).
  int64_t add(Call call) {
    uint32_t slot;
    if (!free_.empty()) {
      slot = free_.back();
      free_.pop_back();
    } else {
      slot = static_cast<uint32_t>(slots_.size());
      slots_.emplace_back();
    }
    const uint64_t seq = next_seq_++;
    Entry& e = slots_[slot];
    // 39 bits of sequence: it wraps after 5 * 10^11 calls, harmlessly (the slot keeps handles of
    // calls outstanding at once apart; order is kept by `seq` itself).
    e.handle = static_cast<int64_t>(((seq & ((uint64_t{1} << (63 - kSlotBits)) - 1)) << kSlotBits) |
                                    slot);
    e.seq = seq;
    e.call = std::move(call);
    ++size_;
    return e.handle;
  }

  // The call with this handle, or nullptr.
  Call* find(int64_t handle) {
    if (handle <= 0) return nullptr;
    const uint64_t slot = static_cast<uint64_t>(handle) & (kMaxSlots - 1);
    if (slot >= slots_.size() || slots_[slot].handle != handle) return nullptr;
    return &slots_[slot].call;
  }

  // Takes the call out; the handle must be one find() knows.
  Call take(int64_t handle) {
    const uint32_t slot = static_cast<uint32_t>(static_cast<uint64_t>(handle) & (kMaxSlots - 1));
    Entry& e = slots_[slot];
    e.handle = 0;
    free_.push_back(slot);
    --size_;
    return std::move(e.call);
  }

  // Handles of the stored calls matching `pred`, in invocation order.
  template <typename Pred>
  std::vector<int64_t> handles_where(Pred pred) const {
    std::vector<std::pair<uint64_t, int64_t>> found;
    for (const Entry& e : slots_)
      if (e.handle != 0 && pred(e.call)) found.push_back({e.seq, e.handle});
    std::sort(found.begin(), found.end());
    std::vector<int64_t> out;
    out.reserve(found.size());
    for (const auto& f : found) out.push_back(f.second);
    return out;
  }

  size_t size() const { return size_; }

 private:
  struct Entry {
    int64_t handle = 0;  // 0: free
    uint64_t seq = 0;
    Call call;
  };
  std::vector<Entry> slots_;
  std::vector<uint32_t> free_;
  uint64_t next_seq_ = 1;  // so that no handle is 0
  size_t size_ = 0;
};

}  // namespace ksink::voltdb
