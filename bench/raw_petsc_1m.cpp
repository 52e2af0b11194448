// Raw-PETSc baseline for the 1M-cell benchmark (bench/README.md): assembles exactly the
// matrix of bench/benchmark_problem.hpp on a 3D DMDA and solves it with whatever KSP/PC the
// command line asks for. Every solver choice comes from the options database.
//
//   mpirun -n 2 ./raw_petsc_1m -mat_type hyprestruct -ksp_type cg -pc_type pfmg -ksp_rtol 1e-10
//
// Options (besides all KSP/PC options):
//   -mat_type aij|hyprestruct   matrix type (hyprestruct is required by -pc_type pfmg)
//   -nx -ny -nz                 grid size (default 160 160 40 = the benchmark)
//   -inactive_fraction f        drop a fraction f of the cells (identity rows), plus every cell
//   -inactive_block b             cut off from the constant heads; blocks of b^3 cells (default 1;
//                               0 = an irregular plan-view outline, as a domain polygon gives)
//   -write_heads file           heads in PETSc binary, natural order (layer, row, col), i fastest
//   -asymmetry a                nonsymmetric variant (benchmark_problem.hpp), for GMRES tests
//   -solves n                   repeat assembly (INSERT_VALUES over the assembled matrix) + PC
//                               setup + solve n times, as Newton steps would; the figures are
//                               those of the last pass, earlier passes print one line each
// Prints one "key: value" line per figure, for bench/run_raw.sh to collect.
#include <petscdmda.h>
#include <petscksp.h>
#include <sys/resource.h>

#include <chrono>
#include <ctime>

#include "benchmark_problem.hpp"

