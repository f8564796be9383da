// Internal to the config module: how one text value is checked against its ConfigKey, shared by
// ConfigDef::define (defaults must pass too) and Config::parse. Messages follow Kafka's ConfigDef
// wording ("Not a number of type INT", "Value must be at least 1") so users recognise them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "config/config_def.h"
#include "core/result.h"

namespace ksink::config_detail {

// Java's String.trim(): drops every character up to and including ' ' at both ends, as Kafka
// does before interpreting a value (a trailing blank in a properties file is part of the value).
std::string_view trim(std::string_view s);
std::string to_lower(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
// Comma-separated items, each trimmed; empty items dropped.
std::vector<std::string> split_list(std::string_view s);

// The value as it will be stored (trimmed, and normalised: allowed values in their defined
// spelling, booleans lower case, numbers in canonical form), or the reason it is invalid, phrased
// as what is expected. The validator is skipped for defaults (`run_validator` false): it guards
// user input, and an optional key's empty default need not satisfy it.
Result<std::string> check_value(const ConfigKey& key, std::string_view raw, bool run_validator);

// Numeric text already accepted by check_value.
int64_t parse_checked_int(std::string_view s);
double parse_checked_double(std::string_view s);

// An empty default on a numeric or boolean key means "optional, no value": has() is false and
// getters throw, since there is no number to return. On text keys "" is a real (empty) value.
bool is_unset_default(const ConfigKey& key);

// Whether a key's name says it holds a secret, for keys no definition types as Password (the
// pass-through "consumer.override.sasl.jaas.config", say).
bool looks_like_secret(std::string_view name);

}  // namespace ksink::config_detail
