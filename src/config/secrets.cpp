// Secrets never leave the process in clear: logs, REST responses and error messages show
// "[hidden]" (Kafka Connect's spelling) instead.
#include "config/config_def.h"
#include "config/value_check.h"

namespace ksink {

namespace config_detail {

bool looks_like_secret(std::string_view name) {
  static constexpr std::string_view kMarkers[] = {"password", "secret", "sasl.jaas.config",
                                                  "basic.auth.user.info"};
  std::string lower = to_lower(name);
  for (auto marker : kMarkers) {
    if (lower.find(marker) != std::string::npos) return true;
  }
  return false;
}

}  // namespace config_detail

ConfigMap mask_secrets(const std::vector<const ConfigDef*>& defs, const ConfigMap& raw) {
  ConfigMap out;
  for (const auto& [name, value] : raw) {
    bool secret = config_detail::looks_like_secret(name);
    for (const ConfigDef* def : defs) {
      if (secret) break;
      const ConfigKey* key = def->find(name);
      if (key) secret = key->type == ConfigType::Password;
      if (key) break;  // the first definition of a name is the one parsing uses
    }
    out.emplace(name, secret ? "[hidden]" : value);
  }
  return out;
}

}  // namespace ksink
