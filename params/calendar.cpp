#include "params/calendar.hpp"

#include <cmath>
#include <cstdio>

namespace aquifer::params {
namespace {

constexpr double seconds_per_day = 86400.0;

// A small cursor over the text being parsed.
struct Cursor final {
  std::string_view s;
  std::size_t i = 0;

  [[nodiscard]] bool done() const { return i >= s.size(); }
  [[nodiscard]] char peek() const { return done() ? '\0' : s[i]; }
  bool accept(char c) {
    if (peek() != c) return false;
    ++i;
    return true;
  }
  // Exactly `n` decimal digits.
  std::optional<int> digits(int n) {
    int value = 0;
    for (int k = 0; k < n; ++k) {
      const char c = peek();
      if (c < '0' || c > '9') return std::nullopt;
      value = value * 10 + (c - '0');
      ++i;
    }
    return value;
  }
};

std::optional<int> parse_offset(Cursor& c) {
  if (c.accept('Z') || c.accept('z')) return 0;
  const char sign_char = c.peek();
  if (sign_char != '+' && sign_char != '-') return std::nullopt;
  ++c.i;
  const auto hours = c.digits(2);
  if (!hours || *hours > 23) return std::nullopt;
  int minutes = 0;
  if (!c.done()) {
    c.accept(':');
    const auto m = c.digits(2);
    if (!m || *m > 59) return std::nullopt;
    minutes = *m;
  }
  const int total = *hours * 60 + minutes;
  return sign_char == '-' ? -total : total;
}

// "HH:MM[:SS[.fff]]" -> seconds of the day.
std::optional<double> parse_time_of_day(Cursor& c, std::string* error) {
  const auto hour = c.digits(2);
  if (!hour || !c.accept(':')) return std::nullopt;
  const auto minute = c.digits(2);
  if (!minute) return std::nullopt;
  double second = 0.0;
  if (c.accept(':')) {
    const auto whole = c.digits(2);
    if (!whole) return std::nullopt;
    second = *whole;
    if (c.accept('.') || c.accept(',')) {
      double scale = 0.1;
      const std::size_t first = c.i;
      while (c.peek() >= '0' && c.peek() <= '9') {
        second += scale * (c.peek() - '0');
        scale /= 10.0;
        ++c.i;
      }
      if (c.i == first) return std::nullopt;
    }
  }
  if (*hour > 23 || *minute > 59 || second >= 60.0) {
    if (error) *error = "time of day out of range (00:00:00 to 23:59:59)";
    return std::nullopt;
  }
  return *hour * 3600.0 + *minute * 60.0 + second;
}

struct Rounded final {
  std::int64_t days;
  int seconds;  // 0..86399
};

Rounded split_to_seconds(double epoch_d, int utc_offset_min) {
  const double local_d = epoch_d + utc_offset_min / 1440.0;
  const auto total = static_cast<std::int64_t>(std::llround(local_d * seconds_per_day));
  std::int64_t days = total / 86400;
  std::int64_t rest = total % 86400;
  if (rest < 0) {
    rest += 86400;
    --days;
  }
  return {days, static_cast<int>(rest)};
}

}  // namespace

// Howard Hinnant's days_from_civil / civil_from_days (public domain algorithms).
std::int64_t days_from_civil(int year, int month, int day) {
  const std::int64_t y = static_cast<std::int64_t>(year) - (month <= 2 ? 1 : 0);
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const std::int64_t yoe = y - era * 400;
  const std::int64_t mp = (month + 9) % 12;
  const std::int64_t doy = (153 * mp + 2) / 5 + day - 1;
  const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilDate civil_from_days(std::int64_t days) {
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const std::int64_t doe = z - era * 146097;
  const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const std::int64_t mp = (5 * doy + 2) / 153;
  const auto day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const auto month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const auto year = static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0));
  return {year, month, day};
}

bool is_valid_date(int year, int month, int day) {
  if (month < 1 || month > 12 || day < 1) return false;
  static constexpr int month_days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  const int last = month_days[month - 1] + (month == 2 && leap ? 1 : 0);
  return day <= last;
}

std::optional<MonthDay> parse_month_day(std::string_view text, std::string* error) {
  Cursor c{text};
  const auto month = c.digits(2);
  const bool separated = month && c.accept('-');
  const auto day = separated ? c.digits(2) : std::nullopt;
  if (!day || !c.done()) {
    if (error) {
      *error = "\"" + std::string(text) + "\" is not a month-day; expected \"MM-DD\" such as "
               "\"11-01\" (no year: it recurs every year)";
    }
    return std::nullopt;
  }
  // 2000 is a leap year, so 02-29 passes here; callers decide where it may be used.
  if (!is_valid_date(2000, *month, *day)) {
    if (error) {
      *error = "\"" + std::string(text) + "\" is not a day of the year; expected a month 01-12 "
               "and a day that exists in that month";
    }
    return std::nullopt;
  }
  return MonthDay{*month, *day};
}

std::optional<IsoTime> parse_iso8601(std::string_view text, int default_utc_offset_min,
                                     std::string* error) {
  const std::string quoted = "\"" + std::string(text) + "\"";
  auto fail = [&](const std::string& why) -> std::optional<IsoTime> {
    if (error) *error = quoted + " " + why;
    return std::nullopt;
  };
  const char* expected_form =
      "is not an ISO 8601 date or date-time; expected YYYY-MM-DD, YYYY-MM-DDTHH:MM[:SS] "
      "or either with an offset such as Z or +09:00";
  Cursor c{text};
  const auto year = c.digits(4);
  if (!year || !c.accept('-')) return fail(expected_form);
  const auto month = c.digits(2);
  if (!month || !c.accept('-')) return fail(expected_form);
  const auto day = c.digits(2);
  if (!day) return fail(expected_form);
  if (!is_valid_date(*year, *month, *day)) return fail("is not a calendar date");
  IsoTime out;
  out.date_only = c.done();
  double seconds = 0.0;
  if (!c.done()) {
    if (!(c.accept('T') || c.accept('t') || c.accept(' '))) return fail(expected_form);
    std::string why;
    const auto tod = parse_time_of_day(c, &why);
    if (!tod) return fail(why.empty() ? expected_form : why);
    seconds = *tod;
  }
  int offset_min = default_utc_offset_min;
  if (!c.done()) {
    const auto offset = parse_offset(c);
    if (!offset || !c.done()) return fail(expected_form);
    offset_min = *offset;
    out.has_offset = true;
  }
  out.epoch_d = static_cast<double>(days_from_civil(*year, *month, *day)) +
                seconds / seconds_per_day - offset_min / 1440.0;
  return out;
}

std::optional<int> parse_utc_offset(std::string_view text) {
  if (text == "UTC" || text == "utc") return 0;
  Cursor c{text};
  const auto offset = parse_offset(c);
  if (!offset || !c.done()) return std::nullopt;
  return offset;
}

std::string format_iso8601(double epoch_d, int utc_offset_min) {
  const Rounded r = split_to_seconds(epoch_d, utc_offset_min);
  const CivilDate d = civil_from_days(r.days);
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d", d.year, d.month, d.day,
                r.seconds / 3600, (r.seconds / 60) % 60, r.seconds % 60);
  return buffer;
}

std::string format_date(double epoch_d, int utc_offset_min) {
  const CivilDate d = civil_from_days(split_to_seconds(epoch_d, utc_offset_min).days);
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", d.year, d.month, d.day);
  return buffer;
}

}  // namespace aquifer::params
