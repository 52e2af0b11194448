#include "sensors/monitoring.hpp"

#include <algorithm>

#include "sensors/detectors_faults.hpp"
#include "sensors/detectors_quality.hpp"
#include "sensors/detectors_trend.hpp"

namespace aquifer::sensors {
namespace {

void mask(const std::vector<PointFlag>& flags, std::size_t from, std::vector<char>& masked) {
  for (std::size_t k = from; k < flags.size(); ++k) masked[flags[k].index] = 1;
}

}  // namespace

bool is_fault(AnomalyKind kind) {
  switch (kind) {
    case AnomalyKind::dropout:
    case AnomalyKind::spike:
    case AnomalyKind::flat:
    case AnomalyKind::above_top:
    case AnomalyKind::below_sensor:
    case AnomalyKind::duplicate_time:
      return true;
    default:
      return false;
  }
}

SeriesResult monitor_series(const ObservationSeries& series, const DetectorParams& params,
                            const WellMonitoringInfo& info, const SimulatedSeries* sim) {
  // Buffers reused from one series to the next (no page faults per series on a network).
  thread_local SeriesView view;
  thread_local ActiveReadings r;
  fill_view(series, view);
  std::vector<char> masked(series.t.size(), 0);
  std::vector<PointFlag> flags;
  // Faults in order; each masks its readings from the detectors after it.
  detect_time_faults(view, params, flags);
  for (const auto& f : flags) {
    if (f.kind == AnomalyKind::duplicate_time) masked[f.index] = 1;
  }
  fill_active_readings(view, masked, r);
  ChangeScale scale(r, params.min_sigma_m, params.min_steps_per_octave);
  std::size_t from = flags.size();
  detect_dropouts(r, scale, params, flags);
  if (flags.size() != from) {  // rebuild only when something was masked
    mask(flags, from, masked);
    fill_active_readings(view, masked, r);
    scale = ChangeScale(r, params.min_sigma_m, params.min_steps_per_octave);
  }
  from = flags.size();
  detect_clipping(r, scale, params, info, flags);
  if (flags.size() != from) {
    mask(flags, from, masked);
    fill_active_readings(view, masked, r);
  }
  from = flags.size();
  detect_spikes(r, scale, params, flags);
  if (flags.size() != from) {
    mask(flags, from, masked);
    fill_active_readings(view, masked, r);
  }
  detect_flat(r, params, flags);
  detect_level_shifts(r, scale, params, flags);
  detect_rate_of_change(r, scale, params, flags);
  detect_warning_level(r, info, flags);
  detect_out_of_normal_range(r, params, flags);
  if (sim != nullptr) detect_model_residual(r, *sim, params, flags);

  SeriesResult result;
  result.anomalies = merge_flags(view, std::move(flags));
  for (auto& a : detect_gaps(r, scale.typical_step_d(), params, series.well_id)) {
    result.anomalies.push_back(std::move(a));
  }
  for (auto& a : detect_trend(r, params, series.well_id)) result.anomalies.push_back(std::move(a));
  std::stable_sort(result.anomalies.begin(), result.anomalies.end(),
                   [](const Anomaly& a, const Anomaly& b) { return a.start_d < b.start_d; });
  for (auto& a : result.anomalies) a.utc_offset_min = series.utc_offset_min;
  return result;
}

std::vector<int> fault_event_of_readings(const SeriesResult& result, std::size_t n) {
  std::vector<int> event(n, -1);
  for (std::size_t e = 0; e < result.anomalies.size(); ++e) {
    const Anomaly& a = result.anomalies[e];
    if (!is_fault(a.kind)) continue;
    for (std::size_t i : a.indices) {
      if (event[i] < 0) event[i] = static_cast<int>(e);
    }
  }
  return event;
}

std::vector<const Anomaly*> MonitoringResult::all() const {
  std::vector<const Anomaly*> out;
  for (const auto& s : series) {
    for (const auto& a : s.anomalies) out.push_back(&a);
  }
  for (const auto& a : quality) out.push_back(&a);
  return out;
}

MonitoringResult run_monitoring(const ObservationSet& observations,
                                const MonitoringConfig& config,
                                const std::map<std::string, SimulatedSeries>& sims) {
  MonitoringResult result;
  result.series.reserve(observations.series.size());
  for (const auto& s : observations.series) {
    const DetectorParams& p = config.params_for(s.well_id);
    const WellMonitoringInfo info = config.info_for(s.well_id);
    const auto sim = sims.find(s.well_id);
    result.series.push_back(
        monitor_series(s, p, info, sim == sims.end() ? nullptr : &sim->second));
  }
  for (const auto& file : config.quality_files) {
    const auto samples = read_quality_csv(file);
    auto events = detect_quality(samples, config.quality_limits, config.defaults);
    for (auto& e : events) result.quality.push_back(std::move(e));
  }
  return result;
}

}  // namespace aquifer::sensors
