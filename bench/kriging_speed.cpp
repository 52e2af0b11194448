// Kriging speed: wells interpolated onto a grid of cell centres with
// aquifer::sensors::interpolate_to_points (variogram fit, ordinary kriging with variance,
// leave-one-out cross-validation), timed with std::chrono::steady_clock; best of `repeats`.
// Usage: kriging_speed [wells=50] [targets=200000] [max_neighbours=64] [repeats=3]
// With wells <= max_neighbours every well is used and the kriging matrix is factored once;
// otherwise each target uses its max_neighbours nearest wells (one factorisation per distinct
// neighbour set). Synthetic heads: h = 100 + 0.002 x - 0.001 y + 3 sin(x/2500) cos(y/1800) [m]
// on a 20 km x 15 km area, wells at deterministic quasi-random (Halton 2, 3) positions.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "sensors/kriging.hpp"

using namespace aquifer::sensors;

namespace {

double halton(int index, int base) {
  double f = 1.0, r = 0.0;
  for (int i = index; i > 0; i /= base) {
    f /= base;
    r += f * (i % base);
  }
  return r;
}

double heads_m(double x, double y) {
  return 100.0 + 0.002 * x - 0.001 * y + 3.0 * std::sin(x / 2500.0) * std::cos(y / 1800.0);
}

}  // namespace

int main(int argc, char** argv) {
  const int wells = argc > 1 ? std::atoi(argv[1]) : 50;
  const int targets = argc > 2 ? std::atoi(argv[2]) : 200000;
  const int max_neighbours = argc > 3 ? std::atoi(argv[3]) : 64;
  const int repeats = argc > 4 ? std::atoi(argv[4]) : 3;
  const double width_m = 20000.0, height_m = 15000.0;
  const double origin_x_m = 500000.0, origin_y_m = 4000000.0;  // UTM-like coordinates
  std::vector<PointValue> data;
  for (int i = 0; i < wells; ++i) {
    const double x = width_m * halton(i + 1, 2), y = height_m * halton(i + 1, 3);
    data.push_back({"w" + std::to_string(i), origin_x_m + x, origin_y_m + y, heads_m(x, y)});
  }
  // Targets: cell centres of a grid with about `targets` cells of the same aspect ratio.
  const int nx = std::max(1, static_cast<int>(std::lround(std::sqrt(targets * width_m / height_m))));
  const int ny = std::max(1, (targets + nx - 1) / nx);
  std::vector<double> tx, ty;
  for (int j = 0; j < ny && static_cast<int>(tx.size()) < targets; ++j) {
    for (int i = 0; i < nx && static_cast<int>(tx.size()) < targets; ++i) {
      tx.push_back(origin_x_m + (i + 0.5) * width_m / nx);
      ty.push_back(origin_y_m + (j + 0.5) * height_m / ny);
    }
  }
  InterpolationOptions options;
  options.max_neighbours = static_cast<std::size_t>(max_neighbours);
  double best_s = 1e300;
  InterpolationResult result;
  for (int r = 0; r < repeats; ++r) {
    const auto start = std::chrono::steady_clock::now();
    result = interpolate_to_points(data, tx, ty, options);
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    best_s = std::min(best_s, elapsed.count());
  }
  double sum_sq = 0.0;
  for (std::size_t t = 0; t < tx.size(); ++t) {
    const double e = result.values[t] - heads_m(tx[t] - origin_x_m, ty[t] - origin_y_m);
    sum_sq += e * e;
  }
  std::printf("wells %d  targets %zu  max_neighbours %d  method %s  model %s "
              "(nugget %.4g m2, partial sill %.4g m2, range %.0f m)\n",
              wells, tx.size(), max_neighbours, result.method.c_str(),
              result.variogram_model.c_str(), result.nugget, result.partial_sill, result.range_m);
  std::printf("time %.3f s (best of %d)  %.2f us/target  %zu factorisations  LOO RMSE %.3f m  "
              "true RMSE %.3f m\n",
              best_s, repeats, 1e6 * best_s / static_cast<double>(tx.size()), result.factorisations,
              result.loo_rmse,
              std::sqrt(sum_sq / static_cast<double>(tx.size())));
  for (const auto& w : result.warnings) std::printf("warning: %s\n", w.c_str());
  return 0;
}
