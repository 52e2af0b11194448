#include "solver/flow_system.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "solver/kernels.hpp"
#include "solver/mf6_kernels.hpp"
#include "solver/stencil.hpp"

namespace aquifer::solver {

using stencil::kOffsets;

// Calls, for the owned cells in ascending owned index:
//   sink.begin_row(owned, i, j, k) / sink.end_row(owned, i, j, k) around each variable cell;
//   between them, first its list terms (boundaries, wells, flooding, recharge; each list
//   sorted by cell at set-up, so a cell's terms are met in order), then its connections, then
//   storage:
//   sink.external(component, owned, q, dq_dself)  boundary, well, recharge, storage, CH terms
//   sink.well(index, requested, actual) / sink.flooding(index, potential, accepted) after the
//     external term of each well share and flooded cell, for accounting
//   sink.internal(owned, i, j, k, di, dj, dk, q, dq_dself, dq_dnbr) (flow between two variable
//     cells; not computed for a sink without internal())
//   sink.fixed_row(owned, i, j, k) for inactive, constant-head and dry cells (their list terms
//   are skipped: water given to a fixed head or a dry cell goes nowhere), then, for a
//   constant-head cell and a sink with constant_head_cell(), the net flow into the model.
template <typename Sink>
void FlowSystem::visit_terms(const PetscScalar* hg, const PetscScalar* h_old,
                             const StressWindow& w, Sink& sink) const {
  const double t_mid = 0.5 * (w.t0_d + w.t1_d);
  const WindowRates& rates = window_rates(w);
  // MF6 wetting: recharge enters the first cell of its column that is not dry, decided here.
  struct ColumnRecharge {
    PetscInt owned;
    double q;
    int group;
  };
  std::vector<ColumnRecharge> column_recharge;
  for (const auto& rc : recharge_columns_) {
    for (const std::int64_t cell : rc.candidates) {
      if (dry_global_[static_cast<std::size_t>(cell)] != 0) continue;
      const PetscInt o = owned_of_global_[static_cast<std::size_t>(cell)];
      if (o >= 0 && variable_global_[static_cast<std::size_t>(cell)] != 0)  // not a constant head
        column_recharge.push_back({o, rates.recharge_m_per_d[rc.recharge] * rc.area_weight_m2, rc.group});
      break;
    }
  }
  std::stable_sort(column_recharge.begin(), column_recharge.end(),
                   [](const ColumnRecharge& a, const ColumnRecharge& b) { return a.owned < b.owned; });
  // Cursors into the sorted lists; terms of cells before the current one belong to fixed cells.
  std::size_t nb = 0, nw = 0, nf = 0, nc = 0, nr = 0;
  auto list_terms = [&](PetscInt o, std::size_t c) {
    for (; nb < boundaries_.size() && boundaries_[nb].owned <= o; ++nb) {
      const auto& b = boundaries_[nb];
      if (b.owned < o || t_mid < b.cell.from_d || t_mid >= b.cell.until_d) continue;
      kernels::FluxAndDerivative f{};
      BudgetComponent comp = BudgetComponent::general_head;
      switch (b.cell.kind) {
        case HeadDependentKind::general_head:
          f = kernels::general_head_flow(hg[c], b.cell.reference_head_m, b.cell.conductance_m2_per_d);
          break;
        case HeadDependentKind::river:
          f = kernels::river_flow(hg[c], b.cell.reference_head_m, b.cell.river_bottom_m, b.cell.conductance_m2_per_d);
          comp = BudgetComponent::river;
          break;
        case HeadDependentKind::drain:
          f = kernels::drain_flow(hg[c], b.cell.reference_head_m, b.cell.conductance_m2_per_d);
          comp = BudgetComponent::drain;
          break;
      }
      sink.external(comp, o, f.flow_m3_per_d, f.dflow_dh);
      sink.boundary(b.cell.group, f.flow_m3_per_d);
    }
    for (; nw < well_terms_.size() && well_terms_[nw].owned <= o; ++nw) {
      const auto& wt = well_terms_[nw];
      if (wt.owned < o) continue;
      const double requested = rates.well_m3_per_d[wt.well] * wt.fraction;
      const auto f = kernels::well_flow(requested, hg[c], top_m_[c], bottom_m_[c], convertible_[c] != 0,
                                        wt.reduction_fraction);
      sink.external(BudgetComponent::wells, o, f.flow_m3_per_d, f.dflow_dh);
      sink.well(wt.well, requested, f.flow_m3_per_d);
      sink.boundary(wt.group, f.flow_m3_per_d);
    }
    for (; nf < flooding_terms_.size() && flooding_terms_[nf].owned <= o; ++nf) {
      const auto& ft = flooding_terms_[nf];
      if (ft.owned < o) continue;
      const Flooding& fl = floodings_[ft.flooding];
      const double potential = fl.infiltration_m_per_d * ft.area_m2 * rates.flooded_share[ft.flooding];
      const auto f = kernels::flooding_accepted(potential, hg[c], top_m_[c], fl.rejection_band_m);
      sink.external(BudgetComponent::flooding, o, f.flow_m3_per_d, f.dflow_dh);
      sink.flooding(ft.flooding, potential, f.flow_m3_per_d);
    }
    for (; nc < column_recharge.size() && column_recharge[nc].owned <= o; ++nc) {
      if (column_recharge[nc].owned < o) continue;
      sink.external(BudgetComponent::recharge, o, column_recharge[nc].q, 0.0);
      sink.boundary(column_recharge[nc].group, column_recharge[nc].q);
    }
    for (; nr < recharge_terms_.size() && recharge_terms_[nr].owned <= o; ++nr) {
      const auto& rt = recharge_terms_[nr];
      if (rt.owned < o) continue;
      const double rate = rates.recharge_m_per_d[rt.recharge];
      sink.external(BudgetComponent::recharge, o, rate * rt.area_weight_m2, 0.0);
      sink.boundary(rt.group, rate * rt.area_weight_m2);
    }
  };

  for (PetscInt k = box_.zs; k < box_.zs + box_.zm; ++k)
    for (PetscInt j = box_.ys; j < box_.ys + box_.ym; ++j)
      for (PetscInt i = box_.xs; i < box_.xs + box_.xm; ++i) {
        const PetscInt o = owned_index(i, j, k);
        const auto c = static_cast<std::size_t>(ghosted_index(i, j, k));
        if (state_[c] != CellState::variable || is_dry(c)) {
          sink.fixed_row(o, i, j, k);
          if constexpr (requires { sink.constant_head_cell(o, 0, 0.0); }) {
            if (state_[c] == CellState::constant_head) {
              // Net flow from the constant head into the model, cell by cell (as MF6 CHD).
              double into_ch = 0.0;
              for (const auto& off : kOffsets) {
                const PetscInt ni = i + off[0], nj = j + off[1], nk = k + off[2];
                if (ni < 0 || ni >= grid_.nx || nj < 0 || nj >= grid_.ny || nk < 0 || nk >= grid_.nlay)
                  continue;
                const auto n = static_cast<std::size_t>(ghosted_index(ni, nj, nk));
                if (state_[n] == CellState::inactive || is_dry(n)) continue;
                into_ch += connection_flow(c, n, off, hg[c], hg[n]).q;
              }
              sink.constant_head_cell(o, constant_head_group_[static_cast<std::size_t>(o)], -into_ch);
            }
          }
          continue;
        }
        sink.begin_row(o, i, j, k);
        list_terms(o, c);
        const double hc = hg[c];
        for (const auto& off : kOffsets) {
          const PetscInt ni = i + off[0], nj = j + off[1], nk = k + off[2];
          if (ni < 0 || ni >= grid_.nx || nj < 0 || nj >= grid_.ny || nk < 0 || nk >= grid_.nlay)
            continue;
          const auto n = static_cast<std::size_t>(ghosted_index(ni, nj, nk));
          if (state_[n] == CellState::inactive || is_dry(n)) continue;
          if (state_[n] == CellState::constant_head) {
            const auto f = connection_flow(c, n, off, hc, hg[n]);
            sink.external(BudgetComponent::constant_head, o, f.q, f.dq_dc);
          } else if constexpr (requires { sink.internal(o, i, j, k, 0, 0, 0, 0.0, 0.0, 0.0); }) {
            const auto f = connection_flow(c, n, off, hc, hg[n]);  // a sink without internal(): skipped
            sink.internal(o, i, j, k, off[0], off[1], off[2], f.q, f.dq_dc, f.dq_dn);
          }
        }
        const auto oi = static_cast<std::size_t>(o);
        const double area = cell_area_m2(c);
        if (w.dt_d > 0.0 && form_.mf6) {
          const mf6k::StorageCell sc{area, top_m_[c], bottom_m_[c], ss_per_m_[oi], sy_[oi],
                                     storage_convertible_[oi] != 0, form_.storage_coefficient,
                                     form_.ss_confined_only};
          const auto st = mf6k::storage_flow(sc, hc, h_old[oi], w.dt_d, form_.saturation_omega);
          sink.external(BudgetComponent::storage, o, st.q_ss + st.q_sy, st.dq_ss + st.dq_sy);
          if constexpr (requires { sink.storage_split(0.0, 0.0); }) sink.storage_split(st.q_ss, st.q_sy);
        } else if (w.dt_d > 0.0) {
          const kernels::StorageCell sc{area, top_m_[c], bottom_m_[c], ss_per_m_[oi], sy_[oi],
                                        convertible_[c] != 0};
          const double dw = kernels::stored_volume(sc, hc) - kernels::stored_volume(sc, h_old[oi]);
          sink.external(BudgetComponent::storage, o, -dw / w.dt_d,
                        -kernels::stored_volume_derivative(sc, hc) / w.dt_d);
        }
        sink.end_row(o, i, j, k);
      }
}

const FlowSystem::WindowRates& FlowSystem::window_rates(const StressWindow& w) const {
  WindowRates& r = window_rates_;
  if (r.valid && r.t0_d == w.t0_d && r.t1_d == w.t1_d) return r;
  r.well_m3_per_d.resize(well_rates_m3_per_d_.size());
  for (std::size_t i = 0; i < well_rates_m3_per_d_.size(); ++i)
    r.well_m3_per_d[i] = well_rates_m3_per_d_[i].average(w.t0_d, w.t1_d);
  r.recharge_m_per_d.resize(recharge_rates_m_per_d_.size());
  for (std::size_t i = 0; i < recharge_rates_m_per_d_.size(); ++i)
    r.recharge_m_per_d[i] = recharge_rates_m_per_d_[i].average(w.t0_d, w.t1_d);
  r.flooded_share.resize(floodings_.size());
  for (std::size_t i = 0; i < floodings_.size(); ++i)
    r.flooded_share[i] = floodings_[i].flooded_share.average(w.t0_d, w.t1_d);
  r.t0_d = w.t0_d;
  r.t1_d = w.t1_d;
  r.valid = true;
  return r;
}

// Inlined into visit_terms (the hot loop: six calls per cell and pass); the MF6 branch is not.
[[gnu::always_inline]] inline FlowSystem::ConnectionFlow FlowSystem::connection_flow(std::size_t c, std::size_t n,
                                                                                    const int off[3], double hc,
                                                                                    double hn) const {
  if (form_.mf6) return connection_flow_mf6(c, n, off, hc, hn);
  const int axis = off[0] != 0 ? 0 : (off[1] != 0 ? 1 : 2);
  const double csat = conductance_plus_[static_cast<std::size_t>(axis)][off[axis] > 0 ? c : n];
  if (axis == 2) return {csat * (hn - hc), -csat, csat};
  const bool up_is_n = hn > hc;
  const std::size_t u = up_is_n ? n : c;
  const double hu = up_is_n ? hn : hc;
  double s = 1.0, ds = 0.0;
  if (convertible_[u] != 0) {
    s = kernels::saturation(hu, top_m_[u], bottom_m_[u]);
    ds = kernels::saturation_derivative(hu, top_m_[u], bottom_m_[u]);
  }
  return {csat * s * (hn - hc), -csat * s + (up_is_n ? 0.0 : csat * ds * (hn - hc)),
          csat * s + (up_is_n ? csat * ds * (hn - hc) : 0.0)};
}

// MODFLOW 6 formulation (Model::formulation.mf6): K11 along x, K22 along y, K33 vertical.
[[gnu::noinline]] FlowSystem::ConnectionFlow FlowSystem::connection_flow_mf6(std::size_t c, std::size_t n, const int off[3],
                                                           double hc, double hn) const {
  const bool along_x = off[0] != 0;
  const auto& kh = off[1] != 0 ? k22_m_per_d_ : k_m_per_d_;
  const auto& kk = off[2] != 0 ? kv_m_per_d_ : kh;
  const double sat_c = confined_sat_.empty() ? 1.0 : confined_sat_[c];
  const double sat_n = confined_sat_.empty() ? 1.0 : confined_sat_[n];
  const mf6k::Side a{hc, top_m_[c], bottom_m_[c], kk[c], convertible_[c] != 0, sat_c};
  const mf6k::Side b{hn, top_m_[n], bottom_m_[n], kk[n], convertible_[n] != 0, sat_n};
  if (off[2] == 0) {
    const Face fc = face(c, n, along_x);
    const auto f = mf6k::horizontal_flow(a, b, fc.width_m, fc.cl_c_m, fc.cl_n_m,
                                         static_cast<mf6k::CellAveraging>(form_.cell_averaging), form_.newton,
                                         form_.saturation_omega);
    return {f.q, f.dq_da, f.dq_db};
  }
  const mf6k::VerticalOptions vo{form_.variable_cv, form_.dewatered, form_.perched, form_.saturation_omega};
  if (off[2] > 0) {  // n lies below c
    const auto f = mf6k::vertical_flow_into_upper(a, b, cell_area_m2(c), vo);
    return {f.q, f.dq_da, f.dq_db};
  }
  const auto f = mf6k::vertical_flow_into_upper(b, a, cell_area_m2(c), vo);  // c below n
  return {-f.q, -f.dq_db, -f.dq_da};
}

namespace {

// Reads a global vector into a ghosted local array for the duration of a scope. Where the
// ghosted box is the owned box (a single rank) the global array is the ghosted array: read in
// place, without a local copy.
class GhostedRead final {
 public:
  GhostedRead(DM dm, Vec global, bool in_place) : dm_(dm), global_(global) {
    if (in_place) {
      AQ_PETSC(VecGetArrayRead(global_, &a_));
      return;
    }
    AQ_PETSC(DMGetLocalVector(dm_, &local_));
    AQ_PETSC(DMGlobalToLocalBegin(dm_, global, INSERT_VALUES, local_));
    AQ_PETSC(DMGlobalToLocalEnd(dm_, global, INSERT_VALUES, local_));
    AQ_PETSC(VecGetArrayRead(local_, &a_));
  }
  GhostedRead(const GhostedRead&) = delete;
  GhostedRead& operator=(const GhostedRead&) = delete;
  ~GhostedRead() {
    if (local_ == nullptr) {
      (void)VecRestoreArrayRead(global_, &a_);
      return;
    }
    (void)VecRestoreArrayRead(local_, &a_);
    (void)DMRestoreLocalVector(dm_, &local_);
  }
  [[nodiscard]] const PetscScalar* get() const { return a_; }

