#include "sinks/voltdb/client/decimal.h"

#include <algorithm>

namespace ksink::voltdb {
namespace {

constexpr int kMaxDigits = 38;        // of the scaled value: 26 integer + 12 fractional digits
constexpr int kMaxExponent = 100000;  // far beyond any value that fits; keeps the arithmetic small

Error not_a_number(std::string_view text) {
  return Error{"'" + std::string(text) + "' is not a decimal number"};
}

}  // namespace

Result<Int128> parse_decimal(std::string_view text) {
  size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';

  std::string digits;  // every mantissa digit, leading zeros dropped
  int fraction_digits = 0;
  bool seen_digit = false, seen_point = false;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c >= '0' && c <= '9') {
      seen_digit = true;
      if (seen_point) ++fraction_digits;
      // A leading zero adds nothing to the mantissa; after the point it still counts in the
      // fraction length, which is what places the other digits.
      if (!digits.empty() || c != '0') digits.push_back(c);
    } else if (c == '.' && !seen_point) {
      seen_point = true;
    } else {
      break;
    }
  }
  if (!seen_digit) return not_a_number(text);

  int exponent = 0;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool exp_negative = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) exp_negative = text[i++] == '-';
    if (i == text.size()) return not_a_number(text);
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i)
      exponent = std::min(exponent * 10 + (text[i] - '0'), kMaxExponent);
    if (exp_negative) exponent = -exponent;
  }
  if (i != text.size()) return not_a_number(text);
  if (digits.empty()) return Int128{0};

  // value = digits × 10^(exponent − fraction_digits); scaled = value × 10^12.
  long shift = long{kDecimalScale} + exponent - fraction_digits;
  bool round_up = false;
  if (shift < 0) {
    size_t drop = static_cast<size_t>(-shift);
    if (drop > digits.size()) return Int128{0};  // below half of 10^-12
    round_up = drop > 0 && digits[digits.size() - drop] >= '5';
    digits.resize(digits.size() - drop);
  } else if (digits.size() + static_cast<size_t>(shift) > kMaxDigits) {
    return Error{"'" + std::string(text) +
                 "' does not fit VoltDB DECIMAL (at most 26 digits before the decimal point)"};
  } else {
    digits.append(static_cast<size_t>(shift), '0');
  }
  if (digits.size() > kMaxDigits)
    return Error{"'" + std::string(text) +
                 "' does not fit VoltDB DECIMAL (at most 26 digits before the decimal point)"};

  Int128 magnitude = 0;
  for (char c : digits) magnitude = magnitude * 10 + (c - '0');
  if (round_up) ++magnitude;
  Int128 limit = 1;
  for (int k = 0; k < kMaxDigits; ++k) limit *= 10;
  if (magnitude >= limit)  // rounding carried into a 39th digit
    return Error{"'" + std::string(text) +
                 "' does not fit VoltDB DECIMAL (at most 26 digits before the decimal point)"};
  return negative ? -magnitude : magnitude;
}

std::string format_decimal(Int128 scaled) {
  bool negative = scaled < 0;
  // Negating in unsigned arithmetic keeps −2^127 (the NULL sentinel) well defined.
  unsigned __int128 magnitude = static_cast<unsigned __int128>(scaled);
  if (negative) magnitude = -magnitude;
  unsigned __int128 unit = 1;
  for (int k = 0; k < kDecimalScale; ++k) unit *= 10;
  unsigned __int128 whole = magnitude / unit;
  auto fraction = static_cast<uint64_t>(magnitude % unit);

  std::string whole_text;
  do {
    whole_text.push_back(static_cast<char>('0' + static_cast<int>(whole % 10)));
    whole /= 10;
  } while (whole != 0);
  std::reverse(whole_text.begin(), whole_text.end());

  std::string out = negative ? "-" + whole_text : whole_text;
  if (fraction != 0) {
    std::string fraction_text = std::to_string(fraction);
    fraction_text.insert(0, kDecimalScale - fraction_text.size(), '0');
    fraction_text.erase(fraction_text.find_last_not_of('0') + 1);
    out += "." + fraction_text;
  }
  return out;
}

}  // namespace ksink::voltdb
