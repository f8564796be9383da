#include "convert/avro_json_encoder.h"

#include <simdjson.h>

#include <cfloat>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "convert/decimal_text.h"
#include "convert/json_reader.h"

namespace ksink::avro {

namespace dom = simdjson::dom;

void write_long(int64_t v, std::string& out) {
  uint64_t z = (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
  while (z >= 0x80) {
    out.push_back(static_cast<char>((z & 0x7f) | 0x80));
    z >>= 7;
  }
  out.push_back(static_cast<char>(z));
}

namespace {

constexpr int kMaxDepth = 500;

void write_bytes(std::string_view b, std::string& out) {
  write_long(static_cast<int64_t>(b.size()), out);
  out.append(b);
}

void write_float(float f, std::string& out) {
  uint32_t bits;
  std::memcpy(&bits, &f, sizeof bits);
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((bits >> (8 * i)) & 0xff));
}

void write_double(double d, std::string& out) {
  uint64_t bits;
  std::memcpy(&bits, &d, sizeof bits);
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((bits >> (8 * i)) & 0xff));
}

std::string_view found(dom::element_type t) {
  switch (t) {
    case dom::element_type::ARRAY:
      return "an array";
    case dom::element_type::OBJECT:
      return "an object";
    case dom::element_type::INT64:
    case dom::element_type::UINT64:
      return "an integer";
    case dom::element_type::DOUBLE:
      return "a number with a fraction or exponent";
    case dom::element_type::STRING:
      return "a string";
    case dom::element_type::BOOL:
      return "true or false";
    case dom::element_type::NULL_VALUE:
      return "null";
  }
  return "an unknown JSON value";
}

// Avro's JSON encoding of bytes: each character \u0000-\u00ff is one byte.
bool latin1_bytes(std::string_view utf8, std::string& out) {
  out.clear();
  for (size_t i = 0; i < utf8.size(); ++i) {
    auto c = static_cast<uint8_t>(utf8[i]);
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else if ((c & 0xe0) == 0xc0 && i + 1 < utf8.size() && c <= 0xc3) {
      out.push_back(
          static_cast<char>(((c & 0x1f) << 6) | (static_cast<uint8_t>(utf8[++i]) & 0x3f)));
    } else {
      return false;
    }
  }
  return true;
}

// The unscaled integer of a decimal (decimal digits, no sign) as big-endian two's complement,
// in as few bytes as hold it.
std::string twos_complement(std::string_view digits, bool negative) {
  std::vector<uint8_t> dec;
  for (char c : digits) dec.push_back(static_cast<uint8_t>(c - '0'));
  std::string mag;  // little-endian magnitude
  size_t start = 0;
  while (start < dec.size() && dec[start] == 0) ++start;
  while (start < dec.size()) {  // repeated division by 256
    unsigned rem = 0;
    for (size_t i = start; i < dec.size(); ++i) {
      unsigned cur = rem * 10 + dec[i];
      dec[i] = static_cast<uint8_t>(cur / 256);
      rem = cur % 256;
    }
    mag.push_back(static_cast<char>(rem));
    while (start < dec.size() && dec[start] == 0) ++start;
  }
  if (mag.empty()) mag.push_back('\0');
  std::string be(mag.rbegin(), mag.rend());
  if (!negative) {
    if (static_cast<uint8_t>(be[0]) & 0x80) be.insert(be.begin(), '\0');
    return be;
  }
  for (char& c : be) c = static_cast<char>(~static_cast<uint8_t>(c));
  for (size_t i = be.size(); i-- > 0;)
    if (++reinterpret_cast<uint8_t&>(be[i]) != 0) break;
  if (!(static_cast<uint8_t>(be[0]) & 0x80)) be.insert(be.begin(), '\xff');
  return be;
}

}  // namespace

struct JsonEncoder::Impl {
  struct Step {
    std::string_view name;  // field name or map key
    size_t index = 0;
    enum class Kind : uint8_t { Field, Item, MapValue } kind = Kind::Field;
  };

  dom::parser parser;
  std::string_view input;
  std::vector<Step> path;
  std::string problem;
  bool in_default = false;  // encoding a schema default: unions take their first branch
  std::string scratch;

  bool fail(std::string p) {
    problem = std::move(p);
    return false;
  }

  std::string where() const {
    std::string w;
    for (const Step& s : path) {
      switch (s.kind) {
        case Step::Kind::Field:
          if (!w.empty()) w += '.';
          w += s.name;
          break;
        case Step::Kind::Item:
          w += "[" + std::to_string(s.index) + "]";
          break;
        case Step::Kind::MapValue:
          w += "[\"";
          w += s.name;
          w += "\"]";
          break;
      }
    }
    return w;
  }

