#!/usr/bin/env python3
"""Hantush (1967): transient mound under a rectangular recharge area (a flooded paddy block).

Physics: confined layer, transmissivity T [m2/d], storativity S [-], diffusivity nu = T/S,
recharge w [m/d] switched on at t = 0 on the rectangle |x| <= a, |y| <= b (centred on the
origin), head h0 everywhere at t = 0, infinite extent. Superposing the instantaneous point
source (a volume V at the origin raises the head by V / (4 pi T t) exp(-r^2 / (4 nu t))) over
the rectangle and over the time since recharge began, the x and y integrals separate into error
functions, and with the time since recharge written as t tau:
    h - h0 = (w t / (4 S)) [F(a+x, b+y) + F(a+x, b-y) + F(a-x, b+y) + F(a-x, b-y)]
    F(alpha, beta) = integral_0^1 erf(alpha / sqrt(4 nu t tau)) erf(beta / sqrt(4 nu t tau)) dtau
(Hantush's form with his unconfined average thickness replaced by the confined T, for which
the superposition is exact). The quadrature substitutes tau = u^2 (dtau = 2u du), which takes
the tau^(-1/2) behaviour of erf(alpha / sqrt(4 nu t tau)) ~ 2 alpha / sqrt(4 pi nu t tau) at
large tau out of the integrand, and sums 40 Gauss-Legendre panels of 32 nodes on 0 <= u <= 1;
near u = 0 the integrand is flat (erf -> +-1). main() first checks the quadrature against a
finer one, the closed form w t / S at the centre while the mound is still flat there, and the
far field against Theis with Q = 4 a b w.

Model: 100 x 90 cells of 20 m (2 km x 1.8 km), one confined layer K = 1 m/d, b = 100 m
(T = 100 m2/d), Ss = 1e-4 1/m (S = 1e-2, within the Kumamoto range), so nu = 1e4 m2/d;
h0 = 50 m, constant heads h0 on the outer ring of cells. Recharge w = 6 cm/d (a winter paddy
rate) from a `rate = { file = ..., unit = "mm/d" }` raster on a block of 21 x 11 cells
(2a = 420 m east-west, 2b = 220 m north-south) whose edges are cell edges, so the discretised
area is exactly the analytic one. The block is off the grid centre (3 columns east, 2 rows
south), so a flipped or transposed raster moves the mound away from where it is compared.
Backward Euler with dt = 0.025 d to t = 2 d, heads every 1 d (sqrt(4 nu t) = 200 m and 283 m).

Compared at t = 1 d and 2 d, relative to the analytic rise at each point:
  centre        the centre cell (its centre is the block centre)
  sides         the two cells either side of the middle of each of the four sides
                (east/west at y = 0, north/south at x = 0: inside and outside the edge)
  corners       the cell just inside and the cell just outside each of the four corners
and every cell with |x| <= 2a, |y| <= 2b relative to the centre rise at that time.
Tolerance 3 %. Why: the exact discrete solution (the numpy FV reference fvref.solve_confined,
same grid, step and boundary; FLOOR below) differs from Hantush by at most 0.35 % (centre),
1.00 % (sides: the cells just outside the north and south sides at t = 1 d) and 0.95 %
(corners, the cell just outside at t = 1 d), and by 0.56 % of the centre rise over the whole
window, i.e. by a third of the tolerance at most: backward Euler error O(dt / t) (-0.35 % at
the centre at t = 1 d, -0.08 % with dt halved) and the 5-point stencil near the recharge
edge, where the analytic head has a jump in curvature (the error grows to 1.7 % at
t = 0.5 d, which is why the comparison starts at 1 d). The outer boundary is not felt: the analytic rise on the
constant-head ring is 2e-5 of the centre rise at t = 2 d (checked below). Wrong storage,
transmissivity or recharge area give errors of tens of percent; a block displaced by one
cell changes some side or corner value by 17-27 %.
"""

import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import aqtest  # noqa: E402

