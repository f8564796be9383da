// The records of one poll round as a task carries them from conversion to acknowledgement; shared
// by the task's loop (task.cpp) and its error policy (task_error_policy.cpp).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "pipeline/task.h"

namespace ksink {

// The records of one poll round, converted, with the routing of each to its statements.
struct Task::Batch {
  std::vector<Polled> polled;     // owns the librdkafka messages the records came from
  std::vector<Record> records;
  std::vector<size_t> message;    // per record: its index in `polled`
  std::vector<uint64_t> epoch;    // per record: its partition's assignment generation
  std::vector<Assignment*> slot;  // per record: its partition's assignment state
  std::vector<int> remaining;     // per record: statements not yet finished
  std::vector<std::string> error; // per record: the first record error (NOOP)
  std::vector<SinkItem> items;
  std::vector<size_t> item_record;
  std::optional<std::string> failure;  // the record that fails the task once the rest is written
  uint64_t written = 0;                 // records finished as written (metrics)
  bool resend = false;  // submitted, but its answers were dropped: sent again when finished

  // Empties the batch for reuse, keeping its vectors' memory (a batch of a thousand records is
  // several large allocations, freed and faulted in again for every batch otherwise).
  void clear() {
    polled.clear();  // releases the librdkafka messages
    records.clear();
    message.clear();
    epoch.clear();
    slot.clear();
    remaining.clear();
    error.clear();
    items.clear();
    item_record.clear();
    failure.reset();
    written = 0;
    resend = false;
  }
};

}  // namespace ksink