  bool mismatch(const Node& n, dom::element e) {
    std::string_view form;
    switch (n.type) {
      case Type::Null:
        form = "JSON null";
        break;
      case Type::Boolean:
        form = "true or false";
        break;
      case Type::Int:
      case Type::Long:
        form = "a JSON integer";
        break;
      case Type::Float:
      case Type::Double:
        form = "a JSON number";
        break;
      case Type::Bytes:
      case Type::Fixed:
        form = n.logical == Logical::Decimal ? "a JSON number, or a string of bytes"
                                             : "a string of \\u0000-\\u00ff characters";
        break;
      case Type::String:
        form = "a JSON string";
        break;
      case Type::Enum:
        form = "one of its symbols as a string";
        break;
      case Type::Record:
      case Type::Map:
        form = "a JSON object";
        break;
      case Type::Array:
        form = "a JSON array";
        break;
      case Type::Union:
        form = "a union value";
        break;
    }
    std::string what = describe(n);
    bool vowel = std::string_view("aeiou").find(what[0]) != std::string_view::npos;
    return fail("expected " + std::string(vowel ? "an " : "a ") + what + " (" + std::string(form) +
                "), found " + std::string(found(e.type())));
  }

  bool encode(const Node& n, dom::element e, std::string& out, int depth) {
    if (depth > kMaxDepth)
      return fail("nested deeper than " + std::to_string(kMaxDepth) + " levels");
    const auto t = e.type();
    switch (n.type) {
      case Type::Null:
        return t == dom::element_type::NULL_VALUE || mismatch(n, e);
      case Type::Boolean: {
        bool b;
        if (e.get_bool().get(b)) return mismatch(n, e);
        out.push_back(b ? '\1' : '\0');
        return true;
      }
      case Type::Int:
      case Type::Long: {
        if (t != dom::element_type::INT64 && t != dom::element_type::UINT64) return mismatch(n, e);
        int64_t v = t == dom::element_type::INT64 ? e.get_int64().value_unsafe() : 0;
        if (n.type == Type::Int &&
            (t == dom::element_type::UINT64 || v < INT32_MIN || v > INT32_MAX))
          return fail("the integer is out of the range of an int (-2147483648 to 2147483647)");
        if (t == dom::element_type::UINT64)
          return fail(
              "the integer is out of the range of a long (-9223372036854775808 to "
              "9223372036854775807)");
        write_long(v, out);
        return true;
      }
      case Type::Float:
      case Type::Double: {
        double d;
        if (t == dom::element_type::INT64) {
          d = static_cast<double>(e.get_int64().value_unsafe());
        } else if (t == dom::element_type::UINT64) {
          d = static_cast<double>(e.get_uint64().value_unsafe());
        } else if (t == dom::element_type::DOUBLE) {
          d = e.get_double().value_unsafe();
        } else if (t == dom::element_type::STRING) {
          std::string_view s = e.get_string().value_unsafe();
          if (s == "NaN")
            d = std::numeric_limits<double>::quiet_NaN();
          else if (s == "Infinity")
            d = std::numeric_limits<double>::infinity();
          else if (s == "-Infinity")
            d = -std::numeric_limits<double>::infinity();
          else
            return mismatch(n, e);
        } else {
          return mismatch(n, e);
        }
        if (n.type == Type::Double) {
          write_double(d, out);
          return true;
        }
        if (std::isfinite(d) && std::fabs(d) > FLT_MAX)
          return fail("the number is out of the range of a float");
        write_float(static_cast<float>(d), out);
        return true;
      }
      case Type::Bytes:
      case Type::Fixed:
        return bytes(n, e, out);
      case Type::String: {
        std::string_view s;
        if (e.get_string().get(s)) return mismatch(n, e);
        write_bytes(s, out);
        return true;
      }
      case Type::Enum: {
        std::string_view s;
        if (e.get_string().get(s)) return mismatch(n, e);
        for (size_t i = 0; i < n.names.size(); ++i) {
          if (n.names[i] == s) {
            write_long(static_cast<int64_t>(i), out);
            return true;
          }
        }
        std::string symbols;
        for (size_t i = 0; i < n.names.size() && i < 20; ++i)
          symbols += (i ? ", " : "") + n.names[i];
        if (n.names.size() > 20) symbols += ", ...";
        return fail("\"" + std::string(s) + "\" is not a symbol of " + describe(n) + " (" +
                    symbols + ")");
      }
      case Type::Record:
        return record(n, e, out, depth);
      case Type::Array: {
        dom::array a;
        if (e.get_array().get(a)) return mismatch(n, e);
        if (a.size() > 0) {
          write_long(static_cast<int64_t>(a.size()), out);
          size_t i = 0;
          for (dom::element item : a) {
            path.push_back({{}, i++, Step::Kind::Item});
            if (!encode(*n.children[0], item, out, depth + 1)) return false;
            path.pop_back();
          }
        }
        out.push_back('\0');
        return true;
      }
      case Type::Map: {
        dom::object o;
        if (e.get_object().get(o)) return mismatch(n, e);
        if (o.size() > 0) {
          write_long(static_cast<int64_t>(o.size()), out);
          for (dom::key_value_pair kv : o) {
            write_bytes(kv.key, out);
            path.push_back({kv.key, 0, Step::Kind::MapValue});
            if (!encode(*n.children[0], kv.value, out, depth + 1)) return false;
            path.pop_back();
          }
        }
        out.push_back('\0');
        return true;
      }
      case Type::Union:
        return union_value(n, e, out, depth);
    }
    return fail("unsupported schema type");
  }

