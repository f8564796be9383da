// A sink plugin for the REST unit tests (the real sinks are not linked into this binary): a
// required host, a password, KCQL that must name a PK, and the error-policy keys.
#pragma once

#include <memory>

#include "control/connector_config.h"
#include "pipeline/sink.h"
#include "control/worker.h"

namespace ksink::test {

class FakeSink : public SinkPlugin {
 public:
  std::string_view alias() const override { return "fake"; }
  std::vector<std::string> class_names() const override {
    return {"com.example.connect.fake.FakeSinkConnector"};
  }
  std::string_view display_name() const override { return "Fake sink"; }
  const ConfigDef& config_def() const override {
    static const ConfigDef def = [] {
      ConfigDef d("Fake sink");
      d.define({.name = "connect.fake.host", .importance = Importance::High, .doc = "Host.",
                .aliases = {"connect.fake.connection.host"}});
      d.define({.name = "connect.fake.password",
                .type = ConfigType::Password,
                .default_value = "",
                .importance = Importance::High,
                .doc = "Password."});
      d.define({.name = "connect.fake.kcql", .importance = Importance::High, .doc = "KCQL."});
      define_error_policy_keys(d, "connect.fake.", {});
      return d;
    }();
    return def;
  }
  std::string_view key_prefix() const override { return "connect.fake."; }
  void validate(const Config&, const std::vector<kcql::Statement>& statements,
                std::vector<ConfigProblem>& problems, std::vector<std::string>&) const override {
    for (const auto& s : statements)
      if (s.primary_keys.empty())
        problems.push_back({"connect.fake.kcql", "The fake sink needs a key: add PK to '" +
                                                     s.text + "'"});
  }
  Result<std::unique_ptr<SinkWriter>> open(const Config&, const std::vector<kcql::Statement>&,
                                           const SinkContext&) const override {
    return Error{"the fake sink writes nowhere"};
  }
};

inline void register_fake_sink() {
  static bool done = [] {
    SinkRegistry::instance().add(std::make_unique<FakeSink>());
    return true;
  }();
  (void)done;
}

inline Config fake_worker_config() {
  register_fake_sink();
  auto c = load_worker_config({{"bootstrap.servers", "127.0.0.1:1"},
                               {"key.converter", "org.apache.kafka.connect.storage.StringConverter"}});
  return std::move(*c);
}

inline ConfigMap fake_connector(const std::string& name) {
  return {{"name", name},
          {"connector.class", "com.example.connect.fake.FakeSinkConnector"},
          {"topics", "t"},
          {"connect.fake.host", "db.example"},
          {"connect.fake.password", "hunter2"},
          {"connect.fake.kcql", "INSERT INTO x SELECT * FROM t PK id"}};
}

}  // namespace ksink::test
