// Valid scenarios: the Model that load_scenario builds.
#include <algorithm>
#include <cmath>

#include "params/calendar.hpp"
#include "test_params_support.hpp"

using namespace aquifer;
using namespace aquifer::params;
using namespace aquifer::params::test;

namespace {
const solver::Well& well(const solver::Model& m, const std::string& id) {
  const auto it = std::find_if(m.wells.begin(), m.wells.end(),
                               [&](const solver::Well& w) { return w.id == id; });
  REQUIRE(it != m.wells.end());
  return *it;
}
const solver::Recharge& recharge(const solver::Model& m, const std::string& id) {
  const auto it = std::find_if(m.recharge.begin(), m.recharge.end(),
                               [&](const solver::Recharge& r) { return r.id == id; });
  REQUIRE(it != m.recharge.end());
  return *it;
}
double at(const std::vector<double>& v, std::int64_t i) { return v[static_cast<std::size_t>(i)]; }
}  // namespace

TEST_CASE("good scenario: grid, layers, raster row flip, zones, K_v default", "[params][load]") {
  const LoadedScenario s = load_scenario(data_path("good/scenario.toml"));
  const solver::Model& m = s.model;
  const auto& g = m.grid;
  CHECK(m.name == "params-good");
  CHECK(s.crs == "EPSG:6670");
  CHECK(g.nx == 4);
  CHECK(g.ny == 3);
  CHECK(g.nlay == 2);
  CHECK(g.dy_m == Approx(250.0));  // "0.25 km"
  CHECK(g.x0_m == 1000.0);
  const auto& p = m.properties;
  // Active: all but the south-east column (col 4, row 1), in both layers.
  CHECK(p.active[static_cast<std::size_t>(g.index(0, 0, 3))] == 0);
  CHECK(p.active[static_cast<std::size_t>(g.index(1, 0, 3))] == 0);
  CHECK(std::count(p.active.begin(), p.active.end(), 1) == 22);
  // bottom1.csv: first line = northern row (row index 2).
  CHECK(at(p.bottom_m, g.index(0, 2, 0)) == 40.0);
  CHECK(at(p.bottom_m, g.index(0, 0, 0)) == 20.0);
  CHECK(at(p.bottom_m, g.index(0, 1, 2)) == 32.0);
  // Layer 2's top is layer 1's bottom.
  CHECK(at(p.top_m, g.index(1, 0, 1)) == 21.0);
  CHECK(at(p.bottom_m, g.index(1, 0, 1)) == -100.0);
  CHECK(at(p.top_m, g.index(0, 1, 1)) == 60.0);
  // Zone: K = 300 m/d in column 2 of layer 1; K_v = K / 10 follows the zone.
  CHECK(at(p.k_m_per_d, g.index(0, 1, 1)) == Approx(300.0));
  CHECK(at(p.kv_m_per_d, g.index(0, 1, 1)) == Approx(30.0));
  CHECK(at(p.k_m_per_d, g.index(0, 1, 0)) == Approx(30.0));
  CHECK(at(p.kv_m_per_d, g.index(0, 1, 0)) == Approx(3.0));
  // k2.csv in m/s: 2e-4 m/s in the middle line (row 2), column 2.
  CHECK(at(p.k_m_per_d, g.index(1, 1, 1)) == Approx(17.28));
  CHECK(at(p.k_m_per_d, g.index(1, 2, 1)) == Approx(8.64));
  CHECK(at(p.kv_m_per_d, g.index(1, 1, 1)) == Approx(0.5));
  CHECK(at(p.ss_per_m, g.index(1, 0, 0)) == Approx(2e-5));
  CHECK(at(p.sy, g.index(0, 0, 0)) == Approx(0.15));
  REQUIRE(p.layer_type.size() == 2);
  CHECK(p.layer_type[0] == solver::LayerType::convertible);
  CHECK(p.layer_type[1] == solver::LayerType::confined);
  CHECK(at(m.initial_head_m, g.index(1, 2, 3)) == Approx(50.0));  // "5000 cm"
}

TEST_CASE("good scenario: time, output, solver, provenance", "[params][load]") {
  const LoadedScenario s = load_scenario(data_path("good/scenario.toml"));
  const solver::Model& m = s.model;
  CHECK(s.start_iso == "2020-01-01T00:00:00");
  CHECK(s.start_epoch_d == Approx(18262.0));
  CHECK_FALSE(m.time.steady_only);
  CHECK(m.time.end_d == Approx(366.0));  // 2020 is a leap year; the end date is inclusive
  CHECK(m.time.step_d == Approx(0.5));
  CHECK(m.time.output_every_d == Approx(30.0));
  CHECK(m.time.min_step_d == Approx(1e-5));
  CHECK(s.output.dir == data_path("good/results"));
  CHECK_FALSE(s.output.csv);
  CHECK(s.output.hdf5);
  CHECK(m.solver.petsc_options == "-ksp_monitor");
  CHECK(m.solver.linear_solver == "pfmg");
  CHECK(m.solver.max_newton_iterations == 30);
  REQUIRE(s.input_files.size() == 11);
  CHECK(s.input_files.front() == data_path("good/scenario.toml"));
  CHECK(std::count(s.input_files.begin(), s.input_files.end(), data_path("good/k2.csv")) == 1);
  CHECK_THAT(s.scenario_text, Catch::StartsWith("# A small scenario"));
  REQUIRE(s.warnings.size() == 1);
  CHECK_THAT(s.warnings[0], Catch::Contains("replaces the constant head of 1 cell"));
  CHECK(s.fiscal_year_start_month == 1);  // [compliance] fiscal_year_start = "01-01"
  CHECK(s.fiscal_year_start_day == 1);
}

