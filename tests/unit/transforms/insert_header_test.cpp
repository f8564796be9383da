// InsertHeader, following Kafka's InsertHeaderTest
// (connect/transforms/src/test/java/org/apache/kafka/connect/transforms/InsertHeaderTest.java).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "unit/transforms/harness.h"

namespace ksink::transforms::testing {
namespace {

using ::testing::ElementsAre;
using V = TransformChain::Verdict;
constexpr const char* kInsertHeader = "org.apache.kafka.connect.transforms.InsertHeader";

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

TEST(InsertHeader, InsertsAsKafka) {
  auto insert = [](const char* h, const char* v) {
    return one_transform(kInsertHeader, {{"header", h}, {"value.literal", v}});
  };
  // insertionWithExistingOtherHeader
  EXPECT_THAT(keys_after(insert("inserted", "inserted-value"), {{"existing", "existing-value"}}),
              ElementsAre("existing=existing-value", "inserted=inserted-value"));
  // insertionWithExistingSameHeader
  EXPECT_THAT(keys_after(insert("existing", "inserted-value"), {{"existing", "preexisting-value"}}),
              ElementsAre("existing=preexisting-value", "existing=inserted-value"));
  // insertionWithByteHeader: Connect's byte 1 reads "1".
  EXPECT_THAT(keys_after(insert("inserted", "1"), {{"existing", "existing-value"}}),
              ElementsAre("existing=existing-value", "inserted=1"));
  EXPECT_THAT(keys_after(insert("h", ""), {}), ElementsAre("h="));
}

TEST(InsertHeader, ConfigErrors) {
  // configRejectsNullHeaderKey, configRejectsNullHeaderValue
  EXPECT_THAT(problems_of(one_transform(kInsertHeader, {{"value.literal", "1"}})),
              ElementsAre("transforms.t.header: Missing required configuration "
                          "\"transforms.t.header\" which has no default value."));
  EXPECT_THAT(problems_of(one_transform(kInsertHeader, {{"header", "inserted"}})),
              ElementsAre("transforms.t.value.literal: Missing required configuration "
                          "\"transforms.t.value.literal\" which has no default value."));
}

}  // namespace
}  // namespace ksink::transforms::testing