 private:
  DM dm_;
  Vec global_;
  Vec local_ = nullptr;
  const PetscScalar* a_ = nullptr;
};

// F row by row, and the sums of the convergence test (ResidualSums).
struct ResidualSink {
  PetscScalar* f;  // may be null
  ResidualSums sums{};
  double row_f = 0.0, row_abs = 0.0;
  void add(double q) {
    row_f += q;
    row_abs += std::abs(q);
  }
  void external(BudgetComponent, PetscInt, double q, double) {
    add(q);
    sums.external_abs += std::abs(q);
  }
  void well(std::size_t, double, double) {}
  void flooding(std::size_t, double, double) {}
  void boundary(int, double) {}
  void internal(PetscInt, PetscInt, PetscInt, PetscInt, int, int, int, double q, double, double) { add(q); }
  void begin_row(PetscInt, PetscInt, PetscInt, PetscInt) {
    row_f = 0.0;
    row_abs = 0.0;
  }
  void end_row(PetscInt o, PetscInt, PetscInt, PetscInt) {
    if (f != nullptr) f[o] = row_f;
    sums.max_cell_throughput = std::max(sums.max_cell_throughput, row_abs);
  }
  void fixed_row(PetscInt o, PetscInt, PetscInt, PetscInt) {
    if (f != nullptr) f[o] = 0.0;
  }
};

// Collects A = -dF/dh row by row. Rows go in by their local (ghosted-box) indices through
// MatSetValuesLocal: the index MatSetValuesStencil would compute from (i, j, k) before making
// the same call, here computed once a row (the neighbours are fixed offsets from it).
// DMCreateMatrix gives both matrix types (hyprestruct and AIJ) the DMDA's local numbering.
struct MatrixSink {
  Mat a;
  const std::vector<double>* min_diagonal;
  GhostedBoxIndex local;
  PetscInt row = 0;
  PetscInt cols[7]{};
  PetscScalar vals[7]{};
  int n = 0;
  void external(BudgetComponent, PetscInt, double, double dq_dself) { vals[0] -= dq_dself; }
  void well(std::size_t, double, double) {}
  void flooding(std::size_t, double, double) {}
  void boundary(int, double) {}
  void begin_row(PetscInt, PetscInt i, PetscInt j, PetscInt k) {
    n = 1;
    row = local(i, j, k);
    cols[0] = row;
    vals[0] = 0.0;
  }
  void internal(PetscInt, PetscInt, PetscInt, PetscInt, int di, int dj, int dk, double,
                double dq_dself, double dq_dnbr) {
    vals[0] -= dq_dself;
    cols[n] = row + local.offset(di, dj, dk);
    vals[n] = -dq_dnbr;
    ++n;
  }
  void end_row(PetscInt o, PetscInt, PetscInt, PetscInt) {
    if (!min_diagonal->empty()) vals[0] = std::max(vals[0], (*min_diagonal)[static_cast<std::size_t>(o)]);
    AQ_PETSC(MatSetValuesLocal(a, 1, &row, n, cols, vals, INSERT_VALUES));
  }
  void fixed_row(PetscInt, PetscInt i, PetscInt j, PetscInt k) {
    const PetscInt r = local(i, j, k);
    const PetscScalar one = 1.0;
    AQ_PETSC(MatSetValuesLocal(a, 1, &r, 1, &r, &one, INSERT_VALUES));
  }
};

// F, the convergence sums and A = -dF/dh in one pass over the cells.
struct ResidualAndMatrixSink {
  ResidualSink residual;
  MatrixSink matrix;
  void external(BudgetComponent c, PetscInt o, double q, double dq_dself) {
    residual.external(c, o, q, dq_dself);
    matrix.external(c, o, q, dq_dself);
  }
  void well(std::size_t, double, double) {}
  void flooding(std::size_t, double, double) {}
  void boundary(int, double) {}
  void internal(PetscInt o, PetscInt i, PetscInt j, PetscInt k, int di, int dj, int dk, double q,
                double dq_dself, double dq_dnbr) {
    residual.internal(o, i, j, k, di, dj, dk, q, dq_dself, dq_dnbr);
    matrix.internal(o, i, j, k, di, dj, dk, q, dq_dself, dq_dnbr);
  }
  void begin_row(PetscInt o, PetscInt i, PetscInt j, PetscInt k) {
    residual.begin_row(o, i, j, k);
    matrix.begin_row(o, i, j, k);
  }
  void end_row(PetscInt o, PetscInt i, PetscInt j, PetscInt k) {
    residual.end_row(o, i, j, k);
    matrix.end_row(o, i, j, k);
  }
  void fixed_row(PetscInt o, PetscInt i, PetscInt j, PetscInt k) {
    residual.fixed_row(o, i, j, k);
    matrix.fixed_row(o, i, j, k);
  }
};

struct BudgetSink {
  LocalBudget& local;
  void external(BudgetComponent c, PetscInt, double q, double) { local.budget.add(c, q); }
  void well(std::size_t i, double requested, double actual) {
    local.accounting.well_requested_m3_per_d[i] += requested;
    local.accounting.well_actual_m3_per_d[i] += actual;
  }
  void flooding(std::size_t i, double potential, double accepted) {
    local.budget.flooding_rejected_m3_per_d += potential - accepted;
    local.accounting.flooding_applied_m3_per_d[i] += potential;
    local.accounting.flooding_accepted_m3_per_d[i] += accepted;
  }
  void boundary(int group, double q) {
    if (group < 0) return;
    const auto g = static_cast<std::size_t>(group);
    auto& a = local.accounting;
    a.boundary_flow_m3_per_d[g] += q;
    (q >= 0.0 ? a.boundary_in_m3_per_d[g] : a.boundary_out_m3_per_d[g]) += std::abs(q);
  }
  void constant_head_cell(PetscInt, int group, double q) { boundary(group, q); }
  void storage_split(double q_ss, double q_sy) {
    auto& a = local.accounting.storage_ss_sy_in_out;
    (q_ss >= 0.0 ? a[0] : a[1]) += std::abs(q_ss);
    (q_sy >= 0.0 ? a[2] : a[3]) += std::abs(q_sy);
  }
  // No internal(): flows between variable cells cancel in the budget and are not computed.
  void begin_row(PetscInt, PetscInt, PetscInt, PetscInt) {}
  void end_row(PetscInt, PetscInt, PetscInt, PetscInt) {}
  void fixed_row(PetscInt, PetscInt, PetscInt, PetscInt) {}
};

// F, the convergence sums and this rank's budget in one pass (the budget of the heads a step
// ends with comes from its last residual evaluation).
struct ResidualAndBudgetSink {
  ResidualSink residual;
  BudgetSink budget;
  void external(BudgetComponent c, PetscInt o, double q, double dq_dself) {
    residual.external(c, o, q, dq_dself);
    budget.external(c, o, q, dq_dself);
  }
  void well(std::size_t i, double requested, double actual) { budget.well(i, requested, actual); }
  void flooding(std::size_t i, double potential, double accepted) { budget.flooding(i, potential, accepted); }
  void boundary(int group, double q) { budget.boundary(group, q); }
  void constant_head_cell(PetscInt o, int group, double q) { budget.constant_head_cell(o, group, q); }
  void storage_split(double q_ss, double q_sy) { budget.storage_split(q_ss, q_sy); }
  void internal(PetscInt o, PetscInt i, PetscInt j, PetscInt k, int di, int dj, int dk, double q,
                double dq_dself, double dq_dnbr) {
    residual.internal(o, i, j, k, di, dj, dk, q, dq_dself, dq_dnbr);
  }
  void begin_row(PetscInt o, PetscInt i, PetscInt j, PetscInt k) { residual.begin_row(o, i, j, k); }
  void end_row(PetscInt o, PetscInt i, PetscInt j, PetscInt k) { residual.end_row(o, i, j, k); }
  void fixed_row(PetscInt o, PetscInt i, PetscInt j, PetscInt k) { residual.fixed_row(o, i, j, k); }
};

}  // namespace

ResidualSums FlowSystem::residual(Vec h, Vec h_old, const StressWindow& w, Vec f, LocalBudget* budget) const {
  const LogEventScope logged(LogPhase::residual);
  GhostedRead hg(dm_, h, no_ghosts());
  VecArrayRead old(h_old);
  PetscScalar* fa = nullptr;
  if (f != nullptr) AQ_PETSC(VecGetArray(f, &fa));
  ResidualSums sums;
  if (budget != nullptr) {
    *budget = empty_budget();
    ResidualAndBudgetSink sink{ResidualSink{fa}, BudgetSink{*budget}};
    visit_terms(hg.get(), old.get(), w, sink);
    sums = sink.residual.sums;
  } else {
    ResidualSink sink{fa};
    visit_terms(hg.get(), old.get(), w, sink);
    sums = sink.sums;
  }
  if (f != nullptr) AQ_PETSC(VecRestoreArray(f, &fa));
  return sums;
}

void FlowSystem::newton_matrix(Vec h, Vec h_old, const StressWindow& w, Mat a) const {
  const LogEventScope logged(LogPhase::matrix);
  GhostedRead hg(dm_, h, no_ghosts());
  VecArrayRead old(h_old);
  // Rows are written with INSERT_VALUES, each with the couplings of the current state only:
  // when cells can leave or join the system (wet/dry, constant heads per period) the entries of
  // an earlier state must not survive, so the matrix is cleared first (keeping its pattern).
  if (form_.wet_dry || dynamic_constant_heads_) AQ_PETSC(MatZeroEntries(a));
  MatrixSink sink{a, &min_diagonal_, ghosted_box_index()};
  visit_terms(hg.get(), old.get(), w, sink);
  AQ_PETSC(MatAssemblyBegin(a, MAT_FINAL_ASSEMBLY));
  AQ_PETSC(MatAssemblyEnd(a, MAT_FINAL_ASSEMBLY));
}

ResidualSums FlowSystem::residual_and_matrix(Vec h, Vec h_old, const StressWindow& w, Vec f, Mat a) const {
  const LogEventScope logged(LogPhase::residual_and_matrix);
  GhostedRead hg(dm_, h, no_ghosts());
  VecArrayRead old(h_old);
  if (form_.wet_dry || dynamic_constant_heads_) AQ_PETSC(MatZeroEntries(a));  // as newton_matrix
  PetscScalar* fa = nullptr;
  AQ_PETSC(VecGetArray(f, &fa));
  ResidualAndMatrixSink sink{ResidualSink{fa}, MatrixSink{a, &min_diagonal_, ghosted_box_index()}};
  visit_terms(hg.get(), old.get(), w, sink);
  AQ_PETSC(VecRestoreArray(f, &fa));
  AQ_PETSC(MatAssemblyBegin(a, MAT_FINAL_ASSEMBLY));
  AQ_PETSC(MatAssemblyEnd(a, MAT_FINAL_ASSEMBLY));
  return sink.residual.sums;
}

LocalBudget FlowSystem::empty_budget() const {
  LocalBudget b;
  b.accounting.well_requested_m3_per_d.assign(well_rates_m3_per_d_.size(), 0.0);
  b.accounting.well_actual_m3_per_d.assign(well_rates_m3_per_d_.size(), 0.0);
  b.accounting.flooding_applied_m3_per_d.assign(floodings_.size(), 0.0);
  b.accounting.flooding_accepted_m3_per_d.assign(floodings_.size(), 0.0);
  b.accounting.boundary_flow_m3_per_d.assign(boundary_groups_, 0.0);
  b.accounting.boundary_in_m3_per_d.assign(boundary_groups_, 0.0);
  b.accounting.boundary_out_m3_per_d.assign(boundary_groups_, 0.0);
  return b;
}

WaterBudget FlowSystem::budget(Vec h, Vec h_old, const StressWindow& w,
                               StressAccounting* accounting) const {
  const LogEventScope logged(LogPhase::budget);
  GhostedRead hg(dm_, h, no_ghosts());
  VecArrayRead old(h_old);
  LocalBudget local = empty_budget();
  BudgetSink sink{local};
  visit_terms(hg.get(), old.get(), w, sink);
  return sum_budget(local, accounting);
}

WaterBudget FlowSystem::sum_budget(const LocalBudget& local, StressAccounting* accounting) const {
  WaterBudget total;
  auto sum = [&](const double* in, double* out, std::size_t n) {
    MPI_Allreduce(in, out, static_cast<int>(n), MPI_DOUBLE, MPI_SUM, comm_);
  };
  sum(local.budget.in_m3_per_d.data(), total.in_m3_per_d.data(), kBudgetComponentCount);
  sum(local.budget.out_m3_per_d.data(), total.out_m3_per_d.data(), kBudgetComponentCount);
  sum(&local.budget.flooding_rejected_m3_per_d, &total.flooding_rejected_m3_per_d, 1);
  if (accounting != nullptr) {
    const StressAccounting& a = local.accounting;
    *accounting = a;
    sum(a.well_requested_m3_per_d.data(), accounting->well_requested_m3_per_d.data(),
        a.well_requested_m3_per_d.size());
    sum(a.well_actual_m3_per_d.data(), accounting->well_actual_m3_per_d.data(), a.well_actual_m3_per_d.size());
    sum(a.flooding_applied_m3_per_d.data(), accounting->flooding_applied_m3_per_d.data(),
        a.flooding_applied_m3_per_d.size());
    sum(a.flooding_accepted_m3_per_d.data(), accounting->flooding_accepted_m3_per_d.data(),
        a.flooding_accepted_m3_per_d.size());
    sum(a.boundary_flow_m3_per_d.data(), accounting->boundary_flow_m3_per_d.data(),
        a.boundary_flow_m3_per_d.size());
    sum(a.boundary_in_m3_per_d.data(), accounting->boundary_in_m3_per_d.data(), a.boundary_in_m3_per_d.size());
    sum(a.boundary_out_m3_per_d.data(), accounting->boundary_out_m3_per_d.data(),
        a.boundary_out_m3_per_d.size());
    sum(a.storage_ss_sy_in_out.data(), accounting->storage_ss_sy_in_out.data(), 4);
  }
  return total;
}

void FlowSystem::extrapolate(Vec h, Vec h_old, Vec h_prev, double ratio) const {
  VecArrayRead old(h_old);
  VecArrayRead prev(h_prev);
  PetscScalar* out = nullptr;
  AQ_PETSC(VecGetArray(h, &out));
  for (PetscInt k = box_.zs; k < box_.zs + box_.zm; ++k)
    for (PetscInt j = box_.ys; j < box_.ys + box_.ym; ++j)
      for (PetscInt i = box_.xs; i < box_.xs + box_.xm; ++i) {
        const auto o = static_cast<std::size_t>(owned_index(i, j, k));
        const auto c = static_cast<std::size_t>(ghosted_index(i, j, k));
        const bool variable = state_[c] == CellState::variable && !is_dry(c);
        out[o] = variable ? old.get()[o] + ratio * (old.get()[o] - prev.get()[o]) : old.get()[o];
      }
  AQ_PETSC(VecRestoreArray(h, &out));
}

std::vector<std::uint8_t> FlowSystem::switch_states(Vec h) const {
  VecArrayRead ha(h);
  std::vector<std::uint8_t> on;
  on.reserve(boundaries_.size());
  for (const auto& b : boundaries_) {
    const double hv = ha.get()[b.owned];
    switch (b.cell.kind) {
      case HeadDependentKind::general_head: break;
      case HeadDependentKind::river: on.push_back(hv > b.cell.river_bottom_m ? 1 : 0); break;
      case HeadDependentKind::drain: on.push_back(hv > b.cell.reference_head_m ? 1 : 0); break;
    }
  }
  return on;
}

}  // namespace aquifer::solver