NX, NY = 100, 90
DX = 20.0
K, B, SS = 1.0, 100.0, 1e-4
T, S = K * B, SS * B
NU = T / S
H0 = 50.0
W = 0.06                           # m/d
NXR, NYR = 21, 11                  # recharge block, cells
A, BH = NXR * DX / 2.0, NYR * DX / 2.0
COL0 = (NX - NXR) // 2 + 3         # 0-based first column of the block
ROW0 = (NY - NYR) // 2 - 2         # 0-based first row (row 0 = south)
XC, YC = (COL0 + NXR / 2.0) * DX, (ROW0 + NYR / 2.0) * DX
DT = 0.025
END = 2.0
OUTPUT_EVERY = 1.0
COMPARE_TIMES = (1.0, 2.0)
TOL_REL = 0.03
# Largest |exact discrete - Hantush| / Hantush per group of probe cells (fvref.solve_confined,
# same grid, dt, block and boundary), for the messages; and over the window, relative to the
# centre rise. Each is at most a third of TOL_REL.
FLOOR = {"centre": {1.0: 0.0035, 2.0: 0.0006}, "side": {1.0: 0.0100, 2.0: 0.0056},
         "corner": {1.0: 0.0095, 2.0: 0.0058}, "window": {1.0: 0.0056, 2.0: 0.0036}}
# The ring is held at h0 where the infinite aquifer has risen by up to delta; by the discrete
# maximum principle that changes no head by more than delta. Required: delta <= this x the
# centre rise (0.01 %, negligible against TOL_REL).
RING_TOL_REL = 1e-4

_GL_X, _GL_W = np.polynomial.legendre.leggauss(32)
_ERF = np.frompyfunc(math.erf, 1, 1)


def _nodes(panels: int):
    """Gauss-Legendre nodes u and weights (times the Jacobian 2u of tau = u^2) on [0, 1]."""
    edges = np.linspace(0.0, 1.0, panels + 1)
    half = 0.5 * np.diff(edges)
    u = (half[:, None] * _GL_X[None, :] + (0.5 * (edges[:-1] + edges[1:]))[:, None]).ravel()
    wq = (half[:, None] * _GL_W[None, :]).ravel()
    return u, wq * 2.0 * u


def hantush_rise(x, y, t: float, panels: int = 40) -> np.ndarray:
    """Hantush's rise h - h0 [m] at points (x, y) [m] relative to the block centre, time t [d].

    F is evaluated as a matrix product: erf(alpha_i / s(u)) for all distinct alphas (a +- x)
    times the quadrature weights times erf(beta_j / s(u)) for all betas (b +- y)."""
    x = np.asarray(x, float)
    y = np.asarray(y, float)
    u, wq = _nodes(panels)
    s = math.sqrt(4.0 * NU * t) * u
    alphas = np.concatenate((A + x.ravel(), A - x.ravel()))
    betas = np.concatenate((BH + y.ravel(), BH - y.ravel()))
    ex = _ERF(alphas[:, None] / s[None, :]).astype(float)           # [n_alpha, nodes]
    ey = _ERF(betas[:, None] / s[None, :]).astype(float)
    n = x.size
    fx_p, fx_m = ex[:n] * wq, ex[n:] * wq
    ey_p, ey_m = ey[:n], ey[n:]
    # F(a +- x_k, b +- y_k) for each point k: sum over nodes of the products
    total = (np.sum(fx_p * ey_p, axis=1) + np.sum(fx_p * ey_m, axis=1)
             + np.sum(fx_m * ey_p, axis=1) + np.sum(fx_m * ey_m, axis=1))
    return (W * t / (4.0 * S) * total).reshape(x.shape)


def cell_xy(row: int, col: int):
    """Cell centre relative to the block centre [m]."""
    return (col + 0.5) * DX - XC, (row + 0.5) * DX - YC


