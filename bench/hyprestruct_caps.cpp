// What MATHYPRESTRUCT + PCPFMG in this PETSc (3.18, Debian hypre 2.26) can do, probed on a
// small version of the benchmark problem against an AIJ matrix assembled identically.
// Prints one "PASS|FAIL|ERROR name: detail" line per capability; see bench/README.md.
//
//   mpirun -n 2 ./hyprestruct_caps [-nx 24 -ny 20 -nz 12] [-inactive_fraction 0.3]
//          [-caps_pc_pfmg_relax_type ...]   (options of the PFMG solves, prefix caps_)
//
// The probes call Mat operations that may be unsupported; those calls run under
// PetscReturnErrorHandler and their error code is reported instead of aborting. Every other
// PETSc call is checked with PetscCall.
#include <petscdmda.h>
#include <petscksp.h>

#include "benchmark_problem.hpp"

namespace {

// Runs a PETSc call expected to maybe fail; reports it, never aborts.
#define PROBE(name, expr)                                                          \
  do {                                                                             \
    PetscCall(PetscPushErrorHandler(PetscReturnErrorHandler, nullptr));            \
    const PetscErrorCode probe_ierr_ = (expr);                                     \
    PetscCall(PetscPopErrorHandler());                                             \
    PetscCall(report_probe(name, probe_ierr_));                                    \
  } while (0)

PetscErrorCode report_probe(const char* name, PetscErrorCode ierr) {
  const char* text = nullptr;
  char* specific = nullptr;
  PetscFunctionBeginUser;
  if (ierr == 0) {
    PetscCall(PetscPrintf(PETSC_COMM_WORLD, "OK    %s: no error\n", name));
  } else {
    PetscCall(PetscErrorMessage(ierr, &text, &specific));
    PetscCall(PetscPrintf(PETSC_COMM_WORLD, "ERROR %s: code %d, %s: %s\n", name, (int)ierr,
                          text ? text : "", specific ? specific : ""));
  }
  PetscFunctionReturn(0);
}

// ||H x - A x|| / ||A x|| for a fixed random x.
PetscErrorCode compare_mult(Mat H, Mat A, Vec x, const char* name, PetscReal tol) {
  Vec yh, ya;
  PetscReal diff, ref;
  PetscFunctionBeginUser;
  PetscCall(VecDuplicate(x, &yh));
  PetscCall(VecDuplicate(x, &ya));
  PetscCall(MatMult(H, x, yh));
  PetscCall(MatMult(A, x, ya));
  PetscCall(VecNorm(ya, NORM_2, &ref));
  PetscCall(VecAXPY(yh, -1.0, ya));
  PetscCall(VecNorm(yh, NORM_2, &diff));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "%s %s: |Hx-Ax|/|Ax| = %.2e\n",
                        diff <= tol * ref ? "PASS " : "FAIL ", name, (double)(diff / ref)));
  PetscCall(VecDestroy(&yh));
  PetscCall(VecDestroy(&ya));
  PetscFunctionReturn(0);
}

// |H x| after an operation that should have zeroed H.
PetscErrorCode report_norm_after_zeroing(Mat H, Vec x, const char* how) {
  Vec y;
  PetscReal n;
  PetscFunctionBeginUser;
  PetscCall(VecDuplicate(x, &y));
  PetscCall(MatMult(H, x, y));
  PetscCall(VecNorm(y, NORM_2, &n));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "%s %s zeroes the assembled matrix: |H x| = %.3g afterwards\n",
                        n == 0.0 ? "PASS " : "FAIL ", how, (double)n));
  PetscCall(VecDestroy(&y));
  PetscFunctionReturn(0);
}

// Zeroes every entry of the rows this rank owns (all 7 stencil entries, diagonal 0).
PetscErrorCode zero_all_local_rows(DM da, Mat H) {
  PetscInt xs, ys, zs, xm, ym, zm, n = 0;
  MatStencil* rows;
  PetscFunctionBeginUser;
  PetscCall(DMDAGetCorners(da, &xs, &ys, &zs, &xm, &ym, &zm));
  PetscCall(PetscMalloc1(xm * ym * zm, &rows));
  for (PetscInt k = zs; k < zs + zm; ++k)
    for (PetscInt j = ys; j < ys + ym; ++j)
      for (PetscInt i = xs; i < xs + xm; ++i) rows[n++] = MatStencil{k, j, i, 0};
  PetscCall(MatZeroRowsStencil(H, n, rows, 0.0, nullptr, nullptr));
  PetscCall(PetscFree(rows));
  PetscFunctionReturn(0);
}

