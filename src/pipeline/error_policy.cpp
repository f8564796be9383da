#include "pipeline/error_policy.h"

#include <algorithm>

namespace ksink {

void define_error_policy_keys(ConfigDef& def, const std::string& prefix,
                              const std::vector<std::string>& alias_prefixes,
                              const std::vector<std::string>& extra_retry_aliases) {
  auto aliases = [&](const std::string& suffix) {
    std::vector<std::string> out;
    for (const auto& p : alias_prefixes) out.push_back(p + suffix);
    return out;
  };
  def.define({.name = prefix + "error.policy",
              .default_value = "THROW",
              .importance = Importance::High,
              .doc = "What a record error does: THROW fails the task (nothing after the record "
                     "is committed); NOOP skips the record (logged, counted, dead-lettered when "
                     "a topic is set); RETRY retries the write `max.retries` times, waiting "
                     "`retry.interval` before each retry, then fails like THROW.",
              .aliases = aliases("error.policy"),
              .allowed = {"THROW", "NOOP", "RETRY"}});
  auto retries_aliases = aliases("max.retries");
  retries_aliases.insert(retries_aliases.end(), extra_retry_aliases.begin(),
                         extra_retry_aliases.end());
  def.define({.name = prefix + "max.retries",
              .type = ConfigType::Int,
              .default_value = "20",
              .importance = Importance::Medium,
              .doc = "Retries of a failed record under RETRY; also how many consecutive failed "
                     "attempts to reach an unavailable target fail the task.",
              .aliases = retries_aliases,
              .min = 0});
  def.define({.name = prefix + "retry.interval",
              .type = ConfigType::Long,
              .default_value = "60000",
              .importance = Importance::Medium,
              .doc = "Milliseconds to wait before every retry under RETRY; the cap of the "
                     "exponential backoff (from 100 ms) while the target is unavailable.",
              .aliases = aliases("retry.interval"),
              .min = 0});
}

std::chrono::milliseconds unavailable_backoff(int retry, int64_t retry_interval_ms) {
  const int64_t backoff = int64_t{100} << std::min(retry, 20);
  return std::chrono::milliseconds(std::min(backoff, std::max<int64_t>(retry_interval_ms, 100)));
}

}  // namespace ksink
