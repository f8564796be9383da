#include "sinks/redis/redis_writer.h"

#include <fmt/format.h>

#include "sinks/redis/stop_script.h"

namespace ksink::redis {

Outcome classify_error(const std::string& e) {
  auto starts = [&](const char* p) { return e.rfind(p, 0) == 0; };
  // Conditions of the server, not of the record: it is loading, a replica (after a failover),
  // out of memory, busy, or a Redis Cluster node redirecting the key's slot (MOVED, ASK). The
  // write is retried, never skipped: under NOOP a skipped redirect would be a record lost.
  if (starts("LOADING") || starts("READONLY") || starts("TRYAGAIN") || starts("MASTERDOWN") ||
      starts("CLUSTERDOWN") || starts("BUSY") || starts("OOM") || starts("MISCONF") ||
      starts("NOREPLICAS") || starts("MOVED ") || starts("ASK "))
    return Outcome::Unavailable;
  // Credentials or permissions: only the user can fix these. Inside the stop script
  // (stop_script.h) Redis 7 words a key the ACL user may not write without the NOPERM code.
  if (starts("NOAUTH") || starts("WRONGPASS") || starts("NOPERM") ||
      starts("ERR The user executing the script can't"))
    return Outcome::Fatal;
  return Outcome::RecordError;  // WRONGTYPE, ERR value is not a valid float, ...
}

std::string_view unavailable_reply_hint(const std::string& e) {
  if (e.rfind("MOVED ", 0) == 0 || e.rfind("ASK ", 0) == 0)
    return " (a Redis Cluster node: the key's slot is served by another node; set "
           "connect.redis.cluster.enabled=auto or true to write to the cluster)";
  if (e.rfind("OOM", 0) == 0) return " (raise maxmemory or free memory in Redis)";
  if (e.rfind("READONLY", 0) == 0)
    return " (a replica: point connect.redis.host at the primary, or wait for the failover)";
  return {};
}

WriteResult result_of(const Reply& r, const ConnectionError& error, const std::string& endpoint,
                      std::string_view command) {
  if (r.kind == ReplyKind::Ok) return {Outcome::Written, {}};
  if (r.kind == ReplyKind::Missing)
    return {error.fatal ? Outcome::Fatal : Outcome::Unavailable, error.message};
  Outcome o = classify_error(r.error);
  return {o, o == Outcome::RecordError
                 ? (command.empty() ? fmt::format("Redis replied: {}", r.error)
                                    : fmt::format("Redis replied {} to {}", r.error, command))
             : o == Outcome::Fatal
                 ? fmt::format("Redis at {} replied {}: {}", endpoint, r.error,
                               fatal_reply_hint(r.error))
                 : fmt::format("Redis at {} replied {}{}", endpoint, r.error,
                               unavailable_reply_hint(r.error))};
}

void append_wait(CommandBuffer& out, const ReplicaAcks& acks) {
  out.begin(3);
  out.arg("WAIT");
  out.arg(int64_t{acks.replicas});
  out.arg(static_cast<int64_t>(acks.timeout.count()));
}

std::optional<std::string> wait_shortfall(const Reply& wait, const ReplicaAcks& acks,
                                          const std::string& endpoint) {
  // WAIT answers how many replicas have every write of this connection so far: fewer than asked
  // leaves the writes unproven, so they are retried (at-least-once), never counted as written.
  if (wait.kind == ReplyKind::Ok && wait.integer >= acks.replicas) return std::nullopt;
  if (wait.kind == ReplyKind::Ok)
    return fmt::format("only {} of {} replicas of Redis at {} acknowledged the writes within {} ms "
                       "(connect.redis.min.replicas.acked)",
                       wait.integer, acks.replicas, endpoint, acks.timeout.count());
  return fmt::format("Redis at {} replied {} to WAIT (connect.redis.min.replicas.acked)",
                     endpoint, wait.error);
}

RedisWriter::RedisWriter(ConnectionSettings settings, std::vector<StoragePlan> plans,
                         size_t batch_size, ReplicaAcks acks, bool stop_at_error)
    : connection_(std::move(settings)),
      plans_(std::move(plans)),
      batch_size_(batch_size),
      acks_(acks),
      stop_(stop_at_error) {
  for (const auto& p : plans_) plan_of_[p.statement] = &p;
}

std::optional<ConnectionError> RedisWriter::probe() {
  ConnectionError error;
  if (connection_.connected() || connection_.connect(error)) return std::nullopt;
  return error;
}

bool RedisWriter::encode(const SinkItem& item, WriteResult& result) {
  const StoragePlan& plan = *plan_of_.at(item.statement);
  const size_t before = buffer_.commands();
  std::string error;
  if (encode_record(plan, *item.record, buffer_, scratch_, error)) {
    result = {Outcome::Written, {}};
    refusable_ = refusable_ || plan.refusable;
  } else {
    result = {Outcome::RecordError, std::move(error)};
  }
  commands_of_.push_back(static_cast<uint32_t>(buffer_.commands() - before));
  return result.outcome == Outcome::Written;
}

void leave_unsent(std::span<WriteResult> results, size_t from, size_t failed) {
  // Under THROW the task fails at the failed record; under a target condition it retries from
  // it. Either way these are not written now, and are written (once) by a later attempt.
  const std::string why = fmt::format("not written: a record before it in the batch failed first "
                                      "(error policy THROW): {}", results[failed].message);
  for (size_t k = from; k < results.size(); ++k) results[k] = {Outcome::Unavailable, why};
}

void RedisWriter::write(std::span<const SinkItem> items, std::span<WriteResult> results) {
  buffer_.clear();
  commands_of_.clear();
  refusable_ = false;
  size_t chunk_begin = 0;
  size_t limit = batch_size_;
  for (size_t i = 0; i < items.size(); ++i) {
    const StoragePlan& plan = *plan_of_.at(items[i].statement);
    if (plan.batch_limit) limit = std::min(limit, plan.batch_limit);
    const bool encoded = encode(items[i], results[i]);
    if (!(stop_ && !encoded) && i + 1 - chunk_begin < limit) continue;
    if (auto failure = flush(chunk_begin, i + 1, results)) {
      // The connection is gone: the rest of the batch waits for the task's next attempt.
      for (size_t k = i + 1; k < items.size(); ++k)
        results[k] = {failure->fatal ? Outcome::Fatal : Outcome::Unavailable, failure->message};
      return;
    }
    if (stop_)
      for (size_t k = chunk_begin; k <= i; ++k)
        if (results[k].outcome != Outcome::Written) return leave_unsent(results, i + 1, k);
    chunk_begin = i + 1;
    limit = batch_size_;
    refusable_ = false;
  }
  if (chunk_begin < items.size()) (void)flush(chunk_begin, items.size(), results);
}

void RedisWriter::submit(std::span<const SinkItem> items) {
  if (in_flight_ == 0) {
    start_pipeline(items);
    in_flight_ = 1;
    return;
  }
  // A second batch while the first waits for its replies (max_in_flight): its commands go out
  // behind all of the first's on the same connection, so Redis executes them in order and
  // answers in order. The first's rest is sent now; a first written only in complete() (chunked,
  // not pipelined) or whose sending failed keeps the second from going out before it.
  bool behind_first = pipelined_ && !submit_error_ && (!stop_ || followable_);
  if (behind_first && buffer_.commands()) {
    ConnectionError error;
    if (connection_.send_all(scripted_ ? script_.data() : buffer_.data(), error)) {
      oldest_sent_ = true;
    } else {
      submit_error_ = error;
      behind_first = false;
    }
  }
  swap_with(second_);  // the members are the second's now
  if (behind_first) {
    start_pipeline(items);
  } else {
    submitted_ = items;
    pipelined_ = false;  // written in complete(), once the first is done
    encoded_.clear();
  }
  swap_with(second_);
  in_flight_ = 2;
}

void RedisWriter::start_pipeline(std::span<const SinkItem> items) {
  submitted_ = items;
  followable_ = false;
  // A statement with a smaller BATCH than the whole batch needs chunked pipelines: write().
  pipelined_ = true;
  for (const auto& p : plans_)
    if (p.batch_limit && p.batch_limit < items.size()) pipelined_ = false;
  if (!pipelined_) return;
  buffer_.clear();
  commands_of_.clear();
  refusable_ = false;
  encoded_.assign(items.size(), WriteResult{});
  bool all_encoded = true;
  for (size_t i = 0; i < items.size(); ++i) {
    if (encode(items[i], encoded_[i])) continue;
    all_encoded = false;
    if (!stop_) continue;
    // THROW: nothing after a record that cannot be encoded is sent.
    leave_unsent(encoded_, i + 1, i);
    commands_of_.resize(items.size(), 0);
    break;
  }
  submit_error_.reset();
  ConnectionError error;
  if (buffer_.commands() && !connection_.start(outgoing().data(), error)) submit_error_ = error;
  // Redis answers a SET or PUBLISH with an error only for a condition of its own (out of memory,
  // a replica, an ACL): never a record error (StoragePlan::refusable).
  followable_ = all_encoded && !refusable_ && !submit_error_;
}

void RedisWriter::swap_with(Parked& p) {
  std::swap(submitted_, p.items);
  std::swap(pipelined_, p.pipelined);
  std::swap(scripted_, p.scripted);
  std::swap(buffer_, p.buffer);
  std::swap(script_, p.script);
  std::swap(commands_of_, p.commands_of);
  std::swap(encoded_, p.encoded);
  std::swap(submit_error_, p.error);
  std::swap(followable_, p.followable);
}

void RedisWriter::complete(std::span<WriteResult> results) {
  complete_oldest(results);
  oldest_sent_ = false;
  if (in_flight_ == 2) swap_with(second_);  // the second is the oldest now
  in_flight_ = in_flight_ > 0 ? in_flight_ - 1 : 0;
}

void RedisWriter::abandon_oldest(std::span<WriteResult> results) {
  if (pipelined_) return complete(results);  // sent: its replies must be read off the connection
  // Parked behind a batch that was not pipelined, or chunked: nothing of it went out.
  for (auto& r : results)
    r = {Outcome::Unavailable, "not sent: sent again after the batch before it"};
  oldest_sent_ = false;
  if (in_flight_ == 2) swap_with(second_);
  in_flight_ = in_flight_ > 0 ? in_flight_ - 1 : 0;
}

void RedisWriter::complete_oldest(std::span<WriteResult> results) {
  if (!pipelined_) return write(submitted_, results);
  for (size_t i = 0; i < results.size(); ++i) results[i] = std::move(encoded_[i]);
  if (submit_error_) {
    for (auto& r : results)
      if (r.outcome == Outcome::Written)
        r = {submit_error_->fatal ? Outcome::Fatal : Outcome::Unavailable, submit_error_->message};
    buffer_.clear();
    commands_of_.clear();
    return;
  }
  (void)flush(0, results.size(), results, /*started=*/true);
}

const CommandBuffer& RedisWriter::outgoing() {
  script_.clear();
  scripted_ = stop_ && refusable_ &&
              append_stop_script(buffer_.data(), buffer_.commands(), script_);
  CommandBuffer* out = scripted_ ? &script_ : &buffer_;
  if (acks_.replicas > 0) append_wait(*out, acks_);
  return *out;
}

std::optional<ConnectionError> RedisWriter::flush(size_t begin, size_t end,
                                                  std::span<WriteResult> results, bool started) {
  if (buffer_.commands() == 0) {
    commands_of_.clear();
    return std::nullopt;
  }
  // submit() built and started the pipeline already (and sent all of it when another one
  // follows it: then only its replies are read).
  const CommandBuffer& out = started ? (scripted_ ? script_ : buffer_) : outgoing();
  const size_t count = out.commands();
  ConnectionError error;
  static const std::string kSent;
  bool ok = started ? connection_.finish(oldest_sent_ ? kSent : out.data(), count, replies_, error)
                    : connection_.execute(out.data(), count, replies_, error);
  const std::vector<Reply>* per_command = &replies_;
  ConnectionError missing = error;  // what a command without a reply was told
  // Error replies name their command and key (never the value): found walking the pipeline.
  size_t words_at = 0, words_index = 0;
  auto command = [&](size_t index) {
    if (index < words_index) words_at = words_index = 0;
    for (; words_index < index; ++words_index) words_at = command_end(buffer_.data(), words_at);
    return command_words(std::string_view(buffer_.data()).substr(words_at), 0);
  };
  if (scripted_) {
    const size_t stop = spread_script_reply(replies_.front(), buffer_.commands(), spread_);
    per_command = &spread_;
    if (ok && stop < buffer_.commands())
      missing = {false, fmt::format("not written: Redis stopped at an earlier record of the batch "
                                    "(error policy THROW): {}",
                                    result_of(spread_[stop], error, connection_.endpoint(),
                                              command(stop)).message)};
  }
  size_t reply = 0;
  for (size_t i = begin; i < end; ++i) {
    const uint32_t n = commands_of_[i - begin];
    if (results[i].outcome != Outcome::Written) continue;  // encoding already failed
    for (uint32_t c = 0; c < n; ++c, ++reply) {
      const Reply& r = (*per_command)[reply];
      if (results[i].outcome != Outcome::Written) continue;  // keep the first problem
      if (r.kind != ReplyKind::Ok)
        results[i] = result_of(r, missing, connection_.endpoint(),
                               r.kind == ReplyKind::Error ? command(reply) : std::string());
    }
  }
  if (acks_.replicas > 0 && ok)
    if (auto why = wait_shortfall(replies_.back(), acks_, connection_.endpoint()))
      for (size_t i = begin; i < end; ++i)
        if (results[i].outcome == Outcome::Written) results[i] = {Outcome::Unavailable, *why};
  buffer_.clear();
  commands_of_.clear();
  if (ok) return std::nullopt;
  return error;
}

}  // namespace ksink::redis
