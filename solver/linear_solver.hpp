// The linear solver of each Newton iteration: a PETSc KSP under the options prefix "aq_".
//
// Defaults (measured, see bench/README.md) are inserted only for options the user has not set,
// so [solver] petsc_options and the command line override any of them:
//   symmetric systems (confined):   -aq_ksp_type cg
//   Newton systems (convertible):   -aq_ksp_type gmres
//   structured multigrid:           -aq_pc_type pfmg on a MATHYPRESTRUCT matrix
//   algebraic multigrid fallback:   -aq_pc_type hypre -aq_pc_hypre_type boomeramg (+ tuning)
// The matrix type follows the final -aq_pc_type: hypre's struct solvers (pfmg, smg, syspfmg)
// need MATHYPRESTRUCT, everything else gets MATAIJ.
#pragma once

#include <petscksp.h>

#include <string>

#include "solver/model.hpp"
#include "solver/petsc_util.hpp"

namespace aquifer::solver {

class LinearSolver final {
 public:
  // symmetric: the matrix is SPD (no convertible layers). inactive_fraction: share of
  // inactive cells, which decides PFMG vs BoomerAMG in "auto" mode.
  LinearSolver(DM dm, const SolverSettings& settings, bool symmetric, double inactive_fraction);

  // Created at its first use (the first assembly), not with the solver: a run releases the
  // model's per-cell inputs after setting up (app/run_command.cpp), and the matrix, the largest
  // array of the set-up, then reuses their memory instead of touching fresh pages.
  [[nodiscard]] Mat matrix() {
    if (!matrix_) create_matrix();
    return matrix_;
  }

  struct Result {
    bool converged = false;
    PetscInt iterations = 0;
    KSPConvergedReason reason = KSP_CONVERGED_ITERATING;
  };
  // Solves matrix() x = rhs. When the matrix was re-assembled since the preconditioner was
  // built, the old preconditioner is tried first (lagging: AMG set-up costs several solves);
  // it is rebuilt, and the solve repeated, when that solve fails or needs more than twice the
  // iterations of the last fresh one. An unchanged matrix always keeps its preconditioner.
  Result solve(Vec rhs, Vec x);

  // "auto" mode: PFMG stalled or failed, so switch to BoomerAMG on an AIJ matrix. The caller
  // must re-assemble matrix() afterwards. Returns false if no fallback is available.
  bool fall_back();

  // e.g. "cg + pfmg (hyprestruct)"
  [[nodiscard]] std::string description() const;

  // Iteration count above which an "auto" PFMG solve counts as stalled.
  static constexpr PetscInt kStallIterations = 150;
  // A solve counts as converged only if ||b - A x|| <= kTrueResidualFactor x rtol x ||b||
  // (or atol): preconditioned and true residual norms may differ by the conditioning.
  static constexpr double kTrueResidualFactor = 1e4;

 private:
  void insert_defaults(bool force_boomeramg);
  bool true_residual_ok(Vec rhs, Vec x);
  void create_ksp();     // the KSP from the options; the matrix comes later (matrix())
  void create_matrix();  // the matrix of the type the KSP's preconditioner needs

  DM dm_;
  SolverSettings settings_;
  bool symmetric_;
  bool fallen_back_ = false;
  bool structured_ = false;
  bool struct_grid_ok_ = true;
  bool preconditioner_built_ = false;
  PetscInt fresh_iterations_ = 0;  // iterations of the last solve with a fresh preconditioner
  MatOwner matrix_;
  KSPOwner ksp_;
  VecOwner work_;
};

}  // namespace aquifer::solver
