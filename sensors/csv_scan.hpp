// Fast scanning helpers for the observation CSV reader: field splitting, numbers and times.
// Internal to sensors/.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace aquifer::sensors::scan {

// Removes spaces, tabs and a trailing '\r' at both ends, then one pair of double quotes.
[[nodiscard]] std::string_view trim(std::string_view s);

// Splits `line` at commas into `fields` (views into `line`, untrimmed) and their 0-based
// start offsets. Quotes are not special (observation files carry no embedded commas).
void split(std::string_view line, std::vector<std::string_view>& fields,
           std::vector<int>& starts);

// A decimal number (optional sign, exponent); surrounding blanks allowed. false otherwise.
[[nodiscard]] bool parse_number(std::string_view text, double& value);

// ISO 8601 date or date-time (see params::parse_iso8601) -> days since 1970-01-01 UTC. A fast
// fixed-format path for "YYYY-MM-DD[ T]HH:MM[:SS[.f]][Z|+HH[:MM]]", the general parser
// otherwise. Naive times are at `default_utc_offset_min`. On failure `why` says why.
[[nodiscard]] bool parse_time_iso(std::string_view text, int default_utc_offset_min,
                                  double& epoch_d, std::string* why);

// strptime-like format: %Y %y %m %d %H %M %S %%; other characters literal. Always naive
// (local at `utc_offset_min`).
[[nodiscard]] bool parse_time_format(std::string_view text, std::string_view format,
                                     int utc_offset_min, double& epoch_d, std::string* why);

// Checks a time format string; returns an empty string when fine, else what is wrong.
[[nodiscard]] std::string check_time_format(std::string_view format);

}  // namespace aquifer::sensors::scan
