// Interpolation of point values onto targets: validation, centring, merging, variogram fit,
// ordinary kriging or IDW, cross-validation. Equations: kriging.hpp, variogram.hpp and
// kriging_engine.hpp; documentation: docs/kriging.md.
#include "sensors/kriging.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "sensors/kriging_engine.hpp"

namespace aquifer::sensors {

namespace {

std::string format_number(double v) {
  std::ostringstream s;
  s.precision(6);
  s << v;
  return s.str();
}

void validate_data(const std::vector<PointValue>& data) {
  if (data.empty()) {
    throw InterpolationError("no observations to interpolate: expected at least one well with "
                             "a finite value near the start date");
  }
  for (std::size_t i = 0; i < data.size(); ++i) {
    const auto& p = data[i];
    if (!std::isfinite(p.x_m) || !std::isfinite(p.y_m)) {
      throw InterpolationError("well '" + p.id + "' (point " + std::to_string(i + 1) +
                               ") has a non-finite coordinate (x = " + format_number(p.x_m) +
                               ", y = " + format_number(p.y_m) + "): expected finite x, y in m");
    }
    if (!std::isfinite(p.value)) {
      throw InterpolationError("well '" + p.id + "' (point " + std::to_string(i + 1) +
                               ") has a non-finite value: expected a number");
    }
  }
}

void validate_targets(const std::vector<double>& tx, const std::vector<double>& ty) {
  if (tx.size() != ty.size()) {
    throw InterpolationError("target coordinates differ in length (" + std::to_string(tx.size()) +
                             " x, " + std::to_string(ty.size()) + " y): expected one x per y");
  }
  for (std::size_t i = 0; i < tx.size(); ++i) {
    if (!std::isfinite(tx[i]) || !std::isfinite(ty[i])) {
      throw InterpolationError("target " + std::to_string(i + 1) +
                               " has a non-finite coordinate: expected finite x, y in m");
    }
  }
}

void validate_options(const InterpolationOptions& o) {
  const auto fail = [](const std::string& what) { throw InterpolationError(what); };
  if (o.variogram_model != "auto" && !variogram_model_from_string(o.variogram_model)) {
    fail("unknown variogram model '" + o.variogram_model +
         "': expected auto, spherical, exponential, gaussian or linear");
  }
  if (o.lag_bins < 1) fail("lag_bins must be at least 1");
  if (!(o.max_lag_fraction > 0.0 && o.max_lag_fraction <= 1.0)) {
    fail("max_lag_fraction must be in (0, 1]");
  }
  if (o.min_points_for_kriging < 3) fail("min_points_for_kriging must be at least 3");
  if (!(o.idw_power > 0.0) || !std::isfinite(o.idw_power)) fail("idw_power must be > 0");
  if (!(o.search_radius_m > 0.0)) fail("search_radius_m must be > 0 m");
  if (o.max_neighbours < 2) fail("max_neighbours must be at least 2");
  if (o.min_neighbours < 1 || o.min_neighbours > o.max_neighbours) {
    fail("min_neighbours must be between 1 and max_neighbours");
  }
  if (!(o.duplicate_distance_m >= 0.0) || !std::isfinite(o.duplicate_distance_m)) {
    fail("duplicate_distance_m must be a finite distance >= 0 m");
  }
}

void validate_variogram(const Variogram& v) {
  if (!(v.nugget >= 0.0) || !(v.partial_sill >= 0.0) || !(v.range_m > 0.0) ||
      !std::isfinite(v.nugget + v.partial_sill + v.range_m) || !(v.nugget + v.partial_sill > 0.0)) {
    throw InterpolationError("invalid variogram (nugget " + format_number(v.nugget) +
                             ", partial sill " + format_number(v.partial_sill) + ", range " +
                             format_number(v.range_m) +
                             " m): expected nugget >= 0, partial sill >= 0, their sum > 0, "
                             "range > 0 m");
  }
}

struct Prepared final {
  detail::Points points;            // centred, merged
  std::vector<std::string> ids;
  double centre_x_m = 0, centre_y_m = 0;
};

// Centres the coordinates and merges points closer than tolerance_m (greedy, around the first
// point of each group): mean position and value.
Prepared prepare(const std::vector<PointValue>& data, double tolerance_m,
                 std::vector<std::string>& warnings) {
  Prepared p;
  for (const auto& d : data) {
    p.centre_x_m += d.x_m / static_cast<double>(data.size());
    p.centre_y_m += d.y_m / static_cast<double>(data.size());
  }
  std::vector<bool> taken(data.size(), false);
  for (std::size_t i = 0; i < data.size(); ++i) {
    if (taken[i]) continue;
    std::vector<std::size_t> group{i};
    for (std::size_t j = i + 1; j < data.size(); ++j) {
      if (!taken[j] && std::hypot(data[j].x_m - data[i].x_m, data[j].y_m - data[i].y_m) <=
                           tolerance_m) {
        group.push_back(j);
        taken[j] = true;
      }
    }
    double x = 0, y = 0, z = 0;
    std::string id, values;
    for (std::size_t g : group) {
      x += (data[g].x_m - p.centre_x_m) / static_cast<double>(group.size());
      y += (data[g].y_m - p.centre_y_m) / static_cast<double>(group.size());
      z += data[g].value / static_cast<double>(group.size());
      id += (id.empty() ? "" : "+") + data[g].id;
      values += (values.empty() ? "" : ", ") + format_number(data[g].value);
    }
    if (group.size() > 1) {
      warnings.push_back("wells " + id + " lie within " + format_number(tolerance_m) +
                         " m of each other: merged into one point with the mean value " +
                         format_number(z) + " (values " + values + ")");
    }
    p.points.x_m.push_back(x);
    p.points.y_m.push_back(y);
    p.points.value.push_back(z);
    p.ids.push_back(id);
  }
  return p;
}

detail::Neighbourhood neighbourhood(const InterpolationOptions& o) {
  return {o.search_radius_m, o.max_neighbours, o.min_neighbours, o.duplicate_distance_m};
}

// Fills values (and variances) at the targets and the LOO residuals with any predictor.
template <class Predictor>
void predict_all(Predictor& predictor, const Prepared& prep, const std::vector<double>& tx,
                 const std::vector<double>& ty, bool with_variance, bool cross_validate,
                 InterpolationResult& result) {
  result.values.resize(tx.size());
  if (with_variance) result.kriging_variance.resize(tx.size());
  for (std::size_t t = 0; t < tx.size(); ++t) {
    const auto p = predictor.predict(tx[t] - prep.centre_x_m, ty[t] - prep.centre_y_m);
    result.values[t] = p.value;
    if (with_variance) result.kriging_variance[t] = p.variance;
  }
  const auto& pts = prep.points;
  const std::size_t n = pts.value.size();
  result.loo_residuals.clear();
  result.loo_rmse = std::numeric_limits<double>::quiet_NaN();
  if (!cross_validate) return;
  if (n < 2) {
    result.warnings.push_back("leave-one-out cross-validation needs at least 2 wells: no RMSE");
    return;
  }
  double sum_sq = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const double r = predictor.predict(pts.x_m[i], pts.y_m[i], i).value - pts.value[i];
    result.loo_residuals.push_back(r);
    sum_sq += r * r;
  }
  result.loo_rmse = std::sqrt(sum_sq / static_cast<double>(n));
}

void widened_warning(std::size_t widened, std::size_t total, const InterpolationOptions& o,
                     InterpolationResult& result) {
  if (widened == 0) return;
  result.warnings.push_back(std::to_string(widened) + " of " + std::to_string(total) +
                            " predictions had fewer than " + std::to_string(o.min_neighbours) +
                            " wells within the search radius of " +
                            format_number(o.search_radius_m) + " m: the nearest " +
                            std::to_string(o.min_neighbours) + " were used");
}

void run_idw(const Prepared& prep, const std::vector<double>& tx, const std::vector<double>& ty,
             const InterpolationOptions& o, InterpolationResult& result) {
  result.method = "idw";
  result.variogram_model.clear();
  result.nugget = result.partial_sill = result.range_m = 0.0;
  result.kriging_variance.clear();
  detail::InverseDistancePredictor predictor(prep.points, o.idw_power, neighbourhood(o));
  predict_all(predictor, prep, tx, ty, false, o.cross_validate, result);
  widened_warning(predictor.widened_targets(), tx.size() + (o.cross_validate ? prep.ids.size() : 0),
                  o, result);
}

void run_kriging(const Prepared& prep, const std::vector<double>& tx,
                 const std::vector<double>& ty, const Variogram& variogram,
                 const InterpolationOptions& o, InterpolationResult& result) {
  detail::OrdinaryKrigingPredictor predictor(prep.points, variogram, neighbourhood(o));
  try {
    predict_all(predictor, prep, tx, ty, true, o.cross_validate, result);
  } catch (const std::runtime_error& e) {  // singular even after regularisation
    result.warnings.push_back(std::string("ordinary kriging failed (") + e.what() +
                              "): inverse-distance weighting instead");
    run_idw(prep, tx, ty, o, result);
    return;
  }
  const Variogram& used = predictor.variogram();
  result.factorisations = predictor.factorisations();
  result.method = "ordinary_kriging";
  result.variogram_model = to_string(used.model);
  result.nugget = used.nugget;
  result.partial_sill = used.partial_sill;
  result.range_m = used.range_m;
  if (predictor.regularised()) {
    result.warnings.push_back("the kriging system was ill-conditioned (typical of a gaussian "
                              "variogram without nugget): a nugget of " +
                              format_number(used.nugget) + " was used");
  }
  widened_warning(predictor.widened_targets(), tx.size() + (o.cross_validate ? prep.ids.size() : 0),
                  o, result);
}

// Handles the cases that need no variogram. Returns true when the result is complete.
bool trivial_cases(const Prepared& prep, const std::vector<double>& tx,
                   const std::vector<double>& ty, const InterpolationOptions& o,
                   InterpolationResult& result) {
  const auto& z = prep.points.value;
  const auto [lo, hi] = std::minmax_element(z.begin(), z.end());
  if (z.size() > 1 && *hi - *lo <= 1e-12 * std::max(1.0, std::max(std::abs(*lo), std::abs(*hi)))) {
    result.method = "constant";
    result.values.assign(tx.size(), z.front());
    result.kriging_variance.assign(tx.size(), 0.0);
    if (o.cross_validate) {
      result.loo_residuals.assign(z.size(), 0.0);
      result.loo_rmse = 0.0;
    }
    result.warnings.push_back("all " + std::to_string(z.size()) + " wells have the value " +
                              format_number(z.front()) + ": constant field, no variogram");
    return true;
  }
  if (z.size() < o.min_points_for_kriging) {
    result.warnings.push_back(
        "only " + std::to_string(z.size()) + (z.size() == 1 ? " well" : " wells") +
        " (kriging needs at least " + std::to_string(o.min_points_for_kriging) +
        "): inverse-distance weighting (power " + format_number(o.idw_power) + ")" +
        (z.size() == 1 ? ", i.e. that well's value everywhere" : ""));
    run_idw(prep, tx, ty, o, result);
    return true;
  }
  return false;
}

// Empirical variogram and Cressie WLS fit (the chosen or the best of three models).
std::optional<Variogram> fit_to_points(const Prepared& prep, const InterpolationOptions& o,
                                       InterpolationResult& result) {
  const auto& pts = prep.points;
  const std::size_t n = pts.value.size();
  double max_distance_m = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = i + 1; j < n; ++j) {
      max_distance_m = std::max(max_distance_m,
                                std::hypot(pts.x_m[i] - pts.x_m[j], pts.y_m[i] - pts.y_m[j]));
    }
  }
  const double max_lag_m = o.max_lag_fraction * max_distance_m;
  std::size_t pairs_in_range = 0;
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = i + 1; j < n; ++j) {
      if (std::hypot(pts.x_m[i] - pts.x_m[j], pts.y_m[i] - pts.y_m[j]) <= max_lag_m) ++pairs_in_range;
    }
  }
  const std::size_t bin_count = std::clamp<std::size_t>(
      pairs_in_range / std::max<std::size_t>(o.min_pairs_per_bin, 1), std::min<std::size_t>(3, o.lag_bins),
      o.lag_bins);
  result.empirical_variogram =
      empirical_semivariogram(pts.x_m, pts.y_m, pts.value, bin_count, max_lag_m);
  const auto& bins = result.empirical_variogram;
  if (std::none_of(bins.begin(), bins.end(), [](const auto& b) { return b.semivariance > 0.0; })) {
    result.warnings.push_back("no pair of wells within " + format_number(max_lag_m) +
                              " m differs in value: the variogram cannot be fitted");
    return std::nullopt;
  }
  const VariogramFitOptions fit_options{o.allow_nugget, 1e-3 * max_distance_m,
                                        3.0 * max_distance_m};
  std::vector<VariogramModel> candidates{VariogramModel::spherical, VariogramModel::exponential,
                                         VariogramModel::gaussian};
  if (o.variogram_model != "auto") candidates = {*variogram_model_from_string(o.variogram_model)};
  std::optional<VariogramFit> best;
  for (auto model : candidates) {
    const VariogramFit fit = fit_variogram(bins, model, fit_options);
    if (!best || fit.objective < best->objective) best = fit;
  }
  result.fit_objective = best->objective;
  if (!(best->variogram.nugget + best->variogram.partial_sill > 0.0)) {
    result.warnings.push_back("the fitted variogram has a zero sill: cannot krige");
    return std::nullopt;
  }
  return best->variogram;
}

}  // namespace

