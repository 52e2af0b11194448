// Inline SVG charts for report.html, generated as text (no script, no network). Every text
// from the inputs is HTML-escaped.
#pragma once

#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "compliance/rules_engine.hpp"
#include "compliance/run_results.hpp"

namespace aquifer::compliance {

// &, <, >, " and ' as character references.
[[nodiscard]] std::string html_escape(std::string_view text);
// "1,234,567" (rounded to whole units; "-" sign kept).
[[nodiscard]] std::string format_m3(double value);

// Bars per holder and fiscal year: obligation vs credited total (stacked by credit kind).
[[nodiscard]] std::string obligation_chart_svg(const std::vector<Result>& results);

// A colour raster of heads with a colour bar; north up.
[[nodiscard]] std::string head_map_svg(const HeadMap& map);

// One observation well's series for the hydrograph section (filled by the monitoring
// modules; the report renders whatever it is given).
struct HydrographSeries final {
  std::string well_id;
  std::vector<double> observed_t_d, observed_head_m;    // days since model start, m
  std::vector<double> simulated_t_d, simulated_head_m;  // days since model start, m
  struct Anomaly final {
    double start_t_d = 0.0, end_t_d = 0.0;
    std::string kind, severity;  // as in anomalies.csv
  };
  std::vector<Anomaly> anomalies;
  double warning_level_m = std::numeric_limits<double>::quiet_NaN();  // NaN = none
};

[[nodiscard]] std::string hydrograph_svg(const HydrographSeries& series);

}  // namespace aquifer::compliance
