#include "devtools/produce.h"

#include <fmt/format.h>

#include <charconv>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

#include "convert/avro_converter.h"
#include "convert/avro_json_encoder.h"
#include "convert/avro_schema.h"
#include "convert/json_converter.h"
#include "convert/schema_registry_client.h"
#include "kafka/producer.h"

namespace ksink::devtools {

namespace {

const char* const kUsage =
    R"(ksink produce --bootstrap-server HOST:PORT --topic NAME [options] < LINES
      Produce one record per JSON line of stdin, like kafka-avro-console-producer.
      --value-schema JSON|@FILE  Avro schema of the values; registered under NAME-value, values
                                 written in Confluent's Avro wire format. Lines use Avro's JSON
                                 encoding (unions as {"type": value}, bytes as "\u00XX" text);
                                 also accepted: a bare value for ["null", T], any number for a
                                 float/double, a number for a decimal.
      --schema-registry URL      the Schema Registry (several URLs comma-separated); needed with
                                 --value-schema. Without a schema, lines are produced as JSON.
      --key-field NAME | --key TEXT
                                 the key: that field's value as text, or the same text for all
      --partition N              this partition (default: by key hash, else spread)
      --producer-property K=V    a librdkafka setting, e.g. compression.type=lz4 (repeatable)
      --property K=V             kafka-avro-console-producer's spelling: value.schema,
                                 value.schema.file, schema.registry.url, basic.auth.user.info,
                                 basic.auth.credentials.source
      Blank lines are skipped. A line that does not fit the schema is reported on stderr with
      its number and skipped. Exit status 0: all produced; 1: some line failed; 2: usage error.
)";

constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

struct Options {
  std::string bootstrap;
  std::string topic;
  std::optional<std::string> schema_arg;  // inline JSON or @file
  std::optional<std::string> schema_file;
  ConfigMap registry;  // schema.registry.url, basic.auth.*
  std::optional<std::string> key_field;
  std::optional<std::string> key;
  int32_t partition = -1;
  ConfigMap producer;
};

int usage_error(const std::string& message) {
  fmt::print(stderr, "ksink produce: {}\nUsage: {}", message, kUsage);
  return kExitUsage;
}

bool split_pair(const std::string& text, std::string& key, std::string& value) {
  size_t eq = text.find('=');
  if (eq == std::string::npos || eq == 0) return false;
  key = text.substr(0, eq);
  value = text.substr(eq + 1);
  return true;
}

// Returns an error message, or nothing when the arguments are usable.
std::optional<std::string> parse_args(const std::vector<std::string>& args, Options& o) {
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    static const char* const kWithValue[] = {
        "--bootstrap-server",  "--broker-list", "--topic", "--value-schema",
        "--schema-registry",   "--key-field",   "--key",   "--partition",
        "--producer-property", "--property"};
    bool known = false;
    for (const char* k : kWithValue) known = known || a == k;
    if (!known) return "unknown option '" + a + "'";
    if (i + 1 >= args.size()) return a + " needs a value";
    const std::string& v = args[++i];
    if (a == "--bootstrap-server" || a == "--broker-list") {
      o.bootstrap = v;
    } else if (a == "--topic") {
      o.topic = v;
    } else if (a == "--value-schema") {
      o.schema_arg = v;
    } else if (a == "--schema-registry") {
      o.registry["schema.registry.url"] = v;
    } else if (a == "--key-field") {
      o.key_field = v;
    } else if (a == "--key") {
      o.key = v;
    } else if (a == "--partition") {
      int p = -1;
      auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), p);
      if (ec != std::errc() || end != v.data() + v.size() || p < 0)
        return "--partition must be a partition number (0, 1, ...), not '" + v + "'";
      o.partition = p;
    } else if (a == "--producer-property") {
      std::string k, val;
      if (!split_pair(v, k, val)) return "--producer-property expects KEY=VALUE, not '" + v + "'";
      o.producer[k] = val;
    } else {  // --property
      std::string k, val;
      if (!split_pair(v, k, val)) return "--property expects KEY=VALUE, not '" + v + "'";
      if (k == "value.schema")
        o.schema_arg = val;
      else if (k == "value.schema.file")
        o.schema_file = val;
      else if (k == "schema.registry.url" || k == "basic.auth.user.info" ||
               k == "schema.registry.basic.auth.user.info" || k == "basic.auth.credentials.source")
        o.registry[k] = val;
      else
        return "--property " + k +
               " is not supported; ksink produce understands value.schema, value.schema.file, "
               "schema.registry.url, basic.auth.user.info and basic.auth.credentials.source";
    }
  }
  if (o.bootstrap.empty()) return "--bootstrap-server is required";
  if (o.topic.empty()) return "--topic is required";
  if (o.key_field && o.key) return "give --key-field or --key, not both";
  if (o.schema_arg && o.schema_file)
    return "give the value schema once (--value-schema or value.schema.file)";
  bool has_schema = o.schema_arg || o.schema_file;
  bool has_registry = o.registry.count("schema.registry.url") > 0;
  if (has_schema && !has_registry)
    return "--value-schema needs --schema-registry URL (the schema is registered there)";
  if (!has_schema && has_registry)
    return "--schema-registry is only used with --value-schema (without a schema, lines are "
           "produced as plain JSON)";
  return std::nullopt;
}

