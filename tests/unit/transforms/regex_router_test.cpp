// RegexRouter, following Kafka's RegexRouterTest
// (connect/transforms/src/test/java/org/apache/kafka/connect/transforms/RegexRouterTest.java).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "unit/transforms/harness.h"

namespace ksink::transforms::testing {
namespace {

using ::testing::ElementsAre;
using V = TransformChain::Verdict;
constexpr const char* kRegexRouter = "org.apache.kafka.connect.transforms.RegexRouter";

std::string routed(const std::string& regex, const std::string& replacement,
                   const std::string& topic) {
  auto chain =
      build_chain(one_transform(kRegexRouter, {{"regex", regex}, {"replacement", replacement}}));
  if (!chain) return "<no chain>";
  auto a = apply(*chain, record(Value(), Value(), topic));
  EXPECT_EQ(a.verdict, V::Keep) << a.error;
  return a.record.topic;
}

struct Case {
  const char* name;
  const char* regex;
  const char* replacement;
  const char* topic;
  const char* expected;
};

TEST(RegexRouter, RoutesAsKafka) {
  const Case cases[] = {
      {"staticReplacement", "foo", "bar", "foo", "bar"},
      {"doesntMatch", "foo", "bar", "orig", "orig"},
      {"identity", "(.*)", "$1", "orig", "orig"},
      {"addPrefix", "(.*)", "prefix-$1", "orig", "prefix-orig"},
      {"addSuffix", "(.*)", "$1-suffix", "orig", "orig-suffix"},
      {"slice", "(.*)-(\\d\\d\\d\\d\\d\\d\\d\\d)", "$1", "index-20160117", "index"},
      // Beyond Kafka's test: the whole topic must match, replaceFirst replaces the first match.
      {"partialMatchIsNoMatch", "foo", "bar", "foobar", "foobar"},
      {"firstMatchOnly", "a|ab", "X", "ab", "Xb"},
      {"escapedDollar", "(.*)", "\\$1-$1", "t", "$1-t"},
      {"groupNumberTakesTheLongestThatExists", "(a)(b)", "$21", "ab", "b1"},
      {"unmatchedGroupIsEmpty", "(x)?(.*)", "[$1]$2", "topic", "[]topic"},
      {"quoted", "\\Qa.b\\E-(.*)", "$1", "a.b-c", "c"},
      {"caseInsensitive", "(?i)ORDERS-(.*)", "o-$1", "orders-eu", "o-eu"},
      {"anchors", "\\Aorders\\z", "o", "orders", "o"},
      {"boundedRepetition", "(a{2,3})-(.*)", "$2", "aaa-b", "b"},
  };
  for (const auto& c : cases)
    EXPECT_EQ(routed(c.regex, c.replacement, c.topic), c.expected) << c.name;
}

TEST(RegexRouter, Routes) {
  auto chain = build_chain(one_transform(kRegexRouter, {{"regex", "a"}, {"replacement", "b"}}));
  ASSERT_TRUE(chain);
  EXPECT_TRUE(chain->routes());
}

TEST(RegexRouter, BadReplacementFailsTheMatchingRecordsWithJavasText) {
  const std::pair<const char*, const char*> cases[] = {
      {"$2", "No group 2"},
      {"x$", "Illegal group reference: group index is missing"},
      {"$x", "Illegal group reference"},
      {"x\\", "character to be escaped is missing"},
      {"${name}", "No group with name {name}"},
  };
  for (const auto& [replacement, message] : cases) {
    auto chain =
        build_chain(one_transform(kRegexRouter, {{"regex", "(.*)"}, {"replacement", replacement}}));
    ASSERT_TRUE(chain);
    auto a = apply(*chain, record(Value(), Value(), "t"));
    EXPECT_EQ(a.verdict, V::Fail);
    EXPECT_EQ(a.error, message);
  }
}

TEST(RegexRouter, RequiresBothKeys) {
  EXPECT_THAT(problems_of(one_transform(kRegexRouter)),
              ElementsAre("transforms.t.regex: Missing required configuration "
                          "\"transforms.t.regex\" which has no default value.",
                          "transforms.t.replacement: Missing required configuration "
                          "\"transforms.t.replacement\" which has no default value."));
}

TEST(RegexRouter, InvalidRegexNamesTheKey) {
  auto p = problems_of(one_transform(kRegexRouter, {{"regex", "(foo"}, {"replacement", "x"}}));
  ASSERT_EQ(p.size(), 1u);
  EXPECT_THAT(p[0],
              ::testing::StartsWith("transforms.t.regex: Invalid value (foo for configuration "
                                    "transforms.t.regex: Invalid regex: "));
}

TEST(RegexRouter, JavaOnlyFormsAreRefusedWithAReason) {
  const std::pair<const char*, const char*> cases[] = {
      {"a*+", "possessive quantifiers are not supported"},
      {"a{2}+", "possessive quantifiers are not supported"},
      {"(?>a)", "atomic groups (?>...) are not supported"},
      {"(?<=a)b", "lookbehind is not supported"},
      {"(?<n>a)", "named groups (?<name>...) are not supported"},
      {"a(?i)b", "inline flags other than a leading (?i) are not supported"},
      {"[a-z&&[^e]]", "class intersection (&&) is not supported"},
      {"[a[bc]]", "a class inside a class (union) is not supported"},
      {"\\p{Lower}", "\\p (a Unicode property class) is not supported"},
  };
  for (const auto& [regex, why] : cases) {
    auto p = problems_of(one_transform(kRegexRouter, {{"regex", regex}, {"replacement", "x"}}));
    EXPECT_THAT(p, ElementsAre(std::string("transforms.t.regex: Invalid value ") + regex +
                               " for configuration transforms.t.regex: Invalid regex: " + why));
  }
}

}  // namespace
}  // namespace ksink::transforms::testing
