// org.apache.kafka.connect.transforms.ReplaceField$Key / $Value: keeps, drops and renames the
// fields of an object (ReplaceField.java). `exclude` wins over `include`; an empty `include`
// keeps every field; `renames` is `old:new,...`. The deprecated `blacklist` and `whitelist` stand
// for `exclude` and `include` when those are not set, as Kafka 2.7-3.x translated them. Fields
// keep their order, a renamed one in its place (the order a Struct's updated schema gives;
// Connect's schemaless HashMap has none to follow). A null part passes unchanged.
#include <unordered_map>
#include <unordered_set>

#include "transforms/java_numbers.h"
#include "transforms/object_fields.h"
#include "transforms/registry.h"

namespace ksink::transforms {

namespace {

class ReplaceField final : public Transformation {
 public:
  ReplaceField(std::unordered_set<std::string> exclude, std::unordered_set<std::string> include,
               std::unordered_map<std::string, std::string> renames, Part part)
      : exclude_(std::move(exclude)),
        include_(std::move(include)),
        renames_(std::move(renames)),
        part_(part) {}

  bool apply(Record& record) const override {
    Value& part = part_of(record, part_);
    if (part.is_null()) return true;
    Object& value = require_object(part, "field replacement");
    Object updated;
    updated.reserve(value.size());
    for (auto& [name, field] : value) {
      if (exclude_.count(name) != 0 || (!include_.empty() && include_.count(name) == 0)) continue;
      auto renamed = renames_.find(name);
      // Two fields renamed onto one name: the later replaces the earlier, as Map.put does.
      put_field(updated, renamed == renames_.end() ? name : renamed->second, std::move(field));
    }
    part = Value(std::move(updated));
    return true;
  }

 private:
  std::unordered_set<std::string> exclude_;
  std::unordered_set<std::string> include_;
  std::unordered_map<std::string, std::string> renames_;
  Part part_;
};

// ConfigUtils.translateDeprecatedConfigs: the deprecated key is read only when the new one is
// absent.
std::vector<std::string> list_or_deprecated(TransformSettings& settings, std::string_view key,
                                            std::string_view deprecated) {
  if (!settings.has(key) && settings.has(deprecated)) return settings.list(deprecated);
  return settings.list(key, std::vector<std::string>{});
}

std::string java_list_text(const std::vector<std::string>& items) {
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += ", ";
    out += items[i];
  }
  return out + "]";
}

}  // namespace

std::unique_ptr<Transformation> make_replace_field(TransformSettings& settings, Part part) {
  auto exclude = list_or_deprecated(settings, "exclude", "blacklist");
  auto include = list_or_deprecated(settings, "include", "whitelist");
  auto mappings = settings.list("renames", std::vector<std::string>{});
  // Kafka 3.8's key: schema defaults versus null; ksink has no schema defaults. Read only.
  settings.boolean("replace.null.with.default", true);
  std::unordered_map<std::string, std::string> renames;
  for (const auto& mapping : mappings) {
    auto parts = java_split(mapping, ':');
    if (parts.size() != 2) {
      settings.invalid("renames", java_list_text(mappings), "Invalid rename mapping: " + mapping);
      return nullptr;
    }
    renames[parts[0]] = parts[1];
  }
  return std::make_unique<ReplaceField>(
      std::unordered_set<std::string>(exclude.begin(), exclude.end()),
      std::unordered_set<std::string>(include.begin(), include.end()), std::move(renames), part);
}

}  // namespace ksink::transforms
