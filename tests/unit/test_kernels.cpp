// Per-cell physics kernels: closed-form values and derivatives against finite differences.
#include <catch2/catch.hpp>

#include <cmath>
#include <functional>

#include "solver/kernels.hpp"
#include "solver/model.hpp"
#include "solver/time_series.hpp"

using namespace aquifer::solver;
using Catch::Detail::Approx;

namespace {
// Central difference of f at x with step h.
double central_difference(const std::function<double(double)>& f, double x, double h) {
  return (f(x + h) - f(x - h)) / (2.0 * h);
}
}  // namespace

TEST_CASE("horizontal conductance is the harmonic mean of transmissivities", "[kernels]") {
  // Equal cells: C = K b w / d.
  CHECK(kernels::horizontal_conductance(10.0, 5.0, 10.0, 5.0, 100.0, 50.0) == Approx(100.0));
  // Harmonic mean 2 T1 T2 / (T1 + T2) with T1 = 10, T2 = 1000.
  CHECK(kernels::horizontal_conductance(1.0, 10.0, 100.0, 10.0, 1.0, 1.0) ==
        Approx(2.0 * 10.0 * 1000.0 / 1010.0));
  CHECK(kernels::horizontal_conductance(0.0, 10.0, 100.0, 10.0, 1.0, 1.0) == 0.0);
}

TEST_CASE("vertical conductance puts half-cell resistances in series", "[kernels]") {
  // A / (0.5*2/1 + 0.5*4/0.01) = 100 / (1 + 200)
  CHECK(kernels::vertical_conductance(1.0, 2.0, 0.01, 4.0, 100.0) == Approx(100.0 / 201.0));
  CHECK(kernels::vertical_conductance(2.0, 1.0, 2.0, 1.0, 1.0) == Approx(2.0));
}

TEST_CASE("saturation is 0 below bottom, 1 above top, linear between", "[kernels]") {
  CHECK(kernels::saturation(-1.0, 10.0, 0.0) == 0.0);
  CHECK(kernels::saturation(11.0, 10.0, 0.0) == 1.0);
  CHECK(kernels::saturation(5.0, 10.0, 0.0) == Approx(0.5).epsilon(1e-4));
  CHECK(kernels::saturation(2.5, 10.0, 0.0) == Approx(0.25).epsilon(1e-4));
}

TEST_CASE("saturation derivative matches finite differences, smoothing zones included", "[kernels]") {
  const double top = 10.0, bottom = 2.0;
  const double b = top - bottom;
  const double eps = kernels::kSaturationSmoothing;
  for (double rel : {0.3 * eps, 0.7 * eps, 0.2, 0.5, 0.9, 1.0 - 0.5 * eps}) {
    const double h = bottom + rel * b;
    const auto s = [&](double x) { return kernels::saturation(x, top, bottom); };
    CHECK(kernels::saturation_derivative(h, top, bottom) ==
          Approx(central_difference(s, h, 1e-3 * eps * b)).epsilon(1e-4));
  }
  // Continuity of s at the ends of the smoothing zones.
  const auto s_at = [&](double rel) { return kernels::saturation(bottom + rel * b, top, bottom); };
  CHECK(s_at(eps * (1 - 1e-9)) == Approx(s_at(eps * (1 + 1e-9))).margin(1e-12));
  CHECK(s_at(1 - eps * (1 - 1e-9)) == Approx(s_at(1 - eps * (1 + 1e-9))).margin(1e-12));
}

TEST_CASE("confined storage is Ss A b per metre of head", "[kernels]") {
  const kernels::StorageCell c{250.0 * 250.0, 0.0, -100.0, 1e-5, 0.2, false};
  const double dw = kernels::stored_volume(c, 3.0) - kernels::stored_volume(c, 1.0);
  CHECK(dw == Approx(1e-5 * 62500.0 * 100.0 * 2.0));
  CHECK(kernels::stored_volume_derivative(c, 7.0) == Approx(1e-5 * 62500.0 * 100.0));
}

TEST_CASE("convertible storage releases Sy per metre of water-table drop", "[kernels]") {
  const kernels::StorageCell c{100.0, 20.0, 0.0, 0.0, 0.15, true};
  const double dw = kernels::stored_volume(c, 12.0) - kernels::stored_volume(c, 10.0);
  CHECK(dw == Approx(0.15 * 100.0 * 2.0).epsilon(1e-4));
  // Fully saturated with Ss: behaves as confined.
  const kernels::StorageCell full{100.0, 20.0, 0.0, 1e-4, 0.15, true};
  CHECK(kernels::stored_volume_derivative(full, 25.0) == Approx(1e-4 * 100.0 * 20.0));
  for (double h : {0.5, 5.0, 15.0, 19.9999}) {
    const auto w = [&](double x) { return kernels::stored_volume(full, x); };
    CHECK(kernels::stored_volume_derivative(full, h) ==
          Approx(central_difference(w, h, 1e-6)).epsilon(1e-5));
  }
}

