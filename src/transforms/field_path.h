// A field path as Kafka's KIP-821 defines it (connect/transforms/.../field/SingleFieldPath.java,
// FieldSyntaxVersion.java): with `field.syntax.version=V1` the whole text names one top-level
// field; with V2 dots step into nested objects and backticks quote a name holding dots
// ("`foo.bar`.baz"), a backslash before a backtick keeping it in the name.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/value.h"
#include "transforms/settings.h"

namespace ksink::transforms {

enum class FieldSyntaxVersion { V1, V2 };

// Reads `field.syntax.version` (default V1, V1/V2 in any case) as FieldSyntaxVersion's ConfigDef
// entry does.
FieldSyntaxVersion read_field_syntax_version(TransformSettings& settings);

class SingleFieldPath {
 public:
  // nullopt with `error` set to Kafka's ConfigException text when V2 backticks do not pair up.
  static std::optional<SingleFieldPath> parse(std::string_view text, FieldSyntaxVersion version,
                                              std::string& error);

  const std::vector<std::string>& steps() const { return steps_; }

  // SingleFieldPath.valueFrom(Map): the value at the path, nullptr when a step is missing or an
  // intermediate value is null. Throws DataError when an intermediate value is not an object
  // (Requirements.requireMapOrNull for "nested field access").
  const Value* value_from(const Object& object) const;

 private:
  explicit SingleFieldPath(std::vector<std::string> steps) : steps_(std::move(steps)) {}
  std::vector<std::string> steps_;
};

}  // namespace ksink::transforms
