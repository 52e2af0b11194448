#include "sensors/series_view.hpp"

#include <algorithm>
#include <cmath>

#include "sensors/robust_stats.hpp"

namespace aquifer::sensors {

std::size_t SeriesView::position(std::size_t index) const {
  if (!sorted) return position_table[index];
  const auto it = std::lower_bound(order.begin(), order.end(), index);
  return it != order.end() && *it == index ? static_cast<std::size_t>(it - order.begin()) : npos;
}

SeriesView make_view(const ObservationSeries& series) {
  SeriesView view;
  fill_view(series, view);
  return view;
}

void fill_view(const ObservationSeries& series, SeriesView& view) {
  view.series = &series;
  const std::size_t n = series.t.size();
  view.order.clear();
  view.order.reserve(n);
  view.position_table.clear();
  bool sorted = true;
  for (std::size_t i = 0; i < n; ++i) {
    if (!std::isfinite(series.head[i]) || !std::isfinite(series.t[i])) continue;
    if (!view.order.empty() && series.t[i] < series.t[view.order.back()]) sorted = false;
    view.order.push_back(i);
  }
  if (!sorted) {
    std::stable_sort(view.order.begin(), view.order.end(),
                     [&](std::size_t a, std::size_t b) { return series.t[a] < series.t[b]; });
  }
  view.sorted = sorted;
  if (sorted) return;
  view.position_table.assign(n, SeriesView::npos);
  for (std::size_t k = 0; k < view.order.size(); ++k) view.position_table[view.order[k]] = k;
}

void fill_active_readings(const SeriesView& view, const std::vector<char>& masked,
                          ActiveReadings& r) {
  const auto& s = *view.series;
  const std::size_t n = view.order.size();
  r.t_d.resize(n);
  r.head_m.resize(n);
  r.index.resize(n);
  std::size_t k = 0;
  for (std::size_t i : view.order) {
    r.t_d[k] = s.t[i];
    r.head_m[k] = s.head[i];
    r.index[k] = i;
    k += masked[i] ? 0 : 1;  // branch-free: a masked reading is overwritten by the next
  }
  r.t_d.resize(k);
  r.head_m.resize(k);
  r.index.resize(k);
}

ActiveReadings active_readings(const SeriesView& view, const std::vector<char>& masked) {
  ActiveReadings r;
  fill_active_readings(view, masked, r);
  return r;
}

int octave_of(double dt_d) {
  if (!(dt_d > 0.0)) return ChangeScale::kMinOctave;
  // nearest power of two (rounding at the geometric midpoint): ilogb(dt * sqrt 2)
  const int o = std::ilogb(dt_d * M_SQRT2);
  return std::clamp(o, ChangeScale::kMinOctave, ChangeScale::kMaxOctave);
}

ChangeScale::ChangeScale(const ActiveReadings& r, double min_sigma_m,
                         std::size_t min_steps_per_octave)
    : min_sigma_m_(min_sigma_m) {
  // reused between calls (one series after another): no allocation per series
  thread_local std::array<std::vector<double>, kBins> changes;
  thread_local std::array<std::vector<double>, kBins> steps;
  thread_local std::vector<double> all_steps;
  for (auto& c : changes) c.clear();
  for (auto& c : steps) c.clear();
  all_steps.clear();
  for (std::size_t k = 1; k < r.size(); ++k) {
    const double dt = r.t_d[k] - r.t_d[k - 1];
    if (!(dt > 0.0)) continue;
    const int b = octave_of(dt) - kMinOctave;
    changes[b].push_back(r.head_m[k] - r.head_m[k - 1]);
    steps[b].push_back(dt);
    all_steps.push_back(dt);
  }
  thin_inplace(all_steps, kMaxSample);
  if (!all_steps.empty()) typical_step_d_ = median_inplace(all_steps);
  for (int b = 0; b < kBins; ++b) {
    if (changes[b].size() < min_steps_per_octave) continue;
    thin_inplace(changes[b], kMaxSample);
    thin_inplace(steps[b], kMaxSample);
    centre_d_[b] = median_inplace(steps[b]);
    // Changes of real heads are heavy-tailed (recharge, pumping): the scale is the larger of
    // 1.4826 MAD and the 90 % quantile of |change - median| / 1.645 (both = sd for normal data).
    auto& c = changes[b];
    const double centre = median_inplace(c);
    for (double& x : c) x = std::abs(x - centre);
    const double mad_sd = 1.4826 * median_inplace(c);
    const double q90_sd = quantile_inplace(c, 0.90) / 1.645;
    sigma_[b] = std::max({mad_sd, q90_sd, min_sigma_m_});
    any_ = true;
  }
}

double ChangeScale::sigma(double dt_d) const {
  if (!any_) return min_sigma_m_;
  const int b = octave_of(dt_d) - kMinOctave;
  if (sigma_[b] > 0.0) return sigma_[b];
  // Nearest octave with an estimate, scaled like a random walk (sd grows with sqrt(dt)).
  for (int off = 1; off < kBins; ++off) {
    for (int c : {b - off, b + off}) {
      if (c < 0 || c >= kBins || !(sigma_[c] > 0.0)) continue;
      const double ratio = std::max(dt_d, 1e-6) / centre_d_[c];
      return std::max(sigma_[c] * std::sqrt(ratio), min_sigma_m_);
    }
  }
  return min_sigma_m_;
}

}  // namespace aquifer::sensors
