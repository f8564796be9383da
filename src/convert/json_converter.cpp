#include "convert/json_converter.h"

#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <functional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "convert/decimal_text.h"
#include "convert/json_reader.h"
#include "core/json_writer.h"

namespace ksink {

namespace dom = simdjson::dom;

namespace {

// Word for word Kafka Connect's message, so users find the fix they already know.
constexpr std::string_view kEnvelopeError =
    "JsonConverter with schemas.enable requires \"schema\" and \"payload\" fields and may not "
    "contain additional fields. If you are trying to deserialize plain JSON data, set "
    "schemas.enable=false in your converter configuration.";

constexpr std::string_view kDecimalName = "org.apache.kafka.connect.data.Decimal";

// Connect schema types. The envelope spells them as org.apache.kafka.connect.json.JsonSchema
// does: FLOAT32 is "float" and FLOAT64 "double" (Kafka's JsonSchema.java, and
// JsonConverterTest.floatToConnect/doubleToConnect); the Java enum's own names "float32" and
// "float64" never appear on the wire, and are accepted only as a lenient alias.
enum class Type : uint8_t {
  Int8,
  Int16,
  Int32,
  Int64,
  Float32,
  Float64,
  Boolean,
  String,
  Bytes,
  Array,
  Map,
  Struct
};
constexpr std::string_view kTypeNames[] = {"int8",   "int16",   "int32",  "int64",
                                           "float",  "double",  "boolean", "string",
                                           "bytes",  "array",   "map",     "struct"};

// The type a schema's "type" names, aliases included; false for an unknown name.
bool parse_type(std::string_view name, Type& out) {
  for (size_t t = 0; t < std::size(kTypeNames); ++t) {
    if (kTypeNames[t] == name) {
      out = static_cast<Type>(t);
      return true;
    }
  }
  if (name == "float32" || name == "float64") {
    out = name == "float32" ? Type::Float32 : Type::Float64;
    return true;
  }
  return false;
}

// Connect's logical types other than Decimal, and the type each must be written with
// (JsonConverter.TO_CONNECT_LOGICAL_CONVERTERS). Their values stay integers: Date is days since
// the epoch, Time milliseconds of the day, Timestamp epoch milliseconds (docs/converters.md
// "Logical types").
struct LogicalInt {
  std::string_view name;
  Type type;
  std::string_view written_as;
};
constexpr LogicalInt kLogicalInts[] = {
    {"org.apache.kafka.connect.data.Date", Type::Int32, "int32"},
    {"org.apache.kafka.connect.data.Time", Type::Int32, "int32"},
    {"org.apache.kafka.connect.data.Timestamp", Type::Int64, "int64"},
};

std::string_view type_name(Type t) { return kTypeNames[static_cast<size_t>(t)]; }

struct Schema {
  Type type = Type::Struct;
  bool optional = false;
  bool decimal = false;  // org.apache.kafka.connect.data.Decimal (bytes)
  int32_t scale = 0;
  bool has_default = false;
  Value default_value;
  // array: {items}; map: {keys, values}; struct: the fields, named by field_names.
  std::vector<Schema> children;
  std::vector<std::string> field_names;
};

std::string_view found_kind(dom::element_type t) {
  switch (t) {
    case dom::element_type::ARRAY:
      return "an array";
    case dom::element_type::OBJECT:
      return "an object";
    case dom::element_type::INT64:
    case dom::element_type::UINT64:
      return "an integer";
    case dom::element_type::DOUBLE:
      return "a floating-point number";
    case dom::element_type::STRING:
      return "a string";
    case dom::element_type::BOOL:
      return "a boolean";
    case dom::element_type::NULL_VALUE:
      return "null";
  }
  return "an unknown JSON type";
}

std::string_view expected_kind(const Schema& s) {
  switch (s.type) {
    case Type::Int8:
    case Type::Int16:
    case Type::Int32:
    case Type::Int64:
      return "an integer";
    case Type::Float32:
    case Type::Float64:
      return "a number";
    case Type::Boolean:
      return "true or false";
    case Type::String:
      return "a string";
    case Type::Bytes:
      return s.decimal ? "base64 text or a number" : "base64 text";
    case Type::Array:
      return "an array";
    case Type::Map:
      return s.children[0].type == Type::String ? "an object" : "an array of [key, value] arrays";
    case Type::Struct:
      return "an object";
  }
  return "a value";
}

bool is_json_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

size_t skip_ws(std::string_view s, size_t i) {
  while (i < s.size() && is_json_ws(s[i])) ++i;
  return i;
}

// `i` at an opening quote; returns the index after the closing quote.
size_t end_of_string(std::string_view s, size_t i) {
  for (++i; i < s.size() && s[i] != '"'; ++i)
    if (s[i] == '\\') ++i;
  return i + 1;
}

size_t end_of_value(std::string_view s, size_t i) {
  if (i >= s.size()) return s.size();
  if (s[i] == '"') return end_of_string(s, i);
  if (s[i] == '{' || s[i] == '[') {
    size_t depth = 0;
    while (i < s.size()) {
      char c = s[i];
      if (c == '"') {
        i = end_of_string(s, i);
        continue;
      }
      if (c == '{' || c == '[') ++depth;
      if ((c == '}' || c == ']') && --depth == 0) return i + 1;
      ++i;
    }
    return s.size();
  }
  while (i < s.size() && s[i] != ',' && s[i] != '}' && s[i] != ']' && !is_json_ws(s[i])) ++i;
  return i;
}

// The exact text of the top-level "schema" member in a document simdjson accepted: the schema
// cache key. Empty when not found this simple way (a key written with escapes); the schema is
// then parsed without the cache.
std::string_view envelope_schema_text(std::string_view doc) {
  size_t i = skip_ws(doc, 0);
  if (i >= doc.size() || doc[i] != '{') return {};
  ++i;
  for (;;) {
    i = skip_ws(doc, i);
    if (i >= doc.size() || doc[i] != '"') return {};
    size_t key_end = end_of_string(doc, i);
    if (key_end > doc.size()) return {};
    std::string_view key = doc.substr(i + 1, key_end - i - 2);
    i = skip_ws(doc, key_end);
    if (i >= doc.size() || doc[i] != ':') return {};
    i = skip_ws(doc, i + 1);
    size_t value_end = end_of_value(doc, i);
    if (key == "schema") return doc.substr(i, value_end - i);
    i = skip_ws(doc, value_end);
    if (i >= doc.size() || doc[i] != ',') return {};
    ++i;
  }
}

struct TransparentHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};

std::string config_error(std::string_view key, std::string_view value, bool is_key,
                         std::string_view expected) {
  std::string m = "Invalid value ";
  m += value;
  m += " for configuration ";
  m += is_key ? "key.converter." : "value.converter.";
  m += key;
  m += ": ";
  m += expected;
  return m;
}

std::string trimmed_lower(std::string_view v) {
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  std::string out(v);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

}  // namespace

Result<JsonConverterOptions> parse_json_converter_options(const ConfigMap& settings, bool is_key) {
  JsonConverterOptions o;
  auto boolean = [&](const char* key, bool& out) -> bool {
    auto it = settings.find(key);
    if (it == settings.end()) return true;
    std::string v = trimmed_lower(it->second);
    if (v != "true" && v != "false") return false;
    out = v == "true";
    return true;
  };
  if (!boolean("schemas.enable", o.schemas_enable))
    return Error{config_error("schemas.enable", settings.at("schemas.enable"), is_key,
                              "Expected value to be either true or false")};
  if (!boolean("replace.null.with.default", o.replace_null_with_default))
    return Error{config_error("replace.null.with.default", settings.at("replace.null.with.default"),
                              is_key, "Expected value to be either true or false")};
  if (auto it = settings.find("schemas.cache.size"); it != settings.end()) {
    std::string v = trimmed_lower(it->second);
    size_t n = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (v.empty() || ec != std::errc() || p != v.data() + v.size())
      return Error{config_error("schemas.cache.size", it->second, is_key,
                                "Expected a whole number of at least 0")};
    o.schemas_cache_size = n;
  }
  // Only shapes what Connect writes; ksink reads both formats whatever it says.
  if (auto it = settings.find("decimal.format"); it != settings.end()) {
    std::string v = trimmed_lower(it->second);
    if (v != "base64" && v != "numeric")
      return Error{config_error("decimal.format", it->second, is_key,
                                "String must be one of (case insensitive): BASE64, NUMERIC")};
  }
  if (auto it = settings.find("converter.type"); it != settings.end()) {
    std::string v = trimmed_lower(it->second);
    if (v != "key" && v != "value" && v != "header")
      return Error{config_error("converter.type", it->second, is_key,
                                "String must be one of (case insensitive): KEY, VALUE, HEADER")};
  }
  return o;
}

struct JsonConverter::Impl {
  // One step from the payload root down to the value being converted.
  struct Step {
    enum class Kind : uint8_t { Field, Item, MapKey, MapValue } kind;
    std::string_view name;  // Field: field name; MapValue of a string-keyed map: the key
    size_t index = 0;       // Item: element index; MapKey/MapValue: entry index
    bool pair = false;      // entry of a map written as [key, value] arrays
  };

