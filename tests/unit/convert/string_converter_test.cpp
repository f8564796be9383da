#include "convert/string_converter.h"

#include <gtest/gtest.h>

#include "convert/bytearray_converter.h"
#include "convert_test_util.h"

namespace ksink {
namespace {

using testing::run;
using testing::run_null;

TEST(StringConverter, PlainTextIsAString) {
  StringConverter c;
  auto r = run(c, "hello world");
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.value.kind(), Kind::String);
  EXPECT_EQ(r.value.as_string(), "hello world");
}

TEST(StringConverter, JsonObjectTextIsASchemalessRecord) {
  StringConverter c;
  auto r = run(c, "  \n{\"id\":7,\"name\":\"x\",\"price\":1.5}");
  ASSERT_TRUE(r.ok);
  ASSERT_TRUE(r.value.is_object());
  EXPECT_EQ(r.value.find("id")->as_int(), 7);
  EXPECT_EQ(r.json(), R"({"id":7,"name":"x","price":1.5})");
}

TEST(StringConverter, BrokenJsonStaysTextWithoutError) {
  StringConverter c;
  for (std::string_view text : {"{not json", "{\"a\":1} trailing", "{\"a\":}", "{"}) {
    auto r = run(c, text);
    ASSERT_TRUE(r.ok) << text;
    ASSERT_EQ(r.value.kind(), Kind::String) << text;
    EXPECT_EQ(r.value.as_string(), text);
  }
}

TEST(StringConverter, OtherJsonStaysText) {
  StringConverter c;
  for (std::string_view text : {"[1,2]", "42", "\"quoted\"", "true", "null"}) {
    auto r = run(c, text);
    ASSERT_TRUE(r.ok) << text;
    ASSERT_EQ(r.value.kind(), Kind::String) << text;
    EXPECT_EQ(r.value.as_string(), text);
  }
}

TEST(StringConverter, TombstoneIsNullAndEmptyIsEmptyString) {
  StringConverter c;
  EXPECT_TRUE(run_null(c).value.is_null());
  auto e = run(c, "");
  ASSERT_TRUE(e.ok);
  ASSERT_EQ(e.value.kind(), Kind::String);
  EXPECT_EQ(e.value.as_string(), "");
}

TEST(StringConverter, UnicodeTextPassesThrough) {
  StringConverter c;
  EXPECT_EQ(run(c, "caf\xC3\xA9 \xF0\x9F\x98\x80").value.as_string(),
            "caf\xC3\xA9 \xF0\x9F\x98\x80");
}

TEST(StringConverter, InvalidUtf8IsReplacedAsJavaDoes) {
  StringConverter c;
  // A lone continuation byte, a truncated 3-byte sequence followed by ASCII, an overlong 0xC0.
  auto r = run(c, std::string_view("a\x80"
                                   "b\xE2\x82"
                                   "c\xC0\xAF"
                                   "d"));
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.value.as_string(),
            "a\xEF\xBF\xBD"
            "b\xEF\xBF\xBD"
            "c\xEF\xBF\xBD\xEF\xBF\xBD"
            "d");
  EXPECT_EQ(utf8_with_replacement("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
  EXPECT_EQ(utf8_with_replacement("\xF0\x9F\x98"), "\xEF\xBF\xBD");
}

TEST(StringConverter, EncodingSetting) {
  EXPECT_TRUE(make_string_converter({{"converter.encoding", "UTF-8"}}, false).ok());
  EXPECT_TRUE(make_string_converter({{"encoding", "utf8"}}, false).ok());
  auto bad = make_string_converter({{"converter.encoding", "ISO-8859-1"}}, true);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().message,
            "Invalid value ISO-8859-1 for configuration key.converter.converter.encoding: "
            "ksink's StringConverter reads UTF-8 only; remove the setting or set it to UTF-8");
}

TEST(ByteArrayConverter, BytesAsTheyAre) {
  ByteArrayConverter c;
  std::string raw("\x00\x01{\"a\":1}\xff", 10);
  auto r = run(c, raw);
  ASSERT_TRUE(r.ok);
  ASSERT_EQ(r.value.kind(), Kind::Bytes);
  EXPECT_EQ(r.value.as_bytes().data, raw);
  EXPECT_EQ(r.json(), "\"AAF7ImEiOjF9/w==\"");
  EXPECT_TRUE(run_null(c).value.is_null());
  auto e = run(c, "");
  ASSERT_EQ(e.value.kind(), Kind::Bytes);
  EXPECT_EQ(e.value.as_bytes().data, "");
}

}  // namespace
}  // namespace ksink
