#include "mf6/gwf_model.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "mf6/gwf_terms.hpp"
#include "mf6/linear_system.hpp"
#include "solver/mf6_kernels.hpp"

namespace aquifer::mf6 {

namespace {
constexpr double kHdry = -1e30;    // MF6 HDRY
constexpr double kHnoflo = 1e30;   // MF6 HNOFLO
constexpr double kTightTolerance = 1e-9;  // [L] head change that ends the outer iterations
constexpr int kMaxOuter = 2000;
}  // namespace

struct GwfModel::System final {
  explicit System(std::size_t n) : a(n), d(n), b(n, 0.0) {}
  SparseRows a;  // MF6's Picard matrix
  SparseRows d;  // Newton derivative terms
  std::vector<double> b;
};

GwfModel::GwfModel(const Deck& deck) : deck_(deck), ncell_(deck.grid.cells()) {
  const Grid& g = deck.grid;
  ibound_.assign(ncell_, 1);
  h_ = deck.strt;
  top_.resize(ncell_);
  bot_.resize(ncell_);
  area_.resize(ncell_);
  icelltype_ = deck.npf.icelltype;
  sat_start_.assign(ncell_, 1.0);
  for (std::size_t n = 0; n < ncell_; ++n) {
    top_[n] = g.cell_top(n);
    bot_[n] = g.botm[n];
    area_[n] = g.area(n);
    if (g.idomain[n] <= 0) {
      ibound_[n] = 0;
      h_[n] = kHnoflo;
    }
    if (icelltype_[n] < 0) {  // THICKSTRT: confined with the initial saturated thickness
      sat_start_[n] = std::clamp((deck.strt[n] - bot_[n]) / (top_[n] - bot_[n]), 0.0, 1.0);
      icelltype_[n] = 0;
    }
  }
  omega_ = deck.newton ? 1e-6 : 0.0;
  sat_ = sat_start_;
  build_connections();
  if (!deck.newton) wet_dry(0);
}

void GwfModel::build_connections() {
  const Grid& g = deck_.grid;
  const Npf& p = deck_.npf;
  cell_conns_.assign(ncell_, {});
  auto add = [&](Connection c) {
    cell_conns_[c.n].push_back(conns_.size());
    cell_conns_[c.m].push_back(conns_.size());
    conns_.push_back(c);
  };
  for (int k = 0; k < g.nlay; ++k)
    for (int i = 0; i < g.nrow; ++i)
      for (int j = 0; j < g.ncol; ++j) {
        const std::size_t n = g.node(k, i, j);
        if (g.idomain[n] <= 0) continue;
        const double thick_n = (top_[n] - bot_[n]) * sat_start_[n];
        if (j + 1 < g.ncol && g.idomain[n + 1] > 0) {  // along a row (x): K11
          Connection c{n, n + 1, false, 0.5 * g.delr[j], 0.5 * g.delr[j + 1], g.delc[i], 0, 0, p.k11[n], p.k11[n + 1]};
          c.condsat = mean_conductance(c.k_n, c.k_m, thick_n, (top_[n + 1] - bot_[n + 1]) * sat_start_[n + 1], c.cl1,
                                       c.cl2, c.width, p.cell_averaging);
          add(c);
        }
        const std::size_t s = n + g.ncol;  // the next row (south in MF6's numbering): K22
        if (i + 1 < g.nrow && g.idomain[s] > 0) {
          Connection c{n, s, false, 0.5 * g.delc[i], 0.5 * g.delc[i + 1], g.delr[j], 0, 0, p.k22[n], p.k22[s]};
          c.condsat = mean_conductance(c.k_n, c.k_m, thick_n, (top_[s] - bot_[s]) * sat_start_[s], c.cl1, c.cl2,
                                       c.width, p.cell_averaging);
          add(c);
        }
        const std::size_t below = n + static_cast<std::size_t>(g.nrow) * g.ncol;
        if (k + 1 < g.nlay && g.idomain[below] > 0) {  // vertical: K33
          Connection c{n, below, true, 0, 0, 0, area_[n], 0, p.k33[n], p.k33[below]};
          c.condsat = vertical_conductance(area_[n], thick_n, c.k_n, (top_[below] - bot_[below]) * sat_start_[below],
                                           c.k_m);
          add(c);
        }
      }
}

double GwfModel::sat_of(std::size_t n, double head) const {
  if (deck_.newton) return solver::mf6k::saturation(top_[n], bot_[n], head, omega_);
  return head >= top_[n] ? 1.0 : (head - bot_[n]) / (top_[n] - bot_[n]);
}

void GwfModel::apply_constant_heads(int period) {
  for (std::size_t n = 0; n < ncell_; ++n)
    if (ibound_[n] < 0) ibound_[n] = 1;
  for (const auto& p : deck_.packages) {
    if (p.type != PackageType::kChd) continue;
    for (const auto& e : p.periods[static_cast<std::size_t>(period)]) {
      if (deck_.grid.idomain[e.node] <= 0) continue;
      double head = e.values[0];
      if (p.aux_multiplier >= 0) head *= e.aux[static_cast<std::size_t>(p.aux_multiplier)];
      ibound_[e.node] = -1;
      h_[e.node] = head;
    }
  }
}

// MF6's wetting and drying for the standard formulation: first rewet dry cells whose
// neighbour's head reaches bot + |WETDRY|, then dry convertible cells with head <= bot.
void GwfModel::wet_dry(int kiter) {
  const Npf& p = deck_.npf;
  std::vector<char> rewetted(ncell_, 0);
  if (p.rewet && kiter % p.iwetit == 0) {
    for (std::size_t n = 0; n < ncell_; ++n) {
      if (ibound_[n] != 0 || p.wetdry[n] == 0.0 || deck_.grid.idomain[n] <= 0) continue;
      const double awd = std::abs(p.wetdry[n]);
      const double turnon = bot_[n] + awd;
      for (std::size_t ci : cell_conns_[n]) {
        const Connection& c = conns_[ci];
        const std::size_t m = c.n == n ? c.m : c.n;
        if (ibound_[m] <= 0) continue;  // MF6: only active (ibound > 0) neighbours rewet
        if (!c.vertical && p.wetdry[n] < 0) continue;
        if (h_[m] >= turnon) {
          h_[n] = p.ihdwet == 0 ? bot_[n] + p.wetfct * (h_[m] - bot_[n]) : bot_[n] + p.wetfct * awd;
          rewetted[n] = 1;
          ibound_[n] = 1;  // MF6 marks it 30000 (> 0): it may rewet later cells of this pass
          break;
        }
      }
    }
    for (std::size_t n = 0; n < ncell_; ++n)
      if (rewetted[n] != 0) ibound_[n] = 1;
  }
  for (std::size_t n = 0; n < ncell_; ++n) {
    if (ibound_[n] == 0 || icelltype_[n] == 0) continue;
    if (std::min(h_[n], top_[n]) - bot_[n] <= 0.0) {
      if (ibound_[n] < 0) throw std::runtime_error("constant-head cell " + std::to_string(n + 1) + " went dry");
      h_[n] = kHdry;
      ibound_[n] = 0;
    }
  }
}

void GwfModel::update_saturation() {
  for (std::size_t n = 0; n < ncell_; ++n)
    if (icelltype_[n] != 0) sat_[n] = ibound_[n] == 0 ? 0.0 : sat_of(n, h_[n]);
}

double GwfModel::connection_conductance(const Connection& c) const {
  const std::size_t n = c.n, m = c.m;
  if (ibound_[n] == 0 || ibound_[m] == 0) return 0.0;
  const Npf& p = deck_.npf;
  if (icelltype_[n] == 0 && icelltype_[m] == 0) return c.condsat;
  if (c.vertical) {
    if (!p.variable_cv || (h_[n] >= top_[n] && h_[m] >= top_[m])) return c.condsat;
    const double satn = sat_[n];
    const double satm = p.dewatered ? sat_[m] : 1.0;  // n lies above m
    const double b1 = satn * (top_[n] - bot_[n]) * 0.5 / c.k_n;
    const double b2 = satm * (top_[m] - bot_[m]) * 0.5 / c.k_m;
    return b1 + b2 != 0.0 ? c.area / (b1 + b2) : 0.0;
  }
  if (deck_.newton) return (h_[n] > h_[m] ? sat_[n] : sat_[m]) * c.condsat;
  return mean_conductance(c.k_n, c.k_m, sat_[n] * (top_[n] - bot_[n]),
                          sat_[m] * (top_[m] - bot_[m]), c.cl1, c.cl2, c.width, p.cell_averaging);
}

bool perched_flow(const Deck& deck, const std::vector<int>& ictype, const Connection& c, double h_m, double top_m) {
  return c.vertical && deck.npf.perched && ictype[c.m] != 0 && h_m < top_m;
}

double GwfModel::connection_flow(const Connection& c) const {
  const double cond = connection_conductance(c);
  if (perched_flow(deck_, icelltype_, c, h_[c.m], top_[c.m])) return cond * (bot_[c.n] - h_[c.n]);
  return cond * (h_[c.m] - h_[c.n]);
}

void GwfModel::add_flow_terms(System& sys) const {
  for (const Connection& c : conns_) {
    const double cond = connection_conductance(c);
    if (cond == 0.0) continue;
    const std::size_t n = c.n, m = c.m;
    if (perched_flow(deck_, icelltype_, c, h_[m], top_[m])) {
      sys.a.add(n, n, -cond);
      sys.b[n] -= cond * bot_[n];
      sys.a.add(m, n, cond);
      sys.b[m] += cond * bot_[n];
      continue;
    }
    sys.a.add(n, m, cond);
    sys.a.add(n, n, -cond);
    sys.a.add(m, n, cond);
    sys.a.add(m, m, -cond);
    if (deck_.newton && !c.vertical) {
      const std::size_t up = h_[m] < h_[n] ? n : m;
      if (icelltype_[up] == 0) continue;
      const double dq = c.condsat * solver::mf6k::saturation_derivative(top_[up], bot_[up], h_[up], omega_) *
                        (h_[m] - h_[n]);
      sys.d.add(n, up, dq);
      sys.d.add(m, up, -dq);
    }
  }
}

// Flow [L^3/T] from specific storage into cell n at head `head` (MF6 SsTerms).
double GwfModel::storage_rate_ss(std::size_t n, double head) const {
  const Sto& s = deck_.sto;
  const double thick = top_[n] - bot_[n];
  const double rho = s.ss[n] * (s.storage_coefficient ? 1.0 : thick) * area_[n] / delt_;
  if (s.iconvert[n] == 0) return -rho * (head - hold_[n]);
  const double sold = solver::mf6k::saturation(top_[n], bot_[n], hold_[n], omega_);
  const double snew = solver::mf6k::saturation(top_[n], bot_[n], head, omega_);
  if (!s.ss_confined_only) {
    const double zold = bot_[n] + 0.5 * thick * sold, znew = bot_[n] + 0.5 * thick * snew;
    return -rho * snew * (head - znew) + rho * sold * (hold_[n] - zold);
  }
  double rate = 0.0;
  if (sold == 1.0) rate += rho * (hold_[n] - top_[n]);
  if (snew == 1.0) rate -= rho * (head - top_[n]);
  return rate;
}

// Flow [L^3/T] from specific yield into cell n (MF6 SyTerms).
double GwfModel::storage_rate_sy(std::size_t n, double head) const {
  const Sto& s = deck_.sto;
  if (s.iconvert[n] == 0) return 0.0;
  const double thick = top_[n] - bot_[n];
  const double rho = s.sy[n] * area_[n] / delt_;
  const double sold = solver::mf6k::saturation(top_[n], bot_[n], hold_[n], omega_);
  const double snew = solver::mf6k::saturation(top_[n], bot_[n], head, omega_);
  return rho * thick * (sold - snew);
}

void GwfModel::add_storage_terms(System& sys) const {
  for (std::size_t n = 0; n < ncell_; ++n) {
    if (ibound_[n] <= 0) continue;
    // Both rates are linear in head between bot and top (omega = 0): write them as
    // hcof * h + q0, with hcof the slope at the current head, which is MF6's Picard form.
    const double eps = 1e-7 * std::max(1.0, std::abs(h_[n]));
    for (int term = 0; term < 2; ++term) {
      auto rate = [&](double hh) { return term == 0 ? storage_rate_ss(n, hh) : storage_rate_sy(n, hh); };
      const double q = rate(h_[n]);
      const double slope = (rate(h_[n] + eps) - rate(h_[n] - eps)) / (2.0 * eps);
      sys.a.add(n, n, slope);
      sys.b[n] -= q - slope * h_[n];
    }
  }
}

std::size_t GwfModel::recharge_node(const BoundaryPackage& p, std::size_t node) const {
  if (p.fixed_cell) return node;
  const std::size_t per_layer = static_cast<std::size_t>(deck_.grid.nrow) * deck_.grid.ncol;
  std::size_t n = node;
  while (ibound_[n] == 0 && n + per_layer < ncell_) n += per_layer;
  return n;
}

// Flow [L^3/T] from boundary entry e into the model at `node`, at the current heads.
double GwfModel::boundary_flow(const BoundaryPackage& p, const BoundaryEntry& e, std::size_t node) const {
  const double mult = p.aux_multiplier >= 0 ? e.aux[static_cast<std::size_t>(p.aux_multiplier)] : 1.0;
  const double h = h_[node];
  switch (p.type) {
    case PackageType::kWel: {
      double q = e.values[0] * mult;
      if (p.auto_flow_reduce && q < 0.0 && icelltype_[node] != 0) {
        const double tp = bot_[node] + (p.flow_reduce_length ? p.flow_reduce : p.flow_reduce * (top_[node] - bot_[node]));
        q *= cubic_saturation(tp, bot_[node], h);
      }
      return q;
    }
    case PackageType::kRch: return e.values[0] * mult * area_[node];
    case PackageType::kGhb: return e.values[1] * mult * (e.values[0] - h);
    case PackageType::kRiv:
      return e.values[1] * mult * (e.values[0] - std::max(h, e.values[2]));
    case PackageType::kDrn: return h > e.values[0] ? e.values[1] * mult * (e.values[0] - h) : 0.0;
    case PackageType::kChd: return 0.0;
  }
  return 0.0;
}

void GwfModel::add_boundary_terms(System& sys) const {
  for (const auto& p : deck_.packages) {
    if (p.type == PackageType::kChd) continue;
    for (const auto& e : p.periods[static_cast<std::size_t>(period_)]) {
      const std::size_t node = p.type == PackageType::kRch ? recharge_node(p, e.node) : e.node;
      if (ibound_[node] <= 0) continue;
      const double mult = p.aux_multiplier >= 0 ? e.aux[static_cast<std::size_t>(p.aux_multiplier)] : 1.0;
      const double q = boundary_flow(p, e, node);
      double hcof = 0.0;  // d(flow)/dh in MF6's Picard form
      if (p.type == PackageType::kGhb) hcof = -e.values[1] * mult;
      if (p.type == PackageType::kRiv && h_[node] > e.values[2]) hcof = -e.values[1] * mult;
      if (p.type == PackageType::kDrn && h_[node] > e.values[0]) hcof = -e.values[1] * mult;
      sys.a.add(node, node, hcof);
      sys.b[node] -= q - hcof * h_[node];
      if (deck_.newton && p.type == PackageType::kWel && p.auto_flow_reduce && e.values[0] * mult < 0.0 &&
          icelltype_[node] != 0) {
        const double tp = bot_[node] + (p.flow_reduce_length ? p.flow_reduce
                                                               : p.flow_reduce * (top_[node] - bot_[node]));
        sys.d.add(node, node, e.values[0] * mult * cubic_saturation_derivative(tp, bot_[node], h_[node]));
      }
    }
  }
}

void GwfModel::assemble(System& sys, bool steady) const {
  add_flow_terms(sys);
  if (!steady && deck_.sto.present) add_storage_terms(sys);
  add_boundary_terms(sys);
}

int GwfModel::solve_step(int period, double delt, bool steady) {
  period_ = period;
  delt_ = delt;
  steady_ = steady;
  apply_constant_heads(period);
  hold_ = h_;
  if (deck_.npf.rewet)
    for (std::size_t n = 0; n < ncell_; ++n)
      if (ibound_[n] == 0 && deck_.npf.wetdry[n] != 0.0 && deck_.grid.idomain[n] > 0) hold_[n] = bot_[n];
  double last_change = 0.0;
  for (int kiter = 1; kiter <= kMaxOuter; ++kiter) {
    const std::vector<int> before = ibound_;
    if (!deck_.newton) wet_dry(kiter);
    update_saturation();
    System sys(ncell_);
    assemble(sys, steady);
    std::vector<double> hv(ncell_);
    for (std::size_t n = 0; n < ncell_; ++n) hv[n] = ibound_[n] > 0 ? h_[n] : 0.0;
    const std::vector<double> ah = sys.a.multiply(hv);
    std::vector<double> minus_r(ncell_, 0.0);
    SparseRows& j = sys.a;
    for (std::size_t n = 0; n < ncell_; ++n) {
      if (ibound_[n] <= 0) {
        j.set_identity_row(n);
        continue;
      }
      double fixed = 0.0;  // flows from fixed-head neighbours belong in the residual
      for (const auto& [col, v] : sys.a.row(n))
        if (ibound_[col] < 0) fixed += v * h_[col];
      minus_r[n] = sys.b[n] - ah[n] - fixed;
      for (const auto& [col, v] : sys.d.row(n)) j.add(n, col, v);
    }
    for (std::size_t n = 0; n < ncell_; ++n) {  // fixed and inactive columns carry no unknown
      if (ibound_[n] <= 0) continue;
      std::vector<std::size_t> drop;
      for (const auto& [col, v] : j.row(n))
        if (ibound_[col] <= 0) drop.push_back(col);
      for (std::size_t col : drop) j.add(n, col, -j.get(n, col));
    }
    const std::vector<double> dh = solve_linear(j, minus_r);
    double change = 0.0;
    for (std::size_t n = 0; n < ncell_; ++n) {
      if (ibound_[n] <= 0) continue;
      h_[n] += dh[n];
      change = std::max(change, std::abs(dh[n]));
    }
    last_change = change;
    if (change < kTightTolerance && before == ibound_ && kiter > 1) return kiter;
  }
  if (last_change < deck_.ims.outer_dvclose) return kMaxOuter;
  throw std::runtime_error("outer iterations did not converge: last head change " + std::to_string(last_change));
}

std::vector<double> GwfModel::heads_for_output() const {
  std::vector<double> out(h_);
  for (std::size_t n = 0; n < ncell_; ++n) {
    if (deck_.grid.idomain[n] <= 0) out[n] = kHnoflo;
    else if (ibound_[n] == 0) out[n] = kHdry;
  }
  return out;
}

}  // namespace aquifer::mf6

