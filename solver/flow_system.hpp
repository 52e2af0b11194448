// The discrete flow system on this rank's part of the PETSc DMDA: residual, Newton matrix and
// water budget of the cell balance
//   F_i(h) = sum_j Q_ij(h) + Q_constant_head,i + Q_boundary,i(h) + Q_wells,i(h)
//            + Q_recharge,i - (W_i(h) - W_i(h_old)) / dt        [m3/d]
// (see kernels.hpp). Inactive and constant-head cells are fixed: their rows are identities
// and their couplings are left out of the neighbours' rows, which keeps the matrix symmetric
// for confined layers.
#pragma once

#include <petscdmda.h>

#include <array>
#include <cstdint>
#include <limits>
#include <vector>

#include "solver/budget.hpp"
#include "solver/model.hpp"
#include "solver/petsc_util.hpp"

namespace aquifer::solver {

// The time window a stress evaluation covers: rates are averaged over [t0, t1] [d].
// dt_d = 0 means steady state (no storage term).
struct StressWindow final {
  double t0_d = 0.0;
  double t1_d = 0.0;
  double dt_d = 0.0;
};

// This rank's part of a residual evaluation, for the relative convergence test.
struct ResidualSums {
  double external_abs = 0.0;         // sum of |external terms| (boundaries, wells, recharge,
                                     // storage, constant-head flows): the budget's throughput
  double max_cell_throughput = 0.0;  // largest sum of |terms| of one variable cell
};

// Local (ghosted-box) index of a cell, as PETSc's DMDA numbers its local vectors and the
// matrix's local rows: x fastest, then y, then the layer.
struct GhostedBoxIndex {
  PetscInt xs, ys, zs;  // first ghosted column, row and layer
  PetscInt nx, nxy;     // ghosted columns, ghosted columns x rows
  [[nodiscard]] PetscInt operator()(PetscInt i, PetscInt j, PetscInt k) const {
    return (k - zs) * nxy + (j - ys) * nx + (i - xs);
  }
  [[nodiscard]] PetscInt offset(int di, int dj, int dk) const { return di + dj * nx + dk * nxy; }
};

// This rank's budget terms, before the sums over the ranks (FlowSystem::sum_budget).
struct LocalBudget {
  WaterBudget budget;
  StressAccounting accounting;
};

enum class CellState : std::uint8_t { inactive = 0, variable = 1, constant_head = 2 };

class FlowSystem final {
 public:
  // `model` must outlive the system, its tops, bottoms and active flags unchanged: they are
  // read in place (the other cell properties are copied or not needed after construction).
  FlowSystem(const Model& model, MPI_Comm comm);

  [[nodiscard]] DM dm() const { return dm_; }
  [[nodiscard]] bool any_convertible() const { return any_convertible_; }
  [[nodiscard]] double inactive_fraction() const { return inactive_fraction_; }
  [[nodiscard]] std::int64_t active_cell_count() const { return active_cells_; }

  // Initial head vector: model initial heads, constant-head cells at their heads (`model` is
  // the one the system was built from; its initial heads are read here, not kept).
  void initial_heads(Vec h, const Model& model) const;

  // F = net inflow per cell [m3/d] (0 in fixed rows); f may be null. Returns this rank's
  // sums for the relative convergence test. With `budget`, this rank's budget terms at h too
  // (in the same pass; sum_budget adds up the ranks').
  ResidualSums residual(Vec h, Vec h_old, const StressWindow& w, Vec f, LocalBudget* budget = nullptr) const;
  // A = -dF/dh (symmetric positive definite for confined layers).
  void newton_matrix(Vec h, Vec h_old, const StressWindow& w, Mat a) const;
  // residual() and newton_matrix() in one pass over the cells (the same values).
  ResidualSums residual_and_matrix(Vec h, Vec h_old, const StressWindow& w, Vec f, Mat a) const;
  // Budget of the owned cells, summed over all ranks; per-well and per-flooding-area rates
  // go to accounting when it is given. Collective.
  [[nodiscard]] WaterBudget budget(Vec h, Vec h_old, const StressWindow& w,
                                   StressAccounting* accounting = nullptr) const;
  // The same from the terms residual() collected on each rank. Collective.
  [[nodiscard]] WaterBudget sum_budget(const LocalBudget& local, StressAccounting* accounting) const;

