// Text-level JSON helpers for the cold paths of the JSON converter: explaining why a document is
// not JSON (simdjson only says "improper structure", not where), and rewriting integers too large
// for 64 bits so simdjson accepts them as floating-point numbers.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace ksink {

struct JsonSyntaxError {
  size_t offset;             // 0-based byte offset of the problem
  std::string_view problem;  // a fixed description; never quotes the document
};

// The nesting depth simdjson accepts by default.
inline constexpr size_t kMaxJsonDepth = 1024;

// The first reason `text` is not one RFC 8259 JSON value (with valid UTF-8), or nullopt when it
// is one. A number overflowing a double counts as a problem; an integer beyond 64 bits does not.
std::optional<JsonSyntaxError> find_json_syntax_error(std::string_view text);

// Copies `text` to `out` with ".0" appended to every integer that fits neither int64 nor uint64
// (simdjson refuses those; Kafka Connect reads them as numbers). False, leaving `out`
// unspecified, when there is no such integer.
bool widen_big_integers(std::string_view text, std::string& out);

}  // namespace ksink