  JsonConverterOptions options;
  JsonReader reader;   // documents without a schema
  dom::parser parser;  // documents with a schema, walked against it
  std::string buffer;   // the input, copied with the padding simdjson reads past the end
  std::string widened;  // cold: the input with big integers rewritten (json_reader.h)
  size_t input_size = 0;
  bool widened_in_use = false;  // simdjson parsed `widened`, not `buffer`
  size_t widened_size = 0;
  std::unique_ptr<simdjson::ondemand::parser> exact_parser;  // cold: exact Decimal numbers

  std::unordered_map<std::string, Schema, TransparentHash, std::equal_to<>> schema_cache;
  Schema uncached_schema;

  // Per call.
  bool is_key = false;
  ConversionError* error = nullptr;  // null: the caller wants no message
  std::vector<Step> path;
  std::vector<std::string> schema_path;
  bool in_default = false;  // converting a schema's "default" rather than the payload
  std::string scratch;

  explicit Impl(JsonConverterOptions o) : options(o) { path.reserve(16); }

  std::string_view what() const { return is_key ? "key" : "value"; }

  // The text simdjson parsed: the input, or its widened copy.
  std::string_view current_text() const {
    return widened_in_use ? std::string_view(widened.data(), widened_size)
                          : std::string_view(buffer.data(), input_size);
  }

