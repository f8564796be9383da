// Converters turn a Kafka key or value (bytes) into a Value, as Kafka Connect's converters do.
// They are chosen by Connect class name (`value.converter=...`), and configured by the keys under
// that converter's prefix (`value.converter.schemas.enable=false` arrives as
// {"schemas.enable": "false"}).
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "config/properties.h"
#include "core/result.h"
#include "core/value.h"

namespace ksink {

// Why a conversion failed, and whether retrying could help (a Schema Registry that cannot be
// reached is the target being unavailable, not a bad record).
struct ConversionError {
  std::string message;  // names what was expected and what was found; never the record content
  bool retriable = false;
};

class Converter {
 public:
  virtual ~Converter() = default;
  // `data == nullptr` is a Kafka null (tombstone) and converts to a null Value. On failure returns
  // false and fills `error`; `out` is then unspecified.
  virtual bool convert(std::string_view topic, const char* data, size_t size, bool is_key,
                       Value& out, ConversionError& error) = 0;
};

// The converter class names ksink understands, as Kafka Connect spells them.
const std::vector<std::string>& known_converter_classes();

// Creates the converter for a class name with its prefixed settings; an unknown class name is an
// error listing the known ones.
Result<std::unique_ptr<Converter>> make_converter(const std::string& class_name,
                                                  const ConfigMap& settings, bool is_key);

}  // namespace ksink
