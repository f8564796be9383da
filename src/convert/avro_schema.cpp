#include "convert/avro_schema.h"

#include <avro.h>
#include <simdjson.h>

#include <mutex>
#include <unordered_map>

namespace ksink::avro {

namespace dom = simdjson::dom;

namespace {

// Avro C keeps its last error message in a buffer that is not per thread in every build, and the
// schemas of the registry server and of several tasks may be parsed at once.
std::mutex& avro_c_mutex() {
  static std::mutex m;
  return m;
}

struct AvroSchemaRef {
  avro_schema_t s = nullptr;
  ~AvroSchemaRef() {
    if (s) avro_schema_decref(s);
  }
};

// Digits of the largest unscaled value a fixed of `size` bytes holds: floor(log10(2^(8n-1) - 1)).
int32_t max_decimal_digits(int64_t size) {
  if (size <= 0) return 0;
  if (size > 1000) return INT32_MAX;  // far beyond any precision anyone writes
  double bits = 8.0 * static_cast<double>(size) - 1.0;
  return static_cast<int32_t>(bits * 0.30102999566398119521);  // log10(2)
}

bool json_int(dom::object o, const char* key, int64_t& out) {
  return !o.at_key(key).get_int64().get(out);
}

}  // namespace

class SchemaBuilder {
 public:
  explicit SchemaBuilder(Schema& schema) : schema_(schema) {}

  const Node* compile(avro_schema_t s, const dom::element* json) {
    if (is_avro_link(s)) {
      s = avro_schema_link_target(s);
      json = nullptr;  // a reference by name carries no attributes of its own
    }
    if (auto it = named_.find(s); it != named_.end()) return it->second;
    Node& n = add();
    dom::object attrs;
    bool has_attrs = json && !json->get_object().get(attrs);
    switch (avro_typeof(s)) {
      case AVRO_NULL:
        n.type = Type::Null;
        break;
      case AVRO_BOOLEAN:
        n.type = Type::Boolean;
        break;
      case AVRO_INT32:
        n.type = Type::Int;
        break;
      case AVRO_INT64:
        n.type = Type::Long;
        break;
      case AVRO_FLOAT:
        n.type = Type::Float;
        break;
      case AVRO_DOUBLE:
        n.type = Type::Double;
        break;
      case AVRO_BYTES:
        n.type = Type::Bytes;
        break;
      case AVRO_STRING:
        n.type = Type::String;
        break;
      case AVRO_FIXED:
        n.type = Type::Fixed;
        n.name = full_name(s);
        n.size = avro_schema_fixed_size(s);
        named_[s] = &n;
        break;
      case AVRO_ENUM: {
        n.type = Type::Enum;
        n.name = full_name(s);
        named_[s] = &n;
        int count = avro_schema_enum_number_of_symbols(s);
        for (int i = 0; i < count; ++i) n.names.emplace_back(avro_schema_enum_get(s, i));
        break;
      }
      case AVRO_RECORD: {
        n.type = Type::Record;
        n.name = full_name(s);
        named_[s] = &n;  // before the fields: they may refer back to this record
        dom::array fields_json;
        bool has_fields = has_attrs && !attrs.at_key("fields").get_array().get(fields_json);
        size_t count = avro_schema_record_size(s);
        for (size_t i = 0; i < count; ++i) {
          const int idx = static_cast<int>(i);
          dom::element field_json, type_json, default_json;
          bool has_field = has_fields && !fields_json.at(i).get(field_json);
          bool has_type = has_field && !field_json.at_key("type").get(type_json);
          n.names.emplace_back(avro_schema_record_field_name(s, idx));
          n.children.push_back(compile(avro_schema_record_field_get_by_index(s, idx),
                                       has_type ? &type_json : nullptr));
          if (has_field && !field_json.at_key("default").get(default_json))
            n.defaults.emplace_back(simdjson::minify(default_json));
          else
            n.defaults.emplace_back();
        }
        break;
      }
      case AVRO_ARRAY: {
        n.type = Type::Array;
        dom::element items;
        bool has = has_attrs && !attrs.at_key("items").get(items);
        n.children.push_back(compile(avro_schema_array_items(s), has ? &items : nullptr));
        break;
      }
      case AVRO_MAP: {
        n.type = Type::Map;
        dom::element values;
        bool has = has_attrs && !attrs.at_key("values").get(values);
        n.children.push_back(compile(avro_schema_map_values(s), has ? &values : nullptr));
        break;
      }
      case AVRO_UNION: {
        n.type = Type::Union;
        dom::array branches_json;
        bool has = json && !json->get_array().get(branches_json);
        size_t count = avro_schema_union_size(s);
        for (size_t i = 0; i < count; ++i) {
          dom::element branch_json;
          bool has_branch = has && !branches_json.at(i).get(branch_json);
          n.children.push_back(compile(avro_schema_union_branch(s, static_cast<int>(i)),
                                       has_branch ? &branch_json : nullptr));
        }
        break;
      }
      case AVRO_LINK:
        break;  // resolved above
    }
    if (has_attrs) logical_type(attrs, n);
    return &n;
  }

