// Observers that talk to the user: a progress line on long runs and the end-of-run summary.
#pragma once

#include <chrono>
#include <string>

#include "solver/budget.hpp"
#include "solver/simulation.hpp"

namespace aquifer::app {

// Logs "simulated <date> (<percent>), <steps/s>, ~<time left>" at most every few seconds
// (rank 0 only; other ranks log nothing).
class ProgressReporter final : public solver::SimulationObserver {
 public:
  ProgressReporter(double start_epoch_d, bool is_root);
  void on_step(const solver::StepRecord& record) override;

 private:
  using Clock = std::chrono::steady_clock;
  double start_epoch_d_;
  bool is_root_;
  Clock::time_point started_ = Clock::now();
  Clock::time_point last_print_ = Clock::now();
  int steps_ = 0;
};

// Accumulates volumes per budget component over the run, for the closing summary.
class BudgetSummary final : public solver::SimulationObserver {
 public:
  void on_step(const solver::StepRecord& record) override;
  // Multi-line text: volumes in/out per component, worst discrepancy, step counts.
  [[nodiscard]] std::string text() const;
  // Checkpoint and restart: the sums as exact text (hex floats), and back.
  [[nodiscard]] std::string state() const;
  void restore_state(const std::string& text);

 private:
  solver::WaterBudget volume_m3_;  // rates x dt summed (steady steps counted as 1 d)
  solver::WaterBudget last_rates_;
  double max_abs_discrepancy_percent_ = 0.0;
  int steps_ = 0;
  int newton_iterations_ = 0;
  int linear_iterations_ = 0;
  int retries_ = 0;
  bool transient_ = false;
};

}  // namespace aquifer::app
