#include "convert/json_syntax.h"

#include <gtest/gtest.h>

namespace ksink {
namespace {

TEST(JsonSyntax, AcceptsValidDocuments) {
  for (std::string_view doc :
       {"{}", "[]", " 1 ", "-0.5e+10", "\"a\\u00e9\\ud83d\\ude00\\n\"", "true", "null",
        "{\"a\":[1,{\"b\":null}],\"c\":\"\xC3\xA9\"}", "123456789012345678901234567890"}) {
    EXPECT_FALSE(find_json_syntax_error(doc).has_value()) << doc;
  }
}

TEST(JsonSyntax, ReportsFirstProblemOffset) {
  auto e = find_json_syntax_error("{\"a\":1,,}");
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->offset, 7u);
  EXPECT_EQ(e->problem, "expected a field name in double quotes");
  auto empty = find_json_syntax_error("  ");
  ASSERT_TRUE(empty.has_value());
  EXPECT_EQ(empty->problem, "the document is empty");
  auto ctrl = find_json_syntax_error("[\"a\tb\"]");
  ASSERT_TRUE(ctrl.has_value());
  EXPECT_EQ(ctrl->offset, 3u);
  auto low = find_json_syntax_error("\"\\udc00\"");
  ASSERT_TRUE(low.has_value());
  EXPECT_EQ(low->problem, "\\u escape is a low surrogate without a high surrogate before it");
}

TEST(JsonSyntax, DepthLimit) {
  std::string ok(1024, '[');
  ok += std::string(1024, ']');
  EXPECT_FALSE(find_json_syntax_error(ok).has_value());
  std::string deep(1025, '[');
  deep += std::string(1025, ']');
  auto e = find_json_syntax_error(deep);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->offset, 1024u);
}

TEST(JsonSyntax, WidenBigIntegers) {
  std::string out;
  EXPECT_FALSE(widen_big_integers("[1, -9223372036854775808, 18446744073709551615, 1.5e300]", out));
  ASSERT_TRUE(widen_big_integers(
      "{\"a\":18446744073709551616,\"s\":\"99999999999999999999\",\"b\":[-9223372036854775809]}",
      out));
  EXPECT_EQ(out,
            "{\"a\":18446744073709551616.0,\"s\":\"99999999999999999999\",\"b\":"
            "[-9223372036854775809.0]}");
}

}  // namespace
}  // namespace ksink