InterpolationResult interpolate_to_points(const std::vector<PointValue>& data,
                                          const std::vector<double>& target_x_m,
                                          const std::vector<double>& target_y_m,
                                          const InterpolationOptions& options) {
  validate_options(options);
  validate_data(data);
  validate_targets(target_x_m, target_y_m);
  InterpolationResult result;
  const Prepared prep = prepare(data, options.duplicate_distance_m, result.warnings);
  result.point_ids = prep.ids;
  if (trivial_cases(prep, target_x_m, target_y_m, options, result)) return result;
  const auto variogram = fit_to_points(prep, options, result);
  if (!variogram) {
    result.warnings.push_back("inverse-distance weighting instead of kriging");
    run_idw(prep, target_x_m, target_y_m, options, result);
    return result;
  }
  run_kriging(prep, target_x_m, target_y_m, *variogram, options, result);
  return result;
}

InterpolationResult krige_with_variogram(const std::vector<PointValue>& data,
                                         const std::vector<double>& target_x_m,
                                         const std::vector<double>& target_y_m,
                                         const Variogram& variogram,
                                         const InterpolationOptions& options) {
  validate_options(options);
  validate_data(data);
  validate_targets(target_x_m, target_y_m);
  validate_variogram(variogram);
  InterpolationResult result;
  const Prepared prep = prepare(data, options.duplicate_distance_m, result.warnings);
  result.point_ids = prep.ids;
  run_kriging(prep, target_x_m, target_y_m, variogram, options, result);
  return result;
}

