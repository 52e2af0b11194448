// Per-cell physics of the finite-volume groundwater flow equation, as small pure functions
// (no PETSc, no MPI) so they can be unit-tested alone.
//
// Governing equation, per cell i of volume V_i (heads h [m], time t [d]):
//   dW_i(h_i)/dt = sum_j Q_ij + Q_boundary,i + Q_wells,i + Q_recharge,i
// with Q [m3/d] positive INTO the cell, W_i [m3] the water stored in the cell, and
//   Q_ij = C_ij * s(h_up) * (h_j - h_i)            (horizontal)
//   Q_ij = Cv_ij * (h_j - h_i)                       (vertical)
// where C_ij [m2/d] is the saturated harmonic-mean conductance and s [-] the smoothed
// saturation of the upstream cell (1 for confined cells): the Newton-Raphson formulation of
// MODFLOW 6 (upstream-weighted saturated thickness; dry cells stay in the system).
#pragma once

namespace aquifer::solver::kernels {

// Relative width of the quadratic smoothing at both ends of the saturation curve.
inline constexpr double kSaturationSmoothing = 1e-5;

// Saturated conductance between two horizontally adjacent cells [m2/d]:
// harmonic mean of the transmissivities T = K * thickness, times face width / centre distance.
//   k1, k2 [m/d], thick1, thick2 [m], width_m [m] (face length), distance_m [m].
[[nodiscard]] double horizontal_conductance(double k1, double thick1, double k2, double thick2,
                                            double width_m, double distance_m);

// Vertical conductance between two stacked cells [m2/d]: half-cell thicknesses in series,
//   Cv = A / (0.5 b1 / Kv1 + 0.5 b2 / Kv2),  A [m2], b [m], Kv [m/d].
[[nodiscard]] double vertical_conductance(double kv1, double thick1, double kv2, double thick2,
                                          double area_m2);

// Smoothed saturated fraction s(h) of a cell with top/bottom [m]: 0 below bottom, 1 above top,
// (h - bottom)/(top - bottom) in between with quadratic smoothing of relative width
// kSaturationSmoothing at both ends (continuous first derivative).
[[nodiscard]] double saturation(double head_m, double top_m, double bottom_m);
// ds/dh [1/m].
[[nodiscard]] double saturation_derivative(double head_m, double top_m, double bottom_m);

// Geometry and storage parameters of one cell.
struct StorageCell {
  double area_m2;
  double top_m;
  double bottom_m;
  double ss_per_m;  // specific storage Ss [1/m]
  double sy;        // specific yield Sy [-]
  bool convertible;
};

// Water stored in a cell above an arbitrary datum, W(h) [m3].
//   confined:     W = Ss A b h                      (dW/dh = Ss A b)
//   convertible:  W = A b [Sy s(h) + Ss s(h) (h - bottom)]
// Only differences W(h) - W(h_old) matter; storage flow = -(W(h) - W(h_old)) / dt.
[[nodiscard]] double stored_volume(const StorageCell& c, double head_m);
// dW/dh [m2].
[[nodiscard]] double stored_volume_derivative(const StorageCell& c, double head_m);

// Head-dependent boundary flows, positive into the aquifer [m3/d], and their d/dh [m2/d].
struct FluxAndDerivative {
  double flow_m3_per_d;
  double dflow_dh;
};
// General head: Q = C (h_ref - h).
[[nodiscard]] FluxAndDerivative general_head_flow(double head_m, double ref_head_m, double cond);
// River: Q = C (stage - h) while h > bottom, else C (stage - bottom).
[[nodiscard]] FluxAndDerivative river_flow(double head_m, double stage_m, double bottom_m,
                                           double cond);
// Drain: Q = -C (h - elevation) while h > elevation, else 0.
[[nodiscard]] FluxAndDerivative drain_flow(double head_m, double elevation_m, double cond);

// Fraction of the bottom part of a convertible cell over which an extraction well's rate is
// reduced smoothly to zero as the cell dries (MODFLOW 6 AUTO_FLOW_REDUCE default 0.1).
inline constexpr double kWellReductionFraction = 0.1;

// Pumped rate of a well share in a cell [m3/d] and d/dh: the requested rate (negative =
// extraction) times a smooth factor in [0, 1] that falls from 1 to 0 as the head drops
// through the bottom kWellReductionFraction of a convertible cell. Injection and confined
// cells are never reduced.
// reduction_fraction overrides kWellReductionFraction (0: never reduced).
[[nodiscard]] FluxAndDerivative well_flow(double requested_m3_per_d, double head_m, double top_m,
                                          double bottom_m, bool convertible,
                                          double reduction_fraction = kWellReductionFraction);

// Accepted infiltration of a flooded area [m3/d] and d/dh: the potential inflow (>= 0) times
// a smooth factor that is 1 while the head is more than band_m below land surface and falls
// (cubic smoothstep) to 0 at land surface, so the water table cannot be pushed above it.
// The rejected part is potential - accepted.
[[nodiscard]] FluxAndDerivative flooding_accepted(double potential_m3_per_d, double head_m,
                                                  double land_surface_m, double band_m);

}  // namespace aquifer::solver::kernels
