#include "rest/validation.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "control/connector_config.h"

namespace ksink::rest {

namespace {

std::string_view simple_name(std::string_view cls) {
  auto dot = cls.rfind('.');
  return dot == std::string_view::npos ? cls : cls.substr(dot + 1);
}

std::string known_plugins() {
  std::vector<std::string> names;
  for (const auto& p : SinkRegistry::instance().plugins()) {
    names.emplace_back(p->alias());
    for (const auto& c : p->class_names()) names.push_back(c);
  }
  return fmt::format("{}", fmt::join(names, ", "));
}

std::string_view importance_name(Importance i) {
  switch (i) {
    case Importance::High: return "HIGH";
    case Importance::Medium: return "MEDIUM";
    case Importance::Low: return "LOW";
  }
  return "LOW";
}

Json definition(const ConfigKey& key, const std::string& group, int order_in_group, int order) {
  Json d = Json::object();
  d.set("name", Json::string(key.name));
  d.set("type", Json::string(std::string(config_type_name(key.type))));
  d.set("required", Json::boolean(!key.default_value));
  if (key.default_value) {
    bool secret = key.type == ConfigType::Password && !key.default_value->empty();
    d.set("default_value", Json::string(secret ? "[hidden]" : *key.default_value));
  } else {
    d.set("default_value", Json());
  }
  d.set("importance", Json::string(std::string(importance_name(key.importance))));
  d.set("documentation", Json::string(key.doc));
  d.set("group", Json::string(group));
  d.set("order_in_group", Json::number(order_in_group));
  d.set("width", Json::string("NONE"));
  d.set("display_name", Json::string(key.name));
  d.set("dependents", Json::array());
  d.set("order", Json::number(order));
  return d;
}

struct KeyEntry {
  const ConfigKey* key;
  const std::string* group;
};

// Connector keys then the sink's; a name both define is the connector's (as Config::parse).
std::vector<KeyEntry> keys_of(const SinkPlugin& plugin) {
  std::vector<KeyEntry> out;
  std::set<std::string> seen;
  for (const ConfigDef* def : {&connector_config_def(), &plugin.config_def()})
    for (const auto& k : def->keys())
      if (seen.insert(k.name).second) out.push_back({&k, &def->group()});
  return out;
}

}  // namespace

const SinkPlugin* find_plugin(std::string_view name) {
  const auto& registry = SinkRegistry::instance();
  if (const SinkPlugin* p = registry.find(name)) return p;
  for (const auto& p : registry.plugins()) {
    for (const auto& c : p->class_names()) {
      std::string_view simple = simple_name(c);
      if (simple == name) return p.get();
      if (simple.ends_with("Connector") &&
          simple.substr(0, simple.size() - std::string_view("Connector").size()) == name)
        return p.get();
    }
  }
  return nullptr;
}

Json plugin_list() {
  Json list = Json::array();
  for (const auto& p : SinkRegistry::instance().plugins()) {
    for (const auto& c : p->class_names()) {
      Json e = Json::object();
      e.set("class", Json::string(c));
      e.set("type", Json::string("sink"));
      e.set("version", Json::string(KSINK_VERSION));
      list.push(std::move(e));
    }
  }
  return list;
}

Reply<Json> plugin_config(const std::string& type) {
  const SinkPlugin* plugin = find_plugin(type);
  if (!plugin)
    return not_found(fmt::format("Unknown connector plugin '{}': ksink has the sinks {}", type,
                                 known_plugins()));
  Json list = Json::array();
  int order = 0;
  std::map<std::string, int> in_group;
  for (const auto& e : keys_of(*plugin))
    list.push(definition(*e.key, *e.group, ++in_group[*e.group], ++order));
  return list;
}

Reply<Json> validate_config(const Config& worker, const std::string& type,
                            const ConfigMap& config) {
  const SinkPlugin* plugin = find_plugin(type);
  if (!plugin)
    return bad_request(fmt::format("Unknown connector plugin '{}': ksink has the sinks {}", type,
                                   known_plugins()));
  ConfigMap raw = config;
  auto cls = raw.find("connector.class");
  if (cls == raw.end() || cls->second.empty()) {
    raw["connector.class"] = plugin->class_names().empty() ? std::string(plugin->alias())
                                                           : plugin->class_names().front();
  } else if (find_plugin(cls->second) != plugin) {
    return bad_request(fmt::format("Included connector type {} does not match request type {}",
                                   cls->second, type));
  }
  ConnectorValidation v = validate_connector(worker, raw);

  // Problems by the canonical key they concern; the ones no definition knows keep their key.
  const auto keys = keys_of(*plugin);
  std::map<std::string, std::vector<std::string>> errors;
  std::vector<std::string> orphan_order;
  for (const auto& p : v.problems) {
    std::string key = p.key;
    for (const auto& e : keys) {
      if (e.key->name == p.key ||
          std::find(e.key->aliases.begin(), e.key->aliases.end(), p.key) != e.key->aliases.end()) {
        key = e.key->name;
        break;
      }
    }
    if (!errors.count(key)) orphan_order.push_back(key);
    errors[key].push_back(p.message);
  }

  Json out = Json::object();
  // Kafka Connect answers with the class it loaded: an alias ("redis") stands for the first.
  const auto names = plugin->class_names();
  const std::string& given = raw.at("connector.class");
  out.set("name", Json::string(std::find(names.begin(), names.end(), given) != names.end()
                                   ? given
                                   : names.front()));
  out.set("error_count", Json::number(static_cast<int64_t>(v.problems.size())));
  Json groups = Json::array();
  groups.push(Json::string(connector_config_def().group()));
  groups.push(Json::string(plugin->config_def().group()));
  out.set("groups", std::move(groups));

  Json configs = Json::array();
  std::set<std::string> listed;
  std::map<std::string, int> in_group;
  int order = 0;
  auto add = [&](Json def, const std::string& name, Json value, const std::vector<std::string>& recommended) {
    Json val = Json::object();
    val.set("name", Json::string(name));
    val.set("value", std::move(value));
    Json rec = Json::array();
    for (const auto& r : recommended) rec.push(Json::string(r));
    val.set("recommended_values", std::move(rec));
    Json errs = Json::array();
    if (auto it = errors.find(name); it != errors.end())
      for (const auto& m : it->second) errs.push(Json::string(m));
    val.set("errors", std::move(errs));
    val.set("visible", Json::boolean(true));
    Json entry = Json::object();
    entry.set("definition", std::move(def));
    entry.set("value", std::move(val));
    configs.push(std::move(entry));
    listed.insert(name);
  };
  for (const auto& e : keys) {
    const ConfigKey& k = *e.key;
    Json value;
    const std::string* given = nullptr;
    if (auto it = raw.find(k.name); it != raw.end()) given = &it->second;
    for (const auto& a : k.aliases)
      if (auto it = raw.find(a); !given && it != raw.end()) given = &it->second;
    if (given) {
      value = Json::string(k.type == ConfigType::Password ? "[hidden]" : *given);
    } else if (k.default_value) {
      value = Json::string(k.type == ConfigType::Password && !k.default_value->empty()
                               ? "[hidden]"
                               : *k.default_value);
    }
    add(definition(k, *e.group, ++in_group[*e.group], ++order), k.name, std::move(value),
        k.allowed);
  }
  // Problems about keys no definition has (pass-through settings, say): listed too, so that
  // error_count matches what the entries show.
  for (const auto& key : orphan_order) {
    if (listed.count(key)) continue;
    ConfigKey synthetic{.name = key, .default_value = std::string()};
    Json value;
    if (auto it = raw.find(key); it != raw.end())
      value = Json::string(mask_secrets({}, {{key, it->second}}).at(key));
    add(definition(synthetic, "Other", ++in_group["Other"], ++order), key, std::move(value), {});
  }
  out.set("configs", std::move(configs));
  return out;
}

}  // namespace ksink::rest
