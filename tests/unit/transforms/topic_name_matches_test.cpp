// TopicNameMatches, following Kafka's TopicNameMatchesTest (connect/transforms/src/test/java/
// org/apache/kafka/connect/transforms/predicates/TopicNameMatchesTest.java).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "unit/transforms/harness.h"

namespace ksink::transforms::testing {
namespace {

using ::testing::ElementsAre;
using V = TransformChain::Verdict;
constexpr const char* kPredicates = "org.apache.kafka.connect.transforms.predicates.";

// A Filter guarded by the predicate: the record is dropped exactly when the predicate holds.
ConfigMap filtered_by(const std::string& predicate, const ConfigMap& settings = {}) {
  ConfigMap c = one_transform("org.apache.kafka.connect.transforms.Filter", {{"predicate", "p"}});
  c["predicates"] = "p";
  c["predicates.p.type"] = kPredicates + predicate;
  for (const auto& [k, v] : settings) c["predicates.p." + k] = v;
  return c;
}

bool holds(const TransformChain& chain, Record r) {
  return apply(chain, std::move(r)).verdict == V::Drop;
}

TEST(TopicNameMatches, TestsAsKafka) {
  // testTest
  auto chain = build_chain(filtered_by("TopicNameMatches", {{"pattern", "my-prefix-.*"}}));
  ASSERT_TRUE(chain);
  auto topic = [](const char* t) { return record(Value(), "v", t); };
  EXPECT_TRUE(holds(*chain, topic("my-prefix-")));
  EXPECT_TRUE(holds(*chain, topic("my-prefix-foo")));
  EXPECT_FALSE(holds(*chain, topic("x-my-prefix-")));
  EXPECT_FALSE(holds(*chain, topic("x-my-prefix-foo")));
  EXPECT_FALSE(holds(*chain, topic("your-prefix-")));
  EXPECT_FALSE(holds(*chain, topic("your-prefix-foo")));
}

TEST(TopicNameMatches, ConfigErrors) {
  // testConfig: "*" is not a regular expression.
  auto p = problems_of(filtered_by("TopicNameMatches", {{"pattern", "*"}}));
  ASSERT_EQ(p.size(), 1u);
  EXPECT_THAT(p[0], ::testing::StartsWith("predicates.p.pattern: Invalid value * for configuration "
                                          "predicates.p.pattern: Invalid regex: "));
  EXPECT_THAT(problems_of(filtered_by("TopicNameMatches", {{"pattern", ""}})),
              ElementsAre("predicates.p.pattern: Invalid value  for configuration "
                          "predicates.p.pattern: String must be non-empty"));
  EXPECT_THAT(problems_of(filtered_by("TopicNameMatches")),
              ElementsAre("predicates.p.pattern: Missing required configuration "
                          "\"predicates.p.pattern\" which has no default value."));
}

}  // namespace
}  // namespace ksink::transforms::testing
