#include "transforms/chain.h"

#include <fmt/format.h>

#include <map>
#include <set>

#include "config/value_check.h"
#include "transforms/registry.h"

namespace ksink::transforms {

namespace {

ConfigMap with_prefix(const ConfigMap& config, const std::string& prefix) {
  ConfigMap out;
  for (auto it = config.lower_bound(prefix); it != config.end() && it->first.starts_with(prefix);
       ++it)
    out.emplace(it->first.substr(prefix.size()), it->second);
  return out;
}

// Kafka's aliasValidator: "Invalid value [a, a] for configuration transforms: Duplicate alias
// provided."
bool unique_aliases(const std::string& key, const std::vector<std::string>& aliases,
                    std::vector<ConfigProblem>& problems) {
  std::set<std::string> seen(aliases.begin(), aliases.end());
  if (seen.size() == aliases.size()) return true;
  problems.push_back({key, fmt::format("Invalid value [{}] for configuration {}: Duplicate alias "
                                       "provided.",
                                       fmt::join(aliases, ", "), key)});
  return false;
}

std::string missing(const std::string& key) {
  return fmt::format("Missing required configuration \"{}\" which has no default value.", key);
}

void add_problems(const TransformSettings& s, std::vector<ConfigProblem>& problems) {
  problems.insert(problems.end(), s.problems().begin(), s.problems().end());
}

std::shared_ptr<const Predicate> make_predicate(const ConfigMap& config, const std::string& alias,
                                                std::vector<ConfigProblem>& problems) {
  const std::string prefix = "predicates." + alias + ".";
  const std::string type_key = prefix + "type";
  auto type = config.find(type_key);
  if (type == config.end() || type->second.empty()) {
    problems.push_back({type_key, missing(type_key)});
    return nullptr;
  }
  const std::string cls(config_detail::trim(type->second));
  for (const auto& p : builtin_predicates()) {
    if (p.class_name != cls) continue;
    ConfigMap own = with_prefix(config, prefix);
    own.erase("type");
    TransformSettings settings(prefix, std::move(own));
    auto predicate = p.make(settings);
    add_problems(settings, problems);
    if (!settings.ok()) return nullptr;
    return predicate;
  }
  problems.push_back(
      {type_key, fmt::format("Invalid value {} for configuration {}: Class {} could not be found "
                             "(ksink has the predicates {})",
                             cls, type_key, cls, fmt::join(predicate_class_names(), ", "))});
  return nullptr;
}

}  // namespace

std::shared_ptr<const TransformChain> TransformChain::build(const ConfigMap& config,
                                                            std::vector<ConfigProblem>& problems) {
  auto chain = std::make_shared<TransformChain>();
  const size_t before = problems.size();
  auto list_of = [&](const char* key) {
    auto it = config.find(key);
    return it == config.end() ? std::vector<std::string>{} : split_list(it->second);
  };
  const std::vector<std::string> aliases = list_of("transforms");
  const std::vector<std::string> predicate_aliases = list_of("predicates");
  if (!unique_aliases("transforms", aliases, problems) ||
      !unique_aliases("predicates", predicate_aliases, problems))
    return nullptr;

  // Every declared predicate is built (and checked) once, even if no transform uses it yet, as
  // Connect validates every alias listed.
  std::map<std::string, std::shared_ptr<const Predicate>> predicates;
  for (const auto& alias : predicate_aliases)
    predicates[alias] = make_predicate(config, alias, problems);

  for (const auto& alias : aliases) {
    const std::string prefix = "transforms." + alias + ".";
    const std::string type_key = prefix + "type";
    auto type = config.find(type_key);
    if (type == config.end() || type->second.empty()) {
      problems.push_back({type_key, missing(type_key)});
      continue;
    }
    const std::string cls(config_detail::trim(type->second));

    // A class with $Key/$Value variants is named with one of them; the bare name is abstract.
    const TransformPlugin* plugin = nullptr;
    const TransformPlugin* abstract = nullptr;
    Part part = Part::Value;
    for (const auto& p : builtin_transforms()) {
      if (!cls.starts_with(p.class_name)) continue;
      const std::string_view rest = std::string_view(cls).substr(p.class_name.size());
      if (rest.empty()) {
        (p.variants ? abstract : plugin) = &p;
      } else if (p.variants && (rest == "$Key" || rest == "$Value")) {
        plugin = &p;
        part = rest == "$Key" ? Part::Key : Part::Value;
      }
      if (plugin || abstract) break;
    }
    if (abstract) {
      problems.push_back(
          {type_key, fmt::format("Invalid value {} for configuration {}: Transformation is "
                                 "abstract and cannot be created. Did you mean {}$Key, {}$Value?",
                                 cls, type_key, cls, cls)});
      continue;
    }
    if (!plugin) {
      problems.push_back(
          {type_key, fmt::format("Invalid value {} for configuration {}: Class {} could not be "
                                 "found (ksink has the transforms {})",
                                 cls, type_key, cls, fmt::join(transform_class_names(), ", "))});
      continue;
    }

    ConfigMap own = with_prefix(config, prefix);
    own.erase("type");
    Step step;
    step.alias = alias;
    step.class_name = cls;
    // `predicate` and `negate` belong to the chain, not to the transform (Connect masks a
    // transform's own keys of those names).
    auto predicate = own.find("predicate");
    auto negate = own.find("negate");
    if (negate != own.end() && predicate == own.end()) {
      problems.push_back(
          {prefix + "negate",
           fmt::format("Config '{}negate' was provided but there is no config '{}predicate' "
                       "defining a predicate to be negated.",
                       prefix, prefix)});
    }
    if (negate != own.end()) {
      TransformSettings s(prefix, {{"negate", negate->second}});
      step.negate = s.boolean("negate", false);
      add_problems(s, problems);
      own.erase(negate);
    }
    if (predicate != own.end()) {
      std::string name = predicate->second;
      own.erase(predicate);
      auto found = predicates.find(name);
      if (found == predicates.end()) {
        problems.push_back(
            {prefix + "predicate",
             fmt::format("Invalid value {} for configuration {}predicate: the predicate '{}' is "
                         "not listed in predicates (predicates={})",
                         name, prefix, name, fmt::join(predicate_aliases, ","))});
      } else {
        step.predicate = found->second;
      }
    }
    TransformSettings settings(prefix, std::move(own));
    step.transform = plugin->make(settings, part);
    add_problems(settings, problems);
    if (settings.ok() && step.transform) chain->steps_.push_back(std::move(step));
  }
  if (problems.size() != before) return nullptr;
  return chain;
}

bool TransformChain::routes() const {
  for (const auto& s : steps_)
    if (s.transform->routes()) return true;
  return false;
}

TransformChain::Verdict TransformChain::apply(Record& record, TransformFailure& failure) const {
  for (const auto& s : steps_) {
    try {
      if (s.predicate && s.predicate->test(record) == s.negate) continue;
      if (!s.transform->apply(record)) return Verdict::Drop;
    } catch (const DataError& e) {
      failure = {s.alias, s.class_name, e.what()};
      return Verdict::Fail;
    } catch (const std::exception& e) {  // a bug of ours must not take the process down
      failure = {s.alias, s.class_name, e.what()};
      return Verdict::Fail;
    }
  }
  return Verdict::Keep;
}

}  // namespace ksink::transforms
