// TimestampRouter, following Kafka's TimestampRouterTest
// (connect/transforms/src/test/java/org/apache/kafka/connect/transforms/TimestampRouterTest.java).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "unit/transforms/harness.h"

namespace ksink::transforms::testing {
namespace {

using ::testing::ElementsAre;
using V = TransformChain::Verdict;
constexpr const char* kTimestampRouter = "org.apache.kafka.connect.transforms.TimestampRouter";

TEST(TimestampRouter, DefaultConfiguration) {
  auto chain = build_chain(one_transform(kTimestampRouter));
  ASSERT_TRUE(chain);
  EXPECT_TRUE(chain->routes());
  auto a = apply(*chain, record(Value(), Value(), "test", 0, 0, 1483425001864));
  EXPECT_EQ(a.verdict, V::Keep);
  EXPECT_EQ(a.record.topic, "test-20170103");
}

TEST(TimestampRouter, OwnFormats) {
  auto chain = build_chain(
      one_transform(kTimestampRouter, {{"topic.format", "${timestamp}/${topic}/${topic}"},
                                       {"timestamp.format", "yyyy-MM-dd'T'HH"}}));
  ASSERT_TRUE(chain);
  auto a = apply(*chain, record(Value(), Value(), "orders", 0, 0, 1483425001864));
  EXPECT_EQ(a.record.topic, "2017-01-03T06/orders/orders");
}

TEST(TimestampRouter, RecordWithoutTimestamp) {
  auto chain = build_chain(one_transform(kTimestampRouter));
  ASSERT_TRUE(chain);
  auto a = apply(*chain, record(Value(), Value(), "test", 2, 7, -1));
  EXPECT_EQ(a.verdict, V::Fail);
  EXPECT_EQ(a.error, "Timestamp missing on record: topic 'test' partition 2 offset 7");
}

TEST(TimestampRouter, BadTimestampFormatNamesTheKey) {
  EXPECT_THAT(problems_of(one_transform(kTimestampRouter, {{"timestamp.format", "yyyyqq"}})),
              ElementsAre("transforms.t.timestamp.format: Invalid value yyyyqq for configuration "
                          "transforms.t.timestamp.format: Illegal pattern character 'q'"));
}

}  // namespace
}  // namespace ksink::transforms::testing
