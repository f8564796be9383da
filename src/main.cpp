// ksink's command line: standalone, dev-kafka, produce, config-docs (and later distributed, cli).
#include <signal.h>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "config/config_def.h"
#include "devtools/produce.h"
#include "devtools/schema_registry_server.h"
#include "kafka/embedded_kafka.h"
#include "rest/commands.h"
#include "control/connector_config.h"
#include "control/log.h"
#include "control/worker.h"
#include "control/worker_config.h"
#include "sinks/builtin_sinks.h"

namespace {

constexpr int kExitUsage = 2;

const char* kUsage = R"(ksink — Kafka topics into Redis and VoltDB, configured with KCQL.

Usage:
  ksink standalone WORKER.properties CONNECTOR.properties [CONNECTOR.properties ...]
      Run the connectors until SIGINT/SIGTERM, like connect-standalone; the Kafka Connect REST
      API serves on the worker's listeners (default http://127.0.0.1:8083).
  ksink dev-kafka [--partitions N] [--topic NAME ...] [--schema-registry]
      Serve an embedded Kafka (in memory, loopback only) for trying ksink out; prints
      bootstrap.servers=HOST:PORT as its first line. With --schema-registry, also serves a
      Schema Registry (Confluent's REST API for Avro schemas, no compatibility checks) and
      prints schema.registry.url=http://127.0.0.1:PORT as its second line. 'ksink dev-kafka
      --help' tells more, with its retention limit.
  ksink produce --bootstrap-server HOST:PORT --topic NAME [--value-schema JSON|@FILE
                --schema-registry URL] [--key-field NAME | --key TEXT] [--partition N]
      Produce one record per JSON line of stdin, like kafka-avro-console-producer (Avro with a
      value schema, plain JSON without); 'ksink produce --help' lists every option.
  ksink distributed WORKER.properties
      Join the cluster of the worker's group.id (connectors and statuses in Kafka topics) and
      serve the Kafka Connect REST API on its listeners, like connect-distributed.
  ksink cli [--endpoint URL] COMMAND [NAME]
      Manage connectors through the REST API, like Stream Reactor's connect-cli (ps, get,
      create, run, delete, status, pause, resume, restart, plugins, validate); 'ksink cli
      --help' lists them. The endpoint defaults to $KAFKA_CONNECT_REST or http://localhost:8083.
  ksink config-docs
      Print the configuration reference (docs/configuration.md).
  ksink --version | --help

Environment: KSINK_LOG_LEVEL=trace|debug|info|warn|error (default info).
)";

int usage_error(const std::string& message) {
  fmt::print(stderr, "ksink: {}\nRun 'ksink --help' for usage.\n", message);
  return kExitUsage;
}

// Blocks SIGINT/SIGTERM in every thread (threads inherit the mask), so the main thread can wait
// for them with sigwait and shut down in order.
sigset_t block_stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  return set;
}

int wait_for_stop(const sigset_t& set) {
  int sig = 0;
  sigwait(&set, &sig);
  return sig;
}

// An operator who signals twice wants the process gone now (systemd and Kubernetes escalate to
// SIGKILL anyway): nothing more is committed, the records after the last commit are read again.
void exit_on_second_signal(sigset_t signals) {
  std::thread([signals] {
    int sig = wait_for_stop(signals);
    spdlog::warn("Received {} again, exiting at once without waiting for the tasks: records "
                 "written since the last commit will be read and written again",
                 strsignal(sig));
    spdlog::default_logger()->flush();
    std::_Exit(128 + sig);
  }).detach();
}

