// The "1M-cell" benchmark problem, defined exactly so that figures compare across tools
// (bench/README.md). Shared by raw_petsc_1m.cpp and hyprestruct_caps.cpp; header-only so the
// benchmarks build by hand with mpicxx while the project libraries are in flux.
//
// Steady confined flow on 1 m cubes, cell-centred finite volumes, 7-point stencil. Per free
// cell i:  sum_j C_ij (h_j - h_i) + Q_i = 0, written as the SPD system
//   (sum_j C_ij) h_i - sum_{j free} C_ij h_j = Q_i + sum_{j constant head} C_ij h_j
// with C_ij [m2/d], h [m], Q_i [m3/d] (recharge 1e-3 m/d times the 1 m2 top area on layer 1).
// Constant-head cells (column 1: 10 m, column nx: 0 m) and inactive cells are identity rows.
#pragma once

#include <petscdmda.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace bench {

inline constexpr double kRechargeMPerD = 1e-3;  // recharge on the top layer [m/d]
inline constexpr double kHeadWestM = 10.0;      // constant head in column 1 [m]
inline constexpr double kHeadEastM = 0.0;       // constant head in the last column [m]

// The benchmark's hash of a 0-based (layer, row, col), as 32-bit unsigned arithmetic.
inline std::uint32_t cell_hash(std::uint32_t layer, std::uint32_t row, std::uint32_t col) {
  std::uint32_t s = col * 73856093u ^ row * 19349663u ^ layer * 83492791u;
  s ^= s >> 13;
  s *= 0x5bd1e995u;
  s ^= s >> 15;
  return s;
}
inline double unit_hash(std::uint32_t layer, std::uint32_t row, std::uint32_t col) {
  return static_cast<double>(cell_hash(layer, row, col) % 10000u) / 10000.0;
}
// Horizontal hydraulic conductivity K [m/d] = 10^(-1 + 2u), so 0.1 .. 10 m/d.
inline double k_horizontal(PetscInt layer, PetscInt row, PetscInt col) {
  return PetscPowReal(10.0, -1.0 + 2.0 * unit_hash(layer, row, col));
}
// Vertical conductivity Kv [m/d] = 0.1 K.
inline double k_vertical(PetscInt layer, PetscInt row, PetscInt col) {
  return 0.1 * k_horizontal(layer, row, col);
}
// Horizontal conductance [m2/d] between 1 m cubes: harmonic mean of K times area / distance.
inline double horizontal_conductance(double k1, double k2) { return 2.0 * k1 * k2 / (k1 + k2); }
// Vertical conductance [m2/d] between 1 m cubes: A / (0.5 dz1 / Kv1 + 0.5 dz2 / Kv2).
inline double vertical_conductance(double kv1, double kv2) { return 1.0 / (0.5 / kv1 + 0.5 / kv2); }

// Which cells take part. DMDA axes: i = column (x, east), j = row (y, north, 0 = south),
// k = layer (0 = top layer 1).
struct CellMask {
  PetscInt nx = 0, ny = 0, nz = 0;
  std::vector<unsigned char> inactive;  // empty = all active; else nx*ny*nz flags, natural order
  [[nodiscard]] bool is_inactive(PetscInt k, PetscInt j, PetscInt i) const {
    return !inactive.empty() && inactive[(static_cast<std::size_t>(k) * ny + j) * nx + i] != 0;
  }
  [[nodiscard]] bool is_constant_head(PetscInt i) const { return i == 0 || i == nx - 1; }
};

