#include "kafka/consumer.h"
#include "kafka/partition_lag.h"

#include <algorithm>
#include <cstring>
#include <thread>

#include <fmt/format.h>

namespace ksink::kafka {

std::vector<TopicPartition> to_vector(const rd_kafka_topic_partition_list_t* list) {
  std::vector<TopicPartition> out;
  if (!list) return out;
  out.reserve(static_cast<size_t>(list->cnt));
  for (int i = 0; i < list->cnt; ++i)
    out.push_back({list->elems[i].topic, list->elems[i].partition});
  return out;
}

static rd_kafka_topic_partition_list_t* to_list(const std::vector<TopicPartition>& tps) {
  auto* list = rd_kafka_topic_partition_list_new(static_cast<int>(tps.size()));
  for (const auto& tp : tps) rd_kafka_topic_partition_list_add(list, tp.topic.c_str(), tp.partition);
  return list;
}

// Milliseconds left until `deadline`, for librdkafka's int timeouts; 0 once it has passed.
static int ms_left(std::chrono::steady_clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
      deadline - std::chrono::steady_clock::now());
  return static_cast<int>(std::max<int64_t>(left.count(), 0));
}

Result<std::unique_ptr<Consumer>> Consumer::create(const ConfigMap& settings, Listener listener,
                                                   const std::string& log_prefix) {
  std::unique_ptr<Consumer> c(new Consumer());
  c->context_ = std::make_unique<ClientContext>(ClientContext{log_prefix + " Kafka consumer:", c.get()});
  auto conf = make_conf(settings, c->context_.get());
  if (!conf) return conf.error();
  c->listener_ = std::move(listener);
  if (auto it = settings.find("queued.min.messages"); it != settings.end())
    c->queued_min_messages_ = std::stoll(it->second);
  rd_kafka_conf_set_rebalance_cb(conf->get(), &Consumer::rebalance_cb);
  char err[512];
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf->get(), err, sizeof err);
  if (!rk) return Error{std::string("cannot create Kafka consumer: ") + err};
  conf->release();  // owned by rk now
  c->rk_.reset(rk);
  rd_kafka_poll_set_consumer(rk);
  return c;
}

Consumer::~Consumer() {
  waker_.reset();
  if (!rk_) return;
  if (queue_) rd_kafka_queue_destroy(queue_);
  // A close that did not complete (or never started) is not waited for here: destroying without
  // it neither commits nor leaves the group; the partitions return after session.timeout.ms.
  // Kafka unreachable, the destroy itself waits for the requests in flight (a commit, a
  // LeaveGroup) to time out, so it runs on a thread of its own: the task is done either way.
  // It takes the client's context along: librdkafka's threads log with it until the end.
  if (!close_started_ || !rd_kafka_consumer_closed(rk_.get())) {
    context_->owner = nullptr;
    std::thread([rk = rk_.release(), context = std::move(context_)] {
      rd_kafka_destroy_flags(rk, RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE);
    }).detach();
  }
}

void Consumer::rebalance_cb(rd_kafka_t* rk, rd_kafka_resp_err_t err,
                            rd_kafka_topic_partition_list_t* parts, void* opaque) {
  auto* self = owner_of<Consumer>(opaque);
  if (!self) return;  // being destroyed in the background: nobody to tell
  const bool cooperative = std::strcmp(rd_kafka_rebalance_protocol(rk), "COOPERATIVE") == 0;
  auto tps = to_vector(parts);
  if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
    if (self->listener_.on_assigned) self->listener_.on_assigned(tps);
    if (cooperative) {
      if (auto* e = rd_kafka_incremental_assign(rk, parts)) rd_kafka_error_destroy(e);
    } else {
      rd_kafka_assign(rk, parts);
    }
  } else {
    // Revoked (or lost): the listener commits what was written before the partitions go.
    if (self->listener_.on_revoked) self->listener_.on_revoked(tps);
    if (cooperative) {
      if (auto* e = rd_kafka_incremental_unassign(rk, parts)) rd_kafka_error_destroy(e);
    } else {
      rd_kafka_assign(rk, nullptr);
    }
  }
}

Status Consumer::subscribe(const std::vector<std::string>& topics, const std::string& regex) {
  auto* list = rd_kafka_topic_partition_list_new(static_cast<int>(topics.size()) + 1);
  for (const auto& t : topics) rd_kafka_topic_partition_list_add(list, t.c_str(), RD_KAFKA_PARTITION_UA);
  if (!regex.empty()) {
    // librdkafka treats a subscription starting with ^ as a regular expression.
    std::string pattern = regex.front() == '^' ? regex : "^" + regex;
    rd_kafka_topic_partition_list_add(list, pattern.c_str(), RD_KAFKA_PARTITION_UA);
  }
  rd_kafka_resp_err_t err = rd_kafka_subscribe(rk_.get(), list);
  rd_kafka_topic_partition_list_destroy(list);
  if (err) return Error{std::string("cannot subscribe: ") + rd_kafka_err2str(err)};
  if (!waker_) waker_ = std::make_unique<FetchWaker>(rk_.get(), queued_min_messages_);
  return {};
}

