#include "app/run_command.hpp"

#include <petscsys.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "app/checkpoint.hpp"
#include "app/comply_command.hpp"  // [compliance]
#include "app/initial_from_observations.hpp"  // [observation-wells]
#include "app/monitoring_run.hpp"  // [monitoring]
#include "app/observation_wells_run.hpp"  // [observation-wells]
#include "app/mf6_command.hpp"  // [mf6]
#include "app/progress.hpp"
#include "app/scenario_preload.hpp"
#include "aquifer_version.hpp"             // [scientific-outputs]
#include "output/accounting_writer.hpp"
#include "output/csv_writers.hpp"
#include "output/scientific_outputs.hpp"  // [scientific-outputs]
#include "output/sha256.hpp"
#include "params/units.hpp"
#include "params/load_scenario.hpp"
#include "solver/petsc_util.hpp"
#include "solver/simulation.hpp"

namespace aquifer::app {

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// This process's memory so far, for the debug log of each phase: fresh pages cost time
// (bench/README.md).
std::string memory_so_far() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return "; " + std::to_string(u.ru_minflt) + " page faults, peak RSS " + std::to_string(u.ru_maxrss / 1024) +
         " MiB so far";
}

bool is_root() {
  int rank = 0;
  MPI_Comm_rank(PETSC_COMM_WORLD, &rank);
  return rank == 0;
}

// Loads the scenario on every rank; on invalid input rank 0 prints every problem.
std::optional<params::LoadedScenario> load_or_report(const std::function<params::LoadedScenario()>& load) {
  try {
    auto loaded = load();
    if (is_root())
      for (const auto& w : loaded.warnings) spdlog::warn("{}", w);
    return loaded;
  } catch (const params::InputError& e) {
    if (is_root()) {
      for (const auto& p : e.problems()) std::cerr << p.to_string() << '\n';
      std::cerr << "aquifer: " << e.problems().size()
                << (e.problems().size() == 1 ? " input error" : " input errors")
                << "; nothing was computed or written\n";
    }
    return std::nullopt;
  }
}

void log_model(const params::LoadedScenario& s, int ranks) {
  const auto& m = s.model;
  spdlog::info("scenario '{}': grid {} x {} x {} layers ({} cells), {} wells, {} recharge, "
               "{} constant-head and {} head-dependent boundary cells; {} MPI rank{}",
               m.name, m.grid.nx, m.grid.ny, m.grid.nlay, m.grid.cell_count(), m.wells.size(),
               m.recharge.size(), m.constant_heads.size(), m.head_dependent.size(), ranks,
               ranks == 1 ? "" : "s");
}

// [scientific-outputs] Build and solver facts recorded in heads.h5 and heads.nc.
output::BuildInfo build_info(const solver::Simulation& simulation) {
  output::BuildInfo info;
  info.software_version = AQUIFER_VERSION;
  info.git_commit = AQUIFER_GIT_COMMIT;
  char petsc_version[128] = {0};
  AQ_PETSC(PetscGetVersion(petsc_version, sizeof petsc_version));
  info.petsc_version = petsc_version;
  char* options = nullptr;
  AQ_PETSC(PetscOptionsGetAll(nullptr, &options));
  if (options != nullptr) info.petsc_options = options;
  AQ_PETSC(PetscFree(options));
  info.linear_solver = simulation.linear_solver_description();
  return info;
}


}  // namespace

// Creates the output folder and checks that a file can be written there (rank 0), and tells
// every rank, so that all of them stop together with one clear message.
bool prepare_output_dir(const std::filesystem::path& dir) {
  int ok = 1;
  if (is_root()) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    const auto probe = dir / ".aquifer-write-test";
    std::FILE* f = ec ? nullptr : std::fopen(probe.c_str(), "w");
    if (f == nullptr) {
      const std::string why = ec ? ec.message() : std::strerror(errno);
      std::cerr << "aquifer: cannot write to the output folder " << dir.string() << ": " << why
                << "; choose another with -o DIR or [output] dir\n";
      ok = 0;
    } else {
      std::fclose(f);
      std::filesystem::remove(probe, ec);
    }
  }
  MPI_Bcast(&ok, 1, MPI_INT, 0, PETSC_COMM_WORLD);
  return ok == 1;
}

