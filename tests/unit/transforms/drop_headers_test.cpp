// DropHeaders, following Kafka's DropHeadersTest
// (connect/transforms/src/test/java/org/apache/kafka/connect/transforms/DropHeadersTest.java).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "unit/transforms/harness.h"

namespace ksink::transforms::testing {
namespace {

using ::testing::ElementsAre;
using V = TransformChain::Verdict;
constexpr const char* kDropHeaders = "org.apache.kafka.connect.transforms.DropHeaders";

std::vector<std::string> keys_after(const ConfigMap& config, std::vector<Header> headers) {
  auto chain = build_chain(config);
  if (!chain) return {"<no chain>"};
  Record r = record("key", "value");
  r.headers = std::move(headers);
  auto a = apply(*chain, r);
  EXPECT_EQ(a.verdict, V::Keep);
  EXPECT_EQ(a.record.key, Value("key"));
  EXPECT_EQ(a.record.value, Value("value"));
  std::vector<std::string> out;
  for (const auto& h : a.record.headers) out.push_back(h.key + "=" + h.value.value_or("<null>"));
  return out;
}

TEST(DropHeaders, DropsAsKafka) {
  auto drop = [](const char* names) { return one_transform(kDropHeaders, {{"headers", names}}); };
  // dropExistingHeader
  EXPECT_THAT(keys_after(drop("AAA"), {{"AAA", "v"}}), ElementsAre());
  // dropExistingHeaderWithMultipleValues / dropOneHeaderOutOfTwo
  EXPECT_THAT(keys_after(drop("BBB"), {{"AAA", "v"}, {"BBB", "v"}}), ElementsAre("AAA=v"));
  // dropNonExistingHeader
  EXPECT_THAT(keys_after(drop("AAA"), {{"BBB", "v"}, {"CCC", "v"}}), ElementsAre("BBB=v", "CCC=v"));
  EXPECT_THAT(keys_after(drop("AAA"), {}), ElementsAre());
  // dropSeveralHeaders
  EXPECT_THAT(
      keys_after(
          drop("AAA,BBB"),
          {{"AAA", "1"}, {"BBB", "2"}, {"AAA", "3"}, {"CCC", "4"}, {"DDD", "5"}, {"DDD", "6"}}),
      ElementsAre("CCC=4", "DDD=5", "DDD=6"));
  // Names are matched exactly.
  EXPECT_THAT(keys_after(drop("aaa"), {{"AAA", "v"}}), ElementsAre("AAA=v"));
}

TEST(DropHeaders, ConfigErrors) {
  EXPECT_THAT(problems_of(one_transform(kDropHeaders)),
              ElementsAre("transforms.t.headers: Missing required configuration "
                          "\"transforms.t.headers\" which has no default value."));
  EXPECT_THAT(problems_of(one_transform(kDropHeaders, {{"headers", " "}})),
              ElementsAre("transforms.t.headers: Invalid value [] for configuration "
                          "transforms.t.headers: Empty list"));
}

}  // namespace
}  // namespace ksink::transforms::testing