  bool record(const Node& n, dom::element e, std::string& out, int depth) {
    dom::object o;
    if (e.get_object().get(o)) return mismatch(n, e);
    for (dom::key_value_pair kv : o) {
      bool known = false;
      for (const auto& name : n.names) known = known || name == kv.key;
      if (!known) {
        std::string fields;
        for (size_t i = 0; i < n.names.size(); ++i) fields += (i ? ", " : "") + n.names[i];
        path.push_back({kv.key, 0, Step::Kind::Field});
        return fail("no such field in " + describe(n) + " (its fields: " + fields + ")");
      }
    }
    for (size_t i = 0; i < n.children.size(); ++i) {
      path.push_back({n.names[i], 0, Step::Kind::Field});
      dom::element child;
      if (!o.at_key(n.names[i]).get(child)) {
        if (!encode(*n.children[i], child, out, depth + 1)) return false;
      } else if (n.defaults[i]) {
        if (!encode_default(*n.children[i], *n.defaults[i], out, depth)) return false;
      } else {
        return fail("missing, and the schema gives it no default");
      }
      path.pop_back();
    }
    return true;
  }

  bool encode_default(const Node& n, const std::string& text, std::string& out, int depth) {
    dom::parser p;  // its own: the line's document must stay valid
    dom::element d;
    if (p.parse(text).get(d)) return fail("the schema's default is not valid JSON");
    bool saved = in_default;
    in_default = true;
    bool ok = encode(n, d, out, depth + 1);
    in_default = saved;
    if (!ok) problem = "the schema's default does not fit the field's type: " + problem;
    return ok;
  }

  bool union_value(const Node& n, dom::element e, std::string& out, int depth) {
    auto branch = [&](size_t i, dom::element v) {
      write_long(static_cast<int64_t>(i), out);
      return encode(*n.children[i], v, out, depth + 1);
    };
    if (in_default) return !n.children.empty() && branch(0, e);  // Avro: the first branch's type
    size_t null_branch = n.children.size();
    for (size_t i = 0; i < n.children.size(); ++i)
      if (n.children[i]->type == Type::Null) null_branch = i;
    if (e.is_null()) {
      if (null_branch < n.children.size()) return branch(null_branch, e);
      return fail("null is not allowed: the union " + branches(n) + " has no null branch");
    }
    dom::object o;
    if (!e.get_object().get(o) && o.size() == 1) {
      dom::key_value_pair kv = *o.begin();
      for (size_t i = 0; i < n.children.size(); ++i) {
        const Node& c = *n.children[i];
        std::string_view full = branch_name(c);
        std::string_view simple = full.substr(full.rfind('.') + 1);
        if (kv.key == full || (c.name.size() && kv.key == simple)) return branch(i, kv.value);
      }
    }
    if (n.children.size() == 2 && null_branch < 2) return branch(1 - null_branch, e);
    return fail(
        "a value of the union " + branches(n) +
        " is written as {\"branch\": value}, for example {\"" +
        std::string(branch_name(*n.children[n.children.size() > 1 && null_branch == 0 ? 1 : 0])) +
        "\": ...}");
  }

  static std::string branches(const Node& n) {
    std::string s = "[";
    for (size_t i = 0; i < n.children.size(); ++i) {
      if (i) s += ", ";
      s += branch_name(*n.children[i]);
    }
    return s + "]";
  }

  bool bytes(const Node& n, dom::element e, std::string& out) {
    const auto t = e.type();
    bool number = t == dom::element_type::INT64 || t == dom::element_type::UINT64 ||
                  t == dom::element_type::DOUBLE;
    if (n.logical == Logical::Decimal && number) return decimal(n, e, out);
    std::string_view s;
    if (e.get_string().get(s)) return mismatch(n, e);
    if (!latin1_bytes(s, scratch))
      return fail(
          "bytes are written as a string of \\u0000-\\u00ff characters (Avro's JSON "
          "encoding); this string has a character above \\u00ff");
    if (n.type == Type::Fixed) {
      if (scratch.size() != static_cast<size_t>(n.size))
        return fail("a " + describe(n) + " needs exactly " + std::to_string(n.size) +
                    " bytes, found " + std::to_string(scratch.size()));
      out.append(scratch);
    } else {
      write_bytes(scratch, out);
    }
    return true;
  }

