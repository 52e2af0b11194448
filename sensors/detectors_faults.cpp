#include "sensors/detectors_faults.hpp"

#include <algorithm>
#include <cmath>
#include <string>

namespace aquifer::sensors {
namespace {

bool is_sentinel(double v, const DetectorParams& p) {
  for (double s : p.sentinel_values_m) {
    if (v == s) return true;
  }
  return false;
}

// Linear interpolation between readings a and b at time t.
double interpolate(const ActiveReadings& r, std::size_t a, std::size_t b, double t) {
  const double span = r.t_d[b] - r.t_d[a];
  if (!(span > 0.0)) return 0.5 * (r.head_m[a] + r.head_m[b]);
  const double w = (t - r.t_d[a]) / span;
  return r.head_m[a] + w * (r.head_m[b] - r.head_m[a]);
}

double jump_limit(const ActiveReadings& r, const ChangeScale& s, std::size_t k, double factor) {
  return factor * s.sigma(r.t_d[k] - r.t_d[k - 1]);
}

}  // namespace

void detect_dropouts(const ActiveReadings& r, const ChangeScale& scale, const DetectorParams& p,
                     std::vector<PointFlag>& out) {
  const std::size_t n = r.size();
  for (std::size_t k = 0; k < n; ++k) {
    if (!is_sentinel(r.head_m[k], p)) continue;
    std::size_t a = k;
    while (a > 0 && is_sentinel(r.head_m[a - 1], p)) --a;
    std::size_t b = k;
    while (b + 1 < n && is_sentinel(r.head_m[b + 1], p)) ++b;
    const bool left = a > 0;
    const bool right = b + 1 < n;
    if (!left && !right) continue;  // nothing real to compare with
    const std::size_t ia = left ? a - 1 : b + 1;
    const std::size_t ib = right ? b + 1 : a - 1;
    const double expected = interpolate(r, std::min(ia, ib), std::max(ia, ib), r.t_d[k]);
    const double dt = std::max(std::abs(r.t_d[k] - r.t_d[ia]), std::abs(r.t_d[ib] - r.t_d[k]));
    const double limit = p.dropout_k * scale.sigma(std::max(dt, 1e-6));
    if (std::abs(r.head_m[k] - expected) > limit) {
      out.push_back({r.index[k], AnomalyKind::dropout, Severity::warning, expected, limit});
    }
  }
}

void detect_spikes(const ActiveReadings& r, const ChangeScale& scale, const DetectorParams& p,
                   std::vector<PointFlag>& out) {
  const std::size_t n = r.size();
  std::size_t k = 1;
  while (k + 1 < n) {
    const double jump = r.head_m[k] - r.head_m[k - 1];
    const double limit = jump_limit(r, scale, k, p.spike_k);
    if (std::abs(jump) <= limit) { ++k; continue; }
    const double dir = jump > 0.0 ? 1.0 : -1.0;
    const double base = r.head_m[k - 1];
    std::size_t found = 0;
    for (std::size_t j = k; j + 1 < n && j - k < p.spike_max_samples; ++j) {
      if (r.t_d[j] - r.t_d[k] > p.spike_max_days) break;
      // every reading of the excursion stays on the far side
      if ((r.head_m[j] - base) * dir <= p.spike_return_fraction * std::abs(jump)) break;
      const double exit = r.head_m[j + 1] - r.head_m[j];
      const bool back = std::abs(r.head_m[j + 1] - base) <= p.spike_return_fraction * std::abs(jump);
      if (exit * dir < 0.0 && std::abs(exit) > jump_limit(r, scale, j + 1, p.spike_k) && back) {
        found = j + 1;
        break;
      }
    }
    if (found == 0) { ++k; continue; }
    for (std::size_t m = k; m < found; ++m) {
      out.push_back({r.index[m], AnomalyKind::spike, Severity::warning,
                     interpolate(r, k - 1, found, r.t_d[m]), limit});
    }
    k = found + 1;
  }
}

void detect_flat(const ActiveReadings& r, const DetectorParams& p, std::vector<PointFlag>& out) {
  const std::size_t n = r.size();
  if (n < 2) return;
  std::size_t zero_steps = 0;
  for (std::size_t k = 1; k < n; ++k) zero_steps += r.head_m[k] == r.head_m[k - 1] ? 1 : 0;
  const double p0 = static_cast<double>(zero_steps) / static_cast<double>(n - 1);
  // Shortest run whose expected count in a series of n readings is below flat_false_alarm:
  // n * p0^(L-1) < alarm. A constant series is one run and is flagged whole.
  double min_run = static_cast<double>(p.flat_min_samples);
  if (p0 > 0.0 && p0 < 1.0) {
    const double needed =
        1.0 + std::log(p.flat_false_alarm / static_cast<double>(n)) / std::log(p0);
    min_run = std::max(min_run, std::ceil(needed));
  }
  std::size_t start = 0;
  for (std::size_t k = 1; k <= n; ++k) {
    if (k < n && r.head_m[k] == r.head_m[start]) continue;
    const std::size_t len = k - start;
    const double days = r.t_d[k - 1] - r.t_d[start];
    if (static_cast<double>(len) >= min_run && days >= p.flat_min_days) {
      for (std::size_t m = start; m < k; ++m) {
        out.push_back({r.index[m], AnomalyKind::flat, Severity::warning, r.head_m[start],
                       min_run});
      }
    }
    start = k;
  }
}

void detect_level_shifts(const ActiveReadings& r, const ChangeScale& scale,
                         const DetectorParams& p, std::vector<PointFlag>& out) {
  const std::size_t n = r.size();
  const std::size_t w = std::max<std::size_t>(p.shift_window_samples, 2);
  std::vector<double> before;
  std::vector<double> after;
  for (std::size_t k = 1; k < n; ++k) {
    const double jump = r.head_m[k] - r.head_m[k - 1];
    const double limit = jump_limit(r, scale, k, p.shift_k);
    if (std::abs(jump) <= limit) continue;
    before.clear();
    after.clear();
    for (std::size_t m = k; m-- > 0 && before.size() < w;) {
      if (r.t_d[k - 1] - r.t_d[m] > p.shift_window_days) break;
      before.push_back(r.head_m[m]);
    }
    for (std::size_t m = k; m < n && after.size() < w; ++m) {
      if (r.t_d[m] - r.t_d[k] > p.shift_window_days) break;
      after.push_back(r.head_m[m]);
    }
    if (before.size() < 2 || after.size() < 2) continue;
    const auto [bmin, bmax] = std::minmax_element(before.begin(), before.end());
    const auto [amin, amax] = std::minmax_element(after.begin(), after.end());
    const double steady = p.shift_steadiness * std::abs(jump);
    if (*bmax - *bmin > steady || *amax - *amin > steady) continue;
    out.push_back({r.index[k], AnomalyKind::level_shift, Severity::warning, r.head_m[k - 1],
                   limit});
  }
}

void detect_clipping(const ActiveReadings& r, const ChangeScale& scale, const DetectorParams& p,
                     const WellMonitoringInfo& info, std::vector<PointFlag>& out) {
  const std::size_t n = r.size();
  if (n < 3) return;
  const auto [lo, hi] = std::minmax_element(r.head_m.begin(), r.head_m.end());
  auto pinned = [&](double extreme, AnomalyKind kind) {
    std::size_t episodes = 0;
    for (std::size_t k = 1; k < n; ++k) {
      if (r.head_m[k] != extreme || r.head_m[k - 1] == extreme) continue;
      if (std::abs(r.head_m[k] - r.head_m[k - 1]) > jump_limit(r, scale, k, p.clip_k)) ++episodes;
    }
    if (episodes < p.clip_min_episodes) return;
    for (std::size_t k = 0; k < n; ++k) {
      if (r.head_m[k] == extreme) {
        out.push_back({r.index[k], kind, Severity::alarm, extreme,
                       static_cast<double>(episodes)});
      }
    }
  };
  pinned(*hi, AnomalyKind::above_top);
  if (*lo != *hi) pinned(*lo, AnomalyKind::below_sensor);
  // Known tube top / sensor level: a reading at or beyond it cannot be a real head.
  for (std::size_t k = 0; k < n; ++k) {
    const double h = r.head_m[k];
    if (info.tube_top_m && h >= *info.tube_top_m - p.min_sigma_m) {
      out.push_back({r.index[k], AnomalyKind::above_top, Severity::alarm, *info.tube_top_m, -1.0});
    }
    if (info.sensor_level_m && h <= *info.sensor_level_m + p.min_sigma_m) {
      out.push_back({r.index[k], AnomalyKind::below_sensor, Severity::alarm,
                     *info.sensor_level_m, -1.0});
    }
  }
}

void detect_time_faults(const SeriesView& view, const DetectorParams& p,
                        std::vector<PointFlag>& out) {
  const auto& s = *view.series;
  for (std::size_t k = 1; k < view.order.size(); ++k) {
    const std::size_t i = view.order[k];
    const std::size_t prev = view.order[k - 1];
    if (s.t[i] != s.t[prev]) continue;
    const bool differs = std::abs(s.head[i] - s.head[prev]) > p.min_sigma_m;
    out.push_back({i, AnomalyKind::duplicate_time, differs ? Severity::warning : Severity::info,
                   s.head[prev], 0.0});
  }
  // File order going back in time: the logger clock was reset, or files were concatenated.
  double latest = -INFINITY;
  for (std::size_t i = 0; i < s.t.size(); ++i) {
    if (!std::isfinite(s.t[i])) continue;
    if (s.t[i] < latest && std::isfinite(s.head[i])) {
      out.push_back({i, AnomalyKind::clock, Severity::warning, latest, 0.0});
    }
    latest = std::max(latest, s.t[i]);
  }
}

std::vector<Anomaly> detect_gaps(const ActiveReadings& r, double typical_step_d,
                                 const DetectorParams& p, const std::string& well_id) {
  std::vector<Anomaly> gaps;
  const double limit = std::max(p.gap_factor * typical_step_d, p.gap_min_days);
  for (std::size_t k = 1; k < r.size(); ++k) {
    const double dt = r.t_d[k] - r.t_d[k - 1];
    if (dt <= limit) continue;
    Anomaly a;
    a.well_id = well_id;
    a.kind = AnomalyKind::gap;
    a.severity = Severity::info;
    a.start_d = r.t_d[k - 1];
    a.end_d = r.t_d[k];
    a.n_points = 0;
    a.value = dt;
    a.expected = typical_step_d;
    a.detail = "No reading for " + std::to_string(static_cast<long>(std::lround(dt))) +
               " days (typical step " + std::to_string(typical_step_d).substr(0, 5) +
               " d; gaps longer than " + std::to_string(static_cast<long>(std::lround(limit))) +
               " d are reported).";
    gaps.push_back(std::move(a));
  }
  return gaps;
}

}  // namespace aquifer::sensors
