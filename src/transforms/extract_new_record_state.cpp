// io.debezium.transforms.ExtractNewRecordState: unwraps a Debezium change event to the row it
// carries (`after`, or `before` for a rewritten delete), drops or rewrites deletes and
// tombstones, adds envelope metadata (`op`, `source.ts_ms`, ...) as fields or headers, and may
// route by a column. Follows Debezium's debezium-core/src/main/java/io/debezium/transforms/
// ExtractNewRecordState.java, AbstractExtractNewRecordState.java (FieldReference),
// ExtractNewRecordStateConfigDefinition.java and extractnewstate/*Strategy.java (3.x, which
// also keeps 2.x's deprecated drop.tombstones and delete.handling.mode).
//
// Debezium recognises a change event by its value schema's name (`*.Envelope`). ksink carries
// no schema, so an event is recognised by its shape: an object with a string `op` and a
// `before` or `after` field (the JsonConverter writes every envelope field, null or not).
// Anything else (heartbeats, schema change events, transaction metadata, plain records) passes
// unchanged, as Debezium passes records whose schema is not an Envelope.
#include <optional>

#include "config/value_check.h"
#include "transforms/registry.h"

namespace ksink::transforms {

namespace {

// What happens to tombstones, delete events, and creates/updates, once the configuration (new
// or deprecated keys) is read.
enum class DeleteAction { Drop, Null, Rewrite };

struct Handling {
  bool keep_tombstones = false;
  DeleteAction deletes = DeleteAction::Null;
  bool rewrite = false;  // `__deleted` on every unwrapped row ("true" on deletes)
};

constexpr std::string_view kDeletedField = "__deleted";  // DELETED_FIELD
constexpr std::string_view kPurpose = "source field insertion";

Value* find_field(Object& o, std::string_view name) {
  for (auto& [k, v] : o)
    if (k == name) return &v;
  return nullptr;
}
const Value* find_field(const Object& o, std::string_view name) {
  for (const auto& [k, v] : o)
    if (k == name) return &v;
  return nullptr;
}

// java.lang.String.split: trailing empty strings are removed, leading ones kept.
std::vector<std::string> java_split(std::string_view s, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    size_t at = s.find(sep, start);
    out.emplace_back(s.substr(start, at == std::string_view::npos ? at : at - start));
    if (at == std::string_view::npos) break;
    start = at + 1;
  }
  while (!out.empty() && out.back().empty()) out.pop_back();
  if (out.empty() && s.empty()) out.emplace_back();  // "".split(x) is [""]
  return out;
}

using config_detail::trim;  // Java's String.trim, as Debezium's config reads values

// One entry of add.fields / add.headers (Debezium's FieldReference): `field`,
// `struct.field`, optionally `:newName`.
struct FieldRef {
  std::optional<std::string> parent;  // "source", "transaction", ...; none for op/ts_*
  std::string field;
  std::string new_name;  // prefix + (field | struct_field | newName)
};

// Where an unqualified name lives in the envelope (FieldReference.determineStruct).
std::optional<std::string> struct_of(const std::string& field) {
  if (field == "id" || field == "total_order" || field == "data_collection_order")
    return "transaction";
  if (field == "op" || field == "ts_ms" || field == "ts_us" || field == "ts_ns") return {};
  if (field == "updateDescription") return "updateDescription";  // MongoDB's
  return "source";
}

// Debezium throws IllegalArgumentException("Unexpected field name: ...") from configure().
bool parse_refs(TransformSettings& s, std::string_view key, const std::string& prefix,
                std::vector<FieldRef>& out) {
  auto raw = s.raw(key);
  if (!raw || raw->empty()) return true;
  for (const std::string& item : java_split(*raw, ',')) {
    std::string entry(trim(item));
    std::vector<std::string> parts = java_split(entry, ':');
    std::vector<std::string> splits =
        parts.empty() ? std::vector<std::string>{} : java_split(parts[0], '.');
    // More than one ':' is Debezium's error; an entry of only separators (":", ".") has no
    // name at all and fails there with an index out of bounds.
    if (parts.size() > 2 || splits.empty()) {
      s.invalid(key, *raw, "Unexpected field name: " + entry);
      return false;
    }
    FieldRef r;
    r.field = splits.size() == 1 ? splits[0] : splits[1];
    r.parent = splits.size() == 1 ? struct_of(r.field) : std::optional<std::string>(splits[0]);
    if (parts.size() == 2)
      r.new_name = prefix + parts[1];
    else
      r.new_name = prefix + (splits.size() == 1 ? r.field : *r.parent + "_" + r.field);
    out.push_back(std::move(r));
  }
  return true;
}

// The value a reference names in the envelope, or nullopt when Debezium would find no field
// in the envelope's schema (the field is then neither added nor put in a header). Debezium
// looks in the named struct first and then in the envelope itself (a field another SMT added,
// like ExtractChangedRecordState's `changes`).
std::optional<Value> resolve(const Object& env, const FieldRef& r) {
  if (!r.parent) {
    if (const Value* v = find_field(env, r.field)) return *v;
    return std::nullopt;
  }
  const Value* parent = find_field(env, *r.parent);
  if (parent && parent->is_object()) {
    if (const Value* v = parent->find(r.field)) return *v;
    if (const Value* v = find_field(env, r.field)) return *v;
    return std::nullopt;
  }
  // A null struct (`transaction` outside a transaction, during a snapshot): Connect's schema
  // still declares its fields, so the field is added, null. ksink cannot see which fields the
  // struct's schema declares, so every field of a null struct counts as declared.
  if (parent && parent->is_null()) return Value();
  // No such struct at all: Debezium would fail on the missing schema field; ksink falls back
  // to the envelope's own field, like it does for a field the struct lacks.
  if (const Value* v = find_field(env, r.field)) return *v;
  return std::nullopt;
}

bool is_envelope(const Value& v) {
  if (!v.is_object()) return false;
  const Value* op = v.find("op");
  return op && op->kind() == Kind::String && (v.find("after") || v.find("before"));
}

// Connect's SchemaBuilder refuses a second field of the same name (a SchemaBuilderException,
// a DataException): InsertField's `__deleted` and every added field go through it.
void append_field(Object& row, std::string_view name, Value v) {
  if (find_field(row, name))
    throw DataError("Cannot create field because of field name duplication " + std::string(name));
  row.emplace_back(std::string(name), std::move(v));
}

class ExtractNewRecordState final : public Transformation {
 public:
  ExtractNewRecordState(Handling h, std::vector<FieldRef> fields, std::vector<FieldRef> headers,
                        std::string route_by_field)
      : h_(h),
        fields_(std::move(fields)),
        headers_(std::move(headers)),
        route_by_field_(std::move(route_by_field)) {}

