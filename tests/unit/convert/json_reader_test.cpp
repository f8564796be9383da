#include "convert/json_reader.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <cmath>
#include <algorithm>
#include <array>
#include <random>
#include <string>

namespace ksink {
namespace {

TEST(JsonReaderErrors, AcceptsValidDocuments) {
  for (std::string_view doc :
       {"{}", "[]", " 1 ", "-0.5e+10", "\"a\\u00e9\\ud83d\\ude00\\n\"", "true", "null",
        "{\"a\":[1,{\"b\":null}],\"c\":\"\xC3\xA9\"}", "123456789012345678901234567890"}) {
    EXPECT_FALSE(find_json_syntax_error(doc).has_value()) << doc;
  }
}

TEST(JsonReaderErrors, ReportsFirstProblemOffset) {
  auto e = find_json_syntax_error("{\"a\":1,,}");
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->offset, 7u);
  EXPECT_EQ(e->problem, "expected a field name in double quotes");
  auto empty = find_json_syntax_error("  ");
  ASSERT_TRUE(empty.has_value());
  EXPECT_EQ(empty->problem, "the document is empty");
  auto ctrl = find_json_syntax_error("[\"a\tb\"]");
  ASSERT_TRUE(ctrl.has_value());
  EXPECT_EQ(ctrl->offset, 3u);
  auto low = find_json_syntax_error("\"\\udc00\"");
  ASSERT_TRUE(low.has_value());
  EXPECT_EQ(low->problem, "\\u escape is a low surrogate without a high surrogate before it");
}

TEST(JsonReaderErrors, DepthLimit) {
  std::string ok(1024, '[');
  ok += std::string(1024, ']');
  EXPECT_FALSE(find_json_syntax_error(ok).has_value());
  std::string deep(1025, '[');
  deep += std::string(1025, ']');
  auto e = find_json_syntax_error(deep);
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->offset, 1024u);
}

TEST(JsonReaderErrors, WidenBigIntegers) {
  std::string out;
  EXPECT_FALSE(widen_big_integers("[1, -9223372036854775808, 18446744073709551615, 1.5e300]", out));
  ASSERT_TRUE(widen_big_integers(
      "{\"a\":18446744073709551616,\"s\":\"99999999999999999999\",\"b\":[-9223372036854775809]}",
      out));
  EXPECT_EQ(out,
            "{\"a\":18446744073709551616.0,\"s\":\"99999999999999999999\",\"b\":"
            "[-9223372036854775809.0]}");
}


// ---- values -----------------------------------------------------------------------------------

Value read(std::string_view text) {
  Value v;
  auto problem = JsonReader().read(text, v);
  EXPECT_FALSE(problem.has_value()) << text << ": " << (problem ? problem->problem : "");
  return v;
}

