// solver/mf6_kernels: MODFLOW 6's per-cell terms, against hand-computed values and finite
// differences of the returned derivatives.
#include <catch2/catch.hpp>

#include <cmath>

#include "solver/kernels.hpp"
#include "solver/mf6_kernels.hpp"

using namespace aquifer::solver;

TEST_CASE("mf6 saturation: linear without smoothing, smooth and continuous with omega", "[mf6][kernels]") {
  CHECK(mf6k::saturation(10.0, 0.0, 5.0, 0.0) == Approx(0.5));
  CHECK(mf6k::saturation(10.0, 0.0, -1.0, 0.0) == 0.0);
  CHECK(mf6k::saturation(10.0, 0.0, 11.0, 0.0) == 1.0);
  const double omega = 1e-2;
  for (double h : {0.05, 0.1, 0.1000001, 5.0, 9.9, 9.95}) {
    const double d = 1e-7;
    const double fd = (mf6k::saturation(10.0, 0.0, h + d, omega) - mf6k::saturation(10.0, 0.0, h - d, omega)) / (2 * d);
    CHECK(mf6k::saturation_derivative(10.0, 0.0, h, omega) == Approx(fd).epsilon(1e-4));
  }
  // Continuous where the pieces meet (br = omega).
  CHECK(mf6k::saturation(10.0, 0.0, 0.1 - 1e-12, omega) == Approx(mf6k::saturation(10.0, 0.0, 0.1 + 1e-12, omega)));
}

TEST_CASE("mf6 horizontal flow: harmonic mean of K x saturated thickness", "[mf6][kernels]") {
  const mf6k::Side a{5.0, 10.0, 0.0, 2.0, false}, b{7.0, 10.0, 0.0, 8.0, false};
  // T = 20 and 80: C = 2 w Ta Tb / ((Ta + Tb) d) = 2 * 3 * 1600 / (100 * 4) = 24.
  const auto f = mf6k::horizontal_flow(a, b, 3.0, 4.0, false, 0.0);
  CHECK(f.q == Approx(24.0 * 2.0));
  CHECK(f.dq_da == Approx(-24.0));
  CHECK(f.dq_db == Approx(24.0));
  // Convertible, half saturated: T halves in the standard formulation.
  const mf6k::Side ac{5.0, 10.0, 0.0, 2.0, true}, bc{5.0, 10.0, 0.0, 8.0, true};
  const auto g = mf6k::horizontal_flow(ac, mf6k::Side{7.0, 10.0, 0.0, 8.0, false}, 3.0, 4.0, false, 0.0);
  CHECK(g.q == Approx(2.0 * 3.0 * 10.0 * 80.0 / (90.0 * 4.0) * 2.0));
  // Flow is antisymmetric.
  const auto h1 = mf6k::horizontal_flow(ac, bc, 3.0, 4.0, false, 0.0);
  const auto h2 = mf6k::horizontal_flow(bc, ac, 3.0, 4.0, false, 0.0);
  CHECK(h1.q == Approx(-h2.q).margin(1e-12));
}

TEST_CASE("mf6 Newton horizontal flow: upstream saturation and exact derivatives", "[mf6][kernels]") {
  const double omega = 1e-6;
  auto q = [&](double ha, double hb) {
    return mf6k::horizontal_flow({ha, 10.0, 0.0, 2.0, true}, {hb, 10.0, 0.0, 8.0, true}, 3.0, 4.0, true, omega);
  };
  const auto f = q(4.0, 6.0);  // b upstream, s = 0.6 (omega negligible)
  const double csat = 2.0 * 3.0 * 20.0 * 80.0 / (100.0 * 4.0);
  CHECK(f.q == Approx(csat * 0.6 * 2.0).epsilon(1e-5));
  const double d = 1e-6;
  CHECK(f.dq_da == Approx((q(4.0 + d, 6.0).q - q(4.0 - d, 6.0).q) / (2 * d)).epsilon(1e-5));
  CHECK(f.dq_db == Approx((q(4.0, 6.0 + d).q - q(4.0, 6.0 - d).q) / (2 * d)).epsilon(1e-5));
}

