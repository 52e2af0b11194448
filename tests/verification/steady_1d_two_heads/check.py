#!/usr/bin/env python3
"""Steady 1-D confined flow between two constant heads, heterogeneous K.

Physics: steady confined flow, no sources, d/dx (T dh/dx) = 0 with T = K b [m2/d].
Between two fixed heads the discharge q [m3/d] is uniform and the head falls across each
piece of aquifer in proportion to its hydraulic resistance (series resistances).

Discretisation (cell-centred FV, harmonic-mean face conductance, constant-head cells at their
centre value): the resistance between the centres of cells i and i+1 is
    dx/(2 K_i b dy) + dx/(2 K_{i+1} b dy)
which is exactly the harmonic-mean conductance's inverse, so the discrete heads ARE the
series-resistance solution
    h_i = h_first + (h_last - h_first) * R(first..i) / R(first..last),
with no truncation error. Tolerance 1e-10 m on heads of order 10 m: only round-off and
solver convergence remain, and the solver's tolerance is far below that on a linear problem.

Runs (each must reproduce the exact values):
  x_strip   3 rows x 50 cols, K varies by column (2 orders of magnitude), CH at col 1 and 50;
            also catches spurious north-south flow (all rows must be identical).
  y_strip   50 rows x 1 col, K varies by row (raster lines are north-first, so a flipped
            raster gives a wrong answer), CH at row 1 (south) and row 50 (north), dx != dy.
            A grid one cell wide is a legitimate cross-section model and is kept so on
            purpose (a structured-grid preconditioner must handle a dimension of extent 1).
  two_layer 1 row x 50 cols x 2 layers, different K per layer, CH in layer 1 col 1 and in
            layer 2 col 50 only: all flow crosses between the layers. The exact discrete
            solution is the 100-unknown FV system (documented vertical conductance
            Cv = A / (0.5 b1/Kv1 + 0.5 b2/Kv2)) solved densely with numpy.

Solver tolerance: every run sets `-aq_ksp_rtol 1e-13`. The default linear tolerance (relative
residual 1e-10) leaves head errors of a few 1e-10 m on these problems, which would mask the
exactness being tested here; this case checks the discretisation, and the solver's default
accuracy is covered by ranks_identical and convergence_time (1e-8 m).
"""

import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import aqtest  # noqa: E402

TOL_M = 1e-10
TIGHT_SOLVER = {"petsc_options": "-aq_ksp_rtol 1e-13"}
WHY = ("the FV solution of 1-D series flow is exact (harmonic-mean conductance = series "
       "resistance), so only round-off / solver tolerance remain")

N = 50
H_FIRST, H_LAST = 12.0, 7.0
TOP, BOTTOM = 0.0, -20.0          # confined: heads stay above the top


def k_profile(seed: int, n: int = N) -> np.ndarray:
    """K [m/d] per cell, log-uniform between 0.1 and 10 m/d (fixed seed)."""
    rng = np.random.default_rng(seed)
    return 10.0 ** rng.uniform(-1.0, 1.0, n)


def series_heads(k: np.ndarray, h_first: float, h_last: float) -> np.ndarray:
    """Exact heads at cell centres for equal-width cells in series (b, dx cancel)."""
    resist = 0.5 / k[:-1] + 0.5 / k[1:]       # between consecutive centres, times dx/(b dy)
    cumulative = np.concatenate([[0.0], np.cumsum(resist)])
    return h_first + (h_last - h_first) * cumulative / cumulative[-1]


def confined_layer(k, bottom: float, top: float | None = None, kv: float | None = None,
                   name: str = "aquifer") -> dict:
    """A confined [[layers]] entry; only the first layer gives a top."""
    layer = {"name": name}
    if top is not None:
        layer["top"] = top
    layer.update({"bottom": bottom, "k": k, "ss": 1e-5, "type": "confined"})
    if kv is not None:
        layer["k_vertical"] = kv
    return layer


def run_x_strip(case: aqtest.Case) -> None:
    ny = 3
    k = k_profile(1)
    k_raster = np.tile(k, (ny, 1))
    sc = aqtest.base_scenario("steady-x-strip", N, ny, 10.0, 10.0,
                              [confined_layer({"file": "k.csv"}, BOTTOM, top=TOP)],
                              initial_head=10.0)
    sc["boundary"] = [aqtest.constant_head(H_FIRST, 1, 1, 1, 1, ny),
                      aqtest.constant_head(H_LAST, 1, N, 1, N, ny)]
    sc["solver"] = TIGHT_SOLVER
    res = case.run("x_strip", sc, {"k.csv": k_raster})
    exact = np.tile(series_heads(k, H_FIRST, H_LAST), (ny, 1))
    case.compare("x_strip heads vs series-resistance solution", res.final[0], exact,
                 TOL_M, WHY)


