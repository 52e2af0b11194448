// The discretised aquifer model as the solver consumes it: plain data, no TOML, no PETSc.
//
// Index conventions (0-based inside the code, 1-based only in files users read):
//   col 0 = western column (smallest x), row 0 = southern row (smallest y), layer 0 = top.
//   Linear cell index = (layer * ny + row) * nx + col.
// Units: length m, time d, K [m/d], Ss [1/m], Sy [-], conductance [m2/d], rates [m3/d].
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "solver/time_series.hpp"

namespace aquifer::solver {

struct GridGeometry final {
  int nx = 0;
  int ny = 0;
  int nlay = 0;
  double dx_m = 1.0;
  double dy_m = 1.0;
  double x0_m = 0.0;  // lower-left (south-west) corner of the grid
  double y0_m = 0.0;
  // Non-uniform spacing (MODFLOW 6 DELR/DELC); empty: every column dx_m, every row dy_m wide.
  std::vector<double> col_width_m;  // width along x of each column, west to east [m]
  std::vector<double> row_width_m;  // width along y of each row, south to north [m]

  [[nodiscard]] std::int64_t cell_count() const {
    return static_cast<std::int64_t>(nx) * ny * nlay;
  }
  [[nodiscard]] std::int64_t index(int layer, int row, int col) const {
    return (static_cast<std::int64_t>(layer) * ny + row) * nx + col;
  }
  [[nodiscard]] bool uniform() const { return col_width_m.empty() && row_width_m.empty(); }
  [[nodiscard]] double dx(int col) const {
    return col_width_m.empty() ? dx_m : col_width_m[static_cast<std::size_t>(col)];
  }
  [[nodiscard]] double dy(int row) const {
    return row_width_m.empty() ? dy_m : row_width_m[static_cast<std::size_t>(row)];
  }
  // Area of a uniform grid's cells [m2]; cell_area_m2(col, row) for any grid.
  [[nodiscard]] double cell_area_m2() const { return dx_m * dy_m; }
  [[nodiscard]] double cell_area_m2(int col, int row) const { return dx(col) * dy(row); }
  [[nodiscard]] double x_centre(int col) const {
    return col_width_m.empty() ? x0_m + (col + 0.5) * dx_m : x_edges()[static_cast<std::size_t>(col)] + 0.5 * dx(col);
  }
  [[nodiscard]] double y_centre(int row) const {
    return row_width_m.empty() ? y0_m + (row + 0.5) * dy_m : y_edges()[static_cast<std::size_t>(row)] + 0.5 * dy(row);
  }
  // Cell edges (nx + 1 / ny + 1 values) and centres along each axis [m].
  [[nodiscard]] std::vector<double> x_edges() const { return axis_edges(nx, x0_m, dx_m, col_width_m); }
  [[nodiscard]] std::vector<double> y_edges() const { return axis_edges(ny, y0_m, dy_m, row_width_m); }
  [[nodiscard]] std::vector<double> x_centres() const { return axis_centres(nx, x0_m, dx_m, col_width_m); }
  [[nodiscard]] std::vector<double> y_centres() const { return axis_centres(ny, y0_m, dy_m, row_width_m); }