KrigingWeights ordinary_kriging_weights(const std::vector<PointValue>& data, double x_m,
                                        double y_m, const Variogram& variogram) {
  validate_data(data);
  validate_targets({x_m}, {y_m});
  validate_variogram(variogram);
  detail::Points points;
  for (const auto& d : data) {
    points.x_m.push_back(d.x_m - data.front().x_m);
    points.y_m.push_back(d.y_m - data.front().y_m);
    points.value.push_back(d.value);
  }
  const detail::Neighbourhood all{std::numeric_limits<double>::infinity(), data.size(), 1, 0.0};
  detail::OrdinaryKrigingPredictor predictor(points, variogram, all);
  std::vector<std::size_t> every(data.size());
  for (std::size_t i = 0; i < every.size(); ++i) every[i] = i;
  KrigingWeights w;
  const double tx = x_m - data.front().x_m, ty = y_m - data.front().y_m;
  try {
    predictor.weights(tx, ty, every, w.lambda, w.mu);
  } catch (const std::runtime_error& e) {
    throw InterpolationError(std::string("cannot compute kriging weights: ") + e.what() +
                             " (coincident points?)");
  }
  w.regularised = predictor.regularised();
  w.variance = w.mu;
  for (std::size_t i = 0; i < every.size(); ++i) {
    w.variance += w.lambda[i] * predictor.variogram()(std::hypot(points.x_m[i] - tx,
                                                                 points.y_m[i] - ty));
  }
  return w;
}

}  // namespace aquifer::sensors