  bool set_error(std::string message) {
    if (error) {
      error->message = std::move(message);
      error->retriable = false;
    }
    return false;
  }

  // ---- parsing ------------------------------------------------------------------------------

  enum class Parsed { Ok, Empty, Failed };

  Parsed parse(const char* data, size_t size, dom::element& root) {
    input_size = size;
    widened_in_use = false;
    if (size == 0) return Parsed::Empty;
    if (buffer.size() < size + simdjson::SIMDJSON_PADDING)
      buffer.resize(size + simdjson::SIMDJSON_PADDING);
    std::memcpy(buffer.data(), data, size);
    auto err = parser.parse(buffer.data(), size, false).get(root);
    if (!err) return Parsed::Ok;
    if (err == simdjson::EMPTY) return Parsed::Empty;  // only white space: null, as Connect
    std::string_view text(buffer.data(), size);
    if (err == simdjson::NUMBER_ERROR && widen_big_integers(text, widened)) {
      size_t n = widened.size();
      widened.resize(n + simdjson::SIMDJSON_PADDING);
      if (!parser.parse(widened.data(), n, false).get(root)) {
        widened_in_use = true;
        widened_size = n;
        return Parsed::Ok;
      }
    }
    if (!error) return Parsed::Failed;
    if (auto problem = find_json_syntax_error(text))
      not_json(*problem, size);
    else
      set_error(std::string(what()) + " is not valid JSON: " + simdjson::error_message(err));
    return Parsed::Failed;
  }

