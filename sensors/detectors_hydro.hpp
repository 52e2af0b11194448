// Hydrological anomaly detectors: sudden drawdown, departure from the well's own seasonal
// range, a fixed warning level, and observed-minus-simulated residuals.
#pragma once

#include <vector>

#include "sensors/anomaly.hpp"
#include "sensors/monitoring_params.hpp"
#include "sensors/series_view.hpp"

namespace aquifer::sensors {

// Falls faster than fall_k robust sd of a change over the same step (or than the absolute
// max_fall_m_per_d when given). Rises are not flagged: recharge raises heads quickly.
void detect_rate_of_change(const ActiveReadings& r, const ChangeScale& scale,
                           const DetectorParams& p, std::vector<PointFlag>& out);

// Readings outside Tukey's far-out fences (Q1 - k IQR, Q3 + k IQR) of the same calendar month
// learned from the series' history (months with >= range_min_years years of data).
// Severity info: a statement about the hydrology (pumping, drought), not a sensor fault.
void detect_out_of_normal_range(const ActiveReadings& r, const DetectorParams& p,
                                std::vector<PointFlag>& out);

// Readings beyond the fixed warning level (below it, or above it when !warning_below).
void detect_warning_level(const ActiveReadings& r, const WellMonitoringInfo& info,
                          std::vector<PointFlag>& out);

// A simulated head series at the well (time order).
struct SimulatedSeries final {
  std::vector<double> t_d;
  std::vector<double> head_m;
};

// Residuals observed - simulated (simulation interpolated linearly in time, inside its span)
// outside median +- residual_k robust sd of the residuals.
void detect_model_residual(const ActiveReadings& r, const SimulatedSeries& sim,
                           const DetectorParams& p, std::vector<PointFlag>& out);

// Calendar month (1..12) of a time in days since 1970 (UTC), and its year.
[[nodiscard]] int month_of(double t_d);
[[nodiscard]] int year_of(double t_d);

}  // namespace aquifer::sensors
