#include "app/calibration_problem.hpp"

#include <petscsys.h>

#include <cmath>

#include "params/calendar.hpp"
#include "sensors/head_probes.hpp"
#include "solver/simulation.hpp"

namespace aquifer::app {
namespace {

// Collects the simulated head at every probe after every step.
class ProbeRecorder final : public solver::SimulationObserver {
 public:
  ProbeRecorder(double start_epoch_d, std::size_t wells)
      : start_epoch_d_(start_epoch_d), heads_m(wells) {}
  void on_probe_heads(double t_d, const std::vector<double>& h) override {
    const double epoch = start_epoch_d_ + t_d;
    if (!epoch_d.empty() && epoch <= epoch_d.back()) return;
    epoch_d.push_back(epoch);
    for (std::size_t i = 0; i < h.size(); ++i) heads_m[i].push_back(h[i]);
  }
  double start_epoch_d_;
  std::vector<double> epoch_d;
  std::vector<std::vector<double>> heads_m;  // [well][time]
};

}  // namespace

CalibrationProblem::CalibrationProblem(const params::LoadedScenario& loaded,
                                       const params::CalibrationSpec& spec,
                                       const ObservationTracker& observations)
    : loaded_(loaded), spec_(spec), observations_(observations) {
  const double t0 = loaded.start_epoch_d;
  const double t1 = t0 + (loaded.model.time.steady_only ? 0.0 : loaded.model.time.end_d);
  for (std::size_t w = 0; w < observations.wells().size(); ++w) {
    const auto& id = observations.wells()[w].id;
    const auto sigma = spec.well_sigma_m.count(id) ? spec.well_sigma_m.at(id) : spec.sigma_m;
    const auto& s = observations.observed(w);
    for (std::size_t j = 0; j < s.t.size(); ++j) {
      if (std::isnan(s.head[j]) || s.t[j] < t0 || s.t[j] > t1) continue;
      if (observations.excluded_lines(w).count(s.line[j])) continue;
      points_.push_back({w, s.t[j], s.head[j], 1.0 / sigma});
    }
  }
  if (points_.empty()) {
    const int tz = loaded.utc_offset_min;
    // At the first well's `data` (the readings that miss the period), else the scenario.
    params::InputProblem where{loaded.scenario_path, 0, 0, ""};
    for (const auto& w : observations.wells()) {
      if (w.data_path.empty()) continue;
      where = {w.scenario_file, w.data_line, w.data_column, ""};
      break;
    }
    throw params::InputError({{where.file, where.line, where.column,
                               "no observation reading of any [[observation_wells]] lies inside "
                               "the simulated period " + params::format_iso8601(t0, tz) + " .. " +
                                   params::format_iso8601(t1, tz) +
                                   "; calibration needs observed heads during the run"}});
  }
  if (points_.size() <= spec.parameters.size()) {
    throw params::InputError({{spec.path, 0, 0,
                               std::to_string(points_.size()) + " observation reading(s) in the "
                               "simulated period for " + std::to_string(spec.parameters.size()) +
                               " parameter(s); expected more readings than parameters"}});
  }
}

Evaluation CalibrationProblem::evaluate(const std::vector<double>& multipliers) {
  solver::Model model = loaded_.model;
  params::apply_multipliers(spec_, multipliers, model);
  const auto& wells = observations_.wells();
  ProbeRecorder recorder(loaded_.start_epoch_d, wells.size());
  {
    solver::Simulation simulation(model, PETSC_COMM_WORLD);
    simulation.set_probes(sensors::build_head_probes(model, wells));
    simulation.add_observer(&recorder);
    ++simulations_;
    simulation.run();
  }
  Evaluation e;
  e.residuals.reserve(points_.size());
  for (const auto& p : points_) {
    const double sim = sensors::interpolate_linear(recorder.epoch_d, recorder.heads_m[p.well],
                                                   p.t_epoch_d);
    double r = 0.0;
    if (std::isnan(sim)) ++e.undefined;
    else r = p.weight * (sim - p.head_m);
    e.residuals.push_back(r);
    e.ssr += r * r;
  }
  for (std::size_t w = 0; w < wells.size(); ++w) {
    auto s = sensors::compare_series(recorder.epoch_d, recorder.heads_m[w],
                                     observations_.observed(w), observations_.excluded_lines(w));
    s.well_id = wells[w].id;
    e.wells.push_back(s);
  }
  return e;
}

}  // namespace aquifer::app
