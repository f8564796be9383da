// A connector's error policy: what a record the target refuses does (THROW, NOOP, RETRY, from
// each sink's `<prefix>error.policy` keys), and how long a task waits before trying again a
// target or schema registry that cannot be reached. The task applies it (task_error_policy.cpp).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "config/config_def.h"

namespace ksink {

enum class ErrorPolicy { Throw, Noop, Retry };

// Adds `<prefix>error.policy`, `max.retries`, `retry.interval`, `batch.size` to a sink's
// definitions; `aliases` are older prefixes whose spellings stay accepted
// ("connect.volt.sink." for "connect.volt.").
void define_error_policy_keys(ConfigDef& def, const std::string& prefix,
                              const std::vector<std::string>& alias_prefixes,
                              const std::vector<std::string>& extra_retry_aliases = {});

// The wait before retry `retry` (0: the first) of something unavailable: exponential from
// 100 ms, capped at the sink's retry.interval (never below 100 ms).
std::chrono::milliseconds unavailable_backoff(int retry, int64_t retry_interval_ms);

}  // namespace ksink
