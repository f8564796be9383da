#include "convert/string_converter.h"

#include <simdjson.h>

#include <cstdint>

namespace ksink {

namespace {

std::string lowercase(std::string_view v) {
  std::string out;
  for (char c : v) {
    if (c == ' ' || c == '\t') continue;
    out.push_back(c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return out;
}

}  // namespace

std::string utf8_with_replacement(std::string_view s) {
  static constexpr std::string_view kReplacement = "\xEF\xBF\xBD";
  std::string out;
  out.reserve(s.size() + 8);
  size_t i = 0, n = s.size();
  auto byte = [&](size_t k) { return static_cast<uint8_t>(s[k]); };
  while (i < n) {
    uint8_t c = byte(i);
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
      ++i;
      continue;
    }
    size_t len = 0;
    uint8_t lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF)
      len = 2;
    else if (c == 0xE0)
      len = 3, lo = 0xA0;
    else if (c == 0xED)
      len = 3, hi = 0x9F;
    else if (c >= 0xE1 && c <= 0xEF)
      len = 3;
    else if (c == 0xF0)
      len = 4, lo = 0x90;
    else if (c == 0xF4)
      len = 4, hi = 0x8F;
    else if (c >= 0xF1 && c <= 0xF3)
      len = 4;
    size_t k = 1;  // bytes of the sequence that are valid so far
    if (len > 0) {
      if (i + 1 < n && byte(i + 1) >= lo && byte(i + 1) <= hi) {
        k = 2;
        while (k < len && i + k < n && byte(i + k) >= 0x80 && byte(i + k) <= 0xBF) ++k;
      }
    }
    if (len > 0 && k == len) {
      out.append(s.data() + i, len);
    } else {
      out += kReplacement;
    }
    i += k;
  }
  return out;
}

bool StringConverter::convert(std::string_view, const char* data, size_t size, bool, Value& out,
                              ConversionError&) {
  if (data == nullptr) {
    out = Value();
    return true;
  }
  size_t i = 0;
  while (i < size && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r')) ++i;
  if (i < size && data[i] == '{' && json_.parse_plain(data, size, out) && out.is_object())
    return true;
  if (simdjson::validate_utf8(data, size))
    out = Value(std::string(data, size));
  else
    out = Value(utf8_with_replacement(std::string_view(data, size)));
  return true;
}

Result<std::unique_ptr<Converter>> make_string_converter(const ConfigMap& settings, bool is_key) {
  for (const char* key : {"converter.encoding", "encoding"}) {
    auto it = settings.find(key);
    if (it == settings.end()) continue;
    std::string v = lowercase(it->second);
    if (v != "utf-8" && v != "utf8")
      return Error{std::string("Invalid value ") + it->second + " for configuration " +
                   (is_key ? "key.converter." : "value.converter.") + key +
                   ": ksink's StringConverter reads UTF-8 only; remove the setting or set "
                   "it to UTF-8"};
  }
  return std::unique_ptr<Converter>(std::make_unique<StringConverter>());
}

}  // namespace ksink
