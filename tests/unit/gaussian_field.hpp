// Test support: a zero-mean Gaussian random field with the covariance of a bounded variogram,
// C(h) = c0 + c - gamma(h), on an n x n grid of spacing dx_m (point i at x = dx (i mod n),
// y = dx (i div n)), by the Cholesky factor L of the covariance matrix: z = L u, u ~ N(0, I).
// Normal deviates by Box-Muller from std::mt19937_64, whose output sequence is fixed by the C++
// standard, so a seed gives the same field everywhere. O(n^6 / 3): keep n <= ~30.
// Used by tests/unit/test_variogram_fit.cpp and bench/variogram_fit_spread.cpp.
#pragma once

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "sensors/variogram.hpp"

namespace aquifer::sensors::testing {

inline std::vector<double> gaussian_field(const Variogram& v, int n, double dx_m,
                                          std::uint64_t seed) {
  const std::size_t m = static_cast<std::size_t>(n) * n;
  const auto un = static_cast<std::size_t>(n);
  const double sill = v.nugget + v.partial_sill;
  std::vector<double> l(m * m, 0.0);
  for (std::size_t i = 0; i < m; ++i) {
    for (std::size_t j = 0; j <= i; ++j) {
      const double h = dx_m * std::hypot(double(i % un) - double(j % un),
                                         double(i / un) - double(j / un));
      l[i * m + j] = sill - v(h);
    }
  }
  for (std::size_t j = 0; j < m; ++j) {  // in-place Cholesky of the lower triangle
    double d = l[j * m + j];
    for (std::size_t k = 0; k < j; ++k) d -= l[j * m + k] * l[j * m + k];
    d = std::sqrt(d);
    l[j * m + j] = d;
    for (std::size_t i = j + 1; i < m; ++i) {
      double s = l[i * m + j];
      const double* li = &l[i * m];
      const double* lj = &l[j * m];
      for (std::size_t k = 0; k < j; ++k) s -= li[k] * lj[k];
      l[i * m + j] = s / d;
    }
  }
  std::mt19937_64 rng(seed);
  const double two_pi = 6.283185307179586;
  std::vector<double> u(m);
  for (std::size_t i = 0; i < m; i += 2) {
    const double u1 = (static_cast<double>(rng() >> 11) + 1.0) * 0x1.0p-53;  // (0, 1]
    const double u2 = static_cast<double>(rng() >> 11) * 0x1.0p-53;          // [0, 1)
    const double r = std::sqrt(-2.0 * std::log(u1));
    u[i] = r * std::cos(two_pi * u2);
    if (i + 1 < m) u[i + 1] = r * std::sin(two_pi * u2);
  }
  std::vector<double> z(m, 0.0);
  for (std::size_t i = 0; i < m; ++i) {
    for (std::size_t k = 0; k <= i; ++k) z[i] += l[i * m + k] * u[k];
  }
  return z;
}

// Empirical semivariogram of a grid field pooled (mean semivariance per bin) over
// `realisations` fields with seeds first_seed, first_seed + 1, ...
inline std::vector<VariogramBin> pooled_grid_semivariogram(const Variogram& v, int n, double dx_m,
                                                           std::uint64_t first_seed,
                                                           int realisations, std::size_t bins,
                                                           double max_lag_m) {
  std::vector<double> x, y;
  for (int i = 0; i < n * n; ++i) {
    x.push_back(dx_m * (i % n));
    y.push_back(dx_m * (i / n));
  }
  std::vector<VariogramBin> pooled;
  for (int r = 0; r < realisations; ++r) {
    const auto z = gaussian_field(v, n, dx_m, first_seed + static_cast<std::uint64_t>(r));
    const auto b = empirical_semivariogram(x, y, z, bins, max_lag_m);
    if (pooled.empty()) pooled = b;
    else for (std::size_t k = 0; k < b.size(); ++k) pooled[k].semivariance += b[k].semivariance;
  }
  for (auto& b : pooled) b.semivariance /= realisations;
  return pooled;
}

}  // namespace aquifer::sensors::testing
