// Builds one transform (or a chain) the way a connector file does and applies it to records, so
// each transform's test reads like the Kafka unit test it follows.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "transforms/chain.h"

namespace ksink::transforms::testing {

// `transforms=t`, `transforms.t.type=<cls>`, `transforms.t.<k>=<v>` for each setting.
inline ConfigMap one_transform(const std::string& cls, const ConfigMap& settings = {}) {
  ConfigMap c{{"transforms", "t"}, {"transforms.t.type", cls}};
  for (const auto& [k, v] : settings) c["transforms.t." + k] = v;
  return c;
}

inline std::shared_ptr<const TransformChain> build_chain(const ConfigMap& config) {
  std::vector<ConfigProblem> problems;
  auto chain = TransformChain::build(config, problems);
  for (const auto& p : problems) ADD_FAILURE() << p.key << ": " << p.message;
  return chain;
}

// The problems building the configuration reports, "key: message" each.
inline std::vector<std::string> problems_of(const ConfigMap& config) {
  std::vector<ConfigProblem> problems;
  auto chain = TransformChain::build(config, problems);
  std::vector<std::string> out;
  for (const auto& p : problems) out.push_back(p.key + ": " + p.message);
  return out;
}

inline Record record(Value key, Value value, std::string topic = "test", int32_t partition = 0,
                     int64_t offset = 0, int64_t timestamp = -1) {
  Record r;
  r.topic = std::move(topic);
  r.partition = partition;
  r.offset = offset;
  r.timestamp = timestamp;
  r.key = std::move(key);
  r.value = std::move(value);
  return r;
}

struct Applied {
  TransformChain::Verdict verdict;
  Record record;
  std::string error;  // the failure's message when verdict is Fail
};

inline Applied apply(const TransformChain& chain, Record r) {
  TransformFailure failure;
  auto verdict = chain.apply(r, failure);
  return {verdict, std::move(r), failure.message};
}

}  // namespace ksink::transforms::testing
