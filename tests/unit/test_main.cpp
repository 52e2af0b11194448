// Catch2 v2 main for the unit tests. PETSc (and MPI, as a singleton) is initialised once so
// that tests of the assembly can create DMDA objects; no test here needs mpirun.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>
#include <petscsys.h>

int main(int argc, char* argv[]) {
  if (PetscInitializeNoArguments() != 0) return 1;
  const int result = Catch::Session().run(argc, argv);
  PetscFinalize();
  return result;
}