def run_y_strip(case: aqtest.Case) -> None:
    nx = 1
    k = k_profile(2)                               # k[row], row 0 = south
    k_raster = np.tile(k[:, None], (1, nx))
    sc = aqtest.base_scenario("steady-y-strip", nx, N, 25.0, 10.0,
                              [confined_layer({"file": "k.csv"}, BOTTOM, top=TOP)],
                              initial_head=10.0)
    sc["boundary"] = [aqtest.constant_head(H_FIRST, 1, 1, 1, nx, 1),      # row 1 = south
                      aqtest.constant_head(H_LAST, 1, 1, N, nx, N)]       # row N = north
    sc["solver"] = TIGHT_SOLVER
    res = case.run("y_strip", sc, {"k.csv": k_raster})
    exact = np.tile(series_heads(k, H_FIRST, H_LAST)[:, None], (1, nx))
    case.compare("y_strip heads vs series-resistance solution (row 1 = south)", res.final[0],
                 exact, TOL_M, WHY + "; a north/south flip of the K raster or of the rows "
                 "gives errors of order 1 m")


def two_layer_exact(k1, k2, kv1, kv2, b1, b2, dx, dy, ch):
    """Dense solve of the steady 2-layer, 1-row FV system. ch: {(layer, col): head}."""
    n = len(k1)
    idx = lambda lay, c: lay * n + c  # noqa: E731
    a = np.zeros((2 * n, 2 * n))
    rhs = np.zeros(2 * n)
    t = [k1 * b1, k2 * b2]
    for lay in range(2):
        for c in range(n - 1):
            cond = dy / dx * 2.0 * t[lay][c] * t[lay][c + 1] / (t[lay][c] + t[lay][c + 1])
            i, j = idx(lay, c), idx(lay, c + 1)
            a[i, i] += cond; a[j, j] += cond; a[i, j] -= cond; a[j, i] -= cond  # noqa: E702
    for c in range(n):
        cv = dx * dy / (0.5 * b1 / kv1[c] + 0.5 * b2 / kv2[c])
        i, j = idx(0, c), idx(1, c)
        a[i, i] += cv; a[j, j] += cv; a[i, j] -= cv; a[j, i] -= cv  # noqa: E702
    for (lay, c), head in ch.items():
        i = idx(lay, c)
        a[i, :] = 0.0
        a[i, i] = 1.0
        rhs[i] = head
    return np.linalg.solve(a, rhs).reshape(2, 1, n)


def run_two_layer(case: aqtest.Case) -> None:
    dx, dy = 10.0, 10.0
    b1, b2 = 20.0, 30.0
    k1, k2 = k_profile(3), k_profile(4)
    kv1, kv2 = np.full(N, 0.002), np.full(N, 0.005)
    layers = [confined_layer({"file": "k1.csv"}, TOP - b1, top=TOP, kv=0.002),
              confined_layer({"file": "k2.csv"}, TOP - b1 - b2, kv=0.005, name="lower")]
    sc = aqtest.base_scenario("steady-two-layer", N, 1, dx, dy, layers, initial_head=10.0)
    sc["boundary"] = [aqtest.constant_head(H_FIRST, 1, 1, 1),
                      aqtest.constant_head(H_LAST, 2, N, 1)]
    sc["solver"] = TIGHT_SOLVER
    res = case.run("two_layer", sc, {"k1.csv": k1[None, :], "k2.csv": k2[None, :]})
    exact = two_layer_exact(k1, k2, kv1, kv2, b1, b2, dx, dy,
                            {(0, 0): H_FIRST, (1, N - 1): H_LAST})
    # sanity of the reference itself: the leakage must matter (otherwise the test is weak)
    case.check(np.ptp(exact[0] - exact[1]) > 0.1,
               "two_layer reference has head differences between layers > 0.1 m "
               "(vertical flow is really tested)")
    case.compare("two_layer heads vs exact dense FV solution", res.final, exact, TOL_M,
                 "the reference is the exact discrete system solved by LU (condition number "
                 "3e4, round-off ~1e-12 m), so only solver tolerance remains")


def main(case: aqtest.Case) -> None:
    run_x_strip(case)
    run_y_strip(case)
    run_two_layer(case)


if __name__ == "__main__":
    aqtest.main("steady_1d_two_heads", "1-D confined series flow between two heads", main)
