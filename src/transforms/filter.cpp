// org.apache.kafka.connect.transforms.Filter: drops every record it is applied to; used with a
// predicate (`transforms.f.predicate=isTombstone`) to drop only some (Filter.java).
#include "transforms/registry.h"

namespace ksink::transforms {

namespace {
class Filter final : public Transformation {
 public:
  bool apply(Record&) const override { return false; }
};
}  // namespace

std::unique_ptr<Transformation> make_filter(TransformSettings&, Part) {
  return std::make_unique<Filter>();
}

}  // namespace ksink::transforms
