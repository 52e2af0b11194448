#include "solver/linear_solver.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <string_view>
#include <utility>

namespace aquifer::solver {

namespace {

constexpr const char* kPrefix = "aq_";

bool option_is_set(const char* name) {
  PetscBool has = PETSC_FALSE;
  AQ_PETSC(PetscOptionsHasName(nullptr, nullptr, name, &has));
  return has == PETSC_TRUE;
}

// Sets name=value unless the user already set it (or always, with force).
void set_default(const char* name, const char* value, bool force = false) {
  if (force || !option_is_set(name)) AQ_PETSC(PetscOptionsSetValue(nullptr, name, value));
}

std::string option_string(const char* name) {
  std::array<char, 256> buf{};
  PetscBool set = PETSC_FALSE;
  AQ_PETSC(PetscOptionsGetString(nullptr, nullptr, name, buf.data(), buf.size(), &set));
  return set ? std::string(buf.data()) : std::string();
}

// BoomerAMG settings measured as the fastest robust choice for 3D aquifer problems with
// strong K contrasts (issue #2, bench/README.md).
constexpr std::array<std::pair<const char*, const char*>, 9> kBoomerAmgOptions = {{
    {"-aq_pc_type", "hypre"},
    {"-aq_pc_hypre_type", "boomeramg"},
    {"-aq_pc_hypre_boomeramg_strong_threshold", "0.5"},
    {"-aq_pc_hypre_boomeramg_coarsen_type", "HMIS"},
    {"-aq_pc_hypre_boomeramg_interp_type", "ext+i"},
    {"-aq_pc_hypre_boomeramg_P_max", "4"},
    {"-aq_pc_hypre_boomeramg_agg_nl", "1"},
    {"-aq_pc_hypre_boomeramg_relax_type_down", "SOR/Jacobi"},
    {"-aq_pc_hypre_boomeramg_relax_type_up", "backward-SOR/Jacobi"},
}};

}  // namespace

LinearSolver::LinearSolver(DM dm, const SolverSettings& settings, bool symmetric,
                           double inactive_fraction)
    : dm_(dm), settings_(settings), symmetric_(symmetric) {
  if (settings_.linear_solver == "auto" && inactive_fraction > 0.0) {
    // Identity rows of inactive cells break PFMG's geometric coarsening in irregular domains.
    settings_.linear_solver = "boomeramg";
  }
  // PETSc's MATHYPRESTRUCT identifies a stencil entry by its index offset, which is ambiguous
  // when a grid dimension is 1 (a layer offset nx*ny equals a row offset nx when ny = 1).
  PetscInt nx = 0, ny = 0, nz = 0;
  AQ_PETSC(DMDAGetInfo(dm_, nullptr, &nx, &ny, &nz, nullptr, nullptr, nullptr, nullptr, nullptr,
                       nullptr, nullptr, nullptr, nullptr));
  struct_grid_ok_ = nx > 1 && (ny > 1 || nz == 1);
  if (!struct_grid_ok_ && (settings_.linear_solver == "auto" || settings_.linear_solver == "pfmg")) {
    if (settings_.linear_solver == "pfmg")
      spdlog::warn("PFMG needs at least 2 columns and 2 rows in multi-layer grids; using BoomerAMG");
    settings_.linear_solver = "boomeramg";
  }
  insert_defaults(false);
  create_ksp();
}

void LinearSolver::insert_defaults(bool force_boomeramg) {
  set_default("-aq_ksp_type", symmetric_ ? "cg" : "gmres");
  set_default("-aq_ksp_rtol", "1e-10");
  set_default("-aq_ksp_max_it", "1000");
  const std::string& mode = settings_.linear_solver;
  if (force_boomeramg || mode == "boomeramg") {
    for (const auto& [name, value] : kBoomerAmgOptions) set_default(name, value, force_boomeramg);
  } else if (mode == "auto" || mode == "pfmg") {
    set_default("-aq_pc_type", "pfmg");
    set_default("-aq_pc_pfmg_rap_type", "Galerkin");
    // Red/black Gauss-Seidel smoothing (symmetric for CG) halves the iterations of PFMG's
    // default weighted Jacobi at about the same cost per cycle (docs/numerics.md).
    set_default("-aq_pc_pfmg_relax_type", symmetric_ ? "symmetric-Red/Black-Gauss-Seidel"
                                                     : "Red/Black-Gauss-Seidel");
  }
  // mode "user": the options database alone decides.
}

void LinearSolver::create_ksp() {
  const std::string pc = option_string("-aq_pc_type");
  structured_ = pc == "pfmg" || pc == "smg" || pc == "syspfmg";
  if (structured_ && !struct_grid_ok_)
    throw std::runtime_error("-aq_pc_type " + pc + " needs a grid with at least 2 columns, and 2 rows "
                             "when it has several layers; choose another preconditioner");
  matrix_.reset();
  AQ_PETSC(KSPCreate(PetscObjectComm(reinterpret_cast<PetscObject>(dm_)), ksp_.out()));
  AQ_PETSC(KSPSetOptionsPrefix(ksp_, kPrefix));
  AQ_PETSC(KSPSetFromOptions(ksp_));
  preconditioner_built_ = false;
}

void LinearSolver::create_matrix() {
  AQ_PETSC(DMSetMatType(dm_, structured_ ? MATHYPRESTRUCT : MATAIJ));
  AQ_PETSC(DMCreateMatrix(dm_, matrix_.out()));
  AQ_PETSC(KSPSetOperators(ksp_, matrix_, matrix_));
}

LinearSolver::Result LinearSolver::solve(Vec rhs, Vec x) {
  auto run = [&](bool reuse) {
    Result r;
    AQ_PETSC(KSPSetReusePreconditioner(ksp_, reuse ? PETSC_TRUE : PETSC_FALSE));
    AQ_PETSC(KSPSolve(ksp_, rhs, x));
    AQ_PETSC(KSPGetIterationNumber(ksp_, &r.iterations));
    AQ_PETSC(KSPGetConvergedReason(ksp_, &r.reason));
    r.converged = r.reason > 0 && true_residual_ok(rhs, x);
    return r;
  };
  if (!preconditioner_built_) {
    const Result r = run(false);
    preconditioner_built_ = true;
    fresh_iterations_ = r.iterations;
    return r;
  }
  Result r = run(true);
  if (r.converged && r.iterations <= 2 * fresh_iterations_ + 2) return r;
  const PetscInt lagged_iterations = r.iterations;
  r = run(false);
  r.iterations += lagged_iterations;
  fresh_iterations_ = r.iterations - lagged_iterations;
  return r;
}

bool LinearSolver::true_residual_ok(Vec rhs, Vec x) {
  // Krylov methods stop on the preconditioned residual; a preconditioner that is singular or
  // stale can make that vanish while b - A x does not (seen with a dried-out well cell).
  PetscReal rtol = 0.0, atol = 0.0, dtol = 0.0;
  PetscInt max_it = 0;
  AQ_PETSC(KSPGetTolerances(ksp_, &rtol, &atol, &dtol, &max_it));
  if (!work_) AQ_PETSC(VecDuplicate(rhs, work_.out()));
  AQ_PETSC(MatMult(matrix_, x, work_));
  AQ_PETSC(VecAYPX(work_, -1.0, rhs));
  PetscReal r_norm = 0.0, b_norm = 0.0;
  AQ_PETSC(VecNorm(work_, NORM_2, &r_norm));
  AQ_PETSC(VecNorm(rhs, NORM_2, &b_norm));
  return r_norm <= std::max(kTrueResidualFactor * rtol * b_norm, atol);
}

bool LinearSolver::fall_back() {
  if (fallen_back_ || settings_.linear_solver != "auto") return false;
  fallen_back_ = true;
  insert_defaults(true);
  create_ksp();
  return true;
}

std::string LinearSolver::description() const {
  KSPType ksp_type = nullptr;
  PC pc = nullptr;
  PCType pc_type = nullptr;
  AQ_PETSC(KSPGetType(ksp_, &ksp_type));
  AQ_PETSC(KSPGetPC(ksp_, &pc));
  AQ_PETSC(PCGetType(pc, &pc_type));
  std::string d = std::string(ksp_type ? ksp_type : "?") + " + " + (pc_type ? pc_type : "?");
  if (std::string_view(pc_type ? pc_type : "") == "hypre") d += " " + option_string("-aq_pc_hypre_type");
  d += structured_ ? " (hyprestruct)" : " (aij)";
  return d;
}

}  // namespace aquifer::solver
