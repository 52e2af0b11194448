// [[observation_wells]] as read from the scenario: plain data for sensors/ (which reads the
// CSV files) and the app (which samples the simulated head at each well). See
// docs/observations.md for the keys.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace aquifer::params {

// From `from_epoch_d` on the measuring point's datum offset is `datum_offset_m` (re-survey).
struct ReferenceLevelChange final {
  double from_epoch_d = 0.0;  // days since 1970-01-01 UTC
  double datum_offset_m = 0.0;
};

struct ObservationWellSpec final {
  std::string id;
  std::string label;                 // "[[observation_wells]] \"P1\"", for messages
  std::string scenario_file;         // where the table is written
  int table_line = 0;
  int table_column = 0;
  double x_m = 0.0;
  double y_m = 0.0;
  std::optional<int> layer;          // 1-based
  std::optional<std::array<double, 2>> screen_m;  // top, bottom [m]
  std::string data_path;             // resolved; empty = no data (simulated head only)
  int data_line = 0;                 // where `data` is written
  int data_column = 0;
  std::string column;                // the well's column (wide/single) or well_id (long)
  std::string unit = "m";            // "m" | "cm"
  double unit_to_m = 1.0;
  double datum_offset_m = 0.0;       // added to every reading [m]
  std::vector<ReferenceLevelChange> reference_changes;  // increasing dates
  std::string time_format;           // strptime-like; empty = ISO 8601
  bool strict = false;               // data issues are input errors
  std::optional<double> warning_level_m;
  std::optional<double> sensor_elevation_m;  // for the monitoring detectors
  std::optional<double> tube_top_m;
  std::optional<std::array<double, 2>> valid_range_m;  // plausible heads [min, max]
  std::vector<std::string> exclude;  // data-issue kinds whose readings statistics leave out
};

// [initial] head = "observations": the observed heads nearest the start (within window_d)
// kriged onto each layer (docs/observations.md), optionally relaxed to a steady state.
struct InitialFromObservations final {
  bool enabled = false;
  double window_d = 30.0;        // [initial] window: |t_obs - start| <= window_d
  bool relax_to_steady = false;  // [initial] relax_to_steady: a steady solve from the field
};

}  // namespace aquifer::params
