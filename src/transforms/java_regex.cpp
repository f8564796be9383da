#include "transforms/java_regex.h"

#include <cctype>

namespace ksink::transforms {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// `c` as an ECMAScript literal, inside or outside a class.
void append_literal(std::string& out, char c) {
  static constexpr std::string_view kSpecial = "\\^$.|?*+()[]{}-/";
  if (kSpecial.find(c) != std::string_view::npos) out += '\\';
  out += c;
}

void append_hex(std::string& out, unsigned value) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out += "\\x";
  out += kHex[(value >> 4) & 0xF];
  out += kHex[value & 0xF];
}

// Translates one escape starting after the backslash at pattern[i]; advances i past it.
bool translate_escape(std::string_view pattern, size_t& i, bool in_class, std::string& out,
                      std::string& error) {
  const char c = pattern[i];
  auto unsupported = [&](std::string_view what) {
    error = "\\" + std::string(1, c) + " (" + std::string(what) + ") is not supported";
    return false;
  };
  switch (c) {
    case 'd':
    case 'D':
    case 'w':
    case 'W':
    case 's':
    case 'S':
    case 't':
    case 'n':
    case 'r':
    case 'f':
      out += '\\';
      out += c;
      ++i;
      return true;
    case 'b':
    case 'B':
      if (in_class) return unsupported("a boundary inside a class");
      if (i + 1 < pattern.size() && pattern[i + 1] == '{')
        return unsupported("a grapheme boundary");
      out += '\\';
      out += c;
      ++i;
      return true;
    case 'a':
      append_hex(out, 0x07);
      ++i;
      return true;
    case 'e':
      append_hex(out, 0x1B);
      ++i;
      return true;
    case 'c':  // control character \cX
      if (i + 1 >= pattern.size()) {
        error = "Illegal control escape sequence";
        return false;
      }
      append_hex(out, static_cast<unsigned char>(pattern[i + 1]) ^ 64u);
      i += 2;
      return true;
    case 'x':
      if (i + 1 < pattern.size() && pattern[i + 1] == '{') return unsupported("a code point");
      if (i + 2 >= pattern.size() || !std::isxdigit(static_cast<unsigned char>(pattern[i + 1])) ||
          !std::isxdigit(static_cast<unsigned char>(pattern[i + 2]))) {
        error = "Illegal hexadecimal escape sequence";
        return false;
      }
      out += pattern.substr(i - 1, 4);
      i += 3;
      return true;
    case 'u':
      for (size_t k = 1; k <= 4; ++k) {
        if (i + k >= pattern.size() || !std::isxdigit(static_cast<unsigned char>(pattern[i + k]))) {
          error = "Illegal Unicode escape sequence";
          return false;
        }
      }
      out += pattern.substr(i - 1, 6);
      i += 5;
      return true;
    case '0': {  // Java's octal \0n, \0nn, \0mnn (m <= 3)
      unsigned value = 0;
      size_t k = i + 1;
      const size_t max = k < pattern.size() && pattern[k] >= '0' && pattern[k] <= '3' ? 3 : 2;
      size_t digits = 0;
      while (digits < max && k < pattern.size() && pattern[k] >= '0' && pattern[k] <= '7') {
        value = value * 8 + static_cast<unsigned>(pattern[k] - '0');
        ++k, ++digits;
      }
      if (digits == 0) {
        error = "Illegal octal escape sequence";
        return false;
      }
      append_hex(out, value);
      i = k;
      return true;
    }
    case 'A':
      if (in_class) return unsupported("an anchor inside a class");
      out += '^';  // without MULTILINE, both are the start of the input
      ++i;
      return true;
    case 'z':
      if (in_class) return unsupported("an anchor inside a class");
      out += '$';
      ++i;
      return true;
    case 'Z':
      if (in_class) return unsupported("an anchor inside a class");
      out += "(?=\\n?$)";  // the end, or before a final line terminator
      ++i;
      return true;
    case 'h':
    case 'H':
      return unsupported("horizontal whitespace");
    case 'v':
    case 'V':
      return unsupported("vertical whitespace");
    case 'R':
      return unsupported("a linebreak");
    case 'X':
      return unsupported("a grapheme cluster");
    case 'G':
      return unsupported("the end of the previous match");
    case 'p':
    case 'P':
      return unsupported("a Unicode property class");
    case 'k':
      return unsupported("a named backreference");
    case 'N':
      return unsupported("a named character");
    default:
      break;
  }
  if (is_digit(c)) {  // a backreference
    if (in_class) {
      error = "Illegal escape sequence in a class";
      return false;
    }
    out += '\\';
    out += c;
    ++i;
    return true;
  }
  if (is_letter(c)) {
    error = "Illegal/unsupported escape sequence";
    return false;
  }
  append_literal(out, c);
  ++i;
  return true;
}

}  // namespace

