// Spatial interpolation of point values (observed heads [m] at wells) onto target points
// (cell centres [m]): ordinary kriging with a fitted semivariogram, or inverse-distance
// weighting when there are too few points. Pure numerics: no PETSc, MPI or file access.
// Used for `[initial] head = "observations"` (docs/kriging.md).
//
// Units: coordinates x_m, y_m [m] in one projected CRS; values in any unit (heads [m]); the
// semivariogram and the kriging variance are in value units squared ([m2] for heads).
//
// Pipeline of interpolate_to_points():
//  1. validate (InterpolationError: no data, non-finite coordinates or values, bad options);
//  2. centre the coordinates on their mean (UTM-sized coordinates keep full precision);
//  3. merge points closer than `duplicate_distance_m`: mean position and value, one warning;
//  4. constant values -> that constant everywhere (method "constant", variance 0);
//     fewer than `min_points_for_kriging` points -> IDW with a warning (1 point: its value);
//  5. empirical semivariogram gamma_hat_k = 1/(2 N_k) sum (z_i - z_j)^2 on lag bins up to
//     max_lag_fraction x the largest distance, and Cressie's weighted least squares fit
//     S = sum_k N_k (gamma_hat_k - gamma(h_k))^2 / gamma(h_k)^2, c0 >= 0, c >= 0, a > 0
//     (models and fit: sensors/variogram.hpp); "auto" keeps the model with the smallest S;
//  6. ordinary kriging at each target (system with Lagrange multiplier mu:
//     sum_j lambda_j gamma_ij + mu = gamma_i0, sum_j lambda_j = 1;
//     z* = sum lambda_i z_i, sigma^2 = sum lambda_i gamma_i0 + mu; sensors/kriging_engine.hpp),
//     over all points (matrix factored once) or the nearest max_neighbours within
//     search_radius_m. A target within duplicate_distance_m of a point takes its value
//     (kriging is an exact interpolator: gamma(0) = 0 also with a nugget);
//  7. leave-one-out cross-validation with the same variogram and neighbourhood:
//     r_i = z*_{-i}(x_i) - z_i,  RMSE = sqrt(1/n sum r_i^2)  [value units].
#pragma once

#include <cstddef>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "sensors/variogram.hpp"

namespace aquifer::sensors {

// Invalid input to the interpolation (no data, NaN coordinates, bad options); the message
// says what is wrong and what was expected.
class InterpolationError final : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct PointValue final {
  std::string id;
  double x_m = 0, y_m = 0, value = 0;
};

struct InterpolationOptions final {
  // "auto" (best Cressie fit of spherical/exponential/gaussian) | "spherical" | "exponential"
  // | "gaussian" | "linear"
  std::string variogram_model = "auto";
  std::size_t lag_bins = 12;             // at most this many lag bins ...
  std::size_t min_pairs_per_bin = 5;     // ... fewer when the pairs are few (but at least 3)
  double max_lag_fraction = 0.5;         // largest lag = this x the largest well distance
  bool allow_nugget = true;              // fit a nugget c0 >= 0 (false: c0 = 0)
  std::size_t min_points_for_kriging = 5;  // fewer distinct points: IDW with a warning
  double idw_power = 2.0;                // IDW weight 1/d^p [-]
  double search_radius_m = std::numeric_limits<double>::infinity();  // neighbours within [m]
  std::size_t max_neighbours = 64;       // nearest points used per target
  std::size_t min_neighbours = 3;        // taken even beyond the radius
  double duplicate_distance_m = 1e-3;    // points closer than this are one point [m]
  bool cross_validate = true;            // compute loo_residuals / loo_rmse
};

struct InterpolationResult final {
  std::vector<double> values;            // at the targets [value units]
  std::string method;                    // "ordinary_kriging" | "idw" | "constant"
  std::string variogram_model;           // "spherical" | "exponential" | "gaussian" | "linear" | ""
  double nugget = 0, partial_sill = 0, range_m = 0;  // [value units^2], [value units^2], [m]
  std::vector<double> kriging_variance;  // at the targets [value units^2] (empty for IDW)
  double loo_rmse = 0;                   // leave-one-out RMSE [value units]; NaN with 1 point
  std::vector<double> loo_residuals;     // per (merged) data point: predicted without it - observed
  std::vector<std::string> warnings;     // e.g. "only 3 wells: inverse-distance weighting"
  // Additions:
  std::vector<std::string> point_ids;    // ids of the points after merging ("a+b" when merged)
  std::vector<VariogramBin> empirical_variogram;  // the bins the variogram was fitted to
  double fit_objective = 0;              // Cressie's S of the chosen model [-]
  std::size_t factorisations = 0;        // kriging matrices factored (cost diagnostic)
};

InterpolationResult interpolate_to_points(const std::vector<PointValue>& data,
                                          const std::vector<double>& target_x_m,
                                          const std::vector<double>& target_y_m,
                                          const InterpolationOptions& options = {});

// Ordinary kriging with a GIVEN variogram (no fitting); steps 1-3, 6, 7 above. Throws
// InterpolationError for a variogram with c0 < 0, c < 0, a <= 0 or c0 + c = 0.
InterpolationResult krige_with_variogram(const std::vector<PointValue>& data,
                                         const std::vector<double>& target_x_m,
                                         const std::vector<double>& target_y_m,
                                         const Variogram& variogram,
                                         const InterpolationOptions& options = {});

// The ordinary-kriging weights of every data point (no merging, no neighbourhood) for one
// target, with the Lagrange multiplier mu and the kriging variance [value units^2].
struct KrigingWeights final {
  std::vector<double> lambda;  // aligned with the data; sum = 1
  double mu = 0;
  double variance = 0;
  bool regularised = false;    // the system was ill-conditioned: a tiny nugget was added
};
KrigingWeights ordinary_kriging_weights(const std::vector<PointValue>& data, double x_m,
                                        double y_m, const Variogram& variogram);

}  // namespace aquifer::sensors
