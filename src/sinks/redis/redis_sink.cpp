#include "sinks/redis/redis_sink.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "sinks/redis/redis_config.h"
#include "sinks/redis/redis_writer.h"
#include "sinks/redis/storage_mode.h"

namespace ksink::redis {
namespace {

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
  }

  Result<std::unique_ptr<SinkWriter>> open(const Config& config,
                                           const std::vector<kcql::Statement>& statements,
                                           const SinkContext& context) const override {
    std::vector<StoragePlan> plans;
    std::vector<std::string> warnings;  // already reported by validate()
    for (const auto& s : statements) {
      auto plan = plan_statement(s, config.get_string("connect.redis.pk.delimiter"), warnings);
      if (!plan) return plan.error();
      plans.push_back(std::move(*plan));
    }
    auto writer = std::make_unique<RedisWriter>(
        connection_settings(config), std::move(plans),
        static_cast<size_t>(config.get_int("connect.redis.batch.size")));
    // Credentials are checked at start (docs/architecture.md "Errors": the task fails at once), even when
    // the topic brings no record for a long time; an unreachable Redis is retried as writes are.
    if (auto error = writer->probe()) {
      if (error->fatal) return Error{error->message};
      spdlog::warn("[{}|task-{}] {}; writing starts when it can be reached", context.connector,
                   context.task_id, error->message);
    }
    return std::unique_ptr<SinkWriter>(std::move(writer));
  }
};

}  // namespace

std::unique_ptr<SinkPlugin> make_redis_sink() { return std::make_unique<RedisSink>(); }

}  // namespace ksink::redis
