// Ordinary kriging and IDW (sensors/kriging.hpp): hand-computed weights for given variograms,
// exactness, unbiasedness, symmetry, cross-validation checked by hand, fallbacks and
// degenerate input. Variogram fitting: test_variogram_fit.cpp.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "sensors/dense_lu.hpp"
#include "sensors/kriging.hpp"

using namespace aquifer::sensors;
using Catch::Detail::Approx;

namespace {

std::vector<PointValue> line_points(const std::vector<double>& x, const std::vector<double>& z) {
  std::vector<PointValue> p;
  for (std::size_t i = 0; i < x.size(); ++i) p.push_back({"w" + std::to_string(i), x[i], 0.0, z[i]});
  return p;
}

// Independent solution in COVARIANCE form for a bounded variogram: C(h) = c0 + c - gamma(h),
// C(0) = c0 + c;  [C 1; 1' 0] [lambda; -mu] = [c0; 1], solved by Gauss-Jordan with pivoting.
std::vector<double> covariance_form_weights(const std::vector<PointValue>& p, double x, double y,
                                            const Variogram& v) {
  const std::size_t n = p.size(), m = n + 1;
  const double sill = v.nugget + v.partial_sill;
  std::vector<std::vector<double>> a(m, std::vector<double>(m + 1, 1.0));
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      a[i][j] = sill - v(std::hypot(p[i].x_m - p[j].x_m, p[i].y_m - p[j].y_m));
    }
    a[i][m] = sill - v(std::hypot(p[i].x_m - x, p[i].y_m - y));
  }
  a[n][n] = 0.0;
  a[n][m] = 1.0;
  for (std::size_t k = 0; k < m; ++k) {
    std::size_t piv = k;
    for (std::size_t i = k + 1; i < m; ++i) if (std::abs(a[i][k]) > std::abs(a[piv][k])) piv = i;
    std::swap(a[k], a[piv]);
    for (std::size_t i = 0; i < m; ++i) {
      if (i == k) continue;
      const double f = a[i][k] / a[k][k];
      for (std::size_t j = k; j <= m; ++j) a[i][j] -= f * a[k][j];
    }
  }
  std::vector<double> lambda(n);
  for (std::size_t i = 0; i < n; ++i) lambda[i] = a[i][m] / a[i][i];
  return lambda;
}

const Variogram kLinearUnit{VariogramModel::linear, 0.0, 1.0, 1.0};  // gamma(h) = h

}  // namespace

TEST_CASE("kriging: OK with a linear variogram in 1-D is the Brownian bridge (hand solution)", "[kriging]") {
  // gamma(h) = h; points at x = 0, 1, 3. Target x = 2 between 1 and 3: the system
  //   [0 1 3 1; 1 0 2 1; 3 2 0 1; 1 1 1 0] [l; mu] = [2 1 1 1]
  // is solved by l = (0, 1/2, 1/2), mu = 0; sigma^2 = sum l gamma_i0 + mu = 1 (bridge variance).
  const auto pts = line_points({0.0, 1.0, 3.0}, {5.0, 7.0, 4.0});
  const auto w = ordinary_kriging_weights(pts, 2.0, 0.0, kLinearUnit);
  CHECK(w.lambda[0] == Approx(0.0).margin(1e-12));
  CHECK(w.lambda[1] == Approx(0.5));
  CHECK(w.lambda[2] == Approx(0.5));
  CHECK(w.mu == Approx(0.0).margin(1e-12));
  CHECK(w.variance == Approx(1.0));
  CHECK_FALSE(w.regularised);
  // Target x = 4 beyond the last point: l = (0, 0, 1), mu = 1, sigma^2 = 1 + 1 = 2.
  const auto e = ordinary_kriging_weights(pts, 4.0, 0.0, kLinearUnit);
  CHECK(e.lambda[0] == Approx(0.0).margin(1e-12));
  CHECK(e.lambda[1] == Approx(0.0).margin(1e-12));
  CHECK(e.lambda[2] == Approx(1.0));
  CHECK(e.mu == Approx(1.0));
  CHECK(e.variance == Approx(2.0));
  const auto r = krige_with_variogram(pts, {2.0, 4.0}, {0.0, 0.0}, kLinearUnit);
  CHECK(r.method == "ordinary_kriging");
  CHECK(r.variogram_model == "linear");
  CHECK(r.values[0] == Approx(5.5));
  CHECK(r.values[1] == Approx(4.0));
  CHECK(r.kriging_variance[0] == Approx(1.0));
}

