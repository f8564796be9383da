// HasHeaderKey, following Kafka's HasHeaderKeyTest
// (connect/transforms/src/test/java/org/apache/kafka/connect/transforms/predicates/HasHeaderKeyTest.java).
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

Record with_headers(std::vector<std::string> keys) {
  Record r = record(Value(), "v");
  for (auto& k : keys) r.headers.push_back({k, "x"});
  return r;
}

TEST(HasHeaderKey, TestsAsKafka) {
  // testTest
  auto chain = build_chain(filtered_by("HasHeaderKey", {{"name", "foo"}}));
  ASSERT_TRUE(chain);
  EXPECT_TRUE(holds(*chain, with_headers({"foo"})));
  EXPECT_TRUE(holds(*chain, with_headers({"foo", "bar"})));
  EXPECT_TRUE(holds(*chain, with_headers({"bar", "foo", "bar", "foo"})));
  EXPECT_FALSE(holds(*chain, with_headers({"bar"})));
  EXPECT_FALSE(holds(*chain, with_headers({"bar", "bar"})));
  EXPECT_FALSE(holds(*chain, with_headers({})));
}

TEST(HasHeaderKey, ConfigErrors) {
  // testNameRequiredInConfig, testNameMayNotBeEmptyInConfig
  EXPECT_THAT(problems_of(filtered_by("HasHeaderKey")),
              ElementsAre("predicates.p.name: Missing required configuration \"predicates.p.name\" "
                          "which has no default value."));
  EXPECT_THAT(problems_of(filtered_by("HasHeaderKey", {{"name", ""}})),
              ElementsAre("predicates.p.name: Invalid value  for configuration predicates.p.name: "
                          "String must be non-empty"));
}

}  // namespace
}  // namespace ksink::transforms::testing
