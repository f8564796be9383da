#include "convert/json_reader.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "core/utf8.h"

namespace ksink {

namespace {

bool is_ws(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
bool is_digit(char c) { return c >= '0' && c <= '9'; }

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Is the integer token [-]digits within int64 or uint64?
bool integer_fits_64(std::string_view token) {
  const char* end = token.data() + token.size();
  if (token.front() == '-') {
    int64_t v;
    auto [p, ec] = std::from_chars(token.data(), end, v);
    return ec == std::errc() && p == end;
  }
  uint64_t v;
  auto [p, ec] = std::from_chars(token.data(), end, v);
  return ec == std::errc() && p == end;
}

// Java's ObjectMapper keeps the last of repeated keys, at the first one's position.
bool has_duplicate_keys(const Object& obj) {
  if (obj.size() <= 16) {
    for (size_t i = 1; i < obj.size(); ++i)
      for (size_t j = 0; j < i; ++j)
        if (obj[i].first == obj[j].first) return true;
    return false;
  }
  std::vector<std::string_view> keys;
  keys.reserve(obj.size());
  for (const auto& f : obj) keys.push_back(f.first);
  std::sort(keys.begin(), keys.end());
  return std::adjacent_find(keys.begin(), keys.end()) != keys.end();
}

void keep_last_of_duplicates(Object& obj) {
  Object unique;
  unique.reserve(obj.size());
  for (auto& f : obj) {
    auto same = std::find_if(unique.begin(), unique.end(),
                             [&](const Field& u) { return u.first == f.first; });
    if (same != unique.end())
      same->second = std::move(f.second);
    else
      unique.push_back(std::move(f));
  }
  obj = std::move(unique);
}

// The bytes of `w` (8 characters, the first in the lowest byte) that end a plain run of string
// characters: '"', '\\', a control character (< 0x20) or a byte of a multi-byte UTF-8 sequence
// (>= 0x80), as the high bit of each. Eight characters per test instead of one: field names and
// values are mostly plain ASCII. The borrows of the subtractions can mark bytes after a real match
// but never before one, so the lowest mark is exact.
static_assert(std::endian::native == std::endian::little, "run_enders reads characters in byte order");
uint64_t run_enders(uint64_t w) {
  constexpr uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
  auto zero_byte = [&](uint64_t x) { return (x - ones) & ~x & highs; };
  return zero_byte(w ^ (ones * '"')) | zero_byte(w ^ (ones * '\\')) |
         ((w - ones * 0x20) & ~w & highs) | (w & highs);
}

// Whether the eight characters at `p` are all digits, and if so their value: one test and three
// multiplications instead of eight rounds of the digit loop (timestamps have 13 digits).
bool eight_digits(const char* p, uint64_t& value) {
  uint64_t w;
  std::memcpy(&w, p, 8);
  constexpr uint64_t highs = 0xF0F0F0F0F0F0F0F0ull;
  // A byte is a digit when its high nibble is 3 and adding 6 does not carry into that nibble.
  if (((w & highs) | (((w + 0x0606060606060606ull) & highs) >> 4)) != 0x3333333333333333ull)
    return false;
  w -= 0x3030303030303030ull;      // eight values 0-9, the first digit in the lowest byte
  w = w * 10 + (w >> 8);           // pairs: each even byte now holds two digits' value
  w = (((w & 0x000000FF000000FFull) * (100 + (1000000ull << 32))) +
       (((w >> 16) & 0x000000FF000000FFull) * (1 + (10000ull << 32)))) >>
      32;
  value = w;
  return true;
}

// One document, read once from left to right; the error texts say what was expected where.
class Reading {
 public:
  Reading(std::string_view s, JsonReader::Sizes& sizes)
      : begin_(s.data()), p_(s.data()), end_(s.data() + s.size()), sizes_(sizes) {}

  std::optional<JsonSyntaxError> run(Value& out) {
    skip_ws();
    if (p_ == end_) return fail(p_, kEmptyJsonDocument);
    if (!value(out, 0)) return error_;
    skip_ws();
    if (p_ != end_) return fail(p_, "unexpected content after the JSON value");
    return std::nullopt;
  }

 private:
  std::optional<JsonSyntaxError> fail(const char* at, std::string_view problem) {
    error_ = JsonSyntaxError{static_cast<size_t>(at - begin_), problem};
    return error_;
  }
  bool failed(const char* at, std::string_view problem) {
    fail(at, problem);
    return false;
  }

  void skip_ws() {
    // Records are mostly written without spaces: one test for the usual case.
    if (p_ != end_ && static_cast<unsigned char>(*p_) > ' ') return;
    while (p_ != end_ && is_ws(*p_)) ++p_;
  }

  // At the first character of a value; `depth` containers are open around it.
  bool value(Value& out, size_t depth) {
    if (p_ == end_) return failed(p_, "the document ends where a value should start");
    const char c = *p_;
    if (c == '"') {
      std::string& text = out.kind() == Kind::String ? out.as_string() : out.emplace<std::string>();
      text.clear();  // a recycled string keeps its buffer
      return string(text);
    }
    if (c == '-' || is_digit(c)) return number(out);
    if (c == '{') return object(out, depth);
    if (c == '[') return array(out, depth);
    if (c == 't' || c == 'f' || c == 'n') return literal(out);
    return failed(p_, "unexpected character where a value should start");
  }

  bool open(size_t depth) {
    if (depth >= kMaxJsonDepth)
      return failed(p_, "objects and arrays are nested more than 1024 levels deep");
    ++p_;
    skip_ws();
    return true;
  }

  bool object(Value& out, size_t depth) {
    if (!open(depth)) return false;
    // A recycled object (JsonReader::read) lends its vector, field names and values.
    Object& obj = out.is_object() ? out.as_object() : out.emplace<Object>();
    size_t n = 0;
    if (p_ != end_ && *p_ == '}') {
      ++p_;
      obj.clear();
      return true;
    }
    const size_t hint = sizes_.reserve(obj, depth);
    for (;;) {
      if (p_ == end_) return failed(p_, "the document ends inside an object");
      if (*p_ != '"') return failed(p_, "expected a field name in double quotes");
      if (n == obj.size()) obj.emplace_back();
      Field& field = obj[n++];
      if (!name(field.first)) return false;
      skip_ws();
      if (p_ == end_ || *p_ != ':') return failed(p_, "expected ':' after a field name");
      ++p_;
      skip_ws();
      if (!value(field.second, depth + 1)) return false;
      skip_ws();
      if (p_ == end_) return failed(p_, "the document ends inside an object");
      if (*p_ == ',') {
        ++p_;
        skip_ws();
        continue;
      }
      if (*p_ != '}') return failed(p_, "expected ',' or '}' after an object field");
      ++p_;
      break;
    }
    obj.resize(n);  // what a recycled object had beyond this one's fields
    if (obj.size() > 1 && has_duplicate_keys(obj)) keep_last_of_duplicates(obj);
    sizes_.learn(obj, depth, hint);
    return true;
  }

  bool array(Value& out, size_t depth) {
    if (!open(depth)) return false;
    Array& arr = out.kind() == Kind::Array ? out.as_array() : out.emplace<Array>();
    size_t n = 0;
    if (p_ != end_ && *p_ == ']') {
      ++p_;
      arr.clear();
      return true;
    }
    const size_t hint = sizes_.reserve(arr, depth);
    for (;;) {
      if (n == arr.size()) arr.emplace_back();
      if (!value(arr[n++], depth + 1)) return false;
      skip_ws();
      if (p_ == end_) return failed(p_, "the document ends inside an array");
      if (*p_ == ',') {
        ++p_;
        skip_ws();
        continue;
      }
      if (*p_ != ']') return failed(p_, "expected ',' or ']' after an array element");
      ++p_;
      arr.resize(n);
      sizes_.learn(arr, depth, hint);
      return true;
    }
  }

  // At the '"' of a field name: reads it into `out`. A recycled field's name is usually the one
  // coming (a topic's records repeat their names), so a name without escapes or non-ASCII
  // characters is compared and written only where it differs: about half the cost of reading it.
  bool name(std::string& out) {
    const char* q = p_ + 1;
    const char* e = plain_run_end(q);
    if (e == end_ || *e != '"') {  // an escape or a multi-byte character: the full reading
      out.clear();
      return string(out);
    }
    const size_t n = static_cast<size_t>(e - q);
    size_t k = 0;  // a plain loop: a memcmp call or a flag per character made a read 3 % dearer
    if (out.size() == n)
      while (k < n && out[k] == q[k]) ++k;
    if (k != n || out.size() != n) out.assign(q, n);
    p_ = e + 1;
    return true;
  }

  // The first character at or after `q` that ends a plain run of string characters (see
  // run_enders), or end_.
  const char* plain_run_end(const char* q) const {
    while (end_ - q >= 8) {  // eight characters at a time
      uint64_t w;
      std::memcpy(&w, q, 8);
      if (uint64_t enders = run_enders(w)) return q + std::countr_zero(enders) / 8;
      q += 8;
    }
    for (; q != end_; ++q) {
      const auto c = static_cast<uint8_t>(*q);
      if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) break;
    }
    return q;
  }

  // At a '"'; reads the string's characters into `out` and leaves p_ after the closing quote.
  bool string(std::string& out) {
    const char* start = p_++;
    const char* run = p_;  // the plain characters not yet copied to `out`
    for (;;) {
      p_ = plain_run_end(p_);
      if (p_ == end_) return failed(start, "string is not terminated");
      const auto c = static_cast<uint8_t>(*p_);
      if (c == '"') {
        out.append(run, static_cast<size_t>(p_ - run));
        ++p_;
        return true;
      }
      if (c < 0x20) return failed(p_, "control character in a string (it must be escaped)");
      if (c == '\\') {
        out.append(run, static_cast<size_t>(p_ - run));
        if (!escape(out)) return false;
        run = p_;
      } else if (c >= 0x80) {
        size_t len = utf8_sequence_length(std::string_view(p_, static_cast<size_t>(end_ - p_)), 0);
        if (len == 0) return failed(p_, "invalid UTF-8 byte sequence in a string");
        p_ += len;
      }
    }
  }

  // At a backslash inside a string: appends the character it stands for.
  bool escape(std::string& out) {
    const char* at = p_++;
    if (p_ == end_) return failed(at, "string is not terminated");
    char plain;
    switch (*p_) {
      case '"': plain = '"'; break;
      case '\\': plain = '\\'; break;
      case '/': plain = '/'; break;
      case 'b': plain = '\b'; break;
      case 'f': plain = '\f'; break;
      case 'n': plain = '\n'; break;
      case 'r': plain = '\r'; break;
      case 't': plain = '\t'; break;
      case 'u': return unicode_escape(at, out);
      default: return failed(at, "invalid escape sequence in a string");
    }
    out += plain;
    ++p_;
    return true;
  }

  // At the 'u' of a \u escape that starts at `at`.
  bool unicode_escape(const char* at, std::string& out) {
    int unit = hex4(p_ + 1);
    if (unit < 0) return failed(at, "\\u escape needs four hexadecimal digits");
    p_ += 5;
    if (unit >= 0xDC00 && unit <= 0xDFFF)
      return failed(at, "\\u escape is a low surrogate without a high surrogate before it");
    uint32_t cp = static_cast<uint32_t>(unit);
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      int low = end_ - p_ >= 2 && p_[0] == '\\' && p_[1] == 'u' ? hex4(p_ + 2) : -1;
      if (low < 0xDC00 || low > 0xDFFF)
        return failed(at, "\\u escape is a high surrogate without a low surrogate after it");
      p_ += 6;
      cp = 0x10000 + ((cp - 0xD800) << 10) + static_cast<uint32_t>(low - 0xDC00);
    }
    append_utf8(cp, out);
    return true;
  }