TEST_CASE("kriging: OK weights with a spherical variogram match an independent covariance-form solve",
          "[kriging]") {
  const Variogram sph{VariogramModel::spherical, 0.2, 1.5, 40.0};
  const std::vector<PointValue> pts{{"a", 0, 0, 10}, {"b", 25, 5, 12}, {"c", 8, 30, 11},
                                    {"d", 33, 28, 9}};
  for (const auto& [x, y] : std::vector<std::pair<double, double>>{{10, 10}, {30, 0}, {60, 60}}) {
    const auto w = ordinary_kriging_weights(pts, x, y, sph);
    const auto ref = covariance_form_weights(pts, x, y, sph);
    double sum = 0.0;
    for (std::size_t i = 0; i < pts.size(); ++i) {
      CHECK(w.lambda[i] == Approx(ref[i]).margin(1e-12));
      sum += w.lambda[i];
    }
    CHECK(sum == Approx(1.0).epsilon(1e-13));  // unbiasedness
  }
  // Wells farther apart than the range and a target beyond it: all covariances are 0, so the
  // weights are equal (1/4) and gamma_ij = gamma_i0 = 1.7 gives mu = 1.7 - 3/4 1.7 = 0.425 and
  // sigma^2 = 1.7 + 0.425 = 1.7 (1 + 1/4): the variance of a mean of 4 independent values
  // added to the sill.
  const std::vector<PointValue> apart{{"a", 0, 0, 1}, {"b", 50, 0, 2}, {"c", 0, 50, 3},
                                      {"d", 50, 50, 4}};
  const auto far = ordinary_kriging_weights(apart, 500, 500, sph);
  for (double l : far.lambda) CHECK(l == Approx(0.25));
  CHECK(far.mu == Approx(0.425));
  CHECK(far.variance == Approx(1.7 * 1.25));
}

TEST_CASE("kriging: OK on a symmetric configuration gives symmetric weights", "[kriging]") {
  const Variogram exp_v{VariogramModel::exponential, 0.0, 2.0, 30.0};
  const std::vector<PointValue> square{{"a", -10, -10, 1}, {"b", 10, -10, 2}, {"c", 10, 10, 3},
                                       {"d", -10, 10, 4}};
  const auto centre = ordinary_kriging_weights(square, 0, 0, exp_v);
  for (double l : centre.lambda) CHECK(l == Approx(0.25));
  // Mirror x -> -x: the weights of the mirrored points are swapped.
  const auto w1 = ordinary_kriging_weights(square, 3, 1, exp_v);
  const auto w2 = ordinary_kriging_weights(square, -3, 1, exp_v);
  CHECK(w1.lambda[0] == Approx(w2.lambda[1]));
  CHECK(w1.lambda[2] == Approx(w2.lambda[3]));
  CHECK(w1.variance == Approx(w2.variance));
}