int run_standalone(const std::vector<std::string>& args) {
  if (args.size() < 2)
    return usage_error("standalone needs a worker properties file and at least one connector "
                       "properties file");
  auto worker_raw = ksink::read_properties_file(args[0]);
  if (!worker_raw) return usage_error(worker_raw.error().message);
  std::vector<ksink::ConfigMap> connectors;
  for (size_t i = 1; i < args.size(); ++i) {
    auto raw = ksink::read_properties_file(args[i]);
    if (!raw) return usage_error(raw.error().message);
    connectors.push_back(std::move(*raw));
  }
  sigset_t signals = block_stop_signals();
  auto worker_config = ksink::load_worker_config(*worker_raw);
  if (!worker_config) {
    spdlog::error("{}: {}", args[0], worker_config.error().message);
    return 1;
  }
  ksink::Worker worker(std::move(*worker_config));
  for (size_t i = 0; i < connectors.size(); ++i) {
    if (auto s = worker.add_connector(connectors[i]); !s) {
      spdlog::error("{}: {}", args[i + 1], s.error().message);
      worker.stop_all();
      return 1;
    }
  }
  auto rest = ksink::rest::StandaloneRest::start(worker);
  int sig = wait_for_stop(signals);
  const auto timeout = std::chrono::milliseconds(
      ksink::read_worker_settings(worker.config()).task_shutdown_graceful_timeout_ms);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  spdlog::info("Received {}, stopping within {} ms (task.shutdown.graceful.timeout.ms): committing "
               "what was written; a second signal exits at once",
               strsignal(sig), timeout.count());
  exit_on_second_signal(signals);
  rest.reset();
  if (!worker.stop_all_by(deadline)) {
    // A task stuck writing cannot be destroyed: the process ends without running destructors.
    spdlog::error("ksink stopped, abandoning the task(s) above");
    spdlog::default_logger()->flush();
    std::_Exit(1);
  }
  spdlog::info("ksink stopped");
  return 0;
}

int run_distributed(const std::vector<std::string>& args) {
  if (args.size() != 1) return usage_error("distributed needs one worker properties file");
  auto worker_raw = ksink::read_properties_file(args[0], "worker file");
  if (!worker_raw) return usage_error(worker_raw.error().message);
  sigset_t signals = block_stop_signals();
  return ksink::rest::run_distributed(*worker_raw, [&] {
    int sig = wait_for_stop(signals);
    spdlog::info("Received {}; a second signal exits at once", strsignal(sig));
    exit_on_second_signal(signals);
  });
}

const char* kDevKafkaUsage = R"(Usage: ksink dev-kafka [--partitions N] [--topic NAME ...] [--schema-registry]

Serves an embedded Kafka (librdkafka's mock cluster: in memory, loopback only) for trying ksink
out, until SIGINT/SIGTERM. Prints bootstrap.servers=HOST:PORT as its first line.

  --topic NAME        create topic NAME at start (repeatable); others are created when first used
  --partitions N      partitions of the topics created with --topic (default 1)
  --schema-registry   also serve a Schema Registry (Confluent's REST API for Avro schemas, no
                      compatibility checks); prints schema.registry.url=http://127.0.0.1:PORT as
                      the second line
  --help              this text

Each partition keeps only its newest 5 MiB / 100,000 message sets (a fixed limit of the mock
cluster): older records are dropped, with a warning naming the partition. Spread bulk loads
over partitions, or use a real Kafka.
)";

// Warns once per partition and time the retention cap drops records, so that a load test
// missing records says why.
void warn_dropped_records(ksink::kafka::EmbeddedKafka& kafka,
                          std::map<std::pair<std::string, int32_t>, int64_t>& warned) {
  for (const auto& t : kafka.dropped_records()) {
    int64_t& seen = warned[{t.topic, t.partition}];
    if (t.first_offset <= seen) continue;
    seen = t.first_offset;
    spdlog::warn("Embedded Kafka: topic '{}' partition {} has dropped its oldest records: offsets "
                 "below {} are gone (it keeps only the newest 5 MiB / 100,000 message sets per "
                 "partition; spread the load over more partitions, or use a real Kafka)",
                 t.topic, t.partition, t.first_offset);
  }
}

