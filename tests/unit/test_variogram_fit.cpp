// Semivariogram models, empirical semivariogram and the Cressie WLS fit (sensors/variogram.hpp):
// exact recovery from model-generated bins, and recovery from a simulated Gaussian random
// field with known covariance (fixed seed, Cholesky factor of the covariance matrix).
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "sensors/kriging.hpp"
#include "sensors/variogram.hpp"
#include "tests/unit/gaussian_field.hpp"

using namespace aquifer::sensors;
using Catch::Detail::Approx;

namespace {

std::vector<VariogramBin> model_bins(const Variogram& v, double max_lag_m, int count) {
  std::vector<VariogramBin> bins;
  for (int k = 1; k <= count; ++k) {
    const double h = max_lag_m * k / count;
    bins.push_back({h, v(h), static_cast<std::size_t>(10 + 3 * k)});
  }
  return bins;
}

}  // namespace

TEST_CASE("variogram: models: values at 0, at the range and far", "[variogram]") {
  const Variogram sph{VariogramModel::spherical, 0.5, 2.0, 100.0};
  CHECK(sph(0.0) == 0.0);
  CHECK(sph(1e-9) == Approx(0.5).margin(1e-9));
  CHECK(sph(50.0) == Approx(0.5 + 2.0 * (0.75 - 0.0625)));
  CHECK(sph(100.0) == Approx(2.5));
  CHECK(sph(1e4) == Approx(2.5));
  const Variogram ex{VariogramModel::exponential, 0.0, 1.0, 90.0};
  CHECK(ex(90.0) == Approx(1.0 - std::exp(-3.0)));  // practical range: 95% of the sill
  const Variogram ga{VariogramModel::gaussian, 0.0, 1.0, 90.0};
  CHECK(ga(90.0) == Approx(1.0 - std::exp(-3.0)));
  const Variogram li{VariogramModel::linear, 1.0, 3.0, 30.0};
  CHECK(li(10.0) == Approx(2.0));
  CHECK(variogram_model_from_string("gaussian") == VariogramModel::gaussian);
  CHECK_FALSE(variogram_model_from_string("Gaussian"));
}

TEST_CASE("variogram: the empirical semivariogram counts pairs and halves mean squared differences",
          "[variogram]") {
  // x = 0, 1, 2, 4 with z = 0, 1, 3, 3. Bins of width 1 on (0, 4]:
  //   (0,1]: pairs (0,1) d=1, (1,2) d=1 -> N=2, gamma = (1 + 4)/(2*2) = 1.25
  //   (1,2]: pairs (0,2) d=2, (2,4) d=2 -> N=2, gamma = (9 + 0)/4 = 2.25
  //   (2,3]: pair (1,4) d=3 -> N=1, gamma = 4/2 = 2;  (3,4]: pair (0,4) -> gamma = 9/2
  const auto bins = empirical_semivariogram({0, 1, 2, 4}, {0, 0, 0, 0}, {0, 1, 3, 3}, 4, 4.0);
  REQUIRE(bins.size() == 4);
  CHECK(bins[0].pair_count == 2);
  CHECK(bins[0].semivariance == Approx(1.25));
  CHECK(bins[1].semivariance == Approx(2.25));
  CHECK(bins[2].lag_m == Approx(3.0));
  CHECK(bins[2].semivariance == Approx(2.0));
  CHECK(bins[3].semivariance == Approx(4.5));
}

TEST_CASE("variogram: the WLS fit recovers the parameters of model-generated bins", "[variogram]") {
  const VariogramFitOptions opt{true, 0.1, 3000.0};
  for (auto model : {VariogramModel::spherical, VariogramModel::exponential,
                     VariogramModel::gaussian}) {
    const Variogram truth{model, 0.3, 1.7, 420.0};
    const auto bins = model_bins(truth, 900.0, 15);
    const auto fit = fit_variogram(bins, model, opt);
    INFO(to_string(model));
    CHECK(fit.variogram.nugget == Approx(0.3).epsilon(1e-4));
    CHECK(fit.variogram.partial_sill == Approx(1.7).epsilon(1e-4));
    CHECK(fit.variogram.range_m == Approx(420.0).epsilon(1e-4));
    CHECK(fit.objective < 1e-10);
    // Fitting another model gives a strictly worse objective.
    for (auto other : {VariogramModel::spherical, VariogramModel::exponential,
                       VariogramModel::gaussian}) {
      if (other != model) CHECK(fit_variogram(bins, other, opt).objective > 1e-4);
    }
  }
  // No nugget allowed: c0 stays 0 even where a nugget would fit better.
  const auto bins = model_bins(Variogram{VariogramModel::spherical, 0.5, 1.0, 300.0}, 600.0, 12);
  const auto fit = fit_variogram(bins, VariogramModel::spherical, {false, 0.1, 3000.0});
  CHECK(fit.variogram.nugget == 0.0);
  CHECK(fit.variogram.partial_sill > 1.0);
  // Linear: range fixed to the largest lag, nugget and slope exact.
  const auto lin_bins = model_bins(Variogram{VariogramModel::linear, 0.2, 0.01, 1.0}, 500.0, 10);
  const auto lin = fit_variogram(lin_bins, VariogramModel::linear, opt);
  CHECK(lin.variogram.range_m == Approx(500.0));
  CHECK(lin.variogram.nugget == Approx(0.2).epsilon(1e-6));
  CHECK(lin.variogram.partial_sill / lin.variogram.range_m == Approx(0.01).epsilon(1e-6));
}

