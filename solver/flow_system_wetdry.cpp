// Wetting and drying of MODFLOW 6's standard formulation (Formulation::wet_dry): a
// convertible cell whose head falls to its bottom leaves the system; with REWET a dry cell
// rejoins when the head of an active neighbour reaches bottom + |WETDRY| (WETDRY < 0: only
// vertical neighbours), starting from bottom + WETFCT (h_neighbour - bottom) (IHDWET = 0) or
// bottom + WETFCT |WETDRY| (IHDWET != 0). The passes run in MF6's node order (layer, row
// from the north, column) with MF6's neighbour order, on the heads gathered on every rank,
// so every rank count gives the same states. Meant for the small models MF6 decks are.
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>

#include "solver/flow_system.hpp"

namespace aquifer::solver {

namespace {
constexpr double kDryHead = -1e30;  // MF6 HDRY
// MF6's connection order of a cell: above, north, west, east, south, below (our row + 1 is
// north).
constexpr int kMf6NeighbourOrder[6][3] = {{0, 0, -1}, {0, 1, 0}, {-1, 0, 0}, {1, 0, 0}, {0, -1, 0}, {0, 0, 1}};
}  // namespace

void FlowSystem::build_wet_dry(const Model& model) {
  const auto& p = model.properties;
  const auto n = static_cast<std::size_t>(grid_.cell_count());
  dry_.assign(state_.size(), 0);
  dry_global_.assign(n, 0);
  wetdry_global_m_ = p.wetdry_m.empty() ? std::vector<double>(n, 0.0) : p.wetdry_m;
  top_global_m_ = p.top_m;
  bottom_global_m_ = p.bottom_m;
  convertible_global_.assign(n, 0);
  variable_global_.assign(n, 0);
  const auto per_layer = static_cast<std::size_t>(grid_.nx) * grid_.ny;
  for (std::size_t c = 0; c < n; ++c) {
    convertible_global_[c] = p.cell_convertible.empty()
                                 ? (p.layer_type[c / per_layer] == LayerType::convertible ? 1 : 0)
                                 : p.cell_convertible[c];
    variable_global_[c] = p.active[c];
  }
  for (const auto& ch : model.constant_heads)
    if (ch.from_d <= 0.0 && 0.0 < ch.until_d) variable_global_[static_cast<std::size_t>(ch.cell)] = 0;
  owned_of_global_.assign(n, -1);
  for (PetscInt k = box_.zs; k < box_.zs + box_.zm; ++k)
    for (PetscInt j = box_.ys; j < box_.ys + box_.ym; ++j)
      for (PetscInt i = box_.xs; i < box_.xs + box_.xm; ++i)
        owned_of_global_[static_cast<std::size_t>(grid_.index(static_cast<int>(k), static_cast<int>(j),
                                                              static_cast<int>(i)))] = owned_index(i, j, k);
  // Recharge: the listed cell (or the column's top) and, passing down, the active cells below.
  for (std::size_t r = 0; r < model.recharge.size(); ++r) {
    const Recharge& rc = model.recharge[r];
    for (const auto& col : rc.columns) {
      const auto column = static_cast<int>(col.column % static_cast<std::int64_t>(per_layer));
      RechargeColumnTerm term{{}, r, grid_.cell_area_m2(column % grid_.nx, column / grid_.nx) * col.weight, rc.group};
      std::int64_t cell = col.column;  // a column index is also its layer-0 cell index
      for (; cell < grid_.cell_count(); cell += static_cast<std::int64_t>(per_layer)) {
        if (p.active[static_cast<std::size_t>(cell)] != 0) term.candidates.push_back(cell);
        if (rc.fixed_cell && !rc.pass_down) break;
      }
      recharge_columns_.push_back(std::move(term));
    }
  }
}

bool FlowSystem::rewet_pass(std::vector<double>& h, int iteration) {
  if (!form_.rewet || iteration % form_.iwetit != 0) return false;
  bool changed = false;
  for (int k = 0; k < grid_.nlay; ++k)
    for (int r = grid_.ny - 1; r >= 0; --r)
      for (int i = 0; i < grid_.nx; ++i) {
        const auto n = static_cast<std::size_t>(grid_.index(k, r, i));
        const double wetdry = wetdry_global_m_[n];
        if (dry_global_[n] == 0 || wetdry == 0.0 || variable_global_[n] == 0) continue;
        const double bot = bottom_global_m_[n];
        const double turn_on = bot + std::abs(wetdry);
        for (const auto& off : kMf6NeighbourOrder) {
          const int ni = i + off[0], nr = r + off[1], nk = k + off[2];
          if (ni < 0 || ni >= grid_.nx || nr < 0 || nr >= grid_.ny || nk < 0 || nk >= grid_.nlay) continue;
          if (off[2] == 0 && wetdry < 0.0) continue;
          const auto m = static_cast<std::size_t>(grid_.index(nk, nr, ni));
          if (variable_global_[m] == 0 || dry_global_[m] != 0) continue;  // only active neighbours
          if (h[m] < turn_on) continue;
          h[n] = form_.ihdwet == 0 ? bot + form_.wetfct * (h[m] - bot) : bot + form_.wetfct * std::abs(wetdry);
          dry_global_[n] = 0;  // may rewet cells later in this pass, as in MF6
          changed = true;
          break;
        }
      }
  return changed;
}

bool FlowSystem::dry_pass(std::vector<double>& h) {
  bool changed = false;
  for (std::size_t n = 0; n < h.size(); ++n) {
    if (variable_global_[n] == 0 || convertible_global_[n] == 0 || dry_global_[n] != 0) continue;
    if (std::min(h[n], top_global_m_[n]) - bottom_global_m_[n] <= 0.0) {
      h[n] = kDryHead;
      dry_global_[n] = 1;
      changed = true;
    }
  }
  return changed;
}

bool FlowSystem::wet_dry(Vec h, int iteration) {
  std::vector<double> hv = natural_values(h, true);

  bool changed = rewet_pass(hv, iteration);
  changed = dry_pass(hv) || changed;
  if (!changed) return false;
  spdlog::trace("wet/dry pass {}: {} dry cells", iteration,
                std::count(dry_global_.begin(), dry_global_.end(), std::uint8_t{1}));
  PetscScalar* owned = nullptr;
  AQ_PETSC(VecGetArray(h, &owned));
  for (std::size_t c = 0; c < hv.size(); ++c)
    if (owned_of_global_[c] >= 0) owned[owned_of_global_[c]] = hv[c];
  AQ_PETSC(VecRestoreArray(h, &owned));
  for (PetscInt k = box_.gzs; k < box_.gzs + box_.gzm; ++k)
    for (PetscInt j = box_.gys; j < box_.gys + box_.gym; ++j)
      for (PetscInt i = box_.gxs; i < box_.gxs + box_.gxm; ++i)
        dry_[static_cast<std::size_t>(ghosted_index(i, j, k))] =
            dry_global_[static_cast<std::size_t>(grid_.index(static_cast<int>(k), static_cast<int>(j), static_cast<int>(i)))];
  return true;
}

void FlowSystem::prepare_step(Vec h_old) const {
  if (!form_.wet_dry || !form_.rewet) return;
  PetscScalar* a = nullptr;
  AQ_PETSC(VecGetArray(h_old, &a));
  for (std::size_t c = 0; c < dry_global_.size(); ++c)
    if (dry_global_[c] != 0 && wetdry_global_m_[c] != 0.0 && owned_of_global_[c] >= 0)
      a[owned_of_global_[c]] = bottom_global_m_[c];
  AQ_PETSC(VecRestoreArray(h_old, &a));
}

}  // namespace aquifer::solver