TEST_CASE("head-dependent boundary flows and derivatives", "[kernels]") {
  const auto ghb = kernels::general_head_flow(4.0, 5.0, 200.0);
  CHECK(ghb.flow_m3_per_d == Approx(200.0));
  CHECK(ghb.dflow_dh == Approx(-200.0));
  // River losing to the aquifer, limited once the head is below the bed bottom.
  CHECK(kernels::river_flow(8.0, 10.0, 9.0, 50.0).flow_m3_per_d == Approx(50.0 * (10.0 - 9.0)));
  CHECK(kernels::river_flow(8.0, 10.0, 9.0, 50.0).dflow_dh == 0.0);
  CHECK(kernels::river_flow(9.5, 10.0, 9.0, 50.0).flow_m3_per_d == Approx(25.0));
  CHECK(kernels::river_flow(12.0, 10.0, 9.0, 50.0).flow_m3_per_d == Approx(-100.0));
  // Drain only removes water.
  CHECK(kernels::drain_flow(4.0, 5.0, 10.0).flow_m3_per_d == 0.0);
  CHECK(kernels::drain_flow(6.0, 5.0, 10.0).flow_m3_per_d == Approx(-10.0));
  CHECK(kernels::drain_flow(6.0, 5.0, 10.0).dflow_dh == Approx(-10.0));
}

TEST_CASE("well rate is reduced smoothly as a convertible cell dries", "[kernels]") {
  const double top = 10.0, bottom = 0.0;
  CHECK(kernels::well_flow(-100.0, 5.0, top, bottom, true).flow_m3_per_d == -100.0);
  CHECK(kernels::well_flow(-100.0, -1.0, top, bottom, true).flow_m3_per_d == 0.0);
  CHECK(kernels::well_flow(-100.0, -1.0, top, bottom, false).flow_m3_per_d == -100.0);
  CHECK(kernels::well_flow(100.0, -1.0, top, bottom, true).flow_m3_per_d == 100.0);
  const double mid = kernels::well_flow(-100.0, 0.5, top, bottom, true).flow_m3_per_d;
  CHECK(mid == Approx(-50.0));
  for (double h : {0.1, 0.5, 0.9}) {
    const auto q = [&](double x) { return kernels::well_flow(-100.0, x, top, bottom, true).flow_m3_per_d; };
    CHECK(kernels::well_flow(-100.0, h, top, bottom, true).dflow_dh ==
          Approx(central_difference(q, h, 1e-6)).epsilon(1e-6));
  }
}

TEST_CASE("piecewise-constant schedules: values and averages", "[kernels]") {
  PiecewiseConstant p;
  p.value_before = 1.0;
  p.times_d = {10.0, 20.0};
  p.values = {3.0, 5.0};
  CHECK(p.at(0.0) == 1.0);
  CHECK(p.at(10.0) == 3.0);
  CHECK(p.at(19.999) == 3.0);
  CHECK(p.at(25.0) == 5.0);
  CHECK(p.average(0.0, 10.0) == Approx(1.0));
  CHECK(p.average(5.0, 15.0) == Approx(2.0));
  CHECK(p.average(5.0, 25.0) == Approx((5 * 1.0 + 10 * 3.0 + 5 * 5.0) / 20.0));
  CHECK(PiecewiseConstant::constant(-7.0).average(3.0, 9.0) == -7.0);
}

TEST_CASE("flooding infiltration is rejected smoothly near land surface", "[kernels]") {
  const double surface = 50.0, band = 0.25;
  CHECK(kernels::flooding_accepted(600.0, 45.0, surface, band).flow_m3_per_d == 600.0);
  CHECK(kernels::flooding_accepted(600.0, 50.0, surface, band).flow_m3_per_d == 0.0);
  CHECK(kernels::flooding_accepted(600.0, 51.0, surface, band).flow_m3_per_d == 0.0);
  CHECK(kernels::flooding_accepted(600.0, surface - 0.5 * band, surface, band).flow_m3_per_d ==
        Approx(300.0));
  for (double depth : {0.02, 0.1, 0.2}) {
    const double h = surface - depth;
    const auto q = [&](double x) { return kernels::flooding_accepted(600.0, x, surface, band).flow_m3_per_d; };
    CHECK(kernels::flooding_accepted(600.0, h, surface, band).dflow_dh ==
          Approx(central_difference(q, h, 1e-7)).epsilon(1e-6));
  }
}

TEST_CASE("grid geometry: uniform spacing, and per-column / per-row widths", "[kernels][grid]") {
  GridGeometry g{3, 2, 1, 10.0, 20.0, 100.0, 200.0, {}, {}};
  CHECK(g.uniform());
  CHECK(g.x_centres() == std::vector<double>{105.0, 115.0, 125.0});
  CHECK(g.y_edges() == std::vector<double>{200.0, 220.0, 240.0});
  CHECK(g.cell_area_m2(2, 1) == 200.0);
  g.col_width_m = {10.0, 30.0, 5.0};
  g.row_width_m = {20.0, 40.0};
  CHECK_FALSE(g.uniform());
  CHECK(g.x_edges() == std::vector<double>{100.0, 110.0, 140.0, 145.0});
  CHECK(g.x_centres() == std::vector<double>{105.0, 125.0, 142.5});
  CHECK(g.x_centre(1) == 125.0);
  CHECK(g.y_centre(1) == 240.0);
  CHECK(g.cell_area_m2(1, 1) == 30.0 * 40.0);
  CHECK(g.dx(2) == 5.0);
}
