#include "sinks/redis/redis_sink.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "sinks/redis/cluster_writer.h"
#include "sinks/redis/redis_config.h"
#include "sinks/redis/redis_writer.h"
#include "sinks/redis/storage_mode.h"

namespace ksink::redis {
namespace {

// What connect.redis.cluster.enabled=auto finds: whether the first seed that answers is a
// cluster node (INFO cluster: cluster_enabled:1), and which seed that was.
struct Detected {
  bool cluster = false;
  NodeAddress node;
};

Result<Detected> detect(const ConnectionSettings& base, const std::vector<NodeAddress>& seeds,
                        ConnectionError& unreachable) {
  for (const NodeAddress& seed : seeds) {
    ConnectionSettings s = base;
    s.host = seed.host;
    s.port = seed.port;
    s.db = 0;  // a cluster node refuses SELECT: the database is checked once the kind is known
    Connection c(std::move(s));
    ConnectionError error;
    ReplyPtr info = c.call({"INFO", "cluster"}, error);
    if (!info) {
      if (error.fatal) return Error{error.message};
      unreachable = error;
      continue;
    }
    std::string_view text = info->type == REDIS_REPLY_STRING
                                ? std::string_view(info->str, info->len)
                                : std::string_view{};
    return Detected{text.find("cluster_enabled:1") != std::string_view::npos, seed};
  }
  return Error{""};  // none answered: `unreachable` says why
}

std::string cluster_db_error(int db) {
  return fmt::format("connect.redis.db={}: a Redis Cluster has database 0 only; set "
                     "connect.redis.db=0 (or remove it)",
                     db);
}

// The writer for a cluster or for one Redis, once the kind of target is known.
struct WriterFactory {
  WriterFactory(ConnectionSettings settings, ClusterSettings cluster, std::vector<StoragePlan> plans,
                size_t batch_size, const SinkContext& context)
      : settings_(std::move(settings)),
        cluster_(std::move(cluster)),
        plans_(std::move(plans)),
        batch_size_(batch_size),
        stop_at_error_(context.stop_at_error),
        log_prefix_(fmt::format("[{}|task-{}]", context.connector, context.task_id)) {}

  Result<std::unique_ptr<SinkWriter>> make(bool cluster, const NodeAddress& node,
                                           std::optional<ConnectionError>& probe) {
    if (cluster) {
      if (settings_.db != 0) return Error{cluster_db_error(settings_.db)};
      auto w = std::make_unique<ClusterWriter>(settings_, cluster_.seeds, plans_, batch_size_,
                                               cluster_.acks, stop_at_error_, log_prefix_);
      probe = w->probe();
      return std::unique_ptr<SinkWriter>(std::move(w));
    }
    ConnectionSettings s = settings_;
    s.host = node.host;
    s.port = node.port;
    auto w = std::make_unique<RedisWriter>(std::move(s), plans_, batch_size_, cluster_.acks,
                                           stop_at_error_);
    probe = w->probe();
    return std::unique_ptr<SinkWriter>(std::move(w));
  }
  ConnectionSettings settings_;
  ClusterSettings cluster_;
  std::vector<StoragePlan> plans_;
  size_t batch_size_;
  bool stop_at_error_;
  std::string log_prefix_;  // "[connector|task-N]", for the lines the writer logs
};

// connect.redis.cluster.enabled=auto with no seed reachable at start: the kind of target is
// asked again at each attempt, whose records are Unavailable (retried) until a seed answers.
class DetectingWriter : public SinkWriter {
 public:
  explicit DetectingWriter(WriterFactory factory) : factory_(std::move(factory)) {}
  void write(std::span<const SinkItem> items, std::span<WriteResult> results) override {
    if (!inner_) {
      auto fill = [&](Outcome o, const std::string& message) {
        for (auto& r : results) r = {o, message};
      };
      ConnectionError unreachable;
      auto found = detect(factory_.settings_, factory_.cluster_.seeds, unreachable);
      if (!found) {
        if (found.error().message.empty()) return fill(Outcome::Unavailable, unreachable.message);
        return fill(Outcome::Fatal, found.error().message);
      }
      std::optional<ConnectionError> probe;
      auto made = factory_.make(found->cluster, found->node, probe);
      if (!made) return fill(Outcome::Fatal, made.error().message);
      if (probe && probe->fatal) return fill(Outcome::Fatal, probe->message);
      inner_ = std::move(*made);
    }
    inner_->write(items, results);
  }
  void submit(std::span<const SinkItem> items) override {
    if (inner_) return inner_->submit(items);
    submitted_ = items;
  }
  void complete(std::span<WriteResult> results) override {
    if (inner_) return inner_->complete(results);
    write(submitted_, results);
  }
  // Once the target is known, its writer's pipelining (before: one batch, kept here).
  size_t max_in_flight() const override { return inner_ ? inner_->max_in_flight() : 1; }
  void abandon_oldest(std::span<WriteResult> results) override {
    if (inner_) return inner_->abandon_oldest(results);
    complete(results);
  }

