#include "kafka/producer.h"

#include <fmt/format.h>

namespace ksink::kafka {

Result<std::unique_ptr<Producer>> Producer::create(const ConfigMap& settings,
                                                   const std::string& log_prefix) {
  std::unique_ptr<Producer> p(new Producer());
  p->context_ = {(log_prefix.empty() ? "" : log_prefix + " ") + "Kafka producer:", p.get()};
  auto conf = make_conf(settings, &p->context_);
  if (!conf) return conf.error();
  rd_kafka_conf_set_dr_msg_cb(conf->get(), &Producer::delivery_cb);
  char err[512];
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf->get(), err, sizeof err);
  if (!rk) return Error{std::string("cannot create Kafka producer: ") + err};
  conf->release();
  p->rk_.reset(rk);
  return p;
}

Producer::~Producer() {
  if (rk_) rd_kafka_flush(rk_.get(), 5000);
}

void Producer::delivery_cb(rd_kafka_t*, const rd_kafka_message_t* m, void* opaque) {
  auto* self = owner_of<Producer>(opaque);
  if (m->err) {
    if (self->failures_++ == 0) self->first_failure_ = rd_kafka_err2str(m->err);
  }
}

Status Producer::send(const OutgoingMessage& msg) {
  rd_kafka_headers_t* hdrs = nullptr;
  if (!msg.headers.empty()) {
    hdrs = rd_kafka_headers_new(msg.headers.size());
    for (const auto& h : msg.headers)
      rd_kafka_header_add(hdrs, h.key.data(), static_cast<ssize_t>(h.key.size()),
                          h.value ? h.value->data() : nullptr,
                          h.value ? static_cast<ssize_t>(h.value->size()) : 0);
  }
  const char* key = msg.key ? msg.key->data() : nullptr;
  const size_t key_len = msg.key ? msg.key->size() : 0;
  char* value = msg.value ? const_cast<char*>(msg.value->data()) : nullptr;
  const size_t value_len = msg.value ? msg.value->size() : 0;
  for (;;) {
    rd_kafka_resp_err_t err = rd_kafka_producev(
        rk_.get(), RD_KAFKA_V_TOPIC(msg.topic.c_str()), RD_KAFKA_V_PARTITION(msg.partition),
        RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
        RD_KAFKA_V_KEY(key, key_len), RD_KAFKA_V_VALUE(value, value_len),
        RD_KAFKA_V_TIMESTAMP(msg.timestamp), RD_KAFKA_V_HEADERS(hdrs), RD_KAFKA_V_END);
    if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL) {  // back-pressure: let deliveries drain
      rd_kafka_poll(rk_.get(), 100);
      continue;
    }
    if (err) {
      if (hdrs) rd_kafka_headers_destroy(hdrs);  // not taken over on failure
      return Error{fmt::format("cannot produce to topic '{}': {}", msg.topic, rd_kafka_err2str(err))};
    }
    rd_kafka_poll(rk_.get(), 0);
    return {};
  }
}

Status Producer::flush(std::chrono::milliseconds timeout) {
  rd_kafka_resp_err_t err = rd_kafka_flush(rk_.get(), static_cast<int>(timeout.count()));
  if (err) return Error{fmt::format("messages not acknowledged by Kafka within {} ms", timeout.count())};
  if (failures_) {
    auto msg = fmt::format("{} message(s) not delivered: {}", failures_, first_failure_);
    failures_ = 0;
    return Error{msg};
  }
  return {};
}

Status Producer::send_and_wait(const std::vector<OutgoingMessage>& messages,
                               std::chrono::milliseconds timeout) {
  for (const auto& m : messages)
    if (auto s = send(m); !s) return s;
  return flush(timeout);
}

}  // namespace ksink::kafka
