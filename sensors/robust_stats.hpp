// Small robust statistics used by the detectors (medians by selection: O(n), no full sort).
#pragma once

#include <vector>

namespace aquifer::sensors {

// Median of v (reorders v). NaN for an empty vector.
[[nodiscard]] double median_inplace(std::vector<double>& v);
// Quantile q in [0,1] with linear interpolation (reorders v). NaN for an empty vector.
[[nodiscard]] double quantile_inplace(std::vector<double>& v, double q);
// 1.4826 * median(|v - median(v)|): the sd of normal data, insensitive to outliers.
[[nodiscard]] double robust_sd_inplace(std::vector<double>& v);

// Keeps at most max_size elements of v, evenly spaced (deterministic stride): robust scales
// and quantiles of tens of thousands of readings need no more than a few thousand.
void thin_inplace(std::vector<double>& v, std::size_t max_size);

}  // namespace aquifer::sensors
