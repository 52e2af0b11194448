#include "app/comply_command.hpp"

#include <mpi.h>
#include <petscsys.h>
#include <spdlog/spdlog.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <optional>
#include <sstream>

#include "app/monitoring_run.hpp"
#include "app/run_command.hpp"
#include "compliance/produce.hpp"
#include "compliance/provenance_record.hpp"
#include "compliance/report_html.hpp"
#include "compliance/report_svg.hpp"
#include "compliance/run_results.hpp"

namespace aquifer::app {

namespace {

bool is_root() {
  int rank = 0;
  MPI_Comm_rank(PETSC_COMM_WORLD, &rank);
  return rank == 0;
}

void print_verdicts(const std::vector<compliance::Result>& results) {
  for (const auto& r : results)
    std::printf("  %-24s FY%d%s  extraction %s m3 (%s)  obligation %s m3  credited %s m3  %s\n",
                r.holder.c_str(), r.fy.year, r.fy.partial() ? " (partial)" : "          ",
                compliance::format_m3(r.extraction_m3).c_str(), r.extraction_source.c_str(),
                compliance::format_m3(r.obligation_m3).c_str(),
                compliance::format_m3(r.credited_total_m3).c_str(), compliance::status_name(r.status));
}

int print_results_error(const compliance::ResultsError& e) {
  std::cerr << e.what() << "\naquifer: the results folder cannot be used; nothing was written\n";
  return kInvalidInput;
}

// Rank 0 only. Returns the exit status.
int produce_and_print(const params::LoadedScenario& loaded, const std::string& dir, bool report,
                      std::vector<compliance::HydrographSeries> hydrographs = {}) {
  try {
    const auto summary = compliance::produce_compliance(loaded, dir, report, std::move(hydrographs));
    for (const auto& w : summary.warnings) spdlog::warn("{}", w);
    if (!loaded.compliance.empty()) {
      std::cout << "Recharge obligation (" << summary.results.size() << " holder-years):\n";
      print_verdicts(summary.results);
    }
    for (const auto& f : summary.written) std::cout << "  " << f << '\n';
    return kSuccess;
  } catch (const compliance::ResultsError& e) {
    return print_results_error(e);
  } catch (const std::exception& e) {
    std::cerr << "aquifer: compliance: " << e.what() << '\n';
    return kFailure;
  }
}

}  // namespace

int comply_command(const std::string& scenario_path, const std::string& results_dir) {
  int status = kSuccess;
  if (is_root()) {
    try {
      const auto loaded = params::load_scenario(scenario_path);
      for (const auto& w : loaded.warnings) spdlog::warn("{}", w);
      // The report's hydrographs as the run made them (docs/compliance.md); nullopt: input
      // problems already printed.
      std::optional<std::vector<compliance::HydrographSeries>> hydrographs;
      if (loaded.output.report) hydrographs = rebuild_run_hydrographs(loaded, results_dir);
      else hydrographs.emplace();
      status = hydrographs ? produce_and_print(loaded, results_dir, loaded.output.report,
                                               std::move(*hydrographs))
                           : kInvalidInput;
    } catch (const compliance::ResultsError& e) {
      status = print_results_error(e);
    } catch (const params::InputError& e) {
      for (const auto& p : e.problems()) std::cerr << p.to_string() << '\n';
      std::cerr << "aquifer: " << e.problems().size()
                << (e.problems().size() == 1 ? " input error" : " input errors")
                << "; nothing was computed or written\n";
      status = kInvalidInput;
    } catch (const std::exception& e) {  // e.g. a detector failing: never leave the other ranks waiting
      std::cerr << "aquifer: comply: " << e.what() << '\n';
      status = kFailure;
    }
  }
  MPI_Bcast(&status, 1, MPI_INT, 0, PETSC_COMM_WORLD);
  return status;
}

int finish_run_compliance(const params::LoadedScenario& scenario, const std::filesystem::path& out_dir,
                          std::vector<compliance::HydrographSeries> hydrographs) {
  int status = kSuccess;
  if (is_root() && (!scenario.compliance.empty() || scenario.output.report))
    status = produce_and_print(scenario, out_dir.string(), scenario.output.report, std::move(hydrographs));
  MPI_Bcast(&status, 1, MPI_INT, 0, PETSC_COMM_WORLD);
  return status;
}

namespace {

// The record embedded in report.html (provenance.json when there is no report).
compliance::ProvenanceRecord read_record(const std::filesystem::path& dir, std::string& source) {
  const auto report = dir / "report.html";
  std::ifstream in(report);
  if (in) {
    std::stringstream text;
    text << in.rdbuf();
    source = report.string();
    return compliance::provenance_from_json(
        nlohmann::json::parse(compliance::embedded_provenance(text.str())));
  }
  const auto json = dir / "provenance.json";
  std::ifstream jin(json);
  if (!jin) throw std::runtime_error("neither report.html nor provenance.json in " + dir.string());
  source = json.string();
  return compliance::provenance_from_json(nlohmann::json::parse(jin));
}

int print_checks(const std::vector<compliance::FileCheck>& checks) {
  int bad = 0;
  for (const auto& c : checks) {
    const char* state = c.state == compliance::FileCheck::State::same      ? "same   "
                        : c.state == compliance::FileCheck::State::changed ? "CHANGED"
                                                                           : "MISSING";
    bad += c.state != compliance::FileCheck::State::same;
    std::cout << "  " << state << "  " << c.recorded.absolute_path << '\n';
    if (c.state == compliance::FileCheck::State::changed)
      std::cout << "           recorded sha256 " << c.recorded.sha256 << "\n           now      sha256 "
                << c.sha256_now << '\n';
  }
  return bad;
}

}  // namespace

int verify_report_command(const std::string& results_dir) {
  int status = kSuccess;
  if (is_root()) {
    try {
      std::string source;
      const auto record = read_record(results_dir, source);
      std::cout << "Provenance from " << source << " (aquifer " << record.software_version << ", commit "
                << record.git_commit << ", generated " << record.generated_utc << ")\nInputs:\n";
      int bad = print_checks(compliance::check_files(record.inputs));
      std::cout << "Results:\n";
      bad += print_checks(compliance::check_files(record.results));
      std::cout << (bad == 0 ? "verified: every input and result file is the one the report was made from\n"
                             : "NOT verified: " + std::to_string(bad) + " file(s) changed or missing\n");
      status = bad == 0 ? kSuccess : kFailure;
    } catch (const std::exception& e) {
      std::cerr << "aquifer: verify-report: " << e.what()
                << "; expected a results folder written by `aquifer run` or `aquifer comply`\n";
      status = kInvalidInput;
    }
  }
  MPI_Bcast(&status, 1, MPI_INT, 0, PETSC_COMM_WORLD);
  return status;
}

}  // namespace aquifer::app