  bool not_json(const JsonSyntaxError& problem, size_t size) {
    if (!error) return false;
    std::string m(what());
    m += " is not valid JSON: ";
    m += problem.problem;
    m += " (at byte offset ";
    m += std::to_string(problem.offset);
    m += " of ";
    m += std::to_string(size);
    m += ")";
    return set_error(std::move(m));
  }

  // A document without a schema; only white space reads as null, as in Connect.
  bool read_schemaless(std::string_view text, Value& out) {
    auto problem = reader.read(text, out);
    if (!problem) return true;
    if (problem->problem == kEmptyJsonDocument) {
      out = Value();
      return true;
    }
    return not_json(*problem, text.size());
  }

  bool convert(const char* data, size_t size, bool key, Value& out, ConversionError* err) {
    is_key = key;
    error = err;
    if (data == nullptr) {
      out = Value();
      return true;
    }
    if (!options.schemas_enable) return read_schemaless(std::string_view(data, size), out);
    dom::element root;
    switch (parse(data, size, root)) {
      case Parsed::Empty:
        out = Value();
        return true;
      case Parsed::Failed:
        return false;
      case Parsed::Ok:
        break;
    }
    dom::object envelope;
    dom::element schema_json, payload;
    if (root.get_object().get(envelope) || envelope.size() != 2 ||
        envelope.at_key("schema").get(schema_json) || envelope.at_key("payload").get(payload))
      return set_error(std::string(kEnvelopeError));
    if (schema_json.is_null()) {  // Connect reads such a payload as schemaless
      // Read again by the schemaless reader, so the payload's values are what schemas.enable=false
      // gives (envelopes without a schema are rare).
      Value doc;
      if (!read_schemaless(std::string_view(data, size), doc)) return false;
      for (Field& f : doc.as_object())
        if (f.first == "payload") out = std::move(f.second);
      return true;
    }
    const Schema* schema = find_schema(schema_json);
    if (!schema) return false;
    path.clear();
    return typed(*schema, &payload, out);
  }

  // ---- schemas ------------------------------------------------------------------------------

  const Schema* find_schema(dom::element schema_json) {
    std::string_view key = envelope_schema_text(current_text());
    if (options.schemas_cache_size == 0 || key.empty()) {
      uncached_schema = Schema();
      return parse_schema_root(schema_json, uncached_schema) ? &uncached_schema : nullptr;
    }
    if (auto it = schema_cache.find(key); it != schema_cache.end()) return &it->second;
    Schema s;
    if (!parse_schema_root(schema_json, s)) return nullptr;
    if (schema_cache.size() >= options.schemas_cache_size) schema_cache.clear();
    return &schema_cache.emplace(std::string(key), std::move(s)).first->second;
  }

  bool parse_schema_root(dom::element j, Schema& s) {
    schema_path.clear();
    return parse_schema(j, s);
  }

  bool schema_error(std::string_view problem) {
    if (!error) return false;
    std::string m(what());
    m += " schema is invalid";
    if (!schema_path.empty()) {
      m += " at \"";
      for (size_t i = 0; i < schema_path.size(); ++i) {
        if (i > 0 && schema_path[i][0] != '[') m += '.';
        m += schema_path[i];
      }
      m += '"';
    }
    m += ": ";
    m += problem;
    return set_error(std::move(m));
  }

  bool parse_child(dom::object o, const char* key, std::string label, Schema& child,
                   std::string_view missing) {
    dom::element j;
    if (o.at_key(key).get(j) || j.is_null()) return schema_error(missing);
    schema_path.push_back(std::move(label));
    if (!parse_schema(j, child)) return false;
    schema_path.pop_back();
    return true;
  }

