// Set-up of FlowSystem: the DMDA, this rank's ghosted copy of the cell properties, the
// Newton-diagonal floor of convertible cells, and the boundary, well, recharge and flooding
// terms of the cells this rank owns.
#include "solver/flow_system.hpp"

#include <algorithm>
#include <stdexcept>

#include "solver/kernels.hpp"
#include "solver/stencil.hpp"

namespace aquifer::solver {

namespace {
// Floor of a convertible cell's Newton diagonal relative to its saturated conductances.
constexpr double kDryRowFloor = 1e-6;
}  // namespace

using stencil::kOffsets;

FlowSystem::FlowSystem(const Model& model, MPI_Comm comm)
    : comm_(comm), grid_(model.grid), form_(model.formulation), boundary_groups_(model.boundary_groups.size()) {
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
  build_dry_row_floor();
  build_stress_terms(model);
  if (form_.wet_dry) build_wet_dry(model);
}

void FlowSystem::build_local_properties(const Model& model) {
  const auto& p = model.properties;
  const auto n_ghosted = static_cast<std::size_t>(box_.gxm * box_.gym * box_.gzm);
  state_.assign(n_ghosted, CellState::inactive);
  top_m_.assign(n_ghosted, 0.0);
  bottom_m_.assign(n_ghosted, 0.0);
  k_m_per_d_.assign(n_ghosted, 0.0);
  kv_m_per_d_.assign(n_ghosted, 0.0);
  convertible_.assign(n_ghosted, 0);
  if (form_.mf6) k22_m_per_d_.assign(n_ghosted, 0.0);  // used by the MF6 formulation only
  // Per-cell convertibility: Model::properties.cell_convertible when given, else by layer.
  auto cell_conv = [&](std::size_t gi, std::size_t layer) {
    return p.cell_convertible.empty() ? p.layer_type[layer] == LayerType::convertible : p.cell_convertible[gi] != 0;
  };
  auto storage_conv = [&](std::size_t gi, std::size_t layer) {
    return p.storage_convertible.empty() ? cell_conv(gi, layer) : p.storage_convertible[gi] != 0;
  };
  std::vector<std::uint8_t> is_constant_head(static_cast<std::size_t>(grid_.cell_count()), 0);
  for (const auto& ch : model.constant_heads) is_constant_head[static_cast<std::size_t>(ch.cell)] = 1;

  for (PetscInt k = box_.gzs; k < box_.gzs + box_.gzm; ++k) {
    for (PetscInt j = box_.gys; j < box_.gys + box_.gym; ++j) {
      for (PetscInt i = box_.gxs; i < box_.gxs + box_.gxm; ++i) {
        const auto gi = static_cast<std::size_t>(grid_.index(k, j, i));
        const auto li = static_cast<std::size_t>(ghosted_index(i, j, k));
        if (p.active[gi] == 0) continue;
        state_[li] = is_constant_head[gi] ? CellState::constant_head : CellState::variable;
        top_m_[li] = p.top_m[gi];
        bottom_m_[li] = p.bottom_m[gi];
        k_m_per_d_[li] = p.k_m_per_d[gi];
        kv_m_per_d_[li] = p.kv_m_per_d[gi];
        convertible_[li] = cell_conv(gi, static_cast<std::size_t>(k)) ? 1 : 0;
        if (form_.mf6) k22_m_per_d_[li] = p.k22_m_per_d.empty() ? p.k_m_per_d[gi] : p.k22_m_per_d[gi];
      }
    }
  }
  const auto n_owned = static_cast<std::size_t>(box_.xm * box_.ym * box_.zm);
  ss_per_m_.assign(n_owned, 0.0);
  sy_.assign(n_owned, 0.0);
  storage_convertible_.assign(n_owned, 0);
  constant_head_group_.assign(n_owned, -1);
  for (PetscInt k = box_.zs; k < box_.zs + box_.zm; ++k)
    for (PetscInt j = box_.ys; j < box_.ys + box_.ym; ++j)
      for (PetscInt i = box_.xs; i < box_.xs + box_.xm; ++i) {
        const auto gi = static_cast<std::size_t>(grid_.index(k, j, i));
        const auto oi = static_cast<std::size_t>(owned_index(i, j, k));
        ss_per_m_[oi] = p.ss_per_m[gi];
        sy_[oi] = p.sy[gi];
        storage_convertible_[oi] = storage_conv(gi, static_cast<std::size_t>(k)) ? 1 : 0;
        if (p.active[gi] != 0 && (cell_conv(gi, static_cast<std::size_t>(k)) || storage_convertible_[oi] != 0))
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
    global_active_ = p.active;
    if (any_convertible_) {  // only convertible cells can be dry
      global_bottom_m_ = p.bottom_m;
      global_convertible_.assign(p.active.size(), 0);
      const auto per_layer = static_cast<std::size_t>(grid_.nx) * grid_.ny;
      for (std::size_t gi = 0; gi < p.active.size(); ++gi)
        global_convertible_[gi] = cell_conv(gi, gi / per_layer) ? 1 : 0;
    }
  }
  initial_head_m_.assign(n_owned, 0.0);
  for (PetscInt k = box_.zs; k < box_.zs + box_.zm; ++k)
    for (PetscInt j = box_.ys; j < box_.ys + box_.ym; ++j)
      for (PetscInt i = box_.xs; i < box_.xs + box_.xm; ++i)
        initial_head_m_[static_cast<std::size_t>(owned_index(i, j, k))] =
            model.initial_head_m[static_cast<std::size_t>(grid_.index(k, j, i))];
  for (const auto& ch : model.constant_heads) {
    const PetscInt i = static_cast<PetscInt>(ch.cell % grid_.nx);
    const PetscInt j = static_cast<PetscInt>((ch.cell / grid_.nx) % grid_.ny);
    const PetscInt k = static_cast<PetscInt>(ch.cell / (static_cast<std::int64_t>(grid_.nx) * grid_.ny));
    if (i >= box_.xs && i < box_.xs + box_.xm && j >= box_.ys && j < box_.ys + box_.ym &&
        k >= box_.zs && k < box_.zs + box_.zm)
    {
      initial_head_m_[static_cast<std::size_t>(owned_index(i, j, k))] = ch.head_m;
      constant_head_group_[static_cast<std::size_t>(owned_index(i, j, k))] = ch.group;
    }
  }
}

void FlowSystem::build_dry_row_floor() {
  if (form_.mf6 || !any_convertible_) return;  // no floor anywhere (see below): stays empty
  min_diagonal_.assign(ss_per_m_.size(), 0.0);
  const double area = grid_.cell_area_m2();
  for (PetscInt k = box_.zs; k < box_.zs + box_.zm; ++k)
    for (PetscInt j = box_.ys; j < box_.ys + box_.ym; ++j)
      for (PetscInt i = box_.xs; i < box_.xs + box_.xm; ++i) {
        const auto c = static_cast<std::size_t>(ghosted_index(i, j, k));
        // MF6 formulation: no floor, so that the iteration path (and with it which cells dry
        // and rewet) is MF6's own; a dry cell leaves the system there instead.
        if (state_[c] != CellState::variable || convertible_[c] == 0 || form_.mf6) continue;
        double sum = 0.0;
        for (const auto& off : kOffsets) {
          const PetscInt ni = i + off[0], nj = j + off[1], nk = k + off[2];
          if (ni < 0 || ni >= grid_.nx || nj < 0 || nj >= grid_.ny || nk < 0 || nk >= grid_.nlay) continue;
          const auto n = static_cast<std::size_t>(ghosted_index(ni, nj, nk));
          if (state_[n] == CellState::inactive) continue;
          const double bc = top_m_[c] - bottom_m_[c], bn = top_m_[n] - bottom_m_[n];
          sum += off[2] != 0 ? kernels::vertical_conductance(kv_m_per_d_[c], bc, kv_m_per_d_[n], bn, area)
                             : kernels::horizontal_conductance(k_m_per_d_[c], bc, k_m_per_d_[n], bn,
                                                               off[0] != 0 ? grid_.dy_m : grid_.dx_m,
                                                               off[0] != 0 ? grid_.dx_m : grid_.dy_m);
        }
        min_diagonal_[static_cast<std::size_t>(owned_index(i, j, k))] = kDryRowFloor * sum;
      }
}

void FlowSystem::build_stress_terms(const Model& model) {
  // Maps a global cell index to its owned index on this rank, or -1.
  auto owned_of = [&](std::int64_t cell, PetscInt* ghosted) -> PetscInt {
    const PetscInt i = static_cast<PetscInt>(cell % grid_.nx);
    const PetscInt j = static_cast<PetscInt>((cell / grid_.nx) % grid_.ny);
    const PetscInt k = static_cast<PetscInt>(cell / (static_cast<std::int64_t>(grid_.nx) * grid_.ny));
    if (i < box_.xs || i >= box_.xs + box_.xm || j < box_.ys || j >= box_.ys + box_.ym ||
        k < box_.zs || k >= box_.zs + box_.zm)
      return -1;
    if (ghosted != nullptr) *ghosted = ghosted_index(i, j, k);
    return owned_index(i, j, k);
  };
  auto is_variable = [&](std::int64_t cell) {
    PetscInt g = 0;
    return owned_of(cell, &g) >= 0 && state_[static_cast<std::size_t>(g)] == CellState::variable;
  };

  for (const auto& b : model.head_dependent) {
    PetscInt g = 0;
    const PetscInt o = owned_of(b.cell, &g);
    if (o >= 0 && state_[static_cast<std::size_t>(g)] == CellState::variable)
      boundaries_.push_back({o, g, b});
  }

  for (std::size_t w = 0; w < model.wells.size(); ++w) {
    well_rates_m3_per_d_.push_back(model.wells[w].rate_m3_per_d);
    for (const auto& share : model.wells[w].cells) {
      PetscInt g = 0;
      const PetscInt o = owned_of(share.cell, &g);
      if (o >= 0 && state_[static_cast<std::size_t>(g)] == CellState::variable)
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
      if (cell >= 0 && is_variable(cell))
        recharge_terms_.push_back(
            {owned_of(cell, nullptr), r, grid_.cell_area_m2() * col.weight, model.recharge[r].group});
    }
  }
  for (std::size_t f = 0; f < model.flooding.size(); ++f) {
    Flooding meta = model.flooding[f];
    meta.columns.clear();
    floodings_.push_back(std::move(meta));
    for (const auto& col : model.flooding[f].columns) {
      const std::int64_t cell = uppermost(col.column);
      PetscInt g = 0;
      if (cell >= 0 && is_variable(cell))
        flooding_terms_.push_back({owned_of(cell, &g), g, f, col.area_m2});
    }
  }
}

void FlowSystem::initial_heads(Vec h) const {
  PetscScalar* a = nullptr;
  AQ_PETSC(VecGetArray(h, &a));
  std::copy(initial_head_m_.begin(), initial_head_m_.end(), a);
  AQ_PETSC(VecRestoreArray(h, &a));
}

}  // namespace aquifer::solver