int run_dev_kafka(const std::vector<std::string>& args) {
  int partitions = 1;
  std::vector<std::string> topics;
  bool schema_registry = false;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--help" || args[i] == "-h") {
      fmt::print("{}", kDevKafkaUsage);
      return 0;
    }
    if (args[i] == "--schema-registry") {
      schema_registry = true;
      continue;
    }
    if ((args[i] == "--partitions" || args[i] == "--topic") && i + 1 >= args.size())
      return usage_error(args[i] + " needs a value");
    if (args[i] == "--partitions") {
      try {
        partitions = std::stoi(args[++i]);
      } catch (...) {
        partitions = 0;
      }
      if (partitions < 1) return usage_error("--partitions must be a positive number");
    } else if (args[i] == "--topic") {
      topics.push_back(args[++i]);
    } else {
      return usage_error("unknown dev-kafka option '" + args[i] + "'");
    }
  }
  sigset_t signals = block_stop_signals();
  auto kafka = ksink::kafka::EmbeddedKafka::start();
  if (!kafka) {
    spdlog::error("{}", kafka.error().message);
    return 1;
  }
  for (const auto& t : topics) {
    if (auto s = (*kafka)->create_topic(t, partitions); !s) {
      spdlog::error("{}", s.error().message);
      return 1;
    }
  }
  ksink::devtools::SchemaRegistryServer registry;
  if (schema_registry) {
    if (auto port = registry.start(); !port) {
      spdlog::error("{}", port.error().message);
      return 1;
    }
  }
  fmt::print("bootstrap.servers={}\n", (*kafka)->bootstrap_servers());
  if (schema_registry) fmt::print("schema.registry.url={}\n", registry.url());
  std::fflush(stdout);
  spdlog::info("Embedded Kafka serving on {} (in memory; stop with Ctrl-C)",
               (*kafka)->bootstrap_servers());
  std::map<std::pair<std::string, int32_t>, int64_t> warned;
  const struct timespec check_every {5, 0};
  while (sigtimedwait(&signals, nullptr, &check_every) < 0)
    warn_dropped_records(**kafka, warned);
  return 0;
}

int run_config_docs() {
  std::vector<const ksink::ConfigDef*> defs = {&ksink::worker_config_def(),
                                               &ksink::connector_config_def()};
  for (const auto& p : ksink::SinkRegistry::instance().plugins()) defs.push_back(&p->config_def());
  fmt::print("# ksink configuration reference\n\n"
             "<!-- Generated by `make docs` (ksink config-docs) from the configuration "
             "definitions; do not edit. -->\n\n"
             "Worker keys go in the worker properties file; connector and sink keys in the "
             "connector's file (or its REST config). Keys under `consumer.`, `producer.` "
             "(worker) and `consumer.override.`, `producer.override.` (connector) pass through to "
             "librdkafka, checked when the configuration is read. Kafka's Java client names "
             "librdkafka spells differently are translated (`fetch.max.wait.ms`, "
             "`send.buffer.bytes`, `receive.buffer.bytes`, `max.request.size`, assignor class "
             "names); Java-only settings with no librdkafka effect (`max.poll.records`, "
             "deserializers, metrics reporters ...) are ignored with a warning; JKS stores and "
             "Java classes are refused with what to set instead. Keys under `key.converter.` and `value.converter.` configure the "
             "converters. Older spellings in the aliases column are accepted.\n\n{}",
             ksink::render_config_docs(defs));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) return usage_error("no command given");
  const std::string verb = args.front();
  args.erase(args.begin());
  if (verb == "--help" || verb == "-h" || verb == "help") {
    fmt::print("{}", kUsage);
    return 0;
  }
  if (verb == "--version" || verb == "version") {
    fmt::print("ksink {}\n", KSINK_VERSION);
    return 0;
  }
  ksink::setup_logging();
  ksink::register_builtin_sinks();
  if (verb == "standalone") return run_standalone(args);
  if (verb == "dev-kafka") return run_dev_kafka(args);
  if (verb == "produce") return ksink::devtools::run_produce(args);
  if (verb == "config-docs") return run_config_docs();
  if (verb == "cli") return ksink::rest::run_cli_command(args);
  if (verb == "distributed") return run_distributed(args);
  return usage_error("unknown command '" + verb + "'");
}