TEST_CASE("kriging: exact at the data points and unbiased", "[kriging]") {
  std::vector<PointValue> pts;
  for (int i = 0; i < 12; ++i) {
    const double x = 37.0 * i - 3.0 * i * i, y = 91.0 * std::sin(1.3 * i) + 5.0 * i;
    pts.push_back({"w" + std::to_string(i), x, y, 100.0 + 0.02 * x - 0.01 * y + std::cos(0.7 * i)});
  }
  std::vector<double> tx, ty;
  for (const auto& p : pts) { tx.push_back(p.x_m); ty.push_back(p.y_m); }
  const auto r = interpolate_to_points(pts, tx, ty);
  REQUIRE(r.method == "ordinary_kriging");
  for (std::size_t i = 0; i < pts.size(); ++i) {
    CHECK(r.values[i] == pts[i].value);
    CHECK(r.kriging_variance[i] == 0.0);
  }
  // A target 1 cm from a data point with a zero-nugget variogram: close to its value.
  const Variogram sph{VariogramModel::spherical, 0.0, 1.0, 300.0};
  const auto near = krige_with_variogram(pts, {pts[4].x_m + 0.01}, {pts[4].y_m}, sph);
  CHECK(near.values[0] == Approx(pts[4].value).margin(1e-3));
  // Adding a constant to the data adds it to every prediction (weights sum to 1).
  const std::vector<double> gx{0.0, 150.0, -40.0, 400.0}, gy{0.0, 60.0, 300.0, -200.0};
  const auto base = krige_with_variogram(pts, gx, gy, sph);
  auto shifted_pts = pts;
  for (auto& p : shifted_pts) p.value += 1000.0;
  const auto shifted = krige_with_variogram(shifted_pts, gx, gy, sph);
  for (std::size_t t = 0; t < gx.size(); ++t) {
    CHECK(shifted.values[t] - base.values[t] == Approx(1000.0).epsilon(1e-12));
  }
}

TEST_CASE("kriging: many targets (one factorisation, then its inverse) match per-target weights",
          "[kriging]") {
  std::vector<PointValue> pts;
  for (int i = 0; i < 12; ++i) {
    pts.push_back({"w" + std::to_string(i), 50.0 * std::cos(2.1 * i) + 3.0 * i,
                   40.0 * std::sin(1.7 * i), 10.0 + std::sin(0.9 * i)});
  }
  const Variogram exp_v{VariogramModel::exponential, 0.05, 1.2, 70.0};
  std::vector<double> tx, ty;
  for (int t = 0; t < 200; ++t) {
    tx.push_back(-60.0 + 0.6 * t);
    ty.push_back(45.0 * std::sin(0.05 * t));
  }
  InterpolationOptions options;
  options.cross_validate = false;
  const auto r = krige_with_variogram(pts, tx, ty, exp_v, options);
  CHECK(r.factorisations == 1);
  for (std::size_t t = 0; t < tx.size(); ++t) {
    const auto w = ordinary_kriging_weights(pts, tx[t], ty[t], exp_v);
    double value = 0.0;
    for (std::size_t i = 0; i < pts.size(); ++i) value += w.lambda[i] * pts[i].value;
    CHECK(r.values[t] == Approx(value).epsilon(1e-11));
    CHECK(r.kriging_variance[t] == Approx(w.variance).epsilon(1e-9));
  }
}

TEST_CASE("kriging: leave-one-out residuals by hand", "[kriging][loo]") {
  // Linear variogram in 1-D (Brownian motion): OK interpolates linearly between the bracketing
  // points and extrapolates the nearest value. Points x = 0, 1, 3, 4 with values 2, 6, 3, 7:
  //   without x=0: 6 (nearest)            -> r = 6 - 2 = 4
  //   without x=1: 2 + (3-2)*1/3 = 7/3     -> r = 7/3 - 6
  //   without x=3: 6 + (7-6)*2/3 = 20/3    -> r = 20/3 - 3
  //   without x=4: 3 (nearest)            -> r = 3 - 7 = -4
  const auto pts = line_points({0, 1, 3, 4}, {2, 6, 3, 7});
  const auto r = krige_with_variogram(pts, {}, {}, kLinearUnit);
  const std::vector<double> expected{4.0, 7.0 / 3.0 - 6.0, 20.0 / 3.0 - 3.0, -4.0};
  REQUIRE(r.loo_residuals.size() == 4);
  double sum_sq = 0.0;
  for (std::size_t i = 0; i < 4; ++i) {
    CHECK(r.loo_residuals[i] == Approx(expected[i]));
    sum_sq += expected[i] * expected[i];
  }
  CHECK(r.loo_rmse == Approx(std::sqrt(sum_sq / 4.0)));
}

