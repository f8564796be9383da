// SetSchemaMetadata, following Kafka's SetSchemaMetadataTest
// (connect/transforms/src/test/java/org/apache/kafka/connect/transforms/SetSchemaMetadataTest.java):
// its configuration; ksink keeps no schemas, so the record passes unchanged.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "unit/transforms/harness.h"

namespace ksink::transforms::testing {
namespace {

using ::testing::ElementsAre;
using V = TransformChain::Verdict;
constexpr const char* kSetSchemaMetadata = "org.apache.kafka.connect.transforms.SetSchemaMetadata";

TEST(SetSchemaMetadata, LeavesTheRecordAsItIs) {
  for (const char* variant : {"$Key", "$Value"}) {
    for (const ConfigMap& settings :
         std::vector<ConfigMap>{{{"schema.name", "foo"}},
                                {{"schema.version", "42"}},
                                {{"schema.name", "foo"},
                                 {"schema.version", "42"},
                                 {"replace.null.with.default", "false"}}}) {
      auto chain = build_chain(one_transform(std::string(kSetSchemaMetadata) + variant, settings));
      ASSERT_TRUE(chain);
      Record r = record(Object{{"k", 1}}, Object{{"v", 2}});
      r.headers = {{"h", "x"}};
      auto a = apply(*chain, r);
      EXPECT_EQ(a.verdict, V::Keep);
      EXPECT_EQ(a.record.key, r.key);
      EXPECT_EQ(a.record.value, r.value);
      EXPECT_EQ(a.record.headers.size(), 1u);
    }
  }
}

TEST(SetSchemaMetadata, ConfigErrors) {
  const std::string cls = std::string(kSetSchemaMetadata) + "$Value";
  EXPECT_THAT(problems_of(one_transform(cls)),
              ElementsAre("transforms.t.schema.name: Neither schema name nor version configured"));
  EXPECT_THAT(problems_of(one_transform(cls, {{"schema.version", "1.5"}})),
              ElementsAre("transforms.t.schema.version: Invalid value 1.5 for configuration "
                          "transforms.t.schema.version: Not a number of type INT"));
  EXPECT_THAT(problems_of(one_transform(cls, {{"schema.version", "4294967296"}})),
              ElementsAre("transforms.t.schema.version: Invalid value 4294967296 for configuration "
                          "transforms.t.schema.version: Not a number of type INT"));
}

}  // namespace
}  // namespace ksink::transforms::testing