std::optional<std::regex> compile_java_regex(std::string_view pattern, std::string& error) {
  std::string out;
  auto flags = std::regex::ECMAScript;
  size_t i = 0;
  if (pattern.starts_with("(?i)")) {
    flags |= std::regex::icase;
    i = 4;
  }
  bool in_class = false;
  bool after_quantifier = false;  // a '+' here would make the quantifier possessive
  while (i < pattern.size()) {
    const char c = pattern[i];
    if (c == '\\') {
      if (i + 1 >= pattern.size()) {
        error = "Unexpected internal error";  // Java's text for a trailing backslash
        return std::nullopt;
      }
      if (pattern[i + 1] == 'Q') {  // \Q...\E: everything between is literal
        size_t end = pattern.find("\\E", i + 2);
        std::string_view quoted = pattern.substr(
            i + 2, end == std::string_view::npos ? std::string_view::npos : end - i - 2);
        for (char q : quoted) append_literal(out, q);
        i = end == std::string_view::npos ? pattern.size() : end + 2;
        after_quantifier = false;
        continue;
      }
      if (pattern[i + 1] == 'E') {  // a stray \E is ignored by Java
        i += 2;
        continue;
      }
      ++i;
      if (!translate_escape(pattern, i, in_class, out, error)) return std::nullopt;
      after_quantifier = false;
      continue;
    }
    if (in_class) {
      if (c == '[') {
        error = "a class inside a class (union) is not supported";
        return std::nullopt;
      }
      if (c == '&' && i + 1 < pattern.size() && pattern[i + 1] == '&') {
        error = "class intersection (&&) is not supported";
        return std::nullopt;
      }
      if (c == ']') in_class = false;  // a ']' first in the class was taken when it opened
      out += c;
      ++i;
      continue;
    }
    if (c == '+' && after_quantifier) {
      error = "possessive quantifiers are not supported";
      return std::nullopt;
    }
    if (c == '(' && i + 1 < pattern.size() && pattern[i + 1] == '?') {
      std::string_view rest = pattern.substr(i + 2);
      if (!(rest.starts_with(":") || rest.starts_with("=") || rest.starts_with("!"))) {
        error = rest.starts_with(">") ? "atomic groups (?>...) are not supported"
                : rest.starts_with("<=") || rest.starts_with("<!") ? "lookbehind is not supported"
                : rest.starts_with("<")
                    ? "named groups (?<name>...) are not supported"
                    : "inline flags other than a leading (?i) are not supported";
        return std::nullopt;
      }
    }
    if (c == '[') {
      in_class = true;
      out += c;
      ++i;
      // Java takes a ']' right after '[' or '[^' as itself; ECMAScript would end the class there.
      if (i < pattern.size() && pattern[i] == '^') out += pattern[i++];
      if (i < pattern.size() && pattern[i] == ']') {
        out += "\\]";
        ++i;
      }
      after_quantifier = false;
      continue;
    }
    if (c == '{') {  // a {n}, {n,} or {n,m} quantifier is copied whole; any other '{' errs
      size_t k = i + 1;
      while (k < pattern.size() && (is_digit(pattern[k]) || pattern[k] == ',')) ++k;
      if (k > i + 1 && k < pattern.size() && pattern[k] == '}') {
        out += pattern.substr(i, k + 1 - i);
        i = k + 1;
        after_quantifier = true;
        continue;
      }
    }
    // "a+?" is lazy in both grammars; only a '+' straight after a quantifier is possessive.
    after_quantifier = (c == '*' || c == '+' || c == '?') && !(c == '?' && after_quantifier);
    out += c;
    ++i;
  }
  if (in_class) {
    error = "Unclosed character class";
    return std::nullopt;
  }
  try {
    return std::regex(out, flags);
  } catch (const std::regex_error& e) {
    error = e.what();
    return std::nullopt;
  }
}

std::optional<std::string> expand_java_replacement(std::string_view replacement,
                                                   const std::smatch& match, std::string& error) {
  const size_t groups = match.size() - 1;  // Matcher.groupCount()
  std::string out;
  size_t i = 0;
  while (i < replacement.size()) {
    const char c = replacement[i];
    if (c == '\\') {
      if (++i == replacement.size()) {
        error = "character to be escaped is missing";
        return std::nullopt;
      }
      out += replacement[i++];
      continue;
    }
    if (c != '$') {
      out += c;
      ++i;
      continue;
    }
    if (++i == replacement.size()) {
      error = "Illegal group reference: group index is missing";
      return std::nullopt;
    }
    if (replacement[i] == '{') {
      // ksink's patterns have no named groups (compile_java_regex rejects them).
      const size_t close = replacement.find('}', i);
      if (close == std::string_view::npos) {
        error = "named capturing group is missing trailing '}'";
      } else if (close == i + 1) {
        error = "named capturing group has 0 length name";
      } else {
        error =
            "No group with name {" + std::string(replacement.substr(i + 1, close - i - 1)) + "}";
      }
      return std::nullopt;
    }
    if (!is_digit(replacement[i])) {
      error = "Illegal group reference";
      return std::nullopt;
    }
    // The first digit is always a group; more digits join while they name an existing group.
    size_t ref = static_cast<size_t>(replacement[i++] - '0');
    while (i < replacement.size() && is_digit(replacement[i])) {
      const size_t longer = ref * 10 + static_cast<size_t>(replacement[i] - '0');
      if (longer > groups) break;
      ref = longer;
      ++i;
    }
    if (ref > groups) {
      error = "No group " + std::to_string(ref);
      return std::nullopt;
    }
    if (match[ref].matched) out += match[ref].str();
  }
  return out;
}

}  // namespace ksink::transforms
