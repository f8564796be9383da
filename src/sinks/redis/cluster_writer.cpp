#include "sinks/redis/cluster_writer.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <poll.h>

#include <algorithm>
#include <cerrno>
#include <unordered_set>

#include "sinks/redis/redis_writer.h"

namespace ksink::redis {
namespace {

// Redirects followed within one batch before the records are left to the task's retry: a slot
// migrating while we write redirects a record at most twice (ASK, then MOVED once it finished).
constexpr int kMaxRounds = 5;

constexpr std::string_view kAsking = "*1\r\n$6\r\nASKING\r\n";

}  // namespace

ClusterWriter::ClusterWriter(ConnectionSettings node, std::vector<NodeAddress> seeds,
                             std::vector<StoragePlan> plans, size_t batch_size, ReplicaAcks acks,
                             bool stop_at_error, std::string log_prefix)
    : node_settings_(std::move(node)),
      seeds_(std::move(seeds)),
      plans_(std::move(plans)),
      batch_size_(batch_size),
      acks_(acks),
      stop_(stop_at_error),
      log_prefix_(std::move(log_prefix)) {
  for (const auto& p : plans_) {
    plan_of_[p.statement] = &p;
    if (p.batch_limit) batch_size_ = std::min(batch_size_, p.batch_limit);
  }
  // Cluster nodes have database 0 only (redis_sink.cpp refuses another at start).
  node_settings_.db = 0;
}

Connection& ClusterWriter::connection(const NodeAddress& node) {
  auto& c = connections_[node.text()];
  if (!c) {
    ConnectionSettings s = node_settings_;
    s.host = node.host;
    s.port = node.port;
    c = std::make_unique<Connection>(std::move(s));
  }
  return *c;
}

std::optional<ConnectionError> ClusterWriter::probe() { return refresh(); }

std::optional<ConnectionError> ClusterWriter::refresh() {
  std::vector<NodeAddress> candidates = map_.masters;
  candidates.insert(candidates.end(), map_.replicas.begin(), map_.replicas.end());
  candidates.insert(candidates.end(), seeds_.begin(), seeds_.end());
  std::optional<SlotMap> best;
  ConnectionError last{false, "no Redis Cluster node to ask for the slot map"};
  std::vector<std::string> asked;
  for (const NodeAddress& node : candidates) {
    if (std::find(asked.begin(), asked.end(), node.text()) != asked.end()) continue;
    asked.push_back(node.text());
    Connection& c = connection(node);
    ConnectionError error;
    ReplyPtr reply = c.call({"CLUSTER", "SHARDS"}, error);
    // CLUSTER SHARDS is Redis 7; CLUSTER SLOTS (deprecated since) serves older servers.
    if (reply && reply->type == REDIS_REPLY_ERROR &&
        std::string_view(reply->str, reply->len).find("nknown") != std::string_view::npos)
      reply = c.call({"CLUSTER", "SLOTS"}, error);
    if (!reply) {
      if (error.fatal) return error;
      last = error;
      continue;
    }
    if (reply->type == REDIS_REPLY_ERROR) {
      std::string e(reply->str, reply->len);
      if (classify_error(e) == Outcome::Fatal)
        return ConnectionError{true, fmt::format("Redis at {} replied {}: {}", node.text(), e,
                                                 fatal_reply_hint(e))};
      if (e.find("cluster support disabled") != std::string::npos)
        return ConnectionError{true, fmt::format("Redis at {} is not a Redis Cluster node: set "
                                                 "connect.redis.cluster.enabled=false (or auto)",
                                                 node.text())};
      last = {false, fmt::format("Redis at {} replied {} to CLUSTER SHARDS", node.text(), e)};
      continue;
    }
    const bool shards = reply->type == REDIS_REPLY_ARRAY && reply->elements > 0 &&
                        reply->element[0]->elements > 0 &&
                        reply->element[0]->element[0]->type != REDIS_REPLY_INTEGER;
    auto map = shards ? parse_cluster_shards(*reply, node, node_settings_.tls.enabled)
                      : parse_cluster_slots(*reply, node);
    if (!map) {
      last = {false, fmt::format("the slot map from Redis at {}: {}", node.text(), map.error().message)};
      continue;
    }
    // A node that lost contact with part of the cluster may know fewer slots: ask on.
    if (!best || map->uncovered() < best->uncovered()) best = std::move(*map);
    if (best->uncovered() == 0) break;
  }
  if (!best) return last;
  map_ = std::move(*best);
  stale_ = false;
  return std::nullopt;
}

void ClusterWriter::encode(std::span<const SinkItem> items, std::span<WriteResult> results) {
  buffer_.clear();
  encoded_.assign(items.size(), Encoded{});
  refusable_ = false;
  for (size_t i = 0; i < items.size(); ++i) {
    const StoragePlan& plan = *plan_of_.at(items[i].statement);
    refusable_ = refusable_ || plan.refusable;
    const size_t begin = buffer_.mark();
    const size_t before = buffer_.commands();
    std::string error;
    if (!encode_record(plan, *items[i].record, buffer_, scratch_, error)) {
      results[i] = {Outcome::RecordError, std::move(error)};
      if (stop_) return leave_unsent(results, i + 1, i);
      continue;
    }
    results[i] = {Outcome::Written, {}};
    encoded_[i] = {begin, buffer_.mark(), static_cast<uint32_t>(buffer_.commands() - before),
                   key_hash_slot(routing_key(plan, scratch_))};
  }
}

void ClusterWriter::forecast(std::span<WriteResult> results, std::vector<Target>& targets) {
  refused_.reset();
  truncated_ = false;
  if (!stop_ || !refusable_) return;
  forecast_.clear();
  const std::string_view data = buffer_.data();
  // One TYPE per key a refusable command writes, to the master route() chose (all the commands
  // of a record write one key: storage_mode.h routing_key).
  std::vector<Target> asks;
  std::unordered_set<std::string_view> asked;
  for (const Target& t : targets) {
    const size_t at = encoded_[t.item].begin;
    if (TypeForecast::needs_type(command_name(data, at)) && asked.insert(command_key(data, at)).second)
      asks.push_back(t);
  }
  ask_types(std::move(asks));
  // The batch's commands replayed in order over the types: the first one refused is the last
  // sent. A record that cannot be encoded already ended the batch (encode()).
  for (size_t i = 0; i < results.size(); ++i) {
    if (results[i].outcome != Outcome::Written) continue;
    uint32_t c = 0;
    for (size_t at = encoded_[i].begin; at < encoded_[i].end; at = command_end(data, at), ++c) {
      if (forecast_.accepts(command_name(data, at), command_key(data, at))) continue;
      truncated_ = c + 1 < encoded_[i].commands;
      encoded_[i].end = command_end(data, at);
      encoded_[i].commands = c + 1;
      refused_ = i;
      for (size_t k = i + 1; k < results.size(); ++k)
        results[k] = {Outcome::Unavailable, "not sent: a record before it in the batch was "
                                            "expected to fail (error policy THROW)"};
      std::erase_if(targets, [i](const Target& t) { return t.item > i; });
      return;
    }
  }
}

void ClusterWriter::ask_types(std::vector<Target> targets) {
  const std::string_view data = buffer_.data();
  CommandBuffer type;
  for (int round = 0; round < kMaxRounds && !targets.empty(); ++round) {
    round_.clear();
    for (const Target& t : targets) {
      NodePipeline& p = round_[t.node.text()];
      if (!p.connection) p.connection = &connection(t.node);
      if (t.ask) {
        p.out += kAsking;
        ++p.commands;
      }
      type.clear();
      type.begin(2);
      type.arg("TYPE");
      type.arg(command_key(data, encoded_[t.item].begin));
      p.out += type.data();
      ++p.commands;
      p.entries.emplace_back(t.item, t.ask);
    }
    for (auto& [name, p] : round_) p.started = p.connection->start(p.out, p.error);
    read_round();  // a node that failed: its writes meet it next and report it
    std::vector<Target> again;
    for (auto& [name, p] : round_) {
      size_t r = 0;
      for (const auto& [item, asked] : p.entries) {
        if (asked) ++r;  // ASKING's +OK
        const Reply& reply = p.replies[r++];
        const std::string_view key = command_key(data, encoded_[item].begin);
        if (reply.kind == ReplyKind::Ok) {
          forecast_.learn(key, reply.text);
        } else if (reply.kind != ReplyKind::Error) {
          continue;  // no answer: the key's type stays unknown, the write meets the same node
        } else if (auto redirect = parse_redirect(reply.error)) {
          again.push_back(follow(item, *redirect, p));
        } else if (reply.error.rfind("NOPERM", 0) == 0 && !type_denied_warned_) {
          type_denied_warned_ = true;
          spdlog::warn("{} Redis at {} refuses TYPE to connect.redis.username ({}): under error "
                       "policy THROW, a write Redis refuses on one master cannot stop the later "
                       "records of its batch sent to other masters; allow TYPE (+type) to that "
                       "user (docs/redis-sink.md \"Errors\")",
                       log_prefix_, p.connection->endpoint(), reply.error);
        }
      }
    }
    round_.clear();
    targets = std::move(again);
  }
}

void ClusterWriter::settle_forecast(std::span<WriteResult> results) {
  if (!refused_) return;
  const size_t f = *refused_;
  if (results[f].outcome != Outcome::Written) return leave_unsent(results, f + 1, f);
  // Redis took it after all: the key changed type between TYPE and the write (another client).
  // The rest of the batch, and the commands of this record that were not sent, go next time.
  const std::string why = "not sent in this attempt: a key's type changed while the batch was "
                          "written; sent again";
  if (truncated_) results[f] = {Outcome::Unavailable, why};
  for (size_t k = f + 1; k < results.size(); ++k) results[k] = {Outcome::Unavailable, why};
}

std::vector<ClusterWriter::Target> ClusterWriter::route(std::span<WriteResult> results) {
  std::vector<Target> targets;
  std::optional<ConnectionError> failure;
  if (stale_) failure = refresh();
  for (size_t i = 0; i < results.size(); ++i) {
    if (results[i].outcome != Outcome::Written) continue;
    const int master = map_.masters.empty() ? -1 : map_.master_of(encoded_[i].slot);
    if (master >= 0) {
      targets.push_back({i, map_.masters[static_cast<size_t>(master)]});
    } else if (failure) {
      results[i] = {failure->fatal ? Outcome::Fatal : Outcome::Unavailable, failure->message};
    } else {
      // A slot without a master: the cluster is down for it until a failover or a reshard.
      results[i] = {Outcome::Unavailable,
                    fmt::format("no Redis Cluster master serves slot {} (CLUSTERDOWN); the slot "
                                "map is read again before the next attempt",
                                encoded_[i].slot)};
      stale_ = true;
    }
  }
  return targets;
}

void ClusterWriter::send(const std::vector<Target>& targets) {
  round_.clear();
  for (const Target& t : targets) {
    NodePipeline& p = round_[t.node.text()];
    if (!p.connection) p.connection = &connection(t.node);
    const Encoded& e = encoded_[t.item];
    if (t.ask) {
      // ASKING lets only the next command in (redis cluster spec, "ASK redirection"): one
      // before each command of the record (ZADD and its EXPIRE).
      for (size_t at = e.begin; at < e.end;) {
        const size_t end = command_end(buffer_.data(), at);
        p.out += kAsking;
        p.out.append(buffer_.data(), at, end - at);
        at = end;
      }
      p.commands += e.commands;
    } else {
      p.out.append(buffer_.data(), e.begin, e.end - e.begin);
    }
    p.commands += e.commands;
    p.entries.emplace_back(t.item, t.ask);
  }
  // Every pipeline is written before any reply is read: the masters execute theirs at once.
  for (auto& [name, p] : round_) {
    if (acks_.replicas > 0) {
      CommandBuffer wait;
      append_wait(wait, acks_);
      p.out += wait.data();
      ++p.commands;
      p.waits = true;
    }
    p.started = p.connection->start(p.out, p.error);
  }
}

void ClusterWriter::send_all() {
  // What start() could not send at once goes out now, to every node, before any reply is read:
  // otherwise a node would wait for the rest of its pipeline while we read another's replies.
  // Redis keeps reading while its replies queue up, so this cannot deadlock.
  const auto deadline = std::chrono::steady_clock::now() + node_settings_.io_timeout;
  for (;;) {
    std::vector<pollfd> fds;
    std::vector<NodePipeline*> waiting;
    for (auto& [name, p] : round_) {
      if (!p.started || p.connection->all_sent(p.out)) continue;
      fds.push_back({p.connection->fd(), POLLOUT, 0});
      waiting.push_back(&p);
    }
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    // Out of time: finish() reports the node that does not take its pipeline.
    if (fds.empty() || left.count() <= 0) return;
    if (::poll(fds.data(), fds.size(), static_cast<int>(left.count())) < 0 && errno != EINTR) return;
    bool progress = false;
    for (size_t i = 0; i < fds.size(); ++i) {
      if (!fds[i].revents) continue;
      Connection& c = *waiting[i]->connection;
      const size_t before = c.sent();
      if (!c.send_more(waiting[i]->out, waiting[i]->error)) waiting[i]->started = false;
      progress = progress || !waiting[i]->started || c.sent() > before;
    }
    // TLS that wants to read before it writes: finish() handles it (it polls for both).
    if (!progress) return;
  }
}

void ClusterWriter::read_round() {
  send_all();
  for (auto& [name, p] : round_) {
    p.ok = p.started && p.connection->finish(p.out, p.commands, p.replies, p.error);
    if (!p.started) p.replies.assign(p.commands, Reply{});
    // A master that failed may have been replaced: read the map before the next attempt.
    if (!p.ok) stale_ = true;
  }
}

ClusterWriter::Target ClusterWriter::follow(size_t item, Redirect& redirect,
                                            const NodePipeline& p) {
  // Redis 7 names a node with an unknown endpoint by its port alone: this node's host.
  if (redirect.node.host.empty()) redirect.node.host = p.connection->host();
  // MOVED is the node's word on the slot's new owner: the map learns it at once.
  if (!redirect.ask) {
    map_.owner[redirect.slot] = static_cast<int16_t>(map_.add_master(redirect.node));
    moved_ = true;
  }
  return {item, redirect.node, redirect.ask};
}

std::vector<ClusterWriter::Target> ClusterWriter::collect(std::span<WriteResult> results) {
  read_round();
  std::vector<Target> again;
  for (auto& [name, p] : round_) {
    const std::string endpoint = p.connection->endpoint();
    size_t r = 0;
    std::vector<size_t> written;
    for (const auto& [item, asked] : p.entries) {
      WriteResult res{Outcome::Written, {}};
      std::optional<Redirect> redirect;
      for (uint32_t c = 0; c < encoded_[item].commands; ++c) {
        if (asked) ++r;  // ASKING's +OK
        const Reply& reply = p.replies[r++];
        if (res.outcome != Outcome::Written || redirect || reply.kind == ReplyKind::Ok) continue;
        if (reply.kind == ReplyKind::Error) redirect = parse_redirect(reply.error);
        if (redirect) {
          res = {Outcome::Unavailable,
                 fmt::format("Redis at {} replied {}: the slot moved and the redirects went on "
                             "for {} rounds; retried",
                             endpoint, reply.error, kMaxRounds)};
        } else {
          res = result_of(reply, p.error, endpoint,
                          command_words(std::string_view(buffer_.data()).substr(
                                            encoded_[item].begin),
                                        c));
        }
      }
      if (redirect) {
        again.push_back(follow(item, *redirect, p));
      } else if (res.outcome == Outcome::Written) {
        written.push_back(item);
      }
      results[item] = std::move(res);
    }
    if (p.waits && p.ok)
      if (auto why = wait_shortfall(p.replies.back(), acks_, endpoint))
        for (size_t item : written) results[item] = {Outcome::Unavailable, *why};
  }
  round_.clear();
  // Records of one key keep their order: they were sent in item order to one node, and are sent
  // again in item order.
  std::stable_sort(again.begin(), again.end(),
                   [](const Target& a, const Target& b) { return a.item < b.item; });
  return again;
}

void ClusterWriter::finish_rounds(std::vector<Target> next, std::span<WriteResult> results) {
  for (int round = 1; round < kMaxRounds && !next.empty(); ++round) {
    if (moved_ && !refreshed_in_batch_) {
      // Once per batch: a reshard moves many slots, and the other records of this batch, or the
      // next batches, then go straight to their new masters. The MOVED answers win over a map
      // read from a node that has not heard of the move yet.
      refreshed_in_batch_ = true;
      std::vector<std::pair<uint16_t, NodeAddress>> learned;
      for (const Target& t : next)
        if (!t.ask) learned.emplace_back(encoded_[t.item].slot, t.node);
      const auto failure = refresh();
      // Rare (a reshard or a failover), and what an operator wants to see when writes slow down.
      spdlog::info("{} Redis Cluster: {} record(s) redirected with MOVED; slot map read again{}",
                   log_prefix_, learned.size(), failure ? " failed: " + failure->message : "");
      for (const auto& [slot, node] : learned)
        map_.owner[slot] = static_cast<int16_t>(map_.add_master(node));
    }
    moved_ = false;
    send(next);
    next = collect(results);
  }
}

void ClusterWriter::write_chunk(std::span<const SinkItem> items, std::span<WriteResult> results) {
  refreshed_in_batch_ = false;
  moved_ = false;
  encode(items, results);
  std::vector<Target> targets = route(results);
  forecast(results, targets);
  send(targets);
  finish_rounds(collect(results), results);
  settle_forecast(results);
}

void ClusterWriter::write(std::span<const SinkItem> items, std::span<WriteResult> results) {
  for (size_t begin = 0; begin < items.size(); begin += batch_size_) {
    const size_t n = std::min(batch_size_, items.size() - begin);
    write_chunk(items.subspan(begin, n), results.subspan(begin, n));
    if (stop_)
      for (size_t k = begin; k < begin + n; ++k)
        if (results[k].outcome != Outcome::Written) return leave_unsent(results, begin + n, k);
  }
}

void ClusterWriter::submit(std::span<const SinkItem> items) {
  submitted_ = items;
  pipelined_ = items.size() <= batch_size_;
  if (!pipelined_) return;  // several chunks: all in complete(), through write()
  refreshed_in_batch_ = false;
  moved_ = false;
  submitted_results_.assign(items.size(), WriteResult{});
  encode(items, submitted_results_);
  std::vector<Target> targets = route(submitted_results_);
  forecast(submitted_results_, targets);
  send(targets);
}

void ClusterWriter::complete(std::span<WriteResult> results) {
  if (!pipelined_) return write(submitted_, results);
  finish_rounds(collect(submitted_results_), submitted_results_);
  settle_forecast(submitted_results_);
  for (size_t i = 0; i < results.size(); ++i) results[i] = std::move(submitted_results_[i]);
}

}  // namespace ksink::redis
