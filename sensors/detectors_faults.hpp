// Sensor-fault detectors. Each scans the readings still in play (time order) and appends
// per-reading flags; thresholds are multiples of the series' own change scale (ChangeScale).
#pragma once

#include <vector>

#include "sensors/anomaly.hpp"
#include "sensors/monitoring_params.hpp"
#include "sensors/series_view.hpp"

namespace aquifer::sensors {

// Sentinel values (0, -999, ...) that sit far from the neighbouring real readings.
void detect_dropouts(const ActiveReadings& r, const ChangeScale& scale, const DetectorParams& p,
                     std::vector<PointFlag>& out);
// Excursions of 1..spike_max_samples readings that jump away and come back.
void detect_spikes(const ActiveReadings& r, const ChangeScale& scale, const DetectorParams& p,
                   std::vector<PointFlag>& out);
// Runs of identical readings longer than this series makes probable.
void detect_flat(const ActiveReadings& r, const DetectorParams& p, std::vector<PointFlag>& out);
// Steps that stay, with steady levels before and after (moved sensor, re-surveyed datum).
void detect_level_shifts(const ActiveReadings& r, const ChangeScale& scale,
                         const DetectorParams& p, std::vector<PointFlag>& out);
// Readings pinned at the series' maximum (overflowing tube: above_top) or minimum (sensor
// hanging dry: below_sensor) in several separate episodes, and readings beyond the tube top or
// sensor level given in `info`.
void detect_clipping(const ActiveReadings& r, const ChangeScale& scale, const DetectorParams& p,
                     const WellMonitoringInfo& info, std::vector<PointFlag>& out);

// Duplicate timestamps (all finite readings; later ones in file order are flagged) and clock
// irregularities (readings earlier than the reading before them in the file).
void detect_time_faults(const SeriesView& view, const DetectorParams& p,
                        std::vector<PointFlag>& out);
// Gaps between consecutive readings longer than gap_factor typical steps and gap_min_days.
[[nodiscard]] std::vector<Anomaly> detect_gaps(const ActiveReadings& r, double typical_step_d,
                                               const DetectorParams& p,
                                               const std::string& well_id);

}  // namespace aquifer::sensors
