#include "solver/kernels.hpp"

namespace aquifer::solver::kernels {

double horizontal_conductance(double k1, double thick1, double k2, double thick2, double width_m,
                              double distance_m) {
  const double t1 = k1 * thick1;  // transmissivity [m2/d]
  const double t2 = k2 * thick2;
  if (t1 <= 0.0 || t2 <= 0.0) return 0.0;
  return 2.0 * t1 * t2 / (t1 + t2) * width_m / distance_m;
}

double vertical_conductance(double kv1, double thick1, double kv2, double thick2,
                            double area_m2) {
  if (kv1 <= 0.0 || kv2 <= 0.0) return 0.0;
  return area_m2 / (0.5 * thick1 / kv1 + 0.5 * thick2 / kv2);
}

namespace {
// Relative position of the head in the cell, x = (h - bottom) / (top - bottom).
double relative_position(double head_m, double top_m, double bottom_m) {
  return (head_m - bottom_m) / (top_m - bottom_m);
}
}  // namespace

double saturation(double head_m, double top_m, double bottom_m) {
  const double x = relative_position(head_m, top_m, bottom_m);
  constexpr double eps = kSaturationSmoothing;
  constexpr double slope = 1.0 / (1.0 - eps);
  if (x <= 0.0) return 0.0;
  if (x >= 1.0) return 1.0;
  if (x < eps) return slope * x * x / (2.0 * eps);
  if (x > 1.0 - eps) return 1.0 - slope * (1.0 - x) * (1.0 - x) / (2.0 * eps);
  return slope * (x - 0.5 * eps);
}

double saturation_derivative(double head_m, double top_m, double bottom_m) {
  const double thickness = top_m - bottom_m;
  const double x = relative_position(head_m, top_m, bottom_m);
  constexpr double eps = kSaturationSmoothing;
  constexpr double slope = 1.0 / (1.0 - eps);
  double ds_dx = slope;
  if (x <= 0.0 || x >= 1.0) {
    ds_dx = 0.0;
  } else if (x < eps) {
    ds_dx = slope * x / eps;
  } else if (x > 1.0 - eps) {
    ds_dx = slope * (1.0 - x) / eps;
  }
  return ds_dx / thickness;
}

double stored_volume(const StorageCell& c, double head_m) {
  const double thickness = c.top_m - c.bottom_m;
  if (!c.convertible) return c.ss_per_m * c.area_m2 * thickness * head_m;
  const double s = saturation(head_m, c.top_m, c.bottom_m);
  return c.area_m2 * thickness * (c.sy * s + c.ss_per_m * s * (head_m - c.bottom_m));
}

double stored_volume_derivative(const StorageCell& c, double head_m) {
  const double thickness = c.top_m - c.bottom_m;
  if (!c.convertible) return c.ss_per_m * c.area_m2 * thickness;
  const double s = saturation(head_m, c.top_m, c.bottom_m);
  const double ds = saturation_derivative(head_m, c.top_m, c.bottom_m);
  return c.area_m2 * thickness *
         (c.sy * ds + c.ss_per_m * (ds * (head_m - c.bottom_m) + s));
}

FluxAndDerivative general_head_flow(double head_m, double ref_head_m, double cond) {
  return {cond * (ref_head_m - head_m), -cond};
}

FluxAndDerivative river_flow(double head_m, double stage_m, double bottom_m, double cond) {
  if (head_m > bottom_m) return {cond * (stage_m - head_m), -cond};
  return {cond * (stage_m - bottom_m), 0.0};
}

FluxAndDerivative drain_flow(double head_m, double elevation_m, double cond) {
  if (head_m > elevation_m) return {-cond * (head_m - elevation_m), -cond};
  return {0.0, 0.0};
}

FluxAndDerivative well_flow(double requested_m3_per_d, double head_m, double top_m,
                            double bottom_m, bool convertible, double reduction_fraction) {
  if (!convertible || requested_m3_per_d >= 0.0 || reduction_fraction <= 0.0)
    return {requested_m3_per_d, 0.0};
  const double band_m = reduction_fraction * (top_m - bottom_m);
  const double x = (head_m - bottom_m) / band_m;
  if (x >= 1.0) return {requested_m3_per_d, 0.0};
  if (x <= 0.0) return {0.0, 0.0};
  // Cubic smoothstep: f = 3x^2 - 2x^3, f' = 6x(1 - x) / band.
  const double f = x * x * (3.0 - 2.0 * x);
  const double df_dh = 6.0 * x * (1.0 - x) / band_m;
  return {requested_m3_per_d * f, requested_m3_per_d * df_dh};
}

FluxAndDerivative flooding_accepted(double potential_m3_per_d, double head_m,
                                    double land_surface_m, double band_m) {
  // x = 1 at band_m below land surface, 0 at land surface.
  const double x = (land_surface_m - head_m) / band_m;
  if (x >= 1.0) return {potential_m3_per_d, 0.0};
  if (x <= 0.0) return {0.0, 0.0};
  const double f = x * x * (3.0 - 2.0 * x);
  const double df_dh = -6.0 * x * (1.0 - x) / band_m;
  return {potential_m3_per_d * f, potential_m3_per_d * df_dh};
}

}  // namespace aquifer::solver::kernels
