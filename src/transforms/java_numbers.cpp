#include "transforms/java_numbers.h"

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "config/value_check.h"

namespace ksink::transforms {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_hex_digit(char c) {
  return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// Checks Java's floating literal syntax (FloatingDecimal.readJavaFormatString) and gives the
// text strtod/strtof reads the same way: sign kept, suffix dropped, NaN/Infinity spelt as C does.
std::optional<std::string> java_float_literal(std::string_view text) {
  std::string_view s = java_trim(text);
  std::string out;
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    if (s.front() == '-') out += '-';
    s.remove_prefix(1);
  }
  if (s == "NaN") return out + "nan";
  if (s == "Infinity") return out + "inf";
  if (!s.empty() && (s.back() == 'f' || s.back() == 'F' || s.back() == 'd' || s.back() == 'D'))
    s.remove_suffix(1);
  if (s.size() > 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
    // Hexadecimal: 0x digits [. digits] p [sign] digits, the binary exponent required.
    size_t i = 2, mantissa = 0;
    while (i < s.size() && is_hex_digit(s[i])) ++i, ++mantissa;
    if (i < s.size() && s[i] == '.') {
      ++i;
      while (i < s.size() && is_hex_digit(s[i])) ++i, ++mantissa;
    }
    if (mantissa == 0 || i >= s.size() || (s[i] != 'p' && s[i] != 'P')) return std::nullopt;
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    size_t exp_digits = 0;
    while (i < s.size() && is_digit(s[i])) ++i, ++exp_digits;
    if (exp_digits == 0 || i != s.size()) return std::nullopt;
    out += s;
    return out;
  }
  size_t i = 0, mantissa = 0;
  while (i < s.size() && is_digit(s[i])) ++i, ++mantissa;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && is_digit(s[i])) ++i, ++mantissa;
  }
  if (mantissa == 0) return std::nullopt;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) ++i;
    size_t exp_digits = 0;
    while (i < s.size() && is_digit(s[i])) ++i, ++exp_digits;
    if (exp_digits == 0) return std::nullopt;
  }
  if (i != s.size()) return std::nullopt;
  out += s;
  return out;
}

// The decimal's value as C text ("-12345e-2") for strtod/strtof, which round correctly and give
// infinity or zero beyond the range as BigDecimal.doubleValue() does.
std::string c_literal(const JavaDecimal& d) {
  std::string s = d.negative ? "-" : "";
  s += d.digits;
  s += 'e';
  s += std::to_string(-d.scale);
  return s;
}

}  // namespace

std::string_view java_trim(std::string_view s) { return config_detail::trim(s); }

std::vector<std::string> java_split(std::string_view text, char sep) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    size_t at = text.find(sep, start);
    if (at == std::string_view::npos) {
      out.emplace_back(text.substr(start));
      break;
    }
    out.emplace_back(text.substr(start, at - start));
    start = at + 1;
  }
  // An input with no separator is returned whole, even when empty ("".split(":") is [""]).
  if (out.size() > 1)
    while (!out.empty() && out.back().empty()) out.pop_back();
  return out;
}

std::optional<int64_t> java_parse_integer(std::string_view text, int64_t min, int64_t max) {
  std::string_view s = text;
  bool negative = false;
  if (!s.empty() && (s.front() == '+' || s.front() == '-')) {
    negative = s.front() == '-';
    s.remove_prefix(1);
  }
  if (s.empty()) return std::nullopt;
  // Accumulated negatively, as Long.parseLong does, so Long.MIN_VALUE fits.
  int64_t acc = 0;
  for (char c : s) {
    if (!is_digit(c)) return std::nullopt;
    int digit = c - '0';
    if (acc < (std::numeric_limits<int64_t>::min() + digit) / 10) return std::nullopt;
    acc = acc * 10 - digit;
  }
  if (!negative) {
    if (acc == std::numeric_limits<int64_t>::min()) return std::nullopt;
    acc = -acc;
  }
  if (acc < min || acc > max) return std::nullopt;
  return acc;
}

std::optional<double> java_parse_double(std::string_view text) {
  auto literal = java_float_literal(text);
  if (!literal) return std::nullopt;
  return std::strtod(literal->c_str(), nullptr);
}

std::optional<double> java_parse_float(std::string_view text) {
  auto literal = java_float_literal(text);
  if (!literal) return std::nullopt;
  return float_as_double(std::strtof(literal->c_str(), nullptr));
}