TEST(JsonReader, NumbersAreIntsWhenTheyFit64SignedBitsAndDoublesOtherwise) {
  EXPECT_EQ(read("0"), Value(0));
  EXPECT_EQ(read("-0"), Value(0));  // an integer, as simdjson and Jackson read it
  EXPECT_EQ(read("123456789012345678"), Value(int64_t{123456789012345678}));
  EXPECT_EQ(read("9223372036854775807"), Value(INT64_MAX));
  EXPECT_EQ(read("-9223372036854775808"), Value(INT64_MIN));
  EXPECT_EQ(read("9223372036854775808"), Value(9223372036854775808.0));
  EXPECT_EQ(read("18446744073709551616"), Value(18446744073709551616.0));
  EXPECT_EQ(read("-123456789012345678901234567890"), Value(-123456789012345678901234567890.0));
  EXPECT_EQ(read("1.5"), Value(1.5));
  EXPECT_EQ(read("1E2"), Value(100.0));
  EXPECT_EQ(read("0.1e1"), Value(1.0));
  EXPECT_EQ(read("2.5e-324"), Value(4.9406564584124654e-324));  // rounded to the nearest
  EXPECT_EQ(read("9007199254740993.0"), Value(9007199254740992.0));
  // Short mantissas with small powers of ten (one exact multiplication or division) and the rest.
  for (auto [text, expected] : std::initializer_list<std::pair<std::string_view, double>>{
           {"0.1", 0.1}, {"-4321.5", -4321.5}, {"123.456e-5", 123.456e-5}, {"1e22", 1e22},
           {"1e23", 1e23}, {"999999999999999.9", 999999999999999.9}, {"0.3e-22", 0.3e-22},
           {"7.0E+1", 70.0}, {"123456789012345e7", 123456789012345e7}, {"0e9", 0.0}})
    EXPECT_EQ(read(text), Value(expected)) << text;
  // Runs of eight digits are read in one step: every length around that step, digits past the
  // nineteenth, and a run cut short (the differential test below mutates long numbers too).
  std::string digits = "9876543210987654321";
  for (size_t len = 1; len <= digits.size(); ++len) {
    std::string t = digits.substr(0, len);
    const Value n = len < 19 ? Value(static_cast<int64_t>(std::stoll(t))) : Value(std::stod(t));
    EXPECT_EQ(read(t), n) << t;
    EXPECT_EQ(read("[" + t + "]"), Value(Array{n})) << t;
    EXPECT_EQ(read("0." + t), Value(std::stod("0." + t))) << t;
    EXPECT_EQ(read("12345678." + t + "e-3"), Value(std::stod("12345678." + t + "e-3"))) << t;
  }
  EXPECT_EQ(read("[12345678,9]"), Value(Array{Value(12345678), Value(9)}));
  EXPECT_EQ(read("1700000123456"), Value(int64_t{1700000123456}));
  EXPECT_EQ(read("99999999999999999999"), Value(99999999999999999999.0));
  Value under = read("-1e-400");  // underflow is zero, with its sign
  ASSERT_EQ(under.kind(), Kind::Double);
  EXPECT_EQ(under.as_double(), 0.0);
  EXPECT_TRUE(std::signbit(under.as_double()));
  EXPECT_TRUE(std::signbit(read("-0.0").as_double()));
  auto over = find_json_syntax_error("[1, 1e400]");
  ASSERT_TRUE(over.has_value());
  EXPECT_EQ(over->offset, 4u);
  EXPECT_EQ(over->problem, "number is too large for a double");
}

TEST(JsonReader, StringsAreUnescapedAndKeepTheirBytes) {
  EXPECT_EQ(read(R"("a\"b\\c\/d\b\f\n\r\t")"), Value("a\"b\\c/d\b\f\n\r\t"));
  EXPECT_EQ(read(R"("\u00e9\u20ac\ud83d\ude00")"), Value("\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"));
  EXPECT_EQ(read(R"("nul\u0000in")"), Value(std::string("nul\0in", 6)));
  EXPECT_EQ(read("\"caf\xC3\xA9 \xF0\x9F\x98\x80\""), Value("caf\xC3\xA9 \xF0\x9F\x98\x80"));
  // Every position of a special character in the eight-byte steps of the plain-run scan.
  for (size_t at = 0; at < 20; ++at) {
    std::string plain(20, 'x');
    std::string escaped = plain;
    escaped.replace(at, 1, "\\n");
    plain[at] = '\n';
    EXPECT_EQ(read("\"" + escaped + "\""), Value(plain)) << at;
    std::string cut = "\"" + std::string(at, 'x');
    auto unterminated = find_json_syntax_error(cut);
    ASSERT_TRUE(unterminated.has_value());
    EXPECT_EQ(unterminated->problem, "string is not terminated");
    EXPECT_EQ(unterminated->offset, 0u);
    std::string bad = "\"" + std::string(20, 'x') + "\"";
    bad[1 + at] = '\xFF';
    auto invalid = find_json_syntax_error(bad);
    ASSERT_TRUE(invalid.has_value()) << at;
    EXPECT_EQ(invalid->problem, "invalid UTF-8 byte sequence in a string");
    EXPECT_EQ(invalid->offset, 1 + at);
    bad[1 + at] = '\x01';
    invalid = find_json_syntax_error(bad);
    ASSERT_TRUE(invalid.has_value()) << at;
    EXPECT_EQ(invalid->problem, "control character in a string (it must be escaped)");
    EXPECT_EQ(invalid->offset, 1 + at);
  }
  for (std::string_view overlong : {"\"\xC0\xAF\"", "\"\xED\xA0\x80\"", "\"\xF4\x90\x80\x80\"", "\"\xE2\x82\""})
    EXPECT_TRUE(find_json_syntax_error(overlong).has_value()) << overlong;
}

