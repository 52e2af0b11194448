// The assembled Newton matrix A = -dF/dh against finite differences of the residual F, on a
// small model with every kind of term: convertible and confined layers, partly saturated and
// dry cells, constant heads, general head, river, drain, a pumping well and recharge.
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "solver/flow_system.hpp"

using namespace aquifer::solver;

namespace {

Model small_model() {
  Model m;
  m.grid = {4, 3, 2, 50.0, 40.0, 0.0, 0.0};
  const auto n = static_cast<std::size_t>(m.grid.cell_count());
  auto& p = m.properties;
  p.top_m.assign(n, 0.0);
  p.bottom_m.assign(n, 0.0);
  for (int j = 0; j < 3; ++j)
    for (int i = 0; i < 4; ++i) {
      p.top_m[m.grid.index(0, j, i)] = 20.0;
      p.bottom_m[m.grid.index(0, j, i)] = 10.0 + 0.5 * i;
      p.top_m[m.grid.index(1, j, i)] = 10.0 + 0.5 * i;
      p.bottom_m[m.grid.index(1, j, i)] = -10.0;
    }
  p.k_m_per_d.resize(n);
  for (std::size_t c = 0; c < n; ++c) p.k_m_per_d[c] = 1.0 + static_cast<double>(c % 5);
  p.kv_m_per_d.assign(n, 0.3);
  p.ss_per_m.assign(n, 1e-4);
  p.sy.assign(n, 0.2);
  p.active.assign(n, 1);
  p.active[m.grid.index(1, 2, 3)] = 0;
  p.layer_type = {LayerType::convertible, LayerType::confined};
  m.constant_heads.push_back({m.grid.index(1, 0, 0), 15.0});
  m.head_dependent.push_back({HeadDependentKind::general_head, m.grid.index(1, 2, 0), 14.0, 30.0, 0.0});
  m.head_dependent.push_back({HeadDependentKind::river, m.grid.index(0, 1, 1), 16.0, 80.0, 12.0});
  m.head_dependent.push_back({HeadDependentKind::drain, m.grid.index(0, 2, 2), 13.0, 60.0, 0.0});
  Well w;
  w.id = "W";
  w.cells = {{m.grid.index(0, 1, 2), 0.6}, {m.grid.index(1, 1, 2), 0.4}};
  w.rate_m3_per_d = PiecewiseConstant::constant(-400.0);
  m.wells.push_back(w);
  Recharge r;
  r.id = "rain";
  for (int c = 0; c < 12; ++c) r.columns.push_back({c, 1.0});
  r.rate_m_per_d = PiecewiseConstant::constant(2e-3);
  m.recharge.push_back(r);
  Flooding fl;
  fl.id = "paddies";
  fl.columns = {{1, 1500.0}, {5, 800.0}};  // (row 0, col 1) and (row 1, col 1)
  fl.infiltration_m_per_d = 0.06;
  fl.flooded_share = PiecewiseConstant::constant(1.0);
  m.flooding.push_back(fl);
  m.initial_head_m.assign(n, 15.0);
  return m;
}

// Heads chosen so every regime appears: full, partly saturated, near-dry (well reduction
// band), dry, and river/drain on both sides of their switching heads.
std::vector<double> test_heads(const Model& m) {
  std::vector<double> h(static_cast<std::size_t>(m.grid.cell_count()));
  for (std::size_t c = 0; c < h.size(); ++c) h[c] = 12.0 + 0.7 * static_cast<double>(c % 7);
  h[m.grid.index(0, 1, 2)] = 11.0 + 0.3;   // in the bottom 10% of the cell: well reduced
  h[m.grid.index(0, 0, 3)] = 9.0;          // dry
  h[m.grid.index(0, 2, 2)] = 13.6;         // drain active
  h[m.grid.index(0, 1, 1)] = 13.1;         // river above its bed bottom
  h[m.grid.index(1, 0, 0)] = 15.0;         // constant head
  h[m.grid.index(0, 0, 1)] = 19.9;         // flooding partly rejected near land surface (20 m)
  return h;
}

}  // namespace

