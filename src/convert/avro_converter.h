// io.confluent.connect.avro.AvroConverter: Confluent's wire format (magic byte 0, the schema id
// as 4 big-endian bytes, then the Avro binary datum), with the writer's schema fetched from the
// Schema Registry by id and cached. Values follow the mapping of avro_decoder.h.
//
// Failures, as docs/architecture.md "Errors" sorts them: a record that is not in the wire format, names an
// id the registry does not have, or does not decode with its schema is a record error
// (errors.tolerance decides); a registry that cannot be reached is the target being unavailable
// (retriable: the task waits and retries, nothing is skipped).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>

#include "convert/avro_schema.h"
#include "convert/converter.h"
#include "convert/schema_registry_client.h"

namespace ksink {

inline constexpr char kConfluentMagicByte = 0;
inline constexpr size_t kConfluentHeaderSize = 5;

// Appends the 5-byte header of Confluent's wire format for schema `id`.
void write_confluent_header(int32_t id, std::string& out);

// Settings (without the converter prefix): schema.registry.url (required, several URLs
// comma-separated), basic.auth.credentials.source, basic.auth.user.info; see
// schema_registry_client.h. Other keys of Confluent's converter are accepted and ignored.
Result<std::unique_ptr<Converter>> make_avro_converter(const ConfigMap& settings, bool is_key);

// Not thread-safe (one per task), but tasks of one process share the schemas they fetched from
// the same registry.
class AvroConverter final : public Converter {
 public:
  explicit AvroConverter(SchemaRegistryOptions options);
  ~AvroConverter() override;

  bool convert(std::string_view topic, const char* data, size_t size, bool is_key, Value& out,
               ConversionError& error) override;

 private:
  struct SharedCache;
  const avro::Schema* schema_for(int32_t id, ConversionError& error);

  SchemaRegistryClient client_;
  std::shared_ptr<SharedCache> shared_;
  std::unordered_map<int32_t, std::shared_ptr<const avro::Schema>> schemas_;
  // Ids whose schema the registry has but ksink cannot use (not Avro, invalid): the reason.
  std::unordered_map<int32_t, std::string> unusable_;
  std::string decode_error_;
};

}  // namespace ksink