TEST_CASE("good scenario: boundaries, conductance from leakance", "[params][load]") {
  const solver::Model m = load_scenario(data_path("good/scenario.toml")).model;
  const auto& g = m.grid;
  // Constant head column 1 rows 1-3; the later boundary replaces row 3's head.
  REQUIRE(m.constant_heads.size() == 3);
  CHECK(m.constant_heads[0].cell == g.index(0, 0, 0));
  CHECK(m.constant_heads[2].cell == g.index(0, 2, 0));
  CHECK(m.constant_heads[2].head_m == 46.5);
  std::vector<solver::HeadDependentCell> ghb, riv, drn;
  for (const auto& h : m.head_dependent) {
    if (h.kind == solver::HeadDependentKind::general_head) ghb.push_back(h);
    if (h.kind == solver::HeadDependentKind::river) riv.push_back(h);
    if (h.kind == solver::HeadDependentKind::drain) drn.push_back(h);
  }
  // GHB in column 4, layers 1-2, rows 1-3, but row 1 is inactive: 4 cells.
  REQUIRE(ghb.size() == 4);
  CHECK(ghb[0].cell == g.index(0, 1, 3));
  CHECK(ghb[0].conductance_m2_per_d == Approx(0.5 * 250 * 250));
  CHECK(ghb[0].reference_head_m == 44.0);
  // River polygon (a MultiPolygon of two parts) covers columns 2-3 of row 2.
  REQUIRE(riv.size() == 2);
  CHECK(riv[0].cell == g.index(0, 1, 1));
  CHECK(riv[1].cell == g.index(0, 1, 2));
  CHECK(riv[0].river_bottom_m == 46.0);
  CHECK(riv[0].conductance_m2_per_d == 1000.0);
  REQUIRE(drn.size() == 1);
  CHECK(drn[0].cell == g.index(0, 2, 1));  // layer defaults to 1
  CHECK(drn[0].reference_head_m == 55.0);
}

TEST_CASE("good scenario: wells, screen split, schedules relative to start", "[params][load]") {
  const solver::Model m = load_scenario(data_path("good/scenario.toml")).model;
  const auto& g = m.grid;
  const auto& w1 = well(m, "W1");
  CHECK(w1.owner == "Fab Co.");
  REQUIRE(w1.cells.size() == 1);
  CHECK(w1.cells[0].cell == g.index(1, 0, 0));
  CHECK(w1.rate_m3_per_d.at(10.0) == Approx(-7500.0));
  // W2: screen 45 .. -50 m in column 2, row 2. Layer 1: K 300 (zone), 60 .. 31 m -> 14 m;
  // layer 2: K 17.28, 31 .. -100 m -> 81 m.
  const auto& w2 = well(m, "W2");
  REQUIRE(w2.cells.size() == 2);
  const double t1 = 300.0 * 14.0, t2 = 17.28 * 81.0;
  CHECK(w2.cells[0].cell == g.index(0, 1, 1));
  CHECK(w2.cells[0].fraction == Approx(t1 / (t1 + t2)));
  CHECK(w2.cells[1].cell == g.index(1, 1, 1));
  CHECK(w2.cells[1].fraction == Approx(t2 / (t1 + t2)));
  CHECK(w2.rate_m3_per_d.at(0.0) == Approx(-864.0));  // -10 L/s
  // W3: schedule only; 2021-01-01T12:00+09:00 is 03:00 UTC, 366.125 d after start.
  const auto& w3 = well(m, "W3");
  CHECK(w3.rate_m3_per_d.value_before == 0.0);
  REQUIRE(w3.rate_m3_per_d.times_d.size() == 3);
  CHECK(w3.rate_m3_per_d.times_d[0] == Approx(0.0));
  CHECK(w3.rate_m3_per_d.times_d[1] == Approx(182.0));
  CHECK(w3.rate_m3_per_d.times_d[2] == Approx(366.125));
  CHECK(w3.rate_m3_per_d.at(200.0) == -2000.0);
}

