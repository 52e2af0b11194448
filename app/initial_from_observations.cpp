#include "app/initial_from_observations.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <optional>

#include "params/units.hpp"
#include "sensors/kriging.hpp"

namespace aquifer::app {
namespace {

// The non-missing, non-excluded reading nearest `start` within the window.
std::optional<double> head_near(const sensors::ObservationSeries& s, const std::set<int>& excluded,
                                double start, double window_d) {
  std::optional<double> best;
  double best_dt = window_d;
  for (std::size_t i = 0; i < s.t.size(); ++i) {
    const double dt = std::abs(s.t[i] - start);
    if (std::isnan(s.head[i]) || dt > best_dt || excluded.count(s.line[i]) != 0) continue;
    if (best && dt == best_dt) continue;  // the earlier of two equally near readings
    best = s.head[i];
    best_dt = dt;
  }
  return best;
}

int clamp_index(double coord, double origin, double spacing, int n) {
  return std::clamp(static_cast<int>(std::floor((coord - origin) / spacing)), 0, n - 1);
}

// Whether the well observes layer l (its layer, or a screen crossing the cell at the well).
bool observes_layer(const solver::Model& m, const params::ObservationWellSpec& w, int l) {
  if (w.layer) return *w.layer - 1 == l;
  if (!w.screen_m) return false;
  const auto& g = m.grid;
  const auto c = static_cast<std::size_t>(g.index(l, clamp_index(w.y_m, g.y0_m, g.dy_m, g.ny),
                                                  clamp_index(w.x_m, g.x0_m, g.dx_m, g.nx)));
  return std::min(m.properties.top_m[c], (*w.screen_m)[0]) >
         std::max(m.properties.bottom_m[c], (*w.screen_m)[1]);
}

void krige_layer(solver::Model& m, int l, const std::vector<sensors::PointValue>& points,
                 bool log) {
  const auto& g = m.grid;
  std::vector<double> xs, ys;
  for (int row = 0; row < g.ny; ++row) {
    for (int col = 0; col < g.nx; ++col) {
      xs.push_back(g.x_centre(col));
      ys.push_back(g.y_centre(row));
    }
  }
  const auto r = sensors::interpolate_to_points(points, xs, ys);
  for (std::size_t k = 0; k < xs.size(); ++k) {
    m.initial_head_m[static_cast<std::size_t>(l) * xs.size() + k] = r.values[k];
  }
  if (!log) return;
  for (const auto& w : r.warnings) spdlog::warn("initial heads, layer {}: {}", l + 1, w);
  spdlog::info("initial heads, layer {}: {} from {} wells (variogram {}: nugget {:.4g} m2, "
               "partial sill {:.4g} m2, range {:.4g} m); leave-one-out RMSE {:.4g} m",
               l + 1, r.method, points.size(), r.variogram_model.empty() ? "-" : r.variogram_model,
               r.nugget, r.partial_sill, r.range_m, r.loo_rmse);
}

}  // namespace

bool apply_initial_from_observations(params::LoadedScenario& loaded,
                                     const ObservationTracker& tracker, bool root) {
  const auto& f = loaded.initial_from_observations;
  if (!f.enabled) return true;
  solver::Model& m = loaded.model;
  const auto& wells = tracker.wells();
  std::vector<std::optional<double>> value(wells.size());
  std::vector<sensors::PointValue> all;
  for (std::size_t i = 0; i < wells.size(); ++i) {
    value[i] = head_near(tracker.observed(i), tracker.excluded_lines(i), loaded.start_epoch_d,
                         f.window_d);
    if (value[i]) all.push_back({wells[i].id, wells[i].x_m, wells[i].y_m, *value[i]});
  }
  if (all.empty()) {
    if (root) {
      std::cerr << loaded.scenario_path << ": [initial] head = \"observations\": no observation "
                << "well has a reading within " << params::format_number(f.window_d)
                << " d of the start " << loaded.start_iso << "; expected data near the start "
                << "(or a larger [initial] window)\naquifer: 1 input error; nothing was "
                << "computed or written\n";
    }
    return false;
  }
  const bool log = root;
  for (int l = 0; l < m.grid.nlay; ++l) {
    std::vector<sensors::PointValue> points;
    for (std::size_t i = 0; i < wells.size(); ++i) {
      if (value[i] && observes_layer(m, wells[i], l)) {
        points.push_back({wells[i].id, wells[i].x_m, wells[i].y_m, *value[i]});
      }
    }
    if (points.empty()) {
      if (log) spdlog::warn("initial heads, layer {}: no observation well in this layer; "
                            "kriged from the {} wells of all layers", l + 1, all.size());
      points = all;
    }
    try {
      krige_layer(m, l, points, log);
    } catch (const sensors::InterpolationError& e) {
      if (root) {
        std::cerr << loaded.scenario_path << ": [initial] head = \"observations\", layer "
                  << l + 1 << ": " << e.what() << "\naquifer: 1 input error; nothing was "
                  << "computed or written\n";
      }
      return false;
    }
  }
  if (f.relax_to_steady && !m.time.steady_only) m.time.initial_steady = true;
  return true;
}

}  // namespace aquifer::app