TEST_CASE("mf6 vertical flow: VARIABLECV, DEWATERED and PERCHED", "[mf6][kernels]") {
  const mf6k::Side up{15.0, 20.0, 10.0, 1.0, true}, low{8.0, 10.0, 0.0, 1.0, true};
  mf6k::VerticalOptions o;
  // Full thicknesses: Cv = A / (5 + 5) with A = 100.
  CHECK(mf6k::vertical_flow_into_upper(up, low, 100.0, o).q == Approx(10.0 * (8.0 - 15.0)));
  o.variable_cv = true;  // upper half saturated: 2.5 + 5
  CHECK(mf6k::vertical_flow_into_upper(up, low, 100.0, o).q == Approx(100.0 / 7.5 * (8.0 - 15.0)));
  o.dewatered = true;  // lower 0.8 saturated: 2.5 + 4
  CHECK(mf6k::vertical_flow_into_upper(up, low, 100.0, o).q == Approx(100.0 / 6.5 * (8.0 - 15.0)));
  o = {};
  o.perched = true;  // lower head below its top: the upper cell drains to its own bottom
  const auto p = mf6k::vertical_flow_into_upper(up, low, 100.0, o);
  CHECK(p.q == Approx(10.0 * (10.0 - 15.0)));
  CHECK(p.dq_db == 0.0);
}

TEST_CASE("mf6 storage: SsTerms with the saturation-weighted elevation, SyTerms", "[mf6][kernels]") {
  mf6k::StorageCell c{100.0, 10.0, 0.0, 1e-3, 0.2, false, false};
  const auto conf = mf6k::storage_flow(c, 9.0, 10.0, 2.0, 0.0);
  CHECK(conf.q_ss == Approx(1e-3 * 10.0 * 100.0 / 2.0 * 1.0));  // released: into the cell
  CHECK(conf.q_sy == 0.0);
  c.storage_coefficient = true;  // S instead of Ss b
  CHECK(mf6k::storage_flow(c, 9.0, 10.0, 2.0, 0.0).q_ss == Approx(1e-3 * 100.0 / 2.0));
  c = {100.0, 10.0, 0.0, 1e-3, 0.2, true, false};
  const auto conv = mf6k::storage_flow(c, 4.0, 5.0, 2.0, 0.0);
  CHECK(conv.q_sy == Approx(0.2 * 100.0 * 10.0 * (0.5 - 0.4) / 2.0));
  // Ss part: rho s (h - z), z = bot + b s / 2.
  const double rho = 1e-3 * 10.0 * 100.0 / 2.0;
  CHECK(conv.q_ss == Approx(-rho * 0.4 * (4.0 - 2.0) + rho * 0.5 * (5.0 - 2.5)));
  const double d = 1e-6;
  const auto up = mf6k::storage_flow(c, 4.0 + d, 5.0, 2.0, 0.0), dn = mf6k::storage_flow(c, 4.0 - d, 5.0, 2.0, 0.0);
  CHECK(conv.dq_ss == Approx((up.q_ss - dn.q_ss) / (2 * d)).epsilon(1e-6));
  CHECK(conv.dq_sy == Approx((up.q_sy - dn.q_sy) / (2 * d)).epsilon(1e-6));
}

TEST_CASE("well reduction fraction: 0 never reduces, MF6's cubic otherwise", "[mf6][kernels]") {
  CHECK(kernels::well_flow(-100.0, 0.5, 10.0, 0.0, true, 0.0).flow_m3_per_d == -100.0);
  // s = 0.5 / (0.1 * 10) = 0.5: -2 s^3 + 3 s^2 = 0.5.
  CHECK(kernels::well_flow(-100.0, 0.5, 10.0, 0.0, true, 0.1).flow_m3_per_d == Approx(-50.0));
  CHECK(kernels::well_flow(-100.0, 0.5, 10.0, 0.0, false, 0.1).flow_m3_per_d == -100.0);
}

