// Resolving a calib.toml target against the scenario: which cells (or which recharge /
// flooding entry) a multiplier scales, and which values of the scenario text it rewrites.
// Internal to params/ (used by calibration_spec.cpp).
#pragma once

#include <toml++/toml.h>

#include <string>
#include <vector>

#include "params/calibration_spec.hpp"
#include "params/toml_reader.hpp"

namespace aquifer::params {

// The scenario as calibration targets see it: its TOML tree (re-parsed from the loaded text, so
// that values keep their source positions) and the built model.
class ScenarioTargets final {
 public:
  ScenarioTargets(const LoadedScenario& loaded, Problems& problems);
  [[nodiscard]] const LoadedScenario& loaded() const { return loaded_; }
  [[nodiscard]] const std::vector<const toml::table*>& layers() const { return layers_; }
  [[nodiscard]] const toml::table* stress_table(const char* key, const std::string& id) const;
  [[nodiscard]] std::string resolve(const std::string& path) const;

 private:
  const LoadedScenario& loaded_;
  toml::table root_;
  std::vector<const toml::table*> layers_;
};

// Fills p.cells / p.kv_cells / p.stress and p.sites from `target` (p.kind set); reports a
// target that names nothing, or a value that cannot be scaled, at the target.
void resolve_target(const TableReader& t, const toml::node& target, const ScenarioTargets& s,
                    CalibrationParameter& p);

}  // namespace aquifer::params
