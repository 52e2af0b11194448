#include "sensors/head_probes.hpp"

#include <algorithm>
#include <cmath>

#include "params/load_scenario.hpp"

namespace aquifer::sensors {
namespace {

struct Axis final {
  int i0 = 0;
  int i1 = 0;
  double t = 0.0;  // weight of i1
};

// Position `coord` on an axis of n cell centres at origin + (i + 0.5) * spacing.
Axis axis_weights(double coord, double origin, double spacing, int n) {
  const double f = (coord - origin) / spacing - 0.5;
  if (f <= 0.0 || n == 1) return {0, 0, 0.0};
  if (f >= n - 1) return {n - 1, n - 1, 0.0};
  const int i0 = static_cast<int>(std::floor(f));
  return {i0, i0 + 1, f - i0};
}

params::InputProblem at_well(const params::ObservationWellSpec& w, const std::string& msg) {
  return {w.scenario_file, w.table_line, w.table_column, w.label + ": " + msg};
}

}  // namespace

std::vector<solver::HeadProbe> build_head_probes(
    const solver::Model& model, const std::vector<params::ObservationWellSpec>& wells) {
  const auto& g = model.grid;
  const auto& p = model.properties;
  std::vector<solver::HeadProbe> probes;
  std::vector<params::InputProblem> problems;
  for (const auto& w : wells) {
    const Axis ax = axis_weights(w.x_m, g.x0_m, g.dx_m, g.nx);
    const Axis ay = axis_weights(w.y_m, g.y0_m, g.dy_m, g.ny);
    const int cols[4] = {ax.i0, ax.i1, ax.i0, ax.i1};
    const int rows[4] = {ay.i0, ay.i0, ay.i1, ay.i1};
    const double wxy[4] = {(1 - ax.t) * (1 - ay.t), ax.t * (1 - ay.t), (1 - ax.t) * ay.t,
                           ax.t * ay.t};
    solver::HeadProbe probe;
    probe.id = w.id;
    bool any_active = false;
    for (int layer = 0; layer < g.nlay; ++layer) {
      if (w.layer && *w.layer - 1 != layer) continue;
      for (int k = 0; k < 4; ++k) {
        if (wxy[k] <= 0.0) continue;
        const auto c = g.index(layer, rows[k], cols[k]);
        double weight = wxy[k];
        if (w.screen_m) {
          const double top = std::min(p.top_m[c], (*w.screen_m)[0]);
          const double bottom = std::max(p.bottom_m[c], (*w.screen_m)[1]);
          if (!(top > bottom)) continue;
          weight *= p.k_m_per_d[c] * (top - bottom);
        }
        if (!(weight > 0.0)) continue;
        const auto it = std::find(probe.cells.begin(), probe.cells.end(), c);
        if (it != probe.cells.end()) {  // clamped axes repeat a cell
          probe.weights[it - probe.cells.begin()] += weight;
          continue;
        }
        any_active = any_active || p.active[c] != 0;
        probe.cells.push_back(c);
        probe.weights.push_back(weight);
      }
    }
    if (probe.cells.empty()) {
      problems.push_back(at_well(w, "the screen crosses no model layer at the well; expected "
                                    "a screen that overlaps the layers there"));
    } else if (!any_active) {
      problems.push_back(at_well(w, "every cell around the well is inactive; expected an "
                                    "observation point inside the active model"));
    }
    probes.push_back(std::move(probe));
  }
  if (!problems.empty()) throw params::InputError(std::move(problems));
  return probes;
}

}  // namespace aquifer::sensors
