// aquifer: groundwater recharge and monitoring model. Command-line entry point.
#include <CLI/CLI.hpp>
#include <malloc.h>
#include <omp.h>
#include <petscsys.h>
#include <spdlog/spdlog.h>

#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include "aquifer_version.hpp"
#include "app/calibrate_command.hpp"  // [calibration]
#include "app/comply_command.hpp"
#include "app/demo_command.hpp"
#include "app/huge_pages.hpp"
#include "app/import_command.hpp"
#include "app/mf6_command.hpp"
#include "app/monitor_command.hpp"
#include "app/run_command.hpp"
#include "app/scenario_preload.hpp"

namespace {

std::string version_text() {
  char petsc_version[128] = {0};
  PetscGetVersion(petsc_version, sizeof petsc_version);
  return std::string("aquifer ") + AQUIFER_VERSION + " (commit " + AQUIFER_GIT_COMMIT + ", " +
         petsc_version + ")";
}

// Only rank 0 logs; the others keep errors.
void configure_logging(const std::string& level) {
  int rank = 0;
  MPI_Comm_rank(PETSC_COMM_WORLD, &rank);
  spdlog::set_pattern("[%H:%M:%S] %^%l%$: %v");
  spdlog::set_level(spdlog::level::from_str(level));
  if (rank != 0) spdlog::set_level(spdlog::level::err);
}

// hypre (Debian's build) runs OpenMP threads inside every MPI rank; with several ranks on a
// node that oversubscribes the cores (measured: 2.7x slower at 2 ranks on 2 cores). Unless
// the user sets OMP_NUM_THREADS, parallel runs use one thread per rank.
void limit_threads_per_rank() {
  int size = 1;
  MPI_Comm_size(PETSC_COMM_WORLD, &size);
  if (size > 1 && std::getenv("OMP_NUM_THREADS") == nullptr) omp_set_num_threads(1);
}

}  // namespace

