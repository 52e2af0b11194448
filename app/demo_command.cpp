#include "app/demo_command.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>
#include <system_error>

#include "app/run_command.hpp"

#ifndef AQUIFER_SOURCE_SCENARIOS_DIR
#define AQUIFER_SOURCE_SCENARIOS_DIR ""
#endif
#ifndef AQUIFER_INSTALLED_SCENARIOS_DIR
#define AQUIFER_INSTALLED_SCENARIOS_DIR ""
#endif

namespace aquifer::app {
namespace {

std::filesystem::path executable_dir() {
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::filesystem::path{} : exe.parent_path();
}

}  // namespace

std::vector<std::filesystem::path> scenario_search_path() {
  std::vector<std::filesystem::path> dirs;
  if (const char* env = std::getenv("AQUIFER_SCENARIOS_DIR"); env != nullptr && *env != '\0')
    dirs.emplace_back(env);
  // Installed: from the program's folder (<libexecdir>/aquifer) to <datadir>/aquifer/scenarios.
  if (const auto exe = executable_dir(); !exe.empty() && *AQUIFER_INSTALLED_SCENARIOS_DIR != '\0')
    dirs.push_back((exe / AQUIFER_INSTALLED_SCENARIOS_DIR).lexically_normal());
  if (const std::string source = AQUIFER_SOURCE_SCENARIOS_DIR; !source.empty())
    dirs.emplace_back(source);
  return dirs;
}

std::filesystem::path find_bundled_scenario(const std::string& name) {
  for (const auto& dir : scenario_search_path()) {
    const auto candidate = dir / name / "scenario.toml";
    std::error_code ec;
    if (std::filesystem::is_regular_file(candidate, ec)) return candidate;
  }
  return {};
}

int demo_command(const DemoOptions& options) {
  const auto scenario = find_bundled_scenario(options.name);
  if (scenario.empty()) {
    std::string where;
    for (const auto& dir : scenario_search_path()) where += "\n  " + (dir / options.name).string();
    spdlog::error("bundled scenario '{}' not found; looked in:{}\n(set AQUIFER_SCENARIOS_DIR to "
                  "the folder that holds the scenarios)", options.name, where);
    return kInvalidInput;
  }
  spdlog::info("demo: {} (a Kumamoto-like basin, FY2020-FY2029 in daily steps; see README.md "
               "beside it)", scenario.string());
  RunOptions run;
  run.scenario_path = scenario.string();
  run.output_dir = options.output_dir;
  run.petsc_options = options.petsc_options;
  return run_command(run);
}

}  // namespace aquifer::app