  bool routes() const override { return !route_by_field_.empty(); }

  bool apply(Record& r) const override {
    if (r.value.is_null()) {
      if (!h_.keep_tombstones) return false;
      // A kept tombstone gets only the operation, as "d" (makeHeaders with a null value).
      for (const auto& ref : headers_)
        if (ref.field == "op") r.headers.push_back({ref.new_name, std::string("d")});
      return true;
    }
    if (!is_envelope(r.value)) return true;

    Object& env = r.value.as_object();
    for (const auto& ref : headers_) {
      std::optional<Value> v = resolve(env, ref);
      if (!v) continue;
      std::optional<std::string> text;
      if (!v->is_null()) text = to_text(*v);
      r.headers.push_back({ref.new_name, std::move(text)});
    }

    Value* after = find_field(env, "after");
    Value* before = find_field(env, "before");
    const bool no_after = !after || after->is_null();
    const bool no_before = !before || before->is_null();
    if (no_after && no_before) return false;  // a truncate event ('t'): always dropped

    if (no_after) {  // a delete
      if (h_.deletes == DeleteAction::Drop) return false;
      std::string topic = route_topic(*before, "DELETE");
      if (h_.deletes == DeleteAction::Null) {
        // The value becomes null: a Redis sink deletes the key. (Debezium keeps the value
        // schema, which a JDBC sink reads as a flattened delete; without schemas the two
        // tombstone modes are the same.)
        r.value = Value();
      } else {
        Object extra = added_fields(env);
        Value row = std::move(*before);
        // MongoDB's `before` is a string: Debezium adds `__deleted` to structs only.
        if (row.is_object()) append_field(row.as_object(), kDeletedField, Value("true"));
        append_all(row, std::move(extra));
        r.value = std::move(row);
      }
      if (!topic.empty()) r.topic = std::move(topic);
      return true;
    }

    std::string topic = route_topic(*after, "CREATE / UPDATE");
    Object extra = added_fields(env);
    Value row = std::move(*after);
    if (h_.rewrite && row.is_object()) append_field(row.as_object(), kDeletedField, Value("false"));
    append_all(row, std::move(extra));
    r.value = std::move(row);
    if (!topic.empty()) r.topic = std::move(topic);
    return true;
  }

