// Runs an MF6 deck through every stress period and time step and collects what MF6 would
// save: heads at the times Output Control names, the water budget of every time step and
// the continuous observations.
#pragma once

#include <string>
#include <vector>

#include "mf6/deck.hpp"
#include "mf6/gwf_model.hpp"

namespace aquifer::mf6 {

struct SavedHeads final {
  int kper = 0, kstp = 0;  // 1-based
  double pertim = 0.0, totim = 0.0;
  std::vector<double> heads;  // MF6 order
};

struct StepBudget final {
  int kper = 0, kstp = 0;
  double totim = 0.0;
  std::vector<BudgetTerm> terms;
};

struct ObservationTable final {
  std::string file_name;
  int digits = 5;
  std::vector<std::string> names;
  std::vector<double> times;
  std::vector<std::vector<double>> rows;  // one per time step
};

struct RunResult final {
  std::vector<SavedHeads> heads;
  std::vector<StepBudget> budgets;
  std::vector<ObservationTable> observations;
  int total_outer_iterations = 0;
};

// Time-step lengths of one stress period: delt1 = perlen (m - 1) / (m^nstp - 1), then x m.
std::vector<double> step_lengths(const StressPeriod& p);

RunResult run_deck(const Deck& deck);

}  // namespace aquifer::mf6