// Irregular inactive patterns for robustness tests (a fraction of the cells becomes identity
// rows). block >= 1: blocks of block^3 cells drop out where a second hash falls below
// `fraction` (block 1 = single scattered cells). block == 0: an irregular plan-view outline
// (a wavy closed curve; the `fraction` of columns farthest outside it are inactive in every
// layer), as a model domain polygon gives. Then every cell not connected (face neighbours) to
// a constant-head cell is dropped too, so the steady problem stays nonsingular. Built on every
// rank for the whole grid (1.0e6 bytes for the benchmark grid).
inline CellMask make_inactive_mask(PetscInt nx, PetscInt ny, PetscInt nz, double fraction,
                                   PetscInt block) {
  CellMask m{nx, ny, nz, {}};
  if (fraction <= 0.0) return m;
  const std::size_t n = static_cast<std::size_t>(nx) * ny * nz;
  std::vector<unsigned char> drop(n, 0), reached(n, 0);
  std::vector<std::size_t> stack;
  std::vector<double> rho(static_cast<std::size_t>(nx) * ny);  // outline: outside-ness of a column
  double rho_cut = 0.0;
  if (block == 0) {
    for (PetscInt j = 0; j < ny; ++j)
      for (PetscInt i = 0; i < nx; ++i) {
        const double x = (i + 0.5) / nx * 2.0 - 1.0, y = (j + 0.5) / ny * 2.0 - 1.0;
        const double t = std::atan2(y, x);
        rho[j * nx + i] = std::hypot(x, y) / (1.0 + 0.25 * std::sin(3.0 * t) + 0.12 * std::cos(7.0 * t + 1.0));
      }
    std::vector<double> sorted = rho;
    std::sort(sorted.begin(), sorted.end());
    rho_cut = sorted[static_cast<std::size_t>((1.0 - fraction) * (sorted.size() - 1))];
  }
  for (PetscInt k = 0; k < nz; ++k)
    for (PetscInt j = 0; j < ny; ++j)
      for (PetscInt i = 0; i < nx; ++i) {
        const std::size_t c = (static_cast<std::size_t>(k) * ny + j) * nx + i;
        const bool out = block == 0 ? rho[j * nx + i] > rho_cut
                                    : unit_hash(k / block + 7777u, j / block + 3333u, i / block + 1111u) < fraction;
        drop[c] = (out && i != 0 && i != nx - 1) ? 1 : 0;
        if ((i == 0 || i == nx - 1) && !drop[c]) { reached[c] = 1; stack.push_back(c); }
      }
  while (!stack.empty()) {  // flood fill from the constant-head cells
    const std::size_t c = stack.back();
    stack.pop_back();
    const PetscInt i = c % nx, j = (c / nx) % ny, k = c / (static_cast<std::size_t>(nx) * ny);
    const PetscInt nb[6][3] = {{i - 1, j, k}, {i + 1, j, k}, {i, j - 1, k},
                               {i, j + 1, k}, {i, j, k - 1}, {i, j, k + 1}};
    for (const auto& q : nb) {
      if (q[0] < 0 || q[0] >= nx || q[1] < 0 || q[1] >= ny || q[2] < 0 || q[2] >= nz) continue;
      const std::size_t d = (static_cast<std::size_t>(q[2]) * ny + q[1]) * nx + q[0];
      if (!drop[d] && !reached[d]) { reached[d] = 1; stack.push_back(d); }
    }
  }
  m.inactive.resize(n);
  for (std::size_t c = 0; c < n; ++c) m.inactive[c] = reached[c] ? 0 : 1;
  return m;
}

