// Config::parse: raw properties in, typed and validated values out, with every problem and
// warning a user needs to fix their file in one go rather than one restart per mistake.
#include <algorithm>
#include <set>
#include <stdexcept>

#include "config/config_def.h"
#include "config/value_check.h"

namespace ksink {
namespace {

using config_detail::to_lower;
using config_detail::trim;

// Optimal string alignment distance: Levenshtein plus swapped neighbours, the commonest typo
// (the seed guide's own "max.retires").
size_t typo_distance(std::string_view a, std::string_view b) {
  std::vector<std::vector<size_t>> d(a.size() + 1, std::vector<size_t>(b.size() + 1));
  for (size_t i = 0; i <= a.size(); ++i) d[i][0] = i;
  for (size_t j = 0; j <= b.size(); ++j) d[0][j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.size()][b.size()];
}

// A name the user may have meant, in definition order so that ties resolve the same way on
// every run.
struct KnownName {
  std::string name;  // canonical name or alias
  const ConfigKey* key;
};

std::optional<std::string> did_you_mean(std::string_view unknown,
                                        const std::vector<KnownName>& known,
                                        const std::vector<std::string>& prefixes) {
  const std::string lower = to_lower(unknown);
  size_t best = 3;  // suggest only within an edit distance of 2
  std::optional<std::string> suggestion;
  for (const auto& k : known) {
    size_t d = typo_distance(lower, to_lower(k.name));
    if (d < best) {
      best = d;
      suggestion = k.key->name;  // an old spelling's typo is pointed at the current spelling
    }
  }
  if (suggestion) return suggestion;
  // A misspelt pass-through prefix ("consumer.overide.") would drop the setting silently. Only
  // one edit, on prefixes long enough that one edit is not a different word.
  for (const auto& p : prefixes) {
    if (p.size() < 6) continue;
    for (size_t len = p.size() - 1; len <= p.size() + 1; ++len) {
      if (len < lower.size() &&
          typo_distance(std::string_view(lower).substr(0, len), to_lower(p)) <= 1) {
        return p + std::string(unknown.substr(len));
      }
    }
  }
  return std::nullopt;
}

// A password is never echoed, not even its fault.
std::string shown_value(const ConfigKey& key, std::string_view raw) {
  if (key.type == ConfigType::Password) return "[hidden]";
  std::string_view v = trim(raw);
  return v.empty() ? "\"\"" : std::string(v);
}

// Kafka's ConfigException wording, which users search for.
std::string invalid_value(const ConfigKey& key, const std::string& name_used, std::string_view raw,
                          std::string reason) {
  std::string_view secret = trim(raw);
  if (key.type == ConfigType::Password && !secret.empty() &&
      reason.find(secret) != std::string::npos) {
    // A validator quoted what it was given. Replacing the quote would not do: where the password
    // is a common word, what is left around "[hidden]" would spell it out.
    reason = "rejected by its check (the explanation is withheld because it would show the value)";
  }
  return "Invalid value " + shown_value(key, raw) + " for configuration " + name_used + ": " +
         reason;
}

bool is_empty_value(const ConfigKey& key, const std::string& value) {
  return key.type == ConfigType::List ? config_detail::split_list(value).empty() : value.empty();
}

bool has_prefix(std::string_view name, const std::vector<std::string>& prefixes) {
  return std::any_of(prefixes.begin(), prefixes.end(), [&](const std::string& p) {
    return name.size() > p.size() && name.starts_with(p);
  });
}

}  // namespace

Config Config::parse(const std::vector<const ConfigDef*>& defs, const ConfigMap& raw,
                     const std::vector<std::string>& passthrough_prefixes,
                     std::vector<ConfigProblem>& problems, std::vector<std::string>& warnings) {
  Config cfg;
  cfg.defs_ = defs;
  // Components share some keys (connect.progress.enabled); the first definition of a name wins.
  std::vector<const ConfigKey*> ordered;
  std::vector<KnownName> known;
  for (const ConfigDef* def : defs) {
    for (const ConfigKey& key : def->keys()) {
      if (cfg.keys_.contains(key.name)) continue;
      ordered.push_back(&key);
      cfg.keys_.emplace(key.name, KeyInfo{key.name, key.type});
      known.push_back({key.name, &key});
      for (const auto& alias : key.aliases) {
        if (cfg.keys_.emplace(alias, KeyInfo{key.name, key.type}).second) {
          known.push_back({alias, &key});
        }
      }
    }
  }

  std::set<std::string, std::less<>> consumed;
  for (const ConfigKey* key : ordered) {
    const std::string* used = nullptr;  // the spelling the user wrote, named in messages
    const std::string* value = nullptr;
    auto take = [&](const std::string& name) {
      if (cfg.keys_.at(name).canonical != key->name) return;  // an alias owned by another key
      auto it = raw.find(name);
      if (it == raw.end()) return;
      consumed.insert(name);
      if (!used) {
        used = &it->first;
        value = &it->second;
      } else if (*used == key->name) {
        warnings.push_back("Both '" + key->name + "' and its older spelling '" + name +
                           "' are set; using '" + key->name + "' and ignoring '" + name + "'");
      } else {
        warnings.push_back("Both '" + *used + "' and '" + name + "' are set, older spellings of '" +
                           key->name + "'; using '" + *used + "' and ignoring '" + name + "'");
      }
    };
    take(key->name);
    for (const auto& alias : key->aliases) take(alias);

    if (used) {
      auto checked = config_detail::check_value(*key, *value, true);
      if (!checked) {
        problems.push_back({*used, invalid_value(*key, *used, *value, checked.error().message)});
      } else if (!key->default_value && is_empty_value(*key, *checked)) {
        // Kafka would accept an empty host and fail later, far from the cause.
        problems.push_back({*used, invalid_value(*key, *used, *value, "A value is required")});
      } else {
        cfg.values_[key->name] = std::move(*checked);
      }
    } else if (key->default_value) {
      if (!config_detail::is_unset_default(*key)) cfg.values_[key->name] = *key->default_value;
    } else {
      problems.push_back({key->name, "Missing required configuration \"" + key->name +
                                         "\" which has no default value."});
    }
  }

  for (const auto& [name, value] : raw) {
    if (consumed.contains(name)) continue;
    if (has_prefix(name, passthrough_prefixes)) {
      // Trimmed as the Java client's own ConfigDef would before using it.
      cfg.values_[name] = std::string(trim(value));
      continue;
    }
    // The value is not quoted: an unknown key may well be a misspelt password.
    std::string warning = "Unknown configuration key '" + name + "' is ignored";
    if (auto s = did_you_mean(name, known, passthrough_prefixes)) {
      warning += "; did you mean '" + *s + "'?";
    }
    warnings.push_back(std::move(warning));
  }
  return cfg;
}

const std::string& Config::text_of(std::string_view name, std::string_view getter,
                                   const KeyInfo** info) const {
  auto fail = [&](std::string_view why) {
    throw std::logic_error("Config::" + std::string(getter) + "(\"" + std::string(name) +
                           "\"): " + std::string(why));
  };
  *info = nullptr;
  auto k = keys_.find(name);
  if (k == keys_.end()) {
    auto pass = values_.find(std::string(name));  // a pass-through key
    if (pass == values_.end()) fail("no such configuration key is defined");
    return pass->second;
  }
  *info = &k->second;
  auto it = values_.find(k->second.canonical);
  if (it == values_.end()) {
    fail("the key has no value (required but missing or invalid, or optional without default)");
  }
  return it->second;
}

bool Config::has(std::string_view name) const {
  auto k = keys_.find(name);
  return values_.contains(k == keys_.end() ? std::string(name) : k->second.canonical);
}

const std::string& Config::get_string(std::string_view name) const {
  const KeyInfo* info = nullptr;
  return text_of(name, "get_string", &info);
}

namespace {

[[noreturn]] void wrong_type(std::string_view getter, std::string_view name, const void* info,
                             ConfigType type) {
  throw std::logic_error("Config::" + std::string(getter) + "(\"" + std::string(name) + "\"): " +
                         (info ? "the key is of type " + std::string(config_type_name(type))
                               : std::string("a pass-through key has no type")));
}

}  // namespace

int64_t Config::get_int(std::string_view name) const {
  const KeyInfo* info = nullptr;
  const std::string& text = text_of(name, "get_int", &info);
  if (!info || (info->type != ConfigType::Int && info->type != ConfigType::Long)) {
    wrong_type("get_int", name, info, info ? info->type : ConfigType::String);
  }
  return config_detail::parse_checked_int(text);
}

double Config::get_double(std::string_view name) const {
  const KeyInfo* info = nullptr;
  const std::string& text = text_of(name, "get_double", &info);
  if (!info || (info->type != ConfigType::Double && info->type != ConfigType::Int &&
                info->type != ConfigType::Long)) {
    wrong_type("get_double", name, info, info ? info->type : ConfigType::String);
  }
  return config_detail::parse_checked_double(text);
}

bool Config::get_bool(std::string_view name) const {
  const KeyInfo* info = nullptr;
  const std::string& text = text_of(name, "get_bool", &info);
  if (!info || info->type != ConfigType::Bool) {
    wrong_type("get_bool", name, info, info ? info->type : ConfigType::String);
  }
  return text == "true";
}

std::vector<std::string> Config::get_list(std::string_view name) const {
  const KeyInfo* info = nullptr;
  return config_detail::split_list(text_of(name, "get_list", &info));
}

ConfigMap Config::with_prefix(std::string_view prefix) const {
  ConfigMap out;
  for (auto it = values_.lower_bound(std::string(prefix));
       it != values_.end() && it->first.starts_with(prefix); ++it) {
    if (it->first.size() > prefix.size()) out.emplace(it->first.substr(prefix.size()), it->second);
  }
  return out;
}

ConfigMap Config::masked() const {
  ConfigMap out;
  for (const auto& [name, value] : values_) {
    auto k = keys_.find(name);
    bool secret = (k != keys_.end() && k->second.type == ConfigType::Password) ||
                  config_detail::looks_like_secret(name);
    out.emplace(name, secret ? "[hidden]" : value);
  }
  return out;
}

}  // namespace ksink
