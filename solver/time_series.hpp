// Piecewise-constant time series: the stress schedules of wells and recharge.
#pragma once

#include <vector>

namespace aquifer::solver {

// value(t) = values[i] for times_d[i] <= t < times_d[i+1]; before times_d[0] it is
// value_before; after the last time the last value holds. times_d are days since model
// start, strictly increasing.
struct PiecewiseConstant final {
  double value_before = 0.0;
  std::vector<double> times_d;
  std::vector<double> values;

  static PiecewiseConstant constant(double v) {
    PiecewiseConstant p;
    p.value_before = v;
    return p;
  }

  [[nodiscard]] double at(double t_d) const;
  // Time-average over [t0, t1]; equals at() when no change lies inside.
  [[nodiscard]] double average(double t0_d, double t1_d) const;
};

}  // namespace aquifer::solver
