// org.apache.kafka.connect.storage.StringConverter: UTF-8 text to a String. Text that is a JSON
// object (after leading white space) becomes that Object instead, so the sinks can use it as a
// schemaless record (docs/converters.md); text that only looks like one stays a String.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "convert/converter.h"
#include "convert/json_converter.h"

namespace ksink {

// Accepts `converter.encoding` (Connect's key) or `encoding`; UTF-8 is the only encoding.
Result<std::unique_ptr<Converter>> make_string_converter(const ConfigMap& settings, bool is_key);

// Java decodes malformed UTF-8 by putting U+FFFD in place of each maximal invalid subsequence;
// so does this, so the text sinks write is valid UTF-8 and the same as Connect's.
std::string utf8_with_replacement(std::string_view bytes);

class StringConverter final : public Converter {
 public:
  bool convert(std::string_view topic, const char* data, size_t size, bool is_key, Value& out,
               ConversionError& error) override;

 private:
  JsonConverter json_{JsonConverterOptions{.schemas_enable = false}};
};

}  // namespace ksink
