#include "core/json_writer.h"

#include <gtest/gtest.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <random>

namespace ksink {
namespace {

std::string json(const Value& v) {
  std::string out;
  write_json(v, out);
  return out;
}

TEST(JsonWriter, DoublesAlwaysCarryADecimalPointLikeJava) {
  EXPECT_EQ(json(Value(4830.0)), "4830.0");
  EXPECT_EQ(json(Value(-2.0)), "-2.0");
  EXPECT_EQ(json(Value(0.7943)), "0.7943");
  EXPECT_EQ(json(Value(1e21)), "1e+21");
  EXPECT_EQ(json(Value(-0.0)), "-0.0");
  EXPECT_EQ(json(Value(std::numeric_limits<double>::infinity())), "null");
}

// What write_double must print: the shortest representation that reads back as the same double,
// with ".0" added when it has neither a point nor an exponent (Java style).
std::string reference_double(double d) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, d);
  std::string s(buf, end);
  if (s.find_first_of(".eE") == std::string::npos) s += ".0";
  return s;
}

TEST(JsonWriter, DecimalsPrintAsTheShortestRepresentationWhateverThePath) {
  std::mt19937_64 rng(42);
  std::vector<double> values = {0.1, 0.2, 0.3, 0.7943, 42.25, -42.25, 0.30000000000000004,
                                123456789.123456, 999999999.999999, 0.1234567, 1.0 / 3,
                                2.675, 1e-5, 0.099999, 5e-324, 1.7976931348623157e308};
  for (int i = 0; i < 200000; ++i) {
    const double scale[] = {10, 100, 1000, 1e4, 1e5, 1e6, 1e7};
    values.push_back(static_cast<double>(static_cast<int64_t>(rng() % 2000000000000) - 1000000000000) /
                     scale[rng() % 7]);
    double random;
    uint64_t bits = rng();
    std::memcpy(&random, &bits, sizeof random);
    if (std::isfinite(random)) values.push_back(random);
  }
  for (double d : values) {
    if (d == std::trunc(d)) continue;  // whole numbers have their own rule (above)
    std::string out;
    write_double(d, out);
    ASSERT_EQ(out, reference_double(d)) << std::hexfloat << d;
  }
}

TEST(JsonWriter, IntegersBytesDecimalsAndNesting) {
  Object o;
  o.emplace_back("i", Value(int64_t{-42}));
  o.emplace_back("b", Value(Bytes{"\x01\x02\xff"}));
  o.emplace_back("d", Value(Decimal{"12.340"}));
  o.emplace_back("a", Value(Array{Value(true), Value(nullptr), Value("x")}));
  EXPECT_EQ(json(Value(std::move(o))), R"({"i":-42,"b":"AQL/","d":12.340,"a":[true,null,"x"]})");
}

TEST(JsonWriter, EscapesEveryCharacterJsonRequiresAtAnyPosition) {
  // Long strings go through the 16-byte scan: put the escapes before, at and after a block edge.
  std::string s = std::string(15, 'a') + "\"" + std::string(16, 'b') + "\\\n\x01" + "tail";
  EXPECT_EQ(json(Value(s)), "\"" + std::string(15, 'a') + "\\\"" + std::string(16, 'b') +
                                "\\\\\\n\\u0001tail\"");
  EXPECT_EQ(json(Value("\t\r\b\f")), R"("\t\r\b\f")");
  EXPECT_EQ(json(Value("é ü 日本")), "\"é ü 日本\"");  // UTF-8 passes through
  std::string plain(100, 'z');
  EXPECT_EQ(json(Value(plain)), "\"" + plain + "\"");
}

TEST(JsonWriter, AppendsAfterWhatTheStringHoldsAndGrowsAsNeeded) {
  std::string out = "SET k ";
  out.reserve(8);
  Array big;
  for (int i = 0; i < 50; ++i) big.emplace_back(std::string(100, static_cast<char>('a' + i % 26)));
  write_json(Value(big), out);
  ASSERT_EQ(out.size(), 6 + 2 + 50 * 102 + 49);
  EXPECT_EQ(out.substr(0, 10), "SET k [\"aa");
  EXPECT_EQ(out.substr(out.size() - 3), "x\"]");
  write_double(2.5, out);
  EXPECT_EQ(out.substr(out.size() - 6), "x\"]2.5");
}

TEST(Base64, RoundTripsAllLengths) {
  for (std::string s : {"", "f", "fo", "foo", "foob", "fooba", "foobar"}) {
    std::string back;
    ASSERT_TRUE(base64_decode(base64_encode(s), back));
    EXPECT_EQ(back, s);
  }
  EXPECT_EQ(base64_encode("foobar"), "Zm9vYmFy");
  std::string out;
  EXPECT_FALSE(base64_decode("ab$c", out));
}

TEST(Value, NumericValuesAcceptNumbersAndNumericStringsOnly) {
  double d = 0;
  EXPECT_TRUE(numeric_value(Value(int64_t{7}), d));
  EXPECT_EQ(d, 7);
  EXPECT_TRUE(numeric_value(Value(" 1.5 "), d));
  EXPECT_EQ(d, 1.5);
  EXPECT_TRUE(numeric_value(Value(Decimal{"-3.25"}), d));
  EXPECT_EQ(d, -3.25);
  EXPECT_FALSE(numeric_value(Value("high"), d));
  EXPECT_FALSE(numeric_value(Value("12abc"), d));
  EXPECT_FALSE(numeric_value(Value(true), d));
  EXPECT_FALSE(numeric_value(Value(), d));
}

TEST(Value, TextOfValuesForKeysAndStreamFields) {
  EXPECT_EQ(to_text(Value("John")), "John");
  EXPECT_EQ(to_text(Value(int64_t{30})), "30");
  EXPECT_EQ(to_text(Value(4830.0)), "4830.0");
  EXPECT_EQ(to_text(Value()), "");
  Object o;
  o.emplace_back("a", Value(int64_t{1}));
  EXPECT_EQ(to_text(Value(std::move(o))), R"({"a":1})");
}

TEST(Value, FindsFieldsByPathAndIgnoringCase) {
  Object child;
  child.emplace_back("firstName", Value("Ann"));
  Object root;
  root.emplace_back("child", Value(std::move(child)));
  Value v(std::move(root));
  std::vector<std::string> path = {"child", "firstName"};
  ASSERT_NE(v.at_path(path), nullptr);
  EXPECT_EQ(v.at_path(path)->as_string(), "Ann");
  EXPECT_EQ(v.find("CHILD"), nullptr);
  EXPECT_NE(v.find_ci("CHILD"), nullptr);
  std::vector<std::string> missing = {"child", "age"};
  EXPECT_EQ(v.at_path(missing), nullptr);
}

}  // namespace
}  // namespace ksink
