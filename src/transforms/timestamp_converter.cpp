// org.apache.kafka.connect.transforms.TimestampConverter$Key / $Value: converts a timestamp (the
// whole key/value, or its field `field`) between unix time, text in a SimpleDateFormat pattern and
// Connect's Timestamp, Date and Time (TimestampConverter.java).
//
// ksink follows the schemaless path, reading the input's kind where Connect infers the type from
// the Java class: an Int is unix time in `unix.precision`, a String is text in `format`. Connect's
// logical types are Ints in ksink, so a Timestamp (epoch milliseconds) input is unix time too,
// which is the same with the default precision; an input Date (days) or Time cannot be told from
// unix time and is read as such. The outputs are what a Connect sink would see, in ksink's
// representation: string -> text (UTC), unix -> Int in `unix.precision`, Timestamp -> Int epoch
// milliseconds, Date -> Int days since the epoch, Time -> Int milliseconds of the day.
#include <limits>

#include "transforms/java_date_format.h"
#include "transforms/registry.h"

namespace ksink::transforms {

namespace {

constexpr int64_t kMsPerDay = 86'400'000;
constexpr std::string_view kPurpose = "converting timestamp formats";

enum class Type { String, Unix, Date, Time, Timestamp };
enum class Precision { Seconds, Milliseconds, Microseconds, Nanoseconds };

// TimeUnit's conversions: finer to coarser truncates toward zero, coarser to finer saturates.
int64_t saturating_multiply(int64_t v, int64_t by) {
  if (v > std::numeric_limits<int64_t>::max() / by) return std::numeric_limits<int64_t>::max();
  if (v < std::numeric_limits<int64_t>::min() / by) return std::numeric_limits<int64_t>::min();
  return v * by;
}

class TimestampConverter final : public Transformation {
 public:
  TimestampConverter(Part part, std::string field, Type type, std::optional<JavaDateFormat> format,
                     Precision precision)
      : part_(part),
        field_(std::move(field)),
        type_(type),
        format_(std::move(format)),
        precision_(precision) {}

  bool apply(Record& record) const override {
    Value& v = part_of(record, part_);
    if (v.is_null() || field_.empty()) {
      v = convert(v);
      return true;
    }
    Object& object = require_object(v, kPurpose);
    for (auto& [name, value] : object) {
      if (name == field_) {
        value = convert(value);
        return true;
      }
    }
    // Kafka puts the converted missing field (null) into the map: the field appears as null.
    object.emplace_back(field_, Value());
    return true;
  }

 private:
  Value convert(const Value& timestamp) const {
    if (timestamp.is_null()) return Value();
    const int64_t ms = to_millis(timestamp);
    switch (type_) {
      case Type::String:
        return Value(format_->format(ms));
      case Type::Unix:
        switch (precision_) {
          case Precision::Seconds:
            return Value(ms / 1000);
          case Precision::Microseconds:
            return Value(saturating_multiply(ms, 1000));
          case Precision::Nanoseconds:
            return Value(saturating_multiply(ms, 1'000'000));
          case Precision::Milliseconds:
            break;
        }
        return Value(ms);
      case Type::Timestamp:
        return Value(ms);
      case Type::Date:
        return Value(floor_div(ms, kMsPerDay));
      case Type::Time:
        return Value(ms - floor_div(ms, kMsPerDay) * kMsPerDay);
    }
    return Value(ms);
  }

  int64_t to_millis(const Value& timestamp) const {
    switch (timestamp.kind()) {
      case Kind::Int: {
        const int64_t t = timestamp.as_int();
        switch (precision_) {
          case Precision::Seconds:
            return saturating_multiply(t, 1000);
          case Precision::Microseconds:
            return t / 1000;
          case Precision::Nanoseconds:
            return t / 1'000'000;
          case Precision::Milliseconds:
            break;
        }
        return t;
      }
      case Kind::String: {
        const std::string& text = timestamp.as_string();
        // Kafka has no format to parse with here and fails with a NullPointerException; ksink
        // says what is missing.
        if (!format_)
          throw DataError(
              "TimestampConverter requires format option to be specified when using string "
              "timestamps");
        auto ms = format_->parse(text);
        // Kafka's text with the value left out: error messages reach logs and dead-letter
        // headers, which never carry record content (docs/transforms.md "What transforms do to a record").
        if (!ms)
          throw DataError("Could not parse timestamp: value does not match pattern (" +
                          format_->pattern() + ")");
        return *ms;
      }
      default:
        throw DataError("TimestampConverter does not support class " +
                        std::string(java_class_name(timestamp)) + " objects as timestamps");
    }
  }

  Part part_;
  std::string field_;
  Type type_;
  std::optional<JavaDateFormat> format_;
  Precision precision_;
};

// ConfigDef.ValidString: case-sensitive, "String must be one of: a, b".
std::optional<size_t> one_of(TransformSettings& s, std::string_view key, const std::string& value,
                             std::initializer_list<std::string_view> allowed) {
  size_t i = 0;
  std::string list;
  for (std::string_view a : allowed) {
    if (a == value) return i;
    if (!list.empty()) list += ", ";
    list += a;
    ++i;
  }
  s.invalid(key, value, "String must be one of: " + list);
  return std::nullopt;
}

}  // namespace

std::unique_ptr<Transformation> make_timestamp_converter(TransformSettings& s, Part part) {
  std::string field = s.string("field", "");
  const bool has_type = s.has("target.type");
  const std::string type_text = s.string("target.type");
  const std::string pattern = s.string("format", "");
  const std::string precision_text = s.string("unix.precision", "milliseconds");
  // Kafka 3.8's option for Struct fields' defaults; schemaless values have none.
  s.boolean("replace.null.with.default", true);

  std::optional<size_t> type;
  if (has_type)
    type = one_of(s, "target.type", type_text, {"string", "unix", "Date", "Time", "Timestamp"});
  auto precision = one_of(s, "unix.precision", precision_text,
                          {"nanoseconds", "microseconds", "milliseconds", "seconds"});
  if (!type || !precision) return nullptr;

  // ConfigExceptions from configure(), in Kafka's words.
  static constexpr Type kTypes[] = {Type::String, Type::Unix, Type::Date, Type::Time,
                                    Type::Timestamp};
  if (kTypes[*type] == Type::String && pattern.empty()) {
    s.problem("format",
              "TimestampConverter requires format option to be specified when using string "
              "timestamps");
    return nullptr;
  }
  std::optional<JavaDateFormat> format;
  if (!pattern.empty()) {
    std::string error;
    format = JavaDateFormat::compile(pattern, error);
    if (!format) {
      std::string m =
          "TimestampConverter requires a SimpleDateFormat-compatible pattern for string "
          "timestamps: " +
          pattern;
      // Java's own refusals keep Kafka's sentence; what only ksink lacks says so.
      if (error.find("not supported") != std::string::npos) m += " (" + error + " by ksink)";
      s.problem("format", std::move(m));
      return nullptr;
    }
  }
  static constexpr Precision kPrecisions[] = {Precision::Nanoseconds, Precision::Microseconds,
                                              Precision::Milliseconds, Precision::Seconds};
  return std::make_unique<TimestampConverter>(part, std::move(field), kTypes[*type],
                                              std::move(format), kPrecisions[*precision]);
}

}  // namespace ksink::transforms
