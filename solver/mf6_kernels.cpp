#include "solver/mf6_kernels.hpp"

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
  return s.convertible ? saturation(s.top_m, s.bot_m, s.head_m, omega) : 1.0;
}
double dsat_of(const Side& s, double omega) {
  return s.convertible ? saturation_derivative(s.top_m, s.bot_m, s.head_m, omega) : 0.0;
}
}  // namespace

Flow horizontal_flow(const Side& a, const Side& b, double width_m, double distance_m, bool newton,
                     double omega) {
  const double dh = b.head_m - a.head_m;
  if (newton) {
    const double ta = a.k_m_per_d * (a.top_m - a.bot_m), tb = b.k_m_per_d * (b.top_m - b.bot_m);
    if (ta <= 0.0 || tb <= 0.0) return {0.0, 0.0, 0.0};
    const double csat = 2.0 * width_m * ta * tb / ((ta + tb) * distance_m);
    const bool up_is_b = b.head_m > a.head_m;
    const Side& up = up_is_b ? b : a;
    const double s = sat_of(up, omega), ds = dsat_of(up, omega);
    const double c = csat * s;
    return {c * dh, -c + (up_is_b ? 0.0 : csat * ds * dh), c + (up_is_b ? csat * ds * dh : 0.0)};
  }
  const double ta = a.k_m_per_d * (a.top_m - a.bot_m) * sat_of(a, 0.0);
  const double tb = b.k_m_per_d * (b.top_m - b.bot_m) * sat_of(b, 0.0);
  if (ta <= 0.0 || tb <= 0.0) return {0.0, 0.0, 0.0};
  // MF6's Picard linearisation: C at the current heads, no dC/dh (the iteration path, and
  // with it which cells dry and rewet, is then MF6's own).
  const double c = 2.0 * width_m * ta * tb / ((ta + tb) * distance_m);
  return {c * dh, -c, c};
}

Flow vertical_flow_into_upper(const Side& u, const Side& l, double area_m2, const VerticalOptions& o) {
  if (u.k_m_per_d <= 0.0 || l.k_m_per_d <= 0.0) return {0.0, 0.0, 0.0};
  double su = 1.0, sl = 1.0;
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
  // W_ss(h) = rho dt s (h - z), z = bot + b s / 2 (saturation-weighted elevation);
  // W_sy(h) = Sy A b s.  q = -(W(h) - W(h_old)) / dt.
  const double s = saturation(c.top_m, c.bot_m, head_m, omega);
  const double ds = saturation_derivative(c.top_m, c.bot_m, head_m, omega);
  const double s_old = saturation(c.top_m, c.bot_m, old_head_m, omega);
  const double z = c.bot_m + 0.5 * b * s, z_old = c.bot_m + 0.5 * b * s_old;
  const double q_ss = -rho * s * (head_m - z) + rho * s_old * (old_head_m - z_old);
  const double dq_ss = -rho * (ds * (head_m - z) + s * (1.0 - 0.5 * b * ds));
  const double rho_sy = c.sy * c.area_m2 * b / dt_d;
  return {q_ss, dq_ss, rho_sy * (s_old - s), -rho_sy * ds};
}

}  // namespace aquifer::solver::mf6k
