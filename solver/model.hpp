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

  [[nodiscard]] std::int64_t cell_count() const {
    return static_cast<std::int64_t>(nx) * ny * nlay;
  }
  [[nodiscard]] std::int64_t index(int layer, int row, int col) const {
    return (static_cast<std::int64_t>(layer) * ny + row) * nx + col;
  }
  [[nodiscard]] double cell_area_m2() const { return dx_m * dy_m; }
  [[nodiscard]] double x_centre(int col) const { return x0_m + (col + 0.5) * dx_m; }
  [[nodiscard]] double y_centre(int row) const { return y0_m + (row + 0.5) * dy_m; }
};

// How a layer behaves when the head falls below its top.
enum class LayerType : std::uint8_t { confined, convertible };

// Per-cell hydraulic properties, full grid, indexed by GridGeometry::index.
struct CellProperties final {
  std::vector<double> top_m;         // cell top [m]
  std::vector<double> bottom_m;      // cell bottom [m]
  std::vector<double> k_m_per_d;     // horizontal hydraulic conductivity K [m/d]
  std::vector<double> kv_m_per_d;    // vertical hydraulic conductivity Kv [m/d]
  std::vector<double> ss_per_m;      // specific storage Ss [1/m]
  std::vector<double> sy;            // specific yield Sy [-]
  std::vector<std::uint8_t> active;  // 1 active, 0 inactive (excluded from the flow system)
  std::vector<LayerType> layer_type; // one entry per layer
};

// A cell held at a fixed head [m] for the whole run.
struct ConstantHeadCell final {
  std::int64_t cell = 0;
  double head_m = 0.0;
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
  double end_d = 0.0;            // simulated duration [d]
  double step_d = 1.0;           // base step [d]
  double min_step_d = 1e-5;      // below this a failed step is fatal (exit 3)
  double output_every_d = 0.0;   // field output interval [d]; 0 = only at the end
};

struct SolverSettings final {
  std::string petsc_options;         // appended after the tuned defaults
  double head_tolerance_m = 1e-7;    // Newton: max |dh| for convergence [m]
  double residual_tolerance = 1e-9;  // Newton: max |F_i| / largest cell throughput
  int max_newton_iterations = 50;
  int max_step_retries = 12;
  std::string linear_solver = "auto"; // auto | pfmg | boomeramg | user
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
};

}  // namespace aquifer::solver