// Face-based ADD_VALUES assembly (each rank adds both rows of the faces east/north/below of
// its cells, so rows owned by the neighbouring rank are touched): hyprestruct vs AIJ.
PetscErrorCode check_face_assembly_with_ghost_rows(DM da, Vec x) {
  Mat M[2];
  PetscInt xs, ys, zs, xm, ym, zm, nx, ny, nz;
  PetscFunctionBeginUser;
  PetscCall(DMDAGetInfo(da, nullptr, &nx, &ny, &nz, nullptr, nullptr, nullptr, nullptr, nullptr,
                        nullptr, nullptr, nullptr, nullptr));
  PetscCall(DMDAGetCorners(da, &xs, &ys, &zs, &xm, &ym, &zm));
  PetscCall(DMSetMatType(da, MATHYPRESTRUCT));
  PetscCall(DMCreateMatrix(da, &M[0]));
  PetscCall(DMSetMatType(da, MATAIJ));
  PetscCall(DMCreateMatrix(da, &M[1]));
  for (Mat m : M) {
    for (PetscInt k = zs; k < zs + zm; ++k)
      for (PetscInt j = ys; j < ys + ym; ++j)
        for (PetscInt i = xs; i < xs + xm; ++i) {
          const PetscInt nb[3][3] = {{i + 1, j, k}, {i, j + 1, k}, {i, j, k + 1}};
          const PetscScalar storage = 1.0;
          MatStencil me = {k, j, i, 0};
          PetscCall(MatSetValuesStencil(m, 1, &me, 1, &me, &storage, ADD_VALUES));
          for (const auto& q : nb) {
            if (q[0] >= nx || q[1] >= ny || q[2] >= nz) continue;
            const MatStencil rc[2] = {me, {q[2], q[1], q[0], 0}};
            const PetscScalar c = bench::k_horizontal(k, j, i);
            const PetscScalar v[4] = {c, -c, -c, c};
            PetscCall(MatSetValuesStencil(m, 2, rc, 2, rc, v, ADD_VALUES));
          }
        }
    PetscCall(MatAssemblyBegin(m, MAT_FINAL_ASSEMBLY));
    PetscCall(MatAssemblyEnd(m, MAT_FINAL_ASSEMBLY));
  }
  PetscCall(compare_mult(M[0], M[1], x, "face-based ADD_VALUES touching rows of other ranks", 1e-14));
  PetscCall(MatDestroy(&M[0]));
  PetscCall(MatDestroy(&M[1]));
  PetscFunctionReturn(0);
}

// Solves H x = b with CG+PFMG (prefix caps_) and compares x with the reference solution.
PetscErrorCode check_pfmg_solve(KSP ksp, Mat H, Vec b, Vec x_ref, PetscBool reuse_pc,
                                const char* name) {
  Vec x;
  PetscInt its;
  PetscReal err, ref;
  KSPConvergedReason reason;
  PetscFunctionBeginUser;
  PetscCall(VecDuplicate(b, &x));
  PetscCall(KSPSetOperators(ksp, H, H));
  PetscCall(KSPSetReusePreconditioner(ksp, reuse_pc));
  PetscCall(KSPSolve(ksp, b, x));
  PetscCall(KSPGetIterationNumber(ksp, &its));
  PetscCall(KSPGetConvergedReason(ksp, &reason));
  PetscCall(VecNorm(x_ref, NORM_INFINITY, &ref));
  PetscCall(VecAXPY(x, -1.0, x_ref));
  PetscCall(VecNorm(x, NORM_INFINITY, &err));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "%s %s: %s in %" PetscInt_FMT " its, max|x-x_ref|/max|x_ref| = %.2e\n",
                        reason > 0 && err < 1e-6 * ref ? "PASS " : "FAIL ", name,
                        KSPConvergedReasons[reason], its, (double)(err / ref)));
  PetscCall(VecDestroy(&x));
  PetscFunctionReturn(0);
}

