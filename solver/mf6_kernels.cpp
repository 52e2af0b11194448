#include "solver/mf6_kernels.hpp"

#include <cmath>

namespace aquifer::solver::mf6k {

double saturation(double top_m, double bot_m, double head_m, double omega) {
  const double b = top_m - bot_m;
  if (b <= 0.0) return head_m < bot_m ? 0.0 : 1.0;
  if (head_m < bot_m) return 0.0;
  if (head_m > top_m) return 1.0;
  const double br = (head_m - bot_m) / b;
  if (omega <= 0.0) return br;
  const double av = 1.0 / (1.0 - omega);
  if (br < omega) return av * 0.5 * br * br / omega;
  if (br < 1.0 - omega) return av * br + 0.5 * (1.0 - av);
  const double bri = 1.0 - br;
  return 1.0 - av * 0.5 * bri * bri / omega;
}

double saturation_derivative(double top_m, double bot_m, double head_m, double omega) {
  const double b = top_m - bot_m;
  if (b <= 0.0 || head_m < bot_m || head_m > top_m) return 0.0;
  const double br = (head_m - bot_m) / b;
  if (omega <= 0.0) return 1.0 / b;
  const double av = 1.0 / (1.0 - omega);
  if (br < omega) return av * br / omega / b;
  if (br < 1.0 - omega) return av / b;
  return av * (1.0 - br) / omega / b;
}

namespace {
double sat_of(const Side& s, double omega) {
  return s.convertible ? saturation(s.top_m, s.bot_m, s.head_m, omega) : s.confined_sat;
}
double logmean(double x, double y) {
  const double ratio = y / x;
  if (ratio <= 0.995 || ratio >= 1.005) return (y - x) / std::log(ratio);
  return 0.5 * (x + y);
}
double dsat_of(const Side& s, double omega) {
  return s.convertible ? saturation_derivative(s.top_m, s.bot_m, s.head_m, omega) : 0.0;
}
}  // namespace

double mean_conductance(double k_a, double b_a, double cl_a, double k_b, double b_b, double cl_b, double width_m,
                        CellAveraging averaging) {
  const double ta = k_a * b_a, tb = k_b * b_b;
  switch (averaging) {
    case CellAveraging::harmonic:
      if (ta <= 0.0 || tb <= 0.0) return 0.0;
      if (cl_a == cl_b) return 2.0 * width_m * ta * tb / ((ta + tb) * (cl_a + cl_b));  // uniform spacing
      return width_m * ta * tb / (ta * cl_b + tb * cl_a);
    case CellAveraging::logarithmic:
      return ta > 0.0 && tb > 0.0 ? logmean(ta, tb) * width_m / (cl_a + cl_b) : 0.0;
    case CellAveraging::amt_lmk:
      return k_a > 0.0 && k_b > 0.0 ? logmean(k_a, k_b) * 0.5 * (b_a + b_b) * width_m / (cl_a + cl_b) : 0.0;
    case CellAveraging::amt_hmk: {
      const double denom = k_a * cl_b + k_b * cl_a;
      return denom > 0.0 ? k_a * k_b / denom * 0.5 * (b_a + b_b) * width_m : 0.0;
    }
  }
  return 0.0;
}

Flow horizontal_flow(const Side& a, const Side& b, double width_m, double distance_m, bool newton,
                     double omega) {
  return horizontal_flow(a, b, width_m, 0.5 * distance_m, 0.5 * distance_m, CellAveraging::harmonic, newton, omega);
}

Flow horizontal_flow(const Side& a, const Side& b, double width_m, double cl_a, double cl_b, CellAveraging averaging,
                     bool newton, double omega) {
  const double dh = b.head_m - a.head_m;
  if (newton) {
    const double csat = mean_conductance(a.k_m_per_d, (a.top_m - a.bot_m) * a.confined_sat, cl_a, b.k_m_per_d,
                                         (b.top_m - b.bot_m) * b.confined_sat, cl_b, width_m, averaging);
    if (csat <= 0.0) return {0.0, 0.0, 0.0};
    const bool up_is_b = b.head_m > a.head_m;
    const Side& up = up_is_b ? b : a;
    const double s = sat_of(up, omega), ds = dsat_of(up, omega);
    const double c = csat * s;
    return {c * dh, -c + (up_is_b ? 0.0 : csat * ds * dh), c + (up_is_b ? csat * ds * dh : 0.0)};
  }
  const double ba = (a.top_m - a.bot_m) * sat_of(a, 0.0);
  const double bb = (b.top_m - b.bot_m) * sat_of(b, 0.0);
  if (ba <= 0.0 || bb <= 0.0) return {0.0, 0.0, 0.0};
  // MF6's Picard linearisation: C at the current heads, no dC/dh (the iteration path, and
  // with it which cells dry and rewet, is then MF6's own).
  const double c = mean_conductance(a.k_m_per_d, ba, cl_a, b.k_m_per_d, bb, cl_b, width_m, averaging);
  if (c <= 0.0) return {0.0, 0.0, 0.0};
  return {c * dh, -c, c};
}

Flow vertical_flow_into_upper(const Side& u, const Side& l, double area_m2, const VerticalOptions& o) {
  if (u.k_m_per_d <= 0.0 || l.k_m_per_d <= 0.0) return {0.0, 0.0, 0.0};
  double su = u.confined_sat, sl = l.confined_sat;
  const bool full = u.head_m >= u.top_m && l.head_m >= l.top_m;
  if (o.variable_cv && (u.convertible || l.convertible) && !full) {
    su = sat_of(u, o.omega);
    sl = o.dewatered ? sat_of(l, o.omega) : 1.0;
  }
  const double denom = su * (u.top_m - u.bot_m) * 0.5 / u.k_m_per_d + sl * (l.top_m - l.bot_m) * 0.5 / l.k_m_per_d;
  if (denom <= 0.0) return {0.0, 0.0, 0.0};
  const double c = area_m2 / denom;
  if (o.perched && l.convertible && l.head_m < l.top_m) return {c * (u.bot_m - u.head_m), -c, 0.0};
  return {c * (l.head_m - u.head_m), -c, c};
}

StorageFlow storage_flow(const StorageCell& c, double head_m, double old_head_m, double dt_d, double omega) {
  const double b = c.top_m - c.bot_m;
  const double rho = c.ss * (c.storage_coefficient ? 1.0 : b) * c.area_m2 / dt_d;
  if (!c.convertible) return {-rho * (head_m - old_head_m), -rho, 0.0, 0.0};
  const double rho_sy = c.sy * c.area_m2 * b / dt_d;
  if (c.ss_confined_only) {
    const double s = saturation(c.top_m, c.bot_m, head_m, omega);
    const double ds = saturation_derivative(c.top_m, c.bot_m, head_m, omega);
    const double s_old = saturation(c.top_m, c.bot_m, old_head_m, omega);
    double q_ss = s_old == 1.0 ? rho * (old_head_m - c.top_m) : 0.0, dq_ss = 0.0;
    if (s == 1.0) {
      q_ss -= rho * (head_m - c.top_m);
      dq_ss = -rho;
    }
    return {q_ss, dq_ss, rho_sy * (s_old - s), -rho_sy * ds};
  }
  // W_ss(h) = rho dt s (h - z), z = bot + b s / 2 (saturation-weighted elevation);
  // W_sy(h) = Sy A b s.  q = -(W(h) - W(h_old)) / dt.
  const double s = saturation(c.top_m, c.bot_m, head_m, omega);
  const double ds = saturation_derivative(c.top_m, c.bot_m, head_m, omega);
  const double s_old = saturation(c.top_m, c.bot_m, old_head_m, omega);
  const double z = c.bot_m + 0.5 * b * s, z_old = c.bot_m + 0.5 * b * s_old;
  const double q_ss = -rho * s * (head_m - z) + rho * s_old * (old_head_m - z_old);
  const double dq_ss = -rho * (ds * (head_m - z) + s * (1.0 - 0.5 * b * ds));
  return {q_ss, dq_ss, rho_sy * (s_old - s), -rho_sy * ds};
}

}  // namespace aquifer::solver::mf6k
