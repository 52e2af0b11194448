// Set-up of FlowSystem: the DMDA, this rank's ghosted copy of the cell properties, the
// Newton-diagonal floor of convertible cells, and the boundary, well, recharge and flooding
// terms of the cells this rank owns.
#include "solver/flow_system.hpp"

#include <algorithm>
#include <stdexcept>

#include "solver/kernels.hpp"
#include "solver/mf6_kernels.hpp"
#include "solver/stencil.hpp"

namespace aquifer::solver {

namespace {
// Floor of a convertible cell's Newton diagonal relative to its saturated conductances.
constexpr double kDryRowFloor = 1e-6;
}  // namespace

using stencil::kOffsets;

FlowSystem::FlowSystem(const Model& model, MPI_Comm comm)
    : comm_(comm), grid_(model.grid), form_(model.formulation), boundary_groups_(model.boundary_groups.size()) {
  const LogEventScope logged(LogPhase::setup);
  const auto& g = model.grid;
  if (g.nx < 1 || g.ny < 1 || g.nlay < 1) throw std::invalid_argument("empty grid");
  AQ_PETSC(DMDACreate3d(comm, DM_BOUNDARY_NONE, DM_BOUNDARY_NONE, DM_BOUNDARY_NONE,
                        DMDA_STENCIL_STAR, g.nx, g.ny, g.nlay, PETSC_DECIDE, PETSC_DECIDE,
                        PETSC_DECIDE, 1, 1, nullptr, nullptr, nullptr, dm_.out()));
  AQ_PETSC(DMSetUp(dm_));
  AQ_PETSC(DMDAGetCorners(dm_, &box_.xs, &box_.ys, &box_.zs, &box_.xm, &box_.ym, &box_.zm));
  AQ_PETSC(DMDAGetGhostCorners(dm_, &box_.gxs, &box_.gys, &box_.gzs, &box_.gxm, &box_.gym,
                               &box_.gzm));
  build_local_properties(model);
  if (!form_.mf6) build_conductances(model);
  build_dry_row_floor(model);
  build_stress_terms(model);
  if (form_.wet_dry) build_wet_dry(model);
}

void FlowSystem::build_local_properties(const Model& model) {
  const auto& p = model.properties;
  const auto n_ghosted = static_cast<std::size_t>(box_.gxm * box_.gym * box_.gzm);
  state_.assign(n_ghosted, CellState::inactive);
  // Tops and bottoms: the model's own arrays where the ghosted box is the whole grid (one
  // rank: the same layout), else a ghosted copy. Read in active cells only.
  const bool whole_grid = no_ghosts() && box_.xm == grid_.nx && box_.ym == grid_.ny && box_.zm == grid_.nlay;
  if (whole_grid) {
    top_m_ = p.top_m.data();
    bottom_m_ = p.bottom_m.data();
  } else {
    top_copy_.assign(n_ghosted, 0.0);
    bottom_copy_.assign(n_ghosted, 0.0);
    top_m_ = top_copy_.data();
    bottom_m_ = bottom_copy_.data();
  }
  convertible_.assign(n_ghosted, 0);
  // K, Kv and K22 per cell: only the MF6 formulation computes conductances from them in every
  // pass; the native one caches its conductances, computed from the model (build_conductances).
  if (form_.mf6) {
    k_m_per_d_.assign(n_ghosted, 0.0);
    kv_m_per_d_.assign(n_ghosted, 0.0);
    k22_m_per_d_.assign(n_ghosted, 0.0);
  }
  // Per-cell convertibility: Model::properties.cell_convertible when given, else by layer.
  auto cell_conv = [&](std::size_t gi, std::size_t layer) {
    return p.cell_convertible.empty() ? p.layer_type[layer] == LayerType::convertible : p.cell_convertible[gi] != 0;
  };
  auto storage_conv = [&](std::size_t gi, std::size_t layer) {
    return p.storage_convertible.empty() ? cell_conv(gi, layer) : p.storage_convertible[gi] != 0;
  };
  // Constant heads active at t = 0; with finite windows update_constant_heads moves them.
  std::vector<std::uint8_t> fixed_at_start(static_cast<std::size_t>(grid_.cell_count()), 0);
  for (const auto& ch : model.constant_heads) {
    if (ch.from_d > -1e299 || ch.until_d < 1e299) dynamic_constant_heads_ = true;
    if (ch.from_d <= 0.0 && 0.0 < ch.until_d) fixed_at_start[static_cast<std::size_t>(ch.cell)] = 1;
  }
  if (!p.confined_saturation.empty()) confined_sat_.assign(n_ghosted, 1.0);
  if (!grid_.uniform()) {
    cell_dx_m_.assign(n_ghosted, 0.0);
    cell_dy_m_.assign(n_ghosted, 0.0);
  }

  for (PetscInt k = box_.gzs; k < box_.gzs + box_.gzm; ++k) {
    for (PetscInt j = box_.gys; j < box_.gys + box_.gym; ++j) {
      for (PetscInt i = box_.gxs; i < box_.gxs + box_.gxm; ++i) {
        const auto gi = static_cast<std::size_t>(grid_.index(k, j, i));
        const auto li = static_cast<std::size_t>(ghosted_index(i, j, k));
        if (!cell_dx_m_.empty()) {
          cell_dx_m_[li] = grid_.dx(static_cast<int>(i));
          cell_dy_m_[li] = grid_.dy(static_cast<int>(j));
        }
        if (p.active[gi] == 0) continue;
        if (!confined_sat_.empty()) confined_sat_[li] = p.confined_saturation[gi];
        state_[li] = fixed_at_start[gi] ? CellState::constant_head : CellState::variable;
        if (!whole_grid) {
          top_copy_[li] = p.top_m[gi];
          bottom_copy_[li] = p.bottom_m[gi];
        }
        convertible_[li] = cell_conv(gi, static_cast<std::size_t>(k)) ? 1 : 0;
        if (form_.mf6) {
          k_m_per_d_[li] = p.k_m_per_d[gi];
          kv_m_per_d_[li] = p.kv_m_per_d[gi];
          k22_m_per_d_[li] = p.k22_m_per_d.empty() ? p.k_m_per_d[gi] : p.k22_m_per_d[gi];
        }
      }
    }
  }
  const auto n_owned = static_cast<std::size_t>(box_.xm * box_.ym * box_.zm);
  // Storage properties: not in a steady-only run (no step has a storage term).
  const bool storage = !model.time.storage_free();
  if (storage) {
    ss_per_m_.assign(n_owned, 0.0);
    sy_.assign(n_owned, 0.0);
    storage_convertible_.assign(n_owned, 0);
  }
  constant_head_group_.assign(n_owned, -1);
  for (PetscInt k = box_.zs; k < box_.zs + box_.zm; ++k)
    for (PetscInt j = box_.ys; j < box_.ys + box_.ym; ++j)
      for (PetscInt i = box_.xs; i < box_.xs + box_.xm; ++i) {
        const auto gi = static_cast<std::size_t>(grid_.index(k, j, i));
        const auto oi = static_cast<std::size_t>(owned_index(i, j, k));
        const bool storage_convertible = storage_conv(gi, static_cast<std::size_t>(k));
        if (storage) {
          ss_per_m_[oi] = p.ss_per_m[gi];
          sy_[oi] = p.sy[gi];
          storage_convertible_[oi] = storage_convertible ? 1 : 0;
        }
        if (p.active[gi] != 0 && (cell_conv(gi, static_cast<std::size_t>(k)) || storage_convertible))
          any_convertible_ = true;
      }
  int local_conv = any_convertible_ ? 1 : 0;
  int global_conv = 0;
  MPI_Allreduce(&local_conv, &global_conv, 1, MPI_INT, MPI_MAX, comm_);
  any_convertible_ = global_conv != 0;

  active_cells_ = std::count(p.active.begin(), p.active.end(), std::uint8_t{1});
  inactive_fraction_ = 1.0 - static_cast<double>(active_cells_) / static_cast<double>(grid_.cell_count());

  int rank = 0;
  MPI_Comm_rank(comm_, &rank);
  if (rank == 0) {
    global_active_ = p.active.data();
    global_bottom_m_ = p.bottom_m.data();
    if (any_convertible_) {  // only convertible cells can be dry
      global_convertible_.assign(p.active.size(), 0);
      const auto per_layer = static_cast<std::size_t>(grid_.nx) * grid_.ny;
      for (std::size_t gi = 0; gi < p.active.size(); ++gi)
        global_convertible_[gi] = cell_conv(gi, gi / per_layer) ? 1 : 0;
    }
  }
  for (const auto& ch : model.constant_heads) {
    const CellIjk c = ijk(ch.cell);
    const bool owned = owns(c);
    if (dynamic_constant_heads_ && p.active[static_cast<std::size_t>(ch.cell)] != 0 && in_ghosted_box(c))
      constant_head_windows_.push_back({ghosted_index(c), owned ? owned_index(c) : -1, ch});
    if (owned && ch.from_d <= 0.0 && 0.0 < ch.until_d)
      constant_head_group_[static_cast<std::size_t>(owned_index(c))] = ch.group;
  }
  if (dynamic_constant_heads_ && form_.wet_dry)
    for (const auto& ch : model.constant_heads)
      if (p.active[static_cast<std::size_t>(ch.cell)] != 0) all_constant_heads_.push_back(ch);
}

bool FlowSystem::update_constant_heads(const StressWindow& w, Vec h) {
  if (!dynamic_constant_heads_) return false;
  const double t_mid = 0.5 * (w.t0_d + w.t1_d);
  auto in_window = [&](const ConstantHeadCell& ch) { return ch.from_d <= t_mid && t_mid < ch.until_d; };
  // Cells fixed now: state and, for owned cells, head and accounting group.
  std::vector<std::uint8_t> fixed(state_.size(), 0);
  PetscScalar* a = nullptr;
  AQ_PETSC(VecGetArray(h, &a));
  for (const auto& cw : constant_head_windows_) {
    if (!in_window(cw.ch)) continue;
    fixed[static_cast<std::size_t>(cw.ghosted)] = 1;
    if (cw.owned >= 0) {
      a[cw.owned] = cw.ch.head_m;
      constant_head_group_[static_cast<std::size_t>(cw.owned)] = cw.ch.group;
    }
  }
  AQ_PETSC(VecRestoreArray(h, &a));
  int changed = 0;
  for (const auto& cw : constant_head_windows_) {
    const auto g = static_cast<std::size_t>(cw.ghosted);
    const CellState now = fixed[g] != 0 ? CellState::constant_head : CellState::variable;
    if (state_[g] != now) changed = 1;
    state_[g] = now;
  }
  if (form_.wet_dry) {  // the replicated wet/dry state: variable = active and not fixed now
    for (const auto& ch : all_constant_heads_) variable_global_[static_cast<std::size_t>(ch.cell)] = 1;
    for (const auto& ch : all_constant_heads_)
      if (in_window(ch)) variable_global_[static_cast<std::size_t>(ch.cell)] = 0;
  }
  int any = 0;
  MPI_Allreduce(&changed, &any, 1, MPI_INT, MPI_MAX, comm_);
  return any != 0;
}

namespace {
// K and Kv of a cell as the flow system sees it: 0 in inactive cells.
struct CellK {
  const CellProperties& p;
  [[nodiscard]] double k(std::int64_t gi) const {
    return p.active[static_cast<std::size_t>(gi)] != 0 ? p.k_m_per_d[static_cast<std::size_t>(gi)] : 0.0;
  }
  [[nodiscard]] double kv(std::int64_t gi) const {
    return p.active[static_cast<std::size_t>(gi)] != 0 ? p.kv_m_per_d[static_cast<std::size_t>(gi)] : 0.0;
  }
};
}  // namespace

void FlowSystem::build_conductances(const Model& model) {
  const CellK kk{model.properties};
  const auto n_ghosted = static_cast<std::size_t>(box_.gxm * box_.gym * box_.gzm);
  for (auto& v : conductance_plus_) v.assign(n_ghosted, 0.0);
  auto horizontal = [&](std::size_t c, double k_c, std::size_t n, double k_n, bool along_x) {
    const Face fc = face(c, n, along_x);
    const double thick_c = active_thickness(c);
    const double thick_n = active_thickness(n);
    return cell_dx_m_.empty()
               ? kernels::horizontal_conductance(k_c, thick_c, k_n, thick_n, fc.width_m, fc.cl_c_m + fc.cl_n_m)
               : mf6k::mean_conductance(k_c, thick_c, fc.cl_c_m, k_n, thick_n, fc.cl_n_m, fc.width_m,
                                        mf6k::CellAveraging::harmonic);
  };
  for (PetscInt k = box_.gzs; k < box_.gzs + box_.gzm; ++k)
    for (PetscInt j = box_.gys; j < box_.gys + box_.gym; ++j)
      for (PetscInt i = box_.gxs; i < box_.gxs + box_.gxm; ++i) {
        const auto c = static_cast<std::size_t>(ghosted_index(i, j, k));
        const std::int64_t gi = grid_.index(k, j, i);
        const double k_c = kk.k(gi);
        if (i + 1 < box_.gxs + box_.gxm)
          conductance_plus_[0][c] =
              horizontal(c, k_c, static_cast<std::size_t>(ghosted_index(i + 1, j, k)), kk.k(gi + 1), true);
        if (j + 1 < box_.gys + box_.gym)
          conductance_plus_[1][c] =
              horizontal(c, k_c, static_cast<std::size_t>(ghosted_index(i, j + 1, k)), kk.k(gi + grid_.nx), false);
        if (k + 1 < box_.gzs + box_.gzm) {
          const auto n = static_cast<std::size_t>(ghosted_index(i, j, k + 1));
          conductance_plus_[2][c] =
              kernels::vertical_conductance(kk.kv(gi), active_thickness(c),
                                            kk.kv(gi + static_cast<std::int64_t>(grid_.nx) * grid_.ny),
                                            active_thickness(n), cell_area_m2(c));
        }
      }
}

void FlowSystem::build_dry_row_floor(const Model& model) {
  if (form_.mf6 || !any_convertible_) return;  // no floor anywhere (see below): stays empty
  const CellK kk{model.properties};
  min_diagonal_.assign(static_cast<std::size_t>(box_.xm * box_.ym * box_.zm), 0.0);
  for (PetscInt k = box_.zs; k < box_.zs + box_.zm; ++k)
    for (PetscInt j = box_.ys; j < box_.ys + box_.ym; ++j)
      for (PetscInt i = box_.xs; i < box_.xs + box_.xm; ++i) {
        const auto c = static_cast<std::size_t>(ghosted_index(i, j, k));
        // MF6 formulation: no floor, so that the iteration path (and with it which cells dry
        // and rewet) is MF6's own; a dry cell leaves the system there instead.
        if (state_[c] != CellState::variable || convertible_[c] == 0 || form_.mf6) continue;
        const std::int64_t gc = grid_.index(k, j, i);
        double sum = 0.0;
        for (const auto& off : kOffsets) {
          const PetscInt ni = i + off[0], nj = j + off[1], nk = k + off[2];
          if (ni < 0 || ni >= grid_.nx || nj < 0 || nj >= grid_.ny || nk < 0 || nk >= grid_.nlay) continue;
          const auto n = static_cast<std::size_t>(ghosted_index(ni, nj, nk));
          if (state_[n] == CellState::inactive) continue;
          const std::int64_t gn = grid_.index(nk, nj, ni);
          const double bc = active_thickness(c), bn = active_thickness(n);
          const Face f = face(c, n, off[0] != 0);
          sum += off[2] != 0 ? kernels::vertical_conductance(kk.kv(gc), bc, kk.kv(gn), bn, cell_area_m2(c))
                             : kernels::horizontal_conductance(kk.k(gc), bc, kk.k(gn), bn, f.width_m,
                                                               f.cl_c_m + f.cl_n_m);
        }
        min_diagonal_[static_cast<std::size_t>(owned_index(i, j, k))] = kDryRowFloor * sum;
      }
}

void FlowSystem::build_stress_terms(const Model& model) {
  // Maps a global cell index to its owned index on this rank, or -1.
  auto owned_of = [&](std::int64_t cell, PetscInt* ghosted) -> PetscInt {
    const CellIjk c = ijk(cell);
    if (!owns(c)) return -1;
    if (ghosted != nullptr) *ghosted = ghosted_index(c);
    return owned_index(c);
  };
  // Terms on constant-head cells are kept and skipped while the cell is fixed (visit_terms):
  // with MF6 CHD per stress period a cell may be fixed in some periods only.
  auto is_active = [&](std::int64_t cell) {
    PetscInt g = 0;
    return owned_of(cell, &g) >= 0 && state_[static_cast<std::size_t>(g)] != CellState::inactive;
  };

  for (const auto& b : model.head_dependent) {
    PetscInt g = 0;
    const PetscInt o = owned_of(b.cell, &g);
    if (o >= 0 && state_[static_cast<std::size_t>(g)] != CellState::inactive)
      boundaries_.push_back({o, g, b});
  }

  for (std::size_t w = 0; w < model.wells.size(); ++w) {
    well_rates_m3_per_d_.push_back(model.wells[w].rate_m3_per_d);
    for (const auto& share : model.wells[w].cells) {
      PetscInt g = 0;
      const PetscInt o = owned_of(share.cell, &g);
      if (o >= 0 && state_[static_cast<std::size_t>(g)] != CellState::inactive)
        well_terms_.push_back({o, g, w, share.fraction, model.wells[w].reduction_fraction, model.wells[w].group});
    }
  }

  // Recharge and flooding enter the uppermost active cell of each column (not constant-head
  // cells: water given to a fixed head goes nowhere).
  const auto& active = model.properties.active;
  const std::int64_t layer_size = static_cast<std::int64_t>(grid_.nx) * grid_.ny;
  auto uppermost = [&](std::int64_t column) -> std::int64_t {
    for (int k = 0; k < grid_.nlay; ++k) {
      const std::int64_t cell = k * layer_size + column;
      if (active[static_cast<std::size_t>(cell)] != 0) return cell;
    }
    return -1;
  };
  for (std::size_t r = 0; r < model.recharge.size(); ++r) {
    recharge_rates_m_per_d_.push_back(model.recharge[r].rate_m_per_d);
    if (form_.wet_dry) continue;  // build_wet_dry: recharge_columns_
    for (const auto& col : model.recharge[r].columns) {
      const std::int64_t cell = model.recharge[r].fixed_cell ? col.column : uppermost(col.column);
      PetscInt g = 0;
      if (cell >= 0 && is_active(cell)) {
        const PetscInt o = owned_of(cell, &g);
        recharge_terms_.push_back(
            {o, g, r, cell_area_m2(static_cast<std::size_t>(g)) * col.weight, model.recharge[r].group});
      }
    }
  }
  for (std::size_t f = 0; f < model.flooding.size(); ++f) {
    Flooding meta = model.flooding[f];
    meta.columns.clear();
    floodings_.push_back(std::move(meta));
    for (const auto& col : model.flooding[f].columns) {
      const std::int64_t cell = uppermost(col.column);
      PetscInt g = 0;
      if (cell >= 0 && is_active(cell))
        flooding_terms_.push_back({owned_of(cell, &g), g, f, col.area_m2});
    }
  }
  // visit_terms meets each cell's terms in its row: every list in cell order (stable: a cell's
  // terms keep their input order, and with it the order of the sums).
  auto by_cell = [](auto& list) {
    std::stable_sort(list.begin(), list.end(), [](const auto& a, const auto& b) { return a.owned < b.owned; });
  };
  by_cell(boundaries_);
  by_cell(well_terms_);
  by_cell(recharge_terms_);
  by_cell(flooding_terms_);
}

void FlowSystem::initial_heads(Vec h, const Model& model) const {
  PetscScalar* a = nullptr;
  AQ_PETSC(VecGetArray(h, &a));
  for (PetscInt k = box_.zs; k < box_.zs + box_.zm; ++k)
    for (PetscInt j = box_.ys; j < box_.ys + box_.ym; ++j)
      for (PetscInt i = box_.xs; i < box_.xs + box_.xm; ++i)
        a[owned_index(i, j, k)] = model.initial_head_m[static_cast<std::size_t>(grid_.index(k, j, i))];
  for (const auto& ch : model.constant_heads) {
    const CellIjk c = ijk(ch.cell);
    if (owns(c) && ch.from_d <= 0.0 && 0.0 < ch.until_d) a[owned_index(c)] = ch.head_m;
  }
  AQ_PETSC(VecRestoreArray(h, &a));
}

}  // namespace aquifer::solver
