// Observation data in memory: what the ingest (observation CSV reader) produces and what the
// simulated-vs-observed statistics, the monitoring detectors and the calibration consume.
// Shared contract between those modules: extend it, do not change the meaning of a field.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace aquifer::sensors {

// One well's readings, in file order (NOT sorted, NOT de-duplicated: the monitoring modules
// must see duplicate and out-of-order times as they came). Structure of arrays for speed.
struct ObservationSeries final {
  std::string well_id;
  std::string file;                 // the file the readings came from
  std::vector<double> t;            // days since 1970-01-01T00:00:00Z (UTC)
  std::vector<double> head;         // m, after unit conversion and datum offsets; NaN = missing
  std::vector<std::int32_t> line;   // 1-based line of each reading in `file`
  int utc_offset_min = 0;           // time zone the data are shown in (minutes east of UTC)
};

// A problem inside readable data: reported with its line, counted, never silently dropped.
struct DataIssue final {
  std::string file;
  int line = 0;
  std::string well_id;
  std::string kind;     // "duplicate_time" | "unparsable" | "out_of_order" | "out_of_range" | ...
  std::string message;  // a sentence for the log
};

struct ObservationSet final {
  std::vector<ObservationSeries> series;
  std::vector<DataIssue> issues;
};

}  // namespace aquifer::sensors
