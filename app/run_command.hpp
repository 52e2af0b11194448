// The `aquifer run` and `aquifer check` commands. Both return the process exit status of the
// outputs contract: 0 success, 1 other failure, 2 invalid input (nothing written),
// 3 the solver failed to converge (the last good state is kept as a checkpoint).
#pragma once

#include <functional>
#include <filesystem>
#include <string>
#include <vector>

namespace aquifer::params { struct LoadedScenario; }     // [mf6]
namespace aquifer::solver { class SimulationObserver; }  // [mf6]

namespace aquifer::app {

class ScenarioPreload;

struct RunOptions final {
  std::string scenario_path;
  std::string output_dir;      // empty: the scenario's [output] dir
  std::string petsc_options;   // from --petsc-options and arguments after "--"
  std::string checkpoint_every;  // --checkpoint-every: a duration ("365 d"; a number = days)
  std::string resume_dir;        // --resume: output folder of the run to continue
  std::string mf6_heads_file;    // --mf6-heads: MF6 binary head file (MF6 decks only)
  // The scenario already being read (app/scenario_preload.hpp); null: read it here.
  ScenarioPreload* preload = nullptr;
};

enum ExitStatus : int { kSuccess = 0, kFailure = 1, kInvalidInput = 2, kNoConvergence = 3 };

// Requires MPI and PETSc to be initialised. Collective over PETSC_COMM_WORLD.
[[nodiscard]] int run_command(const RunOptions& options);
[[nodiscard]] int check_command(const std::string& scenario_path);

// Creates the output folder and checks that a file can be written there (rank 0), and tells
// every rank, so that all of them stop together with one clear message. Collective.
[[nodiscard]] bool prepare_output_dir(const std::filesystem::path& dir);
// [mf6] `aquifer run` for a scenario already loaded (e.g. translated from a MODFLOW 6 deck):
// every output of a TOML run, plus the extra observers; on_success runs on every rank after
// the outputs were committed.
[[nodiscard]] int run_loaded(params::LoadedScenario& loaded, const RunOptions& options,
                             const std::vector<solver::SimulationObserver*>& extra,
                             const std::function<void()>& on_success);

}  // namespace aquifer::app
