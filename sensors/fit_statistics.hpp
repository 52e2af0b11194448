// Simulated vs observed: goodness-of-fit statistics of one well over the overlap of the two
// series. The simulated series (sampled at step ends) is interpolated linearly in time to
// each observation time; observations outside the simulated period, missing (NaN)
// observations, excluded lines, and times where a bracketing simulated value is NaN (dry
// cells) do not count. Residual r = simulated - observed.
//   n     number of pairs
//   bias  mean(r) [m]
//   rmse  sqrt(mean(r^2)) [m]
//   mae   mean(|r|) [m]
//   nse   1 - sum(r^2) / sum((obs - mean(obs))^2)            (Nash-Sutcliffe; NaN if var 0)
//   kge   1 - sqrt((rho-1)^2 + (alpha-1)^2 + (beta-1)^2)    (Kling-Gupta 2009;
//         rho Pearson correlation, alpha = sd(sim)/sd(obs), beta = mean(sim)/mean(obs),
//         population standard deviations; NaN when undefined)
#pragma once

#include <set>
#include <string>
#include <vector>

#include "sensors/observation_data.hpp"

namespace aquifer::sensors {

struct FitStatistics final {
  std::string well_id;
  std::size_t n = 0;
  double bias_m = 0.0, rmse_m = 0.0, mae_m = 0.0;
  double nse = 0.0, kge = 0.0;
  double first_epoch_d = 0.0, last_epoch_d = 0.0;  // first/last observation time compared
};

// Linear interpolation of (t, v) at `at` (t increasing); NaN outside [t.front(), t.back()]
// or where a bracketing value is NaN. An exact match returns that sample.
[[nodiscard]] double interpolate_linear(const std::vector<double>& t,
                                        const std::vector<double>& v, double at);

// Statistics of one well. sim_epoch_d: simulated times [d since 1970 UTC], increasing.
// excluded_lines: lines of `obs` left out by an explicit rule (sorted set).
[[nodiscard]] FitStatistics compare_series(const std::vector<double>& sim_epoch_d,
                                           const std::vector<double>& sim_head_m,
                                           const ObservationSeries& obs,
                                           const std::set<int>& excluded_lines = {});

// The statistics of the pairs (sim[i], obs[i]) as they are (no interpolation).
[[nodiscard]] FitStatistics statistics_of_pairs(const std::vector<double>& sim,
                                                const std::vector<double>& obs);

}  // namespace aquifer::sensors
