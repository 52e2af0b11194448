#include "sensors/anomaly.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "sensors/series_view.hpp"

namespace aquifer::sensors {

std::string_view kind_name(AnomalyKind kind) {
  switch (kind) {
    case AnomalyKind::spike: return "spike";
    case AnomalyKind::dropout: return "dropout";
    case AnomalyKind::flat: return "flat";
    case AnomalyKind::level_shift: return "level_shift";
    case AnomalyKind::above_top: return "above_top";
    case AnomalyKind::below_sensor: return "below_sensor";
    case AnomalyKind::rate_of_change: return "rate_of_change";
    case AnomalyKind::gap: return "gap";
    case AnomalyKind::duplicate_time: return "duplicate_time";
    case AnomalyKind::clock: return "clock";
    case AnomalyKind::trend: return "trend";
    case AnomalyKind::out_of_normal_range: return "out_of_normal_range";
    case AnomalyKind::model_residual: return "model_residual";
    case AnomalyKind::warning_level: return "warning_level";
    case AnomalyKind::quality_limit: return "quality_limit";
    case AnomalyKind::quality_trend: return "quality_trend";
  }
  return "unknown";
}

std::string_view severity_name(Severity severity) {
  switch (severity) {
    case Severity::info: return "info";
    case Severity::warning: return "warning";
    case Severity::alarm: return "alarm";
  }
  return "unknown";
}

namespace {

// The evidence sentence of a head event; `limit` as the detector set it (see detectors_*).
std::string describe(AnomalyKind kind, std::size_t n, double value, double expected,
                     double limit) {
  char s[400];
  const double dev = value - expected;
  switch (kind) {
    case AnomalyKind::dropout:
      std::snprintf(s, sizeof s, "%zu reading(s) hold the sentinel value %.3f m where the "
                    "neighbouring readings give %.3f m (more than %.3f m away).",
                    n, value, expected, limit);
      break;
    case AnomalyKind::spike:
      std::snprintf(s, sizeof s, "Excursion of %zu reading(s) to %.3f m that returns: %+.3f m "
                    "from the level either side (%.3f m); the jumps in and out both exceed "
                    "%.3f m, the spike limit for that step.", n, value, dev, expected, limit);
      break;
    case AnomalyKind::flat:
      std::snprintf(s, sizeof s, "%zu identical readings of %.3f m in a row; this series "
                    "repeats a value that often by chance only in runs shorter than %.0f.",
                    n, value, limit);
      break;
    case AnomalyKind::level_shift:
      std::snprintf(s, sizeof s, "The level steps from %.3f m to %.3f m (%+.3f m, beyond %.3f m) "
                    "and stays, with steady readings before and after: moved sensor or "
                    "re-surveyed measuring point?", expected, value, dev, limit);
      break;
    case AnomalyKind::above_top:
      if (limit < 0.0) {
        std::snprintf(s, sizeof s, "%zu reading(s) at or above the tube top %.3f m: the tube "
                      "overflows or the reading is wrong.", n, expected);
      } else {
        std::snprintf(s, sizeof s, "%zu reading(s) pinned at exactly %.3f m, the series' "
                      "maximum, reached in %.0f separate jumps: a ceiling such as an "
                      "overflowing tube top.", n, value, limit);
      }
      break;
    case AnomalyKind::below_sensor:
      if (limit < 0.0) {
        std::snprintf(s, sizeof s, "%zu reading(s) at or below the sensor level %.3f m: the "
                      "sensor hangs dry.", n, expected);
      } else {
        std::snprintf(s, sizeof s, "%zu reading(s) pinned at exactly %.3f m, the series' "
                      "minimum, reached in %.0f separate jumps: a floor such as a sensor "
                      "hanging dry.", n, value, limit);
      }
      break;
    case AnomalyKind::rate_of_change:
      std::snprintf(s, sizeof s, "Head falls from %.3f m to %.3f m, faster than %.4f m/d "
                    "(the limit for that step): sudden drawdown.", expected, value, limit);
      break;
    case AnomalyKind::duplicate_time:
      std::snprintf(s, sizeof s, "%zu reading(s) repeat a timestamp already read (%.3f m "
                    "there, %.3f m here); the first is kept.", n, expected, value);
      break;
    case AnomalyKind::clock:
      std::snprintf(s, sizeof s, "%zu reading(s) are earlier than readings before them in "
                    "the file: clock reset or files joined out of order.", n);
      break;
    case AnomalyKind::out_of_normal_range:
      std::snprintf(s, sizeof s, "Head %.3f m is outside this well's normal range for the "
                    "month (median %.3f m; fence %.3f m = quartile +- 3 interquartile ranges "
                    "of all years).", value, expected, limit);
      break;
    case AnomalyKind::model_residual:
      std::snprintf(s, sizeof s, "Observed %.3f m vs simulated (bias-corrected) %.3f m: "
                    "residual %+.3f m outside the band +-%.3f m learned from the residuals of the "
                    "record's first year (the baseline).", value, expected, dev, limit);
      break;
    case AnomalyKind::warning_level:
      std::snprintf(s, sizeof s, "%zu reading(s) beyond the warning level %.3f m (extreme "
                    "%.3f m).", n, expected, value);
      break;
    default:
      std::snprintf(s, sizeof s, "%zu reading(s) flagged.", n);
  }
  return s;
}

Anomaly start_event(const ObservationSeries& s, const PointFlag& f) {
  Anomaly a;
  a.well_id = s.well_id;
  a.kind = f.kind;
  a.severity = f.severity;
  a.start_d = a.end_d = s.t[f.index];
  a.value = s.head[f.index];
  a.expected = f.expected;
  a.indices.push_back(f.index);
  return a;
}

}  // namespace

std::vector<Anomaly> merge_flags(const SeriesView& view, std::vector<PointFlag> flags) {
  const auto& s = *view.series;
  auto pos = [&](const PointFlag& f) { return view.position(f.index); };
  std::sort(flags.begin(), flags.end(), [&](const PointFlag& a, const PointFlag& b) {
    if (a.kind != b.kind) return a.kind < b.kind;
    return pos(a) < pos(b);
  });
  flags.erase(std::unique(flags.begin(), flags.end(),
                          [](const PointFlag& a, const PointFlag& b) {
                            return a.kind == b.kind && a.index == b.index;
                          }),
              flags.end());
  std::vector<Anomaly> events;
  double limit = 0.0;
  auto close = [&](Anomaly& a) {
    a.n_points = a.indices.size();
    a.detail = describe(a.kind, a.n_points, a.value, a.expected, limit);
    events.push_back(std::move(a));
  };
  Anomaly current;
  bool open = false;
  std::size_t last_pos = 0;
  for (const PointFlag& f : flags) {
    const std::size_t p = pos(f);
    if (open && f.kind == current.kind && p == last_pos + 1) {
      current.indices.push_back(f.index);
      current.end_d = std::max(current.end_d, s.t[f.index]);
      current.start_d = std::min(current.start_d, s.t[f.index]);
      current.severity = std::max(current.severity, f.severity);
      if (std::abs(s.head[f.index] - f.expected) > std::abs(current.value - current.expected)) {
        current.value = s.head[f.index];
        current.expected = f.expected;
        limit = f.limit;
      }
    } else {
      if (open) close(current);
      current = start_event(s, f);
      limit = f.limit;
      open = true;
    }
    last_pos = p;
  }
  if (open) close(current);
  std::sort(events.begin(), events.end(), [](const Anomaly& a, const Anomaly& b) {
    return a.start_d != b.start_d ? a.start_d < b.start_d : a.kind < b.kind;
  });
  return events;
}

}  // namespace aquifer::sensors
