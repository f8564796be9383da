// A connector's transforms in order, each with its predicate, read from `transforms`,
// `transforms.<alias>.type`, `.predicate`, `.negate` and `predicates`, `predicates.<alias>.type`
// as Kafka Connect's ConnectorConfig reads them (docs/transforms.md "Configuration").
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "config/config_def.h"
#include "config/properties.h"
#include "core/record.h"
#include "transforms/transform.h"

namespace ksink::transforms {

struct TransformFailure {
  std::string alias;
  std::string class_name;  // the dead letter's __connect.errors.class.name
  std::string message;
};

class TransformChain {
 public:
  enum class Verdict { Keep, Drop, Fail };

  // Reads the chain from a connector's configuration. Problems name the alias and the key (an
  // unknown class lists the ones ksink has); the chain is usable only when none were added.
  static std::shared_ptr<const TransformChain> build(const ConfigMap& config,
                                                     std::vector<ConfigProblem>& problems);

  bool empty() const { return steps_.empty(); }
  // Whether a transform may change the topic KCQL's FROM matches.
  bool routes() const;

  // Applies each transform whose predicate holds, in order, until one drops the record.
  Verdict apply(Record& record, TransformFailure& failure) const;

 private:
  struct Step {
    std::string alias;
    std::string class_name;
    std::unique_ptr<Transformation> transform;
    std::shared_ptr<const Predicate> predicate;  // null: always applies
    bool negate = false;
  };
  std::vector<Step> steps_;
};

}  // namespace ksink::transforms
