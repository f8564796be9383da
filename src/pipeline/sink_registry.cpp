#include "pipeline/sink.h"

namespace ksink {

SinkRegistry& SinkRegistry::instance() {
  static SinkRegistry registry;
  return registry;
}

void SinkRegistry::add(std::unique_ptr<SinkPlugin> plugin) { plugins_.push_back(std::move(plugin)); }

const SinkPlugin* SinkRegistry::find(std::string_view name) const {
  for (const auto& p : plugins_) {
    if (p->alias() == name) return p.get();
    for (const auto& c : p->class_names())
      if (c == name) return p.get();
  }
  return nullptr;
}

}  // namespace ksink
