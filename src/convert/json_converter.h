// org.apache.kafka.connect.json.JsonConverter: JSON bytes to a Value, either plain JSON
// (schemas.enable=false) or Kafka Connect's envelope {"schema": ..., "payload": ...}
// (schemas.enable=true, Connect's default), whose schema types the payload: floating-point
// fields become Doubles even when written `4830`, bytes are base64-decoded, Decimal becomes exact
// text, struct fields come in schema order.
#pragma once

#include <cstddef>
#include <memory>

#include "convert/converter.h"

namespace ksink {

struct JsonConverterOptions {
  bool schemas_enable = true;             // schemas.enable
  size_t schemas_cache_size = 1000;       // schemas.cache.size: parsed envelope schemas kept
  bool replace_null_with_default = true;  // replace.null.with.default
};

// Reads the settings Connect's JsonConverter knows (schemas.enable, schemas.cache.size,
// decimal.format, replace.null.with.default, converter.type); a bad value is an error naming the
// key with its `key.converter.`/`value.converter.` prefix. Other keys are ignored, as Connect
// ignores them.
Result<JsonConverterOptions> parse_json_converter_options(const ConfigMap& settings, bool is_key);

Result<std::unique_ptr<Converter>> make_json_converter(const ConfigMap& settings, bool is_key);

// Not thread-safe: a converter belongs to one task thread and reuses its parser and buffers.
class JsonConverter final : public Converter {
 public:
  explicit JsonConverter(JsonConverterOptions options = {});
  ~JsonConverter() override;
  JsonConverter(const JsonConverter&) = delete;
  JsonConverter& operator=(const JsonConverter&) = delete;

  bool convert(std::string_view topic, const char* data, size_t size, bool is_key, Value& out,
               ConversionError& error) override;

  // Plain JSON to a Value without building an error message (the StringConverter's probe).
  bool parse_plain(const char* data, size_t size, Value& out);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace ksink
