// JSON text into Values: the one reader of the JSON grammar (RFC 8259, UTF-8) for schemaless
// records, and the explanation of why a document is not JSON (simdjson, which walks documents
// against a schema, only says "improper structure", not where).
//
// A scalar recursive-descent reader rather than simdjson's DOM: records are small (tens to
// hundreds of bytes), where simdjson's fixed cost per document (two stages and a tape) and the
// walk from its tape to a Value took twice the instructions of reading the text once straight
// into the Value (docs/performance.md "VoltDB: CPU per million records").
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include "core/value.h"

namespace ksink {

struct JsonSyntaxError {
  size_t offset;             // 0-based byte offset of the problem
  std::string_view problem;  // a fixed description; never quotes the document
};

// The nesting depth accepted (simdjson's default).
inline constexpr size_t kMaxJsonDepth = 1024;

// The problem reported for a document of nothing but white space (Kafka Connect reads it as null).
inline constexpr std::string_view kEmptyJsonDocument = "the document is empty";

// Reads documents the way the schemaless JsonConverter has them: integers that fit 64 signed bits
// are Ints, every other number the nearest Double (an integer beyond them too); of repeated keys
// the last value wins, at the first key's position (Jackson's ObjectMapper); a number overflowing
// a double is an error.
class JsonReader {
 public:
  // Reads `text`, one JSON value with optional white space around it, into `out`. nullopt when it
  // is one; otherwise the first problem, and `out` is unspecified. Whatever `out` held is
  // replaced; an object, array or string it held lends its memory (a recycled record's tree is
  // filled again without allocating when the next record has its shape).
  std::optional<JsonSyntaxError> read(std::string_view text, Value& out);

  // Container sizes by nesting depth (objects and arrays apart) from the last document: a topic's
  // records mostly have one shape, so a container is allocated once at the size its predecessor
  // at that depth had, instead of growing 1, 2, 4, 8. A guess more than twice too large is given
  // back when the container closes, so memory stays within twice the exact size.
  class Sizes {
   public:
    template <typename Vec>
    size_t reserve(Vec& v, size_t depth) {
      const size_t hint = depth < kDepths ? slot<Vec>()[depth] : 0;
      v.reserve(hint);
      return hint;
    }
    template <typename Vec>
    void learn(Vec& v, size_t depth, size_t hint) {
      if (depth < kDepths) slot<Vec>()[depth] = static_cast<uint32_t>(v.size());
      if (hint > 2 * v.size() + 4) v.shrink_to_fit();
    }

   private:
    static constexpr size_t kDepths = 16;
    template <typename Vec>
    uint32_t* slot() {
      if constexpr (std::is_same_v<Vec, Object>) return fields_;
      else return items_;
    }
    uint32_t fields_[kDepths] = {};
    uint32_t items_[kDepths] = {};
  };

 private:
  Sizes sizes_;
};

// The first reason `text` is not one JSON value, or nullopt when it is one.
std::optional<JsonSyntaxError> find_json_syntax_error(std::string_view text);

// Copies `text` to `out` with ".0" appended to every integer that fits neither int64 nor uint64
// (simdjson refuses those; Kafka Connect reads them as numbers). False, leaving `out`
// unspecified, when there is no such integer.
bool widen_big_integers(std::string_view text, std::string& out);

}  // namespace ksink
