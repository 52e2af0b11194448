#include "app/monitor_command.hpp"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <iostream>
#include <map>

#include "app/run_command.hpp"
#include "output/simulated_heads_reader.hpp"
#include "params/load_scenario.hpp"
#include "sensors/observation_csv.hpp"

namespace aquifer::app {
namespace {

// Every observation file; all input problems of all files listed before giving up.
sensors::ObservationSet read_all(const std::vector<std::string>& files,
                                 std::vector<params::InputProblem>& problems) {
  sensors::ObservationSet all;
  for (const auto& f : files) {
    try {
      auto set = sensors::read_observation_csv(f);
      for (auto& s : set.series) all.series.push_back(std::move(s));
      for (auto& i : set.issues) all.issues.push_back(std::move(i));
    } catch (const params::InputError& e) {
      problems.insert(problems.end(), e.problems().begin(), e.problems().end());
    }
  }
  return all;
}

void report(const sensors::MonitoringResult& result) {
  std::map<std::string, std::size_t> by_severity;
  const auto all = result.all();
  for (const auto* a : all) ++by_severity[std::string(sensors::severity_name(a->severity))];
  spdlog::info("monitoring: {} events ({} alarm, {} warning, {} info)", all.size(),
               by_severity["alarm"], by_severity["warning"], by_severity["info"]);
}

}  // namespace

void write_monitoring_outputs(const std::string& output_dir,
                              const sensors::ObservationSet& observations,
                              const sensors::MonitoringResult& result,
                              sensors::CleanMode clean_mode) {
  std::filesystem::create_directories(output_dir);
  const auto events = result.all();
  const std::filesystem::path dir(output_dir);
  sensors::write_anomalies_csv((dir / "anomalies.csv").string(), events);
  sensors::write_anomalies_json((dir / "anomalies.json").string(), events);
  sensors::write_cleaned_series((dir / "cleaned_series.csv").string(), observations, result,
                                clean_mode);
}

int monitor_command(const MonitorOptions& options) {
  std::vector<params::InputProblem> problems;
  sensors::MonitoringConfig config;
  if (!options.config_path.empty()) {
    try {
      config = sensors::load_monitoring_config(options.config_path);
    } catch (const params::InputError& e) {
      problems.insert(problems.end(), e.problems().begin(), e.problems().end());
    }
  }
  const sensors::ObservationSet observations = read_all(options.obs_files, problems);
  std::map<std::string, sensors::SimulatedSeries> sims;
  if (!options.sim_path.empty()) {
    try {
      for (auto& [id, s] : output::read_simulated_heads(options.sim_path)) {
        sims[id] = sensors::SimulatedSeries{std::move(s.t_d), std::move(s.head_m)};
      }
    } catch (const std::exception& e) {
      problems.push_back({options.sim_path, 0, 0, e.what()});
    }
  }
  sensors::MonitoringResult result;
  if (problems.empty()) {
    try {
      result = sensors::run_monitoring(observations, config, sims);
    } catch (const params::InputError& e) {  // a water-quality file
      problems.insert(problems.end(), e.problems().begin(), e.problems().end());
    }
  }
  if (!problems.empty()) {
    for (const auto& p : problems) std::cerr << p.to_string() << '\n';
    std::cerr << "aquifer monitor: " << problems.size()
              << " input problem(s); nothing written\n";
    return kInvalidInput;
  }
  for (const auto& issue : observations.issues) {
    spdlog::warn("{}:{}: {}", issue.file, issue.line, issue.message);
  }
  report(result);
  write_monitoring_outputs(options.output_dir, observations, result,
                           options.clean_mode == "removed" ? sensors::CleanMode::removed
                                                           : sensors::CleanMode::marked);
  spdlog::info("wrote anomalies.csv, anomalies.json, cleaned_series.csv to {}", options.output_dir);
  return kSuccess;
}

}  // namespace aquifer::app