  int hex4(const char* at) const {
    if (end_ - at < 4) return -1;
    int v = 0;
    for (int k = 0; k < 4; ++k) {
      int h = hex_value(at[k]);
      if (h < 0) return -1;
      v = v * 16 + h;
    }
    return v;
  }

  bool number(Value& out) {
    const char* start = p_;
    const bool negative = *p_ == '-';
    if (negative) ++p_;
    if (p_ == end_ || !is_digit(*p_)) return failed(start, "invalid number");
    // The digits before and after the point, as one integer while it has at most 19 of them.
    uint64_t mantissa = 0;
    int count = 0;
    auto digit_run = [&] {
      const char* p = p_;  // a local: the loop keeps it in a register
      while (count <= 11 && end_ - p >= 8) {  // eight digits per step while they fit 19
        uint64_t eight;
        if (!eight_digits(p, eight)) break;
        mantissa = mantissa * 100000000 + eight;
        p += 8;
        count += 8;
      }
      for (; p != end_ && is_digit(*p); ++p, ++count)
        if (count < 19) mantissa = mantissa * 10 + static_cast<uint64_t>(*p - '0');
      p_ = p;
    };
    if (*p_ == '0') {
      ++p_;
      count = 1;
      if (p_ != end_ && is_digit(*p_))
        return failed(start, "invalid number (leading zeros are not allowed)");
    } else {
      digit_run();
    }
    const int integer_digits = count;
    bool integer = true;
    if (p_ != end_ && *p_ == '.') {
      integer = false;
      ++p_;
      if (p_ == end_ || !is_digit(*p_))
        return failed(start, "invalid number (digits must follow the decimal point)");
      digit_run();
    }
    int exponent = 0;  // of the explicit exponent part; only small ones matter below
    if (p_ != end_ && (*p_ == 'e' || *p_ == 'E')) {
      integer = false;
      ++p_;
      const bool minus = p_ != end_ && *p_ == '-';
      if (p_ != end_ && (*p_ == '+' || *p_ == '-')) ++p_;
      if (p_ == end_ || !is_digit(*p_))
        return failed(start, "invalid number (digits must follow the exponent)");
      for (; p_ != end_ && is_digit(*p_); ++p_)
        if (exponent < 1000) exponent = exponent * 10 + (*p_ - '0');
      if (minus) exponent = -exponent;
    }
    if (integer) {
      if (count <= 18) {  // cannot overflow int64
        out.emplace<int64_t>(negative ? -static_cast<int64_t>(mantissa)
                                      : static_cast<int64_t>(mantissa));
        return true;
      }
      int64_t v;
      if (auto [end, ec] = std::from_chars(start, p_, v); ec == std::errc() && end == p_) {
        out.emplace<int64_t>(v);
        return true;
      }
    }
    // Clinger's fast path: a mantissa of at most 15 digits and a power of ten up to 1e22 are both
    // exact doubles, so one IEEE multiplication or division gives the correctly rounded value.
    const int power = exponent - (count - integer_digits);
    if (count <= 15 && power >= -22 && power <= 22) {
      static constexpr double kPowers[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                           1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                           1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
      double d = static_cast<double>(mantissa);
      d = power >= 0 ? d * kPowers[power] : d / kPowers[-power];
      out.emplace<double>(negative ? -d : d);
      return true;
    }
    // Every other number, an integer beyond int64 included, is the nearest double.
    double d;
    auto [end, ec] = std::from_chars(start, p_, d);
    if (ec == std::errc::result_out_of_range) {  // strtod tells underflow (0) from overflow
      std::string copy(start, p_);
      d = std::strtod(copy.c_str(), nullptr);
    }
    if (std::isinf(d)) return failed(start, "number is too large for a double");
    out.emplace<double>(d);
    return true;
  }

  bool literal(Value& out) {
    const size_t left = static_cast<size_t>(end_ - p_);
    if (left >= 4 && std::memcmp(p_, "true", 4) == 0) {
      out.emplace<bool>(true);
      p_ += 4;
    } else if (left >= 5 && std::memcmp(p_, "false", 5) == 0) {
      out.emplace<bool>(false);
      p_ += 5;
    } else if (left >= 4 && std::memcmp(p_, "null", 4) == 0) {
      out.emplace<std::monostate>();
      p_ += 4;
    } else {
      return failed(p_, "invalid literal (expected true, false or null)");
    }
    return true;
  }

  const char* begin_;
  const char* p_;
  const char* end_;
  JsonReader::Sizes& sizes_;
  JsonSyntaxError error_{0, {}};
};

}  // namespace

std::optional<JsonSyntaxError> JsonReader::read(std::string_view text, Value& out) {
  return Reading(text, sizes_).run(out);
}

std::optional<JsonSyntaxError> find_json_syntax_error(std::string_view text) {
  Value scratch;
  return JsonReader().read(text, scratch);
}

bool widen_big_integers(std::string_view text, std::string& out) {
  out.clear();
  bool changed = false;
  size_t i = 0, copied = 0, n = text.size();
  while (i < n) {
    char c = text[i];
    if (c == '"') {  // skip the string, escapes included
      for (++i; i < n && text[i] != '"'; ++i)
        if (text[i] == '\\') ++i;
      ++i;
      continue;
    }
    if (c != '-' && !is_digit(c)) {
      ++i;
      continue;
    }
    size_t start = i++;
    bool integer = true;
    while (i < n && (is_digit(text[i]) || text[i] == '.' || text[i] == 'e' || text[i] == 'E' ||
                     text[i] == '+' || text[i] == '-')) {
      if (!is_digit(text[i])) integer = false;
      ++i;
    }
    std::string_view token = text.substr(start, i - start);
    if (integer && token != "-" && !integer_fits_64(token)) {
      out.append(text.data() + copied, i - copied);
      out += ".0";
      copied = i;
      changed = true;
    }
  }
  if (!changed) return false;
  out.append(text.data() + copied, n - copied);
  return true;
}

}  // namespace ksink
