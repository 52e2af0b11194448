// The translated / ignored lists of an MF6 import (scenario_notes.hpp).
#include "mf6/scenario_notes.hpp"

#include <set>
#include <vector>

#include "mf6/scenario_writer.hpp"

namespace aquifer::mf6 {
namespace {

std::string yes(bool b) { return b ? "yes" : "no"; }

std::vector<std::string> translated(const Deck& deck) {
  const Grid& g = deck.grid;
  std::vector<std::string> out;
  out.push_back("DIS: NLAY " + std::to_string(g.nlay) + ", NROW " + std::to_string(g.nrow) + ", NCOL " +
                std::to_string(g.ncol) + " -> [grid] nx, ny and one [[layers]] table per layer; DELR/DELC -> dx/dy; "
                "XORIGIN/YORIGIN -> x0/y0; TOP/BOTM -> top/bottom; IDOMAIN -> [[layers]] active; MF6 row 1 (north) "
                "is row " + std::to_string(g.nrow) + " here (rasters: first line = north)");
  out.push_back("TDIS: " + std::to_string(deck.periods.size()) + (deck.periods.size() == 1 ? " stress period" : " stress periods") +
                " (PERLEN, NSTP, TSMULT) -> [[time.periods]] length, steps, multiplier");
  out.push_back("IC: STRT -> [initial] head");
  out.push_back("NPF: ICELLTYPE -> [[layers]] type; K -> k; K22 -> k_y (when it differs from K); K33 -> k_vertical; "
                "VARIABLECV " + yes(deck.npf.variable_cv) + ", DEWATERED " + yes(deck.npf.dewatered) + ", PERCHED " +
                yes(deck.npf.perched) + " -> [formulation]");
  if (deck.sto.present)
    out.push_back("STO: SS -> ss, SY -> sy, ICONVERT -> storage_type (when it differs from type), STEADY-STATE/"
                  "TRANSIENT -> [[time.periods]] steady; STORAGECOEFFICIENT " + yes(deck.sto.storage_coefficient) +
                  " -> [formulation] storage_coefficient");
  else
    out.push_back("no STO package: every period steady, ss = sy = 0");
  out.push_back(std::string("GWF name file: NEWTON ") + yes(deck.newton) + " -> [formulation] newton");
  for (const auto& p : deck.packages) {
    std::string what = p.name + " (" + p.ftype + "): stress-period lists -> ";
    switch (p.type) {
      case PackageType::kChd: what += "[[boundary]] kind = \"constant_head\", list"; break;
      case PackageType::kWel:
        what += "[[wells]] list (one rate per stress period)";
        if (p.auto_flow_reduce) what += "; AUTO_FLOW_REDUCE " + exact_number(p.flow_reduce) +
                                        (p.flow_reduce_length ? " (FLOW_REDUCTION_LENGTH) -> flow_reduction_length"
                                                              : " -> flow_reduction");
        break;
      case PackageType::kRch: what += "[[recharge]] list (rate per cell, one window per stress period)"; break;
      case PackageType::kGhb: what += "[[boundary]] kind = \"general_head\", list"; break;
      case PackageType::kRiv: what += "[[boundary]] kind = \"river\", list"; break;
      case PackageType::kDrn: what += "[[boundary]] kind = \"drain\", list"; break;
    }
    if (p.aux_multiplier >= 0) what += "; AUXMULTNAME applied to the values";
    if (p.type == PackageType::kRch && !p.fixed_cell) what += "; no FIXED_CELL -> pass_down = true";
    out.push_back(what);
  }
  out.push_back("OC: SAVE HEAD -> [[time.periods]] output");
  return out;
}

// List rows of the translated model in cells outside IDOMAIN: not written (no effect).
std::size_t rows_in_inactive_cells(const solver::Model& m) {
  const auto inactive = [&](std::int64_t cell) { return m.properties.active[static_cast<std::size_t>(cell)] == 0; };
  std::size_t n = 0;
  for (const auto& h : m.head_dependent) n += inactive(h.cell) ? 1 : 0;
  for (const auto& w : m.wells) n += inactive(w.cells.front().cell) ? 1 : 0;
  for (const auto& r : m.recharge)
    for (const auto& c : r.columns) n += inactive(c.column) ? 1 : 0;
  return n;
}

std::vector<std::string> ignored(const Deck& deck, const Translation& t) {
  std::vector<std::string> out;
  out.push_back("units: LENGTH_UNITS " + deck.grid.length_units + ", TIME_UNITS " + deck.time_units +
                " are written as m and d unchanged (heads are the same in any consistent units)");
  if (deck.grid.angrot != 0.0) out.push_back("DIS ANGROT " + exact_number(deck.grid.angrot) + " (the grid is not rotated)");
  out.push_back("IMS: OUTER_DVCLOSE " + exact_number(deck.ims.outer_dvclose) + " and OUTER_MAXIMUM " +
                std::to_string(deck.ims.outer_maximum) + "; [solver] converges far tighter instead");
  if (deck.newton_under_relaxation) out.push_back("NEWTON UNDER_RELAXATION (not needed by the solver)");
  out.push_back("OC: SAVE BUDGET and PRINT settings, if any (budget.csv is written every step)");
  for (const auto& f : deck.observations)
    out.push_back("OBS: " + f.file_name + " (" + std::to_string(f.observations.size()) +
                  " observations; add [[observation_wells]] by hand)");
  bool boundnames = false;
  for (const auto& p : deck.packages)
    for (const auto& per : p.periods)
      for (const auto& e : per) boundnames = boundnames || !e.boundname.empty();
  if (boundnames) out.push_back("BOUNDNAMES (used by OBS only)");
  for (const auto& n : deck.notes) out.push_back(n);
  if (const std::size_t n = rows_in_inactive_cells(t.model); n > 0)
    out.push_back(std::to_string(n) + " boundary, well or recharge entries in cells outside IDOMAIN (no effect in MF6 either)");
  return out;
}

}  // namespace

std::string header_comment(const Deck& deck, const Translation& t, const std::string& source) {
  std::string s = "# Imported from the MODFLOW 6 simulation " + source + " (model " + deck.model_name +
                  ") by `aquifer import-mf6`.\n# `aquifer run scenario.toml` solves the same equations as "
                  "`aquifer run mfsim.nam`. Keys beyond the scenario contract: docs/scenario-extensions.md.\n"
                  "# Translated:\n";
  for (const auto& line : translated(deck)) s += "#   " + line + "\n";
  s += "# Ignored:\n";
  for (const auto& line : ignored(deck, t)) s += "#   " + line + "\n";
  return s;
}

std::string import_notes(const Deck& deck, const Translation& t, const std::string& source) {
  std::string s = "# Import notes\n\nscenario.toml was written by `aquifer import-mf6` from the MODFLOW 6 simulation `" +
                  source + "` (GWF model `" + deck.model_name +
                  "`).\n\nRun it with `aquifer run scenario.toml` (heads in out/heads.h5; MF6 row 1 is the last row "
                  "there, row " + std::to_string(deck.grid.nrow) + " of the scenario).\n\n## Translated\n\n";
  for (const auto& line : translated(deck)) s += "- " + line + "\n";
  s += "\n## Ignored (not part of the scenario)\n\n";
  for (const auto& line : ignored(deck, t)) s += "- " + line + "\n";
  return s;
}

}  // namespace aquifer::mf6
