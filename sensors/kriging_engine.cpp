// Per-target ordinary kriging and IDW predictors. Equations: kriging_engine.hpp.
#include "sensors/kriging_engine.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

namespace aquifer::sensors::detail {

namespace {

// Smallest acceptable 1 / cond_1 of a kriging matrix before a small nugget is added.
constexpr double kMinReciprocalCondition = 1e-12;
// Nuggets tried on an ill-conditioned system: 1e-12, 1e-10, ..., 1e-4 x mean gamma_ij.
constexpr int kJitterSteps = 5;

// |(dx, dy)| [m]; plain sqrt (std::hypot is several times slower and the centred coordinates
// cannot overflow).
inline double distance_m(double dx_m, double dy_m) { return std::sqrt(dx_m * dx_m + dy_m * dy_m); }

}  // namespace

std::size_t select_neighbours(const Points& points, const Neighbourhood& hood, double x_m,
                              double y_m, std::size_t exclude, std::vector<std::size_t>& out,
                              bool& widened) {
  const std::size_t n = points.value.size();
  const double coincide2 = hood.coincide_m * hood.coincide_m;
  const double radius2 = hood.search_radius_m * hood.search_radius_m;
  const std::size_t available = n - (exclude < n ? 1 : 0);
  out.clear();
  widened = false;
  std::size_t hit = npos;
  if (std::isinf(hood.search_radius_m) && hood.max_neighbours >= available) {  // global
    for (std::size_t i = 0; i < n; ++i) {
      if (i == exclude) continue;
      const double dx = points.x_m[i] - x_m, dy = points.y_m[i] - y_m;
      if (hit == npos && dx * dx + dy * dy <= coincide2) hit = i;
      out.push_back(i);
    }
    return hit;
  }
  thread_local std::vector<std::pair<double, std::size_t>> by_distance;
  by_distance.clear();
  std::size_t inside = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (i == exclude) continue;
    const double dx = points.x_m[i] - x_m, dy = points.y_m[i] - y_m;
    const double d2 = dx * dx + dy * dy;
    if (hit == npos && d2 <= coincide2) hit = i;
    if (d2 <= radius2) ++inside;
    by_distance.emplace_back(d2, i);
  }
  std::size_t k = std::min(hood.max_neighbours, inside);
  if (k < hood.min_neighbours) {
    k = std::min(hood.min_neighbours, by_distance.size());
    widened = true;
  }
  const auto middle = by_distance.begin() + static_cast<std::ptrdiff_t>(k);
  std::nth_element(by_distance.begin(), middle, by_distance.end());
  for (auto it = by_distance.begin(); it != middle; ++it) out.push_back(it->second);
  std::sort(out.begin(), out.end());
  return hit;
}

OrdinaryKrigingPredictor::OrdinaryKrigingPredictor(const Points& points,
                                                   const Variogram& variogram,
                                                   const Neighbourhood& hood)
    : points_(points), variogram_(variogram), hood_(hood) {}

// Assembles [Gamma 1; 1' 0] for the neighbours and factors it. When it is singular or its
// 1 / cond_1 is below kMinReciprocalCondition, the smallest nugget of 1e-12, 1e-10, ..., 1e-4
// times the mean off-diagonal gamma that makes it acceptable is added for the rest of the run.
void OrdinaryKrigingPredictor::factor_for(const std::vector<std::size_t>& neighbours) {
  const std::size_t n = neighbours.size();
  const std::size_t m = n + 1;
  const double base_nugget = variogram_.nugget;
  double mean_gamma = 0.0;
  for (int attempt = 0; attempt <= kJitterSteps; ++attempt) {
    std::vector<double> a(m * m, 1.0);
    double sum_gamma = 0.0;
    for (std::size_t i = 0; i < n; ++i) {
      const std::size_t pi = neighbours[i];
      a[i * m + i] = 0.0;
      for (std::size_t j = i + 1; j < n; ++j) {
        const std::size_t pj = neighbours[j];
        const double g = variogram_(distance_m(points_.x_m[pi] - points_.x_m[pj],
                                               points_.y_m[pi] - points_.y_m[pj]));
        a[i * m + j] = g;
        a[j * m + i] = g;
        sum_gamma += g;
      }
    }
    a[n * m + n] = 0.0;
    if (attempt == 0 && n > 1) mean_gamma = sum_gamma / (0.5 * double(n) * double(n - 1));
    ++factorisations_;
    inverse_.clear();
    solves_ = 0;
    if (lu_.factor(std::move(a), m) && lu_.reciprocal_condition() >= kMinReciprocalCondition) {
      factored_set_ = neighbours;
      return;
    }
    // Ill-conditioned (e.g. a gaussian model without nugget): try a slightly larger nugget.
    variogram_.nugget = base_nugget + std::pow(10.0, -12.0 + 2.0 * attempt) * mean_gamma;
    regularised_ = true;
  }
  variogram_.nugget = base_nugget;
  factored_set_.clear();
  throw std::runtime_error("the ordinary-kriging system is singular even with a nugget of 1e-4 "
                           "times the mean semivariance between the wells");
}