TEST_CASE("kriging: fewer than 5 wells: IDW with a warning, LOO by hand", "[kriging][idw]") {
  // IDW power 2, points x = 0, 1, 3 with values 0, 3, 9.
  //   target x = 2: w = 1/4, 1, 1  -> (0 + 3 + 9) / 2.25 = 16/3
  //   LOO at 0: w(1) = 1, w(3) = 1/9 -> (3 + 1) / (10/9) = 3.6   r = 3.6
  //   LOO at 1: w(0) = 1, w(3) = 1/4 -> (0 + 2.25) / 1.25 = 1.8  r = -1.2
  //   LOO at 3: w(0) = 1/9, w(1) = 1/4 -> (0 + 0.75) / (13/36) = 27/13  r = 27/13 - 9
  const auto pts = line_points({0, 1, 3}, {0, 3, 9});
  const auto r = interpolate_to_points(pts, {2.0}, {0.0});
  CHECK(r.method == "idw");
  CHECK(r.variogram_model.empty());
  CHECK(r.kriging_variance.empty());
  CHECK(r.values[0] == Approx(16.0 / 3.0));
  REQUIRE(r.warnings.size() == 1);
  CHECK_THAT(r.warnings[0], Catch::Contains("only 3 wells") &&
                                Catch::Contains("inverse-distance weighting"));
  const std::vector<double> expected{3.6, -1.2, 27.0 / 13.0 - 9.0};
  double sum_sq = 0.0;
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(r.loo_residuals[i] == Approx(expected[i]));
    sum_sq += expected[i] * expected[i];
  }
  CHECK(r.loo_rmse == Approx(std::sqrt(sum_sq / 3.0)));
  // One well: its value everywhere, no RMSE.
  const auto one = interpolate_to_points({{"only", 5, 5, 42.5}}, {0, 1000, -7}, {0, 3, 9});
  CHECK(one.method == "idw");
  for (double v : one.values) CHECK(v == 42.5);
  CHECK(std::isnan(one.loo_rmse));
  CHECK(one.warnings.size() == 2);
}

TEST_CASE("kriging: degenerate input", "[kriging][errors]") {
  CHECK_THROWS_AS(interpolate_to_points({}, {0}, {0}), InterpolationError);
  CHECK_THROWS_WITH(interpolate_to_points({}, {0}, {0}), Catch::Contains("no observations"));
  const double nan = std::numeric_limits<double>::quiet_NaN();
  CHECK_THROWS_WITH(interpolate_to_points({{"w1", 0, 0, 1}, {"w2", nan, 0, 2}}, {0}, {0}),
                    Catch::Contains("w2") && Catch::Contains("non-finite coordinate"));
  CHECK_THROWS_WITH(interpolate_to_points({{"w1", 0, 0, nan}}, {0}, {0}),
                    Catch::Contains("non-finite value"));
  CHECK_THROWS_WITH(interpolate_to_points({{"w1", 0, 0, 1}}, {0, 1}, {0}),
                    Catch::Contains("differ in length"));
  CHECK_THROWS_WITH(interpolate_to_points({{"w1", 0, 0, 1}}, {0, nan}, {0, 0}),
                    Catch::Contains("target 2"));
  InterpolationOptions bad;
  bad.variogram_model = "cubic";
  CHECK_THROWS_WITH(interpolate_to_points({{"w1", 0, 0, 1}}, {0}, {0}, bad),
                    Catch::Contains("unknown variogram model 'cubic'"));
  CHECK_THROWS_AS(krige_with_variogram({{"w1", 0, 0, 1}}, {0}, {0},
                                       Variogram{VariogramModel::spherical, 0, 1, -5}),
                  InterpolationError);

  // Constant data: the constant, variance 0.
  const auto flat = interpolate_to_points(line_points({0, 1, 2, 5, 9, 13}, {7, 7, 7, 7, 7, 7}),
                                          {3, 100}, {1, -50});
  CHECK(flat.method == "constant");
  CHECK(flat.values == std::vector<double>{7, 7});
  CHECK(flat.loo_rmse == 0.0);

  // Coincident wells are merged (mean value) with a warning, then kriged without a singular
  // system.
  auto dup = line_points({0, 10, 20, 30, 40, 50}, {1, 3, 2, 5, 4, 6});
  dup.push_back({"twin", 20.0, 0.0, 4.0});
  const auto merged = interpolate_to_points(dup, {20.0, 25.0}, {0.0, 0.0});
  CHECK(merged.point_ids.size() == 6);
  CHECK(merged.values[0] == Approx(3.0));
  CHECK(std::isfinite(merged.values[1]));
  bool warned = false;
  for (const auto& w : merged.warnings) warned = warned || w.find("w2+twin") != std::string::npos;
  CHECK(warned);
  // Every well at one place: one point, its mean value.
  const auto all_same = interpolate_to_points({{"a", 3, 3, 1}, {"b", 3, 3, 2}, {"c", 3, 3, 6}},
                                              {0}, {0});
  CHECK(all_same.values[0] == Approx(3.0));
}

