// org.apache.kafka.connect.transforms.InsertHeader: adds the header `header` with the value
// `value.literal` to every record, after the record's own headers, even when one of that name
// exists (InsertHeader.java).
//
// Connect parses the literal into a typed value (Values.parseString: "42" becomes an int8) that the
// sink reads back as text; ksink's headers carry text, so the header is the literal as written.
#include "transforms/registry.h"

namespace ksink::transforms {

namespace {

class InsertHeader final : public Transformation {
 public:
  InsertHeader(std::string name, std::string value)
      : name_(std::move(name)), value_(std::move(value)) {}

  bool apply(Record& record) const override {
    record.headers.push_back({name_, value_});
    return true;
  }

 private:
  std::string name_;
  std::string value_;
};

}  // namespace

std::unique_ptr<Transformation> make_insert_header(TransformSettings& s, Part) {
  std::string name = s.string("header");
  std::string value = s.string("value.literal");
  if (!s.ok()) return nullptr;
  return std::make_unique<InsertHeader>(std::move(name), std::move(value));
}

}  // namespace ksink::transforms
