#include "convert/decimal_text.h"

#include <charconv>
#include <vector>

namespace ksink {

namespace {

// `digits`: the magnitude without leading zeros ("0" for zero). Applies the scale as
// BigDecimal.toPlainString() does.
std::string place_point(bool negative, std::string digits, int32_t scale) {
  bool zero = digits == "0";
  if (scale > 0) {
    auto s = static_cast<size_t>(scale);
    if (digits.size() <= s) digits.insert(0, s + 1 - digits.size(), '0');
    digits.insert(digits.size() - s, 1, '.');
  } else if (scale < 0 && !zero) {
    digits.append(static_cast<size_t>(-static_cast<int64_t>(scale)), '0');
  }
  if (negative && !zero) digits.insert(0, 1, '-');
  return digits;
}

}  // namespace

std::string decimal_from_unscaled(std::string_view unscaled, int32_t scale) {
  auto byte = [&](size_t i) { return static_cast<uint8_t>(unscaled[i]); };
  bool negative = !unscaled.empty() && (byte(0) & 0x80) != 0;

  if (unscaled.size() <= 8) {                    // the common case: fits a 64-bit integer
    uint64_t raw = negative ? ~uint64_t{0} : 0;  // sign extension
    for (size_t i = 0; i < unscaled.size(); ++i) raw = (raw << 8) | byte(i);
    uint64_t magnitude = negative ? ~raw + 1 : raw;  // also right for -2^63
    char buf[24];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, magnitude);
    return place_point(negative, std::string(buf, end), scale);
  }

  std::vector<uint8_t> mag(unscaled.begin(), unscaled.end());
  if (negative) {  // two's complement negation: invert, add one
    for (auto& b : mag) b = static_cast<uint8_t>(~b);
    for (size_t i = mag.size(); i-- > 0;)
      if (++mag[i] != 0) break;
  }
  // Repeated division of the big-endian magnitude by 10^9, collecting base-10^9 limbs.
  constexpr uint32_t kBase = 1000000000;
  std::vector<uint32_t> limbs;  // least significant first
  size_t start = 0;
  while (start < mag.size() && mag[start] == 0) ++start;
  while (start < mag.size()) {
    uint64_t rem = 0;
    for (size_t i = start; i < mag.size(); ++i) {
      uint64_t cur = (rem << 8) | mag[i];
      mag[i] = static_cast<uint8_t>(cur / kBase);
      rem = cur % kBase;
    }
    limbs.push_back(static_cast<uint32_t>(rem));
    while (start < mag.size() && mag[start] == 0) ++start;
  }
  if (limbs.empty()) return place_point(false, "0", scale);
  std::string digits = std::to_string(limbs.back());
  for (size_t i = limbs.size() - 1; i-- > 0;) {
    char buf[10];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, limbs[i]);
    digits.append(9 - static_cast<size_t>(end - buf), '0');
    digits.append(buf, end);
  }
  return place_point(negative, std::move(digits), scale);
}

bool decimal_from_number(std::string_view text, int32_t scale, std::string& out) {
  size_t i = 0, n = text.size();
  auto digit = [&](size_t k) { return k < n && text[k] >= '0' && text[k] <= '9'; };
  bool negative = i < n && text[i] == '-';
  if (negative) ++i;
  size_t int_begin = i;
  while (digit(i)) ++i;
  std::string_view int_part = text.substr(int_begin, i - int_begin);
  if (int_part.empty()) return false;
  std::string_view frac_part;
  if (i < n && text[i] == '.') {
    size_t frac_begin = ++i;
    while (digit(i)) ++i;
    frac_part = text.substr(frac_begin, i - frac_begin);
    if (frac_part.empty()) return false;
  }
  int64_t exponent = 0;
  if (i < n && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool exp_negative = i < n && text[i] == '-';
    if (i < n && (text[i] == '-' || text[i] == '+')) ++i;
    if (!digit(i)) return false;
    for (; digit(i); ++i) {
      exponent = exponent * 10 + (text[i] - '0');
      if (exponent > 1000000) return false;
    }
    if (exp_negative) exponent = -exponent;
  }
  if (i != n) return false;

  // value = digits * 10^-point_scale
  std::string digits;
  digits.reserve(int_part.size() + frac_part.size());
  digits.append(int_part).append(frac_part);
  int64_t point_scale = static_cast<int64_t>(frac_part.size()) - exponent;
  if (point_scale < 0) {
    if (-point_scale > kMaxDecimalScale) return false;
    digits.append(static_cast<size_t>(-point_scale), '0');
    point_scale = 0;
  }
  if (point_scale < scale) {
    digits.append(static_cast<size_t>(scale - point_scale), '0');
    point_scale = scale;
  }
  if (point_scale > kMaxDecimalScale) return false;
  size_t first = digits.find_first_not_of('0');
  digits.erase(0, first == std::string::npos ? digits.size() - 1 : first);
  out = place_point(negative, std::move(digits), static_cast<int32_t>(point_scale));
  return true;
}

}  // namespace ksink