int check_command(const std::string& scenario_path) {
  const auto loaded = load_or_report([&] { return params::load_scenario(scenario_path); });
  if (!loaded) return kInvalidInput;
  if (!make_observation_tracker(*loaded, is_root())) return kInvalidInput;  // data files
  if (!load_run_monitoring(*loaded, is_root())) return kInvalidInput;        // [monitoring]
  int ranks = 1;
  MPI_Comm_size(PETSC_COMM_WORLD, &ranks);
  if (is_root()) {
    log_model(*loaded, ranks);
    std::cout << scenario_path << ": valid\n";
  }
  return kSuccess;
}

namespace {

// How a run starts: its output folder, its checkpoint interval and, for --resume, the
// checkpoint it continues.
struct RunPlan final {
  std::filesystem::path out_dir;
  double checkpoint_every_d = 0.0;
  std::string scenario_sha256;
  std::optional<CheckpointInfo> resume;
};

// Checks --checkpoint-every and --resume; on invalid input prints why (rank 0) and returns
// nullopt (exit status 2, nothing written).
std::optional<RunPlan> plan_run(const RunOptions& options, const params::LoadedScenario& loaded) {
  RunPlan plan;
  plan.out_dir = !options.resume_dir.empty()   ? std::filesystem::path(options.resume_dir)
                 : options.output_dir.empty() ? std::filesystem::path(loaded.output.dir)
                                              : std::filesystem::path(options.output_dir);
  plan.checkpoint_every_d = loaded.output.checkpoint_every_d;
  plan.scenario_sha256 = output::sha256_hex(loaded.scenario_text);
  std::string why;
  if (!options.checkpoint_every.empty()) {
    const auto every = params::parse_quantity(options.checkpoint_every, params::QuantityKind::duration, &why);
    if (!every || *every <= 0.0) {
      if (is_root())
        std::cerr << "aquifer: --checkpoint-every \"" << options.checkpoint_every << "\": "
                  << (every ? "expected a positive duration" : why) << " (e.g. \"365 d\")\n";
      return std::nullopt;
    }
    plan.checkpoint_every_d = *every;
  }
  if (options.resume_dir.empty()) return plan;
  plan.resume = read_checkpoint(plan.out_dir, &why);
  if (plan.resume && plan.resume->scenario_sha256 != plan.scenario_sha256)
    why = "the checkpoint in " + plan.out_dir.string() + " was made from another scenario text (SHA-256 " +
          plan.resume->scenario_sha256.substr(0, 12) + "..., " + options.scenario_path + " has " +
          plan.scenario_sha256.substr(0, 12) + "...); resume with the scenario file it was made from";
  if (plan.resume && plan.resume->scenario_sha256 == plan.scenario_sha256) return plan;
  if (is_root()) std::cerr << "aquifer: cannot resume: " << why << "; nothing was computed or written\n";
  return std::nullopt;
}

// --resume: puts the checkpoint's HDF5/NetCDF copies back (rank 0), on every rank's behalf.
void restore_outputs(const RunPlan& plan) {
  std::string error;
  if (is_root()) {
    try {
      output::ScientificOutputs::restore_from(plan.resume->dir, plan.out_dir);
    } catch (const std::exception& e) {
      error = e.what();
    }
  }
  error = output::broadcast_string(error, PETSC_COMM_WORLD);
  if (!error.empty()) throw std::runtime_error(error);
}

void print_results(const std::filesystem::path& out_dir, bool heads_csv, const output::ScientificOutputs& scientific) {
  std::cout << "  " << (out_dir / "budget.csv").string() << '\n';
  if (heads_csv) std::cout << "  " << (out_dir / "heads.csv").string() << '\n';
  std::cout << "  " << (out_dir / "accounting.csv").string() << '\n';
  std::cout << "  " << (out_dir / "fiscal_years.csv").string() << '\n';
  for (const auto& f : scientific.written_files()) std::cout << "  " << f << '\n';  // [scientific-outputs]
}

void report_no_convergence(const solver::ConvergenceError& e, const RunOptions& options, const RunPlan& plan,
                           const Checkpointer& checkpointer) {
  if (checkpointer.last_saved_d() < 0.0) {
    spdlog::error("{}. No result files were kept. Try a smaller [time] step or min_step, or "
                  "check the model for cells that cannot drain or fill.", e.what());
    return;
  }
  spdlog::error("{}. The last good state (t = {} d) is kept as a checkpoint in {}; continue from it "
                "with\n  aquifer run {} --resume {}\n(e.g. with other --petsc-options), or try a smaller "
                "[time] step or min_step and start afresh.", e.what(), checkpointer.last_saved_d(),
                (plan.out_dir / "checkpoint").string(), options.scenario_path, plan.out_dir.string());
}

// Every observer of one run: the files it writes, the progress line and the summary.
struct RunObservers final {
  RunObservers(const params::LoadedScenario& loaded, const RunPlan& plan,
               solver::Simulation& simulation, bool root)
      : budget_csv((plan.out_dir / "budget.csv").string(), loaded.start_epoch_d, root,
                   plan.resume ? plan.resume->budget_csv_bytes : -1),
        accounting(plan.out_dir.string(), loaded.model, loaded.start_epoch_d,
                   output::FiscalYearStart{loaded.fiscal_year_start_month,
                                           loaded.fiscal_year_start_day, loaded.utc_offset_min},
                   root, plan.resume ? plan.resume->accounting_csv_bytes : -1),
        scientific(loaded, plan.out_dir, PETSC_COMM_WORLD, build_info(simulation),
                   plan.resume.has_value()),
        progress(loaded.start_epoch_d, root) {
    if (loaded.output.csv)
      heads_csv.emplace((plan.out_dir / "heads.csv").string(), loaded.model, root,
                        plan.resume ? plan.resume->heads_csv_bytes : -1);
    simulation.add_observer(&accounting);
    simulation.add_observer(&budget_csv);
    if (heads_csv) simulation.add_observer(&*heads_csv);
    scientific.attach(simulation);  // heads.h5, heads.xmf, heads.nc
    simulation.add_observer(&progress);
    simulation.add_observer(&summary);
  }
  // Renames every file into place.
  void commit() {
    budget_csv.commit();
    if (heads_csv) heads_csv->commit();
    accounting.commit();
    scientific.commit_all();
  }
  // After a convergence failure with a checkpoint: the CSV files stay for --resume.
  void keep_for_resume() {
    budget_csv.keep();
    accounting.keep();
    if (heads_csv) heads_csv->keep();
  }

