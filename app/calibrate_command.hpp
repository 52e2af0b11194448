// `aquifer calibrate SCENARIO --params calib.toml [-o DIR]`: estimates multipliers on the model
// from the observation wells' heads (docs/calibration.md). Exit status as `aquifer run`: 0, 1,
// 2 invalid input (nothing written), 3 a simulation failed to converge.
#pragma once

#include <string>

namespace aquifer::app {

struct CalibrateOptions final {
  std::string scenario_path;
  std::string params_path;    // calib.toml
  std::string output_dir;     // empty: <[output] dir>/calibration
  std::string petsc_options;  // from --petsc-options and arguments after "--"
};

// Requires MPI and PETSc to be initialised. Collective over PETSC_COMM_WORLD.
[[nodiscard]] int calibrate_command(const CalibrateOptions& options);

}  // namespace aquifer::app