TEST_CASE("kriging: collinear wells and huge coordinates", "[kriging]") {
  // All wells on one line (a transect): a valid OK system; finite predictions off the line.
  std::vector<PointValue> line;
  for (int i = 0; i < 8; ++i) line.push_back({"t" + std::to_string(i), 10.0 * i, 5.0 * i, 50.0 + std::sin(i)});
  const auto r = interpolate_to_points(line, {35.0, 0.0}, {0.0, 100.0});
  CHECK(r.method == "ordinary_kriging");
  for (double v : r.values) CHECK(std::isfinite(v));
  // The same wells shifted by UTM-sized offsets give the same answer (coordinates centred).
  auto far = line;
  for (auto& p : far) { p.x_m += 6.5e5; p.y_m += 4.2e6; }
  const auto rf = interpolate_to_points(far, {35.0 + 6.5e5, 6.5e5}, {4.2e6, 4.2e6 + 100.0});
  CHECK(rf.variogram_model == r.variogram_model);
  for (std::size_t t = 0; t < 2; ++t) CHECK(rf.values[t] == Approx(r.values[t]).epsilon(1e-9));
  CHECK(rf.loo_rmse == Approx(r.loo_rmse).epsilon(1e-9));
}

TEST_CASE("kriging: local neighbourhood: same as global when it holds every point", "[kriging]") {
  std::vector<PointValue> pts;
  for (int i = 0; i < 30; ++i) {
    const double x = 17.0 * (i % 6) + 3.0 * std::sin(i), y = 19.0 * (i / 6) + 2.0 * std::cos(i);
    pts.push_back({"w" + std::to_string(i), x, y, 20.0 + 0.05 * x + std::sin(0.1 * y)});
  }
  const Variogram sph{VariogramModel::spherical, 0.01, 1.0, 60.0};
  const std::vector<double> tx{5, 40, 77, 101}, ty{7, 33, 50, 90};
  InterpolationOptions global;
  const auto g = krige_with_variogram(pts, tx, ty, sph, global);
  InterpolationOptions local;
  local.search_radius_m = 1e6;  // forces the neighbour search, radius holds every point
  const auto l = krige_with_variogram(pts, tx, ty, sph, local);
  for (std::size_t t = 0; t < tx.size(); ++t) CHECK(l.values[t] == Approx(g.values[t]).epsilon(1e-12));
  // 8 nearest neighbours: close to the global answer inside the cloud (screening; the 4th
  // target lies outside it, where the answers may differ).
  local.max_neighbours = 8;
  const auto l8 = krige_with_variogram(pts, tx, ty, sph, local);
  for (std::size_t t = 0; t < 3; ++t) CHECK(l8.values[t] == Approx(g.values[t]).margin(0.05));
  // A radius holding no well for a far target: the nearest min_neighbours, with a warning.
  local.search_radius_m = 10.0;
  const auto small = krige_with_variogram(pts, {500.0}, {500.0}, sph, local);
  CHECK(std::isfinite(small.values[0]));
  bool warned = false;
  for (const auto& w : small.warnings) warned = warned || w.find("search radius") != std::string::npos;
  CHECK(warned);
}

