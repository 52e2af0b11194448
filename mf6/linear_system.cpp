#include "mf6/linear_system.hpp"

#include <petscksp.h>

#include <stdexcept>
#include <string>

namespace aquifer::mf6 {

namespace {
void check(PetscErrorCode ierr, const char* what) {
  if (ierr != 0) throw std::runtime_error(std::string("PETSc error in ") + what + " (code " + std::to_string(ierr) + ")");
}

// Owns the PETSc objects of one solve; destroys them in every case.
struct PetscObjects final {
  Mat a = nullptr;
  Vec b = nullptr, x = nullptr;
  KSP ksp = nullptr;
  PetscObjects() = default;
  PetscObjects(const PetscObjects&) = delete;
  PetscObjects& operator=(const PetscObjects&) = delete;
  ~PetscObjects() {
    KSPDestroy(&ksp);
    VecDestroy(&x);
    VecDestroy(&b);
    MatDestroy(&a);
  }
};
}  // namespace

double SparseRows::get(std::size_t row, std::size_t col) const {
  const auto it = rows_[row].find(col);
  return it == rows_[row].end() ? 0.0 : it->second;
}

std::vector<double> SparseRows::multiply(const std::vector<double>& x) const {
  std::vector<double> y(rows_.size(), 0.0);
  for (std::size_t r = 0; r < rows_.size(); ++r)
    for (const auto& [c, v] : rows_[r]) y[r] += v * x[c];
  return y;
}

std::vector<double> solve_linear(const SparseRows& a, const std::vector<double>& rhs) {
  const auto n = static_cast<PetscInt>(a.size());
  PetscObjects p;
  std::vector<PetscInt> nnz(a.size());
  for (std::size_t r = 0; r < a.size(); ++r) nnz[r] = static_cast<PetscInt>(a.row(r).size());
  check(MatCreateSeqAIJ(PETSC_COMM_SELF, n, n, 0, nnz.data(), &p.a), "MatCreateSeqAIJ");
  for (std::size_t r = 0; r < a.size(); ++r) {
    std::vector<PetscInt> cols;
    std::vector<PetscScalar> vals;
    for (const auto& [c, v] : a.row(r)) {
      cols.push_back(static_cast<PetscInt>(c));
      vals.push_back(v);
    }
    const auto row = static_cast<PetscInt>(r);
    check(MatSetValues(p.a, 1, &row, static_cast<PetscInt>(cols.size()), cols.data(), vals.data(), INSERT_VALUES),
          "MatSetValues");
  }
  check(MatAssemblyBegin(p.a, MAT_FINAL_ASSEMBLY), "MatAssemblyBegin");
  check(MatAssemblyEnd(p.a, MAT_FINAL_ASSEMBLY), "MatAssemblyEnd");
  check(VecCreateSeq(PETSC_COMM_SELF, n, &p.b), "VecCreateSeq");
  check(VecDuplicate(p.b, &p.x), "VecDuplicate");
  PetscScalar* bb = nullptr;
  check(VecGetArray(p.b, &bb), "VecGetArray");
  for (std::size_t r = 0; r < a.size(); ++r) bb[r] = rhs[r];
  check(VecRestoreArray(p.b, &bb), "VecRestoreArray");
  check(KSPCreate(PETSC_COMM_SELF, &p.ksp), "KSPCreate");
  check(KSPSetOperators(p.ksp, p.a, p.a), "KSPSetOperators");
  check(KSPSetType(p.ksp, KSPPREONLY), "KSPSetType");
  PC pc = nullptr;
  check(KSPGetPC(p.ksp, &pc), "KSPGetPC");
  check(PCSetType(pc, PCLU), "PCSetType");
  check(PCFactorSetMatOrderingType(pc, MATORDERINGND), "PCFactorSetMatOrderingType");
  check(KSPSolve(p.ksp, p.b, p.x), "KSPSolve (singular matrix?)");
  std::vector<double> x(a.size());
  const PetscScalar* xx = nullptr;
  check(VecGetArrayRead(p.x, &xx), "VecGetArrayRead");
  for (std::size_t r = 0; r < a.size(); ++r) x[r] = xx[r];
  check(VecRestoreArrayRead(p.x, &xx), "VecRestoreArrayRead");
  return x;
}

}  // namespace aquifer::mf6
