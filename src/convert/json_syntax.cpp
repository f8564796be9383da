#include "convert/json_syntax.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <vector>

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

// Length of the valid UTF-8 sequence at s[i] (a byte >= 0x80), or 0 when it is not one.
size_t utf8_sequence_length(std::string_view s, size_t i) {
  auto b = [&](size_t k) { return k < s.size() ? static_cast<uint8_t>(s[k]) : 0; };
  uint8_t c = b(i);
  size_t len;
  uint8_t lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (c >= 0xC2 && c <= 0xDF)
    len = 2;
  else if (c == 0xE0)
    len = 3, lo = 0xA0;
  else if (c == 0xED)
    len = 3, hi = 0x9F;  // no UTF-16 surrogates
  else if (c >= 0xE1 && c <= 0xEF)
    len = 3;
  else if (c == 0xF0)
    len = 4, lo = 0x90;
  else if (c == 0xF4)
    len = 4, hi = 0x8F;  // nothing above U+10FFFF
  else if (c >= 0xF1 && c <= 0xF3)
    len = 4;
  else
    return 0;
  if (b(i + 1) < lo || b(i + 1) > hi) return 0;
  for (size_t k = 2; k < len; ++k)
    if (b(i + k) < 0x80 || b(i + k) > 0xBF) return 0;
  return len;
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

class SyntaxChecker {
 public:
  explicit SyntaxChecker(std::string_view s) : s_(s) {}

  std::optional<JsonSyntaxError> run() {
    enum class State { Value, Key, AfterValue } state = State::Value;
    skip_ws();
    if (i_ == s_.size()) return fail(i_, "the document is empty");
    for (;;) {
      switch (state) {
        case State::Value: {
          skip_ws();
          if (i_ == s_.size()) return fail(i_, "the document ends where a value should start");
          char c = s_[i_];
          if (c == '{' || c == '[') {
            if (stack_.size() >= kMaxJsonDepth)
              return fail(i_, "objects and arrays are nested more than 1024 levels deep");
            stack_.push_back(c);
            ++i_;
            skip_ws();
            char close = c == '{' ? '}' : ']';
            if (i_ < s_.size() && s_[i_] == close) {
              ++i_;
              stack_.pop_back();
              state = State::AfterValue;
            } else {
              state = c == '{' ? State::Key : State::Value;
            }
            break;
          }
          if (c == '"') {
            if (!string()) return error_;
          } else if (c == '-' || is_digit(c)) {
            if (!number()) return error_;
          } else if (c == 't' || c == 'f' || c == 'n') {
            if (!literal()) return error_;
          } else {
            return fail(i_, "unexpected character where a value should start");
          }
          state = State::AfterValue;
          break;
        }
        case State::Key:
          skip_ws();
          if (i_ == s_.size()) return fail(i_, "the document ends inside an object");
          if (s_[i_] != '"') return fail(i_, "expected a field name in double quotes");
          if (!string()) return error_;
          skip_ws();
          if (i_ == s_.size() || s_[i_] != ':') return fail(i_, "expected ':' after a field name");
          ++i_;
          state = State::Value;
          break;
        case State::AfterValue: {
          skip_ws();
          if (stack_.empty()) {
            if (i_ != s_.size()) return fail(i_, "unexpected content after the JSON value");
            return std::nullopt;
          }
          bool in_object = stack_.back() == '{';
          if (i_ == s_.size())
            return fail(i_, in_object ? "the document ends inside an object"
                                      : "the document ends inside an array");
          if (s_[i_] == ',') {
            ++i_;
            state = in_object ? State::Key : State::Value;
          } else if (s_[i_] == (in_object ? '}' : ']')) {
            ++i_;
            stack_.pop_back();
          } else {
            return fail(i_, in_object ? "expected ',' or '}' after an object field"
                                      : "expected ',' or ']' after an array element");
          }
          break;
        }
      }
    }
  }

 private:
  std::optional<JsonSyntaxError> fail(size_t at, std::string_view problem) {
    error_ = JsonSyntaxError{at, problem};
    return error_;
  }
  bool failed(size_t at, std::string_view problem) {
    fail(at, problem);
    return false;
  }

  void skip_ws() {
    while (i_ < s_.size() && is_ws(s_[i_])) ++i_;
  }

  // At a '"'; leaves i_ after the closing quote.
  bool string() {
    size_t start = i_++;
    while (i_ < s_.size()) {
      auto c = static_cast<uint8_t>(s_[i_]);
      if (c == '"') {
        ++i_;
        return true;
      }
      if (c < 0x20) return failed(i_, "control character in a string (it must be escaped)");
      if (c == '\\') {
        if (!escape()) return false;
        continue;
      }
      if (c >= 0x80) {
        size_t len = utf8_sequence_length(s_, i_);
        if (len == 0) return failed(i_, "invalid UTF-8 byte sequence in a string");
        i_ += len;
        continue;
      }
      ++i_;
    }
    return failed(start, "string is not terminated");
  }

  // At a backslash inside a string.
  bool escape() {
    size_t at = i_++;
    if (i_ == s_.size()) return failed(at, "string is not terminated");
    char c = s_[i_];
    if (c != 'u') {
      if (c == '"' || c == '\\' || c == '/' || c == 'b' || c == 'f' || c == 'n' || c == 'r' ||
          c == 't') {
        ++i_;
        return true;
      }
      return failed(at, "invalid escape sequence in a string");
    }
    int unit = hex4(i_ + 1);
    if (unit < 0) return failed(at, "\\u escape needs four hexadecimal digits");
    i_ += 5;
    if (unit >= 0xDC00 && unit <= 0xDFFF)
      return failed(at, "\\u escape is a low surrogate without a high surrogate before it");
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      int low = i_ + 1 < s_.size() && s_[i_] == '\\' && s_[i_ + 1] == 'u' ? hex4(i_ + 2) : -1;
      if (low < 0xDC00 || low > 0xDFFF)
        return failed(at, "\\u escape is a high surrogate without a low surrogate after it");
      i_ += 6;
    }
    return true;
  }

  int hex4(size_t at) const {
    if (at + 4 > s_.size()) return -1;
    int v = 0;
    for (size_t k = 0; k < 4; ++k) {
      int h = hex_value(s_[at + k]);
      if (h < 0) return -1;
      v = v * 16 + h;
    }
    return v;
  }

  bool number() {
    size_t start = i_;
    if (s_[i_] == '-') ++i_;
    if (i_ == s_.size() || !is_digit(s_[i_])) return failed(start, "invalid number");
    if (s_[i_] == '0') {
      ++i_;
      if (i_ < s_.size() && is_digit(s_[i_]))
        return failed(start, "invalid number (leading zeros are not allowed)");
    } else {
      while (i_ < s_.size() && is_digit(s_[i_])) ++i_;
    }
    bool integer = true;
    if (i_ < s_.size() && s_[i_] == '.') {
      integer = false;
      ++i_;
      if (i_ == s_.size() || !is_digit(s_[i_]))
        return failed(start, "invalid number (digits must follow the decimal point)");
      while (i_ < s_.size() && is_digit(s_[i_])) ++i_;
    }
    if (i_ < s_.size() && (s_[i_] == 'e' || s_[i_] == 'E')) {
      integer = false;
      ++i_;
      if (i_ < s_.size() && (s_[i_] == '+' || s_[i_] == '-')) ++i_;
      if (i_ == s_.size() || !is_digit(s_[i_]))
        return failed(start, "invalid number (digits must follow the exponent)");
      while (i_ < s_.size() && is_digit(s_[i_])) ++i_;
    }
    std::string_view token = s_.substr(start, i_ - start);
    if (integer && integer_fits_64(token)) return true;
    std::string copy(token);  // strtod needs a terminator
    double d = std::strtod(copy.c_str(), nullptr);
    if (std::isinf(d)) return failed(start, "number is too large for a double");
    return true;
  }

  bool literal() {
    for (std::string_view word : {"true", "false", "null"}) {
      if (s_.substr(i_, word.size()) == word) {
        i_ += word.size();
        return true;
      }
    }
    return failed(i_, "invalid literal (expected true, false or null)");
  }

  std::string_view s_;
  size_t i_ = 0;
  std::vector<char> stack_;
  JsonSyntaxError error_{0, {}};
};

}  // namespace

std::optional<JsonSyntaxError> find_json_syntax_error(std::string_view text) {
  return SyntaxChecker(text).run();
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
