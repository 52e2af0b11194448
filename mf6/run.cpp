#include "mf6/run.hpp"

#include <spdlog/spdlog.h>

#include <cmath>

namespace aquifer::mf6 {

std::vector<double> step_lengths(const StressPeriod& p) {
  std::vector<double> dt(static_cast<std::size_t>(p.steps));
  double first = p.length / p.steps;
  if (p.multiplier != 1.0) first = p.length * (1.0 - p.multiplier) / (1.0 - std::pow(p.multiplier, p.steps));
  for (int k = 0; k < p.steps; ++k) dt[static_cast<std::size_t>(k)] = first * std::pow(p.multiplier, k);
  return dt;
}

namespace {

std::vector<double> observe(const ObservationFile& f, const GwfModel& model, const std::vector<double>& heads,
                            const std::vector<double>& strt) {
  std::vector<double> row;
  for (const auto& ob : f.observations) {
    if (ob.type == "HEAD") row.push_back(heads[ob.node]);
    else if (ob.type == "DRAWDOWN") row.push_back(strt[ob.node] - heads[ob.node]);
    else row.push_back(model.package_flow(ob.package, ob.boundname, ob.node, ob.by_boundname));
  }
  return row;
}

}  // namespace

RunResult run_deck(const Deck& deck) {
  RunResult result;
  for (const auto& f : deck.observations) {
    ObservationTable t;
    t.file_name = f.file_name;
    t.digits = f.digits;
    for (const auto& ob : f.observations) t.names.push_back(ob.name);
    result.observations.push_back(std::move(t));
  }
  GwfModel model(deck);
  double totim = 0.0;
  for (std::size_t p = 0; p < deck.periods.size(); ++p) {
    const bool steady = !deck.sto.present || deck.sto.steady[p];
    const auto dts = step_lengths(deck.periods[p]);
    double pertim = 0.0;
    for (std::size_t s = 0; s < dts.size(); ++s) {
      const int iterations = model.solve_step(static_cast<int>(p), dts[s], steady);
      result.total_outer_iterations += iterations;
      pertim += dts[s];
      totim += dts[s];
      const int kper = static_cast<int>(p) + 1, kstp = static_cast<int>(s) + 1;
      spdlog::debug("MF6 period {} step {}: {} outer iterations", kper, kstp, iterations);
      const auto heads = model.heads_for_output();
      if (deck.save_head[p].saves(kstp, deck.periods[p].steps))
        result.heads.push_back(SavedHeads{kper, kstp, pertim, totim, heads});
      result.budgets.push_back(StepBudget{kper, kstp, totim, model.budget()});
      for (std::size_t f = 0; f < deck.observations.size(); ++f) {
        result.observations[f].times.push_back(totim);
        result.observations[f].rows.push_back(observe(deck.observations[f], model, heads, deck.strt));
      }
    }
  }
  return result;
}

}  // namespace aquifer::mf6
