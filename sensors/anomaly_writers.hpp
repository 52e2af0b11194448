// anomalies.csv, anomalies.json (outputs contract: well_id,kind,severity,start,end,n_points,
// value,expected,detail) and the cleaned series for calibration, all written atomically.
#pragma once

#include <string>
#include <vector>

#include "sensors/anomaly.hpp"
#include "sensors/monitoring.hpp"

namespace aquifer::sensors {

void write_anomalies_csv(const std::string& path, const std::vector<const Anomaly*>& events);
void write_anomalies_json(const std::string& path, const std::vector<const Anomaly*>& events);

enum class CleanMode { marked, removed };
// well_id,time,head,flag: every reading in file order; `flag` is empty for a usable reading
// and the fault kind otherwise (marked), or flagged readings left out (removed). Missing
// heads are written as an empty field (marked) or left out (removed).
void write_cleaned_series(const std::string& path, const ObservationSet& observations,
                          const MonitoringResult& result, CleanMode mode);

}  // namespace aquifer::sensors
