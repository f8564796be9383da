#include "control/metrics.h"

#include <fmt/format.h>

#include <array>
#include <cstdint>

namespace ksink {

namespace {

struct Metric {
  const char* name;  // Kafka Connect's
  const char* type;  // counter or gauge
  const char* help;  // one sentence, without its full stop
  double (*read)(const TaskMetrics&);
};

constexpr std::array kMetrics = {
    Metric{"sink-record-read-total", "counter", "Records read from Kafka by the task",
           [](const TaskMetrics& m) { return double(m.records_read); }},
    Metric{"sink-record-send-total", "counter", "Records written to the target",
           [](const TaskMetrics& m) { return double(m.records_written); }},
    Metric{"sink-record-active-count", "gauge",
           "Records read and not yet written, skipped or dead-lettered (at the last commit)",
           [](const TaskMetrics& m) { return double(m.active_records); }},
    Metric{"sink-record-lag-max", "gauge",
           "Most records any assigned partition has beyond what was read (at the last commit)",
           [](const TaskMetrics& m) { return double(m.lag_max); }},
    Metric{"partition-count", "gauge", "Topic partitions assigned to the task",
           [](const TaskMetrics& m) { return double(m.partitions); }},
    Metric{"put-batch-avg-time-ms", "gauge", "Average time to write a batch, in milliseconds",
           [](const TaskMetrics& m) {
             const uint64_t n = m.put_batches;
             return n ? double(m.put_batch_total_ms) / double(n) : 0.0;
           }},
    Metric{"put-batch-max-time-ms", "gauge", "Longest time to write a batch, in milliseconds",
           [](const TaskMetrics& m) { return double(m.put_batch_max_ms); }},
    Metric{"offset-commit-completion-total", "counter", "Offset commits that completed",
           [](const TaskMetrics& m) { return double(m.commits); }},
    Metric{"offset-commit-skip-total", "counter",
           "Commit intervals with nothing new to commit",
           [](const TaskMetrics& m) { return double(m.commits_skipped); }},
    Metric{"total-record-errors", "counter", "Records the target refused or could not take",
           [](const TaskMetrics& m) { return double(m.record_errors); }},
    Metric{"total-record-failures", "counter", "Records that failed conversion or writing",
           [](const TaskMetrics& m) { return double(m.record_failures); }},
    Metric{"total-records-skipped", "counter",
           "Records skipped under errors.tolerance=all or error policy NOOP",
           [](const TaskMetrics& m) { return double(m.records_skipped); }},
    Metric{"total-retries", "counter", "Writes retried (error policy RETRY, target unavailable)",
           [](const TaskMetrics& m) { return double(m.retries); }},
    Metric{"deadletterqueue-produce-requests", "counter",
           "Records produced to the dead-letter topic",
           [](const TaskMetrics& m) { return double(m.dlq_produce_requests); }},
    Metric{"deadletterqueue-produce-failures", "counter",
           "Records the dead-letter topic did not take",
           [](const TaskMetrics& m) { return double(m.dlq_produce_failures); }},
};

// A label value as the text format wants it: backslash, double quote and newline escaped.
std::string label(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

}  // namespace

std::string prometheus_metrics(Worker& worker) {
  struct Sample {
    std::string connector;
    int task;
    std::array<double, kMetrics.size()> values;
    std::array<double, kStages> stage_seconds;
  };
  std::vector<Sample> samples;
  for (const auto& name : worker.names()) {
    auto connector = worker.get(name);
    if (!connector) continue;  // deleted meanwhile
    connector->visit_task_metrics([&](int task, const TaskMetrics& m) {
      Sample s{label(name), task, {}};
      for (size_t k = 0; k < kMetrics.size(); ++k) s.values[k] = kMetrics[k].read(m);
      for (size_t k = 0; k < kStages; ++k) s.stage_seconds[k] = m.stages.seconds(Stage(k));
      samples.push_back(std::move(s));
    });
  }
  std::string out;
  for (size_t k = 0; k < kMetrics.size(); ++k) {
    std::string name = std::string("ksink_") + kMetrics[k].name;
    for (char& c : name)
      if (c == '-') c = '_';
    out += fmt::format("# HELP {} {} (Kafka Connect's {})\n# TYPE {} {}\n", name,
                       kMetrics[k].help, kMetrics[k].name, name, kMetrics[k].type);
    for (const auto& s : samples)
      out += fmt::format("{}{{connector=\"{}\",task=\"{}\"}} {}\n", name, s.connector, s.task,
                         s.values[k]);
  }
  // ksink's own (no Kafka Connect counterpart): docs/performance.md "Where the wall time goes".
  out +=
      "# HELP ksink_task_stage_seconds_total Wall time of the task thread by stage of its loop\n"
      "# TYPE ksink_task_stage_seconds_total counter\n";
  for (const auto& s : samples)
    for (size_t k = 0; k < kStages; ++k)
      out += fmt::format("ksink_task_stage_seconds_total{{connector=\"{}\",task=\"{}\",stage=\"{}\"}} {}\n",
                         s.connector, s.task, stage_name(Stage(k)), s.stage_seconds[k]);
  return out;
}

}  // namespace ksink
