#include "kafka/compacted_topics.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <condition_variable>
#include <mutex>

namespace ksink::kafka {

namespace {

using Clock = std::chrono::steady_clock;

struct Delivery {
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  rd_kafka_resp_err_t err = RD_KAFKA_RESP_ERR_NO_ERROR;
  int64_t offset = -1;
};

void on_delivery(rd_kafka_t*, const rd_kafka_message_t* m, void*) {
  auto* d = static_cast<Delivery*>(m->_private);
  if (!d) return;  // fire-and-forget (status heartbeats)
  std::lock_guard lock(d->mu);
  d->done = true;
  d->err = m->err;
  d->offset = m->offset;
  d->cv.notify_all();
}

}  // namespace

// ---- writer ----

Result<std::unique_ptr<CompactedTopicWriter>> CompactedTopicWriter::create(
    const ConfigMap& settings, std::string_view what) {
  static const ClientContext context{"Kafka (internal topics producer):"};
  auto pconf = make_conf(settings, &context);
  if (!pconf) return pconf.error();
  rd_kafka_conf_set_dr_msg_cb(pconf->get(), &on_delivery);
  char err[512];
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, pconf->get(), err, sizeof err);
  if (!rk) return Error{fmt::format("cannot create {}: {}", what, err)};
  pconf->release();
  std::unique_ptr<CompactedTopicWriter> w(new CompactedTopicWriter());
  w->rk_.reset(rk);
  return w;
}

CompactedTopicWriter::~CompactedTopicWriter() = default;

Result<std::vector<std::string>> CompactedTopicWriter::missing_topics(
    const std::vector<std::string>& topics) {
  const rd_kafka_metadata_t* md = nullptr;
  std::vector<std::string> missing = topics;
  rd_kafka_resp_err_t err = rd_kafka_metadata(rk_.get(), 1, nullptr, &md, 10000);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) return Error{rd_kafka_err2str(err)};
  for (int i = 0; i < md->topic_cnt; ++i)
    if (md->topics[i].err == RD_KAFKA_RESP_ERR_NO_ERROR)
      std::erase(missing, std::string(md->topics[i].topic));
  rd_kafka_metadata_destroy(md);
  return missing;
}

Status CompactedTopicWriter::create_compacted_topics(
    const std::vector<std::pair<std::string, int>>& topics) {
  std::vector<rd_kafka_NewTopic_t*> requests;
  char err[512];
  for (const auto& [t, rf] : topics) {
    rd_kafka_NewTopic_t* nt = rd_kafka_NewTopic_new(t.c_str(), 1, rf, err, sizeof err);
    if (!nt) {
      rd_kafka_NewTopic_destroy_array(requests.data(), requests.size());
      return Error{fmt::format("cannot create topic '{}': {}", t, err)};
    }
    rd_kafka_NewTopic_set_config(nt, "cleanup.policy", "compact");
    requests.push_back(nt);
  }
  rd_kafka_AdminOptions_t* opts =
      rd_kafka_AdminOptions_new(rk_.get(), RD_KAFKA_ADMIN_OP_CREATETOPICS);
  rd_kafka_AdminOptions_set_request_timeout(opts, 3000, err, sizeof err);
  rd_kafka_queue_t* q = rd_kafka_queue_new(rk_.get());
  rd_kafka_CreateTopics(rk_.get(), requests.data(), requests.size(), opts, q);
  rd_kafka_event_t* ev = rd_kafka_queue_poll(q, 5000);
  if (ev) {
    if (rd_kafka_event_error(ev))
      spdlog::debug("CreateTopics: {}", rd_kafka_event_error_string(ev));
    rd_kafka_event_destroy(ev);
  }
  rd_kafka_queue_destroy(q);
  rd_kafka_AdminOptions_destroy(opts);
  rd_kafka_NewTopic_destroy_array(requests.data(), requests.size());
  return {};
}

Result<int64_t> CompactedTopicWriter::write_and_wait(const std::string& topic,
                                                     const std::string& key,
                                                     const std::optional<std::string>& value) {
  Delivery d;
  void* payload = value ? const_cast<char*>(value->data()) : nullptr;
  const size_t payload_size = value ? value->size() : 0;
  rd_kafka_resp_err_t err = rd_kafka_producev(
      rk_.get(), RD_KAFKA_V_TOPIC(topic.c_str()), RD_KAFKA_V_PARTITION(0),
      RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_KEY(key.data(), key.size()),
      RD_KAFKA_V_VALUE(payload, payload_size), RD_KAFKA_V_OPAQUE(&d), RD_KAFKA_V_END);
  if (err) return Error{fmt::format("cannot write to topic '{}': {}", topic, rd_kafka_err2str(err))};
  const auto deadline = Clock::now() + std::chrono::seconds(30);
  for (;;) {
    rd_kafka_poll(rk_.get(), 50);
    std::unique_lock lock(d.mu);
    if (d.done) break;
    if (Clock::now() > deadline) {
      // The callback still refers to `d`: wait for it rather than return and leave it dangling.
      lock.unlock();
      rd_kafka_flush(rk_.get(), 60000);
      lock.lock();
      if (!d.done) {
        d.cv.wait(lock, [&] { return d.done; });
      }
      break;
    }
  }
  if (d.err)
    return Error{fmt::format("cannot write to topic '{}': {}", topic, rd_kafka_err2str(d.err))};
  return d.offset;
}

