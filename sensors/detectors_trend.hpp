// Long-term trend: Mann-Kendall test (variance corrected for ties), Sen's slope, and the
// seasonal Kendall test (Hirsch, Slack & Smith 1982) on monthly medians.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "sensors/anomaly.hpp"
#include "sensors/monitoring_params.hpp"
#include "sensors/series_view.hpp"

namespace aquifer::sensors {

struct KendallResult final {
  std::size_t n = 0;            // values used
  double s = 0.0;               // Kendall's S = sum sign(x_j - x_i), i < j
  double var_s = 0.0;           // Var(S) with the ties correction
  double z = 0.0;               // (S -+ 1) / sqrt(Var S), continuity corrected; 0 if S = 0
  double p_value = 1.0;         // two-sided, normal approximation
  double sen_slope = 0.0;       // median pairwise slope [x unit per t unit]
};

// Mann-Kendall on (t, x) in time order; Sen's slope uses the times t (any unit).
// Var(S) = [n(n-1)(2n+5) - sum_g t_g(t_g-1)(2t_g+5)] / 18 over groups of tied x.
[[nodiscard]] KendallResult mann_kendall(const std::vector<double>& t,
                                         const std::vector<double>& x);

// Seasonal Kendall: per calendar month, Mann-Kendall on the yearly series of monthly medians;
// S and Var(S) summed over months; Sen's slope = median of within-month slopes [m/yr].
[[nodiscard]] KendallResult seasonal_kendall(const ActiveReadings& r);

// Two-sided p-value of a standard normal z.
[[nodiscard]] double normal_two_sided_p(double z);

// A trend event (kind trend, severity info) when the seasonal Kendall test is significant.
[[nodiscard]] std::vector<Anomaly> detect_trend(const ActiveReadings& r, const DetectorParams& p,
                                                const std::string& well_id);

}  // namespace aquifer::sensors
