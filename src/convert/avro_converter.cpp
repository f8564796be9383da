#include "convert/avro_converter.h"

#include <map>
#include <mutex>

#include "convert/avro_decoder.h"

namespace ksink {

namespace {

// Schemas kept per converter and per registry; a registry rarely holds more for one topic, and
// when it does the cache simply starts over.
constexpr size_t kMaxCachedSchemas = 1000;

std::string hex_byte(unsigned char b) {
  constexpr char kHex[] = "0123456789abcdef";
  return std::string("0x") + kHex[b >> 4] + kHex[b & 15];
}

}  // namespace

void write_confluent_header(int32_t id, std::string& out) {
  auto u = static_cast<uint32_t>(id);
  out.push_back(kConfluentMagicByte);
  for (int shift = 24; shift >= 0; shift -= 8)
    out.push_back(static_cast<char>((u >> shift) & 0xff));
}

// The schemas every converter of this process fetched from one registry (one URL list) with
// the same credentials (a registry may show different users different schemas): tasks of a
// connector, and connectors reading the same registry, fetch each id once.
struct AvroConverter::SharedCache {
  std::mutex mu;
  std::unordered_map<int32_t, std::shared_ptr<const avro::Schema>> schemas;

  static std::shared_ptr<SharedCache> for_client(const SchemaRegistryOptions& options) {
    static std::mutex registry_mu;
    static std::map<std::string, std::weak_ptr<SharedCache>> registry;
    std::string key;  // kept in memory only, never shown
    for (const auto& u : options.urls) key += u + ",";
    if (options.user_info) key += "\n" + *options.user_info;
    std::lock_guard lock(registry_mu);
    auto& slot = registry[key];
    auto cache = slot.lock();
    if (!cache) {
      cache = std::make_shared<SharedCache>();
      slot = cache;
    }
    return cache;
  }

  std::shared_ptr<const avro::Schema> find(int32_t id) {
    std::lock_guard lock(mu);
    auto it = schemas.find(id);
    return it == schemas.end() ? nullptr : it->second;
  }

  void put(int32_t id, std::shared_ptr<const avro::Schema> s) {
    std::lock_guard lock(mu);
    if (schemas.size() >= kMaxCachedSchemas) schemas.clear();
    schemas[id] = std::move(s);
  }
};

AvroConverter::AvroConverter(SchemaRegistryOptions options)
    : client_(std::move(options)), shared_(SharedCache::for_client(client_.options())) {}

AvroConverter::~AvroConverter() = default;

const avro::Schema* AvroConverter::schema_for(int32_t id, ConversionError& error) {
  if (auto it = schemas_.find(id); it != schemas_.end()) return it->second.get();
  if (auto it = unusable_.find(id); it != unusable_.end()) {
    error = {it->second, false};
    return nullptr;
  }
  auto remember = [&](std::shared_ptr<const avro::Schema> s) {
    if (schemas_.size() >= kMaxCachedSchemas) schemas_.clear();
    return schemas_.emplace(id, std::move(s)).first->second.get();
  };
  if (auto s = shared_->find(id)) return remember(std::move(s));

  auto reply = client_.schema_by_id(id);
  using Outcome = SchemaRegistryClient::Outcome;
  if (reply.outcome == Outcome::NotFound) {
    // Not remembered: a registry replica may simply not have caught up yet.
    error = {"unknown schema id " + std::to_string(id) +
                 ": the Schema Registry has no such schema (" + reply.message + ")",
             false};
    return nullptr;
  }
  if (reply.outcome != Outcome::Ok) {
    error = {"cannot fetch schema id " + std::to_string(id) +
                 " from the Schema Registry: " + reply.message,
             reply.outcome == Outcome::Unavailable};
    return nullptr;
  }
  std::string unusable;
  if (reply.schema_type != "AVRO") {
    unusable = "schema id " + std::to_string(id) + " is a " + reply.schema_type +
               " schema, not Avro: this topic needs the converter of that format";
  } else if (reply.has_references) {
    unusable = "schema id " + std::to_string(id) +
               " refers to other schemas (schema references), which ksink does not support";
  } else {
    auto parsed = avro::parse_avro_schema(reply.schema);
    if (parsed) {
      shared_->put(id, *parsed);
      return remember(std::move(*parsed));
    }
    unusable = "schema id " + std::to_string(id) + " cannot be used: " + parsed.error().message;
  }
  if (unusable_.size() >= kMaxCachedSchemas) unusable_.clear();
  unusable_[id] = unusable;
  error = {std::move(unusable), false};
  return nullptr;
}

bool AvroConverter::convert(std::string_view, const char* data, size_t size, bool is_key,
                            Value& out, ConversionError& error) {
  if (data == nullptr) {  // a tombstone
    out = Value();
    return true;
  }
  const char* what = is_key ? "key" : "value";
  if (size < kConfluentHeaderSize) {
    error = {std::string("the ") + what + " is " + std::to_string(size) +
                 " bytes long, shorter than the 5-byte header of Confluent's Avro wire format "
                 "(magic byte 0, 4-byte schema id); it was not written by an Avro serializer",
             false};
    return false;
  }
  if (data[0] != kConfluentMagicByte) {
    error = {std::string("Unknown magic byte ") + hex_byte(static_cast<unsigned char>(data[0])) +
                 ": the " + what +
                 " is not in Confluent's Avro wire format (magic byte 0, 4-byte schema id, Avro "
                 "binary); was it written with another serializer (for JSON use "
                 "org.apache.kafka.connect.json.JsonConverter)?",
             false};
    return false;
  }
  uint32_t raw_id = 0;
  for (size_t i = 1; i < kConfluentHeaderSize; ++i)
    raw_id = (raw_id << 8) | static_cast<unsigned char>(data[i]);
  const auto id = static_cast<int32_t>(raw_id);
  const avro::Schema* schema = schema_for(id, error);
  if (!schema) return false;
  std::string_view body(data + kConfluentHeaderSize, size - kConfluentHeaderSize);
  if (avro::decode(*schema, body, out, decode_error_)) return true;
  error = {std::string("the ") + what + " does not decode with its schema (id " +
               std::to_string(id) + "): " + decode_error_,
           false};
  return false;
}

Result<std::unique_ptr<Converter>> make_avro_converter(const ConfigMap& settings, bool is_key) {
  auto options =
      parse_schema_registry_options(settings, is_key ? "key.converter." : "value.converter.");
  if (!options) return options.error();
  return std::unique_ptr<Converter>(std::make_unique<AvroConverter>(std::move(*options)));
}

}  // namespace ksink
