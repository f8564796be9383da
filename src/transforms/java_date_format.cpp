#include "transforms/java_date_format.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <limits>

namespace ksink::transforms {

namespace {

constexpr int64_t kMsPerDay = 86'400'000;

constexpr std::array<std::string_view, 12> kMonths = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};
constexpr std::array<std::string_view, 12> kShortMonths = {
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
// Indexed by Java's DAY_OF_WEEK - 1 (Sunday first).
constexpr std::array<std::string_view, 7> kWeekdays = {"Sunday",   "Monday", "Tuesday", "Wednesday",
                                                       "Thursday", "Friday", "Saturday"};
constexpr std::array<std::string_view, 7> kShortWeekdays = {"Sun", "Mon", "Tue", "Wed",
                                                            "Thu", "Fri", "Sat"};
constexpr std::array<std::string_view, 2> kEras = {"BC", "AD"};
constexpr std::array<std::string_view, 2> kAmPm = {"AM", "PM"};
constexpr std::string_view kUtcShort = "UTC";
constexpr std::string_view kUtcLong = "Coordinated Universal Time";

// DateFormatSymbols.patternChars: the letters SimpleDateFormat knows.
constexpr std::string_view kJavaLetters = "GyMdkHmsSEDFwWahKzZYuXL";

int64_t floor_mod(int64_t a, int64_t b) { return a - floor_div(a, b) * b; }

void civil_from_days(int64_t z, int64_t& year, int& month, int& day) {
  z += 719468;
  const int64_t era = floor_div(z, 146097);
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  year = yoe + era * 400 + (month <= 2 ? 1 : 0);
}

// Java's Calendar.DAY_OF_WEEK (1 = Sunday) of a day since the epoch (a Thursday).
int java_day_of_week(int64_t days) { return static_cast<int>(floor_mod(days + 4, 7)) + 1; }

void pad(std::string& out, int64_t value, int min_digits) {
  if (value < 0) {
    out += '-';
    value = -value;
  }
  std::string digits = std::to_string(value);
  if (static_cast<int>(digits.size()) < min_digits) out.append(min_digits - digits.size(), '0');
  out += digits;
}

bool iequals_at(std::string_view text, size_t at, std::string_view word) {
  if (at > text.size() || text.size() - at < word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    char a = text[at + i], b = word[i];
    if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
    if (b >= 'A' && b <= 'Z') b = static_cast<char>(b - 'A' + 'a');
    if (a != b) return false;
  }
  return true;
}

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// The calendar fields a parse sets. Like Java's CalendarBuilder, each set records a stamp so that
// the most recently parsed of competing fields (d against D, H against h) decides.
enum Field {
  kEra,
  kYear,
  kMonth,
  kDayOfMonth,
  kDayOfYear,
  kDayOfWeek,
  kDayOfWeekInMonth,
  kAmPmField,
  kHour,
  kHourOfDay,
  kMinute,
  kSecond,
  kMillisecond,
  kFieldCount
};

struct Parsed {
  std::array<int64_t, kFieldCount> value{};
  std::array<int, kFieldCount> stamp{};  // 0: not set
  int next_stamp = 1;
  bool ambiguous_year = false;
  int64_t zone_offset_ms = 0;

  void set(Field f, int64_t v) {
    value[f] = v;
    stamp[f] = next_stamp++;
  }
  int64_t get(Field f, int64_t fallback) const { return stamp[f] ? value[f] : fallback; }
};

// Calendar.aggregateStamp: a group counts only when all its fields are set.
int aggregate(int a, int b) { return a == 0 || b == 0 ? 0 : std::max(a, b); }

// Java's Long.intValue() of what DecimalFormat read (a Double beyond long saturates instead).
int64_t java_int(bool negative, uint64_t magnitude, bool beyond_long) {
  if (beyond_long) {
    return negative ? std::numeric_limits<int32_t>::min() : std::numeric_limits<int32_t>::max();
  }
  const uint64_t bits = negative ? ~magnitude + 1 : magnitude;
  return static_cast<int32_t>(static_cast<uint32_t>(bits));
}

// DecimalFormat.parse as SimpleDateFormat sets it up (integers only, no grouping): an optional
// '-' then digits, up to `limit`. Advances `pos` past what it read.
std::optional<int64_t> parse_number(std::string_view text, size_t& pos, size_t limit) {
  size_t i = pos;
  bool negative = false;
  if (i < limit && text[i] == '-') {
    negative = true;
    ++i;
  }
  const size_t first_digit = i;
  uint64_t magnitude = 0;
  bool beyond_long = false;
  while (i < limit && is_digit(text[i])) {
    const uint64_t d = static_cast<uint64_t>(text[i] - '0');
    if (magnitude > (static_cast<uint64_t>(std::numeric_limits<int64_t>::max()) - d) / 10)
      beyond_long = true;
    else
      magnitude = magnitude * 10 + d;
    ++i;
  }
  if (i == first_digit) return std::nullopt;
  pos = i;
  return java_int(negative, magnitude, beyond_long);
}

// SimpleDateFormat.matchString: the longest of `names` found at `at`, ignoring case.
template <size_t N>
std::optional<int> match_name(std::string_view text, size_t at,
                              const std::array<std::string_view, N>& names, size_t& end) {
  int best = -1;
  size_t best_length = 0;
  for (size_t i = 0; i < N; ++i) {
    if (names[i].size() > best_length && iequals_at(text, at, names[i])) {
      best = static_cast<int>(i);
      best_length = names[i].size();
    }
  }
  if (best < 0) return std::nullopt;
  end = at + best_length;
  return best;
}

// SimpleDateFormat.subParseNumericZone: "hh", "hhmm" or "hh:mm" after the sign. `count` is the X
// letter count (0 for z and Z); `colon` whether "hh:mm" is required.
std::optional<size_t> parse_numeric_zone(std::string_view text, size_t at, int sign, int count,
                                         bool colon, int64_t& offset_ms) {
  size_t i = at;
  auto next = [&](char& c) {
    if (i >= text.size()) return false;
    c = text[i++];
    return true;
  };
  char c = 0;
  if (!next(c) || !is_digit(c)) return std::nullopt;
  int hours = c - '0';
  if (!next(c)) return std::nullopt;
  if (is_digit(c)) {
    hours = hours * 10 + (c - '0');
  } else {
    if (count > 0 || !colon) return std::nullopt;  // two digits unless "h:mm" after GMT
    --i;
  }
  if (hours > 23) return std::nullopt;
  int minutes = 0;
  if (count != 1) {
    if (!next(c)) return std::nullopt;
    if (colon) {
      if (c != ':' || !next(c)) return std::nullopt;
    }
    if (!is_digit(c)) return std::nullopt;
    minutes = c - '0';
    if (!next(c) || !is_digit(c)) return std::nullopt;
    minutes = minutes * 10 + (c - '0');
    if (minutes > 59) return std::nullopt;
  }
  offset_ms = static_cast<int64_t>(sign) * (hours * 60 + minutes) * 60'000;
  return i;
}

std::string_view letter_name(char c) {
  switch (c) {
    case 'Y':
      return "week year";
    case 'w':
      return "week in year";
    case 'W':
      return "week in month";
    default:
      return "";
  }
}

}  // namespace

int64_t floor_div(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

int64_t days_from_civil(int64_t year, int month, int day) {
  year -= month <= 2 ? 1 : 0;
  const int64_t era = floor_div(year, 400);
  const int64_t yoe = year - era * 400;
  const int64_t doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

std::optional<JavaDateFormat> JavaDateFormat::compile(std::string_view pattern,
                                                      std::string& error) {
  JavaDateFormat f;
  f.pattern_ = std::string(pattern);
  auto add_literal = [&](std::string_view text) {
    if (f.elements_.empty() || f.elements_.back().letter != 0) f.elements_.push_back({});
    f.elements_.back().literal += text;
  };
  bool in_quote = false;
  for (size_t i = 0; i < pattern.size(); ++i) {
    const char c = pattern[i];
    if (c == '\'') {
      // '' is a quote inside or outside quoted text; a lone ' opens or closes quoted text.
      if (i + 1 < pattern.size() && pattern[i + 1] == '\'') {
        ++i;
        add_literal("'");
      } else {
        in_quote = !in_quote;
      }
      continue;
    }
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (in_quote || !letter) {
      add_literal(std::string_view(&c, 1));
      continue;
    }
    if (kJavaLetters.find(c) == std::string_view::npos) {
      error = std::string("Illegal pattern character '") + c + "'";
      return std::nullopt;
    }
    if (!f.elements_.empty() && f.elements_.back().letter == c) {
      ++f.elements_.back().count;
    } else {
      f.elements_.push_back({c, 1, {}});
    }
  }
  if (in_quote) {
    error = "Unterminated quote";
    return std::nullopt;
  }
  for (const auto& e : f.elements_) {
    if (e.letter == 'X' && e.count >= 4) {
      error = "invalid ISO 8601 format: length=" + std::to_string(e.count);
      return std::nullopt;
    }
    if (!letter_name(e.letter).empty()) {
      error = std::string("Pattern character '") + e.letter + "' (" +
              std::string(letter_name(e.letter)) + ") is not supported";
      return std::nullopt;
    }
  }
  // SimpleDateFormat.initializeDefaultCentury: 80 years before now.
  const int64_t now_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
  int64_t year = 0;
  int month = 0, day = 0;
  const int64_t days = floor_div(now_ms, kMsPerDay);
  civil_from_days(days, year, month, day);
  f.century_start_year_ = static_cast<int>(year - 80);
  f.century_start_ms_ =
      (days_from_civil(year - 80, month, std::min(day, 28)) - days) * kMsPerDay + now_ms;
  return f;
}

std::string JavaDateFormat::format(int64_t epoch_ms) const {
  const int64_t days = floor_div(epoch_ms, kMsPerDay);
  const int64_t ms_of_day = epoch_ms - days * kMsPerDay;
  int64_t year = 0;
  int month = 0, day = 0;
  civil_from_days(days, year, month, day);
  const int hour = static_cast<int>(ms_of_day / 3'600'000);
  const int minute = static_cast<int>(ms_of_day / 60'000 % 60);
  const int second = static_cast<int>(ms_of_day / 1000 % 60);
  const int milli = static_cast<int>(ms_of_day % 1000);
  const int dow = java_day_of_week(days);
  // Years before 1 AD count back from 1 BC (Calendar.YEAR is the year of the era).
  const bool bc = year <= 0;
  const int64_t year_of_era = bc ? 1 - year : year;

  std::string out;
  for (const auto& e : elements_) {
    const int n = e.count;
    switch (e.letter) {
      case 0:
        out += e.literal;
        break;
      case 'G':
        out += kEras[bc ? 0 : 1];
        break;
      case 'y':
        if (n == 2)
          pad(out, year_of_era % 100, 2);
        else
          pad(out, year_of_era, n);
        break;
      case 'M':
      case 'L':
        if (n >= 4)
          out += kMonths[month - 1];
        else if (n == 3)
          out += kShortMonths[month - 1];
        else
          pad(out, month, n);
        break;
      case 'd':
        pad(out, day, n);
        break;
      case 'D':
        pad(out, days - days_from_civil(year, 1, 1) + 1, n);
        break;
      case 'F':
        pad(out, (day - 1) / 7 + 1, n);
        break;
      case 'E':
        out += (n >= 4 ? kWeekdays : kShortWeekdays)[dow - 1];
        break;
      case 'u':
        pad(out, dow == 1 ? 7 : dow - 1, n);
        break;
      case 'a':
        out += kAmPm[hour < 12 ? 0 : 1];
        break;
      case 'H':
        pad(out, hour, n);
        break;
      case 'k':
        pad(out, hour == 0 ? 24 : hour, n);
        break;
      case 'K':
        pad(out, hour % 12, n);
        break;
      case 'h':
        pad(out, hour % 12 == 0 ? 12 : hour % 12, n);
        break;
      case 'm':
        pad(out, minute, n);
        break;
      case 's':
        pad(out, second, n);
        break;
      case 'S':
        pad(out, milli, n);
        break;
      case 'z':
        out += n >= 4 ? kUtcLong : kUtcShort;
        break;
      case 'Z':
        out += "+0000";
        break;
      case 'X':
        out += 'Z';
        break;  // ISO 8601 writes a zero offset as Z
      default:
        break;
    }
  }
  return out;
}

std::optional<int64_t> JavaDateFormat::parse(std::string_view text) const {
  Parsed p;
  size_t start = 0;
  for (size_t i = 0; i < elements_.size(); ++i) {
    const Element& e = elements_[i];
    if (e.letter == 0) {
      if (text.substr(start, e.literal.size()) != e.literal) return std::nullopt;
      start += e.literal.size();
      continue;
    }
    // A field directly followed by another field reads no more characters than it has letters
    // ("yyyyMMdd"), counted from where it starts, spaces included.
    const bool obey_count = i + 1 < elements_.size() && elements_[i + 1].letter != 0;
    const int n = e.count;
    // Spaces and tabs before a field are skipped; the end of the text fails.
    size_t pos = start;
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t')) ++pos;
    if (pos >= text.size()) return std::nullopt;
    const size_t actual_start = pos;

    auto number = [&]() -> std::optional<int64_t> {
      size_t limit = text.size();
      if (obey_count) {
        if (start + n > text.size()) return std::nullopt;
        limit = start + n;
      }
      return parse_number(text, pos, limit);
    };
    size_t end = 0;
    switch (e.letter) {
      case 'G': {
        auto era = match_name(text, start, kEras, end);
        if (!era) return std::nullopt;
        p.set(kEra, *era);
        start = end;
        break;
      }
      case 'y': {
        auto v = number();
        if (!v) return std::nullopt;
        int64_t year = *v;
        // "y" or "yy" reading exactly two digits: the year within the default century.
        if (n <= 2 && pos - actual_start == 2 && is_digit(text[actual_start]) &&
            is_digit(text[actual_start + 1])) {
          const int ambiguous = century_start_year_ % 100;
          p.ambiguous_year = year == ambiguous;
          year += (century_start_year_ / 100) * 100 + (year < ambiguous ? 100 : 0);
        }
        p.set(kYear, year);
        start = pos;
        break;
      }
      case 'M':
      case 'L': {
        if (n <= 2) {
          auto v = number();
          if (!v) return std::nullopt;
          p.set(kMonth, *v - 1);
          start = pos;
          break;
        }
        auto m = match_name(text, start, kMonths, end);
        if (!m) m = match_name(text, start, kShortMonths, end);
        if (!m) return std::nullopt;
        p.set(kMonth, *m);
        start = end;
        break;
      }
      case 'E': {
        auto d = match_name(text, start, kWeekdays, end);
        if (!d) d = match_name(text, start, kShortWeekdays, end);
        if (!d) return std::nullopt;
        p.set(kDayOfWeek, *d + 1);
        start = end;
        break;
      }
      case 'a': {
        auto ap = match_name(text, start, kAmPm, end);
        if (!ap) return std::nullopt;
        p.set(kAmPmField, *ap);
        start = end;
        break;
      }
      case 'z':
      case 'Z': {
        char c = text[pos];
        int sign = c == '+' ? 1 : c == '-' ? -1 : 0;
        std::optional<size_t> done;
        if (sign != 0) {
          done = parse_numeric_zone(text, pos + 1, sign, 0, false, p.zone_offset_ms);  // RFC 822
        } else if ((c == 'G' || c == 'g') && iequals_at(text, start, "GMT")) {
          pos = start + 3;
          if (pos < text.size()) sign = text[pos] == '+' ? 1 : text[pos] == '-' ? -1 : 0;
          if (sign == 0) {
            p.zone_offset_ms = 0;
            done = pos;
          } else {
            done = parse_numeric_zone(text, pos + 1, sign, 0, true, p.zone_offset_ms);
          }
        } else if (iequals_at(text, pos, kUtcLong)) {
          p.zone_offset_ms = 0;
          done = pos + kUtcLong.size();
        } else if (iequals_at(text, pos, kUtcShort)) {
          p.zone_offset_ms = 0;
          done = pos + kUtcShort.size();
        }
        if (!done) return std::nullopt;
        start = *done;
        break;
      }
      case 'X': {
        const char c = text[pos];
        if (c == 'Z') {
          p.zone_offset_ms = 0;
          start = pos + 1;
          break;
        }
        const int sign = c == '+' ? 1 : c == '-' ? -1 : 0;
        if (sign == 0) return std::nullopt;
        auto done = parse_numeric_zone(text, pos + 1, sign, n, n == 3, p.zone_offset_ms);
        if (!done) return std::nullopt;
        start = *done;
        break;
      }
      default: {
        auto v = number();
        if (!v) return std::nullopt;
        int64_t value = *v;
        switch (e.letter) {
          case 'd':
            p.set(kDayOfMonth, value);
            break;
          case 'D':
            p.set(kDayOfYear, value);
            break;
          case 'F':
            p.set(kDayOfWeekInMonth, value);
            break;
          case 'u':  // ISO day (1 = Monday) to Calendar's (1 = Sunday)
            p.set(kDayOfWeek, value >= 1 && value <= 7 ? (value == 7 ? 1 : value + 1) : value);
            break;
          case 'H':
            p.set(kHourOfDay, value);
            break;
          case 'k':
            p.set(kHourOfDay, value == 24 ? 0 : value);
            break;
          case 'K':
            p.set(kHour, value);
            break;
          case 'h':
            p.set(kHour, value == 12 ? 0 : value);
            break;
          case 'm':
            p.set(kMinute, value);
            break;
          case 's':
            p.set(kSecond, value);
            break;
          case 'S':
            p.set(kMillisecond, value);
            break;
          default:
            return std::nullopt;
        }
        start = pos;
        break;
      }
    }
  }
  // Nothing read is a ParseException (SimpleDateFormat.parse(String) with index 0).
  if (start == 0) return std::nullopt;

  // The instant, resolving the fields as a lenient GregorianCalendar in UTC does.
  auto compute = [&p](int64_t year_adjust) {
    int64_t year = p.get(kYear, 1970) + year_adjust;
    if (p.stamp[kEra] && p.value[kEra] == 0) year = 1 - year;
    int64_t month = p.get(kMonth, 0);
    year += floor_div(month, 12);
    month = floor_mod(month, 12);
    const int64_t month_start = days_from_civil(year, static_cast<int>(month) + 1, 1);

    // Calendar.selectFields: day of month, day of week in month (with day of week), or day of year.
    int dom = p.stamp[kDayOfMonth];
    int dowim = aggregate(p.stamp[kDayOfWeekInMonth], p.stamp[kDayOfWeek]);
    const int doy = p.stamp[kDayOfYear];
    int best = std::max({dom, dowim, doy});
    if (best == 0) {
      dowim = std::max(p.stamp[kDayOfWeekInMonth], p.stamp[kDayOfWeek]);
      best = dowim;
      if (best == 0) best = dom = p.stamp[kMonth];
    }
    int64_t days = 0;
    if (best == dom) {
      days = month_start + p.get(kDayOfMonth, 1) - 1;
    } else if (best == dowim) {
      const int64_t dow = p.get(kDayOfWeek, 1);  // Sunday: the US locale's first day of the week
      const int64_t n = p.get(kDayOfWeekInMonth, 1);
      int64_t last = n >= 0 ? month_start + 7 * n - 1 : 0;
      if (n < 0) {
        const int64_t next_month = days_from_civil(
            year + (month == 11 ? 1 : 0), month == 11 ? 1 : static_cast<int>(month) + 2, 1);
        last = month_start + (next_month - month_start) + 7 * (n + 1) - 1;
      }
      days = last - floor_mod(java_day_of_week(last) - dow, 7);  // that weekday, on or before
    } else {
      days = days_from_civil(year, 1, 1) + p.value[kDayOfYear] - 1;
    }

    // Hour of day, or hour with AM/PM, whichever was parsed last (Calendar.computeTime).
    int64_t hours = 0;
    const int hod = p.stamp[kHourOfDay];
    int hour_best = std::max(aggregate(p.stamp[kHour], p.stamp[kAmPmField]), hod);
    if (hour_best == 0) hour_best = std::max(p.stamp[kHour], p.stamp[kAmPmField]);
    if (hour_best != 0) {
      hours = hour_best == hod ? p.value[kHourOfDay] : p.get(kHour, 0) + 12 * p.get(kAmPmField, 0);
    }
    // Fields are Java ints, so only the sum can leave the range of an instant (a year in the
    // hundreds of millions): such text does not parse.
    const __int128 ms = static_cast<__int128>(days) * kMsPerDay + hours * 3'600'000 +
                        p.get(kMinute, 0) * 60'000 + p.get(kSecond, 0) * 1000 +
                        p.get(kMillisecond, 0) - p.zone_offset_ms;
    if (ms < std::numeric_limits<int64_t>::min() || ms > std::numeric_limits<int64_t>::max())
      return std::optional<int64_t>();
    return std::optional<int64_t>(static_cast<int64_t>(ms));
  };
  std::optional<int64_t> ms = compute(0);
  if (ms && p.ambiguous_year && *ms < century_start_ms_) ms = compute(100);
  return ms;
}

}  // namespace ksink::transforms
