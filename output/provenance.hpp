// What every scientific output file records about how it was made (PFLOTRAN habit: a result
// that cannot be traced to its inputs is not a result): software version and commit, PETSc
// version and options, MPI ranks, wall-clock start and end, the scenario text and the SHA-256
// of every input file.
#pragma once

#include <mpi.h>

#include <string>
#include <vector>

#include "params/load_scenario.hpp"

namespace aquifer::output {

// Build and solver facts the app knows (output/ does not include app/ or PETSc headers).
struct BuildInfo final {
  std::string software_version;  // AQUIFER_VERSION
  std::string git_commit;        // AQUIFER_GIT_COMMIT
  std::string petsc_version;     // PetscGetVersion()
  std::string petsc_options;     // effective options database, PetscOptionsGetAll()
  std::string linear_solver;     // Simulation::linear_solver_description()
};

struct Provenance final {
  BuildInfo build;
  int mpi_ranks = 1;
  std::string wall_start_utc;  // "YYYY-MM-DDTHH:MM:SSZ"
  std::string model_name;
  std::string model_start_utc;  // "YYYY-MM-DDTHH:MM:SSZ"
  std::string scenario_path;
  std::string scenario_text;
  std::vector<std::string> input_files;   // scenario first
  std::vector<std::string> input_sha256;  // 64 hex digits each, same order
  std::string crs;                        // "EPSG:6670" or empty

  // "sha256sum" lines: "<hex>  <path>\n" per input file.
  [[nodiscard]] std::string input_hash_lines() const;
  // "aquifer <version> (commit <c>)"
  [[nodiscard]] std::string software() const;
};

// Collective over comm: rank 0 hashes the input files and the result is broadcast, so every
// rank holds identical text (parallel HDF5/NetCDF metadata must be identical on all ranks).
// Throws std::runtime_error on every rank when a file cannot be read.
[[nodiscard]] Provenance make_provenance(const params::LoadedScenario& scenario, BuildInfo build,
                                         MPI_Comm comm);

// Current UTC wall-clock time "YYYY-MM-DDTHH:MM:SSZ", taken on rank 0 and broadcast.
[[nodiscard]] std::string utc_now_iso(MPI_Comm comm);

// CF/UDUNITS time units for days since the model start: "days since 2020-04-01 00:00:00".
[[nodiscard]] std::string cf_days_since(const std::string& start_iso);

// Rank 0's string on every rank.
[[nodiscard]] std::string broadcast_string(const std::string& text, MPI_Comm comm);

}  // namespace aquifer::output
