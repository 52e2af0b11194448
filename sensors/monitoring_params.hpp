// Parameters of the monitoring detectors, with their defaults. Every threshold on heads is
// relative to the series' own variability (robust sd of its changes over the same time step),
// so one default configuration serves 14-daily manual readings and hourly loggers alike.
// docs/monitoring.md gives the physical reason for each default.
#pragma once

#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <vector>

namespace aquifer::sensors {

struct DetectorParams final {
  // -- scale of a series' own changes
  double min_sigma_m = 0.002;              // floor of the change scale: sensor noise [m]
  std::size_t min_steps_per_octave = 20;   // steps needed to estimate a scale for one step size
  // -- dropout: a sentinel value that is also far from its neighbours
  std::vector<double> sentinel_values_m = {0.0, -99.0, -999.0, -9999.0, 9999.0, 99999.0};
  double dropout_k = 6.0;                  // departure from neighbours [robust sd]
  // -- spike: a jump that returns
  double spike_k = 10.0;                    // jump in and out [robust sd of a change]
  std::size_t spike_max_samples = 7;       // longest excursion [readings]
  double spike_max_days = 31.0;            // longest excursion [d]
  double spike_return_fraction = 0.5;      // the exit lands within this fraction of the jump
  // -- flat / stuck: a run of identical readings improbable for this series
  double flat_false_alarm = 0.01;          // expected false runs per series
  std::size_t flat_min_samples = 5;        // never shorter [readings]
  double flat_min_days = 2.0;              // never shorter [d]
  // -- level shift: a jump that stays, with steady levels either side
  double shift_k = 10.0;                   // jump [robust sd of a change]
  std::size_t shift_window_samples = 5;    // readings compared on each side
  double shift_window_days = 60.0;         // at most this far from the jump [d]
  double shift_steadiness = 0.25;          // spread on each side below this fraction of the jump
  // -- clipping: readings pinned at the series' extreme (overflowing tube / sensor dry)
  std::size_t clip_min_episodes = 3;       // separate visits to exactly the extreme value
  double clip_k = 4.0;                     // each visit jumps at least this [robust sd]
  // -- gaps and clock
  double gap_factor = 10.0;                // gap longer than this many typical steps ...
  double gap_min_days = 30.0;              // ... and at least this long [d]
  // -- rate of change (sudden drawdown)
  double fall_k = 15.0;                    // fall in one step [robust sd of a change]
  std::optional<double> max_fall_m_per_d;  // absolute limit, when the user knows one [m/d]
  // -- departure from the well's own seasonal range (per calendar month)
  double range_iqr_k = 3.0;                // Tukey's far-out fences: Q1 - k IQR, Q3 + k IQR
  std::size_t range_min_years = 3;         // years of history needed for a month
  // -- model residual (observed - simulated)
  double residual_k = 5.0;                 // band: median +- k robust sd of the residuals
  std::size_t residual_min_points = 10;
  // The residual's normal level and spread come from this first part of the overlap of the
  // record with the run (the period a model is calibrated on), not from the whole record: a
  // lasting change later in the record (e.g. an unreported extraction) must not move them.
  double residual_baseline_d = 365.0;
  // -- trend (seasonal Kendall on monthly medians, Sen's slope)
  double trend_alpha = 0.05;               // two-sided significance
  std::size_t trend_min_years = 5;
  double trend_min_total_m = 0.0;          // report only if |slope| * span exceeds this [m]
};

// Metadata a hydrologist knows about a well; fills the absolute-level detectors. Filled from
// the monitoring config (per well) or from the scenario's observation wells.
struct WellMonitoringInfo final {
  std::string well_id;
  std::optional<double> tube_top_m;       // top of the tube [m, same datum as heads]
  std::optional<double> sensor_level_m;   // elevation of the pressure sensor [m]
  std::optional<double> warning_level_m;  // fixed warning level [m]
  bool warning_below = true;              // warn when the head falls below (else above)
};

}  // namespace aquifer::sensors
