#include "compliance/produce.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "compliance/compliance_files.hpp"
#include "compliance/report_html.hpp"
#include "compliance/run_results.hpp"
#include "output/sha256.hpp"

namespace aquifer::compliance {

FiscalYearStart fiscal_year_start_of(const params::LoadedScenario& s) {
  return {s.fiscal_year_start_month, s.fiscal_year_start_day, s.utc_offset_min};
}

namespace {

// A warning when provenance.json in `dir` (from the run) names another scenario text.
void compare_recorded_scenario(const params::LoadedScenario& s, const std::string& dir,
                               std::vector<std::string>& warnings) {
  const auto path = std::filesystem::path(dir) / "provenance.json";
  std::ifstream in(path);
  if (!in) return;
  try {
    const auto record = provenance_from_json(nlohmann::json::parse(in));
    const std::string now = output::sha256_hex(s.scenario_text);
    if (!record.inputs.empty() && record.inputs.front().sha256 != now)
      warnings.push_back(path.string() + " records another scenario text (SHA-256 " +
                         record.inputs.front().sha256.substr(0, 12) + "..., now " + now.substr(0, 12) +
                         "...); the verdict uses the scenario as it is now and the simulated volumes "
                         "as they were");
  } catch (const std::exception& e) {
    warnings.push_back(path.string() + ": not read (" + e.what() + "); it is rewritten");
  }
}

void check_period(const RunResults& run, const params::LoadedScenario& s, const std::string& dir) {
  if (!run.has_steps) return;
  if (std::abs(run.last_t_d - s.model.time.end_d) > 1e-6 * std::max(1.0, s.model.time.end_d))
    throw ResultsError(dir + "/accounting.csv ends at t = " + std::to_string(run.last_t_d) +
                       " d but the scenario ends at t = " + std::to_string(s.model.time.end_d) +
                       " d; expected the results of a finished run of this scenario");
}

}  // namespace

ProduceSummary produce_compliance(const params::LoadedScenario& scenario, const std::string& dir,
                                  bool write_report, std::vector<HydrographSeries> hydrographs) {
  ProduceSummary summary;
  const FiscalYearStart start = fiscal_year_start_of(scenario);
  const RunResults run = read_run_results(dir, scenario.start_epoch_d, start);
  check_period(run, scenario, dir);
  compare_recorded_scenario(scenario, dir, summary.warnings);
  const auto years = run.has_steps
                         ? fiscal_years(scenario.start_epoch_d + run.first_t_d,
                                        scenario.start_epoch_d + run.last_t_d, start)
                         : std::vector<FiscalYear>{};
  summary.results = evaluate_all(scenario.compliance, years, run.volumes);
  const ProvenanceRecord provenance = make_provenance_record(scenario, run.files);
  write_compliance_files(dir, scenario.model.name, provenance, summary.results);
  for (const char* name : {"compliance.json", "compliance.csv", "provenance.json"})
    summary.written.push_back((std::filesystem::path(dir) / name).string());
  if (write_report) {
    ReportInputs in{&scenario, &run, &summary.results, &provenance, std::move(hydrographs)};
    write_text_file(dir, "report.html", render_report(in));
    summary.written.push_back((std::filesystem::path(dir) / "report.html").string());
  }
  return summary;
}

}  // namespace aquifer::compliance
