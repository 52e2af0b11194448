// Spread of the Cressie WLS variogram fit over simulated Gaussian fields: the numbers behind
// the tolerances of "fitting a simulated Gaussian field ..." in tests/unit/test_variogram_fit.cpp.
// Usage: variogram_fit_spread [n=30] [range_m=40] [realisations=4] [seed_sets=20]
// Grid n x n, spacing 10 m, spherical covariance with sill 2 and the given range, no nugget;
// the empirical semivariogram (12 bins up to 2 x range) is pooled over `realisations` fields
// with seeds s, s+1, ..., for s = 1000, 1100, ...; prints each fit and the largest errors.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "sensors/variogram.hpp"
#include "tests/unit/gaussian_field.hpp"

using namespace aquifer::sensors;

int main(int argc, char** argv) {
  const int n = argc > 1 ? std::atoi(argv[1]) : 30;
  const double range_m = argc > 2 ? std::atof(argv[2]) : 40.0;
  const int realisations = argc > 3 ? std::atoi(argv[3]) : 4;
  const int seed_sets = argc > 4 ? std::atoi(argv[4]) : 20;
  const Variogram truth{VariogramModel::spherical, 0.0, 2.0, range_m};
  double worst_sill = 0, worst_range = 0, worst_nugget = 0;
  for (int s = 0; s < seed_sets; ++s) {
    const std::uint64_t first_seed = 1000 + 100 * static_cast<std::uint64_t>(s);
    const auto bins = testing::pooled_grid_semivariogram(truth, n, 10.0, first_seed,
                                                         realisations, 12, 2.0 * range_m);
    const auto fit = fit_variogram(bins, VariogramModel::spherical, {true, 0.2, 600.0});
    const double sill_err = (fit.variogram.nugget + fit.variogram.partial_sill) / 2.0 - 1.0;
    const double range_err = fit.variogram.range_m / range_m - 1.0;
    std::printf("seeds %llu..: sill %+.1f%%  range %+.1f%%  nugget %.3f\n",
                static_cast<unsigned long long>(first_seed), 100 * sill_err, 100 * range_err,
                fit.variogram.nugget);
    worst_sill = std::max(worst_sill, std::abs(sill_err));
    worst_range = std::max(worst_range, std::abs(range_err));
    worst_nugget = std::max(worst_nugget, fit.variogram.nugget);
  }
  std::printf("largest |error|: sill %.1f%%  range %.1f%%  nugget %.3f\n", 100 * worst_sill,
              100 * worst_range, worst_nugget);
  return 0;
}