void OrdinaryKrigingPredictor::weights(double x_m, double y_m,
                                       const std::vector<std::size_t>& neighbours,
                                       std::vector<double>& lambda, double& mu) {
  if (!lu_.ok() || neighbours != factored_set_) factor_for(neighbours);
  const std::size_t n = neighbours.size();
  rhs_.resize(n + 1);
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t p = neighbours[i];
    rhs_[i] = variogram_(distance_m(points_.x_m[p] - x_m, points_.y_m[p] - y_m));
  }
  rhs_[n] = 1.0;
  const std::size_t m = n + 1;
  if (++solves_ > m && inverse_.empty()) inverse_ = lu_.inverse_by_columns();
  if (inverse_.empty()) {
    lambda = rhs_;  // keep gamma_i0 in rhs_ for the variance
    lu_.solve(lambda.data());
  } else {  // lambda = A^-1 rhs as a sum of columns (vectorisable multiply-adds)
    lambda.assign(m, 0.0);
    double* out = lambda.data();
    for (std::size_t j = 0; j < m; ++j) {
      const double r = rhs_[j];
      const double* column = &inverse_[j * m];
      for (std::size_t i = 0; i < m; ++i) out[i] += column[i] * r;
    }
  }
  mu = lambda[n];
  lambda.resize(n);
}

Prediction OrdinaryKrigingPredictor::predict(double x_m, double y_m, std::size_t exclude) {
  bool widened = false;
  const std::size_t hit = select_neighbours(points_, hood_, x_m, y_m, exclude, scratch_set_,
                                            widened);
  if (widened) ++widened_targets_;
  if (hit != npos) return {points_.value[hit], 0.0};
  thread_local std::vector<double> lambda;
  double mu = 0.0;
  weights(x_m, y_m, scratch_set_, lambda, mu);
  double value = 0.0, variance = mu;
  for (std::size_t i = 0; i < lambda.size(); ++i) {
    value += lambda[i] * points_.value[scratch_set_[i]];
    variance += lambda[i] * rhs_[i];
  }
  return {value, std::max(0.0, variance)};
}

InverseDistancePredictor::InverseDistancePredictor(const Points& points, double power,
                                                   const Neighbourhood& hood)
    : points_(points), power_(power), hood_(hood) {}

Prediction InverseDistancePredictor::predict(double x_m, double y_m, std::size_t exclude) {
  bool widened = false;
  const std::size_t hit = select_neighbours(points_, hood_, x_m, y_m, exclude, scratch_set_,
                                            widened);
  if (widened) ++widened_targets_;
  if (hit != npos) return {points_.value[hit], 0.0};
  double weighted = 0.0, total = 0.0;
  for (std::size_t p : scratch_set_) {
    const double d = distance_m(points_.x_m[p] - x_m, points_.y_m[p] - y_m);
    const double w = std::pow(d, -power_);
    weighted += w * points_.value[p];
    total += w;
  }
  return {weighted / total, 0.0};
}

}  // namespace aquifer::sensors::detail