  output::BudgetCsvWriter budget_csv;
  std::optional<output::HeadsCsvWriter> heads_csv;
  output::AccountingWriter accounting;
  output::ScientificOutputs scientific;
  ProgressReporter progress;
  BudgetSummary summary;
};

// Solver options: tuned defaults < [solver] petsc_options < command line.
// Releases the per-cell inputs only the flow system reads once it holds its own copies (K, Kv
// [m/d], Ss [1/m], Sy, initial heads [m]: 40 bytes a cell), so that the linear solver's set-up
// reuses the memory; the outputs keep what they read (tops, bottoms, active cells), the
// observation probes were built before.
void release_solver_inputs(solver::Model& model) {
  auto& p = model.properties;
  for (auto* v : {&p.k_m_per_d, &p.kv_m_per_d, &p.ss_per_m, &p.sy, &p.k22_m_per_d, &p.wetdry_m,
                  &p.confined_saturation, &model.initial_head_m})
    std::vector<double>().swap(*v);
}

void insert_solver_options(const solver::Model& model, const RunOptions& options) {
  AQ_PETSC(PetscOptionsInsertString(nullptr, model.solver.petsc_options.c_str()));
  AQ_PETSC(PetscOptionsInsertString(nullptr, options.petsc_options.c_str()));
}

}  // namespace

int run_command(const RunOptions& options) {
  if (is_mf6_deck(options.scenario_path))  // [mf6] a MODFLOW 6 simulation name file
    return mf6_run_command({options.scenario_path, options.output_dir, options.mf6_heads_file});
  const auto read_start = std::chrono::steady_clock::now();
  auto loaded = load_or_report([&] {  // non-const: [initial] from observations
    return options.preload != nullptr ? options.preload->take() : params::load_scenario(options.scenario_path);
  });
  if (!loaded) return kInvalidInput;
  if (options.preload != nullptr)
    spdlog::debug("scenario read and checked in {:.2f} s while MPI started (waited {:.2f} s for it){}",
                  options.preload->read_seconds(), options.preload->waited_seconds(), memory_so_far());
  else
    spdlog::debug("scenario read and checked in {:.2f} s{}", seconds_since(read_start), memory_so_far());
  return run_loaded(*loaded, options, {}, {});
}

