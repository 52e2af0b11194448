// The per-target predictors behind sensors/kriging.hpp: ordinary kriging with a given
// variogram and inverse-distance weighting, over a global or local neighbourhood. Coordinates
// here are already centred (see kriging.cpp); no validation happens at this level.
//
// Ordinary kriging at x0 from neighbours x_1..x_n (semivariogram form, Lagrange multiplier mu):
//   sum_j lambda_j gamma(|x_i - x_j|) + mu = gamma(|x_i - x0|)   i = 1..n
//   sum_j lambda_j                         = 1                   (unbiasedness)
//   z*(x0) = sum_i lambda_i z_i,     sigma^2(x0) = sum_i lambda_i gamma(|x_i - x0|) + mu
// The (n+1) x (n+1) matrix depends on the neighbours only, so it is factored once per distinct
// neighbour set (once in all when every point is used) and each target costs one solve; once
// a factorisation has served n+1 targets its inverse is formed and each further target costs
// one matrix-vector product (independent multiply-adds: several times faster than the
// substitutions, whose dot products are chains of dependent operations).
#pragma once

#include <cstddef>
#include <vector>

#include "sensors/dense_lu.hpp"
#include "sensors/variogram.hpp"

namespace aquifer::sensors::detail {

struct Points final {  // centred coordinates [m], values [value units]
  std::vector<double> x_m, y_m, value;
};

struct Neighbourhood final {
  double search_radius_m = 0.0;    // +inf: no radius
  std::size_t max_neighbours = 0;  // points used per target at most
  std::size_t min_neighbours = 0;  // taken regardless of the radius when fewer lie inside it
  double coincide_m = 0.0;         // a target this close to a point takes its value
};

struct Prediction final {
  double value = 0.0;
  double variance = 0.0;  // kriging variance [value units^2]; 0 for IDW
};

// Selects neighbours of (x, y) by distance (ascending indices in `out`), skipping `exclude`
// (npos: none). Returns the index of a point within coincide_m of the target, or npos.
// `widened` is set when fewer than min_neighbours lay inside the radius.
std::size_t select_neighbours(const Points& points, const Neighbourhood& hood, double x_m,
                              double y_m, std::size_t exclude, std::vector<std::size_t>& out,
                              bool& widened);

inline constexpr std::size_t npos = static_cast<std::size_t>(-1);

class OrdinaryKrigingPredictor final {
 public:
  OrdinaryKrigingPredictor(const Points& points, const Variogram& variogram,
                           const Neighbourhood& hood);
  [[nodiscard]] Prediction predict(double x_m, double y_m, std::size_t exclude = npos);

  // Kriging weights lambda_i (aligned with `neighbours`) and mu for a target; used by tests
  // and by predict().
  void weights(double x_m, double y_m, const std::vector<std::size_t>& neighbours,
               std::vector<double>& lambda, double& mu);

  [[nodiscard]] const Variogram& variogram() const { return variogram_; }  // after any jitter
  [[nodiscard]] bool regularised() const { return regularised_; }
  [[nodiscard]] std::size_t widened_targets() const { return widened_targets_; }
  [[nodiscard]] std::size_t factorisations() const { return factorisations_; }

 private:
  void factor_for(const std::vector<std::size_t>& neighbours);

  const Points& points_;
  Variogram variogram_;
  Neighbourhood hood_;
  DenseLu lu_;
  std::vector<double> inverse_;            // lu_'s A^-1 by columns, once it pays off
  std::size_t solves_ = 0;                 // targets served by the current factorisation
  std::vector<std::size_t> factored_set_;  // the neighbour set lu_ belongs to
  std::vector<std::size_t> scratch_set_;
  std::vector<double> rhs_;
  bool regularised_ = false;
  std::size_t widened_targets_ = 0;
  std::size_t factorisations_ = 0;
};

// Inverse-distance weighting: z*(x0) = sum w_i z_i / sum w_i, w_i = 1 / d_i^power.
class InverseDistancePredictor final {
 public:
  InverseDistancePredictor(const Points& points, double power, const Neighbourhood& hood);
  [[nodiscard]] Prediction predict(double x_m, double y_m, std::size_t exclude = npos);
  [[nodiscard]] std::size_t widened_targets() const { return widened_targets_; }

 private:
  const Points& points_;
  double power_;
  Neighbourhood hood_;
  std::vector<std::size_t> scratch_set_;
  std::size_t widened_targets_ = 0;
};

}  // namespace aquifer::sensors::detail
