// HoistField$Key / $Value, after Kafka's
// connect/transforms/src/test/java/org/apache/kafka/connect/transforms/HoistFieldTest.java.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "unit/transforms/harness.h"

namespace ksink::transforms::testing {
namespace {

using ::testing::ElementsAre;

const std::string kKey = "org.apache.kafka.connect.transforms.HoistField$Key";
const std::string kValue = "org.apache.kafka.connect.transforms.HoistField$Value";

TEST(HoistField, Cases) {
  const std::pair<Value, Value> cases[] = {
      {Value(42), Object{{"magic", 42}}},                       // schemaless
      {Value(), Object{{"magic", nullptr}}},                    // a null is hoisted too
      {Object{{"a", 1}}, Object{{"magic", Object{{"a", 1}}}}},  // objects nest
      {Value(Array{1, "x"}), Object{{"magic", Array{1, "x"}}}},
  };
  auto chain = build_chain(one_transform(kKey, {{"field", "magic"}}));
  for (const auto& [in, out] : cases) {
    auto a = apply(*chain, record(in, Value("v")));
    EXPECT_EQ(a.record.key, out);
    EXPECT_EQ(a.record.value, Value("v"));
  }
}

TEST(HoistField, ValueVariant) {
  auto chain = build_chain(one_transform(kValue, {{"field", "wrapped"}}));
  auto a = apply(*chain, record(Value("k"), Value("text")));
  EXPECT_EQ(a.record.value, Value(Object{{"wrapped", "text"}}));
  EXPECT_EQ(a.record.key, Value("k"));
}

TEST(HoistField, FieldIsRequired) {
  EXPECT_THAT(problems_of(one_transform(kValue)),
              ElementsAre("transforms.t.field: Missing required configuration "
                          "\"transforms.t.field\" which has no default value."));
}

}  // namespace
}  // namespace ksink::transforms::testing
