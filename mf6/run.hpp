// What a run of an MF6 deck saves as MF6 would (mf6::OutputsObserver collects it from
// solver::Simulation): heads at the times Output Control names, the water budget of every
// time step and the continuous observations.
#pragma once

#include <string>
#include <vector>

#include "mf6/deck.hpp"

namespace aquifer::mf6 {

// One budget line: flow into (in) and out of (out) the model for one term [L^3/T].
struct BudgetTerm final {
  std::string term;     // STO-SS, STO-SY, CHD, WEL, RCHA, ...
  std::string package;  // package name
  double in = 0.0, out = 0.0;
};

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
};

// Time-step lengths of one stress period: delt1 = perlen (m - 1) / (m^nstp - 1), then x m.
std::vector<double> step_lengths(const StressPeriod& p);

}  // namespace aquifer::mf6
