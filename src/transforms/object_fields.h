// Field access on ksink's ordered objects with the semantics of the java.util.Map Connect's
// schemaless path uses: a name is present at most once, and putting an existing name replaces
// its value where it stands (new names go at the end, as a Struct's schema would list them).
#pragma once

#include <string>
#include <string_view>

#include "core/value.h"

namespace ksink::transforms {

inline Value* find_field(Object& object, std::string_view name) {
  for (auto& [k, v] : object)
    if (k == name) return &v;
  return nullptr;
}

inline const Value* find_field(const Object& object, std::string_view name) {
  for (const auto& [k, v] : object)
    if (k == name) return &v;
  return nullptr;
}

inline void put_field(Object& object, std::string_view name, Value value) {
  if (Value* v = find_field(object, name)) {
    *v = std::move(value);
  } else {
    object.emplace_back(std::string(name), std::move(value));
  }
}

}  // namespace ksink::transforms