TEST_CASE("good scenario: recharge weights from areas and rate files", "[params][load]") {
  const solver::Model m = load_scenario(data_path("good/scenario.toml")).model;
  const auto& rain = recharge(m, "rain");
  CHECK(rain.columns.size() == 11);  // every active column, weight 1
  CHECK(rain.rate_m_per_d.at(0.0) == Approx(0.002));
  // A 2 ha rectangle inside the cell of column 2, row 1: weight 20000 / 62500.
  const auto& paddy = recharge(m, "paddy");
  REQUIRE(paddy.columns.size() == 1);
  CHECK(paddy.columns[0].column == 1);
  CHECK(paddy.columns[0].weight == Approx(0.32));
  CHECK(paddy.rate_m_per_d.value_before == Approx(0.01));
  CHECK(paddy.rate_m_per_d.times_d[0] == Approx(60.0));
  CHECK(paddy.rate_m_per_d.times_d[1] == Approx(151.625));
  // rch.csv in mm/d: southern line "0 3 3 3" -> column 1 omitted (zero), column 4 inactive.
  const auto& pattern = recharge(m, "pattern");
  CHECK(pattern.columns.size() == 10);
  CHECK(pattern.columns[0].column == 1);
  CHECK(pattern.columns[0].weight == Approx(0.003));
  CHECK(pattern.columns.back().column == 11);
  CHECK(pattern.columns.back().weight == Approx(0.001));
  CHECK(pattern.rate_m_per_d.at(100.0) == 1.0);
}

TEST_CASE("steady-state scenario without [time] and defaults", "[params][load]") {
  TempDir dir;
  const LoadedScenario s = load_scenario(dir.write("s.toml", base_scenario()));
  const solver::Model& m = s.model;
  CHECK(m.time.steady_only);
  CHECK_FALSE(m.time.initial_steady);
  CHECK(m.initial_head_m.size() == 12);
  CHECK(m.initial_head_m[5] == 10.0);  // top of layer 1
  CHECK(m.properties.kv_m_per_d[0] == Approx(0.5));
  CHECK(m.properties.layer_type[0] == solver::LayerType::confined);
  CHECK(s.output.dir == dir.file("out"));
  CHECK(s.output.csv);
  CHECK(s.output.netcdf);
  CHECK(s.input_files.size() == 1);
  CHECK(s.warnings.empty());
  CHECK(s.fiscal_year_start_month == 4);  // fiscal years start on April 1 by default
  CHECK(s.fiscal_year_start_day == 1);
  CHECK(m.flooding.empty());
}

TEST_CASE("times: durations, date-times, TOML dates, time zones, steady initial",
          "[params][load]") {
  TempDir dir;
  SECTION("end as a duration, initial = steady") {
    const auto s = load_scenario(dir.write(
        "s.toml", base_scenario() + "[time]\nend = \"3650 d\"\nstep = \"1 d\"\n"
                                    "[initial]\nhead = \"steady\"\n"));
    CHECK(s.model.time.end_d == 3650.0);
    CHECK(s.model.time.initial_steady);
    CHECK(s.model.initial_head_m[0] == 10.0);
  }
  SECTION("TOML native date start, exact date-time end, min_step") {
    const auto s = load_scenario(dir.write(
        "s.toml", replace_line(base_scenario(), 3, "start = 2020-04-01") +
                      "[time]\nend = 2020-04-02T06:00:00\nstep = \"6 h\"\nmin_step = \"1 s\"\n"));
    CHECK(s.start_iso == "2020-04-01T00:00:00");
    CHECK(s.model.time.end_d == Approx(1.25));
    CHECK(s.model.time.step_d == Approx(0.25));
    CHECK(s.model.time.min_step_d == Approx(1.0 / 86400.0));
  }
  SECTION("[model] timezone applies to naive times") {
    const auto s = load_scenario(dir.write(
        "s.toml", replace_line(base_scenario(), 2, "timezone = \"+09:00\"") +
                      "[time]\nend = \"2020-01-01T00:00:00Z\"\n"));
    CHECK(s.start_iso == "2019-12-31T15:00:00");
    CHECK(s.utc_offset_min == 540);
    CHECK(s.model.time.end_d == Approx(9.0 / 24.0));
    CHECK(s.model.name == "s");  // name defaults to the file's stem
  }
  SECTION("steady = true") {
    const auto s = load_scenario(dir.write(
        "s.toml", base_scenario() + "[time]\nsteady = true\nend = \"10 d\"\n"));
    CHECK(s.model.time.steady_only);
    REQUIRE(s.warnings.size() == 1);
    CHECK_THAT(s.warnings[0], Catch::Contains("[time] end is ignored because steady = true"));
  }
}

TEST_CASE("initial heads from a file with one block per layer", "[params][load]") {
  TempDir dir;
  dir.write("h.csv", "1 1 1 1\n1 1 1 1\n1 2 1 1\n5 5 5 5\n5 5 5 5\n5 5 5 7\n");
  const auto s = load_scenario(dir.write(
      "s.toml", base_scenario() + "[[layers]]\nbottom = -5\nk = 1\n"
                                  "[initial]\nhead = { file = \"h.csv\" }\n"));
  const auto& g = s.model.grid;
  CHECK(at(s.model.initial_head_m, g.index(0, 0, 1)) == 2.0);  // last line of block 1 = south
  CHECK(at(s.model.initial_head_m, g.index(1, 0, 3)) == 7.0);
  CHECK(at(s.model.initial_head_m, g.index(1, 2, 0)) == 5.0);
  CHECK(s.model.properties.top_m[static_cast<std::size_t>(g.index(1, 0, 0))] == 0.0);
}