  bool parse_schema(dom::element j, Schema& s) {
    dom::object o;
    if (j.get_object().get(o)) return schema_error("a schema must be a JSON object");
    std::string_view type;
    if (o.at_key("type").get_string().get(type))
      return schema_error("a schema must contain a \"type\" string");
    if (!parse_type(type, s.type))
      return schema_error("unknown schema type \"" + std::string(type) +
                          "\" (Connect's types: boolean, int8, int16, int32, int64, float, "
                          "double, bytes, string, array, map, struct)");
    bool optional = false;
    s.optional = !o.at_key("optional").get_bool().get(optional) && optional;
    std::string_view name;
    bool named = !o.at_key("name").get_string().get(name);
    // "version" and "doc" describe the schema and change no value; "parameters" must hold text
    // only, as Connect's asConnectSchema requires.
    if (dom::object params; !o.at_key("parameters").get_object().get(params)) {
      for (auto kv : params)
        if (!kv.value.is_string()) return schema_error("schema parameters must have string values");
    }
    if (named) {
      if (name == kDecimalName && s.type != Type::Bytes)
        return schema_error("a Decimal schema must have type bytes, not " + std::string(type));
      for (const auto& l : kLogicalInts)
        if (name == l.name && s.type != l.type)
          return schema_error("a " + std::string(name.substr(name.rfind('.') + 1)) +
                              " schema must have type " + std::string(l.written_as) + ", not " +
                              std::string(type));
    }

    switch (s.type) {
      case Type::Struct: {
        dom::array fields;
        if (o.at_key("fields").get_array().get(fields))
          return schema_error("a struct schema's \"fields\" must be an array");
        s.children.reserve(fields.size());
        s.field_names.reserve(fields.size());
        for (dom::element f : fields) {
          std::string_view field_name;
          if (f.at_key("field").get_string().get(field_name))
            return schema_error("every struct field needs a \"field\" name");
          s.field_names.emplace_back(field_name);
          schema_path.emplace_back(field_name);
          if (!parse_schema(f, s.children.emplace_back())) return false;
          schema_path.pop_back();
        }
        break;
      }
      case Type::Array:
        s.children.resize(1);
        if (!parse_child(o, "items", "[]", s.children[0],
                         "an array schema must give its element schema in \"items\""))
          return false;
        break;
      case Type::Map:
        s.children.resize(2);
        if (!parse_child(o, "keys", "[key]", s.children[0],
                         "a map schema must give its key schema in \"keys\"") ||
            !parse_child(o, "values", "[value]", s.children[1],
                         "a map schema must give its value schema in \"values\""))
          return false;
        break;
      case Type::Bytes:
        if (named && name == kDecimalName && !parse_scale(o, s)) return false;
        break;
      default:
        break;
    }

    dom::element default_json;
    if (!o.at_key("default").get(default_json) && !default_json.is_null()) {
      std::vector<Step> saved_path;
      saved_path.swap(path);
      in_default = true;
      bool ok = typed(s, &default_json, s.default_value);
      in_default = false;
      path.swap(saved_path);
      if (!ok) return false;
      s.has_default = true;
    }
    return true;
  }

  bool parse_scale(dom::object o, Schema& s) {
    dom::element scale;
    if (o.at_key("parameters").at_key("scale").get(scale))
      return schema_error("a Decimal schema needs parameters.scale");
    int64_t v = 0;
    bool ok = false;
    if (std::string_view text; !scale.get_string().get(text)) {
      auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
      ok = ec == std::errc() && p == text.data() + text.size() && !text.empty();
    } else {
      ok = !scale.get_int64().get(v);
    }
    if (!ok) return schema_error("a Decimal schema's parameters.scale must be an integer");
    if (v < -kMaxDecimalScale || v > kMaxDecimalScale)
      return schema_error("a Decimal schema's scale must be between -10000 and 10000");
    s.decimal = true;
    s.scale = static_cast<int32_t>(v);
    return true;
  }

  // ---- typed payloads -----------------------------------------------------------------------

