#include "sensors/detectors_hydro.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>

#include "params/calendar.hpp"
#include "sensors/robust_stats.hpp"

namespace aquifer::sensors {

int month_of(double t_d) {
  return params::civil_from_days(static_cast<std::int64_t>(std::floor(t_d))).month;
}
int year_of(double t_d) {
  return params::civil_from_days(static_cast<std::int64_t>(std::floor(t_d))).year;
}

void detect_rate_of_change(const ActiveReadings& r, const ChangeScale& scale,
                           const DetectorParams& p, std::vector<PointFlag>& out) {
  for (std::size_t k = 1; k < r.size(); ++k) {
    const double dt = r.t_d[k] - r.t_d[k - 1];
    if (!(dt > 0.0)) continue;
    const double fall = r.head_m[k - 1] - r.head_m[k];
    if (fall <= 0.0) continue;
    const double limit = p.max_fall_m_per_d ? *p.max_fall_m_per_d * dt : p.fall_k * scale.sigma(dt);
    if (fall > limit) {
      out.push_back({r.index[k], AnomalyKind::rate_of_change, Severity::warning,
                     r.head_m[k - 1], limit / dt});
    }
  }
}

void detect_out_of_normal_range(const ActiveReadings& r, const DetectorParams& p,
                                std::vector<PointFlag>& out) {
  const std::size_t n = r.size();
  thread_local std::array<std::vector<double>, 12> values;  // reused: no allocation per series
  for (auto& v : values) v.clear();
  std::array<std::size_t, 12> years{};    // distinct years per month (readings in time order)
  std::array<int, 12> last_year{};
  last_year.fill(-1000000);
  std::int64_t cached_day = INT64_MIN;
  params::CivilDate d;
  for (std::size_t k = 0; k < n; ++k) {
    const auto day = static_cast<std::int64_t>(std::floor(r.t_d[k]));
    if (day != cached_day) {  // one calendar conversion per day, not per reading
      d = params::civil_from_days(day);
      cached_day = day;
    }
    const int m = d.month - 1;
    values[m].push_back(r.head_m[k]);
    if (d.year != last_year[m]) {
      ++years[m];
      last_year[m] = d.year;
    }
  }
  std::array<double, 12> lo{};
  std::array<double, 12> hi{};
  std::array<double, 12> mid{};
  std::array<bool, 12> ok{};
  for (int m = 0; m < 12; ++m) {
    if (years[m] < p.range_min_years) continue;
    thin_inplace(values[m], 4096);  // quartiles of a month: a few thousand readings suffice
    const double q1 = quantile_inplace(values[m], 0.25);
    const double q3 = quantile_inplace(values[m], 0.75);
    mid[m] = median_inplace(values[m]);
    const double iqr = std::max(q3 - q1, p.min_sigma_m);
    lo[m] = q1 - p.range_iqr_k * iqr;
    hi[m] = q3 + p.range_iqr_k * iqr;
    ok[m] = true;
  }
  cached_day = INT64_MIN;
  for (std::size_t k = 0; k < n; ++k) {
    const auto day = static_cast<std::int64_t>(std::floor(r.t_d[k]));
    if (day != cached_day) {
      d = params::civil_from_days(day);
      cached_day = day;
    }
    const int m = d.month - 1;
    if (!ok[m]) continue;
    const double h = r.head_m[k];
    if (h < lo[m] || h > hi[m]) {
      out.push_back({r.index[k], AnomalyKind::out_of_normal_range, Severity::info, mid[m],
                     h < lo[m] ? lo[m] : hi[m]});
    }
  }
}

void detect_warning_level(const ActiveReadings& r, const WellMonitoringInfo& info,
                          std::vector<PointFlag>& out) {
  if (!info.warning_level_m) return;
  const double level = *info.warning_level_m;
  for (std::size_t k = 0; k < r.size(); ++k) {
    const double h = r.head_m[k];
    if (info.warning_below ? h < level : h > level) {
      out.push_back({r.index[k], AnomalyKind::warning_level, Severity::alarm, level, level});
    }
  }
}

void detect_model_residual(const ActiveReadings& r, const SimulatedSeries& sim,
                           const DetectorParams& p, std::vector<PointFlag>& out) {
  if (sim.t_d.size() < 2) return;
  std::vector<double> residual(r.size(), NAN);
  std::vector<double> simulated(r.size(), NAN);
  std::vector<double> finite;
  for (std::size_t k = 0; k < r.size(); ++k) {
    const double t = r.t_d[k];
    if (t < sim.t_d.front() || t > sim.t_d.back()) continue;
    auto it = std::upper_bound(sim.t_d.begin(), sim.t_d.end(), t);
    std::size_t b = static_cast<std::size_t>(it - sim.t_d.begin());
    if (b >= sim.t_d.size()) b = sim.t_d.size() - 1;
    const std::size_t a = b - 1;
    const double span = sim.t_d[b] - sim.t_d[a];
    const double w = span > 0.0 ? (t - sim.t_d[a]) / span : 0.0;
    simulated[k] = sim.head_m[a] + w * (sim.head_m[b] - sim.head_m[a]);
    if (!std::isfinite(simulated[k])) continue;
    residual[k] = r.head_m[k] - simulated[k];
    finite.push_back(residual[k]);
  }
  if (finite.size() < p.residual_min_points) return;
  // Baseline: the residuals of the first residual_baseline_d days of the overlap, at least
  // residual_min_points of them.
  std::vector<double> baseline;
  double t_first = NAN;
  for (std::size_t k = 0; k < r.size(); ++k) {
    if (!std::isfinite(residual[k])) continue;
    if (std::isnan(t_first)) t_first = r.t_d[k];
    if (r.t_d[k] - t_first > p.residual_baseline_d && baseline.size() >= p.residual_min_points) break;
    baseline.push_back(residual[k]);
  }
  std::vector<double> copy = baseline;
  const double centre = median_inplace(copy);
  const double band = p.residual_k * std::max(robust_sd_inplace(baseline), p.min_sigma_m);
  for (std::size_t k = 0; k < r.size(); ++k) {
    if (!std::isfinite(residual[k])) continue;
    if (std::abs(residual[k] - centre) > band) {
      out.push_back({r.index[k], AnomalyKind::model_residual, Severity::warning,
                     simulated[k] + centre, band});
    }
  }
}

}  // namespace aquifer::sensors