def check_analytic(case: aqtest.Case) -> None:
    """The quadrature is converged and the formula has the right limits."""
    pts_x = np.array([0.0, A - DX / 2, A + DX / 2, 0.0, A + DX / 2, 2 * A])
    pts_y = np.array([0.0, 0.0, 0.0, BH + DX / 2, BH + DX / 2, 2 * BH])
    worst = 0.0
    for t in COMPARE_TIMES:
        coarse = hantush_rise(pts_x, pts_y, t)
        fine = hantush_rise(pts_x, pts_y, t, panels=160)
        worst = max(worst, float(np.max(np.abs(coarse - fine) / np.abs(fine))))
    case.check(worst <= 1e-9, f"Hantush quadrature: 40 panels vs 160 panels differ by "
                              f"{worst:.1e} relative at the compared points (<= 1e-9)")
    # while sqrt(4 nu t) << b, the centre has not felt the edges: rise = w t / S
    t_early = 0.01                                 # sqrt(4 nu t) = 20 m, b = 110 m
    early = float(hantush_rise(np.array(0.0), np.array(0.0), t_early))
    rel = abs(early - W * t_early / S) / (W * t_early / S)
    case.check(rel <= 1e-9, f"Hantush at the centre, t = {t_early} d: {early:.12g} m = w t / S "
                            f"within 1e-9 (error {rel:.1e}; erfc(b / sqrt(4 nu t)) ~ 1e-24)")
    # far field: the block acts as a well injecting Q = 4 a b w (Theis); the (a/r)^2
    # corrections are ~1e-3 at r = 5 km
    t_late, r_far = 1e4, 5000.0
    q = 4.0 * A * BH * W
    theis = aqtest.theis_drawdown(r_far, t_late, q, T, S)
    far = float(hantush_rise(np.array(r_far), np.array(0.0), t_late))
    rel = abs(far - theis) / theis
    case.check(rel <= 5e-3, f"Hantush far field (r = {r_far:g} m, t = {t_late:g} d): "
                            f"{far:.6g} m = Theis for Q = 4abw {theis:.6g} m within 5e-3 "
                            f"(error {rel:.1e}; finite-source correction O((a/r)^2))")


def scenario():
    layer = {"name": "thick confined aquifer", "top": 0.0, "bottom": -B, "k": K, "ss": SS,
             "type": "confined"}
    sc = aqtest.base_scenario("hantush-mound", NX, NY, DX, DX, [layer], initial_head=H0)
    sc["time"] = {"end": f"{END!r} d", "step": DT, "output_every": OUTPUT_EVERY}
    sc["boundary"] = [aqtest.constant_head(H0, 1, 1, 1, NX, 1),
                      aqtest.constant_head(H0, 1, 1, NY, NX, NY),
                      aqtest.constant_head(H0, 1, 1, 2, 1, NY - 1),
                      aqtest.constant_head(H0, 1, NX, 2, NX, NY - 1)]
    sc["recharge"] = [{"id": "paddy-block", "rate": {"file": "recharge.csv", "unit": "mm/d"}}]
    raster = np.zeros((NY, NX))
    raster[ROW0:ROW0 + NYR, COL0:COL0 + NXR] = W * 1000.0           # mm/d
    return sc, {"recharge.csv": raster}


def probe_cells():
    """name -> (group, row, col), 0-based; group is centre, side or corner."""
    rc, cc = ROW0 + NYR // 2, COL0 + NXR // 2
    r_n, r_s = ROW0 + NYR - 1, ROW0
    c_e, c_w = COL0 + NXR - 1, COL0
    probes = {"centre": ("centre", rc, cc)}
    for name, (r_in, c_in, r_out, c_out) in {
            "east side": (rc, c_e, rc, c_e + 1), "west side": (rc, c_w, rc, c_w - 1),
            "north side": (r_n, cc, r_n + 1, cc), "south side": (r_s, cc, r_s - 1, cc)}.items():
        probes[f"{name}, inside"] = ("side", r_in, c_in)
        probes[f"{name}, outside"] = ("side", r_out, c_out)
    for name, (r_in, c_in, dr, dc) in {
            "NE corner": (r_n, c_e, 1, 1), "NW corner": (r_n, c_w, 1, -1),
            "SE corner": (r_s, c_e, -1, 1), "SW corner": (r_s, c_w, -1, -1)}.items():
        probes[f"{name}, inside"] = ("corner", r_in, c_in)
        probes[f"{name}, outside"] = ("corner", r_in + dr, c_in + dc)
    return probes


