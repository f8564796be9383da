#include "kcql/statement.h"

#include "kcql/keywords.h"

namespace ksink::kcql {

std::string Path::default_name() const {
  if (!parts.empty()) return parts.back();
  switch (source) {
    case Source::Value:
      return wildcard ? "*" : "_value";
    case Source::Key:
      return "_key";
    case Source::Header:
      return "_header";
    case Source::Topic:
      return "_topic";
    case Source::Partition:
      return "_partition";
    case Source::Offset:
      return "_offset";
    case Source::Timestamp:
      return "_timestamp";
  }
  return text;
}

std::optional<std::string> Statement::store_as_param(std::string_view key) const {
  for (const auto& [k, v] : store_as_params)
    if (iequals(k, key)) return v;
  return std::nullopt;
}

}  // namespace ksink::kcql
