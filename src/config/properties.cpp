// Mirrors java.util.Properties.load in two steps, as the JDK does: a line reader joins natural
// lines into logical lines (dropping comments, blank lines and continuation backslashes), then
// each logical line is split into key and value and its escapes are decoded. Users move their
// Kafka Connect files over unchanged, so every corner case follows the JDK, not intuition.
#include "config/properties.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <system_error>
#include <utility>
#include <vector>

#include "core/utf8.h"

namespace ksink {
namespace {

// The only white space Properties knows; a vertical tab or a non-breaking space is content.
bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\f'; }
bool is_eol(char c) { return c == '\n' || c == '\r'; }

// A logical line and, for the error message, the natural line each of its pieces came from.
struct LogicalLine {
  std::string text;
  std::vector<std::pair<size_t, int>> pieces;  // (offset in text, natural line number)

  int line_at(size_t offset) const {
    int line = pieces.empty() ? 0 : pieces.front().second;
    for (const auto& [start, number] : pieces) {
      if (start > offset) break;
      line = number;
    }
    return line;
  }
};

// Java 9+'s LineReader, character by character, because its corner cases are defined by that
// loop rather than by any grammar: a comment is recognised wherever the logical line is still
// empty (even after a continuation), and input ending in a lone backslash yields the key "".
class LineReader {
 public:
  explicit LineReader(std::string_view in) : in_(in) {}

  // The next logical line; false at the end of the input.
  bool next(LogicalLine& out) {
    std::string& text = out.text;
    text.clear();
    out.pieces.clear();
    bool skip_blanks = true;       // at the start of a natural line
    bool continuation = false;     // ... that continues the previous one
    bool odd_backslashes = false;  // the characters so far end in an unescaped backslash
    bool new_piece = true;
    while (true) {
      if (pos_ >= in_.size()) {
        if (text.empty()) return false;
        if (odd_backslashes) text.pop_back();
        return true;
      }
      char c = take();
      if (skip_blanks) {
        if (is_blank(c)) continue;
        if (!continuation && is_eol(c)) continue;  // a blank line
        skip_blanks = false;
        continuation = false;
      }
      if (text.empty() && (c == '#' || c == '!')) {
        // A comment ends with its natural line, whatever that ends with.
        while (pos_ < in_.size() && !is_eol(take())) {
        }
        skip_blanks = true;
        continue;
      }
      if (!is_eol(c)) {
        if (new_piece) out.pieces.emplace_back(text.size(), line_);
        new_piece = false;
        text.push_back(c);
        odd_backslashes = c == '\\' && !odd_backslashes;
        continue;
      }
      if (text.empty()) {  // nothing yet, not even after a continuation: keep looking
        skip_blanks = true;
        continue;
      }
      if (pos_ >= in_.size() || !odd_backslashes) {
        if (odd_backslashes) text.pop_back();
        return true;  // a "\r\n" leaves its '\n' to be skipped as a blank line next time
      }
      // Continued: the backslash goes, and so does the next line's leading white space.
      text.pop_back();
      odd_backslashes = false;
      skip_blanks = true;
      continuation = true;
      new_piece = true;
      if (c == '\r' && pos_ < in_.size() && in_[pos_] == '\n') take();
    }
  }

 private:
  // One character, counting natural lines: "\r\n", "\r" and "\n" each end one.
  char take() {
    char c = in_[pos_++];
    if (c == '\r' || (c == '\n' && (pos_ < 2 || in_[pos_ - 2] != '\r'))) ++line_;
    return c;
  }

