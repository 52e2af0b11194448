// The monitoring run: every detector over every series, events merged, and the cleaned
// series (readings a fault detector flagged are marked). Used by `aquifer monitor`, by the
// run when a scenario has observation wells, and by the scorer.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "sensors/anomaly.hpp"
#include "sensors/detectors_hydro.hpp"
#include "sensors/monitoring_config.hpp"
#include "sensors/observation_data.hpp"

namespace aquifer::sensors {

struct SeriesResult final {
  std::vector<Anomaly> anomalies;       // time order
};

// Per reading (file index, `n` readings): the index in `anomalies` of the fault event that
// disqualifies it for calibration (dropout, spike, flat, above_top, below_sensor,
// duplicate_time), or -1 when the reading is usable.
[[nodiscard]] std::vector<int> fault_event_of_readings(const SeriesResult& result, std::size_t n);

// All detectors on one series. `sim` may be null (no model_residual then).
[[nodiscard]] SeriesResult monitor_series(const ObservationSeries& series,
                                          const DetectorParams& params,
                                          const WellMonitoringInfo& info,
                                          const SimulatedSeries* sim);

// Whether a kind is a sensor fault whose readings must not be used for calibration.
[[nodiscard]] bool is_fault(AnomalyKind kind);

struct MonitoringResult final {
  std::vector<SeriesResult> series;   // one per input series, same order
  std::vector<Anomaly> quality;       // water-quality events
  [[nodiscard]] std::vector<const Anomaly*> all() const;  // every event
};

// Runs the detectors on every series (per-well parameters and metadata from `config`) and the
// quality checks on `config.quality_files`. `sims`: simulated heads by well id (may be empty).
[[nodiscard]] MonitoringResult run_monitoring(const ObservationSet& observations,
                                              const MonitoringConfig& config,
                                              const std::map<std::string, SimulatedSeries>& sims);

}  // namespace aquifer::sensors