Message Consumer::poll(std::chrono::milliseconds timeout) {
  return Message(MessagePtr(rd_kafka_consumer_poll(rk_.get(), static_cast<int>(timeout.count()))));
}

Status Consumer::commit(const std::vector<OffsetToCommit>& offsets,
                        std::chrono::milliseconds timeout) {
  if (offsets.empty()) return {};
  auto* list = rd_kafka_topic_partition_list_new(static_cast<int>(offsets.size()));
  for (const auto& o : offsets)
    rd_kafka_topic_partition_list_add(list, o.tp.topic.c_str(), o.tp.partition)->offset = o.offset;
  // The answer arrives as an event on a queue of this commit's own, waited for with a bound
  // (rd_kafka_commit's synchronous form has none).
  rd_kafka_queue_t* queue = rd_kafka_queue_new(rk_.get());
  rd_kafka_resp_err_t err = rd_kafka_commit_queue(rk_.get(), list, queue, nullptr, nullptr);
  rd_kafka_topic_partition_list_destroy(list);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  bool answered = err != RD_KAFKA_RESP_ERR_NO_ERROR;
  while (!answered) {
    const int left = ms_left(deadline);
    if (left <= 0) break;
    rd_kafka_event_t* ev = rd_kafka_queue_poll(queue, left);
    if (!ev) continue;
    if (rd_kafka_event_type(ev) == RD_KAFKA_EVENT_OFFSET_COMMIT) {
      err = rd_kafka_event_error(ev);
      answered = true;
    }
    rd_kafka_event_destroy(ev);
  }
  rd_kafka_queue_destroy(queue);  // a late answer goes nowhere: the queue is reference-counted
  if (!answered)
    return Error{fmt::format("offset commit not answered within {} ms", timeout.count())};
  if (err && err != RD_KAFKA_RESP_ERR__NO_OFFSET)
    return Error{std::string("offset commit failed: ") + rd_kafka_err2str(err)};
  return {};
}

void Consumer::pause(const std::vector<TopicPartition>& tps) {
  if (tps.empty()) return;
  auto* list = to_list(tps);
  rd_kafka_pause_partitions(rk_.get(), list);
  rd_kafka_topic_partition_list_destroy(list);
}

void Consumer::resume(const std::vector<TopicPartition>& tps) {
  if (tps.empty()) return;
  auto* list = to_list(tps);
  rd_kafka_resume_partitions(rk_.get(), list);
  rd_kafka_topic_partition_list_destroy(list);
}

std::vector<TopicPartition> Consumer::assignment() const {
  rd_kafka_topic_partition_list_t* list = nullptr;
  if (rd_kafka_assignment(rk_.get(), &list) != RD_KAFKA_RESP_ERR_NO_ERROR) return {};
  auto out = to_vector(list);
  rd_kafka_topic_partition_list_destroy(list);
  return out;
}

int64_t Consumer::max_lag() const {
  int64_t lag = 0;
  for_each_partition_behind(rk_.get(), [&](const rd_kafka_topic_partition_t&, int64_t behind) {
    lag = std::max(lag, behind);
  });
  return lag;
}

bool Consumer::close(std::chrono::milliseconds timeout, bool leave_group) {
  if (!rk_) return true;
  if (!close_started_) {
    close_started_ = true;
    if (waker_) wakes_ = waker_->wakes();
    waker_.reset();  // nothing more to fetch
    if (leave_group) rd_kafka_unsubscribe(rk_.get());
    // The asynchronous close: rebalance callbacks arrive on `queue_`, served below, so the wait
    // has a bound (rd_kafka_consumer_close waits up to session.timeout.ms, longer without Kafka).
    queue_ = rd_kafka_queue_new(rk_.get());
    if (rd_kafka_error_t* e = rd_kafka_consumer_close_queue(rk_.get(), queue_))
      rd_kafka_error_destroy(e);
  }
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!rd_kafka_consumer_closed(rk_.get())) {
    const int left = ms_left(deadline);
    if (left <= 0) break;
    // Served as events: the queue also receives the messages still fetched, which a callback
    // poll cannot take (librdkafka asserts); they are dropped (never acknowledged, so never
    // committed). The revocation goes to the same listener as from poll().
    rd_kafka_event_t* ev =
        rd_kafka_queue_poll(queue_, std::min(left, 100));
    if (!ev) continue;
    if (rd_kafka_event_type(ev) == RD_KAFKA_EVENT_REBALANCE)
      rebalance_cb(rk_.get(), rd_kafka_event_error(ev), rd_kafka_event_topic_partition_list(ev),
                   context_.get());
    rd_kafka_event_destroy(ev);
  }
  return rd_kafka_consumer_closed(rk_.get());
}

}  // namespace ksink::kafka
