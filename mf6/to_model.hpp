// Translates a MODFLOW 6 deck into this project's solver::Model, to be solved by
// solver::Simulation (the PETSc DMDA solver) with Model::formulation.mf6 set.
//
// Rows: MF6 row 0 is the NORTHERN row, solver::Model row 0 the SOUTHERN one, so MF6 row i
// becomes row nrow-1-i (DIS xorigin/yorigin is the lower-left corner in both).
// Stress periods become explicit steps (TimeControl::steps: TDIS lengths, multipliers and the
// STO steady/transient flag of each period); per-period list data becomes wells with
// piecewise-constant rates, recharge sets active during their period, and head-dependent
// cells with an active window. Every boundary package is one Model::boundary_groups entry so
// its inflow and outflow are accounted separately (MF6's budget terms).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "mf6/deck.hpp"
#include "solver/model.hpp"

namespace aquifer::mf6 {

struct StepInfo final {
  int kper = 0, kstp = 0;  // 1-based
  double pertim = 0.0, totim = 0.0;
  bool save_head = false;
};

struct Translation final {
  solver::Model model;
  std::vector<StepInfo> steps;               // one per Model::time.steps entry
  std::vector<int> package_group;            // Deck::packages index -> boundary group
  std::vector<std::size_t> model_cell;       // MF6 node -> solver::Model cell index
  struct WellKey final {
    int package = -1;
    std::size_t node = 0;
    std::string boundname;
  };
  std::vector<WellKey> wells;  // per Model::wells entry
};

// The model of a deck read by read_simulation (which refuses what solver/ cannot run).
[[nodiscard]] Translation to_model(const Deck& deck);

}  // namespace aquifer::mf6
