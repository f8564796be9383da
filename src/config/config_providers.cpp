#include "config/config_providers.h"

#include <fmt/format.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

namespace ksink {

namespace {

enum class Provider { File, Directory, EnvVar };

const std::map<std::string, Provider>& provider_classes() {
  static const std::map<std::string, Provider> classes = {
      {"org.apache.kafka.common.config.provider.FileConfigProvider", Provider::File},
      {"org.apache.kafka.common.config.provider.DirectoryConfigProvider", Provider::Directory},
      {"org.apache.kafka.common.config.provider.EnvVarConfigProvider", Provider::EnvVar},
  };
  return classes;
}

// The providers the worker names, by name; a missing or unknown class is a problem and the
// provider is left out.
std::map<std::string, Provider> configured(const Config& worker,
                                           std::vector<ConfigProblem>& problems) {
  std::map<std::string, Provider> out;
  if (!worker.has("config.providers")) return out;
  const ConfigMap settings = worker.with_prefix("config.providers.");
  for (const auto& name : worker.get_list("config.providers")) {
    const std::string key = "config.providers." + name + ".class";
    auto cls = settings.find(name + ".class");
    if (cls == settings.end()) {
      problems.push_back({key, fmt::format("Missing {} for the provider '{}' in config.providers",
                                           key, name)});
      continue;
    }
    auto known = provider_classes().find(cls->second);
    if (known == provider_classes().end()) {
      problems.push_back(
          {key, fmt::format("Invalid value {} for configuration {}: ksink has the providers "
                            "FileConfigProvider, DirectoryConfigProvider and EnvVarConfigProvider "
                            "(org.apache.kafka.common.config.provider.*)",
                            cls->second, key)});
      continue;
    }
    out[name] = known->second;
  }
  return out;
}

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error{fmt::format("cannot read '{}'", path)};
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The value of one placeholder, or why there is none (without any secret).
Result<std::string> lookup(Provider p, const std::string& path, const std::string& key) {
  switch (p) {
    case Provider::File: {
      auto props = read_properties_file(path, "secrets file");
      if (!props) return props.error();
      auto it = props->find(key);
      if (it == props->end()) return Error{fmt::format("'{}' has no key '{}'", path, key)};
      return it->second;
    }
    case Provider::Directory:
      if (key.find('/') != std::string::npos || key == ".." || key == ".")
        return Error{fmt::format("'{}' is not a file name in '{}'", key, path)};
      return read_file(path + "/" + key);
    case Provider::EnvVar:
      if (const char* v = std::getenv(key.c_str())) return std::string(v);
      return Error{fmt::format("the environment has no variable '{}'", key)};
  }
  return Error{"unknown provider"};
}

}  // namespace

std::vector<ConfigProblem> check_config_providers(const Config& worker) {
  std::vector<ConfigProblem> problems;
  configured(worker, problems);
  return problems;
}

ConfigMap resolve_config_providers(const ConfigMap& raw, const Config& worker,
                                   std::vector<ConfigProblem>& problems) {
  std::vector<ConfigProblem> reported_at_worker_start;  // check_config_providers()
  const auto providers = configured(worker, reported_at_worker_start);
  if (providers.empty()) return raw;
  ConfigMap out = raw;
  for (auto& [key, value] : out) {
    std::string resolved;
    size_t from = 0;
    for (;;) {
      // Kafka's ConfigTransformer pattern: ${provider:[path:]key}, no '}' inside.
      const size_t open = value.find("${", from);
      const size_t close = open == std::string::npos ? open : value.find('}', open);
      if (close == std::string::npos) break;
      const std::string inside = value.substr(open + 2, close - open - 2);
      const size_t c1 = inside.find(':');
      auto provider = c1 == std::string::npos ? providers.end()
                                              : providers.find(inside.substr(0, c1));
      resolved += value.substr(from, open - from);
      from = close + 1;
      if (provider == providers.end()) {  // not ours: stays as written
        resolved += value.substr(open, close + 1 - open);
        continue;
      }
      const std::string rest = inside.substr(c1 + 1);
      const size_t c2 = rest.find(':');
      const std::string path = c2 == std::string::npos ? "" : rest.substr(0, c2);
      const std::string name = c2 == std::string::npos ? rest : rest.substr(c2 + 1);
      auto v = lookup(provider->second, path, name);
      if (!v) {
        problems.push_back({key, fmt::format("Invalid value for configuration {}: {} ({})", key,
                                             v.error().message,
                                             value.substr(open, close + 1 - open))});
        resolved += value.substr(open, close + 1 - open);
        continue;
      }
      resolved += *v;
    }
    resolved += value.substr(from);
    value = std::move(resolved);
  }
  return out;
}

}  // namespace ksink
