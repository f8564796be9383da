// The SimpleDateFormat subset TimestampConverter and TimestampRouter use (java_date_format.h).
// Expected texts are what java.text.SimpleDateFormat in UTC with the English locale gives.
#include "transforms/java_date_format.h"

#include <gtest/gtest.h>

namespace ksink::transforms {
namespace {

// 2017-01-03T06:30:01.864Z, a Tuesday (TimestampRouterTest's record).
constexpr int64_t kInstant = 1483425001864;

JavaDateFormat compiled(const std::string& pattern) {
  std::string error;
  auto f = JavaDateFormat::compile(pattern, error);
  EXPECT_TRUE(f) << pattern << ": " << error;
  return f ? *f : *JavaDateFormat::compile("y", error);
}

struct FormatCase {
  const char* pattern;
  int64_t ms;
  const char* text;
};

TEST(JavaDateFormat, Formats) {
  const FormatCase cases[] = {
      {"yyyyMMdd", kInstant, "20170103"},
      {"yyyy MM dd HH mm ss SSS z", 86401234, "1970 01 02 00 00 01 234 UTC"},
      {"EEE, d MMM yyyy HH:mm:ss Z", kInstant, "Tue, 3 Jan 2017 06:30:01 +0000"},
      {"yyyy-MM-dd'T'HH:mm:ss.SSSXXX", kInstant, "2017-01-03T06:30:01.864Z"},
      {"yyyy-MM-dd'T'HH:mm:ssX", kInstant, "2017-01-03T06:30:01Z"},
      {"EEEE, MMMM d, yy", kInstant, "Tuesday, January 3, 17"},
      {"y M d H m s S", kInstant, "2017 1 3 6 30 1 864"},
      {"hh 'o''clock' a", kInstant, "06 o'clock AM"},
      {"h:mm a", kInstant + 12 * 3'600'000, "6:30 PM"},
      {"K k h H", 0, "0 24 12 0"},
      {"D F u G", kInstant, "3 1 2 AD"},
      {"zzzz", 0, "Coordinated Universal Time"},
      {"SSSS yyyyy", 5, "0005 01970"},
      {"''yyyy''", 0, "'1970'"},
      {"yyyy-MM-dd HH:mm:ss.SSS", -1, "1969-12-31 23:59:59.999"},
      {"yyyy G", -62167219200000, "0001 BC"},  // 0000-01-01 is 1 BC
      {"dd/MM/yyyy", 951782400000, "29/02/2000"},
  };
  for (const auto& c : cases) EXPECT_EQ(compiled(c.pattern).format(c.ms), c.text) << c.pattern;
}

struct ParseCase {
  const char* pattern;
  const char* text;
  std::optional<int64_t> ms;
};

TEST(JavaDateFormat, Parses) {
  const ParseCase cases[] = {
      {"yyyy MM dd HH mm ss SSS z", "1970 01 02 00 00 01 234 UTC", 86401234},
      {"yyyyMMdd", "20170103", 1483401600000},
      {"yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "2017-01-03T06:30:01.864Z", kInstant},
      {"yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "2017-01-03T07:30:01.864+01:00", kInstant},
      {"yyyy-MM-dd'T'HH:mm:ss.SSSXX", "2017-01-03T07:30:01.864+0100", kInstant},
      {"yyyy-MM-dd'T'HH:mm:ss.SSSX", "2017-01-03T07:30:01.864+01", kInstant},
      {"EEE, d MMM yyyy HH:mm:ss Z", "Tue, 3 Jan 2017 06:30:01 +0000", kInstant - 864},
      {"EEE, d MMM yyyy HH:mm:ss Z", "tuesday, 3 JANUARY 2017 01:30:01 -0500", kInstant - 864},
      {"yyyy-MM-dd HH:mm z", "2017-01-03 07:30 GMT+01:00", kInstant - 1864},
      {"yyyy-MM-dd HH:mm z", "2017-01-03 06:30 GMT", kInstant - 1864},
      {"yyyy-MM-dd HH:mm zzzz", "2017-01-03 06:30 Coordinated Universal Time", kInstant - 1864},
      {"hh a", "03 PM", 15 * 3'600'000},
      {"hh a", "12 AM", 0},
      {"hh a", "12 PM", 12 * 3'600'000},
      {"kk", "24", 0},
      // Lenient: out-of-range fields roll over.
      {"yyyy-MM-dd", "2017-13-01", 1514764800000},
      {"yyyy-MM-dd", "2017-02-30", 1488412800000},  // 2017-03-02
      {"HH:mm", "25:00", 90'000'000},
      // Spaces before a field are skipped; text after the pattern is ignored.
      {"yyyy-MM-dd", "  2017-01-03 and more", 1483401600000},
      {"yyyy-MM-dd", "2017-1-3", 1483401600000},
      {"yyyy D", "2017 3", 1483401600000},
      // Abutting fields read as many digits as they have letters.
      {"yyyyMMddHHmm", "201701030630", kInstant - 1864},
      // Two-digit years fall within 80 years before and 20 after now.
      {"yy-MM-dd", "17-01-03", 1483401600000},
      // The year 17 and 1 BC, in the proleptic Gregorian calendar (Java's Julian dates before
      // 1582 are two days off these).
      {"yyyy-MM-dd", "17-01-03", -61630502400000},
      {"yyyy-MM-dd G", "0001-01-01 BC", -62167219200000},
      // The first Tuesday of the month when there is no day.
      {"yyyy-MM EEE", "2017-01 Tue", 1483401600000},
      {"yyyy-MM-dd", "2017/01/03", std::nullopt},
      {"yyyy-MM-dd", "", std::nullopt},
      {"yyyy-MM-dd", "abc", std::nullopt},
      {"yyyy-MM-dd'T'HH:mm:ssXXX", "2017-01-03T06:30:01+0100", std::nullopt},
      {"yyyy-MM-dd HH:mm z", "2017-01-03 06:30 PST", std::nullopt},
      {"MMM", "Foo", std::nullopt},
      {"yyyy", "999999999", std::nullopt},  // beyond what an instant can hold
  };
  for (const auto& c : cases)
    EXPECT_EQ(compiled(c.pattern).parse(c.text), c.ms) << c.pattern << " / " << c.text;
}

TEST(JavaDateFormat, TwoDigitYearsNearTheCenturyStart) {
  auto f = compiled("yy");
  auto y99 = f.parse("99");
  ASSERT_TRUE(y99);
  EXPECT_EQ(f.format(*y99), "99");
  EXPECT_LT(*y99, 1483401600000);  // 1999, not 2099
}

TEST(JavaDateFormat, RefusesWhatJavaRefuses) {
  const std::pair<const char*, const char*> cases[] = {
      {"bad-format", "Illegal pattern character 'b'"},
      {"yyyy-MM-dd'T", "Unterminated quote"},
      {"XXXX", "invalid ISO 8601 format: length=4"},
      {"yyyy-ww", "Pattern character 'w' (week in year) is not supported"},
      {"YYYY", "Pattern character 'Y' (week year) is not supported"},
  };
  for (const auto& [pattern, message] : cases) {
    std::string error;
    EXPECT_FALSE(JavaDateFormat::compile(pattern, error)) << pattern;
    EXPECT_EQ(error, message);
  }
}

TEST(JavaDateFormat, KeepsThePattern) {
  EXPECT_EQ(compiled("yyyy 'at' HH").pattern(), "yyyy 'at' HH");
}

}  // namespace
}  // namespace ksink::transforms
