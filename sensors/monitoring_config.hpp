// Monitoring configuration: detector defaults, per-well overrides and metadata, water-quality
// limits and data files. Read from `[monitoring]` (+ `[[monitoring.well]]`,
// `[[monitoring.quality_limit]]`, `[[quality]]`) in a scenario or a standalone
// monitoring.toml; every parameter is documented in docs/monitoring.md.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "params/toml_reader.hpp"
#include "sensors/monitoring_params.hpp"

namespace aquifer::sensors {

// A limit on one substance or on the sum of several ("PFOS+PFOA" > 50 ng/L).
struct QualityLimit final {
  std::string name;                     // as reported, e.g. "PFOS+PFOA"
  std::vector<std::string> substances;  // summed (case-insensitive names)
  double limit_ng_per_l = 0.0;
};

struct MonitoringConfig final {
  DetectorParams defaults;
  std::map<std::string, DetectorParams> per_well;        // overrides, by well id
  std::map<std::string, WellMonitoringInfo> wells;       // metadata, by well id
  std::vector<QualityLimit> quality_limits;
  std::vector<std::string> quality_files;                // well_id,date,substance,value,unit

  [[nodiscard]] const DetectorParams& params_for(const std::string& well_id) const;
  [[nodiscard]] WellMonitoringInfo info_for(const std::string& well_id) const;
};

// Reads the monitoring tables of `root` (absent tables = defaults); problems go to ctx.
[[nodiscard]] MonitoringConfig read_monitoring_config(const toml::table& root,
                                                      params::ReadContext& ctx);
// A standalone monitoring.toml. Throws params::InputError listing every problem.
[[nodiscard]] MonitoringConfig load_monitoring_config(const std::string& path);

}  // namespace aquifer::sensors
