// org.apache.kafka.connect.converters.ByteArrayConverter: the bytes as they are.
#pragma once

#include <memory>

#include "convert/converter.h"

namespace ksink {

Result<std::unique_ptr<Converter>> make_bytearray_converter(const ConfigMap& settings, bool is_key);

class ByteArrayConverter final : public Converter {
 public:
  bool convert(std::string_view topic, const char* data, size_t size, bool is_key, Value& out,
               ConversionError& error) override;
};

}  // namespace ksink
