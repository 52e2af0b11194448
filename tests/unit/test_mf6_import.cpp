// `aquifer import-mf6`: the scenario written for each reference deck loads back into the
// same solver::Model that mf6::to_model builds for `aquifer run mfsim.nam`, value for value
// (exact_number writes doubles that read back bit for bit), so both paths solve the same
// equations. Decks with a feature the scenario cannot express yet are refused.
#include <algorithm>
#include <cstdlib>
#include <stdexcept>
#include <filesystem>
#include <tuple>

#include <catch2/catch.hpp>

#include "mf6/scenario_writer.hpp"
#include "tests/unit/test_params_support.hpp"

namespace aquifer::mf6 {
namespace {

std::string deck_path(const std::string& name) {
  return (std::filesystem::path(AQUIFER_TEST_DATA_DIR) / "mf6" / name / "mfsim.nam").string();
}

params::LoadedScenario import_and_load(const Deck& deck, const params::test::TempDir& dir) {
  for (const auto& f : write_scenario(deck, "mfsim.nam")) (void)dir.write(f.path, f.text);
  return params::load_scenario(dir.file("scenario.toml"));
}

using HeadDependentRow = std::tuple<int, std::int64_t, double, double, double, double, double>;
std::vector<HeadDependentRow> head_dependent_rows(const solver::Model& m) {
  std::vector<HeadDependentRow> rows;
  for (const auto& h : m.head_dependent)
    if (m.properties.active[static_cast<std::size_t>(h.cell)])
      rows.emplace_back(static_cast<int>(h.kind), h.cell, h.reference_head_m, h.conductance_m2_per_d, h.river_bottom_m,
                        h.from_d, h.until_d);
  std::sort(rows.begin(), rows.end());
  return rows;
}

using RechargeRow = std::tuple<std::int64_t, double, std::vector<double>, std::vector<double>, double, bool, bool>;
std::vector<RechargeRow> recharge_rows(const solver::Model& m) {
  std::vector<RechargeRow> rows;
  for (const auto& r : m.recharge)
    for (const auto& c : r.columns)
      if (m.properties.active[static_cast<std::size_t>(c.column)])
        rows.emplace_back(c.column, c.weight, r.rate_m_per_d.times_d, r.rate_m_per_d.values, r.rate_m_per_d.value_before,
                          r.fixed_cell, r.pass_down);
  std::sort(rows.begin(), rows.end());
  return rows;
}

// The per-cell values the solver uses when the optional overrides are empty
// (solver/model.hpp): K22 = K, convertibility by layer, storage as conductance.
std::vector<double> k22_of(const solver::CellProperties& p) { return p.k22_m_per_d.empty() ? p.k_m_per_d : p.k22_m_per_d; }
std::vector<std::uint8_t> convertible_of(const solver::CellProperties& p) {
  if (!p.cell_convertible.empty()) return p.cell_convertible;
  std::vector<std::uint8_t> out(p.k_m_per_d.size());
  const std::size_t per_layer = out.size() / p.layer_type.size();
  for (std::size_t c = 0; c < out.size(); ++c) out[c] = p.layer_type[c / per_layer] == solver::LayerType::convertible;
  return out;
}
std::vector<std::uint8_t> storage_convertible_of(const solver::CellProperties& p) {
  return p.storage_convertible.empty() ? convertible_of(p) : p.storage_convertible;
}

void require_same_model(const solver::Model& a, const solver::Model& b) {
  CHECK(a.grid.nx == b.grid.nx);
  CHECK(a.grid.ny == b.grid.ny);
  CHECK(a.grid.nlay == b.grid.nlay);
  CHECK(a.grid.dx_m == b.grid.dx_m);
  CHECK(a.grid.dy_m == b.grid.dy_m);
  CHECK(a.grid.x0_m == b.grid.x0_m);
  CHECK(a.grid.y0_m == b.grid.y0_m);
  CHECK(a.grid.col_width_m == b.grid.col_width_m);
  CHECK(a.grid.row_width_m == b.grid.row_width_m);
  const auto& p = a.properties;
  const auto& q = b.properties;
  CHECK(p.top_m == q.top_m);
  CHECK(p.bottom_m == q.bottom_m);
  CHECK(p.k_m_per_d == q.k_m_per_d);
  CHECK(k22_of(p) == k22_of(q));
  CHECK(p.kv_m_per_d == q.kv_m_per_d);
  CHECK(p.ss_per_m == q.ss_per_m);
  CHECK(p.sy == q.sy);
  CHECK(p.active == q.active);
  CHECK(convertible_of(p) == convertible_of(q));
  CHECK(storage_convertible_of(p) == storage_convertible_of(q));
  CHECK(p.wetdry_m == q.wetdry_m);
  CHECK(p.confined_saturation == q.confined_saturation);
  CHECK(a.initial_head_m == b.initial_head_m);
  REQUIRE(a.time.steps.size() == b.time.steps.size());
  for (std::size_t s = 0; s < a.time.steps.size(); ++s) {
    CHECK(a.time.steps[s].dt_d == b.time.steps[s].dt_d);
    CHECK(a.time.steps[s].steady == b.time.steps[s].steady);
    CHECK(a.time.steps[s].output == b.time.steps[s].output);
  }
  CHECK(a.time.end_d == b.time.end_d);
  const auto& f = a.formulation;
  const auto& g = b.formulation;
  CHECK(std::tie(f.mf6, f.newton, f.saturation_omega, f.variable_cv, f.dewatered, f.perched, f.storage_coefficient,
                 f.wet_dry) == std::tie(g.mf6, g.newton, g.saturation_omega, g.variable_cv, g.dewatered, g.perched,
                                        g.storage_coefficient, g.wet_dry));
  CHECK(std::tie(f.rewet, f.wetfct, f.iwetit, f.ihdwet, f.cell_averaging, f.ss_confined_only) ==
        std::tie(g.rewet, g.wetfct, g.iwetit, g.ihdwet, g.cell_averaging, g.ss_confined_only));
  CHECK(std::tie(a.solver.head_tolerance_m, a.solver.residual_tolerance, a.solver.max_newton_iterations,
                 a.solver.linear_solver) == std::tie(b.solver.head_tolerance_m, b.solver.residual_tolerance,
                                                     b.solver.max_newton_iterations, b.solver.linear_solver));
  REQUIRE(a.constant_heads.size() == b.constant_heads.size());
  for (std::size_t i = 0; i < a.constant_heads.size(); ++i) {
    CHECK(a.constant_heads[i].cell == b.constant_heads[i].cell);
    CHECK(a.constant_heads[i].head_m == b.constant_heads[i].head_m);
    CHECK(a.constant_heads[i].group == b.constant_heads[i].group);
    CHECK(a.constant_heads[i].from_d == b.constant_heads[i].from_d);
    CHECK(a.constant_heads[i].until_d == b.constant_heads[i].until_d);
  }
  CHECK(head_dependent_rows(a) == head_dependent_rows(b));
  CHECK(recharge_rows(a) == recharge_rows(b));
  std::vector<const solver::Well*> wells_b;
  for (const auto& w : b.wells)
    if (q.active[static_cast<std::size_t>(w.cells.front().cell)]) wells_b.push_back(&w);
  REQUIRE(a.wells.size() == wells_b.size());
  for (std::size_t i = 0; i < a.wells.size(); ++i) {
    CHECK(a.wells[i].id == wells_b[i]->id);
    CHECK(a.wells[i].cells.front().cell == wells_b[i]->cells.front().cell);
    CHECK(a.wells[i].reduction_fraction == wells_b[i]->reduction_fraction);
    CHECK(a.wells[i].rate_m3_per_d.times_d == wells_b[i]->rate_m3_per_d.times_d);
    CHECK(a.wells[i].rate_m3_per_d.values == wells_b[i]->rate_m3_per_d.values);
  }
}

}  // namespace

TEST_CASE("import-mf6: each reference deck's scenario loads into to_model's Model", "[mf6][import]") {
  const auto name = GENERATE(as<std::string>{}, "test001a_Tharmonic", "test001h_rch_array1", "test003_gwfs",
                             "test004_bcfss", "test007_75x75", "test021_twri", "test026_WellReduction");
  INFO(name);
  const Deck deck = read_simulation(deck_path(name));
  params::test::TempDir dir;
  const params::LoadedScenario loaded = import_and_load(deck, dir);
  Deck without_observations = deck;
  without_observations.observations.clear();
  require_same_model(loaded.model, to_model(without_observations).model);
  CHECK(loaded.warnings.empty());
}

TEST_CASE("import-mf6: the same deck gives the same files", "[mf6][import]") {
  const Deck deck = read_simulation(deck_path("test021_twri"));
  const auto a = write_scenario(deck, "twri/mfsim.nam");
  const auto b = write_scenario(deck, "twri/mfsim.nam");
  REQUIRE(a.size() == b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    CHECK(a[i].path == b[i].path);
    CHECK(a[i].text == b[i].text);
  }
  CHECK(a.front().path == "scenario.toml");
  CHECK(a.front().text.rfind("# Imported from the MODFLOW 6 simulation twri/mfsim.nam", 0) == 0);
}

TEST_CASE("import-mf6: REWET, cell widths, averaging, THICKSTRT, SS_CONFINED_ONLY, CHD per period", "[mf6][import]") {
  // Reference decks edited in memory so that each feature reaches the writer and the loader.
  Deck deck = read_simulation(deck_path("test004_bcfss"));  // REWET, convertible layer 1, CHD
  deck.observations.clear();
  SECTION("as read") {}
  SECTION("non-uniform DELR and DELC") {
    for (std::size_t j = 0; j < deck.grid.delr.size(); ++j) deck.grid.delr[j] *= 1.0 + 0.1 * static_cast<double>(j);
    deck.grid.delc.front() *= 0.5;
  }
  SECTION("non-uniform DELC only") { deck.grid.delc.back() *= 3.0; }
  SECTION("cell averaging and SS_CONFINED_ONLY") {
    deck.npf.cell_averaging = 2;
    deck.sto.ss_confined_only = true;
  }
  SECTION("THICKSTRT") {
    deck.npf.rewet = false;
    deck.npf.thickstrt = true;
    for (std::size_t n = 0; n < deck.grid.cells() / 2; ++n) deck.npf.icelltype[n] = -1;
  }
  SECTION("CHD changing after the first period") {
    deck = read_simulation(deck_path("test007_75x75"));  // three periods
    deck.observations.clear();
    bool changed = false;
    for (auto& p : deck.packages)
      if (p.type == PackageType::kChd && p.periods.size() == 3 && p.periods.front().size() > 1) {
        p.periods[1] = p.periods.front();
        p.periods[1].front().values[0] += 1.0;  // a value changed in period 2
        p.periods[1].pop_back();                 // a cell released in period 2
        changed = true;
      }
    REQUIRE(changed);
  }
  params::test::TempDir dir;
  const params::LoadedScenario loaded = import_and_load(deck, dir);
  require_same_model(loaded.model, to_model(deck).model);
  CHECK(loaded.warnings.empty());
}

TEST_CASE("import-mf6: numbers are written exactly and short", "[mf6][import]") {
  CHECK(exact_number(0.1) == "0.1");
  CHECK(exact_number(250.0) == "250");
  CHECK(exact_number(1e-5) == "1e-05");
  for (double x : {1.0 / 3.0, 2.0 / 3.0 * 1e-7, -123.456789012345678, 5e-324})
    CHECK(std::strtod(exact_number(x).c_str(), nullptr) == x);
}

}  // namespace aquifer::mf6
