// Water quality: samples (well_id,date,substance,value,unit), unit conversion to ng/L, limits
// on single substances and on sums (PFOS+PFOA > 50 ng/L), and rising trends of substances
// that have no limit.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sensors/anomaly.hpp"
#include "sensors/monitoring_config.hpp"

namespace aquifer::sensors {

struct QualitySample final {
  std::string well_id;
  double t_d = 0.0;          // days since 1970 (UTC)
  std::string substance;     // as written
  double value_ng_per_l = 0.0;
  bool below_detection = false;  // written "<x": below the detection limit x (value = x)
  std::string file;
  int line = 0;
};

// Factor from a concentration unit to ng/L: ng/L 1, ug/L (µg/L) 1e3, mg/L 1e6, g/L 1e9
// (case-insensitive, "l" or "L"). nullopt for anything else.
[[nodiscard]] std::optional<double> ng_per_l_factor(std::string_view unit);
// "50 ng/L", "0.05 ug/L" -> ng/L; nullopt with a reason in `error` otherwise.
[[nodiscard]] std::optional<double> parse_concentration(std::string_view text,
                                                        std::string* error = nullptr);

// Reads well_id,date,substance,value,unit (header line required). Throws params::InputError
// listing every bad line (file:line:col: what is wrong and what was expected).
[[nodiscard]] std::vector<QualitySample> read_quality_csv(const std::string& path);

// Limit exceedances (one event per well, limit and sampling date; a sum counts samples below
// detection as 0) and rising Mann-Kendall trends (p < trend_alpha, >= 4 samples) for
// substances no limit covers.
[[nodiscard]] std::vector<Anomaly> detect_quality(const std::vector<QualitySample>& samples,
                                                  const std::vector<QualityLimit>& limits,
                                                  const DetectorParams& params);

}  // namespace aquifer::sensors
