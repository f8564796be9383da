// org.apache.kafka.connect.transforms.HeaderFrom$Key / $Value: copies (or moves) the fields
// `fields` of the key/value into the headers `headers`, pairing them in order; each header is
// added after the record's own, even when one of that name exists (HeaderFrom.java).
//
// Connect's header holds the field's value with its schema; ksink's headers carry text or bytes,
// so the header is the field's text: a string as it is, bytes as they are, any other value as
// ksink writes it in JSON (core/value.h to_text), and a null or missing field a null header.
#include <algorithm>

#include "transforms/registry.h"

namespace ksink::transforms {

namespace {

std::optional<std::string> header_text(const Value* v) {
  if (v == nullptr || v->is_null()) return std::nullopt;
  if (v->kind() == Kind::Bytes) return v->as_bytes().data;
  return to_text(*v);
}

class HeaderFrom final : public Transformation {
 public:
  HeaderFrom(Part part, std::vector<std::string> fields, std::vector<std::string> headers,
             bool move)
      : part_(part), fields_(std::move(fields)), headers_(std::move(headers)), move_(move) {}

  bool apply(Record& record) const override {
    Value& v = part_of(record, part_);
    Object& object = require_object(v, move_ ? "header move" : "header copy");
    // Every header reads the value as it came (two headers may take the same moved field).
    for (size_t i = 0; i < fields_.size(); ++i)
      record.headers.push_back({headers_[i], header_text(v.find(fields_[i]))});
    if (move_) {
      std::erase_if(object, [this](const Field& f) {
        return std::find(fields_.begin(), fields_.end(), f.first) != fields_.end();
      });
    }
    return true;
  }

 private:
  Part part_;
  std::vector<std::string> fields_;
  std::vector<std::string> headers_;
  bool move_;
};

}  // namespace

std::unique_ptr<Transformation> make_header_from(TransformSettings& s, Part part) {
  const bool has_fields = s.has("fields"), has_headers = s.has("headers");
  auto fields = s.list("fields");
  auto headers = s.list("headers");
  const bool has_operation = s.has("operation");
  const std::string operation = s.string("operation");
  // Kafka 3.8's option for Struct fields' defaults; schemaless values have none.
  s.boolean("replace.null.with.default", true);
  // Kafka's NonEmptyListValidator on both lists, ValidString on the operation.
  if (has_fields && fields.empty()) s.invalid("fields", "[]", "Empty list");
  if (has_headers && headers.empty()) s.invalid("headers", "[]", "Empty list");
  if (has_operation && operation != "move" && operation != "copy")
    s.invalid("operation", operation, "String must be one of: move, copy");
  if (s.ok() && headers.size() != fields.size())
    s.problem("headers",
              "'fields' config must have the same number of elements as 'headers' config.");
  if (!s.ok()) return nullptr;
  return std::make_unique<HeaderFrom>(part, std::move(fields), std::move(headers),
                                      operation == "move");
}

}  // namespace ksink::transforms
