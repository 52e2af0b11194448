#include "mf6/to_model.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <stdexcept>
#include <tuple>

#include "mf6/run.hpp"

namespace aquifer::mf6 {

namespace {

bool uniform(const std::vector<double>& v) {
  for (double x : v)
    if (std::abs(x - v.front()) > 1e-12 * std::abs(v.front())) return false;
  return true;
}

double multiplier(const BoundaryPackage& p, const BoundaryEntry& e) {
  return p.aux_multiplier >= 0 ? e.aux[static_cast<std::size_t>(p.aux_multiplier)] : 1.0;
}

bool same_entries(const std::vector<BoundaryEntry>& a, const std::vector<BoundaryEntry>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a[i].node != b[i].node || a[i].values != b[i].values || a[i].aux != b[i].aux) return false;
  return true;
}

// Period start times and the step list.
void add_time(const Deck& deck, Translation& t, std::vector<double>& period_start) {
  double totim = 0.0;
  for (std::size_t p = 0; p < deck.periods.size(); ++p) {
    period_start.push_back(totim);
    const bool steady = !deck.sto.present || deck.sto.steady[p];
    const auto dts = step_lengths(deck.periods[p]);
    double pertim = 0.0;
    for (std::size_t s = 0; s < dts.size(); ++s) {
      pertim += dts[s];
      totim += dts[s];
      const int kstp = static_cast<int>(s) + 1;
      const bool save = deck.save_head[p].saves(kstp, deck.periods[p].steps);
      t.model.time.steps.push_back({dts[s], steady, save});
      t.steps.push_back({static_cast<int>(p) + 1, kstp, pertim, totim, save});
    }
  }
  period_start.push_back(totim);
  t.model.time.end_d = totim;
}

void add_grid(const Deck& deck, Translation& t) {
  const Grid& g = deck.grid;
  auto& m = t.model;
  m.grid = {g.ncol, g.nrow, g.nlay, g.delr.front(), g.delc.front(), g.xorigin, g.yorigin, {}, {}};
  if (!uniform(g.delr) || !uniform(g.delc)) {  // MF6 row 0 is the northern one
    m.grid.col_width_m = g.delr;
    m.grid.row_width_m.assign(g.delc.rbegin(), g.delc.rend());
  }
  const std::size_t n = g.cells();
  t.model_cell.resize(n);
  auto& p = m.properties;
  for (auto* v : {&p.top_m, &p.bottom_m, &p.k_m_per_d, &p.kv_m_per_d, &p.ss_per_m, &p.sy, &p.k22_m_per_d})
    v->assign(n, 0.0);
  p.active.assign(n, 0);
  p.cell_convertible.assign(n, 0);
  p.storage_convertible.assign(n, 0);
  p.layer_type.assign(static_cast<std::size_t>(g.nlay), solver::LayerType::confined);
  m.initial_head_m.assign(n, 0.0);
  for (int k = 0; k < g.nlay; ++k)
    for (int i = 0; i < g.nrow; ++i)
      for (int j = 0; j < g.ncol; ++j) {
        const std::size_t src = g.node(k, i, j);
        const auto dst = static_cast<std::size_t>(m.grid.index(k, g.nrow - 1 - i, j));
        t.model_cell[src] = dst;
        p.top_m[dst] = g.cell_top(src);
        p.bottom_m[dst] = g.botm[src];
        p.k_m_per_d[dst] = deck.npf.k11[src];
        p.k22_m_per_d[dst] = deck.npf.k22[src];
        p.kv_m_per_d[dst] = deck.npf.k33[src];
        p.active[dst] = g.idomain[src] > 0 ? 1 : 0;
        // ICELLTYPE < 0 with THICKSTRT: confined, thickness STRT - BOT for conductances
        // (without THICKSTRT MF6 treats it as convertible).
        const int ict = deck.npf.icelltype[src];
        const bool thickstrt = ict < 0 && deck.npf.thickstrt;
        p.cell_convertible[dst] = ict != 0 && !thickstrt ? 1 : 0;
        if (thickstrt) {
          if (p.confined_saturation.empty()) p.confined_saturation.assign(n, 1.0);
          const double b = g.cell_top(src) - g.botm[src];
          p.confined_saturation[dst] = deck.strt[src] >= g.cell_top(src) ? 1.0 : std::max(0.0, (deck.strt[src] - g.botm[src]) / b);
        }
        if (deck.sto.present) {
          p.ss_per_m[dst] = deck.sto.ss[src];
          p.sy[dst] = deck.sto.sy[src];
          p.storage_convertible[dst] = deck.sto.iconvert[src] != 0 ? 1 : 0;
        }
        m.initial_head_m[dst] = deck.strt[src];
      }
}

// Recharge goes to the first active cell at or below the listed one (MF6 without
// FIXED_CELL); cells never become inactive in the DMDA path.
std::size_t recharge_target(const Deck& deck, const BoundaryPackage& p, std::size_t node) {
  if (p.fixed_cell) return node;
  const std::size_t per_layer = static_cast<std::size_t>(deck.grid.nrow) * deck.grid.ncol;
  while (deck.grid.idomain[node] <= 0 && node + per_layer < deck.grid.cells()) node += per_layer;
  return node;
}

void add_package(const Deck& deck, std::size_t pi, const std::vector<double>& start, Translation& t) {
  const BoundaryPackage& p = deck.packages[pi];
  auto& m = t.model;
  const int group = t.package_group[pi];
  const std::size_t nper = deck.periods.size();
  const Grid& g = deck.grid;
  switch (p.type) {
    case PackageType::kChd: {
      // One constant head per entry and run of identical periods (windows as GHB/RIV/DRN).
      std::size_t per = 0;
      while (per < nper) {
        std::size_t end = per + 1;
        while (end < nper && same_entries(p.periods[end], p.periods[per])) ++end;
        for (const auto& e : p.periods[per])
          if (g.idomain[e.node] > 0)
            m.constant_heads.push_back({static_cast<std::int64_t>(t.model_cell[e.node]), e.values[0] * multiplier(p, e),
                                        group, per == 0 ? -1e300 : start[per], end == nper ? 1e300 : start[end]});
        per = end;
      }
      return;
    }
    case PackageType::kWel: {
      // One well per (node, occurrence in the period) with a rate per period.
      std::map<std::tuple<std::size_t, int>, std::size_t> index;
      for (std::size_t per = 0; per < nper; ++per) {
        std::map<std::size_t, int> seen;
        for (const auto& e : p.periods[per]) {
          const auto key = std::make_tuple(e.node, seen[e.node]++);
          auto it = index.find(key);
          if (it == index.end()) {
            solver::Well w;
            w.id = p.name + ":" + std::to_string(m.wells.size() + 1);
            w.cells.push_back({static_cast<std::int64_t>(t.model_cell[e.node]), 1.0});
            const double b = g.cell_top(e.node) - g.botm[e.node];
            w.reduction_fraction = !p.auto_flow_reduce ? 0.0 : p.flow_reduce_length ? p.flow_reduce / b : p.flow_reduce;
            w.group = group;
            w.rate_m3_per_d.times_d = start;
            w.rate_m3_per_d.values.assign(start.size(), 0.0);
            it = index.emplace(key, m.wells.size()).first;
            m.wells.push_back(std::move(w));
            t.wells.push_back({static_cast<int>(pi), e.node, e.boundname});
          }
          m.wells[it->second].rate_m3_per_d.values[per] = e.values[0] * multiplier(p, e);
        }
      }
      return;
    }
    case PackageType::kRch:
      for (std::size_t per = 0; per < nper; ++per) {
        if (p.periods[per].empty()) continue;
        solver::Recharge r;
        r.id = p.name + ":period" + std::to_string(per + 1);
        r.fixed_cell = true;
        r.pass_down = !p.fixed_cell;
        r.group = group;
        r.rate_m_per_d.times_d = {start[per], start[per + 1]};
        r.rate_m_per_d.values = {1.0, 0.0};
        for (const auto& e : p.periods[per])
          r.columns.push_back({static_cast<std::int64_t>(t.model_cell[recharge_target(deck, p, e.node)]),
                               e.values[0] * multiplier(p, e)});
        m.recharge.push_back(std::move(r));
      }
      return;
    default: break;
  }
  // GHB, RIV, DRN: one cell per entry and run of identical periods.
  std::size_t per = 0;
  while (per < nper) {
    std::size_t end = per + 1;
    while (end < nper && same_entries(p.periods[end], p.periods[per])) ++end;
    for (const auto& e : p.periods[per]) {
      solver::HeadDependentCell c;
      c.cell = static_cast<std::int64_t>(t.model_cell[e.node]);
      c.reference_head_m = e.values[0];
      c.conductance_m2_per_d = e.values[1] * multiplier(p, e);
      c.group = group;
      c.from_d = per == 0 ? -1e300 : start[per];
      c.until_d = end == nper ? 1e300 : start[end];
      c.kind = p.type == PackageType::kGhb   ? solver::HeadDependentKind::general_head
               : p.type == PackageType::kRiv ? solver::HeadDependentKind::river
                                             : solver::HeadDependentKind::drain;
      if (p.type == PackageType::kRiv) c.river_bottom_m = e.values[2];
      m.head_dependent.push_back(c);
    }
    per = end;
  }
}

}  // namespace