std::optional<std::string> read_text_file(const std::string& path, std::string& out) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "cannot read the value schema file '" + path + "'";
  std::ostringstream s;
  s << in.rdbuf();
  out = s.str();
  return std::nullopt;
}

}  // namespace

int run_produce(const std::vector<std::string>& args) {
  if (args.size() == 1 && (args[0] == "--help" || args[0] == "-h")) {
    fmt::print("Usage: {}", kUsage);
    return 0;
  }
  Options o;
  if (auto problem = parse_args(args, o)) return usage_error(*problem);

  std::shared_ptr<const avro::Schema> schema;
  std::unique_ptr<SchemaRegistryClient> registry;
  if (o.schema_arg || o.schema_file) {
    std::string text;
    if (o.schema_file) {
      if (auto problem = read_text_file(*o.schema_file, text)) return usage_error(*problem);
    } else if (o.schema_arg->starts_with("@")) {
      if (auto problem = read_text_file(o.schema_arg->substr(1), text))
        return usage_error(*problem);
    } else {
      text = *o.schema_arg;
    }
    auto parsed = avro::parse_avro_schema(text);
    if (!parsed) return usage_error("invalid --value-schema: " + parsed.error().message);
    schema = *parsed;
    auto options = parse_schema_registry_options(o.registry, "");
    if (!options) return usage_error(options.error().message);
    registry = std::make_unique<SchemaRegistryClient>(std::move(*options));
  }

  ConfigMap settings = {{"bootstrap.servers", o.bootstrap},
                        {"linger.ms", "5"},
                        // Java's default partitioner, so keys land where Java clients put them.
                        {"partitioner", "murmur2_random"},
                        {"message.timeout.ms", "30000"},
                        {"log_level", "3"}};
  for (const auto& [k, v] : o.producer) settings[k] = v;
  auto producer = kafka::Producer::create(settings);
  if (!producer) return usage_error(producer.error().message);

  std::string header;
  if (schema) {
    const std::string subject = o.topic + "-value";
    auto reply = registry->register_schema(subject, schema->text());
    if (reply.outcome != SchemaRegistryClient::Outcome::Ok) {
      fmt::print(stderr, "ksink produce: cannot register the value schema under subject '{}': {}\n",
                 subject, reply.message);
      return kExitFailed;
    }
    write_confluent_header(reply.id, header);
  }

  avro::JsonEncoder encoder;
  JsonConverter json(JsonConverterOptions{.schemas_enable = false});
  kafka::OutgoingMessage msg;
  msg.topic = o.topic;
  if (o.partition >= 0) msg.partition = o.partition;
  std::ios::sync_with_stdio(false);
  std::string line, error;
  size_t line_no = 0, lines = 0, skipped = 0;
  auto skip = [&](const std::string& why) {
    fmt::print(stderr, "ksink produce: line {}: {}; line skipped\n", line_no, why);
    ++skipped;
  };
  while (std::getline(std::cin, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    ++lines;
    std::string value;
    if (schema) {
      value = header;
      if (!encoder.encode(*schema, line, value, error)) {
        skip(error);
        continue;
      }
    } else {
      Value parsed;
      ConversionError e;
      if (!json.convert(o.topic, line.data(), line.size(), false, parsed, e)) {
        skip(e.message);
        continue;
      }
      value = line;
    }
    msg.key = o.key;
    if (o.key_field) {
      Value record;
      const Value* field = nullptr;
      if (json.parse_plain(line.data(), line.size(), record)) field = record.find(*o.key_field);
      if (!field) {
        skip("no field '" + *o.key_field + "' for the key (--key-field)");
        continue;
      }
      msg.key = field->is_null() ? std::nullopt : std::optional<std::string>(to_text(*field));
    }
    msg.value = std::move(value);
    if (auto s = producer.value()->send(msg); !s) {
      skip(s.error().message);
      continue;
    }
  }
  int rc = skipped ? kExitFailed : 0;
  if (auto s = producer.value()->flush(std::chrono::seconds(60)); !s) {
    fmt::print(stderr, "ksink produce: {}\n", s.error().message);
    rc = kExitFailed;
  }
  if (skipped)
    fmt::print(stderr, "ksink produce: {} of {} line(s) skipped, {} produced to topic '{}'\n",
               skipped, lines, lines - skipped, o.topic);
  return rc;
}

}  // namespace ksink::devtools
