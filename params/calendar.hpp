// Calendar times: ISO 8601 dates and date-times <-> days since 1970-01-01T00:00:00Z (UTC) as a
// double, proleptic Gregorian calendar, no leap seconds.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace aquifer::params {

struct CivilDate final {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
};

// Days from 1970-01-01 to the given date (negative before). No validation.
[[nodiscard]] std::int64_t days_from_civil(int year, int month, int day);
[[nodiscard]] CivilDate civil_from_days(std::int64_t days);
[[nodiscard]] bool is_valid_date(int year, int month, int day);

// A day of the year without a year: "11-01" (recurring seasons, the fiscal-year start).
struct MonthDay final {
  int month = 1;  // 1..12
  int day = 1;    // 1..31
  friend auto operator<=>(const MonthDay&, const MonthDay&) = default;
};

// Parses "MM-DD" (two digits each; the day must exist in that month, 02-29 included).
// Returns nullopt for anything else and then says why in `error` when given.
[[nodiscard]] std::optional<MonthDay> parse_month_day(std::string_view text,
                                                      std::string* error = nullptr);

struct IsoTime final {
  double epoch_d = 0.0;     // days since 1970-01-01T00:00:00Z
  bool date_only = false;   // the text was a date without a time of day (00:00 is meant)
  bool has_offset = false;  // the text carried "Z" or "+HH:MM"
};

// Parses "YYYY-MM-DD", "YYYY-MM-DDTHH:MM", "YYYY-MM-DDTHH:MM:SS[.fff]", with 'T', 't' or a
// space between date and time, and an optional offset "Z", "+09:00", "+0900", "+09", "-05:30".
// Text without an offset is local time at `default_utc_offset_min` minutes east of UTC
// (0 = UTC). Returns nullopt for malformed text or an impossible date/time (2023-02-30, 24:10)
// and then says why in `error` when given.
[[nodiscard]] std::optional<IsoTime> parse_iso8601(std::string_view text,
                                                   int default_utc_offset_min = 0,
                                                   std::string* error = nullptr);

// Parses a fixed UTC offset: "Z", "UTC", "+09:00", "+0900", "+09", "-05:30". Minutes east.
[[nodiscard]] std::optional<int> parse_utc_offset(std::string_view text);

// "YYYY-MM-DDTHH:MM:SS" (rounded to the nearest second) of epoch_d shifted by
// utc_offset_min minutes; no offset suffix is written.
[[nodiscard]] std::string format_iso8601(double epoch_d, int utc_offset_min = 0);
// "YYYY-MM-DD": the calendar day that contains epoch_d (after rounding to the second).
[[nodiscard]] std::string format_date(double epoch_d, int utc_offset_min = 0);

}  // namespace aquifer::params
