#include "sensors/csv_scan.hpp"

#include <charconv>
#include <cmath>

#include "params/calendar.hpp"

namespace aquifer::sensors::scan {
namespace {

constexpr double minutes_per_day = 1440.0;
constexpr double seconds_per_day = 86400.0;

// n decimal digits at p (bounds checked by the caller).
bool fixed_digits(const char* p, int n, int& out) {
  out = 0;
  for (int i = 0; i < n; ++i) {
    const unsigned d = static_cast<unsigned>(p[i] - '0');
    if (d > 9) return false;
    out = out * 10 + static_cast<int>(d);
  }
  return true;
}

// Parses "Z" / "+HH" / "+HH:MM" / "+HHMM" (and '-') at the end of a date-time.
bool fast_offset(std::string_view s, int& minutes) {
  if (s == "Z" || s == "z") {
    minutes = 0;
    return true;
  }
  if (s.size() < 3 || (s[0] != '+' && s[0] != '-')) return false;
  int hh = 0;
  int mm = 0;
  if (!fixed_digits(s.data() + 1, 2, hh)) return false;
  if (s.size() == 6 && s[3] == ':') {
    if (!fixed_digits(s.data() + 4, 2, mm)) return false;
  } else if (s.size() == 5) {
    if (!fixed_digits(s.data() + 3, 2, mm)) return false;
  } else if (s.size() != 3) {
    return false;
  }
  if (hh > 23 || mm > 59) return false;
  minutes = (s[0] == '-' ? -1 : 1) * (hh * 60 + mm);
  return true;
}

// The fixed-format path; false = let the general parser decide (and explain).
bool fast_iso(std::string_view s, int default_offset_min, double& epoch_d) {
  if (s.size() < 10 || s[4] != '-' || s[7] != '-') return false;
  int y = 0;
  int mo = 0;
  int d = 0;
  if (!fixed_digits(s.data(), 4, y) || !fixed_digits(s.data() + 5, 2, mo) ||
      !fixed_digits(s.data() + 8, 2, d) || !params::is_valid_date(y, mo, d)) {
    return false;
  }
  const double day = static_cast<double>(params::days_from_civil(y, mo, d));
  if (s.size() == 10) {
    epoch_d = day - default_offset_min / minutes_per_day;
    return true;
  }
  if ((s[10] != 'T' && s[10] != ' ' && s[10] != 't') || s.size() < 16 || s[13] != ':') {
    return false;
  }
  int hh = 0;
  int mi = 0;
  if (!fixed_digits(s.data() + 11, 2, hh) || !fixed_digits(s.data() + 14, 2, mi) || hh > 23 ||
      mi > 59) {
    return false;
  }
  double sec = 0.0;
  std::size_t i = 16;
  if (i < s.size() && s[i] == ':') {
    int ss = 0;
    if (s.size() < i + 3 || !fixed_digits(s.data() + i + 1, 2, ss) || ss > 59) return false;
    sec = ss;
    i += 3;
    if (i < s.size() && s[i] == '.') {
      double scale = 0.1;
      ++i;
      const std::size_t first = i;
      for (; i < s.size() && s[i] >= '0' && s[i] <= '9'; ++i, scale *= 0.1) {
        sec += (s[i] - '0') * scale;
      }
      if (i == first) return false;
    }
  }
  int offset = default_offset_min;
  if (i < s.size() && !fast_offset(s.substr(i), offset)) return false;
  epoch_d = day + (hh * 60.0 + mi - offset) / minutes_per_day + sec / seconds_per_day;
  return true;
}

// 1..max_len digits at text[pos]; advances pos.
bool variable_digits(std::string_view text, std::size_t& pos, int max_len, int& out) {
  out = 0;
  int n = 0;
  while (pos < text.size() && n < max_len && text[pos] >= '0' && text[pos] <= '9') {
    out = out * 10 + (text[pos] - '0');
    ++pos;
    ++n;
  }
  return n > 0;
}

}  // namespace

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) {
    s.remove_suffix(1);
  }
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"') s = s.substr(1, s.size() - 2);
  return s;
}

