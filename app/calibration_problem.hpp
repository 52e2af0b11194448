// One objective evaluation of `aquifer calibrate`: the model scaled by the multipliers, run in
// process (nothing written), and the weighted head residuals r_i = (sim(t_i) - obs_i) / sigma
// at every observation reading inside the simulated period (the simulated series interpolated
// linearly in time, as the run's statistics do).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "app/observation_wells_run.hpp"
#include "params/calibration_spec.hpp"
#include "sensors/fit_statistics.hpp"

namespace aquifer::app {

struct Evaluation final {
  std::vector<double> residuals;              // weighted, one per observation reading
  double ssr = 0.0;                           // sum of squared weighted residuals
  std::vector<sensors::FitStatistics> wells;  // per observation well (unweighted, metres)
  std::size_t undefined = 0;                  // readings at a dry well (residual set to 0)
};

class CalibrationProblem final {
 public:
  // Selects the readings; throws params::InputError when none lies in the simulated period.
  CalibrationProblem(const params::LoadedScenario& loaded, const params::CalibrationSpec& spec,
                     const ObservationTracker& observations);
  [[nodiscard]] std::size_t size() const { return points_.size(); }
  [[nodiscard]] std::size_t parameter_count() const { return spec_.parameters.size(); }
  // Runs the simulation with these multipliers (collective on PETSC_COMM_WORLD). Throws
  // solver::ConvergenceError when it fails.
  [[nodiscard]] Evaluation evaluate(const std::vector<double>& multipliers);
  [[nodiscard]] int simulations() const { return simulations_; }

 private:
  struct Point final {
    std::size_t well = 0;
    double t_epoch_d = 0.0;
    double head_m = 0.0;
    double weight = 1.0;  // 1 / sigma [1/m]
  };
  const params::LoadedScenario& loaded_;
  const params::CalibrationSpec& spec_;
  const ObservationTracker& observations_;
  std::vector<Point> points_;
  int simulations_ = 0;
};

}  // namespace aquifer::app
