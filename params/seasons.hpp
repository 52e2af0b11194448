// Recurring flooding seasons -> the 0/1 flooded share the solver multiplies the infiltration
// by. A season runs from 00:00 of its start day to 24:00 of its end day (both days included,
// local time at [model] timezone) and may wrap the new year: 11-01 .. 03-31 is
// Nov 1 00:00 to Apr 1 00:00 of the next year. Internal to params/.
#pragma once

#include <utility>
#include <vector>

#include "params/calendar.hpp"
#include "solver/time_series.hpp"

namespace aquifer::params {

struct Season final {
  MonthDay start;  // first flooded day; never 02-29 (rejected by the reader)
  MonthDay end;    // last flooded day; 02-29 means the last day of February in every year
};

// Where the calendar sits relative to the model's time axis.
struct SeasonCalendar final {
  double start_epoch_d = 0.0;  // model start, days since 1970-01-01T00:00Z
  int utc_offset_min = 0;      // season days begin at local midnight at this offset
};

// [begin, end) in days since model start of the season that starts in `year`.
[[nodiscard]] std::pair<double, double> season_bounds(const Season& season, int year,
                                                      const SeasonCalendar& calendar);

// Flooded share [-]: 1 inside a season, 0 outside, as a piecewise-constant series that lists
// every season intersecting [from_d, to_d] (days since model start) whose start year is in
// `years` (every year when empty). Seasons that touch are merged, so the switching times are
// strictly increasing. value_before is 0: the first listed time is a season start.
[[nodiscard]] solver::PiecewiseConstant season_share(const Season& season,
                                                     const std::vector<int>& years,
                                                     const SeasonCalendar& calendar,
                                                     double from_d, double to_d);

}  // namespace aquifer::params