namespace {

// Peak resident set size of this process [KiB] (Linux ru_maxrss), as /usr/bin/time -v reports.
long peak_rss_kib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

// CPU time of this process, all threads [s]: robust to other jobs sharing the cores.
double cpu_seconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

struct SolveFigures {
  PetscInt iterations = 0;
  KSPConvergedReason reason = KSP_CONVERGED_ITERATING;
  PetscReal ksp_residual = 0.0, true_relative_residual = 0.0;
  double assembly_s = 0.0, setup_s = 0.0, solve_s = 0.0;  // wall clock
  double setup_cpu_s = 0.0, solve_cpu_s = 0.0;              // CPU time, this rank
};

// One Newton-like pass: assemble A and b, hand A to the KSP, set up the PC, solve. Every entry
// is written with INSERT_VALUES, so no zeroing is needed (MatZeroEntries is a silent no-op on
// an assembled MATHYPRESTRUCT in PETSc 3.18: see bench/README.md).
PetscErrorCode assemble_and_solve(DM da, const bench::CellMask& mask, double asymmetry, Mat A,
                                  Vec b, Vec x, KSP ksp, SolveFigures* f) {
  PetscLogDouble t0, t1, t2, t3;
  Vec r;
  PetscReal bnorm, rnorm;
  PetscFunctionBeginUser;
  PetscCallMPI(MPI_Barrier(PETSC_COMM_WORLD));
  PetscCall(PetscTime(&t0));
  PetscCall(bench::assemble_benchmark(da, mask, INSERT_VALUES, 1.0, A, b, asymmetry));
  PetscCall(KSPSetOperators(ksp, A, A));
  PetscCallMPI(MPI_Barrier(PETSC_COMM_WORLD));
  PetscCall(PetscTime(&t1));
  const double c1 = cpu_seconds();
  PetscCall(KSPSetUp(ksp));
  PetscCall(PetscTime(&t2));
  const double c2 = cpu_seconds();
  PetscCall(VecSet(x, 0.0));
  PetscCall(KSPSolve(ksp, b, x));
  PetscCall(PetscTime(&t3));
  f->setup_cpu_s = c2 - c1;
  f->solve_cpu_s = cpu_seconds() - c2;
  PetscCall(KSPGetIterationNumber(ksp, &f->iterations));
  PetscCall(KSPGetConvergedReason(ksp, &f->reason));
  PetscCall(KSPGetResidualNorm(ksp, &f->ksp_residual));
  PetscCall(VecDuplicate(b, &r));
  PetscCall(MatMult(A, x, r));  // r = b - A x
  PetscCall(VecAYPX(r, -1.0, b));
  PetscCall(VecNorm(r, NORM_2, &rnorm));
  PetscCall(VecNorm(b, NORM_2, &bnorm));
  PetscCall(VecDestroy(&r));
  f->true_relative_residual = rnorm / bnorm;
  f->assembly_s = t1 - t0;
  f->setup_s = t2 - t1;
  f->solve_s = t3 - t2;
  PetscFunctionReturn(0);
}

PetscErrorCode write_heads(Vec x, const char* path) {
  PetscViewer viewer;
  PetscFunctionBeginUser;
  PetscCall(PetscViewerBinaryOpen(PETSC_COMM_WORLD, path, FILE_MODE_WRITE, &viewer));
  PetscCall(VecView(x, viewer));  // a DMDA vector is written in natural order
  PetscCall(PetscViewerDestroy(&viewer));
  PetscFunctionReturn(0);
}

PetscErrorCode run(std::chrono::steady_clock::time_point start) {
  PetscInt nx = 160, ny = 160, nz = 40, block = 1, solves = 1;
  PetscReal inactive_fraction = 0.0, asymmetry = 0.0;
  char mat_type[64] = MATAIJ, heads_path[PETSC_MAX_PATH_LEN] = "";
  PetscBool write = PETSC_FALSE;
  PetscMPIInt size;
  DM da;
  Mat A;
  Vec b, x;
  KSP ksp;
  PetscLogDouble t0, t1;
  PetscFunctionBeginUser;
  PetscCall(PetscOptionsGetInt(nullptr, nullptr, "-nx", &nx, nullptr));
  PetscCall(PetscOptionsGetInt(nullptr, nullptr, "-ny", &ny, nullptr));
  PetscCall(PetscOptionsGetInt(nullptr, nullptr, "-nz", &nz, nullptr));
  PetscCall(PetscOptionsGetInt(nullptr, nullptr, "-inactive_block", &block, nullptr));
  PetscCall(PetscOptionsGetInt(nullptr, nullptr, "-solves", &solves, nullptr));
  PetscCall(PetscOptionsGetReal(nullptr, nullptr, "-inactive_fraction", &inactive_fraction, nullptr));
  PetscCall(PetscOptionsGetReal(nullptr, nullptr, "-asymmetry", &asymmetry, nullptr));
  PetscCall(PetscOptionsGetString(nullptr, nullptr, "-mat_type", mat_type, sizeof(mat_type), nullptr));
  PetscCall(PetscOptionsGetString(nullptr, nullptr, "-write_heads", heads_path, sizeof(heads_path), &write));
  PetscCallMPI(MPI_Comm_size(PETSC_COMM_WORLD, &size));

  PetscCall(PetscTime(&t0));
  PetscCall(DMDACreate3d(PETSC_COMM_WORLD, DM_BOUNDARY_NONE, DM_BOUNDARY_NONE, DM_BOUNDARY_NONE,
                         DMDA_STENCIL_STAR, nx, ny, nz, PETSC_DECIDE, PETSC_DECIDE, PETSC_DECIDE,
                         1, 1, nullptr, nullptr, nullptr, &da));
  PetscCall(DMSetFromOptions(da));
  PetscCall(DMSetUp(da));
  PetscCall(DMSetMatType(da, mat_type));
  PetscCall(DMCreateMatrix(da, &A));
  PetscCall(DMCreateGlobalVector(da, &b));
  PetscCall(VecDuplicate(b, &x));
  const bench::CellMask mask = bench::make_inactive_mask(nx, ny, nz, inactive_fraction, block);
  PetscInt n_inactive = 0;
  for (unsigned char c : mask.inactive) n_inactive += c;
  PetscCall(PetscTime(&t1));
  PetscCall(KSPCreate(PETSC_COMM_WORLD, &ksp));
  PetscCall(KSPSetFromOptions(ksp));

  SolveFigures f;
  for (PetscInt s = 0; s < solves; ++s) {
    PetscCall(assemble_and_solve(da, mask, asymmetry, A, b, x, ksp, &f));
    if (s + 1 < solves)
      PetscCall(PetscPrintf(PETSC_COMM_WORLD, "solve %" PetscInt_FMT ": %" PetscInt_FMT
                            " its, assembly %.3f s, setup %.3f s, solve %.3f s\n", s + 1,
                            f.iterations, f.assembly_s, f.setup_s, f.solve_s));
  }
  PetscReal hmin, hmax;
  PetscScalar checksum;
  PetscCall(VecMin(x, nullptr, &hmin));
  PetscCall(VecMax(x, nullptr, &hmax));
  PetscCall(VecSum(x, &checksum));
  if (write) PetscCall(write_heads(x, heads_path));
  const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  long rss = peak_rss_kib(), rss_min, rss_max, rss_sum;
  PetscCallMPI(MPI_Allreduce(&rss, &rss_min, 1, MPI_LONG, MPI_MIN, PETSC_COMM_WORLD));
  PetscCallMPI(MPI_Allreduce(&rss, &rss_max, 1, MPI_LONG, MPI_MAX, PETSC_COMM_WORLD));
  PetscCallMPI(MPI_Allreduce(&rss, &rss_sum, 1, MPI_LONG, MPI_SUM, PETSC_COMM_WORLD));
  double cpu[2] = {f.setup_cpu_s, f.solve_cpu_s}, cpu_max[2];
  PetscCallMPI(MPI_Allreduce(cpu, cpu_max, 2, MPI_DOUBLE, MPI_MAX, PETSC_COMM_WORLD));
  const double cells = static_cast<double>(nx) * ny * nz;
  KSPType ksp_type;
  PCType pc_type;
  PC pc;
  PetscCall(KSPGetType(ksp, &ksp_type));
  PetscCall(KSPGetPC(ksp, &pc));
  PetscCall(PCGetType(pc, &pc_type));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD,
                        "grid: %" PetscInt_FMT " x %" PetscInt_FMT " x %" PetscInt_FMT
                        " (%.0f cells, %" PetscInt_FMT " inactive, asymmetry %g)\n"
                        "ranks: %d\nsolver: %s + %s, mat %s\n"
                        "converged_reason: %s\niterations: %" PetscInt_FMT "\n"
                        "ksp_residual_norm: %.3e\ntrue_relative_residual: %.3e\n",
                        nx, ny, nz, cells, n_inactive, static_cast<double>(asymmetry), size, ksp_type, pc_type, mat_type,
                        KSPConvergedReasons[f.reason], f.iterations,
                        static_cast<double>(f.ksp_residual),
                        static_cast<double>(f.true_relative_residual)));
  PetscCall(PetscPrintf(PETSC_COMM_WORLD,
                        "create_s: %.3f\nassembly_s: %.3f\npc_setup_s: %.3f\nsolve_s: %.3f\n"
                        "setup_plus_solve_s: %.3f\nwall_s: %.3f\n"
                        "pc_setup_cpu_s: %.3f\nsolve_cpu_s: %.3f\n"
                        "head_min: %.10g\nhead_max: %.10g\nchecksum: %.12e\n"
                        "peak_rss_per_rank_MiB: min %.1f max %.1f\npeak_rss_total_MiB: %.1f\n"
                        "bytes_per_cell: %.0f\n",
                        t1 - t0, f.assembly_s, f.setup_s, f.solve_s, f.setup_s + f.solve_s, wall_s,
                        cpu_max[0], cpu_max[1],
                        static_cast<double>(hmin), static_cast<double>(hmax),
                        static_cast<double>(PetscRealPart(checksum)), rss_min / 1024.0,
                        rss_max / 1024.0, rss_sum / 1024.0, rss_sum * 1024.0 / cells));
  PetscCall(KSPDestroy(&ksp));
  PetscCall(VecDestroy(&x));
  PetscCall(VecDestroy(&b));
  PetscCall(MatDestroy(&A));
  PetscCall(DMDestroy(&da));
  PetscFunctionReturn(0);
}

}  // namespace

int main(int argc, char** argv) {
  const auto start = std::chrono::steady_clock::now();
  PetscCall(PetscInitialize(&argc, &argv, nullptr, nullptr));
  PetscCall(run(start));
  PetscCall(PetscFinalize());
  return 0;
}