  // Formulation::wet_dry: one MF6 wetting/drying pass before outer iteration `iteration`
  // (0 = at the start), on every rank alike from the gathered heads: rewets dry cells (new
  // head written into h) and dries convertible cells whose head fell to their bottom.
  // Returns whether any cell changed state. Collective.
  [[nodiscard]] bool wet_dry_enabled() const { return form_.wet_dry; }
  bool wet_dry(Vec h, int iteration);
  // Dry cells that may rewet start the step from their bottom (MF6): sets them in h_old.
  void prepare_step(Vec h_old) const;
  // Constant heads with a time window (MF6 CHD per stress period): fixes the cells whose window
  // holds the middle of w (their heads written into h) and frees the others. Returns whether
  // any cell changed state (the matrix then has other rows). Collective.
  bool update_constant_heads(const StressWindow& w, Vec h);

  // h = h_old + ratio (h_old - h_prev) in the variable (not fixed, not dry) owned cells; the
  // others keep h_old. A start guess for Newton (SolverSettings::predictor).
  void extrapolate(Vec h, Vec h_old, Vec h_prev, double ratio) const;

  // On/off state of every river and drain cell at heads h (their flow laws switch there);
  // used to decide whether a linear solve is already exact.
  [[nodiscard]] std::vector<std::uint8_t> switch_states(Vec h) const;

  // Heads in natural (layer, row, col) order gathered on rank 0, NaN for inactive cells and
  // for convertible cells whose head is below their bottom (dry). Empty on other ranks.
  [[nodiscard]] std::vector<double> gather_heads(Vec h) const;
  // The raw values of h in natural (layer, row, col) order, on every rank (everywhere) or on
  // rank 0 only (empty elsewhere). Collective.
  [[nodiscard]] std::vector<double> natural_values(Vec h, bool everywhere) const;
  // This rank's owned block, NaN for inactive and dry cells, [layer][row][col].
  void local_heads(Vec h, std::vector<double>& values_m, int corner[3], int size[3]) const;
  // The heads of the listed cells (GridGeometry::index) that this rank owns; NaN for inactive
  // and dry cells and for cells other ranks own. No communication.
  void sample_heads(Vec h, const std::vector<std::int64_t>& cells, std::vector<double>& heads_m) const;

 private:
  struct LocalBox {
    PetscInt xs, ys, zs, xm, ym, zm;       // owned
    PetscInt gxs, gys, gzs, gxm, gym, gzm;  // ghosted
  };
  struct BoundaryTerm {
    PetscInt owned;  // index into the owned part
    PetscInt ghosted;
    HeadDependentCell cell;
  };
  struct WellTerm {
    PetscInt owned;
    PetscInt ghosted;
    std::size_t well;
    double fraction;
    double reduction_fraction;  // Well::reduction_fraction
    int group;
  };
  struct FloodingTerm {
    PetscInt owned;
    PetscInt ghosted;
    std::size_t flooding;
    double area_m2;
  };
  struct RechargeTerm {
    PetscInt owned;
    PetscInt ghosted;
    std::size_t recharge;
    double area_weight_m2;  // cell area x weight
    int group;
  };
  // Flow into cell c from its neighbour n [m3/d] and the derivatives by h_c and h_n.
  struct ConnectionFlow {
    double q, dq_dc, dq_dn;
  };
  [[nodiscard]] ConnectionFlow connection_flow(std::size_t c, std::size_t n, const int off[3],
                                               double hc, double hn) const;
  [[nodiscard]] ConnectionFlow connection_flow_mf6(std::size_t c, std::size_t n, const int off[3],
                                                   double hc, double hn) const;

