#include "convert/bytearray_converter.h"

namespace ksink {

bool ByteArrayConverter::convert(std::string_view, const char* data, size_t size, bool, Value& out,
                                 ConversionError&) {
  if (data == nullptr)
    out = Value();
  else
    out = Value(Bytes{std::string(data, size)});
  return true;
}

Result<std::unique_ptr<Converter>> make_bytearray_converter(const ConfigMap&, bool) {
  return std::unique_ptr<Converter>(std::make_unique<ByteArrayConverter>());
}

}  // namespace ksink
