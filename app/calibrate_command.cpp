#include "app/calibrate_command.hpp"

#include <petscsys.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <optional>

#include "app/calibration_report.hpp"
#include "app/calibration_tao.hpp"
#include "app/initial_from_observations.hpp"
#include "app/observation_wells_run.hpp"
#include "app/run_command.hpp"
#include "solver/petsc_util.hpp"
#include "solver/simulation.hpp"

namespace aquifer::app {
namespace {

bool is_root() {
  int rank = 0;
  MPI_Comm_rank(PETSC_COMM_WORLD, &rank);
  return rank == 0;
}

void report(const params::InputError& e, const char* what) {
  if (!is_root()) return;
  for (const auto& p : e.problems()) std::cerr << p.to_string() << '\n';
  std::cerr << "aquifer: " << e.problems().size()
            << (e.problems().size() == 1 ? " input error" : " input errors") << what
            << "; nothing was computed or written\n";
}


// Everything read and checked before the first simulation; nullopt after reporting (exit 2).
struct Inputs final {
  params::LoadedScenario loaded;
  std::unique_ptr<ObservationTracker> observations;
  params::CalibrationSpec spec;
};

std::unique_ptr<Inputs> read_inputs(const CalibrateOptions& o) {
  auto in = std::make_unique<Inputs>();
  try {
    in->loaded = params::load_scenario(o.scenario_path);
  } catch (const params::InputError& e) {
    report(e, " in the scenario");
    return nullptr;
  }
  if (is_root())
    for (const auto& w : in->loaded.warnings) spdlog::warn("{}", w);
  in->observations = make_observation_tracker(in->loaded, is_root());
  if (!in->observations) return nullptr;
  if (!apply_initial_from_observations(in->loaded, *in->observations, is_root())) return nullptr;
  try {
    in->spec = params::read_calibration(o.params_path, in->loaded);
  } catch (const params::InputError& e) {
    report(e, " in the calibration parameters");
    return nullptr;
  }
  return in;
}

}  // namespace

int calibrate_command(const CalibrateOptions& options) {
  const auto in = read_inputs(options);
  if (!in) return kInvalidInput;
  std::optional<CalibrationProblem> problem;
  try {
    problem.emplace(in->loaded, in->spec, *in->observations);
  } catch (const params::InputError& e) {
    report(e, " in the observations");
    return kInvalidInput;
  }
  const std::filesystem::path out_dir =
      options.output_dir.empty() ? std::filesystem::path(in->loaded.output.dir) / "calibration"
                                 : std::filesystem::path(options.output_dir);
  AQ_PETSC(PetscOptionsInsertString(nullptr, in->loaded.model.solver.petsc_options.c_str()));
  AQ_PETSC(PetscOptionsInsertString(nullptr, options.petsc_options.c_str()));
  if (!prepare_output_dir(out_dir)) return kFailure;
  CalibrationResult result;
  try {
    result = calibrate(*problem, in->spec);
  } catch (const solver::ConvergenceError& e) {
    if (is_root())
      spdlog::error("{}. A simulation of the calibration failed to converge; nothing was written. "
                    "Narrow the parameter bounds or check the model.", e.what());
    return kNoConvergence;
  }
  if (!is_root()) return kSuccess;
  log_calibration(in->spec, result);
  const auto toml = write_calibration_outputs(out_dir, in->loaded, in->spec, *problem, result);
  std::cout << "Calibrated in " << result.iterations << " iterations (" << problem->simulations()
            << " simulations). Results in " << std::filesystem::absolute(out_dir).string()
            << ":\n  " << (out_dir / "calibration.json").string() << "\n  "
            << (out_dir / "calibration_history.csv").string() << "\n  "
            << (out_dir / "calibration_statistics.csv").string() << "\n  " << toml.string()
            << "  (paths inside resolve against its folder: copy it next to "
            << in->loaded.scenario_path << " to run it)\n";
  return kSuccess;
}

}  // namespace aquifer::app
