#include "solver/petsc_util.hpp"

namespace aquifer::solver {

namespace {
std::string describe(PetscErrorCode code, const char* expr, const char* file, int line) {
  const char* text = nullptr;
  (void)PetscErrorMessage(code, &text, nullptr);
  return std::string("PETSc error ") + std::to_string(code) + " (" + (text ? text : "unknown") +
         ") in " + expr + " at " + file + ":" + std::to_string(line);
}
}  // namespace

PetscError::PetscError(PetscErrorCode code, const char* expr, const char* file, int line)
    : std::runtime_error(describe(code, expr, file, line)), code_(code) {}

}  // namespace aquifer::solver
