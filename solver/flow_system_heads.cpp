// FlowSystem's heads for the outside: this rank's block (HDF5/NetCDF writers), the heads of
// listed cells (observation probes), and the field gathered in natural order (CSV writers,
// the MF6 wet/dry pass). Inactive and dry cells read as NaN except in natural_values.
#include <limits>

#include "solver/flow_system.hpp"

namespace aquifer::solver {

void FlowSystem::local_heads(Vec h, std::vector<double>& values_m, int corner[3], int size[3]) const {
  corner[0] = static_cast<int>(box_.xs);
  corner[1] = static_cast<int>(box_.ys);
  corner[2] = static_cast<int>(box_.zs);
  size[0] = static_cast<int>(box_.xm);
  size[1] = static_cast<int>(box_.ym);
  size[2] = static_cast<int>(box_.zm);
  VecArrayRead a(h);
  values_m.resize(static_cast<std::size_t>(box_.xm * box_.ym * box_.zm));
  for (PetscInt k = box_.zs; k < box_.zs + box_.zm; ++k)
    for (PetscInt j = box_.ys; j < box_.ys + box_.ym; ++j)
      for (PetscInt i = box_.xs; i < box_.xs + box_.xm; ++i) {
        const auto o = static_cast<std::size_t>(owned_index(i, j, k));
        values_m[o] = head_or_nan(static_cast<std::size_t>(ghosted_index(i, j, k)), a.get()[o]);
      }
}

void FlowSystem::sample_heads(Vec h, const std::vector<std::int64_t>& cells, std::vector<double>& heads_m) const {
  VecArrayRead a(h);
  heads_m.resize(cells.size());
  for (std::size_t n = 0; n < cells.size(); ++n) {
    const CellIjk c = ijk(cells[n]);
    heads_m[n] = owns(c) ? head_or_nan(static_cast<std::size_t>(ghosted_index(c)), a.get()[owned_index(c)])
                         : std::numeric_limits<double>::quiet_NaN();
  }
}

std::vector<double> FlowSystem::natural_values(Vec h, bool everywhere) const {
  VecOwner natural;
  AQ_PETSC(DMDACreateNaturalVector(dm_, natural.out()));
  AQ_PETSC(DMDAGlobalToNaturalBegin(dm_, h, INSERT_VALUES, natural));
  AQ_PETSC(DMDAGlobalToNaturalEnd(dm_, h, INSERT_VALUES, natural));
  ScatterOwner scatter;
  VecOwner gathered;
  if (everywhere) {
    AQ_PETSC(VecScatterCreateToAll(natural, scatter.out(), gathered.out()));
  } else {
    AQ_PETSC(VecScatterCreateToZero(natural, scatter.out(), gathered.out()));
  }
  AQ_PETSC(VecScatterBegin(scatter, natural, gathered, INSERT_VALUES, SCATTER_FORWARD));
  AQ_PETSC(VecScatterEnd(scatter, natural, gathered, INSERT_VALUES, SCATTER_FORWARD));
  int rank = 0;
  MPI_Comm_rank(comm_, &rank);
  std::vector<double> values;
  if (!everywhere && rank != 0) return values;
  VecArrayRead a(gathered);
  values.assign(a.get(), a.get() + grid_.cell_count());
  return values;
}

std::vector<double> FlowSystem::gather_heads(Vec h) const {
  std::vector<double> heads = natural_values(h, false);
  if (heads.empty()) return heads;  // not rank 0
  const std::size_t n = heads.size();
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  for (std::size_t c = 0; c < n; ++c) {
    if (global_active_[c] == 0 ||
        (!global_convertible_.empty() && global_convertible_[c] != 0 && heads[c] < global_bottom_m_[c]))
      heads[c] = nan;
  }
  return heads;
}

}  // namespace aquifer::solver
