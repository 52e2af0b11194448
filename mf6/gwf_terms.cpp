#include "mf6/gwf_terms.hpp"

#include <cmath>

namespace aquifer::mf6 {

double cubic_saturation(double top, double bot, double head) {
  const double b = top - bot;
  if (b <= 0.0) return head < bot ? 0.0 : 1.0;
  const double s = (head - bot) / b;
  if (s <= 0.0) return 0.0;
  if (s >= 1.0) return 1.0;
  return -2.0 * s * s * s + 3.0 * s * s;
}

double cubic_saturation_derivative(double top, double bot, double head) {
  const double b = top - bot;
  if (b <= 0.0) return 0.0;
  const double s = (head - bot) / b;
  if (s <= 0.0 || s >= 1.0) return 0.0;
  return (-6.0 * s * s + 6.0 * s) / b;
}

namespace {
double log_mean(double a, double b) {
  const double ratio = b / a;
  if (ratio <= 0.995 || ratio >= 1.005) return (b - a) / std::log(ratio);
  return 0.5 * (a + b);
}
}  // namespace

double mean_conductance(double k1, double k2, double thick1, double thick2, double cl1, double cl2, double width,
                        int method) {
  const double t1 = k1 * thick1, t2 = k2 * thick2;
  switch (method) {
    case 1:
      return t1 * t2 > 0.0 ? log_mean(t1, t2) * width / (cl1 + cl2) : 0.0;
    case 2:
      return k1 * k2 > 0.0 ? log_mean(k1, k2) * 0.5 * (thick1 + thick2) * width / (cl1 + cl2) : 0.0;
    case 3: {
      const double denom = k1 * cl2 + k2 * cl1;
      return denom > 0.0 ? k1 * k2 / denom * 0.5 * (thick1 + thick2) * width : 0.0;
    }
    default:
      return t1 * t2 > 0.0 ? width * t1 * t2 / (t1 * cl2 + t2 * cl1) : 0.0;
  }
}

double vertical_conductance(double area, double thick_upper, double k33_upper, double thick_lower,
                            double k33_lower) {
  if (k33_upper <= 0.0 || k33_lower <= 0.0) return 0.0;
  const double denom = 0.5 * thick_upper / k33_upper + 0.5 * thick_lower / k33_lower;
  return denom > 0.0 ? area / denom : 0.0;
}

}  // namespace aquifer::mf6