  bool decimal(const Node& n, dom::element e, std::string& out) {
    char buf[32];
    std::string raw;
    std::string_view number;
    switch (e.type()) {
      case dom::element_type::INT64: {
        auto r = std::to_chars(buf, buf + sizeof buf, e.get_int64().value_unsafe());
        number = std::string_view(buf, static_cast<size_t>(r.ptr - buf));
        break;
      }
      case dom::element_type::UINT64: {
        auto r = std::to_chars(buf, buf + sizeof buf, e.get_uint64().value_unsafe());
        number = std::string_view(buf, static_cast<size_t>(r.ptr - buf));
        break;
      }
      default:  // a double has lost digits the text had: take the number's own text
        if (!in_default && number_text(raw)) {
          number = raw;
        } else {
          auto r = std::to_chars(buf, buf + sizeof buf, e.get_double().value_unsafe());
          number = std::string_view(buf, static_cast<size_t>(r.ptr - buf));
        }
    }
    std::string text;
    if (!decimal_from_number(number, n.scale, text)) return fail("the number has too many digits");
    size_t point = text.find('.');
    size_t frac = point == std::string::npos ? 0 : text.size() - point - 1;
    if (frac > static_cast<size_t>(n.scale))
      return fail("the number has more digits after the point than the scale of " + describe(n));
    bool negative = text[0] == '-';
    std::string digits;
    for (char c : text)
      if (c >= '0' && c <= '9') digits.push_back(c);
    size_t significant = digits.find_first_not_of('0');
    if (significant != std::string::npos &&
        digits.size() - significant > static_cast<size_t>(n.precision))
      return fail("the number has more digits than the precision of " + describe(n));
    std::string unscaled = twos_complement(digits, negative);
    if (n.type == Type::Bytes) {
      write_bytes(unscaled, out);
      return true;
    }
    if (unscaled.size() > static_cast<size_t>(n.size))
      return fail("the number does not fit the " + std::to_string(n.size) + " bytes of " +
                  describe(n));
    out.append(static_cast<size_t>(n.size) - unscaled.size(), negative ? '\xff' : '\0');
    out.append(unscaled);
    return true;
  }

  // The text of the number at `path` in the input line (cold path: decimals written as numbers
  // with a fraction).
  bool number_text(std::string& out) {
    if (path.empty()) {  // the whole line is the number (simdjson cannot point at a scalar root)
      std::string_view raw = input;
      while (!raw.empty() && (raw.front() == ' ' || raw.front() == '\t')) raw.remove_prefix(1);
      while (!raw.empty() &&
             (raw.back() == ' ' || raw.back() == '\t' || raw.back() == '\n' || raw.back() == '\r'))
        raw.remove_suffix(1);
      out.assign(raw);
      return true;
    }
    std::string pointer;
    for (const Step& s : path) {
      pointer += '/';
      if (s.kind == Step::Kind::Item) {
        pointer += std::to_string(s.index);
        continue;
      }
      for (char c : s.name) {
        if (c == '~')
          pointer += "~0";
        else if (c == '/')
          pointer += "~1";
        else
          pointer += c;
      }
    }
    simdjson::ondemand::parser p;
    simdjson::padded_string padded(input);
    simdjson::ondemand::document doc;
    if (p.iterate(padded).get(doc)) return false;
    simdjson::ondemand::value v;
    if (doc.at_pointer(pointer).get(v)) return false;
    std::string_view raw = v.raw_json_token();
    while (!raw.empty() &&
           (raw.back() == ' ' || raw.back() == '\t' || raw.back() == '\n' || raw.back() == '\r'))
      raw.remove_suffix(1);
    out.assign(raw);
    return true;
  }
};

JsonEncoder::JsonEncoder() : impl_(std::make_unique<Impl>()) {}
JsonEncoder::~JsonEncoder() = default;

bool JsonEncoder::encode(const Schema& schema, std::string_view json, std::string& out,
                         std::string& error) {
  Impl& m = *impl_;
  m.input = json;
  m.path.clear();
  m.in_default = false;
  dom::element root;
  if (auto err = m.parser.parse(json.data(), json.size(), true).get(root)) {
    error = "not valid JSON: ";
    if (auto problem = find_json_syntax_error(json)) {  // simdjson does not say where
      error += problem->problem;
      error += " (at byte offset " + std::to_string(problem->offset) + ")";
    } else {
      error += simdjson::error_message(err);
    }
    return false;
  }
  if (m.encode(schema.root(), root, out, 0)) return true;
  std::string w = m.where();
  error = w.empty() ? m.problem : "field '" + w + "': " + m.problem;
  return false;
}

}  // namespace ksink::avro