  std::string_view in_;
  size_t pos_ = 0;
  int line_ = 1;
};

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The UTF-16 unit of "\uXXXX" starting at `at` (the backslash), or -1 when malformed.
int32_t unicode_escape(std::string_view s, size_t at) {
  if (at + 6 > s.size() || s[at + 1] != 'u') return -1;
  int32_t unit = 0;
  for (size_t i = at + 2; i < at + 6; ++i) {
    int d = hex_digit(s[i]);
    if (d < 0) return -1;
    unit = unit * 16 + d;
  }
  return unit;
}

bool is_high_surrogate(int32_t u) { return u >= 0xD800 && u <= 0xDBFF; }
bool is_low_surrogate(int32_t u) { return u >= 0xDC00 && u <= 0xDFFF; }

// Decodes the escapes of text[begin, end) (Java's loadConvert). Our strings are UTF-8 where Java's
// are UTF-16, so an escaped surrogate pair becomes one code point and a lone surrogate, which
// UTF-8 cannot hold, becomes U+FFFD (as Java's own UTF-8 encoder would substitute).
Result<std::string> unescape(const LogicalLine& line, size_t begin, size_t end) {
  std::string_view s = std::string_view(line.text).substr(0, end);
  std::string out;
  out.reserve(end - begin);
  size_t i = begin;
  while (i < end) {
    char c = s[i];
    if (c != '\\' || i + 1 >= end) {
      // A lone trailing backslash cannot survive the line reader; if it did, Java would drop it.
      if (c != '\\') out.push_back(c);
      ++i;
      continue;
    }
    char e = s[i + 1];
    if (e == 'u') {
      int32_t unit = unicode_escape(s, i);
      if (unit < 0) {
        return Error{"line " + std::to_string(line.line_at(i)) + ": malformed \\uXXXX escape"};
      }
      i += 6;
      if (is_high_surrogate(unit)) {
        int32_t low = i + 1 < end && s[i] == '\\' ? unicode_escape(s, i) : -1;
        if (is_low_surrogate(low)) {
          i += 6;
          append_utf8(0x10000 + ((uint32_t(unit) - 0xD800) << 10) + (uint32_t(low) - 0xDC00), out);
          continue;
        }
        unit = 0xFFFD;
      } else if (is_low_surrogate(unit)) {
        unit = 0xFFFD;
      }
      append_utf8(static_cast<uint32_t>(unit), out);
      continue;
    }
    switch (e) {
      case 't':
        out.push_back('\t');
        break;
      case 'n':
        out.push_back('\n');
        break;
      case 'r':
        out.push_back('\r');
        break;
      case 'f':
        out.push_back('\f');
        break;
      default:
        out.push_back(e);  // "\=", "\:", "\ ", "\#", "\\" and any other: the character
    }
    i += 2;
  }
  return out;
}

std::string errno_text(int err) { return std::error_code(err, std::generic_category()).message(); }

}  // namespace

Result<ConfigMap> parse_properties(std::string_view text) {
  ConfigMap map;
  LineReader reader(text);
  LogicalLine line;
  while (reader.next(line)) {
    const std::string& t = line.text;
    const size_t limit = t.size();
    // The key ends at the first unescaped '=', ':' or blank.
    size_t key_end = 0;
    size_t value_start = limit;
    bool has_separator = false;
    bool escaped = false;
    for (; key_end < limit; ++key_end) {
      char c = t[key_end];
      if (!escaped && (c == '=' || c == ':')) {
        value_start = key_end + 1;
        has_separator = true;
        break;
      }
      if (!escaped && is_blank(c)) {
        value_start = key_end + 1;
        break;
      }
      escaped = c == '\\' && !escaped;
    }
    // Blanks, at most one '='/':' (when the key ended at a blank), then blanks again.
    for (; value_start < limit; ++value_start) {
      char c = t[value_start];
      if (is_blank(c)) continue;
      if (!has_separator && (c == '=' || c == ':')) {
        has_separator = true;
        continue;
      }
      break;
    }
    auto key = unescape(line, 0, key_end);
    if (!key) return key.error();
    auto value = unescape(line, value_start, limit);
    if (!value) return value.error();
    map.insert_or_assign(std::move(*key), std::move(*value));  // a later duplicate wins
  }
  return map;
}

Result<ConfigMap> read_properties_file(const std::string& path) {
  return read_properties_file(path, "connector file");
}

Result<ConfigMap> read_properties_file(const std::string& path, std::string_view what) {
  // POSIX reads rather than iostreams: they report why (no such file, permission denied, is a
  // directory), which is what the user needs to fix it.
  std::string prefix = "cannot read " + std::string(what) + " '" + path + "': ";
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Error{prefix + errno_text(errno)};
  std::string text;
  char buf[65536];
  while (true) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      int err = errno;
      ::close(fd);
      return Error{prefix + errno_text(err)};
    }
    if (n == 0) break;
    text.append(buf, static_cast<size_t>(n));
  }
  ::close(fd);
  auto parsed = parse_properties(text);
  if (!parsed)
    return Error{"invalid " + std::string(what) + " '" + path + "': " + parsed.error().message};
  return parsed;
}

}  // namespace ksink
