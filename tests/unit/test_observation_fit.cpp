// Simulated vs observed: linear interpolation in time, the statistics against hand-computed
// values, and the head-probe weights (bilinear, transmissivity-weighted screens).
#include <cmath>

#include <catch2/catch.hpp>

#include "params/load_scenario.hpp"
#include "sensors/fit_statistics.hpp"
#include "sensors/head_probes.hpp"

using namespace aquifer;
using namespace aquifer::sensors;

TEST_CASE("linear interpolation of the simulated series in time", "[sensors][fit]") {
  const std::vector<double> t{0.0, 1.0, 3.0};
  const std::vector<double> v{10.0, 12.0, 8.0};
  CHECK(interpolate_linear(t, v, 0.0) == 10.0);
  CHECK(interpolate_linear(t, v, 0.25) == Approx(10.5));
  CHECK(interpolate_linear(t, v, 2.5) == Approx(9.0));
  CHECK(interpolate_linear(t, v, 3.0) == 8.0);
  CHECK(std::isnan(interpolate_linear(t, v, -0.1)));
  CHECK(std::isnan(interpolate_linear(t, v, 3.1)));
  const std::vector<double> dry{10.0, NAN, 8.0};
  CHECK(std::isnan(interpolate_linear(t, dry, 0.5)));
}

TEST_CASE("statistics against hand-computed values", "[sensors][fit]") {
  // sim = 2, 4, 6; obs = 1, 5, 4 -> r = 1, -1, 2
  const auto s = statistics_of_pairs({2, 4, 6}, {1, 5, 4});
  CHECK(s.n == 3);
  CHECK(s.bias_m == Approx(2.0 / 3.0));
  CHECK(s.rmse_m == Approx(std::sqrt(6.0 / 3.0)));
  CHECK(s.mae_m == Approx(4.0 / 3.0));
  // mean obs 10/3; sum (obs - mean)^2 = 49/9 + 25/9 + 4/9 = 78/9
  CHECK(s.nse == Approx(1.0 - 6.0 / (78.0 / 9.0)));
  // rho: sim dev -2,0,2; obs dev -7/3, 5/3, 2/3 -> cov 6, var_sim 8, var_obs 78/9
  const double rho = 6.0 / std::sqrt(8.0 * 78.0 / 9.0);
  const double alpha = std::sqrt(8.0 / (78.0 / 9.0));
  const double beta = 4.0 / (10.0 / 3.0);
  CHECK(s.kge == Approx(1.0 - std::sqrt((rho - 1) * (rho - 1) + (alpha - 1) * (alpha - 1) +
                                        (beta - 1) * (beta - 1))));
  const auto perfect = statistics_of_pairs({1, 2, 3}, {1, 2, 3});
  CHECK(perfect.nse == Approx(1.0));
  CHECK(perfect.kge == Approx(1.0));
  CHECK(std::isnan(statistics_of_pairs({}, {}).rmse_m));
}

TEST_CASE("compare_series: overlap, missing values, excluded lines", "[sensors][fit]") {
  ObservationSeries obs;
  obs.well_id = "W";
  obs.t = {-1.0, 0.5, 1.5, 2.0, 2.5, 9.0};
  obs.head = {0.0, 11.0, NAN, 14.0, 13.0, 0.0};
  obs.line = {2, 3, 4, 5, 6, 7};
  const std::vector<double> sim_t{0.0, 1.0, 2.0, 3.0};
  const std::vector<double> sim_h{10.0, 12.0, 14.0, 12.0};
  // pairs: t 0.5 (sim 11, obs 11), t 2 (14, 14), t 2.5 (13, 13) -> all zero residuals
  auto s = compare_series(sim_t, sim_h, obs);
  CHECK(s.n == 3);
  CHECK(s.rmse_m == 0.0);
  CHECK(s.first_epoch_d == 0.5);
  CHECK(s.last_epoch_d == 2.5);
  s = compare_series(sim_t, sim_h, obs, {5});
  CHECK(s.n == 2);
}

namespace {
solver::Model two_layer_model() {
  solver::Model m;
  m.grid = {4, 3, 2, 10.0, 20.0, 100.0, 200.0};
  const auto n = static_cast<std::size_t>(m.grid.cell_count());
  m.properties.top_m.assign(n, 0.0);
  m.properties.bottom_m.assign(n, 0.0);
  m.properties.k_m_per_d.assign(n, 0.0);
  m.properties.active.assign(n, 1);
  for (int l = 0; l < 2; ++l) {
    for (int r = 0; r < 3; ++r) {
      for (int c = 0; c < 4; ++c) {
        const auto i = m.grid.index(l, r, c);
        m.properties.top_m[i] = l == 0 ? 10.0 : 0.0;
        m.properties.bottom_m[i] = l == 0 ? 0.0 : -20.0;
        m.properties.k_m_per_d[i] = l == 0 ? 5.0 : 1.0;
      }
    }
  }
  return m;
}
}  // namespace

TEST_CASE("head probes: bilinear weights and transmissivity over a screen", "[sensors][fit]") {
  const auto m = two_layer_model();
  params::ObservationWellSpec w;
  w.id = "P";
  w.x_m = 100.0 + 12.5;  // between centres 5 and 15: t = 0.75
  w.y_m = 200.0 + 20.0;  // between centres 10 and 30: t = 0.5
  w.layer = 2;
  auto probes = build_head_probes(m, {w});
  REQUIRE(probes.size() == 1);
  const auto& p = probes[0];
  REQUIRE(p.cells.size() == 4);
  CHECK(p.cells[0] == m.grid.index(1, 0, 0));
  CHECK(p.weights[0] == Approx(0.25 * 0.5));
  CHECK(p.weights[1] == Approx(0.75 * 0.5));
  CHECK(p.cells[3] == m.grid.index(1, 1, 1));
  // Screen 5 .. -10: 5 m in layer 1 (K 5), 10 m in layer 2 (K 1): T 25 and 10 at one centre.
  w.layer.reset();
  w.screen_m = std::array<double, 2>{5.0, -10.0};
  w.x_m = 105.0;  // exactly the first centre column and row: one cell per layer
  w.y_m = 210.0;
  probes = build_head_probes(m, {w});
  REQUIRE(probes[0].cells.size() == 2);
  CHECK(probes[0].weights[0] == Approx(25.0));
  CHECK(probes[0].weights[1] == Approx(10.0));
  w.x_m = 0.0;  // west of the first centre: clamped to it
  probes = build_head_probes(m, {w});
  CHECK(probes[0].cells.size() == 2);
  w.screen_m = std::array<double, 2>{50.0, 40.0};
  CHECK_THROWS_AS(build_head_probes(m, {w}), params::InputError);
}
