// Semivariogram models, the empirical (binned) semivariogram and its weighted-least-squares fit.
//
// Semivariogram of a field z [value units, e.g. head in m] at lag h [m]:
//   gamma(h) = 1/2 E[(z(x + h) - z(x))^2]                              [value units^2]
// Models, with nugget c0 >= 0, partial sill c >= 0 and range a > 0 [m]; gamma(0) = 0 always
// (the nugget is the jump just above 0):
//   spherical    gamma(h) = c0 + c (3h/(2a) - h^3/(2a^3))   for h < a;  c0 + c for h >= a
//   exponential  gamma(h) = c0 + c (1 - exp(-3h/a))         (a = practical range: 95% of c)
//   gaussian     gamma(h) = c0 + c (1 - exp(-3h^2/a^2))     (a = practical range: 95% of c)
//   linear       gamma(h) = c0 + c h / a                    (no sill: slope c/a per m)
// Empirical semivariogram: pairs (i, j), i < j, binned by distance h_ij into K equal bins on
// (0, max_lag]; per bin k: N_k pairs, mean lag h_k [m] and
//   gamma_hat_k = 1/(2 N_k) sum_{pairs in k} (z_i - z_j)^2.
// Fit (Cressie 1985 weighted least squares): minimise over (c0, c, a)
//   S = sum_k N_k (gamma_hat_k - gamma(h_k))^2 / gamma(h_k)^2
// subject to c0 >= 0 (or c0 = 0 when no nugget is allowed), c >= 0, a in [a_min, a_max].
// For a fixed range the model is linear in (c0, c): it is solved by iteratively reweighted,
// bound-constrained linear least squares (start: weights N_k, i.e. robust to empty-variance
// bins); the range is found by a scan over log-spaced values and a golden-section refinement.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace aquifer::sensors {

enum class VariogramModel { spherical, exponential, gaussian, linear };

[[nodiscard]] std::string to_string(VariogramModel model);
// "spherical" | "exponential" | "gaussian" | "linear"; std::nullopt for anything else.
[[nodiscard]] std::optional<VariogramModel> variogram_model_from_string(const std::string& name);

struct Variogram final {
  VariogramModel model = VariogramModel::spherical;
  double nugget = 0.0;        // c0 [value units^2]
  double partial_sill = 0.0;  // c  [value units^2]
  double range_m = 1.0;       // a  [m] (practical range for exponential/gaussian)

  // gamma(h) [value units^2] at lag h_m >= 0 [m]; 0 at h = 0.
  [[nodiscard]] double operator()(double h_m) const;
  // The structured part without the nugget, c * f(h/a), in [0, c] for bounded models.
  [[nodiscard]] double structured(double h_m) const;
};

struct VariogramBin final {
  double lag_m = 0.0;           // mean pair distance in the bin [m]
  double semivariance = 0.0;    // gamma_hat [value units^2]
  std::size_t pair_count = 0;   // N
};

// Empirical semivariogram of points (x_m[i], y_m[i], z[i]) with `bin_count` equal-width bins on
// (0, max_lag_m]; pairs farther than max_lag_m are ignored, empty bins left out.
[[nodiscard]] std::vector<VariogramBin> empirical_semivariogram(
    const std::vector<double>& x_m, const std::vector<double>& y_m, const std::vector<double>& z,
    std::size_t bin_count, double max_lag_m);

struct VariogramFitOptions final {
  bool allow_nugget = true;
  double min_range_m = 0.0;   // a_min [m]; > 0
  double max_range_m = 0.0;   // a_max [m]; >= a_min (for "linear" the range is fixed to a_max)
};

struct VariogramFit final {
  Variogram variogram;
  double objective = 0.0;     // Cressie's S at the optimum [-]
};

// Fits one model to the bins. Requires at least one bin with a positive semivariance.
[[nodiscard]] VariogramFit fit_variogram(const std::vector<VariogramBin>& bins,
                                         VariogramModel model,
                                         const VariogramFitOptions& options);

// Cressie's weighted sum of squares S of `variogram` against the bins (model values are floored
// at 1e-9 x the mean empirical semivariance so a zero model value cannot divide by zero).
[[nodiscard]] double cressie_objective(const std::vector<VariogramBin>& bins,
                                       const Variogram& variogram);

}  // namespace aquifer::sensors