// Reference solution with AIJ + CG + BoomerAMG to 1e-12.
PetscErrorCode reference_solve(Mat A, Vec b, Vec x) {
  KSP ksp;
  PC pc;
  PetscFunctionBeginUser;
  PetscCall(KSPCreate(PETSC_COMM_WORLD, &ksp));
  PetscCall(KSPSetOperators(ksp, A, A));
  PetscCall(KSPSetType(ksp, KSPCG));
  PetscCall(KSPGetPC(ksp, &pc));
  PetscCall(PCSetType(pc, PCHYPRE));
  PetscCall(KSPSetTolerances(ksp, 1e-12, 0.0, PETSC_DEFAULT, 1000));
  PetscCall(KSPSetNormType(ksp, KSP_NORM_UNPRECONDITIONED));
  PetscCall(KSPSolve(ksp, b, x));
  PetscCall(KSPDestroy(&ksp));
  PetscFunctionReturn(0);
}

// PFMG as a linear operator: same output twice (no state kept between applications), and
// symmetric (<y, P x> = <P y, x>), which CG needs.
PetscErrorCode check_pc_properties(KSP ksp, Vec x, Vec y) {
  PC pc;
  Vec px, px2, py;
  PetscScalar a, c;
  PetscReal d, n;
  PetscFunctionBeginUser;
  PetscCall(KSPSetUp(ksp));
  PetscCall(KSPGetPC(ksp, &pc));
  PetscCall(VecDuplicate(x, &px));
  PetscCall(VecDuplicate(x, &px2));
  PetscCall(VecDuplicate(x, &py));
  PetscCall(PCApply(pc, x, px));
  PetscCall(PCApply(pc, y, py));
  PetscCall(PCApply(pc, x, px2));
  PetscCall(VecNorm(px, NORM_2, &n));
  PetscCall(VecAXPY(px2, -1.0, px));
  PetscCall(VecNorm(px2, NORM_2, &d));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "%s PCApply repeatable: |P x - P x| / |P x| = %.2e\n",
                        d <= 1e-14 * n ? "PASS " : "FAIL ", (double)(d / n)));
  PetscCall(VecDot(y, px, &a));
  PetscCall(VecDot(py, x, &c));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD, "%s PFMG symmetric: |<y,Px> - <Py,x>| / |<y,Px>| = %.2e\n",
                        PetscAbsScalar(a - c) <= 1e-10 * PetscAbsScalar(a) ? "PASS " : "FAIL ",
                        (double)(PetscAbsScalar(a - c) / PetscAbsScalar(a))));
  PetscCall(VecDestroy(&px));
  PetscCall(VecDestroy(&px2));
  PetscCall(VecDestroy(&py));
  PetscFunctionReturn(0);
}

