// docs/configuration.md is rendered from the same tables that parse and validate, so the
// reference cannot drift from what ksink accepts.
#include <algorithm>

#include "config/config_def.h"
#include "config/value_check.h"

namespace ksink {
namespace {

// Table cells are one line and must not close the cell early.
std::string cell(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '|') {
      out += "\\|";
    } else if (c == '\n') {
      out += "<br>";
    } else if (c != '\r') {
      out.push_back(c);
    }
  }
  return out;
}

std::string code(std::string_view text) { return "`" + cell(text) + "`"; }

std::string importance_name(Importance i) {
  switch (i) {
    case Importance::High:
      return "high";
    case Importance::Medium:
      return "medium";
    case Importance::Low:
      return "low";
  }
  return "";
}

std::string default_cell(const ConfigKey& key) {
  if (!key.default_value) return "(required)";
  if (config_detail::is_unset_default(key)) return "(none)";
  if (key.type == ConfigType::Password && !key.default_value->empty()) return "[hidden]";
  if (key.default_value->empty()) return "\"\"";
  return code(*key.default_value);
}

// Kafka's notation for ranges: [1,...,65535], [0,...], [...,10].
std::string valid_values_cell(const ConfigKey& key) {
  std::string out;
  for (const auto& a : key.allowed) {
    if (!out.empty()) out += ", ";
    out += code(a);
  }
  if (key.min || key.max) {
    if (!out.empty()) out += "; ";
    out += "[";
    out += key.min ? std::to_string(*key.min) + ",..." : "...";
    if (key.max) out += "," + std::to_string(*key.max);
    out += "]";
  }
  return out;
}

std::string aliases_cell(const ConfigKey& key) {
  std::string out;
  for (const auto& a : key.aliases) {
    if (!out.empty()) out += ", ";
    out += code(a);
  }
  return out;
}

}  // namespace

std::string render_config_docs(const std::vector<const ConfigDef*>& defs) {
  // Definitions sharing a group share one section, placed where the group first appears.
  std::vector<std::pair<std::string, std::vector<const ConfigDef*>>> groups;
  for (const ConfigDef* def : defs) {
    auto it = std::find_if(groups.begin(), groups.end(),
                           [&](const auto& g) { return g.first == def->group(); });
    if (it == groups.end()) {
      groups.push_back({def->group(), {def}});
    } else {
      it->second.push_back(def);
    }
  }
  std::string out;
  for (const auto& [group, members] : groups) {
    if (!out.empty()) out += "\n";
    out += "## " + group + "\n\n";
    out += "| Key | Aliases | Type | Default | Valid values | Importance | Description |\n";
    out += "|---|---|---|---|---|---|---|\n";
    for (const ConfigDef* def : members) {
      for (const ConfigKey& key : def->keys()) {
        out += "| " + code(key.name) + " | " + aliases_cell(key) + " | " +
               config_detail::to_lower(config_type_name(key.type)) + " | " + default_cell(key) +
               " | " + valid_values_cell(key) + " | " + importance_name(key.importance) + " | " +
               cell(key.doc) + " |\n";
      }
    }
  }
  return out;
}

}  // namespace ksink