  // Face between ghosted cells c and n (horizontal neighbours): width [m] and the distances
  // from each centre to the face [m].
  struct Face {
    double width_m, cl_c_m, cl_n_m;
  };
  [[nodiscard]] Face face(std::size_t c, std::size_t n, bool along_x) const {
    if (cell_dx_m_.empty())
      return along_x ? Face{grid_.dy_m, 0.5 * grid_.dx_m, 0.5 * grid_.dx_m}
                     : Face{grid_.dx_m, 0.5 * grid_.dy_m, 0.5 * grid_.dy_m};
    return along_x ? Face{cell_dy_m_[c], 0.5 * cell_dx_m_[c], 0.5 * cell_dx_m_[n]}
                   : Face{cell_dx_m_[c], 0.5 * cell_dy_m_[c], 0.5 * cell_dy_m_[n]};
  }
  [[nodiscard]] double cell_area_m2(std::size_t c) const {
    return cell_dx_m_.empty() ? grid_.cell_area_m2() : cell_dx_m_[c] * cell_dy_m_[c];
  }
  // A head as outputs show it: NaN in inactive cells and in convertible cells below their bottom.
  [[nodiscard]] double head_or_nan(std::size_t ghosted, double h) const {
    return state_[ghosted] == CellState::inactive || (convertible_[ghosted] != 0 && h < bottom_m_[ghosted])
               ? std::numeric_limits<double>::quiet_NaN()
               : h;
  }
  // Thickness of an active cell [m]; 0 for inactive ones (their tops and bottoms may be NaN).
  [[nodiscard]] double active_thickness(std::size_t ghosted) const {
    return state_[ghosted] == CellState::inactive ? 0.0 : top_m_[ghosted] - bottom_m_[ghosted];
  }
  [[nodiscard]] bool is_constant_head(std::size_t ghosted) const {
    return state_[ghosted] == CellState::constant_head;
  }

  // A cell (GridGeometry::index) as DMDA indices, and whether this rank owns it or holds it in
  // its ghosted box.
  struct CellIjk {
    PetscInt i, j, k;
  };
  [[nodiscard]] CellIjk ijk(std::int64_t cell) const {
    const std::int64_t layer_cells = static_cast<std::int64_t>(grid_.nx) * grid_.ny;
    return {static_cast<PetscInt>(cell % grid_.nx), static_cast<PetscInt>((cell % layer_cells) / grid_.nx),
            static_cast<PetscInt>(cell / layer_cells)};
  }
  [[nodiscard]] bool owns(const CellIjk& c) const {
    return c.i >= box_.xs && c.i < box_.xs + box_.xm && c.j >= box_.ys && c.j < box_.ys + box_.ym &&
           c.k >= box_.zs && c.k < box_.zs + box_.zm;
  }
  [[nodiscard]] bool in_ghosted_box(const CellIjk& c) const {
    return c.i >= box_.gxs && c.i < box_.gxs + box_.gxm && c.j >= box_.gys && c.j < box_.gys + box_.gym &&
           c.k >= box_.gzs && c.k < box_.gzs + box_.gzm;
  }
  [[nodiscard]] PetscInt owned_index(const CellIjk& c) const { return owned_index(c.i, c.j, c.k); }
  [[nodiscard]] PetscInt ghosted_index(const CellIjk& c) const { return ghosted_index(c.i, c.j, c.k); }
  // The ghosted box is the owned box (one rank): ghosted and owned indices coincide.
  [[nodiscard]] bool no_ghosts() const {
    return box_.gxm == box_.xm && box_.gym == box_.ym && box_.gzm == box_.zm;
  }
  [[nodiscard]] PetscInt ghosted_index(PetscInt i, PetscInt j, PetscInt k) const {
    return ghosted_box_index()(i, j, k);
  }
  [[nodiscard]] GhostedBoxIndex ghosted_box_index() const {
    return {box_.gxs, box_.gys, box_.gzs, box_.gxm, box_.gxm * box_.gym};
  }
  [[nodiscard]] PetscInt owned_index(PetscInt i, PetscInt j, PetscInt k) const {
    return ((k - box_.zs) * box_.ym + (j - box_.ys)) * box_.xm + (i - box_.xs);
  }
  [[nodiscard]] LocalBudget empty_budget() const;
  void build_local_properties(const Model& model);
  void build_conductances(const Model& model);
  void build_dry_row_floor(const Model& model);
  void build_stress_terms(const Model& model);
  void build_wet_dry(const Model& model);
  [[nodiscard]] bool rewet_pass(std::vector<double>& h, int iteration);
  [[nodiscard]] bool dry_pass(std::vector<double>& h);
  [[nodiscard]] bool is_dry(std::size_t ghosted) const { return !dry_.empty() && dry_[ghosted] != 0; }

  template <typename Sink>
  void visit_terms(const PetscScalar* h_ghosted, const PetscScalar* h_old_owned,
                   const StressWindow& w, Sink& sink) const;

  MPI_Comm comm_;
  GridGeometry grid_;
  DMOwner dm_;
  LocalBox box_{};
  bool any_convertible_ = false;
  double inactive_fraction_ = 0.0;
  std::int64_t active_cells_ = 0;

