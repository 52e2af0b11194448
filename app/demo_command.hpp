// `aquifer demo`: runs a bundled scenario (default: the Kumamoto-like basin) from the installed
// data, so a new user sees the whole tool work without writing an input file.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace aquifer::app {

struct DemoOptions final {
  std::string name = "kumamoto";  // a folder under the scenarios directory
  std::string output_dir = "aquifer-demo";
  std::string petsc_options;
};

// Where bundled scenarios are looked for, in order: $AQUIFER_SCENARIOS_DIR, the installed
// <datadir>/aquifer/scenarios (found from the program's own folder, <libexecdir>/aquifer), the
// source tree it was built from.
[[nodiscard]] std::vector<std::filesystem::path> scenario_search_path();

// The scenario file of a bundled scenario, or empty when none is found.
[[nodiscard]] std::filesystem::path find_bundled_scenario(const std::string& name);

// Requires MPI and PETSc to be initialised. Collective over PETSC_COMM_WORLD.
[[nodiscard]] int demo_command(const DemoOptions& options);

}  // namespace aquifer::app
