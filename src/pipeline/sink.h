// What the runtime knows of a sink: a plugin registered by name (config definitions, KCQL
// validation, a factory), and a writer that takes routed records and reports an outcome for each.
// Sinks never commit offsets and never sleep in retry loops: the task's error policy does that.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "config/config_def.h"
#include "core/record.h"
#include "core/result.h"
#include "kcql/statement.h"

namespace ksink {

enum class Outcome : uint8_t {
  Written,      // durably accepted by the target
  RecordError,  // this record cannot be written (bad data, constraint, WRONGTYPE): error policy
  Unavailable,  // the target could not be reached or asked to come back later: retry the batch
  Fatal,        // misconfiguration the target reported (bad password, unknown table): fail now
};

struct WriteResult {
  Outcome outcome = Outcome::Written;
  std::string message;  // for errors: names the field/statement and what was expected
};

// One record routed to one KCQL statement.
struct SinkItem {
  const Record* record;
  const kcql::Statement* statement;
};

struct SinkContext {
  std::string connector;
  int task_id = 0;
  // Error policy THROW: the task fails at the first record not written, so the writer sends
  // nothing of the batch after it, and the target keeps none of the records after it
  // (docs/architecture.md "Errors").
  bool stop_at_error = false;
};

class SinkWriter {
 public:
  virtual ~SinkWriter() = default;
  // Writes the items (in order per partition) and fills one result per item. Called with the same
  // items again after Unavailable results, so writes must be safe to repeat (at-least-once).
  virtual void write(std::span<const SinkItem> items, std::span<WriteResult> results) = 0;

  // Pipelining across batches: submit() starts writing `items` and may return before the target
  // answered, so the task converts the next batch meanwhile; complete() waits for the outcome of
  // the submitted items. The items must stay valid until complete(). By default the whole write
  // happens in complete().
  virtual void submit(std::span<const SinkItem> items) { submitted_ = items; }
  virtual void complete(std::span<WriteResult> results) { write(submitted_, results); }
  // How many submitted batches may wait for complete() at once: with 2, the task submits the
  // next batch before completing the previous one, so the target always has work; complete()
  // answers them in the order submitted. write() is only called with none waiting. Asked before
  // each submit(), so it may depend on the batches in flight.
  virtual size_t max_in_flight() const { return 1; }
  // Instead of complete() for the oldest submitted batch, when the task will send its items
  // again later (docs/architecture.md "Batches in flight"): what went out is waited for (its
  // answers are dropped), and what has not gone out yet is not sent now.
  virtual void abandon_oldest(std::span<WriteResult> results) { complete(results); }

 protected:
  std::span<const SinkItem> submitted_;
};

class SinkPlugin {
 public:
  virtual ~SinkPlugin() = default;
  virtual std::string_view alias() const = 0;                    // "redis"
  virtual std::vector<std::string> class_names() const = 0;      // Stream Reactor class names
  virtual std::string_view display_name() const = 0;             // "Redis sink", for messages
  virtual const ConfigDef& config_def() const = 0;
  // The prefix of the sink's own keys: "connect.redis." -> connect.redis.kcql,
  // connect.redis.error.policy, connect.redis.max.retries, connect.redis.retry.interval,
  // connect.redis.batch.size.
  virtual std::string_view key_prefix() const = 0;
  // Checks every statement against what the sink supports: problems stop the connector,
  // warnings are logged (clauses the sink ignores).
  virtual void validate(const Config& config, const std::vector<kcql::Statement>& statements,
                        std::vector<ConfigProblem>& problems,
                        std::vector<std::string>& warnings) const = 0;
  // A writer for one task; connecting happens in here or lazily in write(). An error here is
  // a startup failure of the task.
  virtual Result<std::unique_ptr<SinkWriter>> open(const Config& config,
                                                   const std::vector<kcql::Statement>& statements,
                                                   const SinkContext& context) const = 0;
};

// Sinks built into this binary, by alias or class name.
class SinkRegistry {
 public:
  static SinkRegistry& instance();
  void add(std::unique_ptr<SinkPlugin> plugin);
  const SinkPlugin* find(std::string_view alias_or_class) const;
  const std::vector<std::unique_ptr<SinkPlugin>>& plugins() const { return plugins_; }

 private:
  std::vector<std::unique_ptr<SinkPlugin>> plugins_;
};

}  // namespace ksink
