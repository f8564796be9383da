#include "devtools/schema_store.h"

#include <simdjson.h>

#include <algorithm>

#include "convert/avro_schema.h"

namespace ksink::devtools {

std::string SchemaStore::canonical(std::string_view schema) {
  // simdjson's minifier drops the white space between tokens and keeps every token's text, so
  // numbers and escapes stay as written.
  std::string out(schema.size(), '\0');
  size_t len = 0;
  if (simdjson::minify(schema.data(), schema.size(), out.data(), len) != simdjson::SUCCESS)
    return std::string(schema);
  out.resize(len);
  return out;
}

Result<int> SchemaStore::register_schema(const std::string& subject, std::string_view schema) {
  std::string text = canonical(schema);
  if (auto parsed = avro::parse_avro_schema(text); !parsed) return parsed.error();
  std::lock_guard lock(mu_);
  int id;
  if (auto it = ids_.find(text); it != ids_.end()) {
    id = it->second;
  } else {
    by_id_.push_back(text);
    id = static_cast<int>(by_id_.size());
    ids_.emplace(std::move(text), id);
  }
  auto& versions = subjects_[subject];
  if (std::find(versions.begin(), versions.end(), id) == versions.end()) versions.push_back(id);
  return id;
}

std::optional<std::string> SchemaStore::schema(int id) const {
  std::lock_guard lock(mu_);
  if (id < 1 || static_cast<size_t>(id) > by_id_.size()) return std::nullopt;
  return by_id_[static_cast<size_t>(id) - 1];
}

std::vector<std::string> SchemaStore::subjects() const {
  std::lock_guard lock(mu_);
  std::vector<std::string> out;
  for (const auto& [name, versions] : subjects_) out.push_back(name);
  return out;
}

std::optional<std::vector<int>> SchemaStore::versions(const std::string& subject) const {
  std::lock_guard lock(mu_);
  auto it = subjects_.find(subject);
  if (it == subjects_.end()) return std::nullopt;
  std::vector<int> out;
  for (size_t v = 1; v <= it->second.size(); ++v) out.push_back(static_cast<int>(v));
  return out;
}

SchemaStore::Found SchemaStore::version(const std::string& subject, int version,
                                        Version& out) const {
  std::lock_guard lock(mu_);
  auto it = subjects_.find(subject);
  if (it == subjects_.end()) return Found::NoSubject;
  const auto& ids = it->second;
  if (version == -1) version = static_cast<int>(ids.size());
  if (version < 1 || static_cast<size_t>(version) > ids.size()) return Found::NoVersion;
  int id = ids[static_cast<size_t>(version) - 1];
  out = {subject, version, id, by_id_[static_cast<size_t>(id) - 1]};
  return Found::Yes;
}

SchemaStore::Found SchemaStore::lookup(const std::string& subject, std::string_view schema,
                                       Version& out) const {
  std::string text = canonical(schema);
  std::lock_guard lock(mu_);
  auto it = subjects_.find(subject);
  if (it == subjects_.end()) return Found::NoSubject;
  auto id_it = ids_.find(text);
  if (id_it == ids_.end()) return Found::NoVersion;
  const auto& ids = it->second;
  auto pos = std::find(ids.begin(), ids.end(), id_it->second);
  if (pos == ids.end()) return Found::NoVersion;
  out = {subject, static_cast<int>(pos - ids.begin()) + 1, id_it->second, text};
  return Found::Yes;
}

}  // namespace ksink::devtools
