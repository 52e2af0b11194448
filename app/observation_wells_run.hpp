// Observation wells in `aquifer run`: their data read before the run (bad data stops it with
// exit 2 before anything is written), the simulated head sampled at every well after every
// step (heads.h5 /observations/<id>/), and at the end the simulated-vs-observed statistics
// written to observations.csv and logged as a table (docs/observations.md).
#pragma once

#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "params/load_scenario.hpp"
#include "sensors/fit_statistics.hpp"
#include "sensors/observation_data.hpp"
#include "solver/simulation.hpp"

namespace aquifer::output {
class ScientificOutputs;
}

namespace aquifer::app {

class ObservationTracker final : public solver::SimulationObserver {
 public:
  // Reads every well's data and builds the probes; throws params::InputError. Logs the data
  // issues (rank 0).
  ObservationTracker(const params::LoadedScenario& loaded, bool root);

  [[nodiscard]] bool empty() const { return wells_.empty(); }
  [[nodiscard]] const std::vector<params::ObservationWellSpec>& wells() const { return wells_; }
  // The observed series of well i (empty without data) and its lines excluded by `exclude`.
  [[nodiscard]] const sensors::ObservationSeries& observed(std::size_t i) const {
    return observed_[i];
  }
  [[nodiscard]] const std::set<int>& excluded_lines(std::size_t i) const {
    return excluded_lines_[i];
  }
  // Registers the probes and this observer; simulated heads also go to `scientific`.
  void attach(solver::Simulation& simulation, output::ScientificOutputs* scientific);
  void on_probe_heads(double t_d, const std::vector<double>& heads_m) override;
  // `aquifer comply`: the simulated heads a finished run wrote to heads_h5_path
  // (/observations/<id>/) in place of sampling them, passed through on_probe_heads as in the
  // run, so that the series are the run's to the bit. Throws std::runtime_error naming the file
  // and what is missing (a well without a series, series of different times).
  void read_simulated(const std::string& heads_h5_path);

  // The simulated heads of every well, after every step: times [days since 1970-01-01 UTC]
  // and the series of well i [m].
  [[nodiscard]] const std::vector<double>& simulated_epoch_d() const { return sim_epoch_d_; }
  [[nodiscard]] const std::vector<double>& simulated_head_m(std::size_t i) const {
    return sim_head_m_[i];
  }
  // Checkpoints: the simulated series so far as exact text, and back (a resumed run's
  // observations.csv, detectors and hydrographs then see the whole run, as an uninterrupted
  // run's do). restore_state throws std::runtime_error on text that does not fit the wells.
  [[nodiscard]] std::string state() const;
  void restore_state(const std::string& text);
  // The statistics of every well (n = 0 for wells without data or overlap).
  [[nodiscard]] std::vector<sensors::FitStatistics> statistics() const;
  // Writes <out_dir>/observations.csv (atomically) and logs the table; rank 0 only.
  void finish(const std::filesystem::path& out_dir) const;

 private:
  const params::LoadedScenario& loaded_;
  bool root_ = false;
  std::vector<params::ObservationWellSpec> wells_;
  std::vector<sensors::ObservationSeries> observed_;  // one per well (empty without data)
  std::vector<std::set<int>> excluded_lines_;         // per well, by the `exclude` rule
  std::vector<double> sim_epoch_d_;                   // simulated times [d since 1970 UTC]
  std::vector<std::vector<double>> sim_head_m_;       // [well][time]
  std::vector<solver::HeadProbe> probes_;              // one per well
  output::ScientificOutputs* scientific_ = nullptr;
};

// The tracker, or nullptr after printing every input problem (rank 0): the run stops with
// exit status 2 before anything is written.
[[nodiscard]] std::unique_ptr<ObservationTracker> make_observation_tracker(
    const params::LoadedScenario& loaded, bool root);

}  // namespace aquifer::app
