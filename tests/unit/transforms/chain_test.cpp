// How a connector file's transforms and predicates are read and applied, following Kafka
// Connect's ConnectorConfig (connect/runtime/.../ConnectorConfig.java: aliases, `type`,
// `predicate`, `negate`, the duplicate-alias and abstract-class messages).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "transforms/registry.h"
#include "unit/transforms/harness.h"

namespace ksink::transforms::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using V = TransformChain::Verdict;

TEST(TransformChain, NoTransformsIsAnEmptyChain) {
  auto chain = build_chain({});
  ASSERT_TRUE(chain);
  EXPECT_TRUE(chain->empty());
  auto a = apply(*chain, record(Value(), Value(1)));
  EXPECT_EQ(a.verdict, V::Keep);
  EXPECT_EQ(a.record.value, Value(1));
}

TEST(TransformChain, FilterDropsEveryRecord) {
  auto chain = build_chain(one_transform("org.apache.kafka.connect.transforms.Filter"));
  ASSERT_TRUE(chain);
  EXPECT_EQ(apply(*chain, record(Value(), Value(1))).verdict, V::Drop);
}

TEST(TransformChain, MissingTypeNamesTheKey) {
  EXPECT_THAT(problems_of({{"transforms", "a"}}),
              ElementsAre("transforms.a.type: Missing required configuration "
                          "\"transforms.a.type\" which has no default value."));
}

TEST(TransformChain, DuplicateAliases) {
  ConfigMap c = one_transform("org.apache.kafka.connect.transforms.Filter");
  c["transforms"] = "t, t";
  EXPECT_THAT(problems_of(c), ElementsAre("transforms: Invalid value [t, t] for configuration "
                                          "transforms: Duplicate alias provided."));
}

TEST(TransformChain, UnknownClassListsTheKnownOnes) {
  auto p = problems_of(one_transform("com.example.Nope"));
  ASSERT_EQ(p.size(), 1u);
  EXPECT_THAT(p[0], HasSubstr("transforms.t.type: Invalid value com.example.Nope for configuration "
                              "transforms.t.type: Class com.example.Nope could not be found "
                              "(ksink has the transforms "));
  EXPECT_THAT(p[0], HasSubstr("org.apache.kafka.connect.transforms.Filter"));
}

TEST(TransformChain, NegateWithoutPredicate) {
  auto p = problems_of(one_transform("org.apache.kafka.connect.transforms.Filter",
                                     {{"negate", "true"}}));
  EXPECT_THAT(p, ElementsAre("transforms.t.negate: Config 'transforms.t.negate' was provided but "
                             "there is no config 'transforms.t.predicate' defining a predicate "
                             "to be negated."));
}

TEST(TransformChain, PredicateNotListed) {
  auto p = problems_of(one_transform("org.apache.kafka.connect.transforms.Filter",
                                     {{"predicate", "nope"}}));
  ASSERT_EQ(p.size(), 1u);
  EXPECT_THAT(p[0], HasSubstr("transforms.t.predicate: Invalid value nope"));
}

TEST(TransformChain, UnknownPredicateClass) {
  ConfigMap c = one_transform("org.apache.kafka.connect.transforms.Filter", {{"predicate", "p"}});
  c["predicates"] = "p";
  c["predicates.p.type"] = "com.example.P";
  auto p = problems_of(c);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_THAT(p[0], HasSubstr("predicates.p.type: Invalid value com.example.P for configuration "
                              "predicates.p.type: Class com.example.P could not be found"));
}

TEST(TransformChain, AbstractClassNamesItsVariants) {
  EXPECT_THAT(problems_of(one_transform("org.apache.kafka.connect.transforms.ExtractField")),
              ElementsAre("transforms.t.type: Invalid value "
                          "org.apache.kafka.connect.transforms.ExtractField for configuration "
                          "transforms.t.type: Transformation is abstract and cannot be created. "
                          "Did you mean org.apache.kafka.connect.transforms.ExtractField$Key, "
                          "org.apache.kafka.connect.transforms.ExtractField$Value?"));
}

TEST(TransformChain, PredicateAndNegate) {
  ConfigMap c = one_transform("org.apache.kafka.connect.transforms.Filter",
                              {{"predicate", "tomb"}, {"negate", "true"}});
  c["predicates"] = "tomb";
  c["predicates.tomb.type"] = "org.apache.kafka.connect.transforms.predicates.RecordIsTombstone";
  auto chain = build_chain(c);
  ASSERT_TRUE(chain);
  // negate: the Filter drops what is not a tombstone.
  EXPECT_EQ(apply(*chain, record(Value(), Value())).verdict, V::Keep);
  EXPECT_EQ(apply(*chain, record(Value(), Value(1))).verdict, V::Drop);
}

TEST(TransformChain, TransformsApplyInOrder) {
  ConfigMap c{{"transforms", "hoist,insert"},
              {"transforms.hoist.type", "org.apache.kafka.connect.transforms.HoistField$Value"},
              {"transforms.hoist.field", "v"},
              {"transforms.insert.type", "org.apache.kafka.connect.transforms.InsertField$Value"},
              {"transforms.insert.static.field", "s"},
              {"transforms.insert.static.value", "x"}};
  auto chain = build_chain(c);
  ASSERT_TRUE(chain);
  auto a = apply(*chain, record(Value(), Value(7)));
  EXPECT_EQ(a.record.value, Value(Object{{"v", 7}, {"s", "x"}}));
}

}  // namespace
}  // namespace ksink::transforms::testing