Translation to_model(const Deck& deck) {
  Translation t;
  auto& m = t.model;
  m.name = deck.model_name;
  std::vector<double> start;
  add_time(deck, t, start);
  add_grid(deck, t);
  for (std::size_t pi = 0; pi < deck.packages.size(); ++pi) {
    t.package_group.push_back(static_cast<int>(m.boundary_groups.size()));
    m.boundary_groups.push_back(deck.packages[pi].name);
  }
  for (std::size_t pi = 0; pi < deck.packages.size(); ++pi) add_package(deck, pi, start, t);
  auto& f = m.formulation;
  f.mf6 = true;
  f.newton = deck.newton;
  f.saturation_omega = deck.newton ? 1e-6 : 0.0;
  f.variable_cv = deck.npf.variable_cv;
  f.dewatered = deck.npf.dewatered;
  f.perched = deck.npf.perched;
  f.storage_coefficient = deck.sto.present && deck.sto.storage_coefficient;
  bool any_convertible = false;
  for (int v : deck.npf.icelltype) any_convertible = any_convertible || v > 0 || (v < 0 && !deck.npf.thickstrt);
  f.wet_dry = !deck.newton && any_convertible;
  f.rewet = deck.npf.rewet;
  f.wetfct = deck.npf.wetfct;
  f.iwetit = deck.npf.iwetit;
  f.ihdwet = deck.npf.ihdwet;
  f.cell_averaging = deck.npf.cell_averaging;
  f.ss_confined_only = deck.sto.present && deck.sto.ss_confined_only;
  if (deck.npf.rewet) {
    m.properties.wetdry_m.assign(deck.grid.cells(), 0.0);
    for (std::size_t n = 0; n < deck.grid.cells(); ++n) m.properties.wetdry_m[t.model_cell[n]] = deck.npf.wetdry[n];
  }
  // Converged far below IMS's OUTER_DVCLOSE, so the remaining difference is MODFLOW's own.
  m.solver.head_tolerance_m = 1e-9;
  m.solver.residual_tolerance = 1e-13;
  m.solver.max_newton_iterations = 300;
  m.solver.linear_solver = "boomeramg";  // wet/dry and Newton systems defeat PFMG
  return t;
}

}  // namespace aquifer::mf6
