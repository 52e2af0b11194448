// MODFLOW 6's per-cell and per-connection terms (Langevin et al. 2017, USGS TM 6-A55,
// chapters 4-5), as pure functions used by FlowSystem when Model::formulation.mf6 is set.
// Flows are positive INTO the cell the function is asked about [m3/d]; every function also
// returns the derivatives the Newton matrix needs. Equations: docs/numerics.md, "MODFLOW 6
// formulation".
#pragma once

namespace aquifer::solver::mf6k {

// Saturated fraction with MF6's quadratic smoothing of relative width omega at both ends
// (omega = 0: (h - bot)/(top - bot) clipped to [0, 1], MF6's standard formulation).
[[nodiscard]] double saturation(double top_m, double bot_m, double head_m, double omega);
[[nodiscard]] double saturation_derivative(double top_m, double bot_m, double head_m, double omega);

// One side of a connection: head, geometry, conductivity towards the other cell and whether
// its saturated thickness varies with head (ICELLTYPE != 0). A confined cell counts
// confined_sat x (top - bot) as its thickness (NPF THICKSTRT: (STRT - bot) / (top - bot)).
struct Side final {
  double head_m;
  double top_m;
  double bot_m;
  double k_m_per_d;
  bool convertible;
  double confined_sat = 1.0;
};

// NPF ALTERNATIVE_CELL_AVERAGING of the horizontal conductance.
enum class CellAveraging : unsigned char { harmonic, logarithmic, amt_lmk, amt_hmk };

// Horizontal conductance [m2/d] between cells of conductivity k [m/d] and (saturated)
// thickness b [m] whose centres lie cl_a and cl_b [m] from the shared face of width_m [m]:
//   harmonic:    w T_a T_b / (T_a cl_b + T_b cl_a),  T = k b
//   logarithmic: w logmean(T_a, T_b) / (cl_a + cl_b)
//   amt_lmk:     w logmean(k_a, k_b) (b_a + b_b) / 2 / (cl_a + cl_b)
//   amt_hmk:     w k_a k_b / (k_a cl_b + k_b cl_a) (b_a + b_b) / 2
// with logmean(x, y) = (y - x) / ln(y / x) (the arithmetic mean when y / x is within 0.5 %).
[[nodiscard]] double mean_conductance(double k_a, double b_a, double cl_a, double k_b, double b_b,
                                      double cl_b, double width_m, CellAveraging averaging);

struct Flow final {
  double q;        // into cell a [m3/d]
  double dq_da;    // d q / d h_a [m2/d]
  double dq_db;    // d q / d h_b [m2/d]
};

// Horizontal flow from b into a across a face of width_m between centres distance_m apart
// (equal half-distances).
//   standard: C = w T_a T_b / ((T_a + T_b) d/2), T = K b sat(h) (sat = 1 for confined cells)
//   newton:   C = Csat * sat(h_upstream, omega), Csat from full thicknesses
// q = C (h_b - h_a); Newton derivatives include dC/dh, standard ones are MF6's Picard terms
// (C held at the current heads).
[[nodiscard]] Flow horizontal_flow(const Side& a, const Side& b, double width_m, double distance_m,
                                   bool newton, double omega);
// The same with half-distances cl_a, cl_b [m] and any cell averaging (conductances from
// mean_conductance; Newton: its value at full thickness times the upstream saturation).
[[nodiscard]] Flow horizontal_flow(const Side& a, const Side& b, double width_m, double cl_a, double cl_b,
                                   CellAveraging averaging, bool newton, double omega);

struct VerticalOptions final {
  bool variable_cv = false;
  bool dewatered = false;
  bool perched = false;
  double omega = 0.0;
};

// Vertical flow into the UPPER cell u from the LOWER cell l (area_m2 the cell area):
//   Cv = A / (b_u s_u / (2 K33_u) + b_l s_l / (2 K33_l)); s = 1 (confined_sat) without
//   VARIABLECV, or when both cells are full; s_l = 1 unless DEWATERED.
//   q = Cv (h_l - h_u), or with PERCHED and a convertible lower cell whose head is below its
//   top: q = Cv (bot_u - h_u).
// Derivatives are MF6's Picard terms (Cv held at the current heads).
[[nodiscard]] Flow vertical_flow_into_upper(const Side& u, const Side& l, double area_m2,
                                            const VerticalOptions& o);

// Storage of one cell (MF6 STO): water released from storage during a step of dt_d [m3/d]
// split into specific storage (SsTerms, with the saturation-weighted elevation of a
// convertible cell; with SS_CONFINED_ONLY q_ss = rho (h_old - top) [h_old >= top]
// - rho (h - top) [h >= top], rho = Ss b A / dt) and specific yield (SyTerms).
struct StorageCell final {
  double area_m2;
  double top_m;
  double bot_m;
  double ss;  // Ss [1/m], or the storage coefficient [-] when storage_coefficient
  double sy;  // [-]
  bool convertible;  // ICONVERT != 0
  bool storage_coefficient;
  bool ss_confined_only = false;  // SS_CONFINED_ONLY: Ss acts only while h >= top
};
struct StorageFlow final {
  double q_ss, dq_ss;  // [m3/d], [m2/d]
  double q_sy, dq_sy;
};
[[nodiscard]] StorageFlow storage_flow(const StorageCell& c, double head_m, double old_head_m,
                                       double dt_d, double omega);

}  // namespace aquifer::solver::mf6k
