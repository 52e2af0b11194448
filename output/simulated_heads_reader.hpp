// Reads the simulated heads at observation wells back from a heads.h5 (outputs contract:
// /observations/<well_id>/time [days since model start, attribute units "days since ..."] and
// /observations/<well_id>/simulated_head [m]) for the model-residual detector of `aquifer
// monitor --sim` and for the hydrographs `aquifer comply` rebuilds.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace aquifer::output {

struct SimulatedHeads final {
  std::vector<double> t_d;              // days since 1970-01-01 UTC
  std::vector<double> head_m;
  std::vector<double> t_since_start_d;  // as stored: days since the model start [d]
};

// Keyed by the group's `well_id` attribute (the original id; a `/` in it is `_` in the group
// name), or by the group name when the attribute is absent. Throws std::runtime_error naming
// the file and what is missing or wrong.
[[nodiscard]] std::map<std::string, SimulatedHeads> read_simulated_heads(const std::string& path);

}  // namespace aquifer::output
