// Semivariogram models, empirical semivariogram and Cressie WLS fit. Equations: variogram.hpp.
#include "sensors/variogram.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace aquifer::sensors {

namespace {

// Unit-sill shape f(h/a) of a model, so that gamma = c0 + c f for h > 0.
double shape(VariogramModel model, double h_m, double range_m) {
  const double r = h_m / range_m;
  switch (model) {
    case VariogramModel::spherical: return r >= 1.0 ? 1.0 : r * (1.5 - 0.5 * r * r);
    case VariogramModel::exponential: return 1.0 - std::exp(-3.0 * r);
    case VariogramModel::gaussian: return 1.0 - std::exp(-3.0 * r * r);
    case VariogramModel::linear: return r;
  }
  return 0.0;
}

double mean_semivariance(const std::vector<VariogramBin>& bins) {
  double sum = 0.0;
  for (const auto& b : bins) sum += b.semivariance;
  return bins.empty() ? 0.0 : sum / static_cast<double>(bins.size());
}

struct LinearFit final {
  double nugget = 0.0;
  double partial_sill = 0.0;
};

// min sum w (y - c0 - c f)^2 with c0 >= 0 (c0 = 0 when !allow_nugget), c >= 0: the
// unconstrained optimum if feasible, else the better of the two one-parameter boundaries.
LinearFit bounded_linear_fit(const std::vector<double>& w, const std::vector<double>& f,
                             const std::vector<double>& y, bool allow_nugget) {
  double sw = 0, sf = 0, sy = 0, sff = 0, sfy = 0;
  for (std::size_t k = 0; k < w.size(); ++k) {
    sw += w[k];
    sf += w[k] * f[k];
    sy += w[k] * y[k];
    sff += w[k] * f[k] * f[k];
    sfy += w[k] * f[k] * y[k];
  }
  const auto sse = [&](const LinearFit& p) {
    double s = 0.0;
    for (std::size_t k = 0; k < w.size(); ++k) {
      const double r = y[k] - p.nugget - p.partial_sill * f[k];
      s += w[k] * r * r;
    }
    return s;
  };
  const LinearFit sill_only{0.0, sff > 0.0 ? std::max(0.0, sfy / sff) : 0.0};
  if (!allow_nugget) return sill_only;
  const double det = sw * sff - sf * sf;
  if (det > 1e-12 * sw * sff) {
    const LinearFit free{(sff * sy - sf * sfy) / det, (sw * sfy - sf * sy) / det};
    if (free.nugget >= 0.0 && free.partial_sill >= 0.0) return free;
  }
  const LinearFit nugget_only{sw > 0.0 ? std::max(0.0, sy / sw) : 0.0, 0.0};
  return sse(sill_only) <= sse(nugget_only) ? sill_only : nugget_only;
}

// Best (c0, c) for a fixed range by iteratively reweighted least squares with Cressie weights.
VariogramFit fit_fixed_range(const std::vector<VariogramBin>& bins, VariogramModel model,
                             double range_m, bool allow_nugget) {
  const std::size_t k_count = bins.size();
  std::vector<double> w(k_count), f(k_count), y(k_count);
  for (std::size_t k = 0; k < k_count; ++k) {
    w[k] = static_cast<double>(bins[k].pair_count);  // robust start: pair counts only
    f[k] = shape(model, bins[k].lag_m, range_m);
    y[k] = bins[k].semivariance;
  }
  const double floor = 1e-9 * std::max(mean_semivariance(bins), 1e-300);
  Variogram v{model, 0.0, 0.0, range_m};
  for (int iteration = 0; iteration < 30; ++iteration) {
    const LinearFit p = bounded_linear_fit(w, f, y, allow_nugget);
    const double change = std::abs(p.nugget - v.nugget) + std::abs(p.partial_sill - v.partial_sill);
    v.nugget = p.nugget;
    v.partial_sill = p.partial_sill;
    if (iteration > 0 && change <= 1e-12 * (v.nugget + v.partial_sill)) break;
    for (std::size_t k = 0; k < k_count; ++k) {
      const double g = std::max(v.nugget + v.partial_sill * f[k], floor);
      w[k] = static_cast<double>(bins[k].pair_count) / (g * g);
    }
  }
  return {v, cressie_objective(bins, v)};
}

}  // namespace

std::string to_string(VariogramModel model) {
  switch (model) {
    case VariogramModel::spherical: return "spherical";
    case VariogramModel::exponential: return "exponential";
    case VariogramModel::gaussian: return "gaussian";
    case VariogramModel::linear: return "linear";
  }
  return "";
}

std::optional<VariogramModel> variogram_model_from_string(const std::string& name) {
  for (auto m : {VariogramModel::spherical, VariogramModel::exponential, VariogramModel::gaussian,
                 VariogramModel::linear}) {
    if (name == to_string(m)) return m;
  }
  return std::nullopt;
}

