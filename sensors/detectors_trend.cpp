#include "sensors/detectors_trend.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdint>
#include <map>

#include "params/calendar.hpp"

#include "sensors/detectors_hydro.hpp"
#include "sensors/robust_stats.hpp"

namespace aquifer::sensors {
namespace {

double sign(double v) { return v > 0.0 ? 1.0 : (v < 0.0 ? -1.0 : 0.0); }

double tie_term(std::vector<double> x) {
  std::sort(x.begin(), x.end());
  double sum = 0.0;
  std::size_t i = 0;
  while (i < x.size()) {
    std::size_t j = i;
    while (j < x.size() && x[j] == x[i]) ++j;
    const double g = static_cast<double>(j - i);
    sum += g * (g - 1.0) * (2.0 * g + 5.0);
    i = j;
  }
  return sum;
}

// S, Var(S) and the pairwise slopes of one series (appended to `slopes`).
void kendall_parts(const std::vector<double>& t, const std::vector<double>& x, double& s,
                   double& var_s, std::vector<double>& slopes) {
  const std::size_t n = x.size();
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = i + 1; j < n; ++j) {
      s += sign(x[j] - x[i]);
      if (t[j] != t[i]) slopes.push_back((x[j] - x[i]) / (t[j] - t[i]));
    }
  }
  const double nn = static_cast<double>(n);
  var_s += (nn * (nn - 1.0) * (2.0 * nn + 5.0) - tie_term(x)) / 18.0;
}

void finish(KendallResult& k, std::vector<double>& slopes) {
  if (k.var_s > 0.0 && k.s != 0.0) k.z = (k.s - sign(k.s)) / std::sqrt(k.var_s);
  k.p_value = normal_two_sided_p(k.z);
  k.sen_slope = slopes.empty() ? 0.0 : median_inplace(slopes);
}

}  // namespace

double normal_two_sided_p(double z) { return std::erfc(std::abs(z) / std::sqrt(2.0)); }

KendallResult mann_kendall(const std::vector<double>& t, const std::vector<double>& x) {
  KendallResult k;
  k.n = x.size();
  std::vector<double> slopes;
  if (k.n >= 2) kendall_parts(t, x, k.s, k.var_s, slopes);
  finish(k, slopes);
  return k;
}

KendallResult seasonal_kendall(const ActiveReadings& r) {
  // monthly medians keyed by (month, year)
  // readings are in time order: a (month, year) cell is one contiguous run
  std::map<std::pair<int, int>, std::vector<double>> cells;
  std::vector<double>* cell = nullptr;
  std::int64_t cached_day = INT64_MIN;
  int cell_month = 0;
  int cell_year = 0;
  for (std::size_t k = 0; k < r.size(); ++k) {
    const auto day = static_cast<std::int64_t>(std::floor(r.t_d[k]));
    if (day != cached_day) {
      cached_day = day;
      const auto d = params::civil_from_days(day);
      if (cell == nullptr || d.month != cell_month || d.year != cell_year) {
        cell_month = d.month;
        cell_year = d.year;
        cell = &cells[{cell_month, cell_year}];
      }
    }
    cell->push_back(r.head_m[k]);
  }
  KendallResult result;
  std::vector<double> slopes;
  for (int m = 1; m <= 12; ++m) {
    std::vector<double> years;
    std::vector<double> medians;
    for (auto it = cells.lower_bound({m, -100000}); it != cells.end() && it->first.first == m;
         ++it) {
      years.push_back(it->first.second);
      medians.push_back(median_inplace(it->second));
    }
    result.n += medians.size();
    if (medians.size() >= 2) kendall_parts(years, medians, result.s, result.var_s, slopes);
  }
  finish(result, slopes);
  return result;
}

std::vector<Anomaly> detect_trend(const ActiveReadings& r, const DetectorParams& p,
                                  const std::string& well_id) {
  std::vector<Anomaly> found;
  if (r.size() < 3) return found;
  const double span_yr = (r.t_d.back() - r.t_d.front()) / 365.25;
  if (span_yr < static_cast<double>(p.trend_min_years)) return found;
  const KendallResult k = seasonal_kendall(r);
  if (!(k.p_value < p.trend_alpha)) return found;
  const double total = k.sen_slope * span_yr;
  if (std::abs(total) < p.trend_min_total_m) return found;
  Anomaly a;
  a.well_id = well_id;
  a.kind = AnomalyKind::trend;
  a.severity = Severity::info;
  a.start_d = r.t_d.front();
  a.end_d = r.t_d.back();
  a.n_points = r.size();
  a.value = k.sen_slope;
  a.expected = 0.0;
  char text[320];
  std::snprintf(text, sizeof text,
                "%s trend of %.4f m/yr (Sen's slope; %.2f m over %.1f years): seasonal Kendall "
                "S = %.0f, Var(S) = %.1f, Z = %.2f, p = %.2g on %zu monthly medians.",
                k.sen_slope > 0 ? "Rising" : "Falling", k.sen_slope, total, span_yr, k.s,
                k.var_s, k.z, k.p_value, k.n);
  a.detail = text;
  a.indices.clear();
  found.push_back(std::move(a));
  return found;
}

}  // namespace aquifer::sensors
