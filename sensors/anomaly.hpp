// Anomalies found by the monitoring detectors: per-reading flags, and events (consecutive
// flagged readings of one kind merged into one row of anomalies.csv / anomalies.json).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace aquifer::sensors {

// The `kind` column of anomalies.csv (outputs contract), plus `clock` (an extension documented
// in docs/monitoring.md: out-of-order or off-grid timestamps).
enum class AnomalyKind {
  spike, dropout, flat, level_shift, above_top, below_sensor, rate_of_change, gap,
  duplicate_time, clock, trend, out_of_normal_range, model_residual, warning_level,
  quality_limit, quality_trend
};
enum class Severity { info, warning, alarm };

[[nodiscard]] std::string_view kind_name(AnomalyKind kind);
[[nodiscard]] std::string_view severity_name(Severity severity);

// One flagged reading. `index` is the reading's position in ObservationSeries (file order).
struct PointFlag final {
  std::size_t index = 0;
  AnomalyKind kind = AnomalyKind::spike;
  Severity severity = Severity::warning;
  double expected = 0.0;   // the value the detector expected there [m or ng/L]
  double limit = 0.0;      // the threshold it was compared to (a deviation, rate or level)
};

// One event: a row of anomalies.csv.
struct Anomaly final {
  std::string well_id;
  AnomalyKind kind = AnomalyKind::spike;
  Severity severity = Severity::warning;
  double start_d = 0.0;     // days since 1970-01-01 UTC
  double end_d = 0.0;
  std::size_t n_points = 0;
  double value = 0.0;       // the most extreme value in the event [m or ng/L]; NaN if none
  double expected = 0.0;    // what was expected there; NaN if nothing meaningful
  std::string detail;       // one sentence: the evidence
  int utc_offset_min = 0;   // time zone start/end are written in (the data's)
  std::vector<std::size_t> indices;  // readings of the event (file order indices); may be empty
};

// Sorts flags by time and merges consecutive flagged readings of the same kind (consecutive
// in the time-ordered list of readings `order`) into events. `describe` writes the sentence.
struct SeriesView;
[[nodiscard]] std::vector<Anomaly> merge_flags(const SeriesView& view,
                                               std::vector<PointFlag> flags);

}  // namespace aquifer::sensors