int main(int argc, char** argv) {
  // PETSc options go after "--" (or in --petsc-options); CLI11 sees the rest.
  std::vector<std::string> petsc_args;
  int cli_argc = argc;
  for (int i = 1; i < argc; ++i) {
    if (std::string(argv[i]) == "--") {
      cli_argc = i;
      for (int j = i + 1; j < argc; ++j) petsc_args.emplace_back(argv[j]);
      break;
    }
  }

  CLI::App cli{"aquifer: groundwater recharge and monitoring model"};
  cli.require_subcommand(0, 1);
  std::string log_level = "info";
  cli.add_option("--log-level", log_level, "trace, debug, info, warn, error, off")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}));
  bool show_version = false;
  cli.add_flag("--version", show_version, "print version and exit");

  aquifer::app::RunOptions run;
  auto* run_cmd = cli.add_subcommand("run", "run a scenario (mpirun -np N aquifer run ...)");
  run_cmd->add_option("scenario", run.scenario_path, "scenario TOML file (or a MODFLOW 6 mfsim.nam)")->required();
  auto* output_opt = run_cmd->add_option("-o,--output", run.output_dir, "output folder (default: [output] dir)");
  run_cmd->add_option("--checkpoint-every", run.checkpoint_every,
                      "save a checkpoint every DURATION of simulated time, e.g. \"365 d\" (a number = days)");
  run_cmd->add_option("--resume", run.resume_dir,
                      "continue the run whose output folder DIR holds a checkpoint (writes into DIR)")
      ->excludes(output_opt);
  run_cmd->add_option("--mf6-heads", run.mf6_heads_file,
                      "with a MODFLOW 6 mfsim.nam: also write MF6's binary head file FILE");
  run_cmd->add_option("--petsc-options", run.petsc_options,
                      "PETSc options, e.g. \"-aq_ksp_rtol 1e-8\" (also accepted after --)");
  aquifer::app::DemoOptions demo;
  auto* demo_cmd = cli.add_subcommand(
      "demo", "run a bundled scenario (default: the Kumamoto-like basin) and print where the "
              "results are");
  demo_cmd->add_option("name", demo.name, "bundled scenario: kumamoto (default) or regional");
  demo_cmd->add_option("-o,--output", demo.output_dir, "output folder (default: aquifer-demo)");
  demo_cmd->add_option("--petsc-options", demo.petsc_options, "PETSc options (also after --)");
  std::string check_path;
  auto* check_cmd = cli.add_subcommand("check", "validate a scenario without running it");
  check_cmd->add_option("scenario", check_path, "scenario TOML file")->required();
  std::string comply_scenario, comply_results, verify_dir;  // [compliance]
  auto* comply_cmd = cli.add_subcommand("comply", "recompute the recharge-obligation verdict and report from a finished run");
  comply_cmd->add_option("scenario", comply_scenario, "scenario TOML file")->required();
  comply_cmd->add_option("--results", comply_results, "results folder of a finished run")->required();
  auto* verify_cmd = cli.add_subcommand("verify-report", "check that the inputs on disk are those a report was made from");
  verify_cmd->add_option("dir", verify_dir, "results folder holding report.html / provenance.json")->required();

  aquifer::app::ImportOptions import_mf6;
  auto* import_cmd = cli.add_subcommand(
      "import-mf6", "write a MODFLOW 6 simulation as a TOML scenario (DIR/scenario.toml + DIR/data)");
  import_cmd->add_option("mfsim", import_mf6.mfsim_path, "the simulation's mfsim.nam")->required();
  import_cmd->add_option("-o,--output", import_mf6.output_dir, "scenario folder to write")->required();
  import_cmd->add_flag("--force", import_mf6.force, "replace DIR when it exists and is not empty");
  aquifer::app::MonitorOptions monitor;
  auto* monitor_cmd = cli.add_subcommand("monitor", "flag sensor faults and anomalies in observation data");
  monitor_cmd->add_option("--obs", monitor.obs_files, "observation CSV file(s)")->required()->expected(1, -1);
  monitor_cmd->add_option("--config", monitor.config_path, "monitoring.toml (default: built-in defaults)");
  monitor_cmd->add_option("--sim", monitor.sim_path, "heads.h5 of a run, for the model-residual check");
  monitor_cmd->add_option("-o,--output", monitor.output_dir, "output folder (default: .)");
  monitor_cmd->add_option("--clean", monitor.clean_mode, "cleaned_series.csv: flagged readings marked or removed")
      ->check(CLI::IsMember({"marked", "removed"}));
  aquifer::app::CalibrateOptions calib;  // [calibration]
  auto* calib_cmd = cli.add_subcommand("calibrate", "estimate multipliers (K, recharge, Sy, ...) from the observation wells");
  calib_cmd->add_option("scenario", calib.scenario_path, "scenario TOML file")->required();
  calib_cmd->add_option("--params", calib.params_path, "calibration parameters (calib.toml)")->required();
  calib_cmd->add_option("-o,--output", calib.output_dir, "output folder (default: <[output] dir>/calibration)");
  calib_cmd->add_option("--petsc-options", calib.petsc_options, "PETSc options (also after --)");

  try {
    cli.parse(cli_argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = cli.exit(e);
    return code == 0 ? 0 : aquifer::app::kInvalidInput;
  }
  const bool solves = *run_cmd || *demo_cmd || *calib_cmd;
  for (const auto& a : petsc_args) run.petsc_options += " " + a;
  for (const auto& a : petsc_args) demo.petsc_options += " " + a;
  for (const auto& a : petsc_args) calib.petsc_options += " " + a;  // [calibration]

  // `run` reads its scenario while MPI and PETSc start (app/scenario_preload.hpp), unless
  // AQUIFER_PRELOAD=0 (or no thread can be started): then it reads it after them.
  std::optional<aquifer::app::ScenarioPreload> preload;
  const char* preload_setting = std::getenv("AQUIFER_PRELOAD");
  if (*run_cmd && !show_version && !aquifer::app::is_mf6_deck(run.scenario_path) &&
      !(preload_setting != nullptr && std::string(preload_setting) == "0")) {
    // One malloc arena for all threads: in an arena of its own the reading thread's memory
    // came in 4 KiB pages and was not reused after it (1M-cell benchmark at 2 ranks: reading
    // 0.40 -> 0.17 s, peak RSS 252 -> 236 MiB a rank; bench/README.md). glibc fixes the limit
    // for the whole process, so hypre's OpenMP threads (one rank, OMP_NUM_THREADS unset) share
    // the arena too.
    mallopt(M_ARENA_MAX, 1);
    try {
      preload.emplace(run.scenario_path);
      run.preload = &*preload;
    } catch (const std::system_error&) {  // no thread: read after start-up
      preload.reset();
    }
  }
  if (PetscInitializeNoArguments() != 0) {
    std::cerr << "aquifer: cannot initialise PETSc/MPI\n";
    return aquifer::app::kFailure;
  }
  PetscPushErrorHandler(PetscReturnErrorHandler, nullptr);  // errors become exceptions
  limit_threads_per_rank();
  int status = aquifer::app::kSuccess;
  try {
    configure_logging(log_level);
    if (solves) aquifer::app::log_huge_pages();
    if (show_version) {
      std::cout << version_text() << '\n';
    } else if (*run_cmd) {
      status = aquifer::app::run_command(run);
    } else if (*demo_cmd) {
      status = aquifer::app::demo_command(demo);
    } else if (*monitor_cmd) {
      status = aquifer::app::monitor_command(monitor);
    } else if (*import_cmd) {
      status = aquifer::app::import_mf6_command(import_mf6);
    } else if (*check_cmd) {
      status = aquifer::app::check_command(check_path);
    } else if (*calib_cmd) {  // [calibration]
      status = aquifer::app::calibrate_command(calib);
    } else if (*comply_cmd) {
      status = aquifer::app::comply_command(comply_scenario, comply_results);
    } else if (*verify_cmd) {
      status = aquifer::app::verify_report_command(verify_dir);
    } else {
      std::cout << cli.help();
    }
  } catch (const std::exception& e) {
    std::cerr << "aquifer: error: " << e.what() << '\n';
    int size = 1;
    MPI_Comm_size(PETSC_COMM_WORLD, &size);
    if (size > 1) MPI_Abort(PETSC_COMM_WORLD, aquifer::app::kFailure);
    status = aquifer::app::kFailure;
  }
  PetscFinalize();
  return status;
}
