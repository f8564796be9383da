// A small JSON document model for the REST API and its CLI: request bodies are parsed into it,
// responses are built with it. Object members keep their order (responses read like Kafka
// Connect's); numbers keep their text, so "tasks.max": 2 becomes the config value "2".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace ksink::rest {

class Json {
 public:
  enum class Type { Null, Bool, Number, String, Array, Object };

  Json() = default;  // null
  static Json boolean(bool b);
  static Json number(int64_t n);
  static Json number_text(std::string text);  // text already a valid JSON number
  static Json string(std::string s);
  static Json array();
  static Json object();

  Type type() const { return type_; }
  bool is_null() const { return type_ == Type::Null; }
  bool is_bool() const { return type_ == Type::Bool; }
  bool is_number() const { return type_ == Type::Number; }
  bool is_string() const { return type_ == Type::String; }
  bool is_array() const { return type_ == Type::Array; }
  bool is_object() const { return type_ == Type::Object; }

  // The string, or the number's text, or "true"/"false"; "" otherwise.
  const std::string& text() const { return text_; }
  bool as_bool() const { return type_ == Type::Bool && text_ == "true"; }
  // The number as an integer when it is one that fits; `fallback` otherwise.
  int64_t as_int(int64_t fallback = 0) const;

  const std::vector<Json>& items() const { return items_; }
  const std::vector<std::pair<std::string, Json>>& members() const { return members_; }
  // The member named `key` (the last one when repeated), or nullptr.
  const Json* find(std::string_view key) const;
  // Object: sets `key` (replacing an existing member). Array: appends.
  Json& set(std::string key, Json value);
  Json& push(Json value);

  // Compact JSON, or indented by `indent` spaces per level when indent > 0.
  std::string dump(int indent = 0) const;

  // One JSON value, with nothing but white space around it. The error says where and what was
  // expected ("line 1, column 9: expected ':' after an object key"), never quoting the text.
  static Result<Json> parse(std::string_view text);

 private:
  void dump_to(std::string& out, int indent, int depth) const;

  Type type_ = Type::Null;
  std::string text_;
  std::vector<Json> items_;
  std::vector<std::pair<std::string, Json>> members_;
};

}  // namespace ksink::rest
