#include "sinks/voltdb/client/decimal.h"

#include <gtest/gtest.h>

namespace ksink::voltdb {
namespace {

constexpr int64_t kUnit = 1'000'000'000'000;  // 10^12

Int128 parsed(std::string_view text) {
  Result<Int128> r = parse_decimal(text);
  EXPECT_TRUE(r.ok()) << text << ": " << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : Int128{-42};
}

TEST(Decimal, Parses) {
  EXPECT_TRUE(parsed("3.25") == Int128{325} * kUnit / 100);
  EXPECT_TRUE(parsed("0") == 0);
  EXPECT_TRUE(parsed("-0") == 0);
  EXPECT_TRUE(parsed("-12.340") == Int128{-12340} * kUnit / 1000);
  EXPECT_TRUE(parsed("+5") == Int128{5} * kUnit);
  EXPECT_TRUE(parsed(".5") == kUnit / 2);
  EXPECT_TRUE(parsed("5.") == Int128{5} * kUnit);
  EXPECT_TRUE(parsed("00012.50") == Int128{125} * kUnit / 10);
  EXPECT_TRUE(parsed("0.000000000001") == 1);
  EXPECT_TRUE(parsed("-0.000000000001") == -1);
  EXPECT_TRUE(parsed("1e3") == Int128{1000} * kUnit);
  EXPECT_TRUE(parsed("1.5E-3") == Int128{15} * kUnit / 10000);
  EXPECT_TRUE(parsed("25e-1") == Int128{25} * kUnit / 10);
  EXPECT_TRUE(parsed("0e999999999") == 0);
  EXPECT_TRUE(parsed("1e-999999999") == 0);
}

TEST(Decimal, RoundsBeyondTwelveDigitsHalfAwayFromZero) {
  EXPECT_TRUE(parsed("0.0000000000005") == 1);
  EXPECT_TRUE(parsed("0.00000000000049") == 0);
  EXPECT_TRUE(parsed("-0.0000000000005") == -1);
  EXPECT_TRUE(parsed("0.1000000000000000055511151231257827") == kUnit / 10);
  EXPECT_TRUE(parsed("1.9999999999995") == 2 * Int128{kUnit});
}

TEST(Decimal, Limits) {
  Int128 max = 1;
  for (int i = 0; i < 38; ++i) max *= 10;
  max -= 1;
  EXPECT_TRUE(parsed("99999999999999999999999999.999999999999") == max);
  EXPECT_TRUE(parsed("-99999999999999999999999999.999999999999") == -max);
  Int128 digits26 = 0;
  for (char c : std::string_view("12345678901234567890123456"))
    digits26 = digits26 * 10 + (c - '0');
  EXPECT_TRUE(parsed("12345678901234567890123456") == digits26 * kUnit);
  Result<Int128> too_big = parse_decimal("123456789012345678901234567");
  ASSERT_FALSE(too_big.ok());
  EXPECT_NE(too_big.error().message.find("26 digits"), std::string::npos);
  EXPECT_FALSE(parse_decimal("99999999999999999999999999.9999999999995").ok());  // carries over
  EXPECT_FALSE(parse_decimal("1e26").ok());
  EXPECT_TRUE(parse_decimal("1e25").ok());
  EXPECT_FALSE(parse_decimal("1e999999999").ok());
}

TEST(Decimal, RejectsNonNumbers) {
  for (const char* bad : {"", "-", "+", ".", "abc", "1.2.3", "1e", "1e+", " 1", "1 ", "0x10",
                          "1_000", "--1", "e5", "1e5.5", "NaN", "Infinity"}) {
    Result<Int128> r = parse_decimal(bad);
    EXPECT_FALSE(r.ok()) << "'" << bad << "'";
    if (!r.ok()) {
      EXPECT_EQ(r.error().message, "'" + std::string(bad) + "' is not a decimal number");
    }
  }
}

TEST(Decimal, Formats) {
  EXPECT_EQ(format_decimal(Int128{325} * kUnit / 100), "3.25");
  EXPECT_EQ(format_decimal(0), "0");
  EXPECT_EQ(format_decimal(Int128{5} * kUnit), "5");
  EXPECT_EQ(format_decimal(-1), "-0.000000000001");
  EXPECT_EQ(format_decimal(Int128{-12340} * kUnit / 1000), "-12.34");
  Int128 max = 1;
  for (int i = 0; i < 38; ++i) max *= 10;
  EXPECT_EQ(format_decimal(max - 1), "99999999999999999999999999.999999999999");
  // The NULL sentinel, −2^127, still formats (no overflow).
  EXPECT_EQ(format_decimal(static_cast<Int128>(static_cast<unsigned __int128>(1) << 127)),
            "-170141183460469231731687303.715884105728");
}

TEST(Decimal, RoundTrip) {
  for (const char* text : {"1", "-1", "0.5", "123.456", "-0.000000000001", "42.000000000001"})
    EXPECT_EQ(format_decimal(parsed(text)), text);
}

}  // namespace
}  // namespace ksink::voltdb