std::optional<JavaDecimal> java_parse_decimal(std::string_view s) {
  JavaDecimal d;
  size_t i = 0;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) d.negative = s[i++] == '-';
  int64_t fraction = 0;
  bool point = false;
  for (; i < s.size(); ++i) {
    if (is_digit(s[i])) {
      d.digits += s[i];
      if (point) ++fraction;
    } else if (s[i] == '.' && !point) {
      point = true;
    } else {
      break;
    }
  }
  if (d.digits.empty()) return std::nullopt;
  int64_t exponent = 0;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    bool exp_negative = false;
    if (i < s.size() && (s[i] == '+' || s[i] == '-')) exp_negative = s[i++] == '-';
    size_t exp_digits = 0;
    for (; i < s.size() && is_digit(s[i]); ++i, ++exp_digits) {
      exponent = exponent * 10 + (s[i] - '0');
      // Java refuses exponents beyond an int's range.
      if (exponent > std::numeric_limits<int32_t>::max()) return std::nullopt;
    }
    if (exp_digits == 0) return std::nullopt;
    if (exp_negative) exponent = -exponent;
  }
  if (i != s.size()) return std::nullopt;
  size_t nonzero = d.digits.find_first_not_of('0');
  d.digits = nonzero == std::string::npos ? "0" : d.digits.substr(nonzero);
  if (d.digits == "0") d.negative = false;  // BigDecimal has no negative zero
  d.scale = fraction - exponent;
  return d;
}

std::string java_plain_string(const JavaDecimal& d) {
  std::string out = d.negative ? "-" : "";
  if (d.scale <= 0) {
    out += d.digits;
    if (d.digits != "0") out.append(static_cast<size_t>(-d.scale), '0');
    return out;
  }
  auto scale = static_cast<size_t>(d.scale);
  std::string digits = d.digits;
  if (digits.size() <= scale) digits.insert(0, scale + 1 - digits.size(), '0');
  out += digits.substr(0, digits.size() - scale);
  out += '.';
  out += digits.substr(digits.size() - scale);
  return out;
}

std::string java_decimal_string(const JavaDecimal& d) {
  int64_t adjusted = static_cast<int64_t>(d.digits.size()) - 1 - d.scale;
  if (d.scale >= 0 && adjusted >= -6) return java_plain_string(d);
  std::string out = d.negative ? "-" : "";
  out += d.digits[0];
  if (d.digits.size() > 1) {
    out += '.';
    out += d.digits.substr(1);
  }
  out += 'E';
  if (adjusted >= 0) out += '+';
  out += std::to_string(adjusted);
  return out;
}

int64_t java_decimal_long(const JavaDecimal& d) {
  // The integer part modulo 2^64; multiplying by ten 64 times clears the low 64 bits, so a
  // longer run of trailing zeros changes nothing.
  uint64_t acc = 0;
  size_t integer_digits = d.digits.size();
  if (d.scale > 0)
    integer_digits = static_cast<int64_t>(d.digits.size()) > d.scale
                         ? d.digits.size() - static_cast<size_t>(d.scale)
                         : 0;
  for (size_t i = 0; i < integer_digits; ++i)
    acc = acc * 10 + static_cast<uint64_t>(d.digits[i] - '0');
  if (d.scale < 0)
    for (int64_t i = 0; i < -d.scale && i < 64; ++i) acc *= 10;
  if (d.negative) acc = ~acc + 1;
  return static_cast<int64_t>(acc);
}

double java_decimal_double(const JavaDecimal& d) {
  return std::strtod(c_literal(d).c_str(), nullptr);
}

double java_decimal_float(const JavaDecimal& d) {
  return float_as_double(std::strtof(c_literal(d).c_str(), nullptr));
}

int64_t java_double_to_long(double d) {
  if (std::isnan(d)) return 0;
  if (d >= 9223372036854775807.0) return std::numeric_limits<int64_t>::max();
  if (d <= -9223372036854775808.0) return std::numeric_limits<int64_t>::min();
  return static_cast<int64_t>(d);
}

int32_t java_double_to_int(double d) {
  if (std::isnan(d)) return 0;
  if (d >= 2147483647.0) return std::numeric_limits<int32_t>::max();
  if (d <= -2147483648.0) return std::numeric_limits<int32_t>::min();
  return static_cast<int32_t>(d);
}

double float_as_double(float f) {
  if (!std::isfinite(f)) return static_cast<double>(f);
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, f);
  double out = 0;
  std::from_chars(buf, res.ptr, out);
  return out;
}

std::string java_double_string(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  if (d == 0) return std::signbit(d) ? "-0.0" : "0.0";
  // The shortest digits that read back as d (what Double.toString prints since JDK 19).
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
  std::string_view sci(buf, static_cast<size_t>(res.ptr - buf));
  std::string out;
  if (sci.front() == '-') {
    out += '-';
    sci.remove_prefix(1);
  }
  size_t e = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, e))
    if (c != '.') digits += c;
  int exponent = std::atoi(std::string(sci.substr(e + 1)).c_str());
  double magnitude = std::fabs(d);
  if (magnitude >= 1e-3 && magnitude < 1e7) {
    if (exponent >= 0) {
      auto int_len = static_cast<size_t>(exponent) + 1;
      if (digits.size() < int_len) digits.append(int_len - digits.size(), '0');
      out += digits.substr(0, int_len);
      out += '.';
      out += digits.size() > int_len ? digits.substr(int_len) : "0";
    } else {
      out += "0.";
      out.append(static_cast<size_t>(-exponent - 1), '0');
      out += digits;
    }
    return out;
  }
  out += digits[0];
  out += '.';
  out += digits.size() > 1 ? digits.substr(1) : "0";
  out += 'E';
  out += std::to_string(exponent);
  return out;
}

}  // namespace ksink::transforms
