// `aquifer monitor --obs FILE... [--config monitoring.toml] [--sim heads.h5] [-o DIR]`:
// the monitoring detectors on observation data alone (docs/monitoring.md).
#pragma once

#include <string>
#include <vector>

#include "sensors/anomaly_writers.hpp"
#include "sensors/monitoring.hpp"

namespace aquifer::app {

struct MonitorOptions final {
  std::vector<std::string> obs_files;
  std::string config_path;   // empty = defaults
  std::string sim_path;      // heads.h5 with /observations; empty = none
  std::string output_dir = ".";
  std::string clean_mode = "marked";  // cleaned_series.csv: "marked" | "removed"
};

// Writes anomalies.csv, anomalies.json and cleaned_series.csv into `output_dir` (atomically).
// Used by the run too, after a scenario with observation wells. Throws on write failure.
void write_monitoring_outputs(const std::string& output_dir,
                              const sensors::ObservationSet& observations,
                              const sensors::MonitoringResult& result,
                              sensors::CleanMode clean_mode);

// Exit status: 0, 2 on invalid input (every problem listed; nothing written), 1 otherwise.
[[nodiscard]] int monitor_command(const MonitorOptions& options);

}  // namespace aquifer::app