double Variogram::structured(double h_m) const {
  return partial_sill * shape(model, h_m, range_m);
}

double Variogram::operator()(double h_m) const {
  return h_m > 0.0 ? nugget + structured(h_m) : 0.0;
}

std::vector<VariogramBin> empirical_semivariogram(const std::vector<double>& x_m,
                                                  const std::vector<double>& y_m,
                                                  const std::vector<double>& z,
                                                  std::size_t bin_count, double max_lag_m) {
  std::vector<VariogramBin> bins(bin_count);
  std::vector<double> lag_sum(bin_count, 0.0), half_sq_sum(bin_count, 0.0);
  if (bin_count == 0 || !(max_lag_m > 0.0)) return {};
  const double width_m = max_lag_m / static_cast<double>(bin_count);
  for (std::size_t i = 0; i < z.size(); ++i) {
    for (std::size_t j = i + 1; j < z.size(); ++j) {
      const double h = std::hypot(x_m[i] - x_m[j], y_m[i] - y_m[j]);
      if (!(h > 0.0) || h > max_lag_m) continue;
      const auto k = std::min(bin_count - 1, static_cast<std::size_t>(std::ceil(h / width_m)) - 1);
      lag_sum[k] += h;
      half_sq_sum[k] += 0.5 * (z[i] - z[j]) * (z[i] - z[j]);
      ++bins[k].pair_count;
    }
  }
  std::vector<VariogramBin> filled;
  for (std::size_t k = 0; k < bin_count; ++k) {
    if (bins[k].pair_count == 0) continue;
    const auto n = static_cast<double>(bins[k].pair_count);
    filled.push_back({lag_sum[k] / n, half_sq_sum[k] / n, bins[k].pair_count});
  }
  return filled;
}

double cressie_objective(const std::vector<VariogramBin>& bins, const Variogram& variogram) {
  const double floor = 1e-9 * std::max(mean_semivariance(bins), 1e-300);
  double s = 0.0;
  for (const auto& b : bins) {
    const double g = std::max(variogram(b.lag_m), floor);
    const double r = b.semivariance - g;
    s += static_cast<double>(b.pair_count) * r * r / (g * g);
  }
  return s;
}

VariogramFit fit_variogram(const std::vector<VariogramBin>& bins, VariogramModel model,
                           const VariogramFitOptions& options) {
  const bool any_variance = std::any_of(bins.begin(), bins.end(),
                                        [](const VariogramBin& b) { return b.semivariance > 0.0; });
  if (!any_variance) {
    throw std::invalid_argument("fit_variogram: no lag bin with a positive semivariance");
  }
  if (model == VariogramModel::linear) {  // the range only scales c: fix it to the largest lag
    double largest_lag_m = 0.0;
    for (const auto& b : bins) largest_lag_m = std::max(largest_lag_m, b.lag_m);
    return fit_fixed_range(bins, model, largest_lag_m, options.allow_nugget);
  }
  const double lo = std::log(options.min_range_m);
  const double hi = std::log(std::max(options.max_range_m, options.min_range_m));
  const int scan_count = 60;
  std::vector<VariogramFit> scan;
  std::size_t best = 0;
  for (int s = 0; s < scan_count; ++s) {
    const double log_a = lo + (hi - lo) * s / (scan_count - 1);
    scan.push_back(fit_fixed_range(bins, model, std::exp(log_a), options.allow_nugget));
    if (scan.back().objective < scan[best].objective) best = scan.size() - 1;
  }
  // Golden-section refinement of log(range) between the scan neighbours of the best value.
  const double step = (hi - lo) / (scan_count - 1);
  double a = lo + step * (static_cast<double>(best) - 1.0), b = a + 2.0 * step;
  a = std::max(a, lo);
  b = std::min(b, hi);
  VariogramFit best_fit = scan[best];
  const double golden = 0.5 * (std::sqrt(5.0) - 1.0);
  auto evaluate = [&](double log_a) {
    VariogramFit fit = fit_fixed_range(bins, model, std::exp(log_a), options.allow_nugget);
    if (fit.objective < best_fit.objective) best_fit = fit;
    return fit.objective;
  };
  double c = b - golden * (b - a), d = a + golden * (b - a);
  double fc = evaluate(c), fd = evaluate(d);
  for (int iteration = 0; iteration < 50 && b - a > 1e-10; ++iteration) {
    if (fc < fd) {
      b = d; d = c; fd = fc;
      c = b - golden * (b - a);
      fc = evaluate(c);
    } else {
      a = c; c = d; fc = fd;
      d = a + golden * (b - a);
      fd = evaluate(d);
    }
  }
  return best_fit;
}

}  // namespace aquifer::sensors
