// Water budget of one time step: flows into and out of the aquifer per component [m3/d].
#pragma once

#include <array>
#include <cstddef>
#include <string_view>
#include <vector>

namespace aquifer::solver {

enum class BudgetComponent : std::size_t {
  storage,        // in = water released from storage, out = water taken into storage
  constant_head,
  general_head,
  river,
  drain,
  wells,
  recharge,
  flooding,
  count
};

inline constexpr std::size_t kBudgetComponentCount =
    static_cast<std::size_t>(BudgetComponent::count);

// Names used in budget.csv and heads.h5 (outputs contract).
inline constexpr std::array<std::string_view, kBudgetComponentCount> kBudgetComponentNames = {
    "storage", "constant_head", "general_head", "river", "drain", "wells", "recharge", "flooding"};

struct WaterBudget final {
  std::array<double, kBudgetComponentCount> in_m3_per_d{};   // >= 0
  std::array<double, kBudgetComponentCount> out_m3_per_d{};  // >= 0
  double flooding_rejected_m3_per_d = 0.0;

  void add(BudgetComponent c, double flow_into_aquifer_m3_per_d) {
    const auto i = static_cast<std::size_t>(c);
    if (flow_into_aquifer_m3_per_d >= 0.0) {
      in_m3_per_d[i] += flow_into_aquifer_m3_per_d;
    } else {
      out_m3_per_d[i] -= flow_into_aquifer_m3_per_d;
    }
  }
  [[nodiscard]] double total_in() const {
    double s = 0.0;
    for (double v : in_m3_per_d) s += v;
    return s;
  }
  [[nodiscard]] double total_out() const {
    double s = 0.0;
    for (double v : out_m3_per_d) s += v;
    return s;
  }
  // 100 * (in - out) / ((in + out) / 2); 0 when nothing flows.
  [[nodiscard]] double discrepancy_percent() const {
    const double in = total_in();
    const double out = total_out();
    const double mean = 0.5 * (in + out);
    return mean > 0.0 ? 100.0 * (in - out) / mean : 0.0;
  }
};

// Per-well and per-flooding-area rates of one step [m3/d] (all ranks summed), in the order
// of Model::wells and Model::flooding. Pumping is negative as in the scenario.
struct StressAccounting final {
  std::vector<double> well_requested_m3_per_d;
  std::vector<double> well_actual_m3_per_d;      // after the smooth reduction in drying cells
  std::vector<double> flooding_applied_m3_per_d;  // potential infiltration
  std::vector<double> flooding_accepted_m3_per_d; // what entered the aquifer
  std::vector<double> boundary_flow_m3_per_d;     // per Model::boundary_groups, + = into aquifer
  // Per Model::boundary_groups, in and out separately (>= 0): constant-head cells net per
  // cell, head-dependent cells, wells and recharge that name a group.
  std::vector<double> boundary_in_m3_per_d;
  std::vector<double> boundary_out_m3_per_d;
  // MF6 formulation: storage split into specific storage and specific yield, in / out.
  std::array<double, 4> storage_ss_sy_in_out{};  // ss in, ss out, sy in, sy out
};

}  // namespace aquifer::solver
