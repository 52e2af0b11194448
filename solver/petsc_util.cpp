#include "solver/petsc_util.hpp"

#include <array>

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

namespace {
PetscLogEvent log_event(LogPhase phase) {
  static const std::array<PetscLogEvent, 5> events = [] {
    PetscClassId id = 0;
    AQ_PETSC(PetscClassIdRegister("aquifer", &id));
    std::array<PetscLogEvent, 5> e{};
    const char* const names[] = {"AqFlowSetUp", "AqResidual", "AqResidualMatrix", "AqMatrix", "AqBudget"};
    for (std::size_t i = 0; i < e.size(); ++i) AQ_PETSC(PetscLogEventRegister(names[i], id, &e[i]));
    return e;
  }();
  return events[static_cast<std::size_t>(phase)];
}
}  // namespace

LogEventScope::LogEventScope(LogPhase phase) : event_(log_event(phase)) {
  (void)PetscLogEventBegin(event_, nullptr, nullptr, nullptr, nullptr);
}

LogEventScope::~LogEventScope() { (void)PetscLogEventEnd(event_, nullptr, nullptr, nullptr, nullptr); }

}  // namespace aquifer::solver