// Assembles the benchmark matrix A (rows of this rank only, MatSetValuesStencil) and, when
// b is not NULL, the right-hand side. `mode` INSERT_VALUES writes each row in one call;
// ADD_VALUES adds each face's contribution separately (diagonal and off-diagonal in separate
// calls, as a Newton assembly would) and expects A to start from zero. `k_scale` multiplies
// every conductance (re-assembly tests). `asymmetry` a != 0 makes the matrix nonsymmetric, as
// an upstream-weighted Newton Jacobian is: the coupling to the western neighbour is scaled by
// (1 + a), to the eastern one by (1 - a), the diagonal is unchanged (a = 0: the benchmark).
// Ends with MatAssemblyBegin/End(FINAL).
inline PetscErrorCode assemble_benchmark(DM da, const CellMask& mask, InsertMode mode,
                                         double k_scale, Mat A, Vec b, double asymmetry = 0.0) {
  PetscInt xs, ys, zs, xm, ym, zm;
  PetscScalar*** rhs = nullptr;
  PetscFunctionBeginUser;
  PetscCall(DMDAGetCorners(da, &xs, &ys, &zs, &xm, &ym, &zm));
  if (b) PetscCall(DMDAVecGetArray(da, b, &rhs));
  for (PetscInt k = zs; k < zs + zm; ++k)
    for (PetscInt j = ys; j < ys + ym; ++j)
      for (PetscInt i = xs; i < xs + xm; ++i) {
        MatStencil row = {k, j, i, 0};
        MatStencil cols[7];
        PetscScalar vals[7];
        PetscInt n = 1;
        double diag = 0.0, q = 0.0;
        if (mask.is_constant_head(i) || mask.is_inactive(k, j, i)) {  // identity row
          const PetscScalar one = 1.0;
          PetscCall(MatSetValuesStencil(A, 1, &row, 1, &row, &one, mode));
          if (rhs) rhs[k][j][i] = mask.is_inactive(k, j, i) ? 0.0 : (i == 0 ? kHeadWestM : kHeadEastM);
          continue;
        }
        const double kh = k_scale * k_horizontal(k, j, i), kv = k_scale * k_vertical(k, j, i);
        const PetscInt nb[6][3] = {{i - 1, j, k}, {i + 1, j, k}, {i, j - 1, k},
                                   {i, j + 1, k}, {i, j, k - 1}, {i, j, k + 1}};
        for (int f = 0; f < 6; ++f) {
          const PetscInt ni = nb[f][0], nj = nb[f][1], nk = nb[f][2];
          if (ni < 0 || ni >= mask.nx || nj < 0 || nj >= mask.ny || nk < 0 || nk >= mask.nz) continue;
          if (mask.is_inactive(nk, nj, ni)) continue;  // no flow to inactive cells
          const double c = f < 4 ? horizontal_conductance(kh, k_scale * k_horizontal(nk, nj, ni))
                                 : vertical_conductance(kv, k_scale * k_vertical(nk, nj, ni));
          const double skew = f == 0 ? 1.0 + asymmetry : (f == 1 ? 1.0 - asymmetry : 1.0);
          diag += c;
          if (mask.is_constant_head(ni)) {  // known head: coupling moves to the RHS
            q += skew * c * (ni == 0 ? kHeadWestM : kHeadEastM);
            continue;
          }
          if (mode == ADD_VALUES) {  // one face at a time, diagonal and neighbour separately
            MatStencil col = {nk, nj, ni, 0};
            const PetscScalar d = c, o = -skew * c;
            PetscCall(MatSetValuesStencil(A, 1, &row, 1, &row, &d, ADD_VALUES));
            PetscCall(MatSetValuesStencil(A, 1, &row, 1, &col, &o, ADD_VALUES));
            diag -= c;  // already added
          } else {
            cols[n] = MatStencil{nk, nj, ni, 0};
            vals[n++] = -skew * c;
          }
        }
        if (k == 0) q += kRechargeMPerD * 1.0;  // recharge [m/d] times top area 1 m2
        cols[0] = row;
        vals[0] = diag;
        if (mode == ADD_VALUES) n = 1;  // only a (possibly zero) remaining diagonal
        PetscCall(MatSetValuesStencil(A, 1, &row, n, cols, vals, mode));
        if (rhs) rhs[k][j][i] = q;
      }
  if (b) PetscCall(DMDAVecRestoreArray(da, b, &rhs));
  PetscCall(MatAssemblyBegin(A, MAT_FINAL_ASSEMBLY));
  PetscCall(MatAssemblyEnd(A, MAT_FINAL_ASSEMBLY));
  PetscFunctionReturn(0);
}

}  // namespace bench