def main(case: aqtest.Case) -> None:
    check_analytic(case)
    sc, rasters = scenario()
    print(f"    block {2 * A:g} m x {2 * BH:g} m, centre ({XC:g}, {YC:g}) m, "
          f"nu = {NU:g} m2/d, w = {W:g} m/d")
    res = case.run("mound", sc, rasters)
    area = NXR * NYR * DX * DX
    case.check_budget_term(res, "recharge_in_m3_per_d", W * area, 1e-9,
                           "the raster rate x cell area is prescribed (4 a b w)")

    # the outer boundary is not felt
    ring = np.zeros((NY, NX), bool)
    ring[0, :] = ring[-1, :] = ring[:, 0] = ring[:, -1] = True
    rr, cc = np.nonzero(ring)
    bx, by = cell_xy(rr, cc)
    edge_rise = float(np.max(hantush_rise(bx, by, END)))
    centre_end = float(hantush_rise(np.array(0.0), np.array(0.0), END))
    case.check(edge_rise <= RING_TOL_REL * centre_end,
               f"the boundary is not felt: the analytic rise on the constant-head ring at "
               f"t = {END:g} d is {edge_rise:.1e} m <= {RING_TOL_REL:g} x the centre rise "
               f"{centre_end:.3f} m (it bounds the change of any head by holding h0 there)")

    probes = probe_cells()
    rows = np.arange(NY)
    cols = np.arange(NX)
    gx, gy = np.meshgrid((cols + 0.5) * DX - XC, (rows + 0.5) * DX - YC)   # [row][col]
    window = (np.abs(gx) <= 2 * A) & (np.abs(gy) <= 2 * BH)
    for t in COMPARE_TIMES:
        heads = res.heads_at(t)[0]
        names = list(probes)
        rc = np.array([probes[n][1:] for n in names])
        px, py = cell_xy(rc[:, 0], rc[:, 1])
        exact = hantush_rise(px, py, t)
        for group in ("centre", "side", "corner"):
            idx = [i for i, n in enumerate(names) if probes[n][0] == group]
            sim = np.array([heads[rc[i, 0], rc[i, 1]] - H0 for i in idx])
            rel = np.abs(sim - exact[idx]) / exact[idx]
            k = int(np.argmax(rel))
            i = idx[k]
            case.check(rel[k] <= TOL_REL,
                       f"t = {t:g} d, {group} ({len(idx)} cells): rise within {TOL_REL:.0%} of "
                       f"Hantush (worst {rel[k]:.2%} at {names[i]}, row {rc[i, 0] + 1}, col "
                       f"{rc[i, 1] + 1}: simulated {sim[k]:.6f} m, exact {exact[i]:.6f} m; "
                       f"exact discrete solution: {FLOOR[group][t]:.2%} there)",
                       "the mound shape or height is wrong")
        exact_field = np.full((NY, NX), np.nan)
        exact_field[window] = hantush_rise(gx[window], gy[window], t)
        centre_rise = float(exact[names.index("centre")])
        case.compare(f"t = {t:g} d: heads of the {int(window.sum())} cells with |x| <= 2a, "
                     f"|y| <= 2b, relative to the centre rise {centre_rise:.4f} m",
                     heads - H0, np.where(window, exact_field, 0.0), TOL_REL,
                     f"the exact discrete solution is within {FLOOR['window'][t]:.2%} of the "
                     f"centre rise there",
                     mask=window, scale=centre_rise)


if __name__ == "__main__":
    aqtest.main("hantush_mound", "transient mound under a rectangular recharge area", main)