 private:
  WriterFactory factory_;
  std::unique_ptr<SinkWriter> inner_;
};

class RedisSink : public SinkPlugin {
 public:
  std::string_view alias() const override { return "redis"; }
  std::vector<std::string> class_names() const override {
    return {"com.datamountaineer.streamreactor.connect.redis.sink.RedisSinkConnector",
            "io.lenses.streamreactor.connect.redis.sink.RedisSinkConnector"};
  }
  std::string_view display_name() const override { return "Redis sink"; }
  const ConfigDef& config_def() const override { return redis_config_def(); }
  std::string_view key_prefix() const override { return "connect.redis."; }

  // Reads keys one by one, each guarded by has(): a value that failed its own check is absent
  // here, so RedisSinkSettings (which needs them all) cannot be built yet.
  void validate(const Config& config, const std::vector<kcql::Statement>& statements,
                std::vector<ConfigProblem>& problems,
                std::vector<std::string>& warnings) const override {
    const std::string delimiter = config.has("connect.redis.pk.delimiter")
                                      ? config.get_string("connect.redis.pk.delimiter")
                                      : ".";
    for (const auto& s : statements) {
      auto plan = plan_statement(s, delimiter, warnings);
      if (!plan) problems.push_back({"connect.redis.kcql", plan.error().message});
    }
    // With auto, whether the target is a cluster is known only once it answers (open()).
    if (config.has("connect.redis.cluster.enabled") && config.has("connect.redis.db") &&
        config.get_string("connect.redis.cluster.enabled") == "true" &&
        config.get_int("connect.redis.db") != 0)
      problems.push_back(
          {"connect.redis.db", cluster_db_error(static_cast<int>(config.get_int("connect.redis.db")))});
  }

  Result<std::unique_ptr<SinkWriter>> open(const Config& config,
                                           const std::vector<kcql::Statement>& statements,
                                           const SinkContext& context) const override {
    RedisSinkSettings sink = redis_sink_settings(config);
    std::vector<StoragePlan> plans;
    std::vector<std::string> warnings;  // already reported by validate()
    for (const auto& s : statements) {
      auto plan = plan_statement(s, sink.pk_delimiter, warnings);
      if (!plan) return plan.error();
      plans.push_back(std::move(*plan));
    }
    const ClusterSettings cluster = sink.cluster;
    WriterFactory factory(std::move(sink.connection), cluster, std::move(plans), sink.batch_size,
                          context);
    bool is_cluster = cluster.mode == ClusterMode::On;
    NodeAddress node = cluster.seeds.front();
    if (cluster.mode == ClusterMode::Auto) {
      ConnectionError unreachable;
      auto found = detect(factory.settings_, cluster.seeds, unreachable);
      if (!found) {
        if (!found.error().message.empty()) return found.error();
        spdlog::warn("[{}|task-{}] {}; writing starts when it can be reached", context.connector,
                     context.task_id, unreachable.message);
        return std::unique_ptr<SinkWriter>(std::make_unique<DetectingWriter>(std::move(factory)));
      }
      is_cluster = found->cluster;
      node = found->node;
      spdlog::info("[{}|task-{}] Redis at {} is {}", context.connector, context.task_id,
                   node.text(), is_cluster ? "a Redis Cluster node: writing to the cluster"
                                           : "a single Redis (no cluster)");
    } else if (!is_cluster && cluster.seeds.size() > 1) {
      spdlog::warn("[{}|task-{}] connect.redis.host lists {} nodes but connect.redis.cluster."
                   "enabled=false: writing to {} only",
                   context.connector, context.task_id, cluster.seeds.size(), node.text());
    }
    std::optional<ConnectionError> error;
    auto writer = factory.make(is_cluster, node, error);
    if (!writer) return writer.error();
    // Credentials are checked at start (docs/architecture.md "Errors": the task fails at once), even when
    // the topic brings no record for a long time; an unreachable Redis is retried as writes are.
    if (error) {
      if (error->fatal) return Error{error->message};
      spdlog::warn("[{}|task-{}] {}; writing starts when it can be reached", context.connector,
                   context.task_id, error->message);
    }
    return std::move(*writer);
  }
};

}  // namespace

std::unique_ptr<SinkPlugin> make_redis_sink() { return std::make_unique<RedisSink>(); }

}  // namespace ksink::redis