 private:
  static std::vector<double> axis_edges(int n, double origin_m, double step_m, const std::vector<double>& widths) {
    std::vector<double> e(static_cast<std::size_t>(n) + 1, origin_m);
    for (int i = 1; i <= n; ++i)
      e[static_cast<std::size_t>(i)] = widths.empty() ? origin_m + i * step_m
                                                      : e[static_cast<std::size_t>(i) - 1] + widths[static_cast<std::size_t>(i) - 1];
    return e;
  }
  static std::vector<double> axis_centres(int n, double origin_m, double step_m, const std::vector<double>& widths) {
    std::vector<double> c(static_cast<std::size_t>(n));
    const auto e = axis_edges(n, origin_m, step_m, widths);
    for (int i = 0; i < n; ++i)
      c[static_cast<std::size_t>(i)] = widths.empty() ? origin_m + (i + 0.5) * step_m
                                                      : 0.5 * (e[static_cast<std::size_t>(i)] + e[static_cast<std::size_t>(i) + 1]);
    return c;
  }
};

// How a layer behaves when the head falls below its top.
enum class LayerType : std::uint8_t { confined, convertible };

// Per-cell hydraulic properties, full grid, indexed by GridGeometry::index.
struct CellProperties final {
  std::vector<double> top_m;         // cell top [m]
  std::vector<double> bottom_m;      // cell bottom [m]
  std::vector<double> k_m_per_d;     // horizontal hydraulic conductivity K [m/d]
  std::vector<double> kv_m_per_d;    // vertical hydraulic conductivity Kv [m/d]
  std::vector<double> ss_per_m;      // specific storage Ss [1/m]; empty when time.storage_free()
  std::vector<double> sy;            // specific yield Sy [-]; empty when time.storage_free()
  std::vector<std::uint8_t> active;  // 1 active, 0 inactive (excluded from the flow system)
  std::vector<LayerType> layer_type; // one entry per layer
  // Optional per-cell overrides (full grid; empty = not used), set by the MODFLOW 6 import:
  std::vector<double> k22_m_per_d;             // K along y (rows) [m/d]; empty: k_m_per_d
  std::vector<std::uint8_t> cell_convertible;  // conductance: 1 convertible; empty: layer_type
  std::vector<std::uint8_t> storage_convertible;  // storage: 1 convertible; empty: as above
  std::vector<double> wetdry_m;  // MF6 WETDRY [m] (Formulation::rewet); empty: 0 everywhere
  // Saturated fraction of confined cells in their conductances (MF6 NPF THICKSTRT:
  // (STRT - bottom) / (top - bottom)); empty: 1 everywhere.
  std::vector<double> confined_saturation;
};

// How the flow equation is discretised. The defaults are this project's own formulation
// (docs/numerics.md); `mf6` switches to MODFLOW 6's (docs/numerics.md, "MODFLOW 6
// formulation"), used for imported MF6 decks so their heads match MODFLOW's.
struct Formulation final {
  bool mf6 = false;
  // MF6 only:
  bool newton = false;         // NEWTON: upstream-weighted saturation; else MF6 standard
                               // (harmonic mean of K x saturated thickness of both cells)
  double saturation_omega = 0.0;  // quadratic smoothing width (MF6 Newton: 1e-6)
  bool variable_cv = false;    // VARIABLECV: vertical conductance from saturated thickness
  bool dewatered = false;      // VARIABLECV DEWATERED: also of the lower cell
  bool perched = false;        // PERCHED: flow to a lower cell below its top uses its top
  bool storage_coefficient = false;  // STORAGECOEFFICIENT: Ss is S (no x thickness)
  // Standard formulation (newton = false) with convertible cells: a convertible cell whose
  // head falls to its bottom leaves the system (dry) and recharge passes to the cell below;
  // with rewet, a dry cell with CellProperties::wetdry_m != 0 rejoins when a neighbour's head
  // reaches bottom + |wetdry| (MF6 NPF REWET WETFCT IWETIT IHDWET).
  bool wet_dry = false;
  bool rewet = false;
  double wetfct = 1.0;
  int iwetit = 1;
  int ihdwet = 0;
  // NPF ALTERNATIVE_CELL_AVERAGING: 0 harmonic, 1 LOGARITHMIC, 2 AMT-LMK, 3 AMT-HMK
  // (mf6k::CellAveraging).
  int cell_averaging = 0;
  bool ss_confined_only = false;  // STO SS_CONFINED_ONLY
};

// A cell held at a fixed head [m] for the whole run, or while from_d <= t < until_d [d]
// (MF6 CHD per stress period; t is the middle of a step).
struct ConstantHeadCell final {
  std::int64_t cell = 0;
  double head_m = 0.0;
  int group = -1;  // index into Model::boundary_groups for in/out accounting (-1: none)
  double from_d = -1e300;
  double until_d = 1e300;
};

enum class HeadDependentKind : std::uint8_t { general_head, river, drain };

// General-head, river or drain cell.
//   general_head: q = C (h_ref - h)
//   river:        q = C (stage - h) for h > bottom, else C (stage - bottom)
//   drain:        q = -C (h - elevation) for h > elevation, else 0
// q [m3/d] is positive into the aquifer.
struct HeadDependentCell final {
  HeadDependentKind kind = HeadDependentKind::general_head;
  std::int64_t cell = 0;
  double reference_head_m = 0.0;      // GHB head, river stage or drain elevation [m]
  double conductance_m2_per_d = 0.0;  // C [m2/d]
  double river_bottom_m = 0.0;        // river bed bottom [m] (river only)
  int group = -1;                     // index into Model::boundary_groups (-1: none)
  double from_d = -1e300;             // active for from_d <= t < until_d [d] (MF6 periods)
  double until_d = 1e300;
};

// Share of a well's rate taken from one cell (shares of a well sum to 1).
struct WellCellShare final {
  std::int64_t cell = 0;
  double fraction = 1.0;
};

struct Well final {
  std::string id;
  std::string owner;
  std::vector<WellCellShare> cells;
  PiecewiseConstant rate_m3_per_d;  // negative = extraction
  // Extraction falls smoothly to 0 over this bottom fraction of a convertible cell
  // (kernels::well_flow); 0 = never reduced (MF6 WEL without AUTO_FLOW_REDUCE).
  double reduction_fraction = 0.1;
  int group = -1;  // index into Model::boundary_groups for in/out accounting (-1: none)
};

// Areal recharge applied to the uppermost active cell of each listed column.
struct RechargeColumn final {
  std::int64_t column = 0;  // row * nx + col
  double weight = 1.0;      // multiplier on the rate (area fraction or array value factor)
};

struct Recharge final {
  std::string id;
  std::vector<RechargeColumn> columns;
  PiecewiseConstant rate_m_per_d;  // recharge flux [m/d], multiplied by cell area and weight
  bool fixed_cell = false;  // true: the listed cells' own layer (column = full cell index)
  bool pass_down = true;    // fixed_cell with Formulation::wet_dry: a dry cell passes the
                            // water to the first wet cell below (MF6 RCH without FIXED_CELL)
  int group = -1;           // index into Model::boundary_groups for in/out accounting
};

// Seasonal paddy flooding: water ponded on fields infiltrates at a fixed rate while flooded.
// Potential inflow per column = infiltration [m/d] x flooded area in the column [m2] x the
// flooded share at time t (1 in season, 0 outside, or area(t) / polygon area for a
// schedule). Near land surface (the top of the uppermost active cell) the accepted inflow
// falls smoothly to 0 over rejection_band_m; the rest is rejected (not recharge).
struct FloodingColumn final {
  std::int64_t column = 0;  // row * nx + col
  double area_m2 = 0.0;     // area of the paddy polygons inside this cell [m2]
};

struct Flooding final {
  std::string id;
  std::string credited_to;  // permit holder earning the accepted water as credit ("" = none)
  std::vector<FloodingColumn> columns;
  double infiltration_m_per_d = 0.0;
  PiecewiseConstant flooded_share;  // [-], averaged over each step (partial steps exact)
  double rejection_band_m = 0.25;   // smoothing depth below land surface [m]
};

struct TimeControl final {
  bool steady_only = false;      // a single steady-state solve, no time stepping
  bool initial_steady = false;   // solve steady state for the start stresses first
  double initial_steady_average_d = 0.0;  // > 0: that steady state uses the stresses
                                          // averaged over [0, this] instead [d]
  double end_d = 0.0;            // simulated duration [d]
  double step_d = 1.0;           // base step [d]
  double min_step_d = 1e-5;      // below this a failed step is fatal (exit 3)
  double output_every_d = 0.0;   // field output interval [d]; 0 = only at the end
  // Explicit steps (MF6 TDIS); when not empty they replace step_d/initial_steady/steady_only
  // and no step is ever cut: each step is solved as given.
  struct Step final {
    double dt_d = 1.0;    // length [d]; a steady step still advances time (stress window)
    bool steady = false;  // no storage term
    bool output = false;  // heads written after this step
  };
  std::vector<Step> steps;
  // No step has a storage term: one steady solve, no explicit steps (Ss and Sy are not used).
  [[nodiscard]] bool storage_free() const { return steady_only && steps.empty(); }
};

struct SolverSettings final {
  std::string petsc_options;         // appended after the tuned defaults
  double head_tolerance_m = 1e-7;    // Newton: max |dh| for convergence [m]
  double residual_tolerance = 1e-9;  // Newton: max |F_i| / largest cell throughput
  int max_newton_iterations = 50;
  int max_step_retries = 12;
  std::string linear_solver = "auto"; // auto | pfmg | boomeramg | user
  // Transient steps start Newton from the heads extrapolated linearly in time from the two
  // previous steps (variable cells only; not with Formulation::mf6, which starts from the
  // previous heads as MODFLOW does). Usually saves one Newton iteration per step.
  bool predictor = true;
};

struct Model final {
  std::string name;
  GridGeometry grid;
  CellProperties properties;
  std::vector<double> initial_head_m;  // full grid [m]
  std::vector<ConstantHeadCell> constant_heads;
  std::vector<HeadDependentCell> head_dependent;
  // Names of the head-dependent boundaries ([[boundary]] tables) whose flows are accounted
  // separately (e.g. spring discharge), indexed by HeadDependentCell::group.
  std::vector<std::string> boundary_groups;
  std::vector<Well> wells;
  std::vector<Recharge> recharge;
  std::vector<Flooding> flooding;
  TimeControl time;
  SolverSettings solver;
  Formulation formulation;
};

}  // namespace aquifer::solver