void split(std::string_view line, std::vector<std::string_view>& fields,
           std::vector<int>& starts) {
  fields.clear();
  starts.clear();
  std::size_t begin = 0;
  while (true) {
    const std::size_t comma = line.find(',', begin);
    const std::size_t end = comma == std::string_view::npos ? line.size() : comma;
    fields.push_back(line.substr(begin, end - begin));
    starts.push_back(static_cast<int>(begin));
    if (comma == std::string_view::npos) break;
    begin = comma + 1;
  }
}

bool parse_number(std::string_view text, double& value) {
  text = trim(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty()) return false;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc() && end == text.data() + text.size();
}

bool parse_time_iso(std::string_view text, int default_utc_offset_min, double& epoch_d,
                    std::string* why) {
  text = trim(text);
  if (fast_iso(text, default_utc_offset_min, epoch_d)) return true;
  const auto t = params::parse_iso8601(text, default_utc_offset_min, why);
  if (!t) return false;
  epoch_d = t->epoch_d;
  return true;
}

std::string check_time_format(std::string_view format) {
  bool has_year = false;
  bool has_month = false;
  bool has_day = false;
  for (std::size_t i = 0; i < format.size(); ++i) {
    if (format[i] != '%') continue;
    if (i + 1 == format.size()) return "a lone '%' at the end";
    const char c = format[++i];
    has_year = has_year || c == 'Y' || c == 'y';
    has_month = has_month || c == 'm';
    has_day = has_day || c == 'd';
    if (std::string_view("YymdHMS%").find(c) == std::string_view::npos) {
      return std::string("unknown directive %") + c + " (known: %Y %y %m %d %H %M %S %%)";
    }
  }
  if (!has_year || !has_month || !has_day) return "a year, a month and a day are needed";
  return "";
}

bool parse_time_format(std::string_view text, std::string_view format, int utc_offset_min,
                       double& epoch_d, std::string* why) {
  text = trim(text);
  int y = 1970;
  int mo = 1;
  int d = 1;
  int hh = 0;
  int mi = 0;
  int ss = 0;
  std::size_t pos = 0;
  for (std::size_t i = 0; i < format.size(); ++i) {
    const char f = format[i];
    if (f != '%' || i + 1 == format.size() || format[i + 1] == '%') {
      if (pos >= text.size() || text[pos] != f) {
        if (why) *why = "does not match the time format \"" + std::string(format) + "\"";
        return false;
      }
      ++pos;
      if (f == '%') ++i;
      continue;
    }
    const char c = format[++i];
    bool ok = true;
    switch (c) {
      case 'Y': ok = variable_digits(text, pos, 4, y); break;
      case 'y':
        ok = variable_digits(text, pos, 2, y);
        y += y < 69 ? 2000 : 1900;
        break;
      case 'm': ok = variable_digits(text, pos, 2, mo); break;
      case 'd': ok = variable_digits(text, pos, 2, d); break;
      case 'H': ok = variable_digits(text, pos, 2, hh); break;
      case 'M': ok = variable_digits(text, pos, 2, mi); break;
      case 'S': ok = variable_digits(text, pos, 2, ss); break;
      default: ok = false;
    }
    if (!ok) {
      if (why) *why = "does not match the time format \"" + std::string(format) + "\"";
      return false;
    }
  }
  if (pos != text.size()) {
    if (why) *why = "has extra text after the time format \"" + std::string(format) + "\"";
    return false;
  }
  if (!params::is_valid_date(y, mo, d) || hh > 23 || mi > 59 || ss > 59) {
    if (why) *why = "is not a real date/time";
    return false;
  }
  epoch_d = static_cast<double>(params::days_from_civil(y, mo, d)) +
            (hh * 60.0 + mi - utc_offset_min) / minutes_per_day + ss / seconds_per_day;
  return true;
}

}  // namespace aquifer::sensors::scan