  // Ghosted local properties.
  std::vector<CellState> state_;
  // Cell tops and bottoms [m] (ghosted index): the model's arrays on a single rank (the
  // model outlives the system and its tops and bottoms stay unchanged), else *_copy_.
  const double* top_m_ = nullptr;
  const double* bottom_m_ = nullptr;
  std::vector<double> top_copy_, bottom_copy_;
  std::vector<std::uint8_t> convertible_;
  // MF6 formulation only: K, Kv and K along y (= K unless given) [m/d].
  std::vector<double> k_m_per_d_, kv_m_per_d_, k22_m_per_d_;
  // Saturated conductance [m2/d] of the connection from each ghosted cell to its neighbour
  // at +x, +y, +z (the same value seen from either side), 0 at the edge of the ghosted box.
  // Native formulation only (the MF6 one computes them from the heads).
  std::array<std::vector<double>, 3> conductance_plus_;
  std::vector<double> confined_sat_;  // CellProperties::confined_saturation (empty: 1)
  std::vector<double> cell_dx_m_, cell_dy_m_;  // non-uniform grids only: cell widths [m]
  Formulation form_;
  // Owned-only properties (storage: empty in a steady-only run).
  std::vector<double> ss_per_m_, sy_;
  std::vector<std::uint8_t> storage_convertible_;
  std::vector<int> constant_head_group_;  // ConstantHeadCell::group of owned CH cells
  // Constant heads of the ghosted box with their windows; only kept when a window is finite.
  struct ConstantHeadWindow {
    PetscInt ghosted;
    PetscInt owned;  // -1: a ghost
    ConstantHeadCell ch;
  };
  std::vector<ConstantHeadWindow> constant_head_windows_;
  bool dynamic_constant_heads_ = false;
  std::vector<ConstantHeadCell> all_constant_heads_;  // with wet_dry and dynamic windows
  // Smallest Newton diagonal of convertible cells [m2/d]: kDryRowFloor x the sum of the
  // saturated conductances. A dry cell whose neighbours are dry or downstream has an all-zero
  // row; the floor (Jacobian only, the residual is untouched) keeps the matrix regular.
  // Empty when no cell has a floor (no convertible cell, or the MF6 formulation).
  std::vector<double> min_diagonal_;

  std::vector<BoundaryTerm> boundaries_;
  std::size_t boundary_groups_ = 0;  // Model::boundary_groups.size()
  std::vector<WellTerm> well_terms_;
  std::vector<RechargeTerm> recharge_terms_;
  std::vector<FloodingTerm> flooding_terms_;
  std::vector<Flooding> floodings_;  // without their column lists
  std::vector<PiecewiseConstant> well_rates_m3_per_d_;
  std::vector<PiecewiseConstant> recharge_rates_m_per_d_;
  // The stress rates averaged over the window of the last evaluation: every residual,
  // matrix and budget pass of a step uses the same window.
  struct WindowRates {
    double t0_d = -1.0, t1_d = -1.0;
    bool valid = false;
    std::vector<double> well_m3_per_d, recharge_m_per_d, flooded_share;
  };
  mutable WindowRates window_rates_;
  const WindowRates& window_rates(const StressWindow& w) const;

  // For gather_heads (rank 0 only): which cells print as NaN (bottoms and convertibility only
  // when some cell is convertible).
  // The model's full-grid arrays (every rank holds the whole model).
  const std::uint8_t* global_active_ = nullptr;
  const double* global_bottom_m_ = nullptr;
  std::vector<std::uint8_t> global_convertible_;

  // Formulation::wet_dry (small MF6 models; replicated on every rank, natural order):
  std::vector<std::uint8_t> dry_;         // ghosted: 1 = dry (treated as inactive)
  std::vector<std::uint8_t> dry_global_;  // natural order
  std::vector<double> wetdry_global_m_, top_global_m_, bottom_global_m_;
  std::vector<std::uint8_t> convertible_global_;
  std::vector<std::uint8_t> variable_global_;  // active and not constant head
  std::vector<PetscInt> owned_of_global_;      // natural index -> owned index, -1 elsewhere
  struct RechargeColumnTerm {
    std::vector<std::int64_t> candidates;  // natural indices, first one that is not dry
    std::size_t recharge;
    double area_weight_m2;
    int group;
  };
  std::vector<RechargeColumnTerm> recharge_columns_;  // replaces recharge_terms_
};

}  // namespace aquifer::solver