TEST_CASE("mf6 cell averaging: the io guide's four means, unequal half-distances", "[mf6][kernels]") {
  using mf6k::CellAveraging;
  // k [m/d], b [m], cl [m], width [m]; T_a = 20, T_b = 150.
  const double ka = 2.0, ba = 10.0, cla = 30.0, kb = 10.0, bb = 15.0, clb = 70.0, w = 50.0;
  CHECK(mf6k::mean_conductance(ka, ba, cla, kb, bb, clb, w, CellAveraging::harmonic) ==
        Approx(w / (cla / 20.0 + clb / 150.0)));
  CHECK(mf6k::mean_conductance(ka, ba, cla, kb, bb, clb, w, CellAveraging::logarithmic) ==
        Approx((150.0 - 20.0) / std::log(150.0 / 20.0) * w / 100.0));
  CHECK(mf6k::mean_conductance(ka, ba, cla, kb, bb, clb, w, CellAveraging::amt_lmk) ==
        Approx((10.0 - 2.0) / std::log(5.0) * 12.5 * w / 100.0));
  CHECK(mf6k::mean_conductance(ka, ba, cla, kb, bb, clb, w, CellAveraging::amt_hmk) ==
        Approx(20.0 / (2.0 * 70.0 + 10.0 * 30.0) * 12.5 * w));
  // Within 0.5 % the logarithmic mean is the arithmetic one; equal halves keep the old form.
  CHECK(mf6k::mean_conductance(1.0, 10.0, 5.0, 1.001, 10.0, 5.0, 1.0, CellAveraging::logarithmic) ==
        Approx(0.5 * (10.0 + 10.01) / 10.0));
  CHECK(mf6k::mean_conductance(1.0, 10.0, 5.0, 0.0, 10.0, 5.0, 1.0, CellAveraging::harmonic) == 0.0);
}

TEST_CASE("mf6 THICKSTRT: a confined side counts confined_sat of its thickness", "[mf6][kernels]") {
  const mf6k::Side a{5.0, 10.0, 0.0, 2.0, false, 0.4}, b{7.0, 10.0, 0.0, 2.0, false, 0.4};
  // T = 2 x 4 on both sides: C = w T / d = 3 x 8 / 4.
  CHECK(mf6k::horizontal_flow(a, b, 3.0, 4.0, false, 0.0).q == Approx(6.0 * 2.0));
  mf6k::VerticalOptions o;
  // Cv = A / (0.4 x 10 / 4 + 0.4 x 10 / 4) with K33 = 2.
  CHECK(mf6k::vertical_flow_into_upper(a, b, 100.0, o).q == Approx(100.0 / 2.0 * 2.0));
}

TEST_CASE("mf6 storage: SS_CONFINED_ONLY, Ss acts only above the top", "[mf6][kernels]") {
  mf6k::StorageCell c{100.0, 10.0, 0.0, 1e-3, 0.2, true, false, true};
  const double rho = 1e-3 * 10.0 * 100.0 / 2.0;
  const auto above = mf6k::storage_flow(c, 11.0, 12.0, 2.0, 0.0);  // confined both times
  CHECK(above.q_ss == Approx(rho * 1.0));
  CHECK(above.dq_ss == Approx(-rho));
  CHECK(above.q_sy == 0.0);
  const auto falls = mf6k::storage_flow(c, 8.0, 12.0, 2.0, 0.0);  // only the part above the top
  CHECK(falls.q_ss == Approx(rho * 2.0));
  CHECK(falls.dq_ss == 0.0);
  CHECK(falls.q_sy == Approx(0.2 * 100.0 * 2.0 / 2.0));
  CHECK(mf6k::storage_flow(c, 7.0, 8.0, 2.0, 0.0).q_ss == 0.0);  // unconfined both times
}
