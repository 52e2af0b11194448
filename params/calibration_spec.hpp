// calib.toml for `aquifer calibrate`: named multipliers on the loaded model (K, K_v, Ss, Sy of a
// layer or a named zone, a recharge rate, a flooding infiltration rate), their bounds, and the
// weights of the observations. Reading resolves every target against the scenario (its TOML
// text and the built model) so that a multiplier knows which cells / stress it scales and which
// values of the scenario text the calibrated scenario rewrites (docs/calibration.md).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "params/load_scenario.hpp"
#include "params/units.hpp"

namespace aquifer::params {

enum class CalibrationKind { k, k_vertical, ss, sy, recharge, flooding_infiltration };

[[nodiscard]] const char* calibration_kind_name(CalibrationKind kind);

// A value written in the scenario text that a multiplier scales: where its token starts
// (1-based line and column) and its value in the canonical unit.
struct ValueSite final {
  int line = 0;
  int column = 0;
  double value = 0.0;
  QuantityKind kind = QuantityKind::dimensionless;  // how the written value is read
};

struct CalibrationParameter final {
  std::string name;
  CalibrationKind kind = CalibrationKind::k;
  std::string target;                 // "layer 2", "zone \"lava\"", "recharge \"rain\"", ...
  double initial = 1.0;               // multiplier the search starts from
  double lower = 0.1;                 // bounds on the multiplier
  double upper = 10.0;
  bool log = true;                    // searched as ln(multiplier)
  std::vector<std::int64_t> cells;    // property kinds: cells scaled (GridGeometry::index)
  std::vector<std::int64_t> kv_cells; // kind k: cells whose K_v is the default K / 10
  int stress = -1;                    // recharge / flooding: index in Model::recharge/flooding
  std::vector<ValueSite> sites;       // scenario values rewritten in the calibrated scenario
};

struct CalibrationSpec final {
  std::string path;
  std::vector<CalibrationParameter> parameters;
  double sigma_m = 0.01;                      // default observation standard deviation [m]
  std::map<std::string, double> well_sigma_m; // per observation well [m]
  int max_iterations = 30;
  std::string method = "brgn";                // "brgn" | "pounders"
  double fd_step = 1e-3;                      // finite-difference step (ln m, or relative)
};

// Reads calib.toml and resolves every target against `loaded`. Throws InputError listing every
// problem (file:line:col).
[[nodiscard]] CalibrationSpec read_calibration(const std::string& path,
                                               const LoadedScenario& loaded);

// Scales `model` (loaded with multipliers 1) by `multipliers` (one per parameter).
void apply_multipliers(const CalibrationSpec& spec, const std::vector<double>& multipliers,
                       solver::Model& model);

// The scenario text with every scaled value replaced by its calibrated value (a plain number in
// the canonical unit) and a header comment naming the multipliers. Throws std::runtime_error
// when a value is not found where it was read (the text no longer matches the spec).
[[nodiscard]] std::string calibrated_scenario_text(const LoadedScenario& loaded,
                                                   const CalibrationSpec& spec,
                                                   const std::vector<double>& multipliers);

}  // namespace aquifer::params
