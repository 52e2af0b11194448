// Monitoring in `aquifer run`: when the scenario has observation wells with data or [[quality]]
// samples, the detectors of docs/monitoring.md run at the end of the run on the observed
// series, with the simulated heads at the wells for the model_residual detector; anomalies.csv,
// anomalies.json and cleaned_series.csv are written, the events are summarised on the console,
// and the report gets one hydrograph per observation well; `aquifer comply` rebuilds those
// hydrographs from the scenario and the run's heads.h5.
#pragma once

#include <filesystem>
#include <optional>
#include <vector>

#include "app/observation_wells_run.hpp"
#include "compliance/report_svg.hpp"
#include "params/load_scenario.hpp"
#include "sensors/monitoring_config.hpp"

namespace aquifer::app {

// [monitoring] and [[quality]] of the scenario, with each observation well's tube top, sensor
// elevation and warning level as monitoring metadata (where [monitoring] does not set them),
// and every quality file read once to check it. nullopt after printing every input problem
// (rank 0): the run stops with exit status 2 before anything is written.
[[nodiscard]] std::optional<sensors::MonitoringConfig> load_run_monitoring(
    const params::LoadedScenario& loaded, bool root);

// Whether there is anything to monitor (observed readings or quality files).
[[nodiscard]] bool has_monitoring(const ObservationTracker& tracker,
                                  const sensors::MonitoringConfig& config);

// Rank 0: prints each observation well's mean simulated head over the first and the last 365
// days of the run and the change (e.g. the drawdown near a new extraction); nothing when the
// run is shorter than two years or has no observation wells.
void print_head_changes(const ObservationTracker& tracker, const params::LoadedScenario& loaded);

// Rank 0: runs the detectors, writes the files into out_dir, prints the summary and returns
// the hydrographs for report.html (observed, simulated and the anomaly spans of each well).
// Observation wells without any readings (e.g. wells planned for monitoring) still get their
// simulated hydrographs; the detectors' files are written only where there is data to check.
[[nodiscard]] std::vector<compliance::HydrographSeries> finish_run_monitoring(
    const params::LoadedScenario& loaded, const ObservationTracker& tracker,
    const sensors::MonitoringConfig& config, const std::filesystem::path& out_dir);

// Rank 0, `aquifer comply`: the hydrographs finish_run_monitoring gave the run's report.html,
// rebuilt from the scenario (observation-well records, [monitoring], [[quality]]) and the
// simulated heads the run wrote to results_dir/heads.h5, with the same detectors re-run (same
// inputs, same spans; nothing is written). Empty where the run had none. nullopt after printing
// every input problem of the observation data or the monitoring settings; throws
// compliance::ResultsError when heads.h5 is missing or lacks a well's series.
[[nodiscard]] std::optional<std::vector<compliance::HydrographSeries>> rebuild_run_hydrographs(
    const params::LoadedScenario& loaded, const std::filesystem::path& results_dir);

}  // namespace aquifer::app
