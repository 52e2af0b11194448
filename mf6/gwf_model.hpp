// The MODFLOW 6 groundwater-flow equations on a structured grid, solved as MF6 does:
// for every cell n
//   sum_m C_nm (h_m - h_n) + Q_storage,n + sum Q_boundary,n = 0
// with MF6's conductances (harmonic mean of K * saturated thickness, vertical conductance
// from half-cell thicknesses, VARIABLECV/DEWATERED, PERCHED), storage (SsTerms/SyTerms with
// the saturation-weighted elevation term), wet/dry and rewetting (standard formulation) or
// the Newton-Raphson formulation (upstream-weighted quadratic-smoothed saturation, omega =
// 1e-6, AUTO_FLOW_REDUCE by a cubic reduction). Each outer iteration assembles MF6's Picard
// matrix A and right-hand side b, adds the Newton derivative terms D, and solves
// (A + D) dh = -(A h - b); for the standard formulation this is MF6's Picard update.
// Heads are converged to a tolerance far below IMS's OUTER_DVCLOSE.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "mf6/deck.hpp"

namespace aquifer::mf6 {

struct Connection final {
  std::size_t n = 0, m = 0;  // m > n; vertical: m is below n
  bool vertical = false;
  double cl1 = 0, cl2 = 0, width = 0;  // horizontal: half-distances and face width [L]
  double area = 0;                     // vertical: horizontal cell area [L^2]
  double condsat = 0;                  // saturated conductance [L^2/T]
  double k_n = 0, k_m = 0;             // K of each cell towards the other [L/T]
};

// One budget line: flow into (in) and out of (out) the model for one term [L^3/T].
struct BudgetTerm final {
  std::string term;     // STO-SS, STO-SY, CHD, WEL, RCHA, ...
  std::string package;  // package name
  double in = 0.0, out = 0.0;
};

class GwfModel final {
 public:
  explicit GwfModel(const Deck& deck);

  // Advances one time step of length delt (steady: no storage). Returns the number of outer
  // iterations; throws std::runtime_error when it does not converge.
  int solve_step(int period, double delt, bool steady);

  [[nodiscard]] const std::vector<double>& heads() const { return h_; }
  // Heads as MF6 writes them: 1e30 for cells outside IDOMAIN, -1e30 for dry cells.
  [[nodiscard]] std::vector<double> heads_for_output() const;
  [[nodiscard]] std::vector<BudgetTerm> budget() const;
  // Simulated flow [L^3/T] into the model of package p at entries that match the filter.
  [[nodiscard]] double package_flow(int package, const std::string& boundname, std::size_t node,
                                    bool by_boundname) const;
  [[nodiscard]] bool active(std::size_t n) const { return ibound_[n] != 0; }

 private:
  struct System;  // sparse matrix rows built per outer iteration
  void build_connections();
  void apply_constant_heads(int period);
  void wet_dry(int kiter);
  void update_saturation();
  void assemble(System& sys, bool steady) const;
  void add_flow_terms(System& sys) const;
  void add_storage_terms(System& sys) const;
  void add_boundary_terms(System& sys) const;
  [[nodiscard]] double storage_rate_ss(std::size_t n, double head) const;
  [[nodiscard]] double storage_rate_sy(std::size_t n, double head) const;
  [[nodiscard]] double connection_flow(const Connection& c) const;  // into n from m
  [[nodiscard]] double boundary_flow(const BoundaryPackage& p, const BoundaryEntry& e, std::size_t node) const;
  [[nodiscard]] std::size_t recharge_node(const BoundaryPackage& p, std::size_t node) const;
  [[nodiscard]] double connection_conductance(const Connection& c) const;
  [[nodiscard]] double sat_of(std::size_t n, double head) const;

  const Deck& deck_;
  std::vector<int> icelltype_;  // THICKSTRT cells become confined (0)
  std::vector<double> sat_start_;  // THICKSTRT saturated fraction, 1 otherwise
  std::size_t ncell_ = 0;
  std::vector<int> ibound_;  // 1 active, 0 inactive/dry, -1 constant head
  std::vector<double> h_, hold_, sat_, top_, bot_, area_;
  std::vector<Connection> conns_;
  std::vector<std::vector<std::size_t>> cell_conns_;  // connection indices per cell
  int period_ = 0;
  double delt_ = 1.0;
  bool steady_ = true;
  double omega_ = 0.0;  // saturation smoothing (1e-6 with NEWTON)
};

}  // namespace aquifer::mf6
