// java.text.SimpleDateFormat patterns ("yyyy-MM-dd'T'HH:mm:ss.SSSZ") as Kafka Connect's
// TimestampConverter and TimestampRouter use them: always in UTC (Connect sets the format's zone to
// UTC) and with the English names of the JVM's default locale (Jan, Monday, AM, UTC).
//
// Letters: G y M L d D F E u a H k K h m s S z Z X, quoted text ('T', '' for a quote), any other
// character as itself. Java's week-based letters (Y w W) are not supported: compiling them fails
// naming the letter. Parsing follows SimpleDateFormat.parse(String), which is lenient: out-of-range
// fields roll over (month 13 is January of the next year), spaces before a field are skipped, a
// numeric field followed directly by another field reads only as many digits as it has letters,
// and text after the pattern is ignored. Differences from Java: the proleptic Gregorian calendar
// throughout (Java switches to the Julian calendar before 1582-10-15), and the only zone names
// parsed are UTC's and GMT (with or without an offset); other names (PST, CET) do not parse.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ksink::transforms {

class JavaDateFormat {
 public:
  // The compiled pattern, or nullopt with `error` set to why: Java's own IllegalArgumentException
  // text ("Illegal pattern character 'q'", "Unterminated quote", "invalid ISO 8601 format:
  // length=4") or, for a letter Java knows and ksink does not, "Pattern character 'w' (week of
  // year) is not supported".
  static std::optional<JavaDateFormat> compile(std::string_view pattern, std::string& error);

  // The pattern as written (SimpleDateFormat.toPattern()).
  const std::string& pattern() const { return pattern_; }

  // The instant (epoch milliseconds) as text.
  std::string format(int64_t epoch_ms) const;

  // The instant the text starts with, or nullopt when SimpleDateFormat.parse would throw a
  // ParseException.
  std::optional<int64_t> parse(std::string_view text) const;

 private:
  struct Element {
    char letter = 0;      // 0 for literal text
    int count = 0;        // how many times the letter repeats
    std::string literal;  // the text, when letter == 0
  };

  std::string pattern_;
  std::vector<Element> elements_;
  // Two-digit years ("yy" reading "17") fall in the century starting 80 years before the format
  // was made, as SimpleDateFormat's defaultCenturyStart.
  int64_t century_start_ms_ = 0;
  int century_start_year_ = 0;
};

// Civil date arithmetic in the proleptic Gregorian calendar, shared with the transforms that turn
// instants into Connect's Date (days) and Time (milliseconds of the day).
int64_t floor_div(int64_t a, int64_t b);
int64_t days_from_civil(int64_t year, int month, int day);  // month 1-12; days since 1970-01-01

}  // namespace ksink::transforms
