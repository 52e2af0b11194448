#include "params/seasons.hpp"

#include <algorithm>
#include <cmath>

namespace aquifer::params {

std::pair<double, double> season_bounds(const Season& season, int year,
                                        const SeasonCalendar& calendar) {
  const bool wraps = season.end < season.start;  // ends in the next calendar year
  const int end_year = wraps ? year + 1 : year;
  const std::int64_t first_day = days_from_civil(year, season.start.month, season.start.day);
  // The day after the last flooded day; 02-29 = through the end of February, leap or not.
  const std::int64_t after_last =
      (season.end.month == 2 && season.end.day == 29)
          ? days_from_civil(end_year, 3, 1)
          : days_from_civil(end_year, season.end.month, season.end.day) + 1;
  const double shift = calendar.utc_offset_min / 1440.0 + calendar.start_epoch_d;
  return {static_cast<double>(first_day) - shift, static_cast<double>(after_last) - shift};
}

solver::PiecewiseConstant season_share(const Season& season, const std::vector<int>& years,
                                       const SeasonCalendar& calendar, double from_d,
                                       double to_d) {
  // Calendar years whose season may reach [from_d, to_d]: a season lasts at most a year.
  const double local_start = calendar.start_epoch_d + calendar.utc_offset_min / 1440.0;
  const int first_year =
      civil_from_days(static_cast<std::int64_t>(std::floor(local_start + from_d))).year - 1;
  const int last_year =
      civil_from_days(static_cast<std::int64_t>(std::floor(local_start + to_d))).year;
  solver::PiecewiseConstant share = solver::PiecewiseConstant::constant(0.0);
  for (int year = first_year; year <= last_year; ++year) {
    if (!years.empty() && std::find(years.begin(), years.end(), year) == years.end()) continue;
    const auto [begin, end] = season_bounds(season, year, calendar);
    if (!(end > from_d && begin <= to_d)) continue;
    if (!share.times_d.empty() && begin <= share.times_d.back()) {
      share.times_d.back() = end;  // touches the previous season: extend it
      continue;
    }
    share.times_d.insert(share.times_d.end(), {begin, end});
    share.values.insert(share.values.end(), {1.0, 0.0});
  }
  return share;
}

}  // namespace aquifer::params