 private:
  // route.by.field: the row's field names the new topic; a null or blank one keeps the topic
  // (AbstractExtractNewRecordState.setTopic). Struct.getString's errors for the rest.
  std::string route_topic(const Value& row, std::string_view what) const {
    if (route_by_field_.empty()) return {};
    if (!row.is_object())
      throw DataError("Only Struct objects supported for [Read record to set topic routing for " +
                      std::string(what) + "], found: " + std::string(java_class_name(row)));
    const Value* v = row.find(route_by_field_);
    if (!v) throw DataError(route_by_field_ + " is not a valid field name");
    if (v->is_null()) return {};
    if (v->kind() != Kind::String)
      throw DataError("Field '" + route_by_field_ + "' is not of type STRING");
    const std::string& s = v->as_string();
    return trim(s).empty() ? std::string() : s;
  }

  // add.fields, taken from the envelope before the row is moved out of it.
  Object added_fields(const Object& env) const {
    Object out;
    for (const auto& ref : fields_)
      if (std::optional<Value> v = resolve(env, ref)) out.emplace_back(ref.new_name, std::move(*v));
    return out;
  }

  void append_all(Value& row, Object extra) const {
    if (fields_.empty()) return;
    if (!row.is_object())
      throw DataError("Only Struct objects supported for [" + std::string(kPurpose) +
                      "], found: " + std::string(java_class_name(row)));
    for (auto& [name, v] : extra) append_field(row.as_object(), name, std::move(v));
  }

  Handling h_;
  std::vector<FieldRef> fields_;
  std::vector<FieldRef> headers_;
  std::string route_by_field_;
};

bool blank(const std::optional<std::string>& v) { return !v || trim(*v).empty(); }

}  // namespace

std::unique_ptr<Transformation> make_extract_new_record_state(TransformSettings& s, Part) {
  Handling h;
  // The deprecated keys (2.x; gone in 3.2) are checked whenever given, and used only when
  // delete.tombstone.handling.mode is not (AbstractExtractNewRecordState.configure).
  const bool drop_tombstones = s.boolean("drop.tombstones", true);
  const std::string deletes = s.choice("delete.handling.mode", "drop", {"drop", "rewrite", "none"});
  const bool legacy = s.has("drop.tombstones") || s.has("delete.handling.mode");
  if (blank(s.raw("delete.tombstone.handling.mode")) && legacy) {
    h.keep_tombstones = !drop_tombstones;
    h.deletes = deletes == "drop"      ? DeleteAction::Drop
                : deletes == "rewrite" ? DeleteAction::Rewrite
                                       : DeleteAction::Null;
    h.rewrite = h.deletes == DeleteAction::Rewrite;
  } else {
    // Debezium 3.x's default is `tombstone` (2.5-3.1 fell back to the deprecated keys'
    // defaults, dropping deletes; ksink follows the newest).
    const std::string mode = blank(s.raw("delete.tombstone.handling.mode"))
                                 ? std::string("tombstone")
                                 : s.choice("delete.tombstone.handling.mode", "tombstone",
                                            {"drop", "tombstone", "rewrite",
                                             "rewrite-with-tombstone", "delete-to-tombstone"});
    h.keep_tombstones = mode == "rewrite-with-tombstone";
    h.deletes = mode == "drop"                                          ? DeleteAction::Drop
                : mode == "rewrite" || mode == "rewrite-with-tombstone" ? DeleteAction::Rewrite
                                                                        : DeleteAction::Null;
    h.rewrite = h.deletes == DeleteAction::Rewrite;
  }

  // Debezium reads these with Configuration.getString: untrimmed, an empty prefix allowed.
  const std::string field_prefix = s.raw("add.fields.prefix").value_or("__");
  const std::string header_prefix = s.raw("add.headers.prefix").value_or("__");
  std::vector<FieldRef> fields, headers;
  parse_refs(s, "add.fields", field_prefix, fields);
  parse_refs(s, "add.headers", header_prefix, headers);
  std::string route = s.raw("route.by.field").value_or("");

  // Dropping the fields a header lists removes, by default, only those the schema marks
  // optional (drop.fields.keep.schema.compatible), and reads the header as a Connect array:
  // neither exists in ksink's records, so the feature is refused rather than half done. Its
  // two companion keys do nothing without it, as in Debezium.
  if (auto name = s.raw("drop.fields.header.name"); !blank(name))
    s.invalid("drop.fields.header.name", *name,
              "ksink does not support dropping the fields a header names (Debezium drops only "
              "the fields the record's schema marks optional; ksink's records carry no schema)");
  s.boolean("drop.fields.from.key", false);
  s.boolean("drop.fields.keep.schema.compatible", true);
  // Null columns replaced by their schema default when a field is inserted: the
  // JsonConverter already put defaults in (its own replace.null.with.default), and ksink
  // inserts no schema, so only the value is checked.
  s.boolean("replace.null.with.default", true);

  return std::make_unique<ExtractNewRecordState>(h, std::move(fields), std::move(headers),
                                                 std::move(route));
}

}  // namespace ksink::transforms
