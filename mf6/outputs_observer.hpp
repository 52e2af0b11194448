// Collects, from a solver::Simulation run of a translated MF6 deck, what MODFLOW 6 would
// save: heads at the steps Output Control names (MF6 order, 1e30 outside IDOMAIN, -1e30 for
// dry cells), the budget of every step per MF6 term and package, and the continuous
// observations. Rank 0 holds the results; the writers are in app/mf6_command.cpp.
#pragma once

#include "mf6/deck.hpp"
#include "mf6/run.hpp"
#include "mf6/to_model.hpp"
#include "solver/simulation.hpp"

namespace aquifer::mf6 {

class OutputsObserver final : public solver::SimulationObserver {
 public:
  OutputsObserver(const Deck& deck, const Translation& translation);
  [[nodiscard]] bool needs_heads_every_step() const override { return true; }
  void on_step(const solver::StepRecord& record) override;
  void on_step_heads(const solver::StepRecord& record, const std::vector<double>& heads_m) override;
  [[nodiscard]] const RunResult& result() const { return result_; }

 private:
  [[nodiscard]] std::vector<double> observe(const std::vector<double>& heads_mf6) const;

  const Deck& deck_;
  const Translation& t_;
  RunResult result_;
  solver::StressAccounting last_accounting_;
};

}  // namespace aquifer::mf6
