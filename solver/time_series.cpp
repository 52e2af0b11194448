#include "solver/time_series.hpp"

#include <algorithm>

namespace aquifer::solver {

double PiecewiseConstant::at(double t_d) const {
  // The last change time that is <= t_d.
  auto it = std::upper_bound(times_d.begin(), times_d.end(), t_d);
  if (it == times_d.begin()) return value_before;
  return values[static_cast<std::size_t>(it - times_d.begin()) - 1];
}

double PiecewiseConstant::average(double t0_d, double t1_d) const {
  if (t1_d <= t0_d) return at(t0_d);
  double integral = 0.0;
  double t = t0_d;
  auto it = std::upper_bound(times_d.begin(), times_d.end(), t0_d);
  while (t < t1_d) {
    const double next = (it == times_d.end()) ? t1_d : std::min(*it, t1_d);
    integral += at(t) * (next - t);
    t = next;
    if (it != times_d.end()) ++it;
  }
  return integral / (t1_d - t0_d);
}

}  // namespace aquifer::solver
