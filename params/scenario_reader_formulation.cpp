// TOML -> ScenarioSpec for two extensions that imported MODFLOW 6 decks need
// (docs/scenario-extensions.md): [formulation] (MF6's discretisation instead of this project's)
// and [[time.periods]] (stress periods with NSTP/TSMULT, steady or transient, and the steps
// whose heads are written).
#include <array>
#include <cmath>
#include <string_view>

#include "params/scenario_sections.hpp"

namespace aquifer::params {

std::vector<double> period_step_lengths(double length_d, int steps, double multiplier) {
  // Same expressions, in the same order, as MODFLOW 6's TDIS (and mf6::step_lengths), so an
  // imported deck steps through bit-identical times.
  std::vector<double> dt(static_cast<std::size_t>(steps));
  double first = length_d / steps;
  if (multiplier != 1.0) first = length_d * (1.0 - multiplier) / (1.0 - std::pow(multiplier, steps));
  for (int k = 0; k < steps; ++k) dt[static_cast<std::size_t>(k)] = first * std::pow(multiplier, k);
  return dt;
}

namespace {

// output = "all" | "first" | "last" | "none" | [step, ...] -> one flag per step.
std::vector<bool> output_steps(const TableReader& p, int steps) {
  std::vector<bool> out(static_cast<std::size_t>(steps), false);
  const toml::node* node = p.find("output");
  if (!node) {
    out.back() = true;  // default "last"
    return out;
  }
  const std::string expected = "expected \"all\", \"first\", \"last\", \"none\" or a list of step numbers "
                               "from 1 to " + std::to_string(steps);
  if (const auto* word = node->as_string()) {
    const std::string& w = word->get();
    if (w == "all") out.assign(out.size(), true);
    else if (w == "first") out.front() = true;
    else if (w == "last") out.back() = true;
    else if (w != "none") p.error("output", "\"" + w + "\" is not an output choice; " + expected);
    return out;
  }
  const auto* list = node->as_array();
  if (!list) {
    p.error("output", expected + ", got " + type_name(*node));
    return out;
  }
  int previous = 0;
  for (const auto& item : *list) {
    const auto step = item.value<std::int64_t>();
    if (!item.is_integer() || !step || *step < 1 || *step > steps || *step <= previous) {
      p.ctx().problems.error(p.ctx().pos(item), p.what("output") + ": " + expected +
                                                    ", in increasing order");
      continue;
    }
    previous = static_cast<int>(*step);
    out[static_cast<std::size_t>(*step - 1)] = true;
  }
  return out;
}

void read_period(const TableReader& p, solver::TimeControl& tc) {
  const auto length = p.quantity("length", QuantityKind::duration, Need::required);
  if (length && !(*length > 0)) p.error("length", "expected a positive duration such as \"30 d\"");
  const auto steps = p.integer("steps", Need::optional).value_or(1);
  if (steps < 1 || steps > 1000000) p.error("steps", "expected a number of time steps from 1 to 1000000");
  const auto multiplier = p.quantity("multiplier", QuantityKind::dimensionless, Need::optional).value_or(1.0);
  if (!(multiplier > 0) || !std::isfinite(multiplier))
    p.error("multiplier", "expected a step-length multiplier > 0 (1 = equal steps)");
  const bool steady = p.boolean("steady").value_or(false);
  if (!length || !(*length > 0) || steps < 1 || steps > 1000000 || !(multiplier > 0) || !std::isfinite(multiplier)) return;
  const auto flags = output_steps(p, static_cast<int>(steps));
  const auto dts = period_step_lengths(*length, static_cast<int>(steps), multiplier);
  for (std::size_t s = 0; s < dts.size(); ++s) {
    tc.steps.push_back({dts[s], steady, flags[s]});
    tc.end_d += dts[s];
  }
}

// cell_averaging = "harmonic" | "logarithmic" | "amt-lmk" | "amt-hmk" (MF6 NPF
// ALTERNATIVE_CELL_AVERAGING; Formulation::cell_averaging 0..3).
void read_cell_averaging(const TableReader& f, solver::Formulation& out) {
  const auto word = f.string("cell_averaging", Need::optional);
  if (!word) return;
  constexpr std::array<std::string_view, 4> kNames{"harmonic", "logarithmic", "amt-lmk", "amt-hmk"};
  for (std::size_t i = 0; i < kNames.size(); ++i)
    if (*word == kNames[i]) {
      out.cell_averaging = static_cast<int>(i);
      return;
    }
  f.error("cell_averaging", "\"" + *word + "\" is not a cell averaging; expected \"harmonic\", \"logarithmic\", "
                            "\"amt-lmk\" or \"amt-hmk\"");
}

// rewet = { wetfct = 1.0, iwetit = 1, ihdwet = 0 } (MF6 NPF REWET; [[layers]] wetdry per cell).
void read_rewet(const TableReader& f, solver::Formulation& out) {
  const toml::table* t = sub_table(f, "rewet", Need::optional);
  if (!t) return;
  const TableReader r(*t, "[formulation] rewet", f.ctx(), {"wetfct", "iwetit", "ihdwet"});
  if (out.newton) f.error("rewet", "does not apply with newton = true (MF6 NPF REWET is for the standard formulation)");
  out.rewet = true;
  const auto wetfct = r.quantity("wetfct", QuantityKind::dimensionless, Need::optional).value_or(1.0);
  if (!(wetfct > 0) || !std::isfinite(wetfct))
    r.error("wetfct", "expected a factor > 0 (the rewetted head is bottom + wetfct x (neighbour head - bottom))");
  else
    out.wetfct = wetfct;
  const auto iwetit = r.integer("iwetit", Need::optional).value_or(1);
  if (iwetit < 1 || iwetit > 1000000)
    r.error("iwetit", "expected an iteration interval from 1 to 1000000");
  else
    out.iwetit = static_cast<int>(iwetit);
  // MF6: 0 = the rewetted head from the neighbour's head, any other value = from the threshold.
  const auto ihdwet = r.integer("ihdwet", Need::optional).value_or(0);
  if (ihdwet < -1000000 || ihdwet > 1000000)
    r.error("ihdwet", "expected 0 (head from the neighbour) or 1 (head from the threshold |wetdry|)");
  else
    out.ihdwet = static_cast<int>(ihdwet);
}

}  // namespace

void read_time_periods(const TableReader& time, ScenarioSpec& spec) {
  solver::TimeControl& tc = spec.time;
  const auto periods = time.tables("periods");
  if (periods.empty() && time.find("periods")->is_array()) {
    time.error("periods", "is empty; expected at least one [[time.periods]] table");
  }
  if (spec.initial.kind == InitialSpec::Kind::steady)
    time.error("periods", "replace [initial] head = \"steady\", which explicit periods do not use, by a first "
                          "period with steady = true");
  tc.end_d = 0.0;
  for (std::size_t i = 0; i < periods.size(); ++i) {
    const TableReader p(*periods[i], "[[time.periods]] #" + std::to_string(i + 1), time.ctx(),
                        {"length", "steps", "multiplier", "steady", "output"});
    read_period(p, tc);
  }
}

void read_formulation(const TableReader& root, ScenarioSpec& spec) {
  const toml::table* t = sub_table(root, "formulation", Need::optional);
  if (!t) return;
  const TableReader f(*t, "[formulation]", root.ctx(),
                      {"kind", "newton", "variable_cv", "dewatered", "perched", "storage_coefficient",
                       "ss_confined_only", "cell_averaging", "rewet"});
  spec.formulation_pos = f.pos();
  solver::Formulation& out = spec.formulation;
  const std::string kind = f.string("kind", Need::required).value_or("aquifer");
  if (kind == "mf6") {
    out.mf6 = true;
  } else if (kind != "aquifer") {
    f.error("kind", "\"" + kind + "\" is not a formulation; expected \"aquifer\" (this project's) or "
                                  "\"mf6\" (MODFLOW 6's)");
  }
  struct Flag final {
    const char* key;
    bool* value;
  };
  for (const Flag& flag : {Flag{"newton", &out.newton}, Flag{"variable_cv", &out.variable_cv},
                           Flag{"dewatered", &out.dewatered}, Flag{"perched", &out.perched},
                           Flag{"storage_coefficient", &out.storage_coefficient},
                           Flag{"ss_confined_only", &out.ss_confined_only}}) {
    if (!f.has(flag.key)) continue;
    if (kind != "mf6") {
      f.error(flag.key, "only applies to kind = \"mf6\"");
      continue;
    }
    *flag.value = f.boolean(flag.key).value_or(false);
  }
  if (out.dewatered && !out.variable_cv)
    f.error("dewatered", "needs variable_cv = true (MF6: VARIABLECV DEWATERED)");
  for (const char* key : {"cell_averaging", "rewet"})
    if (f.has(key) && kind != "mf6") f.error(key, "only applies to kind = \"mf6\"");
  if (kind != "mf6") return;
  read_cell_averaging(f, out);
  read_rewet(f, out);
}

}  // namespace aquifer::params