int run_loaded(params::LoadedScenario& scenario, const RunOptions& options,
               const std::vector<solver::SimulationObserver*>& extra, const std::function<void()>& on_success) {
  auto* loaded = &scenario;  // non-const: [initial] from observations
  const auto plan = plan_run(options, *loaded);
  if (!plan) return kInvalidInput;
  const auto observation_wells = make_observation_tracker(*loaded, is_root());  // [observation-wells]
  if (!observation_wells) return kInvalidInput;
  if (!apply_initial_from_observations(*loaded, *observation_wells, is_root())) return kInvalidInput;
  const auto monitoring = load_run_monitoring(*loaded, is_root());  // [monitoring]
  if (!monitoring) return kInvalidInput;
  int ranks = 1;
  MPI_Comm_size(PETSC_COMM_WORLD, &ranks);
  const bool root = is_root();
  if (root) log_model(*loaded, ranks);
  insert_solver_options(loaded->model, options);
  if (!prepare_output_dir(plan->out_dir)) return kFailure;
  if (plan->resume) restore_outputs(*plan);

  const auto wall_start = std::chrono::steady_clock::now();
  solver::Simulation simulation(loaded->model, PETSC_COMM_WORLD);
  spdlog::debug("solver set up in {:.2f} s{}", seconds_since(wall_start), memory_so_far());
  if (root) spdlog::info("linear solver: {}", simulation.linear_solver_description());
  RunObservers observers(*loaded, *plan, simulation, root);
  observation_wells->attach(simulation, &observers.scientific);  // [observation-wells]
  for (auto* o : extra) simulation.add_observer(o);  // [mf6]
  release_solver_inputs(loaded->model);

  Checkpointer checkpointer(plan->out_dir, plan->scenario_sha256, simulation,
                            {&observers.budget_csv, observers.heads_csv ? &*observers.heads_csv : nullptr,
                             &observers.accounting, &observers.scientific, &observers.summary,
                             observation_wells.get()},
                            PETSC_COMM_WORLD);
  simulation.set_checkpoints(plan->checkpoint_every_d,
                             [&checkpointer](const solver::RunState& s) { checkpointer.save(s); });
  if (plan->resume) {
    checkpointer.restore_sums(*plan->resume);
    simulation.resume(plan->resume->state, (plan->resume->dir / "heads.petsc").string());
    if (root) spdlog::info("resuming from the checkpoint at t = {} d (step {})", plan->resume->state.t_d,
                           plan->resume->state.step);
  }
  try {
    const auto run_start = std::chrono::steady_clock::now();
    simulation.run();
    spdlog::debug("simulation ran in {:.2f} s{}", seconds_since(run_start), memory_so_far());
  } catch (const solver::ConvergenceError& e) {
    if (checkpointer.last_saved_d() >= 0.0) observers.keep_for_resume();
    if (root) report_no_convergence(e, options, *plan, checkpointer);
    return kNoConvergence;
  }
  observers.commit();
  observation_wells->finish(plan->out_dir);  // [observation-wells] observations.csv
  std::vector<compliance::HydrographSeries> hydrographs;  // [monitoring]
  if (root) hydrographs = finish_run_monitoring(*loaded, *observation_wells, *monitoring, plan->out_dir);
  if (on_success) on_success();  // [mf6]
  if (root) {
    remove_checkpoints(plan->out_dir);
    std::cout << observers.summary.text() << '\n';
    std::cout << observers.accounting.boundary_summary_text();
    if (observation_wells) print_head_changes(*observation_wells, *loaded);  // [monitoring]
    std::cout << "Finished in " << seconds_since(wall_start) << " s. Results in "
              << std::filesystem::absolute(plan->out_dir).string() << ":\n";
    print_results(plan->out_dir, observers.heads_csv.has_value(), observers.scientific);
  }
  return finish_run_compliance(*loaded, plan->out_dir, std::move(hydrographs));  // [compliance] compliance files, report.html
}

}  // namespace aquifer::app
