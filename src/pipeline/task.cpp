#include "pipeline/task.h"

#include <fmt/format.h>
#include <pthread.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <deque>

#include "kcql/parser.h"
#include "pipeline/dead_letter.h"
#include "pipeline/error_policy.h"
#include "pipeline/task_batch.h"

namespace ksink {

using std::chrono::milliseconds;
using Clock = std::chrono::steady_clock;

Task::Task(std::shared_ptr<const ConnectorSpec> spec, int id, TaskSettings settings)
    : spec_(std::move(spec)), id_(id), settings_(std::move(settings)) {}

Task::~Task() { stop(); }

std::string Task::log_prefix() const { return fmt::format("[{}|task-{}]", spec_->name, id_); }

void Task::start() {
  {
    std::lock_guard lock(mu_);
    stopping_ = false;
    finished_ = false;
    status_ = {State::Unassigned, {}};
  }
  thread_ = std::thread([this] { run(); });
  // Named after its task ("<connector>-<id>", cut to Linux's 15 characters) so that `top -H`,
  // perf and /proc/<pid>/task tell the tasks from librdkafka's threads (rdk:broker..., rdk:main).
  const std::string id = "-" + std::to_string(id_);
  const std::string name = spec_->name.substr(0, 15 - std::min<size_t>(id.size(), 15)) + id;
  pthread_setname_np(thread_.native_handle(), name.c_str());
}

void Task::request_stop(Clock::time_point deadline, bool leave_group) {
  {
    std::lock_guard lock(mu_);
    if (!stopping_ || deadline < stop_deadline_) stop_deadline_ = deadline;
    stopping_ = true;
    leave_group_ = leave_group;
  }
  cv_.notify_all();
}

bool Task::wait_stopped(Clock::time_point until) {
  if (!thread_.joinable()) return true;
  {
    std::unique_lock lock(mu_);
    if (!cv_.wait_until(lock, until, [&] { return finished_; })) return false;
  }
  thread_.join();
  return true;
}

void Task::stop(bool leave_group) {
  if (!thread_.joinable()) return;
  request_stop(Clock::now() + milliseconds(settings_.shutdown_timeout_ms), leave_group);
  thread_.join();
}

void Task::pause() {
  std::lock_guard lock(mu_);
  paused_ = true;
  if (status_.state == State::Running) status_.state = State::Paused;
}

void Task::resume() {
  std::lock_guard lock(mu_);
  paused_ = false;
  if (status_.state == State::Paused) status_.state = State::Running;
}

TaskStatus Task::status() const {
  std::lock_guard lock(mu_);
  return status_;
}

void Task::run() {
  if (setup()) loop();
  if (consumer_) {
    doing_ = "committing its offsets";
    commit(true);
    bool leave_group;
    milliseconds left;
    {
      std::lock_guard lock(mu_);
      leave_group = leave_group_;
      // A task that failed (not asked to stop) closes within the same bound.
      if (!stopping_) stop_deadline_ = Clock::now() + milliseconds(settings_.shutdown_timeout_ms);
      left = std::max(milliseconds(0), std::chrono::duration_cast<milliseconds>(
                                           stop_deadline_ - Clock::now()));
    }
    // The final revocation commits anything left; Kafka unreachable, the close is abandoned at
    // the deadline (nothing more is committed; the records after the last commit are read again).
    doing_ = "closing its Kafka consumer";
    if (!consumer_->close(left, leave_group))
      spdlog::warn("{} Kafka consumer did not close within the stop timeout "
                   "(task.shutdown.graceful.timeout.ms); records written since the last commit "
                   "will be read and written again",
                   log_prefix());
    fetch_wakes_ = consumer_->fetch_wakes();
    doing_ = "destroying its Kafka consumer";
    consumer_.reset();
  }
  doing_ = "closing its target connection";
  writer_.reset();
  spdlog::info("{} Task stopped; wall time {}; Kafka's fetcher woken {} time(s)", log_prefix(),
               metrics_.stages.summary(), fetch_wakes_);
  {
    std::lock_guard lock(mu_);
    finished_ = true;
  }
  cv_.notify_all();
}

bool Task::setup() {
  const ConnectorSpec& spec = *spec_;
  auto key = make_converter(spec.key_converter, spec.key_converter_settings, true);
  auto value = make_converter(spec.value_converter, spec.value_converter_settings, false);
  if (!key || !value) {
    fail(!key ? key.error().message : value.error().message);
    return false;
  }
  key_converter_ = std::move(*key);
  value_converter_ = std::move(*value);

  // Kafka Connect names the SinkTask class in a dead letter's class.name header for TASK_PUT:
  // Stream Reactor's tasks are its connector classes with Task for Connector.
  task_class_ = spec.plugin->class_names().front();
  if (task_class_.ends_with("Connector"))
    task_class_.replace(task_class_.size() - 9, 9, "Task");
  // Transforms may read and set the key and headers whatever the statements read.
  if (spec.transforms && !spec.transforms->empty()) {
    transforms_ = spec.transforms.get();
    need_keys_ = need_headers_ = true;
  }

  for (const auto& s : spec.statements) {
    auto reads_key = [](const kcql::Path& p) { return p.source == kcql::Source::Key; };
    for (const auto& c : s.columns) need_keys_ |= reads_key(c.path);
    for (const auto& p : s.primary_keys) need_keys_ |= reads_key(p);
    // STOREAS and PROPERTIES values may be paths too (SortedSet(score=_key.ts)).
    for (const auto* params : {&s.store_as_params, &s.properties})
      for (const auto& [name, text] : *params)
        if (auto path = kcql::parse_path(text)) need_keys_ |= reads_key(*path);
    // Sinks read paths from STOREAS and PROPERTIES too: any mention of headers counts.
    std::string text = s.text;
    for (char& ch : text) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    need_headers_ |= text.find("header") != std::string::npos;
  }

  auto writer = spec.plugin->open(spec.config, spec.statements,
                                   {spec.name, id_, spec.policy == ErrorPolicy::Throw});
  if (!writer) {
    fail(writer.error().message);
    return false;
  }
  writer_ = std::move(*writer);

  if (!spec_->errors.dlq_topic.empty()) {
    auto producer = kafka::Producer::create(settings_.producer, log_prefix());
    if (!producer) {
      fail(producer.error().message);
      return false;
    }
    dlq_ = std::move(*producer);
  }

  kafka::Consumer::Listener listener{
      [this](const auto& tps) { on_assigned(tps); },
      [this](const auto& tps) { on_revoked(tps); }};
  auto consumer = kafka::Consumer::create(settings_.consumer, std::move(listener), log_prefix());
  if (!consumer) {
    fail(consumer.error().message);
    return false;
  }
  consumer_ = std::move(*consumer);
  if (auto s = consumer_->subscribe(spec.topics, spec.topics_regex); !s) {
    fail(s.error().message);
    return false;
  }
  {
    std::lock_guard lock(mu_);
    status_.state = paused_ ? State::Paused : State::Running;
  }
  last_commit_ = last_progress_ = Clock::now();
  spdlog::info("{} Task started: consuming {} into the {}", log_prefix(),
               spec.topics_regex.empty() ? fmt::format("{}", fmt::join(spec.topics, ", "))
                                         : "topics matching " + spec.topics_regex,
               spec.plugin->display_name());
  return true;
}

void Task::loop() {
  // Batches overlap: while the target executes the submitted ones, the next is polled and
  // converted, and sent before the oldest is finished when the writer takes more than one at
  // once (SinkWriter::max_in_flight, asked before each batch: it may depend on what is in
  // flight). A batch is finished (outcomes, error policy, acknowledgements) in the order
  // submitted, so order per partition holds.
  std::vector<Polled> polled;
  std::deque<std::unique_ptr<Batch>> inflight;
  StageTimer timer(metrics_.stages);
  while (!failed_) {
    bool paused;
    {
      std::lock_guard lock(mu_);
      if (stopping_) break;
      paused = paused_;
    }
    if (paused && inflight.empty()) {
      doing_ = "paused, polling Kafka";
      wait_paused(milliseconds(200));
      timer.lap(Stage::Idle);
      continue;
    }
    std::unique_ptr<Batch> next;
    if (!paused) {
      doing_ = "polling Kafka";
      collect(polled, /*wait=*/inflight.empty());
      // An empty poll with nothing in flight is idle only when Kafka has nothing more for the
      // task; with records known beyond its position it waited for the fetch.
      const bool idle = polled.empty() && inflight.empty() && consumer_->max_lag() <= 0;
      timer.lap(idle ? Stage::Idle : Stage::Kafka);
      if (!polled.empty()) next = prepare(polled);
      polled.clear();
      timer.lap(Stage::Convert);
    }
    const bool sendable = next && !next->items.empty();
    // No room for the next batch, nothing new to send, or the oldest must be sent again
    // (resend_behind(): with nothing else in flight): the oldest is finished first.
    if (!inflight.empty() &&
        (!sendable || inflight.size() >= std::max<size_t>(1, writer_->max_in_flight()) ||
         inflight.front()->resend)) {
      finish_oldest(inflight);
      timer.lap(Stage::Target);
    }
    if (failed_) break;
    if (sendable) {
      doing_ = "sending to its target";
      writer_->submit(next->items);
      inflight.push_back(std::move(next));
      timer.lap(Stage::Send);
      if (inflight.back()->failure) {
        // The batch ends at a record that fails the task (THROW): nothing may go behind it,
        // whatever the writer would take, so it is finished (and the task failed) now.
        while (!inflight.empty() && !failed_) finish_oldest(inflight);
        timer.lap(Stage::Target);
      } else if (inflight.size() > 1) {
        // Two in flight: the older one's replies came while the newer one was sent.
        finish_oldest(inflight);
        timer.lap(Stage::Target);
      }
    } else if (next && next->failure) {
      while (!inflight.empty() && !failed_) finish_oldest(inflight);
      if (!failed_) fail(*next->failure);
    }
    if (failed_) break;
    doing_ = "committing its offsets";
    commit(false);
    report_progress(false);
    timer.lap(Stage::Commit);
  }
  // Stopping: what was sent gets its answer.
  while (!inflight.empty() && !failed_) finish_oldest(inflight);
  timer.lap(Stage::Target);
  report_progress(true);
}

void Task::finish_oldest(std::deque<std::unique_ptr<Batch>>& inflight) {
  doing_ = "waiting for its target's replies";
  behind_ = inflight.size() > 1 ? inflight[1].get() : nullptr;
  finish(*inflight.front());
  behind_ = nullptr;
  recycle(*inflight.front());
  inflight.front()->clear();
  spare_ = std::move(inflight.front());
  inflight.pop_front();
}

void Task::finish(Batch& b) {
  // A batch whose answer was drained behind a retried one is sent again (resend_behind()).
  write_with_policy(b, /*submitted=*/!b.resend);
  metrics_.records_written += b.written;  // once per batch, not an atomic add per record
  if (b.failure && !failed_) fail(*b.failure);
}

// A finished batch's record values are handed to the next records' conversion instead of being
// freed: the JSON reader fills a tree of the same shape again without allocating (a topic's
// records mostly have one shape): 3 % of the VoltDB benchmark's instructions.
void Task::recycle(Batch& b) {
  for (Record& r : b.records) {
    if (recycled_.size() >= spec_->batch_size) break;
    if (r.value.is_object()) recycled_.push_back(std::move(r.value));
  }
}

// Headers are parsed only when used (kafka::Message::read_headers says why).
void Task::read_headers(const kafka::Message& m, Record& r) {
  if (!r.headers.empty()) return;
  m.read_headers(r.headers);
}

Task::Assignment* Task::assignment_of(const std::string& topic, int32_t partition) {
  return &partitions_[TopicPartition{topic, partition}];
}

void Task::collect(std::vector<Polled>& out, bool wait) {
  out.clear();
  if (!carry_.empty()) out.swap(carry_);  // both keep a buffer
  int timeout = out.empty() && wait ? 100 : 0;
  while (out.size() < spec_->batch_size) {
    kafka::Message msg = consumer_->poll(milliseconds(timeout));
    timeout = 0;
    if (!msg) break;
    if (msg.is_error()) {
      if (msg.is_partition_eof()) continue;
      if (msg.is_fatal()) {
        fail(fmt::format("Kafka consumer failed: {}", msg.error_text()));
        return;
      }
      spdlog::warn("{} Kafka: {}", log_prefix(), msg.error_text());
      continue;
    }
    // Messages come in runs of one partition: the last lookup usually answers.
    if (msg.topic_id() != last_topic_ || msg.partition() != last_partition_) {
      last_slot_ = assignment_of(msg.topic(), msg.partition());
      last_topic_ = msg.topic_id();
      last_partition_ = msg.partition();
    }
    Assignment* slot = last_slot_;
    out.push_back({std::move(msg), slot, slot->epoch});
  }
}

const std::vector<const kcql::Statement*>& Task::statements_for(const std::string& topic) {
  auto it = routes_.find(topic);
  if (it != routes_.end()) return it->second;
  std::vector<const kcql::Statement*> route;
  for (const auto& s : spec_->statements)
    if (s.source == topic) route.push_back(&s);
  return routes_.emplace(topic, std::move(route)).first->second;
}

std::unique_ptr<Task::Batch> Task::prepare(std::vector<Polled>& polled) {
  std::unique_ptr<Batch> batch = spare_ ? std::move(spare_) : std::make_unique<Batch>();
  Batch& b = *batch;
  b.polled.swap(polled);  // `polled` gets the spare's empty buffer for the next collect
  const size_t n = b.polled.size();
  b.records.reserve(n);  // items point into records: no reallocation after this
  b.message.reserve(n);
  b.epoch.reserve(n);
  b.slot.reserve(n);
  b.items.reserve(n);
  b.item_record.reserve(n);
  // A record that must fail the task (THROW) ends the batch; the records before it are written
  // first, so the task stops exactly at it.
  std::optional<std::string>& failure = b.failure;
  uint64_t read = 0;  // added to the metrics once per batch, not atomically per record
  for (size_t i = 0; i < n && !failed_ && !failure; ++i) {
    const kafka::Message& m = b.polled[i].msg;
    Record& r = b.records.emplace_back();
    if (!recycled_.empty()) {
      r.value = std::move(recycled_.back());
      recycled_.pop_back();
    }
    r.topic = m.topic();
    r.partition = m.partition();
    r.offset = m.offset();
    auto* slot = static_cast<Assignment*>(b.polled[i].slot);
    if (!current(slot, b.polled[i].epoch)) {  // revoked since it arrived
      b.records.pop_back();
      continue;
    }
    r.timestamp = m.timestamp();
    if (need_headers_) read_headers(m, r);
    b.message.push_back(i);
    b.epoch.push_back(b.polled[i].epoch);
    b.slot.push_back(slot);
    b.remaining.push_back(0);
    b.error.emplace_back();
    ++read;
    tracker_.track(slot->offsets, r.offset);
    const size_t idx = b.records.size() - 1;
    if (!convert(b, idx, failure)) continue;  // skipped, or failing
    if (transforms_ && !transform(b, idx, failure)) continue;  // dropped, skipped, or failing

    const auto& route = statements_for(r.topic);
    if (route.empty()) {
      std::string msg = fmt::format("no KCQL statement reads topic '{}'", r.topic);
      if (spec_->policy == ErrorPolicy::Noop) {
        skip_record(b, idx, kStageTaskPut, task_class_,
                    "org.apache.kafka.connect.errors.ConnectException", msg);
      } else {
        failure = fmt::format("{}: {}", r.coordinates(), msg);
      }
      continue;
    }
    for (const auto* s : route) {
      b.items.push_back({&r, s});
      b.item_record.push_back(idx);
      b.remaining[idx]++;
    }
  }
  metrics_.records_read += read;
  return batch;
}

bool Task::convert(Batch& b, size_t idx, std::optional<std::string>& failure) {
  Record& r = b.records[idx];
  const kafka::Message& m = b.polled[b.message[idx]].msg;
  auto run = [&](Converter& conv, bool is_key, const char* data, size_t size, Value& out,
                 const std::string& cls) -> bool {
    ConversionError err;
    for (int attempt = 0;; ++attempt) {
      if (conv.convert(r.topic, data, size, is_key, out, err))
        return true;
      if (!err.retriable) break;
      // A schema registry that cannot be reached: the target is unavailable, so wait and retry;
      // skipping would lose the record.
      if (attempt >= spec_->max_retries) {
        failure = (fmt::format("{}: cannot convert the {} with {} after {} attempts: {}",
                         r.coordinates(), is_key ? "key" : "value", cls, attempt + 1,
                         err.message));
        return false;
      }
      const milliseconds delay = unavailable_backoff(attempt, spec_->retry_interval_ms);
      spdlog::warn("{} {}: {}; retrying in {} ms", log_prefix(), r.coordinates(), err.message,
                   delay.count());
      wait_paused(delay);
      std::lock_guard lock(mu_);
      if (stopping_) return false;
    }
    const char* stage = is_key ? kStageKeyConverter : kStageValueConverter;
    std::string what = fmt::format("cannot convert the {} with {}: {}", is_key ? "key" : "value",
                                   cls, err.message);
    if (spec_->errors.tolerance_all) {
      skip_record(b, idx, stage, cls, "org.apache.kafka.connect.errors.DataException", what);
    } else {
      failure = fmt::format("{}: {} (errors.tolerance=none; set errors.tolerance=all to skip such "
                            "records)",
                            r.coordinates(), what);
    }
    return false;
  };
  if (need_keys_ && !run(*key_converter_, true, m.key(), m.key_size(), r.key, spec_->key_converter))
    return false;
  return run(*value_converter_, false, m.value(), m.value_size(), r.value, spec_->value_converter);
}

bool Task::transform(Batch& b, size_t idx, std::optional<std::string>& failure) {
  Record& r = b.records[idx];
  transforms::TransformFailure f;
  switch (transforms_->apply(r, f)) {
    case transforms::TransformChain::Verdict::Keep:
      return true;
    case transforms::TransformChain::Verdict::Drop:
      // Connect commits the offsets of records a transform filtered out: they are done.
      if (current(b.slot[idx], b.epoch[idx])) tracker_.done(b.slot[idx]->offsets, r.offset);
      return false;
    case transforms::TransformChain::Verdict::Fail:
      break;
  }
  std::string what =
      fmt::format("transform '{}' ({}) failed: {}", f.alias, f.class_name, f.message);
  if (spec_->errors.tolerance_all) {
    skip_record(b, idx, kStageTransformation, f.class_name,
                "org.apache.kafka.connect.errors.DataException", what);
  } else {
    restore_source(b, idx);  // name the record as it was read, not as a transform routed it
    failure = fmt::format("{}: {} (errors.tolerance=none; set errors.tolerance=all to skip such "
                          "records)",
                          r.coordinates(), what);
  }
  return false;
}

void Task::restore_source(Batch& b, size_t idx) {
  Record& r = b.records[idx];
  const kafka::Message& m = b.polled[b.message[idx]].msg;
  r.topic = m.topic();
  r.timestamp = m.timestamp();
  r.headers.clear();
  read_headers(m, r);
}

void Task::fail(const std::string& message) {
  failed_ = true;
  metrics_.record_failures++;
  spdlog::error("{} Task failed: {}", log_prefix(), message);
  {
    std::lock_guard lock(mu_);
    status_ = {State::Failed, message};
  }
  if (consumer_) commit(true);  // what was written before the failure stays committed
}

void Task::wait_paused(milliseconds delay) {
  // Consumption pauses, but the consumer keeps polling: it stays in its group and hears about
  // rebalances while the target is away.
  consumer_->pause(consumer_->assignment());
  const auto deadline = Clock::now() + delay;
  for (;;) {
    {
      std::unique_lock lock(mu_);
      if (stopping_) break;
    }
    auto left = std::chrono::duration_cast<milliseconds>(deadline - Clock::now());
    if (left.count() <= 0) break;
    kafka::Message msg = consumer_->poll(std::min(left, milliseconds(100)));
    if (msg && !msg.is_error()) {  // fetched before the pause took effect: keep it for later
      Assignment* slot = assignment_of(msg.topic(), msg.partition());
      carry_.push_back({std::move(msg), slot, slot->epoch});
    }
    consumer_->pause(consumer_->assignment());  // newly assigned partitions too
  }
  bool paused;
  {
    std::lock_guard lock(mu_);
    paused = paused_;
  }
  if (!paused) consumer_->resume(consumer_->assignment());
}

void Task::commit(bool force) {
  auto now = Clock::now();
  if (!force && now - last_commit_ < milliseconds(settings_.commit_interval_ms)) return;
  last_commit_ = now;
  metrics_.active_records = static_cast<int64_t>(tracker_.pending());
  metrics_.lag_max = consumer_->max_lag();
  auto offsets = tracker_.take_commits();
  if (offsets.empty()) {
    metrics_.commits_skipped++;
    return;
  }
  if (auto s = consumer_->commit(offsets, commit_timeout()); !s) {
    tracker_.commit_failed(offsets);  // the next commit tries them again
    spdlog::warn("{} {}; retrying with the next commit", log_prefix(), s.error().message);
    return;
  }
  metrics_.commits++;
}

milliseconds Task::commit_timeout() {
  milliseconds timeout(settings_.commit_timeout_ms);
  std::lock_guard lock(mu_);
  // Stopping, a commit may use half of the time left: the consumer's close (whose revocation
  // commits again) gets the rest.
  if (stopping_)
    timeout = std::clamp(
        std::chrono::duration_cast<milliseconds>(stop_deadline_ - Clock::now()) / 2,
        milliseconds(0), timeout);
  return timeout;
}

void Task::report_progress(bool force) {
  if (!spec_->progress_enabled) return;
  auto now = Clock::now();
  auto interval = milliseconds(spec_->progress_interval_ms);
  if (!force && now - last_progress_ < interval) return;
  last_progress_ = now;
  if (progress_.empty()) return;
  std::vector<std::string> parts;
  uint64_t total = 0;
  for (const auto& [topic, n] : progress_) {
    parts.push_back(fmt::format("{}: {}", topic, n));
    total += n;
  }
  std::sort(parts.begin(), parts.end());
  spdlog::info("{} Progress: {} record(s) written since last report ({})", log_prefix(), total,
               fmt::join(parts, ", "));
  progress_.clear();
}

// The partition count for the metrics, the names for the status page, at each rebalance.
void Task::publish_assignment() {
  std::vector<TopicPartition> tps;
  for (const auto& [tp, a] : partitions_)
    if (a.assigned) tps.push_back(tp);
  std::sort(tps.begin(), tps.end());
  std::vector<std::string> names;
  for (const auto& tp : tps) names.push_back(tp.str());
  metrics_.partitions = static_cast<int64_t>(names.size());
  metrics_.assigned.set(std::move(names));
}

void Task::on_assigned(const std::vector<TopicPartition>& tps) {
  doing_ = "taking partitions in a rebalance";
  for (const auto& tp : tps) {
    Assignment& a = partitions_[tp];
    a.assigned = true;
    a.epoch++;
    a.offsets = tracker_.partition(tp);
  }
  publish_assignment();
  std::vector<std::string> names;
  for (const auto& tp : tps) names.push_back(tp.str());
  spdlog::info("{} Partitions assigned: {}", log_prefix(), fmt::join(names, ", "));
}

void Task::on_revoked(const std::vector<TopicPartition>& tps) {
  doing_ = "giving up partitions in a rebalance";
  // Commit what was written before the partitions go to another consumer; the rest is re-read.
  auto offsets = tracker_.take_commits(tps);
  if (!offsets.empty()) {
    if (auto s = consumer_->commit(offsets, commit_timeout()); !s)
      spdlog::warn("{} {}", log_prefix(), s.error().message);
    else
      metrics_.commits++;
  }
  for (const auto& tp : tps) {
    tracker_.forget(tp);
    Assignment& a = partitions_[tp];
    a.assigned = false;
    a.epoch++;
    a.offsets = nullptr;
  }
  publish_assignment();
  std::vector<std::string> names;
  for (const auto& tp : tps) names.push_back(tp.str());
  if (!names.empty()) spdlog::info("{} Partitions revoked: {}", log_prefix(), fmt::join(names, ", "));
}

}  // namespace ksink
