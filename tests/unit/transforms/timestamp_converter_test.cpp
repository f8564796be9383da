// TimestampConverter, following Kafka's TimestampConverterTest
// (connect/transforms/src/test/java/org/apache/kafka/connect/transforms/TimestampConverterTest.java):
// its schemaless cases, and the schema cases whose inputs are ksink kinds (an INT64 unix time, a
// STRING). Connect's java.util.Date values are Ints here: Timestamp in epoch milliseconds, Date in
// days since the epoch, Time in milliseconds of the day.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "unit/transforms/harness.h"

namespace ksink::transforms::testing {
namespace {

using ::testing::ElementsAre;
using V = TransformChain::Verdict;
constexpr const char* kValue = "org.apache.kafka.connect.transforms.TimestampConverter$Value";
constexpr const char* kKey = "org.apache.kafka.connect.transforms.TimestampConverter$Key";

// Kafka's fixtures: 1970-01-02T00:00:01.234Z.
constexpr int64_t kDatePlusTimeUnix = 86401234;
constexpr int64_t kDatePlusTimeMicros = kDatePlusTimeUnix * 1000 + 123;
constexpr int64_t kDatePlusTimeNanos = kDatePlusTimeMicros * 1000 + 456;
constexpr int64_t kDatePlusTimeSeconds = 86401;
constexpr int64_t kDateDays = 1;       // DATE: 1970-01-02
constexpr int64_t kDateMs = 86400000;  // DATE as a Timestamp
constexpr int64_t kTimeMs = 1234;      // TIME: 00:00:01.234
constexpr const char* kFormat = "yyyy MM dd HH mm ss SSS z";
constexpr const char* kDatePlusTimeString = "1970 01 02 00 00 01 234 UTC";

struct Case {
  const char* name;
  ConfigMap settings;
  Value input;
  Value expected;
};

Value converted(const ConfigMap& settings, Value input, const char* cls = kValue) {
  auto chain = build_chain(one_transform(cls, settings));
  if (!chain) return Value("<no chain>");
  const bool key = std::string(cls) == kKey;
  auto a = apply(*chain, key ? record(input, Value("v")) : record(Value("k"), input));
  EXPECT_EQ(a.verdict, V::Keep) << a.error;
  return key ? a.record.key : a.record.value;
}

TEST(TimestampConverter, Schemaless) {
  const Case cases[] = {
      {"testSchemalessIdentity",
       {{"target.type", "Timestamp"}},
       kDatePlusTimeUnix,
       kDatePlusTimeUnix},
      {"testSchemalessTimestampToDate", {{"target.type", "Date"}}, kDatePlusTimeUnix, kDateDays},
      {"testSchemalessTimestampToTime", {{"target.type", "Time"}}, kDatePlusTimeUnix, kTimeMs},
      {"testSchemalessTimestampToUnix",
       {{"target.type", "unix"}},
       kDatePlusTimeUnix,
       kDatePlusTimeUnix},
      {"testSchemalessTimestampToString",
       {{"target.type", "string"}, {"format", kFormat}},
       kDatePlusTimeUnix,
       kDatePlusTimeString},
      {"testSchemalessDateToTimestamp", {{"target.type", "Timestamp"}}, kDateMs, kDateMs},
      {"testSchemalessTimeToTimestamp", {{"target.type", "Timestamp"}}, kTimeMs, kTimeMs},
      {"testSchemalessUnixToTimestamp",
       {{"target.type", "Timestamp"}},
       kDatePlusTimeUnix,
       kDatePlusTimeUnix},
      {"testSchemalessStringToTimestamp",
       {{"target.type", "Timestamp"}, {"format", kFormat}},
       kDatePlusTimeString,
       kDatePlusTimeUnix},
      {"testWithSchemaFieldConversion_Micros (whole value)",
       {{"target.type", "Timestamp"}, {"unix.precision", "microseconds"}},
       kDatePlusTimeMicros,
       kDatePlusTimeUnix},
      {"testSchemalessStringToUnix_Micros",
       {{"target.type", "unix"}, {"unix.precision", "microseconds"}, {"format", kFormat}},
       kDatePlusTimeString,
       int64_t{86401234000}},
      {"testSchemalessStringToUnix_Nanos",
       {{"target.type", "unix"}, {"unix.precision", "nanoseconds"}, {"format", kFormat}},
       kDatePlusTimeString,
       int64_t{86401234000000}},
      {"testSchemalessStringToUnix_Seconds",
       {{"target.type", "unix"}, {"unix.precision", "seconds"}, {"format", kFormat}},
       kDatePlusTimeString,
       kDatePlusTimeSeconds},
      // Beyond Kafka's test: before the epoch, Date and Time take the day the instant is in.
      {"negativeToDate", {{"target.type", "Date"}}, int64_t{-1}, int64_t{-1}},
      {"negativeToTime", {{"target.type", "Time"}}, int64_t{-1}, int64_t{86399999}},
      // Milliseconds to seconds truncates toward zero, as TimeUnit does: -1.5 s is -1.
      {"negativeToUnixSeconds",
       {{"target.type", "unix"},
        {"unix.precision", "seconds"},
        {"format", "yyyy-MM-dd HH:mm:ss.SSS"}},
       "1969-12-31 23:59:58.500",
       int64_t{-1}},
      {"stringToString",
       {{"target.type", "string"}, {"format", "yyyy-MM-dd'T'HH:mm:ssXXX"}},
       "2017-01-03T07:30:01+01:00",
       "2017-01-03T06:30:01Z"},
  };
  for (const auto& c : cases) {
    const Value out = converted(c.settings, c.input);
    EXPECT_EQ(out, c.expected) << c.name << ": " << to_text(out);
  }
}

TEST(TimestampConverter, SchemalessNullValueAndNullField) {
  for (const char* type : {"string", "Date", "Timestamp", "unix", "Time"}) {
    EXPECT_EQ(converted({{"target.type", type}, {"format", kFormat}}, Value()), Value()) << type;
    EXPECT_EQ(converted({{"target.type", type}, {"format", kFormat}, {"field", "ts"}}, Value()),
              Value())
        << type;
    // A null field stays null, in its place.
    EXPECT_EQ(converted({{"target.type", type}, {"format", kFormat}, {"field", "ts"}},
                        Object{{"ts", Value()}, {"other", "test"}}),
              Value(Object{{"ts", Value()}, {"other", "test"}}))
        << type;
  }
}

TEST(TimestampConverter, FieldConversion) {
  // testSchemalessFieldConversion
  EXPECT_EQ(
      converted({{"target.type", "Date"}, {"field", "ts"}}, Object{{"ts", kDatePlusTimeUnix}}),
      Value(Object{{"ts", kDateDays}}));
  // testWithSchemaFieldConversion: the other fields stay as they are, in order.
  EXPECT_EQ(converted({{"target.type", "Timestamp"}, {"field", "ts"}},
                      Object{{"ts", kDatePlusTimeUnix}, {"other", "test"}}),
            Value(Object{{"ts", kDatePlusTimeUnix}, {"other", "test"}}));
  const std::pair<const char*, int64_t> precisions[] = {
      {"microseconds", kDatePlusTimeMicros},  // testWithSchemaFieldConversion_Micros
      {"nanoseconds", kDatePlusTimeNanos},    // testWithSchemaFieldConversion_Nanos
  };
  for (const auto& [precision, input] : precisions) {
    EXPECT_EQ(
        converted({{"target.type", "Timestamp"}, {"field", "ts"}, {"unix.precision", precision}},
                  Object{{"ts", input}}),
        Value(Object{{"ts", kDatePlusTimeUnix}}))
        << precision;
  }
  // testWithSchemaFieldConversion_Seconds
  EXPECT_EQ(
      converted({{"target.type", "Timestamp"}, {"field", "ts"}, {"unix.precision", "seconds"}},
                Object{{"ts", kDatePlusTimeSeconds}}),
      Value(Object{{"ts", int64_t{86401000}}}));
  // A missing field: Kafka puts the converted null into the map.
  EXPECT_EQ(converted({{"target.type", "Date"}, {"field", "ts"}}, Object{{"a", 1}}),
            Value(Object{{"a", 1}, {"ts", Value()}}));
}

TEST(TimestampConverter, Key) {
  EXPECT_EQ(converted({{"target.type", "Timestamp"}}, kDatePlusTimeUnix, kKey),
            Value(kDatePlusTimeUnix));
}

struct Failure {
  const char* name;
  ConfigMap settings;
  Value input;
  const char* message;
};

TEST(TimestampConverter, RecordErrors) {
  const Failure cases[] = {
      {"unparseable",
       {{"target.type", "Timestamp"}, {"format", "yyyy-MM-dd"}},
       "2017/01/03",
       "Could not parse timestamp: value does not match pattern (yyyy-MM-dd)"},
      {"stringWithoutFormat",
       {{"target.type", "unix"}},
       "2017-01-03",
       "TimestampConverter requires format option to be specified when using string timestamps"},
      {"double",
       {{"target.type", "unix"}},
       1.5,
       "TimestampConverter does not support class java.lang.Double objects as timestamps"},
      {"boolean",
       {{"target.type", "unix"}},
       true,
       "TimestampConverter does not support class java.lang.Boolean objects as timestamps"},
      {"fieldOfAString",
       {{"target.type", "unix"}, {"field", "ts"}},
       "x",
       "Only Map objects supported in absence of schema for [converting timestamp formats], found: "
       "java.lang.String"},
  };
  for (const auto& c : cases) {
    auto chain = build_chain(one_transform(kValue, c.settings));
    ASSERT_TRUE(chain) << c.name;
    auto a = apply(*chain, record(Value(), c.input));
    EXPECT_EQ(a.verdict, V::Fail) << c.name;
    EXPECT_EQ(a.error, c.message) << c.name;
  }
}

TEST(TimestampConverter, ConfigErrors) {
  // testConfigNoTargetType
  EXPECT_THAT(problems_of(one_transform(kValue)),
              ElementsAre("transforms.t.target.type: Missing required configuration "
                          "\"transforms.t.target.type\" which has no default value."));
  // testConfigInvalidTargetType (case matters, as in ConfigDef.ValidString)
  for (const char* bad : {"invalid", "timestamp"}) {
    EXPECT_THAT(problems_of(one_transform(kValue, {{"target.type", bad}})),
                ElementsAre(std::string("transforms.t.target.type: Invalid value ") + bad +
                            " for configuration transforms.t.target.type: String must be one of: "
                            "string, unix, Date, Time, Timestamp"));
  }
  // testConfigInvalidUnixPrecision
  EXPECT_THAT(
      problems_of(one_transform(kValue, {{"target.type", "unix"}, {"unix.precision", "invalid"}})),
      ElementsAre("transforms.t.unix.precision: Invalid value invalid for configuration "
                  "transforms.t.unix.precision: String must be one of: nanoseconds, "
                  "microseconds, milliseconds, seconds"));
  // testConfigValidUnixPrecision
  EXPECT_TRUE(
      problems_of(one_transform(kValue, {{"target.type", "unix"}, {"unix.precision", "seconds"}}))
          .empty());
  // testConfigMissingFormat
  EXPECT_THAT(problems_of(one_transform(kValue, {{"target.type", "string"}})),
              ElementsAre("transforms.t.format: TimestampConverter requires format option to be "
                          "specified when using string timestamps"));
  // testConfigInvalidFormat
  EXPECT_THAT(
      problems_of(one_transform(kValue, {{"target.type", "string"}, {"format", "bad-format"}})),
      ElementsAre("transforms.t.format: TimestampConverter requires a "
                  "SimpleDateFormat-compatible pattern for string timestamps: bad-format"));
  // A letter Java knows and ksink does not.
  EXPECT_THAT(
      problems_of(one_transform(kValue, {{"target.type", "string"}, {"format", "YYYY-ww"}})),
      ElementsAre("transforms.t.format: TimestampConverter requires a "
                  "SimpleDateFormat-compatible pattern for string timestamps: YYYY-ww "
                  "(Pattern character 'Y' (week year) is not supported by ksink)"));
  EXPECT_THAT(problems_of(one_transform(
                  kValue, {{"target.type", "unix"}, {"replace.null.with.default", "maybe"}})),
              ElementsAre("transforms.t.replace.null.with.default: Invalid value maybe for "
                          "configuration transforms.t.replace.null.with.default: Expected value "
                          "to be either true or false"));
  // The bare class is abstract, as in Connect.
  EXPECT_EQ(problems_of(one_transform("org.apache.kafka.connect.transforms.TimestampConverter",
                                      {{"target.type", "unix"}}))
                .size(),
            1u);
}

}  // namespace
}  // namespace ksink::transforms::testing
