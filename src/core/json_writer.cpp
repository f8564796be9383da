#include "core/json_writer.h"

#include <charconv>
#include <cmath>

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

void write_json_string(std::string_view s, std::string& out) {
  out.push_back('"');
  size_t run = 0;
  for (size_t i = find_escape(s, 0); i < s.size(); i = find_escape(s, run)) {
    out.append(s.data() + run, i - run);
    run = i + 1;
    auto c = static_cast<unsigned char>(s[i]);
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        out += "\\u00";
        out.push_back(kHex[c >> 4]);
        out.push_back(kHex[c & 15]);
    }
  }
  out.append(s.data() + run, s.size() - run);
  out.push_back('"');
}

void write_double(double d, std::string& out) {
  if (!std::isfinite(d)) {  // JSON has no NaN or infinity
    out += "null";
    return;
  }
  char buf[32];
  // Whole numbers are common (prices, amounts) and cheap to print exactly; the general
  // shortest-representation conversion costs several times more.
  if (d == std::trunc(d) && std::fabs(d) < 9007199254740992.0 && !(d == 0 && std::signbit(d))) {
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, static_cast<int64_t>(d));
    out.append(buf, end);
    out += ".0";
    return;
  }
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
  std::string_view text(buf, static_cast<size_t>(end - buf));
  out += text;
  // Java prints doubles with a decimal point; users compare against the JVM sink's output.
  if (text.find_first_of(".eE") == std::string_view::npos) out += ".0";
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

void write_json(const Value& v, std::string& out) {
  switch (v.kind()) {
    case Kind::Null: out += "null"; break;
    case Kind::Bool: out += v.as_bool() ? "true" : "false"; break;
    case Kind::Int: {
      char buf[24];
      auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v.as_int());
      out.append(buf, end);
      break;
    }
    case Kind::Double: write_double(v.as_double(), out); break;
    case Kind::String: write_json_string(v.as_string(), out); break;
    case Kind::Bytes:
      out.push_back('"');
      out += base64_encode(v.as_bytes().data);
      out.push_back('"');
      break;
    case Kind::Decimal: out += v.as_decimal().text; break;
    case Kind::Array: {
      out.push_back('[');
      bool first = true;
      for (const auto& e : v.as_array()) {
        if (!first) out.push_back(',');
        first = false;
        write_json(e, out);
      }
      out.push_back(']');
      break;
    }
    case Kind::Object: {
      out.push_back('{');
      bool first = true;
      for (const auto& [k, e] : v.as_object()) {
        if (!first) out.push_back(',');
        first = false;
        write_json_string(k, out);
        out.push_back(':');
        write_json(e, out);
      }
      out.push_back('}');
      break;
    }
  }
}

}  // namespace ksink