  // Where in the payload (or in a default value) the conversion is: `at "a.b[2]"`.
  std::string path_text() const {
    if (path.empty()) return {};
    std::string w = " at \"";
    for (size_t i = 0; i < path.size(); ++i) {
      const Step& p = path[i];
      switch (p.kind) {
        case Step::Kind::Field:
          if (i > 0) w += '.';
          w += p.name;
          break;
        case Step::Kind::Item:
          w += "[" + std::to_string(p.index) + "]";
          break;
        // Map keys are record content: they are never shown, only counted.
        case Step::Kind::MapKey:
          w += "[entry " + std::to_string(p.index) + " key]";
          break;
        case Step::Kind::MapValue:
          w += "[entry " + std::to_string(p.index) + "]";
          break;
      }
    }
    w += '"';
    return w;
  }

  bool fail(std::string_view problem) {
    if (!error) return false;
    if (in_default)
      return schema_error("its default value does not match it" + path_text() + ": " +
                          std::string(problem));
    std::string m(what());
    m += path_text();
    m += ": ";
    m += problem;
    return set_error(std::move(m));
  }

  bool mismatch(const Schema& s, dom::element_type found) {
    if (!error) return false;
    std::string m = "schema type ";
    m += type_name(s.type);
    if (s.decimal) m += " (Decimal)";
    m += " expects ";
    m += expected_kind(s);
    m += ", found ";
    m += found_kind(found);
    return fail(m);
  }

  bool typed(const Schema& s, const dom::element* e, Value& out) {
    if (e == nullptr || e->is_null()) {
      if (s.has_default && options.replace_null_with_default) {
        out = s.default_value;
        return true;
      }
      if (s.optional) {
        out = Value();
        return true;
      }
      std::string m = e ? "null" : "missing";
      m += " value for a required ";
      m += type_name(s.type);
      m += " field (the schema does not mark it optional)";
      return fail(m);
    }
    dom::element_type t = e->type();
    switch (s.type) {
      case Type::Int8:
      case Type::Int16:
      case Type::Int32:
      case Type::Int64:
        return integer(s, *e, t, out);
      case Type::Float32:
      case Type::Float64:
        if (t == dom::element_type::INT64)
          out = Value(static_cast<double>(e->get_int64().value_unsafe()));
        else if (t == dom::element_type::UINT64)
          out = Value(static_cast<double>(e->get_uint64().value_unsafe()));
        else if (t == dom::element_type::DOUBLE)
          out = Value(e->get_double().value_unsafe());
        else
          return mismatch(s, t);
        return true;
      case Type::Boolean:
        if (t != dom::element_type::BOOL) return mismatch(s, t);
        out = Value(e->get_bool().value_unsafe());
        return true;
      case Type::String:
        if (t != dom::element_type::STRING) return mismatch(s, t);
        out = Value(e->get_string().value_unsafe());
        return true;
      case Type::Bytes: {
        if (s.decimal) return decimal(s, *e, t, out);
        if (t != dom::element_type::STRING) return mismatch(s, t);
        Bytes b;
        if (!base64_decode(e->get_string().value_unsafe(), b.data))
          return fail("schema type bytes expects base64 text, found a string that is not base64");
        out = Value(std::move(b));
        return true;
      }
      case Type::Array: {
        dom::array a;
        if (e->get_array().get(a)) return mismatch(s, t);
        Array arr;
        arr.reserve(a.size());
        size_t i = 0;
        for (dom::element x : a) {
          path.push_back({Step::Kind::Item, {}, i++});
          if (!typed(s.children[0], &x, arr.emplace_back())) return false;
          path.pop_back();
        }
        out = Value(std::move(arr));
        return true;
      }
      case Type::Map:
        return map(s, *e, t, out);
      case Type::Struct:
        return structure(s, *e, t, out);
    }
    return false;
  }

