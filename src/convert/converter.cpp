// The converter registry: Kafka Connect class name -> factory. Adding a converter is one line in
// kRegistry (and its files in this folder).
#include "convert/converter.h"

#include "convert/avro_converter.h"
#include "convert/bytearray_converter.h"
#include "convert/json_converter.h"
#include "convert/string_converter.h"

namespace ksink {

namespace {

using Factory = Result<std::unique_ptr<Converter>> (*)(const ConfigMap& settings, bool is_key);

struct Registration {
  std::string_view class_name;
  Factory make;
};

constexpr Registration kRegistry[] = {
    {"org.apache.kafka.connect.json.JsonConverter", &make_json_converter},
    {"org.apache.kafka.connect.storage.StringConverter", &make_string_converter},
    {"org.apache.kafka.connect.converters.ByteArrayConverter", &make_bytearray_converter},
    {"io.confluent.connect.avro.AvroConverter", &make_avro_converter},
};

// Connect also accepts a plugin's simple class name and that name without its "Converter"
// suffix (JsonConverter, Json); so do we.
bool names(const Registration& r, std::string_view name) {
  if (name == r.class_name) return true;
  std::string_view simple = r.class_name.substr(r.class_name.rfind('.') + 1);
  if (name == simple) return true;
  constexpr std::string_view kSuffix = "Converter";
  return simple.size() > kSuffix.size() && simple.ends_with(kSuffix) &&
         name == simple.substr(0, simple.size() - kSuffix.size());
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

const std::vector<std::string>& known_converter_classes() {
  static const std::vector<std::string> classes = [] {
    std::vector<std::string> v;
    for (const auto& r : kRegistry) v.emplace_back(r.class_name);
    return v;
  }();
  return classes;
}

Result<std::unique_ptr<Converter>> make_converter(const std::string& class_name,
                                                  const ConfigMap& settings, bool is_key) {
  std::string_view name = trim(class_name);
  for (const auto& r : kRegistry)
    if (names(r, name)) return r.make(settings, is_key);
  std::string m = "Unknown converter class \"";
  m += name;
  m += "\" for ";
  m += is_key ? "key.converter" : "value.converter";
  m += "; ksink supports ";
  bool first = true;
  for (const auto& known : known_converter_classes()) {
    if (!first) m += ", ";
    first = false;
    m += known;
  }
  return Error{std::move(m)};
}

}  // namespace ksink
