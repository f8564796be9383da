#include "sinks/redis/storage_mode.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>

#include "core/json_writer.h"
#include "kcql/parser.h"
#include "kcql/projection.h"

namespace ksink::redis {

std::string_view mode_name(Mode m) {
  switch (m) {
    case Mode::Cache: return "cache";
    case Mode::SortedSet: return "sorted set";
    case Mode::MultipleSortedSets: return "multiple sorted sets";
    case Mode::Geo: return "GeoAdd";
    case Mode::PubSub: return "PubSub";
    case Mode::Stream: return "Stream";
  }
  return "?";
}

static std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

std::vector<std::string_view> accepted_store_as_params(Mode m) {
  switch (m) {
    case Mode::SortedSet:
    case Mode::MultipleSortedSets: return {"score"};
    case Mode::Geo: return {"longitudeField", "latitudeField"};
    case Mode::PubSub: return {"channel"};
    case Mode::Stream: return {"maxlen"};
    case Mode::Cache: return {};
  }
  return {};
}

static Error statement_error(const kcql::Statement& s, const std::string& what) {
  return Error{fmt::format("KCQL statement {}: {}\n  {}", s.number, what, s.text)};
}

// The field path a STOREAS parameter names, or its default when the parameter is absent.
static Status param_path(const kcql::Statement& s, const char* name, const char* fallback,
                         kcql::Path& out) {
  auto path = kcql::parse_path(s.store_as_param(name).value_or(fallback));
  if (!path)
    return statement_error(s, fmt::format("STOREAS parameter {}: {}", name, path.error().message));
  out = std::move(*path);
  return Status::Ok();
}

Result<StoragePlan> plan_statement(const kcql::Statement& s, const std::string& default_delimiter,
                                   std::vector<std::string>& warnings) {
  StoragePlan plan;
  plan.statement = &s;
  plan.key = s.target;
  plan.delimiter = s.key_delimiter.value_or(default_delimiter);
  plan.ttl = s.ttl;
  // Redis refuses an expiry whose milliseconds from now overflow a long long ("invalid expire
  // time", redis/redis src/t_string.c getExpireMillisecondsOrReply, src/expire.c
  // expireGenericCommand). Refused at start, the SETs of cache mode can never be refused for the
  // record (StoragePlan::refusable).
  if (s.ttl && *s.ttl > kMaxTtlSeconds)
    return statement_error(
        s, fmt::format("TTL = {} is more seconds than Redis accepts (at most {})", *s.ttl,
                       kMaxTtlSeconds));
  plan.identity = s.select_all && s.columns.empty() && s.ignore.empty();
  if (s.batch_size) plan.batch_limit = static_cast<size_t>(*s.batch_size);
  const bool has_pk = !s.primary_keys.empty();
  auto warn = [&](const std::string& what) {
    warnings.push_back(fmt::format("KCQL statement {}: {} (ignored by the Redis sink): {}",
                                   s.number, what, s.text));
  };
  const std::string type = s.store_as ? lower(*s.store_as) : "";

  if (type.empty() || type == "cache") {
    if (!has_pk)
      return statement_error(
          s, "Redis cache mode needs a key: add PK with the field(s) that form the key (e.g. "
             "`... FROM " + s.source + " PK id`), or store with STOREAS SortedSet, GeoAdd, "
             "PubSub or Stream");
    plan.mode = Mode::Cache;
  } else if (type == "sortedset") {
    plan.mode = has_pk ? Mode::MultipleSortedSets : Mode::SortedSet;
    if (!has_pk && s.target.empty())
      return statement_error(s, "STOREAS SortedSet needs a sorted set: name it with INSERT INTO "
                                "<set>, or add PK to keep one sorted set per key");
    if (Status st = param_path(s, "score", "timestamp", plan.score); !st) return st.error();
  } else if (type == "geoadd") {
    plan.mode = Mode::Geo;
    if (!has_pk && s.target.empty())
      return statement_error(s, "STOREAS GeoAdd needs a key: add PK with the field(s) that form "
                                "the key, or name one key with INSERT INTO <key>");
    if (Status st = param_path(s, "longitudeField", "longitude", plan.longitude); !st)
      return st.error();
    if (Status st = param_path(s, "latitudeField", "latitude", plan.latitude); !st)
      return st.error();
  } else if (type == "pubsub") {
    plan.mode = Mode::PubSub;
    // The channel comes from the field the parameter names; without the parameter, it is the
    // target, or the field `channel` when there is no target.
    if (s.store_as_param("channel") || s.target.empty()) {
      kcql::Path channel;
      if (Status st = param_path(s, "channel", "channel", channel); !st) return st.error();
      plan.channel_field = std::move(channel);
    }
    if (has_pk) warn("PK");
    if (s.ttl) warn("TTL");
  } else if (type == "stream") {
    plan.mode = Mode::Stream;
    if (s.target.empty())
      return statement_error(s, "STOREAS Stream needs a stream: name it with INSERT INTO <stream>");
    if (auto m = s.store_as_param("maxlen")) {
      int64_t n = 0;
      auto [p, ec] = std::from_chars(m->data(), m->data() + m->size(), n);
      if (ec != std::errc() || p != m->data() + m->size() || n <= 0)
        return statement_error(s, fmt::format("STOREAS Stream(maxlen = {}): maxlen must be a "
                                              "positive integer", *m));
      plan.maxlen = n;
    }
    if (has_pk) warn("PK");
  } else {
    return statement_error(s, fmt::format("unknown STOREAS type '{}': the Redis sink stores as "
                                          "SortedSet, GeoAdd, PubSub or Stream, or (without "
                                          "STOREAS) as a cache of keys",
                                          *s.store_as));
  }
  if (plan.mode == Mode::SortedSet && has_pk) warn("PK");
  plan.refusable = plan.mode != Mode::Cache && plan.mode != Mode::PubSub;
  // A parameter no mode reads is a typo until shown otherwise: `SortedSet(scroe=ts)` would
  // otherwise score by the default field (docs/redis-sink.md "Storage modes").
  const std::vector<std::string_view> accepted = accepted_store_as_params(plan.mode);
  for (const auto& [k, v] : s.store_as_params) {
    const std::string key = lower(k);
    if (std::none_of(accepted.begin(), accepted.end(),
                     [&](std::string_view a) { return lower(std::string(a)) == key; }))
      return statement_error(
          s, fmt::format("unknown STOREAS parameter '{}' for {}: {}", k,
                         s.store_as ? *s.store_as : std::string("the cache mode"),
                         accepted.empty() ? std::string("it takes no parameters")
                                          : fmt::format("it accepts {}", fmt::join(accepted, ", "))));
  }
  for (const auto& c : s.foreign_clauses) warn(c);
  if (s.limit) warn("LIMIT");
  if (s.with_format) warn("WITHFORMAT");
  if (!s.properties.empty()) warn("PROPERTIES");
  if (s.operation == kcql::Operation::Upsert)
    warn("UPSERT (Redis writes replace existing values anyway)");
  return plan;
}

// Text of a key part: strings as they are, numbers as in JSON.
static bool key_part(const kcql::Path& path, const Record& r, std::string& out, std::string& error,
                     const char* role, const kcql::Statement& s) {
  Value storage;
  const Value* v = kcql::resolve(path, r, storage);
  if (!v || v->is_null()) {
    error = fmt::format("{} field '{}' is {} in the record; KCQL statement {} needs it", role,
                        path.text, v ? "null" : "missing", s.number);
    return false;
  }
  const bool whole_key = path.source == kcql::Source::Key && path.parts.empty();
  if (whole_key && (v->kind() == Kind::Object || v->kind() == Kind::Array)) {
    write_json(*v, out);  // `_key` is the whole key as text (docs/redis-sink.md): its JSON
    return true;
  }
  if (v->kind() == Kind::Object || v->kind() == Kind::Array) {
    error = fmt::format("{} field '{}' is {} {}, expected a string or number (KCQL statement {})",
                        role, path.text, v->kind() == Kind::Object ? "an" : "an",
                        kind_name(v->kind()), s.number);
    return false;
  }
  append_text(*v, out);
  return true;
}

static bool build_key(const StoragePlan& plan, const Record& r, std::string& key,
                      std::string& error) {
  key = plan.key;
  const auto& pks = plan.statement->primary_keys;
  for (size_t i = 0; i < pks.size(); ++i) {
    if (i) key += plan.delimiter;
    if (!key_part(pks[i], r, key, error, "PK", *plan.statement)) return false;
  }
  return true;
}

static bool number_text(const StoragePlan& plan, const kcql::Path& path, const Record& r,
                        const char* role, std::string& out, double* value, std::string& error) {
  auto v = kcql::resolve(path, r);
  if (!v || v->is_null()) {
    error = fmt::format("{} field '{}' is {} in the record; KCQL statement {} needs a number",
                        role, path.text, v ? "null" : "missing", plan.statement->number);
    return false;
  }
  double d;
  if (!numeric_value(*v, d)) {
    error = fmt::format("{} field '{}' is not numeric (found {}); KCQL statement {} needs a "
                        "number",
                        role, path.text, kind_name(v->kind()), plan.statement->number);
    return false;
  }
  if (value) *value = d;
  out.clear();
  if (v->kind() == Kind::Int) {
    out = std::to_string(v->as_int());
  } else if (v->kind() == Kind::String) {
    out = to_text(*v);
  } else {
    write_double(d, out);
  }
  return true;
}

bool encode_record(const StoragePlan& plan, const Record& r, CommandBuffer& out,
                   EncodeScratch& reuse, std::string& error) {
  const kcql::Statement& s = *plan.statement;
  const size_t mark = out.mark();
  const size_t commands = out.commands();
  auto fail = [&]() {
    out.rollback(mark, commands);
    return false;
  };
  std::string& key = reuse.key;
  std::string& scratch = reuse.value;
  key.clear();
  if ((plan.mode == Mode::Cache || plan.mode == Mode::MultipleSortedSets ||
       plan.mode == Mode::Geo) &&
      !build_key(plan, r, key, error))
    return fail();

  // `SELECT *` alone writes the value as it is: no copy of the record on the hot path.
  Value projected;
  const bool identity = plan.identity && !(plan.mode == Mode::MultipleSortedSets);
  if (!identity) projected = kcql::project(s, r);
  const Value& row = identity ? r.value : projected;
  scratch.clear();
  switch (plan.mode) {
    case Mode::Cache: {
      if (r.value.is_null()) {
        // A tombstone (null value) on a compacted topic deletes the cached key.
        out.begin(2);
        out.arg("DEL");
        out.arg(key);
        return true;
      }
      write_json(row, scratch);
      out.begin(plan.ttl ? 5 : 3);
      out.arg("SET");
      out.arg(key);
      out.arg(scratch);
      if (plan.ttl) {
        out.arg("EX");
        out.arg(*plan.ttl);
      }
      return true;
    }
    case Mode::SortedSet:
    case Mode::MultipleSortedSets: {
      std::string score;
      if (!number_text(plan, plan.score, r, "score", score, nullptr, error)) return fail();
      if (plan.mode == Mode::MultipleSortedSets && projected.is_object()) {
        // The member carries its score so entries stay distinct and self-describing.
        std::string name = plan.score.default_name();
        if (!projected.find(name))
          if (auto v = kcql::resolve(plan.score, r)) projected.as_object().emplace_back(name, *v);
      }
      write_json(row, scratch);
      const std::string& set = plan.mode == Mode::SortedSet ? plan.key : key;
      out.begin(4);
      out.arg("ZADD");
      out.arg(set);
      out.arg(score);
      out.arg(scratch);
      if (plan.ttl) {
        out.begin(3);
        out.arg("EXPIRE");
        out.arg(set);
        out.arg(*plan.ttl);
      }
      return true;
    }
    case Mode::Geo: {
      std::string lon, lat;
      double dlon, dlat;
      if (!number_text(plan, plan.longitude, r, "longitude", lon, &dlon, error)) return fail();
      if (!number_text(plan, plan.latitude, r, "latitude", lat, &dlat, error)) return fail();
      if (dlon < -180 || dlon > 180 || dlat < -85.05112878 || dlat > 85.05112878) {
        error = fmt::format("coordinates out of range for GEOADD (longitude {} must be within "
                            "-180..180, latitude {} within -85.05112878..85.05112878); fields "
                            "'{}' and '{}'",
                            lon, lat, plan.longitude.text, plan.latitude.text);
        return fail();
      }
      write_json(row, scratch);
      out.begin(5);
      out.arg("GEOADD");
      out.arg(key);
      out.arg(lon);
      out.arg(lat);
      out.arg(scratch);
      if (plan.ttl) {
        out.begin(3);
        out.arg("EXPIRE");
        out.arg(key);
        out.arg(*plan.ttl);
      }
      return true;
    }
    case Mode::PubSub: {
      // The channel goes where keys go, for routing_key().
      std::string& channel = key;
      if (plan.channel_field) {
        if (!key_part(*plan.channel_field, r, channel, error, "channel", s)) return fail();
      } else {
        channel = plan.key;
      }
      write_json(row, scratch);
      out.begin(3);
      out.arg("PUBLISH");
      out.arg(channel);
      out.arg(scratch);
      return true;
    }
    case Mode::Stream: {
      std::vector<std::pair<std::string_view, std::string>> fields;
      if (row.is_object()) {
        for (const auto& [name, v] : row.as_object()) fields.emplace_back(name, to_text(v));
      } else if (!row.is_null()) {
        fields.emplace_back("value", to_text(row));
      }
      if (fields.empty()) {
        error = fmt::format("the record has none of the selected fields; a stream entry needs at "
                            "least one (KCQL statement {})",
                            s.number);
        return fail();
      }
      out.begin(3 + (plan.maxlen ? 3 : 0) + 2 * fields.size());
      out.arg("XADD");
      out.arg(plan.key);
      if (plan.maxlen) {
        out.arg("MAXLEN");
        out.arg("~");
        out.arg(*plan.maxlen);
      }
      out.arg("*");
      for (const auto& [name, text] : fields) {
        out.arg(name);
        out.arg(text);
      }
      if (plan.ttl) {
        out.begin(3);
        out.arg("EXPIRE");
        out.arg(plan.key);
        out.arg(*plan.ttl);
      }
      return true;
    }
  }
  return fail();
}

std::string_view routing_key(const StoragePlan& plan, const EncodeScratch& scratch) {
  if (plan.mode == Mode::SortedSet || plan.mode == Mode::Stream) return plan.key;
  return scratch.key;
}

}  // namespace ksink::redis
