#include "mf6/run.hpp"

#include <cmath>

namespace aquifer::mf6 {

std::vector<double> step_lengths(const StressPeriod& p) {
  std::vector<double> dt(static_cast<std::size_t>(p.steps));
  double first = p.length / p.steps;
  if (p.multiplier != 1.0) first = p.length * (1.0 - p.multiplier) / (1.0 - std::pow(p.multiplier, p.steps));
  for (int k = 0; k < p.steps; ++k) dt[static_cast<std::size_t>(k)] = first * std::pow(p.multiplier, k);
  return dt;
}

}  // namespace aquifer::mf6