namespace aquifer::mf6 {

double GwfModel::package_flow(int package, const std::string& boundname, std::size_t node, bool by_boundname) const {
  const BoundaryPackage& p = deck_.packages[static_cast<std::size_t>(package)];
  double total = 0.0;
  for (const auto& e : p.periods[static_cast<std::size_t>(period_)]) {
    if (by_boundname ? e.boundname != boundname : e.node != node) continue;
    const std::size_t n = p.type == PackageType::kRch ? recharge_node(p, e.node) : e.node;
    if (p.type == PackageType::kChd) {
      double q = 0.0;
      for (std::size_t ci : cell_conns_[n]) {
        const Connection& c = conns_[ci];
        const double into_n = connection_flow(c);
        q += c.n == n ? into_n : -into_n;
      }
      total -= q;
    } else if (ibound_[n] > 0) {
      total += boundary_flow(p, e, n);
    }
  }
  return total;
}

std::vector<BudgetTerm> GwfModel::budget() const {
  std::vector<BudgetTerm> terms;
  auto add = [](BudgetTerm& t, double q) { (q >= 0 ? t.in : t.out) += std::abs(q); };
  if (deck_.sto.present) {
    BudgetTerm ss{"STO-SS", "STORAGE", 0, 0}, sy{"STO-SY", "STORAGE", 0, 0};
    if (!steady_)
      for (std::size_t n = 0; n < ncell_; ++n) {
        if (ibound_[n] <= 0) continue;
        add(ss, storage_rate_ss(n, h_[n]));
        add(sy, storage_rate_sy(n, h_[n]));
      }
    terms.push_back(ss);
    terms.push_back(sy);
  }
  for (std::size_t pi = 0; pi < deck_.packages.size(); ++pi) {
    const BoundaryPackage& p = deck_.packages[pi];
    BudgetTerm t{p.ftype, p.name, 0, 0};
    for (const auto& e : p.periods[static_cast<std::size_t>(period_)]) {
      const std::size_t n = p.type == PackageType::kRch ? recharge_node(p, e.node) : e.node;
      if (p.type == PackageType::kChd) add(t, package_flow(static_cast<int>(pi), "", e.node, false));
      else if (ibound_[n] > 0) add(t, boundary_flow(p, e, n));
    }
    terms.push_back(t);
  }
  return terms;
}

}  // namespace aquifer::mf6