TEST_CASE("kriging: an ill-conditioned gaussian system gets a tiny nugget and a warning", "[kriging]") {
  std::vector<PointValue> pts;
  for (int i = 0; i < 10; ++i) pts.push_back({"g" + std::to_string(i), 1.0 * i, 0.5 * (i % 2), std::sin(0.3 * i)});
  const Variogram gau{VariogramModel::gaussian, 0.0, 1.0, 500.0};
  const auto r = krige_with_variogram(pts, {4.5, 20.0}, {0.2, 0.0}, gau);
  CHECK(r.method == "ordinary_kriging");
  CHECK(r.nugget > 0.0);
  CHECK(r.nugget < 1e-5);
  for (double v : r.values) CHECK(std::isfinite(v));
  CHECK(r.values[0] == Approx(std::sin(0.3 * 4.5)).margin(0.05));
  bool warned = false;
  for (const auto& w : r.warnings) warned = warned || w.find("ill-conditioned") != std::string::npos;
  CHECK(warned);
}

TEST_CASE("kriging: dense LU: solves, transposed solves and the condition estimate", "[kriging][lu]") {
  // A 4 x 4 nonsymmetric matrix with a zero leading entry (needs pivoting), and a known
  // solution; rcond against ||A||_1 ||A^-1||_1 from the exact inverse (columns by solves).
  const std::vector<double> a{0, 2, 1, 3,  4, 1, 0, 2,  1, 5, 2, 0,  3, 0, 6, 1};
  DenseLu lu;
  REQUIRE(lu.factor(a, 4));
  const std::vector<double> x{1, -2, 3, 0.5};
  std::vector<double> b(4, 0.0), bt(4, 0.0);
  for (std::size_t i = 0; i < 4; ++i) {
    for (std::size_t j = 0; j < 4; ++j) {
      b[i] += a[i * 4 + j] * x[j];
      bt[i] += a[j * 4 + i] * x[j];
    }
  }
  lu.solve(b.data());
  lu.solve_transposed(bt.data());
  for (std::size_t i = 0; i < 4; ++i) {
    CHECK(b[i] == Approx(x[i]));
    CHECK(bt[i] == Approx(x[i]));
  }
  double inverse_norm = 0.0;
  for (std::size_t j = 0; j < 4; ++j) {
    std::vector<double> e(4, 0.0);
    e[j] = 1.0;
    lu.solve(e.data());
    double column = 0.0;
    for (double v : e) column += std::abs(v);
    inverse_norm = std::max(inverse_norm, column);
  }
  double a_norm = 0.0;
  for (std::size_t j = 0; j < 4; ++j) {
    double column = 0.0;
    for (std::size_t i = 0; i < 4; ++i) column += std::abs(a[i * 4 + j]);
    a_norm = std::max(a_norm, column);
  }
  CHECK(a_norm == 9.0);  // column sums of |a|: 8, 8, 9, 6
  const double exact = 1.0 / (a_norm * inverse_norm);
  CHECK(lu.reciprocal_condition() >= exact * (1.0 - 1e-12));  // the estimate is a lower bound
  CHECK(lu.reciprocal_condition() <= 3.0 * exact);            // of ||A^-1||, within 3x
  // Singular: two equal rows.
  CHECK_FALSE(lu.factor({1, 2, 1, 2}, 2));
}