TEST(JsonReader, ObjectsKeepOrderAndTheLastOfRepeatedKeys) {
  Value v = read(R"( {"b":1, "a":[true,false,null,{}], "b":"two", "c":{"d":[]}} )");
  ASSERT_TRUE(v.is_object());
  const Object& o = v.as_object();
  ASSERT_EQ(o.size(), 3u);
  EXPECT_EQ(o[0].first, "b");
  EXPECT_EQ(o[0].second, Value("two"));
  EXPECT_EQ(o[1].second, Value(Array{Value(true), Value(false), Value(), Value(Object{})}));
  EXPECT_EQ(o[2].second, Value(Object{{"d", Value(Array{})}}));
}

TEST(JsonReader, OneReaderReadsDocumentsOfAnyShapeInTurn) {
  // The reader sizes the next top-level object by the last one: fewer, more and failed ones.
  JsonReader reader;
  Value v;
  ASSERT_FALSE(reader.read(R"({"a":1,"b":2,"c":3})", v));
  EXPECT_EQ(v.as_object().size(), 3u);
  ASSERT_FALSE(reader.read(R"({"a":1})", v));
  EXPECT_EQ(v, Value(Object{{"a", Value(1)}}));
  ASSERT_TRUE(reader.read(R"({"a":1,"b":)", v));
  ASSERT_FALSE(reader.read(R"({"a":1,"b":2,"c":3,"d":4,"e":5,"f":6})", v));
  EXPECT_EQ(v.as_object().back(), Field("f", Value(6)));
  ASSERT_FALSE(reader.read("[1]", v));
  EXPECT_EQ(v, Value(Array{Value(1)}));
  // A tree of another shape is replaced all through: fields, elements and strings.
  ASSERT_FALSE(reader.read(
      R"({"a":{"x":[1,2,3],"y":"a string longer than fifteen bytes"},"b":"s","c":[[1],[2]]})", v));
  ASSERT_FALSE(reader.read(R"({"a":{"x":[4]},"b":5,"c":[[]]})", v));
  EXPECT_EQ(v, Value(Object{{"a", Value(Object{{"x", Value(Array{Value(4)})}})},
                            {"b", Value(5)},
                            {"c", Value(Array{Value(Array{})})}}));
  ASSERT_FALSE(reader.read(R"({"a":"x","b":{},"c":"y"})", v));
  EXPECT_EQ(v, Value(Object{{"a", Value("x")}, {"b", Value(Object{})}, {"c", Value("y")}}));
  // A container much smaller than its predecessor at the same depth gives the guess back.
  std::string big = "{\"a\":[0";
  for (int i = 1; i < 1000; ++i) big += "," + std::to_string(i);
  big += "]}";
  ASSERT_FALSE(reader.read(big, v));
  EXPECT_EQ(v.as_object()[0].second.as_array().size(), 1000u);
  ASSERT_FALSE(reader.read(R"({"a":[7]})", v));
  EXPECT_EQ(v.as_object()[0].second, Value(Array{Value(7)}));
  EXPECT_LT(v.as_object()[0].second.as_array().capacity(), 10u);
}