 private:
  Node& add() {
    schema_.nodes_.push_back(std::make_unique<Node>());
    return *schema_.nodes_.back();
  }

  static std::string full_name(avro_schema_t s) {
    const char* ns = avro_schema_namespace(s);
    std::string name = ns && *ns ? std::string(ns) + "." : std::string();
    name += avro_schema_name(s);
    return name;
  }

  static void logical_type(dom::object attrs, Node& n) {
    std::string_view lt;
    if (attrs.at_key("logicalType").get_string().get(lt)) return;
    auto on = [&](Type t, Logical l) {
      if (n.type == t) n.logical = l;
    };
    if (lt == "decimal") {
      if (n.type != Type::Bytes && n.type != Type::Fixed) return;
      int64_t precision = 0, scale = 0;
      if (!json_int(attrs, "precision", precision) || precision < 1 || precision > INT32_MAX)
        return;
      if (attrs.at_key("scale").error() != simdjson::NO_SUCH_FIELD &&
          !json_int(attrs, "scale", scale))
        return;
      if (scale < 0 || scale > precision) return;
      if (n.type == Type::Fixed && precision > max_decimal_digits(n.size)) return;
      n.logical = Logical::Decimal;
      n.precision = static_cast<int32_t>(precision);
      n.scale = static_cast<int32_t>(scale);
    } else if (lt == "date") {
      on(Type::Int, Logical::Date);
    } else if (lt == "time-millis") {
      on(Type::Int, Logical::TimeMillis);
    } else if (lt == "time-micros") {
      on(Type::Long, Logical::TimeMicros);
    } else if (lt == "timestamp-millis") {
      on(Type::Long, Logical::TimestampMillis);
    } else if (lt == "timestamp-micros") {
      on(Type::Long, Logical::TimestampMicros);
    } else if (lt == "uuid") {
      on(Type::String, Logical::Uuid);
    }
  }

  Schema& schema_;
  std::unordered_map<avro_schema_t, Node*> named_;
};

Result<std::shared_ptr<const Schema>> parse_avro_schema(std::string_view json) {
  auto schema = std::make_shared<Schema>();
  schema->text_.assign(json);
  dom::parser parser;
  dom::element root;
  if (auto err = parser.parse(schema->text_).get(root))
    return Error{std::string("the schema is not valid JSON: ") + simdjson::error_message(err)};

  std::lock_guard lock(avro_c_mutex());
  AvroSchemaRef parsed;
  if (avro_schema_from_json_length(schema->text_.data(), schema->text_.size(), &parsed.s) != 0 ||
      !parsed.s) {
    std::string reason = avro_strerror();
    return Error{"the schema is not a valid Avro schema: " +
                 (reason.empty() ? std::string("rejected by Avro C") : reason)};
  }
  SchemaBuilder builder(*schema);
  builder.compile(parsed.s, &root);
  return std::shared_ptr<const Schema>(std::move(schema));
}

std::string_view type_name(Type t) {
  switch (t) {
    case Type::Null:
      return "null";
    case Type::Boolean:
      return "boolean";
    case Type::Int:
      return "int";
    case Type::Long:
      return "long";
    case Type::Float:
      return "float";
    case Type::Double:
      return "double";
    case Type::Bytes:
      return "bytes";
    case Type::String:
      return "string";
    case Type::Record:
      return "record";
    case Type::Enum:
      return "enum";
    case Type::Fixed:
      return "fixed";
    case Type::Array:
      return "array";
    case Type::Map:
      return "map";
    case Type::Union:
      return "union";
  }
  return "unknown";
}

std::string_view branch_name(const Node& n) {
  if (n.type == Type::Record || n.type == Type::Enum || n.type == Type::Fixed) return n.name;
  return type_name(n.type);
}

std::string describe(const Node& n) {
  std::string out;
  switch (n.logical) {
    case Logical::Decimal:
      out = "decimal(" + std::to_string(n.precision) + "," + std::to_string(n.scale) + ") ";
      break;
    case Logical::Date:
      out = "date ";
      break;
    case Logical::TimeMillis:
      out = "time-millis ";
      break;
    case Logical::TimeMicros:
      out = "time-micros ";
      break;
    case Logical::TimestampMillis:
      out = "timestamp-millis ";
      break;
    case Logical::TimestampMicros:
      out = "timestamp-micros ";
      break;
    case Logical::Uuid:
      out = "uuid ";
      break;
    case Logical::None:
      break;
  }
  out += type_name(n.type);
  if (!n.name.empty()) {
    out += ' ';
    out += n.name;
  }
  if (n.type == Type::Fixed) out += "(" + std::to_string(n.size) + ")";
  return out;
}

}  // namespace ksink::avro
