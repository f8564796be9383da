// Shared helpers for the converter tests: run a converter on text and look at the result as the
// sinks' JSON output shows it.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "convert/converter.h"
#include "core/json_writer.h"

namespace ksink::testing {

inline std::string json_of(const Value& v) {
  std::string out;
  write_json(v, out);
  return out;
}

struct Converted {
  bool ok = false;
  Value value;
  ConversionError error;
  std::string json() const { return json_of(value); }
};

inline Converted run(Converter& c, std::string_view text, bool is_key = false) {
  Converted r;
  r.ok = c.convert("topic", text.data(), text.size(), is_key, r.value, r.error);
  return r;
}

inline Converted run_null(Converter& c) {
  Converted r;
  r.ok = c.convert("topic", nullptr, 0, false, r.value, r.error);
  return r;
}

}  // namespace ksink::testing