PetscErrorCode run() {
  PetscInt nx = 24, ny = 20, nz = 12, block = 1;
  PetscReal inactive_fraction = 0.0;
  DM da;
  Mat H, A, D = nullptr;
  Vec b, x, y, x_ref, diag;
  KSP ksp;
  PC pc;
  PetscRandom rng;
  PetscFunctionBeginUser;
  PetscCall(PetscOptionsGetInt(nullptr, nullptr, "-nx", &nx, nullptr));
  PetscCall(PetscOptionsGetInt(nullptr, nullptr, "-ny", &ny, nullptr));
  PetscCall(PetscOptionsGetInt(nullptr, nullptr, "-nz", &nz, nullptr));
  PetscCall(PetscOptionsGetInt(nullptr, nullptr, "-inactive_block", &block, nullptr));
  PetscCall(PetscOptionsGetReal(nullptr, nullptr, "-inactive_fraction", &inactive_fraction, nullptr));
  PetscCall(DMDACreate3d(PETSC_COMM_WORLD, DM_BOUNDARY_NONE, DM_BOUNDARY_NONE, DM_BOUNDARY_NONE,
                         DMDA_STENCIL_STAR, nx, ny, nz, PETSC_DECIDE, PETSC_DECIDE, PETSC_DECIDE,
                         1, 1, nullptr, nullptr, nullptr, &da));
  PetscCall(DMSetUp(da));
  const bench::CellMask mask = bench::make_inactive_mask(nx, ny, nz, inactive_fraction, block);
  PetscCall(DMSetMatType(da, MATHYPRESTRUCT));
  PetscCall(DMCreateMatrix(da, &H));
  PetscCall(DMSetMatType(da, MATAIJ));
  PetscCall(DMCreateMatrix(da, &A));
  PetscCall(DMCreateGlobalVector(da, &b));
  PetscCall(VecDuplicate(b, &x));
  PetscCall(VecDuplicate(b, &y));
  PetscCall(VecDuplicate(b, &x_ref));
  PetscCall(PetscRandomCreate(PETSC_COMM_WORLD, &rng));
  PetscCall(VecSetRandom(x, rng));
  PetscCall(VecSetRandom(y, rng));

  PetscCall(KSPCreate(PETSC_COMM_WORLD, &ksp));
  PetscCall(KSPSetOptionsPrefix(ksp, "caps_"));
  PetscCall(KSPSetType(ksp, KSPCG));
  PetscCall(KSPGetPC(ksp, &pc));
  PetscCall(PCSetType(pc, PCPFMG));
  PetscCall(KSPSetTolerances(ksp, 1e-10, 0.0, PETSC_DEFAULT, 500));
  PetscCall(KSPSetNormType(ksp, KSP_NORM_UNPRECONDITIONED));
  PetscCall(KSPSetFromOptions(ksp));

  // 1. assembly with INSERT_VALUES (one call per row), MatMult, solve
  PetscCall(bench::assemble_benchmark(da, mask, INSERT_VALUES, 1.0, H, b));
  PetscCall(bench::assemble_benchmark(da, mask, INSERT_VALUES, 1.0, A, nullptr));
  PetscCall(compare_mult(H, A, x, "INSERT_VALUES assembly + MatMult", 1e-14));
  PetscCall(reference_solve(A, b, x_ref));
  PetscCall(KSPSetOperators(ksp, H, H));
  PetscCall(check_pc_properties(ksp, x, y));
  PetscCall(check_pfmg_solve(ksp, H, b, x_ref, PETSC_FALSE, "CG+PFMG solve"));

  // 2. Newton-style re-assembly: zero the matrix, then ADD_VALUES face by face (K x 3)
  PetscCall(MatZeroEntries(H));
  PetscCall(report_norm_after_zeroing(H, x, "MatZeroEntries"));
  PetscCall(zero_all_local_rows(da, H));
  PetscCall(report_norm_after_zeroing(H, x, "MatZeroRowsStencil(all local rows, diag 0)"));
  PetscCall(bench::assemble_benchmark(da, mask, ADD_VALUES, 3.0, H, b));
  PetscCall(MatZeroEntries(A));
  PetscCall(bench::assemble_benchmark(da, mask, INSERT_VALUES, 3.0, A, nullptr));
  PetscCall(compare_mult(H, A, x, "zeroed by MatZeroRowsStencil + ADD_VALUES re-assembly", 1e-14));
  PetscCall(reference_solve(A, b, x_ref));
  PetscCall(check_pfmg_solve(ksp, H, b, x_ref, PETSC_TRUE, "re-assembled, PC reused (stale PFMG hierarchy)"));
  PetscCall(check_pfmg_solve(ksp, H, b, x_ref, PETSC_FALSE, "re-assembled, PC set up again"));
  PetscCall(check_face_assembly_with_ghost_rows(da, x));

  // 3. INSERT_VALUES over an assembled matrix without MatZeroEntries (K x 1 again)
  PetscCall(bench::assemble_benchmark(da, mask, INSERT_VALUES, 1.0, H, nullptr));
  PetscCall(MatZeroEntries(A));
  PetscCall(bench::assemble_benchmark(da, mask, INSERT_VALUES, 1.0, A, nullptr));
  PetscCall(compare_mult(H, A, x, "INSERT_VALUES overwrite, no MatZeroEntries", 1e-14));

  // 4. ADD_VALUES onto the assembled diagonal (a storage term), vs MatShift on AIJ
  {
    PetscInt xs, ys, zs, xm, ym, zm;
    const PetscScalar storage = 0.25;
    PetscCall(DMDAGetCorners(da, &xs, &ys, &zs, &xm, &ym, &zm));
    for (PetscInt k = zs; k < zs + zm; ++k)
      for (PetscInt j = ys; j < ys + ym; ++j)
        for (PetscInt i = xs; i < xs + xm; ++i) {
          MatStencil row = {k, j, i, 0};
          PetscCall(MatSetValuesStencil(H, 1, &row, 1, &row, &storage, ADD_VALUES));
        }
    PetscCall(MatAssemblyBegin(H, MAT_FINAL_ASSEMBLY));
    PetscCall(MatAssemblyEnd(H, MAT_FINAL_ASSEMBLY));
    PetscCall(MatShift(A, storage));
    PetscCall(compare_mult(H, A, x, "ADD_VALUES to the diagonal after final assembly", 1e-14));
  }

  // 5. MatZeroRowsStencil (x, b = NULL): the second cell of this rank becomes an identity row
  {
    PetscInt xs, ys, zs;
    PetscCall(DMDAGetCorners(da, &xs, &ys, &zs, nullptr, nullptr, nullptr));
    MatStencil row = {zs, ys, xs + 1, 0};
    PROBE("MatZeroRowsStencil", MatZeroRowsStencil(H, 1, &row, 1.0, nullptr, nullptr));
    PetscCall(MatZeroRowsStencil(A, 1, &row, 1.0, nullptr, nullptr));
    PetscCall(compare_mult(H, A, x, "MatZeroRowsStencil result", 1e-14));
  }

  // 6. Mat operations a solver might want (H is not used for solves after this)
  PetscCall(VecDuplicate(b, &diag));
  {
    PetscReal norm;
    PROBE("MatNorm(NORM_FROBENIUS)", MatNorm(H, NORM_FROBENIUS, &norm));
  }
  PROBE("MatConvert(MATAIJ) (MatConvert_Shell: one MatMult per column, dense preallocation)",
        MatConvert(H, MATAIJ, MAT_INITIAL_MATRIX, &D));
  if (D) PetscCall(compare_mult(D, A, x, "MatConvert(MATAIJ) result", 1e-14));
  PetscCall(MatDestroy(&D));
  PROBE("MatGetDiagonal", MatGetDiagonal(H, diag));
  PROBE("MatDuplicate(MAT_COPY_VALUES)", MatDuplicate(H, MAT_COPY_VALUES, &D));
  PROBE("MatDuplicate(MAT_DO_NOT_COPY_VALUES)", MatDuplicate(H, MAT_DO_NOT_COPY_VALUES, &D));
  PROBE("MatMultTranspose", MatMultTranspose(H, x, y));
  PROBE("MatMultAdd", MatMultAdd(H, x, y, y));
  PROBE("MatShift", MatShift(H, 1.0));
  PROBE("MatScale", MatScale(H, 2.0));
  PROBE("MatDiagonalSet", MatDiagonalSet(H, diag, ADD_VALUES));
  {
    const PetscInt grow = 0;
    const PetscScalar one = 1.0;
    PROBE("MatSetValues (global indices)", MatSetValues(H, 1, &grow, 1, &grow, &one, ADD_VALUES));
  }
  PetscCall(MatDestroy(&D));
  PetscCall(VecDestroy(&diag));
  PetscCall(KSPDestroy(&ksp));
  PetscCall(PetscRandomDestroy(&rng));
  PetscCall(VecDestroy(&x_ref));
  PetscCall(VecDestroy(&y));
  PetscCall(VecDestroy(&x));
  PetscCall(VecDestroy(&b));
  PetscCall(MatDestroy(&A));
  PetscCall(MatDestroy(&H));
  PetscCall(DMDestroy(&da));
  PetscFunctionReturn(0);
}

}  // namespace

int main(int argc, char** argv) {
  PetscCall(PetscInitialize(&argc, &argv, nullptr, nullptr));
  PetscCall(run());
  PetscCall(PetscFinalize());
  return 0;
}
