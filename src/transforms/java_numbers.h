// Java's number parsing, narrowing and printing, for transforms whose results Kafka defines by
// what java.lang and java.math do: Cast's `(byte)` truncation and Integer.parseInt, MaskField's
// BigDecimal replacement, Double.toString in a cast to string. Only the behaviour the transforms
// reach is covered (decimal text, no Unicode digits).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ksink::transforms {

// String.trim(): every character up to U+0020 goes from both ends.
std::string_view java_trim(std::string_view s);

// Java's String.split(regex) for a one-character literal separator: trailing empty strings are
// dropped ("a:" gives ["a"]), a leading empty one is kept (":a" gives ["", "a"]).
std::vector<std::string> java_split(std::string_view text, char sep);

// Byte/Short/Integer/Long.parseX: an optional sign and decimal digits, within [min, max];
// nullopt where Java throws NumberFormatException.
std::optional<int64_t> java_parse_integer(std::string_view text, int64_t min, int64_t max);
// Double.parseDouble / Float.parseFloat: surrounding whitespace ignored, "NaN", "Infinity",
// decimal and hexadecimal floating literals with an optional f/F/d/D suffix. A float is returned
// as the double that prints as the float does (see float_as_double).
std::optional<double> java_parse_double(std::string_view text);
std::optional<double> java_parse_float(std::string_view text);

// A BigDecimal literal (new BigDecimal(String)): sign, digits with an optional point, optional
// exponent; its value is digits * 10^-scale.
struct JavaDecimal {
  bool negative = false;
  std::string digits;  // the unscaled value's digits, no sign, at least one
  int64_t scale = 0;   // may be negative
};
std::optional<JavaDecimal> java_parse_decimal(std::string_view text);
// BigDecimal.toPlainString() ("1E+3" gives "1000", "-.50" gives "-0.50").
std::string java_plain_string(const JavaDecimal& d);
// BigDecimal.toString(): plain unless the scale is negative or the adjusted exponent is below -6
// ("1E-7", "1.5E+3").
std::string java_decimal_string(const JavaDecimal& d);
// BigDecimal.longValue(): the integer part's low 64 bits (two's complement).
int64_t java_decimal_long(const JavaDecimal& d);
// BigDecimal.doubleValue() / floatValue() (correctly rounded).
double java_decimal_double(const JavaDecimal& d);
double java_decimal_float(const JavaDecimal& d);

// Java's primitive narrowing of a double: (long) d and (int) d saturate, NaN gives 0.
int64_t java_double_to_long(double d);
int32_t java_double_to_int(double d);

// A Java float widened for ksink, which has only doubles: the double with the float's shortest
// decimal digits, so 32.1f is carried as 32.1 (what a Connect sink printing the Float writes)
// rather than 32.099998474121094.
double float_as_double(float f);

// Double.toString(d): "42.0", "1.0E7", "1.234E-5", "NaN", "-Infinity".
std::string java_double_string(double d);

}  // namespace ksink::transforms