TEST(JsonReader, RepeatedFieldNamesAreComparedAndOthersRead) {
  // A recycled object's names are compared with the text; any difference reads the name afresh.
  JsonReader reader;
  Value v;
  ASSERT_FALSE(reader.read(R"({"id":1,"name":"a","":0})", v));
  ASSERT_FALSE(reader.read(R"({"id":2,"nam":"b","":1})", v));
  EXPECT_EQ(v, Value(Object{{"id", Value(2)}, {"nam", Value("b")}, {"", Value(1)}}));
  ASSERT_FALSE(reader.read(R"({"id":3,"nam\"e":"c","x":2})", v));  // the name has an escape
  EXPECT_EQ(v, Value(Object{{"id", Value(3)}, {"nam\"e", Value("c")}, {"x", Value(2)}}));
  ASSERT_FALSE(reader.read(R"({"id":4,"nam\"e":"d","x":2})", v));  // the recycled name holds a quote
  EXPECT_EQ(v.as_object()[1].first, "nam\"e");
  ASSERT_FALSE(reader.read(R"({"i\u0064":5,"nam":"e","x\"":3})", v));
  EXPECT_EQ(v, Value(Object{{"id", Value(5)}, {"nam", Value("e")}, {"x\"", Value(3)}}));
  ASSERT_FALSE(reader.read(R"({"id":6,"nam":"f","x\"":4,"id":7})", v));  // repeated key
  EXPECT_EQ(v, Value(Object{{"id", Value(7)}, {"nam", Value("f")}, {"x\"", Value(4)}}));
  // A name cut off where the recycled one ends is an error, not a match.
  EXPECT_TRUE(reader.read(R"({"id)", v));
  EXPECT_TRUE(reader.read(R"({"id":1,"nam)", v));
  // A recycled name with a control character or non-ASCII bytes is never matched blindly.
  Value odd(Object{{std::string("\x01"), Value(1)}, {"\xc3\xa9", Value(2)}});
  auto problem = reader.read("{\"\x01\":1}", odd);
  ASSERT_TRUE(problem);
  EXPECT_EQ(problem->problem, "control character in a string (it must be escaped)");
  Value accented(Object{{"\xc3\xa9", Value(2)}});
  ASSERT_FALSE(reader.read("{\"\xc3\xa9\":3}", accented));
  EXPECT_EQ(accented, Value(Object{{"\xc3\xa9", Value(3)}}));
}

// ---- against simdjson -------------------------------------------------------------------------

// simdjson's reading of a document as a Value: the oracle for the reader.
Value from_simdjson(simdjson::dom::element e) {
  using T = simdjson::dom::element_type;
  switch (e.type()) {
    case T::OBJECT: {
      Object o;
      simdjson::dom::object obj = e.get_object().value_unsafe();
      for (auto kv : obj) {
        // Jackson's rule for repeated keys: the last value, at the first key's position.
        auto same = std::find_if(o.begin(), o.end(), [&](const Field& f) { return f.first == kv.key; });
        if (same != o.end())
          same->second = from_simdjson(kv.value);
        else
          o.emplace_back(std::string(kv.key), from_simdjson(kv.value));
      }
      return Value(std::move(o));
    }
    case T::ARRAY: {
      Array a;
      simdjson::dom::array arr = e.get_array().value_unsafe();
      for (auto x : arr) a.push_back(from_simdjson(x));
      return Value(std::move(a));
    }
    case T::STRING: return Value(std::string(e.get_string().value_unsafe()));
    case T::INT64: return Value(e.get_int64().value_unsafe());
    case T::UINT64: return Value(static_cast<double>(e.get_uint64().value_unsafe()));
    case T::DOUBLE: return Value(e.get_double().value_unsafe());
    case T::BOOL: return Value(e.get_bool().value_unsafe());
    case T::NULL_VALUE: return Value();
  }
  return Value();
}

// Random documents with distinct keys, numbers of at most 17 digits (simdjson refuses integers
// beyond 64 bits, which the reader reads as doubles) and strings mixing plain text, escapes,
// multi-byte UTF-8 and the characters that end the reader's plain-run scan.
class DocumentMaker {
 public:
  explicit DocumentMaker(uint32_t seed) : rng_(seed) {}

  std::string document() {
    std::string out;
    value(out, 0);
    return out;
  }

 private:
  size_t pick(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng_); }

  void value(std::string& out, int depth) {
    switch (pick(depth < 4 ? 8 : 5)) {
      case 0: string(out); break;
      case 1: number(out); break;
      case 2: out += std::array<const char*, 3>{"true", "false", "null"}[pick(3)]; break;
      case 3: case 4: string(out); break;
      case 5: case 6: {
        out += '{';
        size_t n = pick(6);
        for (size_t i = 0; i < n; ++i) {
          out += i ? "," : "";
          out += ws();
          out += "\"k" + std::to_string(i) + (pick(2) ? "\\u00e9" : "") + "\"" + ws() + ":" + ws();
          value(out, depth + 1);
        }
        out += ws() + "}";
        break;
      }
      default: {
        out += '[';
        size_t n = pick(5);
        for (size_t i = 0; i < n; ++i) {
          out += i ? "," : "";
          value(out, depth + 1);
        }
        out += ']';
      }
    }
  }

  std::string ws() { return std::array<const char*, 4>{"", "", " ", "\n\t "}[pick(4)]; }

  void string(std::string& out) {
    static const std::array<std::string_view, 12> pieces = {
        "plain", "x", "0123456789abcdef", "\\\"", "\\\\", "\\n", "\\u0041", "\\ud83d\\ude00",
        "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80", " "};
    out += '"';
    for (size_t n = pick(8); n > 0; --n) out += pieces[pick(pieces.size())];
    out += '"';
  }

  void number(std::string& out) {
    if (pick(2)) out += '-';
    out += std::to_string(pick(2) ? pick(10) : pick(100000000000000000ull));
    if (pick(2)) out += "." + std::to_string(pick(1000000));
    if (pick(3) == 0) out += std::string(pick(2) ? "e" : "E-") + std::to_string(pick(310));
  }

  std::mt19937 rng_;
};

TEST(JsonReader, ReadsWhatSimdjsonReadsAndRefusesWhatItRefuses) {
  simdjson::dom::parser parser;
  JsonReader reader;
  DocumentMaker maker(20261122);
  std::mt19937 mutate(7);
  const std::string noise = "\"\\{}[],:0-.eE \x01\x80\xC3tfnu";
  size_t accepted = 0, refused = 0;
  Value mine;  // one tree for all documents, as a task recycles them: each read replaces it all
  for (int i = 0; i < 4000; ++i) {
    std::string doc = maker.document();
    // Every other document with one byte replaced, inserted or removed: mostly not JSON any more.
    if (i % 2 && !doc.empty()) {
      size_t at = mutate() % doc.size();
      switch (mutate() % 3) {
        case 0: doc[at] = noise[mutate() % noise.size()]; break;
        case 1: doc.insert(at, 1, noise[mutate() % noise.size()]); break;
        default: doc.erase(at, 1);
      }
    }
    simdjson::padded_string padded(doc);
    simdjson::dom::element e;
    const bool simdjson_ok = !parser.parse(padded).get(e);
    auto problem = reader.read(doc, mine);
    ASSERT_EQ(simdjson_ok, !problem.has_value())
        << doc << (problem ? std::string(": ") + std::string(problem->problem) : "");
    if (simdjson_ok) {
      ASSERT_EQ(mine, from_simdjson(e)) << doc;
      ++accepted;
    } else {
      ++refused;
    }
  }
  EXPECT_GT(accepted, 2000u);  // the comparison covered both sides
  EXPECT_GT(refused, 1000u);
}

}  // namespace
}  // namespace ksink
