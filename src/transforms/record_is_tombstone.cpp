// org.apache.kafka.connect.transforms.predicates.RecordIsTombstone: true for records whose value is
// null, Kafka's tombstones (RecordIsTombstone.java).
#include "transforms/registry.h"

namespace ksink::transforms {

namespace {

class RecordIsTombstone final : public Predicate {
 public:
  bool test(const Record& record) const override { return record.value.is_null(); }
};

}  // namespace

std::unique_ptr<Predicate> make_record_is_tombstone(TransformSettings&) {
  return std::make_unique<RecordIsTombstone>();
}

}  // namespace ksink::transforms
