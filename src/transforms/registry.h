// The transforms and predicates ksink has, by Kafka Connect class name. Each lives in a file of
// its own with a factory; builtin_transforms.cpp lists the factories (as sinks/builtin_sinks.cpp
// lists the sinks: a static library would drop self-registering objects nobody refers to).
#pragma once

#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "transforms/transform.h"

namespace ksink::transforms {

using TransformFactory = std::unique_ptr<Transformation> (*)(TransformSettings&, Part);
using PredicateFactory = std::unique_ptr<Predicate> (*)(TransformSettings&);

struct TransformPlugin {
  std::string_view class_name;  // without `$Key`/`$Value`
  bool variants;                // has `$Key` and `$Value` (the bare name is then abstract)
  TransformFactory make;        // `Part` is Value for a transform without variants
};

struct PredicatePlugin {
  std::string_view class_name;
  PredicateFactory make;
};

std::span<const TransformPlugin> builtin_transforms();
std::span<const PredicatePlugin> builtin_predicates();

// The class names a user may write, variants spelt out ("...ExtractField$Key").
std::vector<std::string> transform_class_names();
std::vector<std::string> predicate_class_names();

}  // namespace ksink::transforms
