#include "sensors/robust_stats.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace aquifer::sensors {

double quantile_inplace(std::vector<double>& v, double q) {
  if (v.empty()) return std::numeric_limits<double>::quiet_NaN();
  const double pos = q * static_cast<double>(v.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(pos));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(lo), v.end());
  const double a = v[lo];
  if (lo + 1 >= v.size()) return a;
  const double b = *std::min_element(v.begin() + static_cast<std::ptrdiff_t>(lo) + 1, v.end());
  return a + (pos - static_cast<double>(lo)) * (b - a);
}

void thin_inplace(std::vector<double>& v, std::size_t max_size) {
  if (v.size() <= max_size || max_size == 0) return;
  const std::size_t stride = (v.size() + max_size - 1) / max_size;
  std::size_t k = 0;
  for (std::size_t i = 0; i < v.size(); i += stride) v[k++] = v[i];
  v.resize(k);
}

double median_inplace(std::vector<double>& v) { return quantile_inplace(v, 0.5); }

double robust_sd_inplace(std::vector<double>& v) {
  if (v.empty()) return std::numeric_limits<double>::quiet_NaN();
  const double m = median_inplace(v);
  for (double& x : v) x = std::abs(x - m);
  return 1.4826 * median_inplace(v);
}

}  // namespace aquifer::sensors
