#include "core/json_writer.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>

#include <emmintrin.h>

namespace ksink {

static constexpr char kHex[] = "0123456789abcdef";
static constexpr char kB64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// Bytes that need escaping in a JSON string: quote, backslash and control characters.
static bool needs_escape(unsigned char c) { return c < 0x20 || c == '"' || c == '\\'; }

// Index of the first byte of s[from..] that needs escaping, or s.size(). Checks 16 bytes at a
// time: record values are mostly plain text, and this loop is the JSON writer's hot spot.
static size_t find_escape(std::string_view s, size_t from) {
  size_t i = from;
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i control_max = _mm_set1_epi8(0x1f);
  for (; i + 16 <= s.size(); i += 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    __m128i hit = _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash));
    // v <= 0x1f (unsigned) exactly when max(v, 0x1f) == 0x1f.
    hit = _mm_or_si128(hit, _mm_cmpeq_epi8(_mm_max_epu8(v, control_max), control_max));
    if (int mask = _mm_movemask_epi8(hit)) return i + static_cast<size_t>(__builtin_ctz(mask));
  }
  for (; i < s.size(); ++i)
    if (needs_escape(static_cast<unsigned char>(s[i]))) return i;
  return s.size();
}

namespace {

// Appends to a std::string through an index into its buffer. The writer makes many appends of
// one or a few bytes per record; through std::string each is an out-of-line call with its own
// growth check, which showed as a tenth of the Redis sink's CPU. The string is resized to its
// capacity up front (callers reuse their strings, so that is usually enough) and trimmed to what
// was written at the end.
class Appender {
 public:
  explicit Appender(std::string& s) : s_(s), used_(s.size()) { s_.resize(s_.capacity()); }
  ~Appender() { s_.resize(used_); }
  Appender(const Appender&) = delete;
  Appender& operator=(const Appender&) = delete;

  // Inlined on purpose: out of line, the call costs more than the append.
  [[gnu::always_inline]] void put(char c) {
    if (used_ == s_.size()) grow(1);
    s_[used_++] = c;
  }
  [[gnu::always_inline]] void put(std::string_view v) {
    if (s_.size() - used_ < v.size()) grow(v.size());
    std::memcpy(s_.data() + used_, v.data(), v.size());
    used_ += v.size();
  }

 private:
  [[gnu::noinline]] void grow(size_t n) { s_.resize(std::max(2 * s_.size(), used_ + n + 64)); }
  std::string& s_;
  size_t used_;
};

void put_json_string(std::string_view s, Appender& out) {
  out.put('"');
  size_t run = 0;
  for (size_t i = find_escape(s, 0); i < s.size(); i = find_escape(s, run)) {
    out.put(s.substr(run, i - run));
    run = i + 1;
    auto c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '"': out.put("\\\""); break;
      case '\\': out.put("\\\\"); break;
      case '\n': out.put("\\n"); break;
      case '\r': out.put("\\r"); break;
      case '\t': out.put("\\t"); break;
      case '\b': out.put("\\b"); break;
      case '\f': out.put("\\f"); break;
      default:
        out.put("\\u00");
        out.put(kHex[c >> 4]);
        out.put(kHex[c & 15]);
    }
  }
  out.put(s.substr(run));
  out.put('"');
}

// Decimals with a few fraction digits (prices, rates: 42.25) printed exactly as the general
// shortest-representation conversion would print them, at a fraction of its cost (it was the
// largest single item of the Redis benchmark's profile). `d` is such a decimal when d * 10^k is
// a whole number m for some k <= 6 and m / 10^k gives d back: then "m with k fraction digits" is
// a representation of d that reads back as d, and with at most 15 significant digits it is the
// only one of its length, so it is the shortest one. From 0.1 up the shortest form is the plain
// one, never the exponent one.
bool put_short_decimal(double d, Appender& out) {
  static constexpr double kScale[] = {1, 10, 100, 1e3, 1e4, 1e5, 1e6};
  static constexpr uint64_t kDivisor[] = {1, 10, 100, 1000, 10000, 100000, 1000000};
  const double a = std::fabs(d);
  if (!(a >= 0.1 && a < 1e9)) return false;
  for (int k = 1; k <= 6; ++k) {
    const double m = a * kScale[k];
    if (m >= 1e15) return false;
    if (m != std::trunc(m) || m / kScale[k] != a) continue;
    const auto n = static_cast<uint64_t>(m);
    char buf[40];
    char* p = buf;
    if (std::signbit(d)) *p++ = '-';
    p = std::to_chars(p, buf + sizeof buf, n / kDivisor[k]).ptr;
    *p++ = '.';
    uint64_t fraction = n % kDivisor[k];
    char digits[8];
    for (int i = k - 1; i >= 0; --i, fraction /= 10) digits[i] = static_cast<char>('0' + fraction % 10);
    int len = k;
    while (len > 1 && digits[len - 1] == '0') --len;
    std::memcpy(p, digits, static_cast<size_t>(len));
    out.put(std::string_view(buf, static_cast<size_t>(p + len - buf)));
    return true;
  }
  return false;
}

