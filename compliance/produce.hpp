// The compliance step of `aquifer run` (at the end) and `aquifer comply` (afterwards, without
// re-simulating): read the run's result files, evaluate every permit and fiscal year, and write
// compliance.json, compliance.csv, provenance.json and report.html into the results folder.
#pragma once

#include <string>
#include <vector>

#include "compliance/report_svg.hpp"
#include "compliance/rules_engine.hpp"
#include "params/load_scenario.hpp"

namespace aquifer::compliance {

struct ProduceSummary final {
  std::vector<Result> results;
  std::vector<std::string> written;   // paths of the files written
  std::vector<std::string> warnings;  // e.g. the results were made from another scenario text
};

// The fiscal-year start of a loaded scenario.
[[nodiscard]] FiscalYearStart fiscal_year_start_of(const params::LoadedScenario& s);

// Throws ResultsError when the results folder lacks a file or does not match the scenario's
// period, std::runtime_error when a file cannot be written or an input cannot be hashed.
[[nodiscard]] ProduceSummary produce_compliance(const params::LoadedScenario& scenario,
                                                const std::string& results_dir, bool write_report,
                                                std::vector<HydrographSeries> hydrographs = {});

}  // namespace aquifer::compliance
