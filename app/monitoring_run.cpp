#include "app/monitoring_run.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <limits>
#include <map>
#include <string>

#include "app/mf6_command.hpp"
#include "app/monitor_command.hpp"
#include "compliance/run_results.hpp"
#include "params/calendar.hpp"
#include "params/problems.hpp"
#include "sensors/anomaly_writers.hpp"
#include "sensors/detectors_quality.hpp"
#include "sensors/monitoring.hpp"

namespace aquifer::app {
namespace {

void print_problems(const params::InputError& e) {
  for (const auto& p : e.problems()) std::cerr << p.to_string() << '\n';
  std::cerr << "aquifer: " << e.problems().size()
            << " input error(s) in the monitoring settings; nothing was computed or written\n";
}

// Observation-well metadata the detectors use, unless [monitoring] gives it per well.
void add_well_metadata(const params::LoadedScenario& loaded, sensors::MonitoringConfig& config) {
  for (const auto& w : loaded.observation_wells) {
    sensors::WellMonitoringInfo& info = config.wells[w.id];
    if (!info.tube_top_m) info.tube_top_m = w.tube_top_m;
    if (!info.sensor_level_m) info.sensor_level_m = w.sensor_elevation_m;
    if (!info.warning_level_m) info.warning_level_m = w.warning_level_m;
  }
}

std::vector<compliance::HydrographSeries> hydrographs(
    const params::LoadedScenario& loaded, const ObservationTracker& tracker,
    const sensors::ObservationSet& set, const sensors::MonitoringResult& result) {
  std::vector<compliance::HydrographSeries> out;
  const double t0 = loaded.start_epoch_d;
  for (std::size_t i = 0; i < tracker.wells().size(); ++i) {
    compliance::HydrographSeries h;
    h.well_id = tracker.wells()[i].id;
    const auto& obs = tracker.observed(i);
    for (std::size_t k = 0; k < obs.t.size(); ++k) {
      if (!std::isfinite(obs.head[k])) continue;
      h.observed_t_d.push_back(obs.t[k] - t0);
      h.observed_head_m.push_back(obs.head[k]);
    }
    for (std::size_t k = 0; k < tracker.simulated_epoch_d().size(); ++k) {
      h.simulated_t_d.push_back(tracker.simulated_epoch_d()[k] - t0);
      h.simulated_head_m.push_back(tracker.simulated_head_m(i)[k]);
    }
    for (std::size_t s = 0; s < set.series.size(); ++s) {
      if (set.series[s].well_id != h.well_id) continue;
      for (const auto& a : result.series[s].anomalies) {
        h.anomalies.push_back({a.start_d - t0, a.end_d - t0, std::string(sensors::kind_name(a.kind)),
                               std::string(sensors::severity_name(a.severity))});
      }
    }
    if (tracker.wells()[i].warning_level_m) h.warning_level_m = *tracker.wells()[i].warning_level_m;
    out.push_back(std::move(h));
  }
  return out;
}

void print_summary(const sensors::MonitoringResult& result) {
  std::map<std::string, int> by_kind;
  std::vector<const sensors::Anomaly*> notable;
  for (const auto* a : result.all()) {
    ++by_kind[std::string(sensors::kind_name(a->kind))];
    if (a->severity != sensors::Severity::info) notable.push_back(a);
  }
  std::cout << "Monitoring: " << result.all().size() << " events";
  const char* sep = " (";
  for (const auto& [kind, n] : by_kind) {
    std::cout << sep << kind << " " << n;
    sep = ", ";
  }
  std::cout << (by_kind.empty() ? "" : ")") << "; warnings and alarms:\n";
  constexpr std::size_t kListed = 25;
  for (std::size_t k = 0; k < notable.size() && k < kListed; ++k) {
    const auto* a = notable[k];
    std::cout << "  " << sensors::severity_name(a->severity) << "  " << a->well_id << "  "
              << sensors::kind_name(a->kind) << "  " << params::format_date(a->start_d, a->utc_offset_min)
              << ": " << a->detail << '\n';
  }
  if (notable.size() > kListed)
    std::cout << "  ... and " << notable.size() - kListed << " more (anomalies.csv)\n";
}

double mean_between(const std::vector<double>& t, const std::vector<double>& h, double t0, double t1) {
  double sum = 0.0;
  int n = 0;
  for (std::size_t k = 0; k < t.size(); ++k) {
    if (t[k] > t0 && t[k] <= t1 && std::isfinite(h[k])) {
      sum += h[k];
      ++n;
    }
  }
  return n > 0 ? sum / n : std::nan("");
}

}  // namespace

namespace {

// An extraction well of the model: where it is and when it starts pumping.
struct Extractor {
  std::string id, owner;
  double x_m = 0.0, y_m = 0.0;
  double start_d = 0.0;  // days since model start of the first extraction (0: from the start)
};

std::vector<Extractor> extractors(const solver::Model& m) {
  std::vector<Extractor> out;
  const std::int64_t layer_cells = static_cast<std::int64_t>(m.grid.nx) * m.grid.ny;
  for (const auto& w : m.wells) {
    if (w.cells.empty()) continue;
    const auto& r = w.rate_m3_per_d;
    double start = r.value_before < 0.0 ? 0.0 : -1.0;
    for (std::size_t i = 0; start < 0.0 && i < r.values.size(); ++i)
      if (r.values[i] < 0.0) start = std::max(0.0, r.times_d[i]);
    if (start < 0.0 || start >= m.time.end_d) continue;  // never extracts within the run
    // Centre of the well's share-weighted cells.
    double x = 0.0, y = 0.0, sum = 0.0;
    for (const auto& c : w.cells) {
      const auto in_layer = c.cell % layer_cells;
      x += c.fraction * m.grid.x_centre(static_cast<int>(in_layer % m.grid.nx));
      y += c.fraction * m.grid.y_centre(static_cast<int>(in_layer / m.grid.nx));
      sum += c.fraction;
    }
    if (sum <= 0.0) continue;
    out.push_back({w.id, w.owner, x / sum, y / sum, start});
  }
  return out;
}

}  // namespace

void print_head_changes(const ObservationTracker& tracker, const params::LoadedScenario& loaded) {
  const auto& t = tracker.simulated_epoch_d();
  if (tracker.wells().empty() || t.size() < 2 || t.back() - t.front() < 730.0) return;
  const double first = t.front(), last = t.back();
  const auto pumps = extractors(loaded.model);
  std::vector<double> change(tracker.wells().size());
  std::printf("Simulated head at the observation wells (mean m over the first and the last 365 d):\n");
  std::printf("  %-20s %10s %10s %9s   %s\n", "well", "first", "last", "change", "nearest extraction well");
  for (std::size_t i = 0; i < tracker.wells().size(); ++i) {
    const auto& well = tracker.wells()[i];
    const auto& h = tracker.simulated_head_m(i);
    const double a = mean_between(t, h, first, first + 365.0);
    const double b = mean_between(t, h, last - 365.0, last);
    change[i] = b - a;
    std::string nearest;
    double best = std::numeric_limits<double>::infinity();
    for (const auto& p : pumps) {
      const double d = std::hypot(p.x_m - well.x_m, p.y_m - well.y_m);
      if (d < best) {
        best = d;
        char buf[160];
        std::snprintf(buf, sizeof buf, "%s (%.1f km)", p.id.c_str(), d / 1000.0);
        nearest = buf;
      }
    }
    std::printf("  %-20.20s %10.2f %10.2f %+9.2f   %s\n", well.id.c_str(), a, b, change[i], nearest.c_str());
  }
  // Extractors that start during the run (e.g. a new plant): the head change at the nearest
  // observation well, which the first-year mean does not yet contain.
  for (const auto& p : pumps) {
    if (p.start_d <= 0.0) continue;
    std::size_t nearest = 0;
    double best = std::numeric_limits<double>::infinity();
    for (std::size_t i = 0; i < tracker.wells().size(); ++i) {
      const double d = std::hypot(p.x_m - tracker.wells()[i].x_m, p.y_m - tracker.wells()[i].y_m);
      if (d < best) best = d, nearest = i;
    }
    std::printf("Near %s%s%s (extracting from %s): %s, %.1f km away, %+.2f m over the run\n", p.id.c_str(),
                p.owner.empty() ? "" : ", ", p.owner.c_str(),
                params::format_date(loaded.start_epoch_d + p.start_d, loaded.utc_offset_min).c_str(),
                tracker.wells()[nearest].id.c_str(), best / 1000.0, change[nearest]);
  }
  std::fflush(stdout);
}

std::optional<sensors::MonitoringConfig> load_run_monitoring(const params::LoadedScenario& loaded,
                                                             bool root) {
  if (is_mf6_deck(loaded.scenario_path)) return sensors::MonitoringConfig{};  // no TOML tables
  try {
    sensors::MonitoringConfig config = sensors::load_monitoring_config(loaded.scenario_path);
    for (const auto& file : config.quality_files) (void)sensors::read_quality_csv(file);
    add_well_metadata(loaded, config);
    return config;
  } catch (const params::InputError& e) {
    if (root) print_problems(e);
    return std::nullopt;
  }
}

bool has_monitoring(const ObservationTracker& tracker, const sensors::MonitoringConfig& config) {
  if (!config.quality_files.empty()) return true;
  for (std::size_t i = 0; i < tracker.wells().size(); ++i)
    if (!tracker.observed(i).t.empty()) return true;
  return false;
}

namespace {

// The detectors over the observed series of every well with data, with the simulated heads at
// the wells for the model_residual detector: the same computation in `run` and `comply`.
struct MonitoredWells final {
  sensors::ObservationSet set;
  sensors::MonitoringResult result;
};

MonitoredWells monitor_wells(const ObservationTracker& tracker, const sensors::MonitoringConfig& config) {
  MonitoredWells out;
  std::map<std::string, sensors::SimulatedSeries> sims;
  for (std::size_t i = 0; i < tracker.wells().size(); ++i) {
    const auto& id = tracker.wells()[i].id;
    if (!tracker.observed(i).t.empty()) out.set.series.push_back(tracker.observed(i));
    sims[id] = sensors::SimulatedSeries{tracker.simulated_epoch_d(), tracker.simulated_head_m(i)};
  }
  out.result = sensors::run_monitoring(out.set, config, sims);
  return out;
}

}  // namespace

std::vector<compliance::HydrographSeries> finish_run_monitoring(
    const params::LoadedScenario& loaded, const ObservationTracker& tracker,
    const sensors::MonitoringConfig& config, const std::filesystem::path& out_dir) {
  const bool check = has_monitoring(tracker, config);  // readings or [[quality]] files
  if (tracker.empty() && !check) return {};
  const MonitoredWells m = monitor_wells(tracker, config);
  if (check) {
    write_monitoring_outputs(out_dir.string(), m.set, m.result, sensors::CleanMode::marked);
    print_summary(m.result);
  }
  return hydrographs(loaded, tracker, m.set, m.result);
}

std::optional<std::vector<compliance::HydrographSeries>> rebuild_run_hydrographs(
    const params::LoadedScenario& loaded, const std::filesystem::path& results_dir) {
  const auto tracker = make_observation_tracker(loaded, true);
  if (!tracker) return std::nullopt;
  const auto config = load_run_monitoring(loaded, true);
  if (!config) return std::nullopt;
  if (tracker->empty()) return std::vector<compliance::HydrographSeries>{};
  const auto heads_h5 = results_dir / "heads.h5";
  if (!std::filesystem::is_regular_file(heads_h5)) {
    throw compliance::ResultsError(
        heads_h5.string() + ": missing; the scenario has " + std::to_string(tracker->wells().size()) +
        " observation well(s), and their simulated heads for report.html are only in heads.h5 "
        "(/observations/<id>/), which `aquifer run` writes unless [output] hdf5 = false");
  }
  try {
    tracker->read_simulated(heads_h5.string());
  } catch (const std::exception& e) {
    throw compliance::ResultsError(e.what());
  }
  const MonitoredWells m = monitor_wells(*tracker, *config);
  return hydrographs(loaded, *tracker, m.set, m.result);
}

}  // namespace aquifer::app