void put_double(double d, Appender& out) {
  if (!std::isfinite(d)) {  // JSON has no NaN or infinity
    out.put("null");
    return;
  }
  char buf[32];
  // Whole numbers are common (prices, amounts) and cheap to print exactly; the general
  // shortest-representation conversion costs several times more.
  if (d == std::trunc(d) && std::fabs(d) < 9007199254740992.0 && !(d == 0 && std::signbit(d))) {
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, static_cast<int64_t>(d));
    out.put(std::string_view(buf, static_cast<size_t>(end - buf)));
    out.put(".0");
    return;
  }
  if (put_short_decimal(d, out)) return;
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
  std::string_view text(buf, static_cast<size_t>(end - buf));
  out.put(text);
  // Java prints doubles with a decimal point; users compare against the JVM sink's output.
  if (text.find_first_of(".eE") == std::string_view::npos) out.put(".0");
}

void put_json(const Value& v, Appender& out) {
  switch (v.kind()) {
    case Kind::Null: out.put("null"); break;
    case Kind::Bool: out.put(v.as_bool() ? "true" : "false"); break;
    case Kind::Int: {
      char buf[24];
      auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v.as_int());
      out.put(std::string_view(buf, static_cast<size_t>(end - buf)));
      break;
    }
    case Kind::Double: put_double(v.as_double(), out); break;
    case Kind::String: put_json_string(v.as_string(), out); break;
    case Kind::Bytes:
      out.put('"');
      out.put(base64_encode(v.as_bytes().data));
      out.put('"');
      break;
    case Kind::Decimal: out.put(v.as_decimal().text); break;
    case Kind::Array: {
      out.put('[');
      bool first = true;
      for (const auto& e : v.as_array()) {
        if (!first) out.put(',');
        first = false;
        put_json(e, out);
      }
      out.put(']');
      break;
    }
    case Kind::Object: {
      out.put('{');
      bool first = true;
      for (const auto& [k, e] : v.as_object()) {
        if (!first) out.put(',');
        first = false;
        put_json_string(k, out);
        out.put(':');
        put_json(e, out);
      }
      out.put('}');
      break;
    }
  }
}

}  // namespace

void write_json(const Value& v, std::string& out) {
  Appender a(out);
  put_json(v, a);
}

void write_json_string(std::string_view s, std::string& out) {
  Appender a(out);
  put_json_string(s, a);
}

void write_double(double d, std::string& out) {
  Appender a(out);
  put_double(d, a);
}

std::string base64_encode(std::string_view in) {
  std::string out;
  out.reserve((in.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    uint32_t n = (uint32_t(uint8_t(in[i])) << 16) | (uint32_t(uint8_t(in[i + 1])) << 8) |
                 uint8_t(in[i + 2]);
    out.push_back(kB64[n >> 18]);
    out.push_back(kB64[(n >> 12) & 63]);
    out.push_back(kB64[(n >> 6) & 63]);
    out.push_back(kB64[n & 63]);
  }
  if (i < in.size()) {
    uint32_t n = uint32_t(uint8_t(in[i])) << 16;
    if (i + 1 < in.size()) n |= uint32_t(uint8_t(in[i + 1])) << 8;
    out.push_back(kB64[n >> 18]);
    out.push_back(kB64[(n >> 12) & 63]);
    out.push_back(i + 1 < in.size() ? kB64[(n >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

bool base64_decode(std::string_view in, std::string& out) {
  out.clear();
  uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    int v;
    if (c >= 'A' && c <= 'Z') v = c - 'A';
    else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
    else if (c >= '0' && c <= '9') v = c - '0' + 52;
    else if (c == '+' || c == '-') v = 62;
    else if (c == '/' || c == '_') v = 63;
    else if (c == '=') break;
    else return false;
    acc = (acc << 6) | uint32_t(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xff));
    }
  }
  return true;
}

}  // namespace ksink
