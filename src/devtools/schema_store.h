// What the Schema Registry of `ksink dev-kafka --schema-registry` knows: Avro schemas by global
// id, and subjects with their numbered versions, as Confluent's registry numbers them. In memory
// and thread-safe (the HTTP server answers on several threads).
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace ksink::devtools {

class SchemaStore {
 public:
  struct Version {
    std::string subject;
    int version = 0;
    int id = 0;
    std::string schema;
  };

  // Registers an Avro schema under `subject` and returns its id. The same schema (the same
  // JSON once white space is removed) gets the same id under every subject, and registering it
  // again under a subject that has it adds no version. Compatibility is not checked. The error
  // says why the text is not a valid Avro schema.
  Result<int> register_schema(const std::string& subject, std::string_view schema);

  std::optional<std::string> schema(int id) const;
  std::vector<std::string> subjects() const;
  // nullopt: no such subject.
  std::optional<std::vector<int>> versions(const std::string& subject) const;

  enum class Found { Yes, NoSubject, NoVersion };
  // `version` -1 is the latest.
  Found version(const std::string& subject, int version, Version& out) const;
  // The version of `subject` that holds `schema` (NoVersion: the subject exists without it).
  Found lookup(const std::string& subject, std::string_view schema, Version& out) const;

  // The schema text as stored and compared: JSON without insignificant white space.
  static std::string canonical(std::string_view schema);

 private:
  mutable std::mutex mu_;
  std::vector<std::string> by_id_;                    // id - 1 -> canonical schema
  std::map<std::string, int> ids_;                    // canonical schema -> id
  std::map<std::string, std::vector<int>> subjects_;  // subject -> ids of versions 1..n
};

}  // namespace ksink::devtools