  bool integer(const Schema& s, dom::element e, dom::element_type t, Value& out) {
    int64_t v;
    if (t == dom::element_type::INT64) {
      v = e.get_int64().value_unsafe();
    } else if (t == dom::element_type::DOUBLE) {  // 5.0 or 1e3 are integers too
      double d = e.get_double().value_unsafe();
      if (d != std::trunc(d))
        return fail("schema type " + std::string(type_name(s.type)) +
                    " expects an integer, found a number with a fraction");
      if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0)) return out_of_range(s);
      v = static_cast<int64_t>(d);
    } else if (t == dom::element_type::UINT64) {
      return out_of_range(s);
    } else {
      return mismatch(s, t);
    }
    int64_t lo = INT64_MIN, hi = INT64_MAX;
    switch (s.type) {
      case Type::Int8:
        lo = INT8_MIN, hi = INT8_MAX;
        break;
      case Type::Int16:
        lo = INT16_MIN, hi = INT16_MAX;
        break;
      case Type::Int32:
        lo = INT32_MIN, hi = INT32_MAX;
        break;
      default:
        break;
    }
    if (v < lo || v > hi) return out_of_range(s);
    out = Value(v);
    return true;
  }

  bool out_of_range(const Schema& s) {
    std::string_view range;
    switch (s.type) {
      case Type::Int8:
        range = "-128 to 127";
        break;
      case Type::Int16:
        range = "-32768 to 32767";
        break;
      case Type::Int32:
        range = "-2147483648 to 2147483647";
        break;
      default:
        range = "-9223372036854775808 to 9223372036854775807";
        break;
    }
    return fail("the integer is out of the range of schema type " + std::string(type_name(s.type)) +
                " (" + std::string(range) + ")");
  }

  bool decimal(const Schema& s, dom::element e, dom::element_type t, Value& out) {
    std::string text;
    if (t == dom::element_type::STRING) {  // decimal.format=BASE64, Connect's default
      if (!base64_decode(e.get_string().value_unsafe(), scratch))
        return fail(
            "a Decimal expects base64 text (the unscaled integer, two's complement, "
            "big-endian) or a number, found a string that is not base64");
      if (scratch.empty()) return fail("a Decimal's base64 text holds no bytes");
      if (scratch.size() > kMaxDecimalBytes)
        return fail("a Decimal's unscaled integer is longer than 4096 bytes");
      out = Value(Decimal{decimal_from_unscaled(scratch, s.scale)});
      return true;
    }
    // decimal.format=NUMERIC
    char buf[32];
    std::string_view number;
    if (t == dom::element_type::INT64) {
      auto [end, ec] = std::to_chars(buf, buf + sizeof buf, e.get_int64().value_unsafe());
      number = std::string_view(buf, static_cast<size_t>(end - buf));
    } else if (t == dom::element_type::UINT64) {
      auto [end, ec] = std::to_chars(buf, buf + sizeof buf, e.get_uint64().value_unsafe());
      number = std::string_view(buf, static_cast<size_t>(end - buf));
    } else if (t == dom::element_type::DOUBLE) {
      // A double may have lost digits the JSON text had ("12.340", 20 significant digits):
      // take the number's own text instead.
      if (!in_default && exact_number_text(text)) {
        number = text;
      } else {
        auto [end, ec] = std::to_chars(buf, buf + sizeof buf, e.get_double().value_unsafe());
        number = std::string_view(buf, static_cast<size_t>(end - buf));
      }
    } else {
      return mismatch(s, t);
    }
    std::string result;
    if (!decimal_from_number(number, s.scale, result))
      return fail("a Decimal number has too many digits");
    out = Value(Decimal{std::move(result)});
    return true;
  }

  // The text of the payload number at `path` in the original input (cold path).
  bool exact_number_text(std::string& out) {
    if (!exact_parser) exact_parser = std::make_unique<simdjson::ondemand::parser>();
    simdjson::ondemand::document doc;
    if (exact_parser->iterate(buffer.data(), input_size, buffer.size()).get(doc)) return false;
    std::string pointer = "/payload";
    for (const Step& p : path) {
      pointer += '/';
      if (p.kind == Step::Kind::Item || p.pair) {
        pointer += std::to_string(p.index);
        if (p.pair) pointer += p.kind == Step::Kind::MapKey ? "/0" : "/1";
        continue;
      }
      for (char c : p.name) {  // JSON Pointer escaping
        if (c == '~')
          pointer += "~0";
        else if (c == '/')
          pointer += "~1";
        else
          pointer += c;
      }
    }
    simdjson::ondemand::value v;
    if (doc.at_pointer(pointer).get(v)) return false;
    std::string_view raw = v.raw_json_token();
    while (!raw.empty() && is_json_ws(raw.back())) raw.remove_suffix(1);
    out.assign(raw);
    return true;
  }

  bool map(const Schema& s, dom::element e, dom::element_type t, Value& out) {
    const Schema& key_schema = s.children[0];
    const Schema& value_schema = s.children[1];
    Object obj;
    if (key_schema.type == Type::String) {  // written as a JSON object
      dom::object o;
      if (e.get_object().get(o)) return mismatch(s, t);
      obj.reserve(o.size());
      size_t i = 0;
      for (dom::key_value_pair kv : o) {
        obj.emplace_back(std::piecewise_construct, std::forward_as_tuple(kv.key),
                         std::forward_as_tuple());
        path.push_back({Step::Kind::MapValue, kv.key, i++});
        if (!typed(value_schema, &kv.value, obj.back().second)) return false;
        path.pop_back();
      }
    } else {  // written as [[key, value], ...]; keys become their text (what JSON can hold)
      dom::array a;
      if (e.get_array().get(a)) return mismatch(s, t);
      obj.reserve(a.size());
      size_t i = 0;
      for (dom::element entry : a) {
        dom::array pair;
        if (entry.get_array().get(pair) || pair.size() != 2) {
          path.push_back({Step::Kind::MapValue, {}, i, true});
          return fail("a map with non-string keys must be written as [key, value] arrays");
        }
        Value key;
        dom::element key_json = pair.at(0).value_unsafe();
        dom::element value_json = pair.at(1).value_unsafe();
        path.push_back({Step::Kind::MapKey, {}, i, true});
        if (!typed(key_schema, &key_json, key)) return false;
        path.back().kind = Step::Kind::MapValue;
        obj.emplace_back(to_text(key), Value());
        if (!typed(value_schema, &value_json, obj.back().second)) return false;
        path.pop_back();
        ++i;
      }
    }
    out = Value(std::move(obj));
    return true;
  }

  bool structure(const Schema& s, dom::element e, dom::element_type t, Value& out) {
    dom::object o;
    if (e.get_object().get(o)) return mismatch(s, t);
    Object fields;
    fields.reserve(s.children.size());
    // Payload fields usually come in schema order: follow along, search only when they do not.
    auto next = o.begin();
    auto end = o.end();
    for (size_t k = 0; k < s.children.size(); ++k) {
      const std::string& name = s.field_names[k];
      dom::element child;
      bool found = false;
      if (next != end && next.key() == name) {
        child = next.value();
        ++next;
        found = true;
      } else {
        found = !o.at_key(name).get(child);
      }
      fields.emplace_back(std::piecewise_construct, std::forward_as_tuple(name),
                          std::forward_as_tuple());
      path.push_back({Step::Kind::Field, name, 0});
      if (!typed(s.children[k], found ? &child : nullptr, fields.back().second)) return false;
      path.pop_back();
    }
    out = Value(std::move(fields));
    return true;
  }
};

JsonConverter::JsonConverter(JsonConverterOptions options)
    : impl_(std::make_unique<Impl>(options)) {}

JsonConverter::~JsonConverter() = default;

bool JsonConverter::convert(std::string_view, const char* data, size_t size, bool is_key,
                            Value& out, ConversionError& error) {
  return impl_->convert(data, size, is_key, out, &error);
}

bool JsonConverter::parse_plain(const char* data, size_t size, Value& out) {
  bool schemas = impl_->options.schemas_enable;
  impl_->options.schemas_enable = false;
  bool ok = impl_->convert(data, size, false, out, nullptr);
  impl_->options.schemas_enable = schemas;
  return ok;
}

Result<std::unique_ptr<Converter>> make_json_converter(const ConfigMap& settings, bool is_key) {
  auto options = parse_json_converter_options(settings, is_key);
  if (!options) return options.error();
  return std::unique_ptr<Converter>(std::make_unique<JsonConverter>(*options));
}

}  // namespace ksink