TEST_CASE("Newton matrix equals -dF/dh by finite differences", "[solver]") {
  const Model m = small_model();
  FlowSystem fs(m, PETSC_COMM_SELF);
  Vec h, h_old, f, f_pert;
  REQUIRE(DMCreateGlobalVector(fs.dm(), &h) == 0);
  REQUIRE(VecDuplicate(h, &h_old) == 0);
  REQUIRE(VecDuplicate(h, &f) == 0);
  REQUIRE(VecDuplicate(h, &f_pert) == 0);
  const auto heads = test_heads(m);
  for (std::size_t c = 0; c < heads.size(); ++c) {
    REQUIRE(VecSetValue(h, static_cast<PetscInt>(c), heads[c], INSERT_VALUES) == 0);
    REQUIRE(VecSetValue(h_old, static_cast<PetscInt>(c), heads[c] + 0.2, INSERT_VALUES) == 0);
  }
  REQUIRE(VecAssemblyBegin(h) == 0);
  REQUIRE(VecAssemblyEnd(h) == 0);
  REQUIRE(VecAssemblyBegin(h_old) == 0);
  REQUIRE(VecAssemblyEnd(h_old) == 0);

  REQUIRE(DMSetMatType(fs.dm(), MATAIJ) == 0);
  Mat a;
  REQUIRE(DMCreateMatrix(fs.dm(), &a) == 0);
  const StressWindow w{0.0, 1.0, 0.5};
  fs.newton_matrix(h, h_old, w, a);
  fs.residual(h, h_old, w, f);

  const PetscInt n = static_cast<PetscInt>(heads.size());
  const double eps = 1e-6;
  double worst = 0.0;
  for (PetscInt col = 0; col < n; ++col) {
    // Constant-head and inactive columns are fixed: their couplings are left out on purpose.
    const bool fixed = col == m.grid.index(1, 0, 0) || col == m.grid.index(1, 2, 3);
    if (fixed) continue;
    Vec hp;
    REQUIRE(VecDuplicate(h, &hp) == 0);
    REQUIRE(VecCopy(h, hp) == 0);
    REQUIRE(VecSetValue(hp, col, heads[static_cast<std::size_t>(col)] + eps, INSERT_VALUES) == 0);
    REQUIRE(VecAssemblyBegin(hp) == 0);
    REQUIRE(VecAssemblyEnd(hp) == 0);
    fs.residual(hp, h_old, w, f_pert);
    const PetscScalar* fp = nullptr;
    const PetscScalar* f0 = nullptr;
    REQUIRE(VecGetArrayRead(f_pert, &fp) == 0);
    REQUIRE(VecGetArrayRead(f, &f0) == 0);
    for (PetscInt row = 0; row < n; ++row) {
      const bool fixed_row = row == m.grid.index(1, 0, 0) || row == m.grid.index(1, 2, 3);
      if (fixed_row) continue;
      const double fd = -(fp[row] - f0[row]) / eps;
      PetscScalar aij = 0.0;
      REQUIRE(MatGetValues(a, 1, &row, 1, &col, &aij) == 0);
      const double err = std::abs(aij - fd);
      worst = std::max(worst, err / (1.0 + std::abs(fd)));
      INFO("row " << row << " col " << col << ": A = " << aij << ", finite difference = " << fd);
      CHECK(err <= 1e-4 * (1.0 + std::abs(fd)));
    }
    REQUIRE(VecRestoreArrayRead(f_pert, &fp) == 0);
    REQUIRE(VecRestoreArrayRead(f, &f0) == 0);
    VecDestroy(&hp);
  }
  CHECK(worst < 1e-4);
  MatDestroy(&a);
  VecDestroy(&h);
  VecDestroy(&h_old);
  VecDestroy(&f);
  VecDestroy(&f_pert);
}

TEST_CASE("budget closes when the residual is zero and lists each component", "[solver]") {
  const Model m = small_model();
  FlowSystem fs(m, PETSC_COMM_SELF);
  Vec h, f;
  REQUIRE(DMCreateGlobalVector(fs.dm(), &h) == 0);
  REQUIRE(VecDuplicate(h, &f) == 0);
  fs.initial_heads(h, m);
  const StressWindow w{0.0, 1.0, 1.0};
  const WaterBudget b = fs.budget(h, h, w);
  // h == h_old: no storage change. Recharge 2e-3 m/d on 11 columns' uppermost active cells
  // (the constant-head cell is below, so all 12 columns receive it) x 2000 m2.
  CHECK(b.in_m3_per_d[static_cast<std::size_t>(BudgetComponent::recharge)] ==
        Catch::Detail::Approx(12 * 2e-3 * 2000.0));
  CHECK(b.out_m3_per_d[static_cast<std::size_t>(BudgetComponent::wells)] ==
        Catch::Detail::Approx(400.0));
  CHECK(b.in_m3_per_d[static_cast<std::size_t>(BudgetComponent::storage)] == 0.0);
  // Heads (15 m) far below land surface (20 m): all flooding water is accepted.
  CHECK(b.in_m3_per_d[static_cast<std::size_t>(BudgetComponent::flooding)] ==
        Catch::Detail::Approx(0.06 * 2300.0));
  CHECK(b.flooding_rejected_m3_per_d == 0.0);
  // Sum of the residual over the free cells equals in - out of the budget.
  fs.residual(h, h, w, f);
  PetscScalar sum = 0.0;
  REQUIRE(VecSum(f, &sum) == 0);
  CHECK(sum == Catch::Detail::Approx(b.total_in() - b.total_out()).margin(1e-9));
  VecDestroy(&h);
  VecDestroy(&f);
}
