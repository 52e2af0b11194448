// The search of `aquifer calibrate`: PETSc TAO minimising sum r_i^2 over the multipliers within
// their bounds, in ln(multiplier) for log parameters. BRGN (bounded regularised Gauss-Newton,
// default) gets the residual Jacobian by forward differences, one extra simulation per
// parameter; POUNDERS (derivative-free) needs none. Afterwards the Jacobian at the estimate
// gives the approximate covariance s^2 (J^T J)^-1, s^2 = SSR / (n - p) (docs/calibration.md).
#pragma once

#include <string>
#include <vector>

#include "app/calibration_problem.hpp"

namespace aquifer::app {

struct CalibrationResult final {
  std::vector<double> multipliers;          // the estimates
  std::vector<double> standard_errors;      // of the multipliers (delta method for log ones)
  std::vector<std::vector<double>> correlation;
  std::vector<double> objective_history;    // SSR at the start and after every iteration
  Evaluation before;                        // at the initial multipliers
  Evaluation after;                         // at the estimates
  int iterations = 0;
  std::string converged_reason;
  bool covariance_defined = true;           // false when J^T J is singular or n <= p
};

// Runs the search (collective: every rank runs TAO on PETSC_COMM_SELF with identical
// numbers; each evaluation is a simulation on PETSC_COMM_WORLD).
[[nodiscard]] CalibrationResult calibrate(CalibrationProblem& problem,
                                          const params::CalibrationSpec& spec);

}  // namespace aquifer::app