Status CompactedTopicWriter::write(const std::string& topic, const std::string& key,
                                   const std::optional<std::string>& value) {
  void* payload = value ? const_cast<char*>(value->data()) : nullptr;
  const size_t payload_size = value ? value->size() : 0;
  rd_kafka_resp_err_t err = rd_kafka_producev(
      rk_.get(), RD_KAFKA_V_TOPIC(topic.c_str()), RD_KAFKA_V_PARTITION(0),
      RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_KEY(key.data(), key.size()),
      RD_KAFKA_V_VALUE(payload, payload_size), RD_KAFKA_V_END);
  rd_kafka_poll(rk_.get(), 0);
  if (err) return Error{rd_kafka_err2str(err)};
  return {};
}

void CompactedTopicWriter::flush(std::chrono::milliseconds timeout) {
  rd_kafka_flush(rk_.get(), static_cast<int>(timeout.count()));
}

std::string CompactedTopicWriter::cluster_id(std::chrono::milliseconds timeout) {
  std::string id;
  if (char* c = rd_kafka_clusterid(rk_.get(), static_cast<int>(timeout.count()))) {
    id = c;
    rd_kafka_mem_free(rk_.get(), c);
  }
  return id;
}

// ---- reader ----

Result<std::unique_ptr<CompactedTopicReader>> CompactedTopicReader::create(
    ConfigMap settings, const std::string& group_id, std::string_view what) {
  // A plain reader from the beginning: no group, no commits.
  for (const char* k : {"group.id", "group.instance.id", "session.timeout.ms",
                        "heartbeat.interval.ms", "partition.assignment.strategy"})
    settings.erase(k);
  // librdkafka wants a group for assign(); it is never joined and nothing is committed.
  settings["group.id"] = group_id;
  settings["enable.auto.commit"] = "false";
  settings["enable.partition.eof"] = "false";
  static const ClientContext context{"Kafka (internal topics reader):"};
  auto cconf = make_conf(settings, &context);
  if (!cconf) return cconf.error();
  char err[512];
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_CONSUMER, cconf->get(), err, sizeof err);
  if (!rk) return Error{fmt::format("cannot create {}: {}", what, err)};
  cconf->release();
  std::unique_ptr<CompactedTopicReader> r(new CompactedTopicReader());
  r->rk_.reset(rk);
  rd_kafka_poll_set_consumer(rk);
  return r;
}

CompactedTopicReader::~CompactedTopicReader() = default;

int64_t CompactedTopicReader::end_offset(const std::string& topic) {
  int64_t low = 0, high = 0;
  rd_kafka_resp_err_t e =
      rd_kafka_query_watermark_offsets(rk_.get(), topic.c_str(), 0, &low, &high, 10000);
  return e == RD_KAFKA_RESP_ERR_NO_ERROR ? high : 0;
}

Status CompactedTopicReader::read_from_beginning(const std::vector<std::string>& topics) {
  auto* list = rd_kafka_topic_partition_list_new(static_cast<int>(topics.size()));
  for (const auto& t : topics)
    rd_kafka_topic_partition_list_add(list, t.c_str(), 0)->offset = RD_KAFKA_OFFSET_BEGINNING;
  rd_kafka_resp_err_t err = rd_kafka_assign(rk_.get(), list);
  rd_kafka_topic_partition_list_destroy(list);
  if (err) return Error{rd_kafka_err2str(err)};
  return {};
}

std::optional<KeyedRecord> CompactedTopicReader::poll(std::chrono::milliseconds timeout,
                                                      std::string* error) {
  rd_kafka_message_t* m = rd_kafka_consumer_poll(rk_.get(), static_cast<int>(timeout.count()));
  if (!m) return std::nullopt;
  if (m->err) {
    if (m->err != RD_KAFKA_RESP_ERR__PARTITION_EOF && error) *error = rd_kafka_message_errstr(m);
    rd_kafka_message_destroy(m);
    return std::nullopt;
  }
  KeyedRecord r;
  r.topic = rd_kafka_topic_name(m->rkt);
  r.key = m->key ? std::string(static_cast<const char*>(m->key), m->key_len) : "";
  if (m->payload) r.value.emplace(static_cast<const char*>(m->payload), m->len);
  r.offset = m->offset;
  rd_kafka_message_destroy(m);
  return r;
}

void CompactedTopicReader::close() {
  if (rk_) rd_kafka_consumer_close(rk_.get());
}

}  // namespace ksink::kafka
