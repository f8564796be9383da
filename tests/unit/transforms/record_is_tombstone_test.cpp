// RecordIsTombstone, following Kafka's RecordIsTombstoneTest (connect/transforms/src/test/java/
// org/apache/kafka/connect/transforms/predicates/RecordIsTombstoneTest.java).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "unit/transforms/harness.h"

namespace ksink::transforms::testing {
namespace {

using V = TransformChain::Verdict;

// A Filter guarded by the predicate: the record is dropped exactly when the predicate holds.
const ConfigMap kFilteredByTombstones = {
    {"transforms", "t"},
    {"transforms.t.type", "org.apache.kafka.connect.transforms.Filter"},
    {"transforms.t.predicate", "p"},
    {"predicates", "p"},
    {"predicates.p.type", "org.apache.kafka.connect.transforms.predicates.RecordIsTombstone"},
};

bool holds(const TransformChain& chain, Record r) {
  return apply(chain, std::move(r)).verdict == V::Drop;
}

TEST(RecordIsTombstone, TestsAsKafka) {
  auto chain = build_chain(kFilteredByTombstones);
  ASSERT_TRUE(chain);
  EXPECT_TRUE(holds(*chain, record("key", Value())));
  EXPECT_FALSE(holds(*chain, record("key", "value")));
  EXPECT_FALSE(holds(*chain, record(Value(), Object{})));
}

}  // namespace
}  // namespace ksink::transforms::testing