TEST_CASE("variogram: fitting a simulated Gaussian field recovers its spherical variogram", "[variogram]") {
  // 30 x 30 grid, spacing 10 m, spherical covariance, sill 2 m2, range 40 m, no nugget; the
  // empirical semivariogram (12 bins up to 80 m) is pooled over 4 realisations (seeds 1000-1003).
  // Tolerances: twice the largest errors over 20 seed sets (first seeds 1000, 1100, ..., 2900;
  // bench/variogram_fit_spread 30 40 4 prints them): sill 10.5%, range 8.3%, nugget 0.057 m2.
  const Variogram truth{VariogramModel::spherical, 0.0, 2.0, 40.0};
  const auto pooled = testing::pooled_grid_semivariogram(truth, 30, 10.0, 1000, 4, 12, 80.0);
  const auto fit = fit_variogram(pooled, VariogramModel::spherical, {true, 0.2, 600.0});
  CHECK(fit.variogram.partial_sill + fit.variogram.nugget == Approx(2.0).epsilon(0.21));
  CHECK(fit.variogram.range_m == Approx(40.0).epsilon(0.17));
  CHECK(fit.variogram.nugget < 0.115);
}

TEST_CASE("variogram: interpolate_to_points fits, kriges and cross-validates a smooth field",
          "[variogram][kriging]") {
  // 40 wells on a jittered grid sampling h(x, y) = 50 + 0.01 x + 2 sin(x/150) cos(y/200) [m];
  // prediction error at 25 interior targets is compared with IDW's, the LOO RMSE with the
  // actual error level (both small fractions of the 6 m range of the field).
  std::vector<PointValue> wells;
  const auto field = [](double x, double y) { return 50.0 + 0.01 * x + 2.0 * std::sin(x / 150.0) * std::cos(y / 200.0); };
  for (int i = 0; i < 40; ++i) {
    const double x = 100.0 * (i % 8) + 23.0 * std::sin(3.1 * i), y = 120.0 * (i / 8) + 17.0 * std::cos(2.3 * i);
    wells.push_back({"w" + std::to_string(i), x, y, field(x, y)});
  }
  std::vector<double> tx, ty;
  for (int i = 0; i < 25; ++i) { tx.push_back(60.0 + 25.0 * i); ty.push_back(50.0 + 15.0 * i); }
  const auto ok = interpolate_to_points(wells, tx, ty);
  InterpolationOptions idw_opts;
  idw_opts.min_points_for_kriging = 1000;  // force IDW
  const auto idw = interpolate_to_points(wells, tx, ty, idw_opts);
  REQUIRE(ok.method == "ordinary_kriging");
  REQUIRE(idw.method == "idw");
  double ok_sq = 0.0, idw_sq = 0.0;
  for (std::size_t t = 0; t < tx.size(); ++t) {
    ok_sq += std::pow(ok.values[t] - field(tx[t], ty[t]), 2);
    idw_sq += std::pow(idw.values[t] - field(tx[t], ty[t]), 2);
    CHECK(ok.kriging_variance[t] >= 0.0);
  }
  CHECK(std::sqrt(ok_sq / 25.0) < std::sqrt(idw_sq / 25.0));
  CHECK(ok.loo_rmse > 0.0);
  CHECK(ok.loo_rmse < 0.5);
  CHECK(ok.loo_residuals.size() == 40);
  CHECK_FALSE(ok.empirical_variogram.empty());
}
