// What `aquifer calibrate` writes into its output folder (rank 0, each file atomically):
//   calibration.json          estimates, bounds, standard errors, correlation, objective
//                             history, statistics before/after per well
//   calibration_history.csv   iteration,ssr
//   calibration_statistics.csv  per observation well with readings: n, bias, RMSE, NSE before
//                             and after
//   <scenario stem>.calibrated.toml  the scenario text with the calibrated values written in
// and the table it logs.
#pragma once

#include <filesystem>

#include "app/calibration_tao.hpp"

namespace aquifer::app {

// Writes the four files; returns the path of the calibrated scenario.
std::filesystem::path write_calibration_outputs(const std::filesystem::path& out_dir,
                                                const params::LoadedScenario& loaded,
                                                const params::CalibrationSpec& spec,
                                                const CalibrationProblem& problem,
                                                const CalibrationResult& result);

// Logs the estimates and the per-well statistics before and after.
void log_calibration(const params::CalibrationSpec& spec, const CalibrationResult& result);

}  // namespace aquifer::app
