// `aquifer comply SCENARIO --results DIR`: recomputes the recharge-obligation verdict from a
// finished run's results without re-simulating, and `aquifer verify-report DIR`: tells whether
// the input files on disk are those a report was made from. Exit statuses as run_command.hpp;
// verify-report exits 1 when a file changed or is missing.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "compliance/report_svg.hpp"
#include "params/load_scenario.hpp"

namespace aquifer::app {

// Requires MPI and PETSc to be initialised; rank 0 does the work.
[[nodiscard]] int comply_command(const std::string& scenario_path, const std::string& results_dir);
[[nodiscard]] int verify_report_command(const std::string& results_dir);

// End of `aquifer run`: compliance files (when the scenario has permits) and report.html (when
// [output] report is true). Collective; returns the same status on every rank.
[[nodiscard]] int finish_run_compliance(const params::LoadedScenario& scenario,
                                        const std::filesystem::path& out_dir,
                                        std::vector<compliance::HydrographSeries> hydrographs = {});

}  // namespace aquifer::app
