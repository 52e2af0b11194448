#include "sensors/fit_statistics.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace aquifer::sensors {
namespace {
constexpr double nan = std::numeric_limits<double>::quiet_NaN();
}  // namespace

double interpolate_linear(const std::vector<double>& t, const std::vector<double>& v,
                          double at) {
  if (t.empty() || at < t.front() || at > t.back()) return nan;
  const auto it = std::lower_bound(t.begin(), t.end(), at);
  const auto i = static_cast<std::size_t>(it - t.begin());
  if (t[i] == at) return v[i];
  const double w = (at - t[i - 1]) / (t[i] - t[i - 1]);
  return (1.0 - w) * v[i - 1] + w * v[i];  // NaN when either is NaN
}

FitStatistics statistics_of_pairs(const std::vector<double>& sim, const std::vector<double>& obs) {
  FitStatistics s;
  s.n = sim.size();
  if (s.n == 0) {
    s.bias_m = s.rmse_m = s.mae_m = s.nse = s.kge = nan;
    return s;
  }
  const double n = static_cast<double>(s.n);
  double sum_r = 0, sum_r2 = 0, sum_abs = 0, mean_sim = 0, mean_obs = 0;
  for (std::size_t i = 0; i < s.n; ++i) {
    const double r = sim[i] - obs[i];
    sum_r += r;
    sum_r2 += r * r;
    sum_abs += std::abs(r);
    mean_sim += sim[i];
    mean_obs += obs[i];
  }
  mean_sim /= n;
  mean_obs /= n;
  double var_sim = 0, var_obs = 0, cov = 0;
  for (std::size_t i = 0; i < s.n; ++i) {
    var_sim += (sim[i] - mean_sim) * (sim[i] - mean_sim);
    var_obs += (obs[i] - mean_obs) * (obs[i] - mean_obs);
    cov += (sim[i] - mean_sim) * (obs[i] - mean_obs);
  }
  s.bias_m = sum_r / n;
  s.rmse_m = std::sqrt(sum_r2 / n);
  s.mae_m = sum_abs / n;
  // A series constant to round-off has no defined correlation.
  const double tiny = 1e-18 * n * std::max(1.0, mean_obs * mean_obs + mean_sim * mean_sim);
  const bool sim_varies = var_sim > tiny;
  const bool obs_varies = var_obs > tiny;
  s.nse = obs_varies ? 1.0 - sum_r2 / var_obs : nan;
  const double rho = sim_varies && obs_varies ? cov / std::sqrt(var_sim * var_obs) : nan;
  const double alpha = obs_varies ? std::sqrt(var_sim / var_obs) : nan;
  const double beta = mean_obs != 0 ? mean_sim / mean_obs : nan;
  s.kge = 1.0 - std::sqrt((rho - 1) * (rho - 1) + (alpha - 1) * (alpha - 1) +
                          (beta - 1) * (beta - 1));
  return s;
}

FitStatistics compare_series(const std::vector<double>& sim_epoch_d,
                             const std::vector<double>& sim_head_m, const ObservationSeries& obs,
                             const std::set<int>& excluded_lines) {
  std::vector<double> sim;
  std::vector<double> ob;
  double first = nan, last = nan;
  for (std::size_t i = 0; i < obs.t.size(); ++i) {
    if (std::isnan(obs.head[i]) || excluded_lines.count(obs.line[i]) != 0) continue;
    const double s = interpolate_linear(sim_epoch_d, sim_head_m, obs.t[i]);
    if (std::isnan(s)) continue;
    sim.push_back(s);
    ob.push_back(obs.head[i]);
    first = std::isnan(first) ? obs.t[i] : std::min(first, obs.t[i]);
    last = std::isnan(last) ? obs.t[i] : std::max(last, obs.t[i]);
  }
  FitStatistics out = statistics_of_pairs(sim, ob);
  out.well_id = obs.well_id;
  out.first_epoch_d = first;
  out.last_epoch_d = last;
  return out;
}

}  // namespace aquifer::sensors
