#include "convert/decimal_text.h"

#include <gtest/gtest.h>

#include <string>

namespace ksink {
namespace {

std::string unscaled(std::initializer_list<int> bytes) {
  std::string s;
  for (int b : bytes) s.push_back(static_cast<char>(b));
  return s;
}

TEST(DecimalText, FromUnscaledSmall) {
  EXPECT_EQ(decimal_from_unscaled(unscaled({0x04, 0xD2}), 2), "12.34");
  EXPECT_EQ(decimal_from_unscaled(unscaled({0xFB, 0x2E}), 2), "-12.34");
  EXPECT_EQ(decimal_from_unscaled(unscaled({0x00}), 0), "0");
  EXPECT_EQ(decimal_from_unscaled(unscaled({0x00}), 3), "0.000");
  EXPECT_EQ(decimal_from_unscaled(unscaled({0x01}), 3), "0.001");
  EXPECT_EQ(decimal_from_unscaled(unscaled({0xFF}), 3), "-0.001");
  EXPECT_EQ(decimal_from_unscaled(unscaled({0x0C}), -2), "1200");
  EXPECT_EQ(decimal_from_unscaled(unscaled({0x00}), -2), "0");
  EXPECT_EQ(decimal_from_unscaled(unscaled({0x80}), 0), "-128");
  EXPECT_EQ(decimal_from_unscaled(unscaled({0x80, 0, 0, 0, 0, 0, 0, 0}), 0),
            "-9223372036854775808");
  EXPECT_EQ(decimal_from_unscaled(unscaled({0x7F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF}), 4),
            "922337203685477.5807");
}

TEST(DecimalText, FromUnscaledLong) {
  // 2^64 (9 bytes, leading zero byte keeps it positive)
  EXPECT_EQ(decimal_from_unscaled(unscaled({0x01, 0, 0, 0, 0, 0, 0, 0, 0}), 0),
            "18446744073709551616");
  // -2^64
  EXPECT_EQ(decimal_from_unscaled(unscaled({0xFF, 0, 0, 0, 0, 0, 0, 0, 0}), 2),
            "-184467440737095516.16");
  // Redundant sign bytes are fine: 0x0000...0001 is 1, 0xFFFF...FF is -1.
  EXPECT_EQ(decimal_from_unscaled(std::string(12, '\0') + "\x01", 1), "0.1");
  EXPECT_EQ(decimal_from_unscaled(std::string(12, '\xff'), 0), "-1");
  // 10^40 = 0x1D6329F1C35CA4BFABB9F5610000000000
  std::string ten40 = unscaled({0x1D, 0x63, 0x29, 0xF1, 0xC3, 0x5C, 0xA4, 0xBF, 0xAB, 0xB9, 0xF5,
                                0x61, 0x00, 0x00, 0x00, 0x00, 0x00});
  EXPECT_EQ(decimal_from_unscaled(ten40, 40), "1." + std::string(40, '0'));
  EXPECT_EQ(decimal_from_unscaled(ten40, 0), "1" + std::string(40, '0'));
}

TEST(DecimalText, FromNumber) {
  std::string out;
  ASSERT_TRUE(decimal_from_number("12.3", 2, out));
  EXPECT_EQ(out, "12.30");
  ASSERT_TRUE(decimal_from_number("-0.05", 1, out));
  EXPECT_EQ(out, "-0.05");
  ASSERT_TRUE(decimal_from_number("-0.0", 0, out));
  EXPECT_EQ(out, "0.0");
  ASSERT_TRUE(decimal_from_number("1E+21", 0, out));
  EXPECT_EQ(out, "1000000000000000000000");
  ASSERT_TRUE(decimal_from_number("1.5e-7", 0, out));
  EXPECT_EQ(out, "0.00000015");
  ASSERT_TRUE(decimal_from_number("7", 3, out));
  EXPECT_EQ(out, "7.000");
  EXPECT_FALSE(decimal_from_number("1e999999", 0, out));
  EXPECT_FALSE(decimal_from_number("abc", 0, out));
  EXPECT_FALSE(decimal_from_number("1.", 0, out));
  EXPECT_FALSE(decimal_from_number("", 0, out));
}

}  // namespace
}  // namespace ksink
