// The connector's error policy as a task applies it to a written batch: what each outcome does to
// its record (acknowledged, retried, skipped and dead-lettered, or failing the task), and the
// retries of a target that cannot be reached.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <numeric>

#include "pipeline/dead_letter.h"
#include "pipeline/error_policy.h"
#include "pipeline/task.h"
#include "pipeline/task_batch.h"

namespace ksink {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

void Task::write_with_policy(Batch& b, bool submitted) {
  const ConnectorSpec& spec = *spec_;
  std::vector<size_t> pending(b.items.size()), next;
  std::iota(pending.begin(), pending.end(), size_t{0});
  std::vector<int> retries(b.items.size(), 0);
  std::vector<SinkItem> send;
  // Kept from batch to batch like the batch's own vectors (a thousand results, each with a
  // string, are one large allocation).
  std::vector<WriteResult>& results = write_results_;
  int unavailable_attempts = 0;

  while (!pending.empty()) {
    auto t0 = Clock::now();
    if (submitted) {  // the first attempt is already on its way
      submitted = false;
      results.assign(pending.size(), WriteResult{});
      writer_->complete(results);
    } else {
      // Partitions revoked while waiting belong to another consumer now: drop their records.
      std::erase_if(pending, [&](size_t k) {
        size_t r = b.item_record[k];
        return !current(b.slot[r], b.epoch[r]);
      });
      {
        std::lock_guard lock(mu_);
        if (stopping_) return;  // abandon: unacknowledged records stay uncommitted
      }
      if (pending.empty()) return;
      send.clear();
      for (size_t k : pending) send.push_back(b.items[k]);
      results.assign(send.size(), WriteResult{});
      writer_->write(send, results);
    }
    auto ms = static_cast<uint64_t>(
        std::chrono::duration_cast<milliseconds>(Clock::now() - t0).count());
    metrics_.put_batches++;
    metrics_.put_batch_total_ms += ms;
    if (ms > metrics_.put_batch_max_ms) metrics_.put_batch_max_ms = ms;

    next.clear();
    bool unavailable = false;
    std::string reason;
    for (size_t j = 0; j < pending.size(); ++j) {
      const size_t k = pending[j];
      const size_t r = b.item_record[k];
      const Record& rec = b.records[r];
      WriteResult& res = results[j];
      switch (res.outcome) {
        case Outcome::Written:
          if (--b.remaining[r] == 0) finish_record(b, r);
          break;
        case Outcome::Fatal:
          fail(fmt::format("{} rejected the configuration: {}", spec.plugin->display_name(),
                           res.message));
          return;
        case Outcome::Unavailable:
          next.push_back(k);
          unavailable = true;
          reason = res.message;
          break;
        case Outcome::RecordError:
          metrics_.record_errors++;
          if (spec.policy == ErrorPolicy::Noop) {
            if (b.error[r].empty()) b.error[r] = res.message;
            if (--b.remaining[r] == 0) finish_record(b, r);
          } else if (spec.policy == ErrorPolicy::Retry && retries[k] < spec.max_retries) {
            retries[k]++;
            metrics_.retries++;
            next.push_back(k);
            reason = fmt::format("{}: {}", rec.coordinates(), res.message);
          } else {
            fail(fmt::format("{}: {} (error policy {}{})", rec.coordinates(), res.message,
                             spec.policy == ErrorPolicy::Retry ? "RETRY" : "THROW",
                             spec.policy == ErrorPolicy::Retry
                                 ? fmt::format(", gave up after {} retries", spec.max_retries)
                                 : ""));
            return;
          }
          break;
      }
      if (failed_) return;
    }
    if (unavailable && !unavailable_since_) {
      unavailable_since_ = t0;
    } else if (!unavailable && unavailable_since_) {
      spdlog::info("{} {} reachable again after {} s", log_prefix(), spec.plugin->display_name(),
                   std::chrono::duration_cast<std::chrono::seconds>(Clock::now() -
                                                                    *unavailable_since_)
                       .count());
      unavailable_since_.reset();
    }
    if (next.empty()) break;
    resend_behind();  // before this batch's retry goes out

    milliseconds delay;
    if (unavailable) {
      ++unavailable_attempts;
      if (unavailable_attempts > spec.max_retries) {
        fail(fmt::format("{} unavailable after {} attempts: {}", spec.plugin->display_name(),
                         unavailable_attempts, reason));
        return;
      }
      delay = unavailable_backoff(unavailable_attempts - 1, spec.retry_interval_ms);
      spdlog::warn("{} {} unavailable ({}); {} record(s) kept, retrying in {} ms (attempt {} of "
                   "{})",
                   log_prefix(), spec.plugin->display_name(), reason, next.size(), delay.count(),
                   unavailable_attempts, spec.max_retries);
    } else {
      unavailable_attempts = 0;
      delay = milliseconds(spec.retry_interval_ms);
      spdlog::warn("{} Write failed, retrying {} record(s) in {} ms (error policy RETRY): {}",
                   log_prefix(), next.size(), delay.count(), reason);
    }
    metrics_.retries += unavailable ? 1 : 0;
    wait_paused(delay);
    pending.swap(next);
  }
}

void Task::resend_behind() {
  if (!behind_ || behind_->resend) return;
  std::vector<WriteResult> dropped(behind_->items.size());
  writer_->abandon_oldest(dropped);
  behind_->resend = true;
  behind_ = nullptr;
}

void Task::finish_record(Batch& b, size_t r) {
  const Record& rec = b.records[r];
  if (!b.error[r].empty()) {
    skip_record(b, r, kStageTaskPut, task_class_,
                "org.apache.kafka.connect.errors.ConnectException", b.error[r]);
    return;
  }
  ++b.written;
  if (spec_->progress_enabled) progress_[rec.topic]++;
  if (current(b.slot[r], b.epoch[r])) tracker_.done(b.slot[r]->offsets, rec.offset);
}

bool Task::skip_record(Batch& b, size_t r, const char* stage, const std::string& class_name,
                       const std::string& exception_class, const std::string& message) {
  Record& rec = b.records[r];
  const ConnectorSpec& spec = *spec_;
  const kafka::Message& m = b.polled[b.message[r]].msg;
  // Logged and dead-lettered as it was read: its topic, timestamp and headers, whatever a
  // transform made of them.
  if (transforms_) restore_source(b, r);
  if (spec_->errors.log_enable) {
    std::string content;
    if (spec_->errors.log_include_messages)
      content = fmt::format(" key={} value={}",
                            m.key() ? std::string(m.key(), m.key_size()) : "null",
                            m.value() ? std::string(m.value(), m.value_size()) : "null");
    spdlog::warn("{} Skipping record {} at stage {}: {}{}", log_prefix(), rec.coordinates(), stage,
                 message, content);
  }
  metrics_.records_skipped++;
  if (dlq_) {
    if (!transforms_ && !need_headers_) read_headers(m, rec);  // the original headers
    if (m.key()) rec.raw_key.emplace(m.key(), m.key_size());
    if (m.value()) rec.raw_value.emplace(m.value(), m.value_size());
    DeadLetterContext ctx{spec.name, id_, stage, class_name, exception_class, message};
    auto msg = dead_letter_message(
        spec_->errors.dlq_topic, rec, ctx, spec_->errors.dlq_context_headers);
    metrics_.dlq_produce_requests++;
    if (auto s = dlq_->send_and_wait({msg}, milliseconds(30000)); !s) {
      metrics_.dlq_produce_failures++;
      fail(fmt::format("{}: cannot write the skipped record to the dead-letter topic '{}': {}",
                       rec.coordinates(), spec_->errors.dlq_topic, s.error().message));
      return false;
    }
  }
  if (current(b.slot[r], b.epoch[r])) tracker_.done(b.slot[r]->offsets, rec.offset);
  return true;
}

}  // namespace ksink
