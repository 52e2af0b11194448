#!/usr/bin/env python3
"""Steady groundwater mound under a circular recharge area (the flooded-paddy case).

Physics: confined layer of transmissivity T [m2/d], recharge W [m/d] on a disc of radius a,
head held at h0 on a circle of radius R. Radial steady flow gives
    r <= a:      h = h0 + W/(4T) (a^2 - r^2) + W a^2/(2T) ln(R/a)
    a <= r:      h = h0 + W a^2/(2T) ln(R/r)
(the outer branch is harmonic for every r > a, so it also gives exact heads just outside R).

Model: 60 x 60 cells of 10 m, one confined layer K = 5 m/d, b = 20 m (T = 100 m2/d).
The disc (a = 80 m, W = 5 cm/d, the Shirakawa paddy seepage rate) is centred OFF the grid
centre at (290 m, 310 m), so a raster flipped north/south or east/west misplaces the mound.
The recharge raster holds W times each cell's covered fraction of the disc (20 x 20
sub-samples per cell); the analytic solution uses the effective radius a_eff =
sqrt(sum(fraction) dx dy / pi), so the total recharge is the same in both. The fixed-head
"ring" is the layer of cells just outside R = 240 m, each held at the analytic head at its
own centre (so the circle is represented exactly; cells further out are inactive in effect:
they connect to nothing but the ring).

Compared: every cell with centre inside R. Tolerance 2% of the mound height h(0) - h0.
Why: the exact discrete solution (numpy FV reference, test_analytic.py) is within ~0.1% of
the mound height; what remains is the shape of the discretised disc edge (O(dx/a)
locally, smoothed by the fractional coverage). Recharge put in the wrong cells, a wrong area
factor or a flipped raster give errors of 10% or more.
"""

import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import aqtest  # noqa: E402

NX = NY = 60
DX = 10.0
K, B = 5.0, 20.0
T = K * B
W = 0.05                    # recharge on the disc [m/d]
A = 80.0                    # disc radius [m]
R = 240.0                   # fixed-head radius [m]
XC, YC = 290.0, 310.0       # disc centre [m]
H0 = 10.0
SUBSAMPLES = 20
TOL_REL = 0.02


def cell_centres():
    x = (np.arange(NX) + 0.5) * DX
    y = (np.arange(NY) + 0.5) * DX             # row 0 = south
    return np.meshgrid(x, y)


def disc_fraction() -> np.ndarray:
    """[row][col] fraction of each cell inside the disc, by SUBSAMPLES^2 point sampling."""
    xx, yy = cell_centres()
    offsets = ((np.arange(SUBSAMPLES) + 0.5) / SUBSAMPLES - 0.5) * DX
    inside = np.zeros((NY, NX))
    for ox in offsets:
        for oy in offsets:
            inside += np.hypot(xx + ox - XC, yy + oy - YC) <= A
    return inside / SUBSAMPLES ** 2


def effective_radius(fraction: np.ndarray) -> float:
    return math.sqrt(fraction.sum() * DX * DX / math.pi)


def mound_head(r: np.ndarray, a: float) -> np.ndarray:
    r = np.asarray(r, float)
    outer = H0 + W * a * a / (2.0 * T) * np.log(R / np.maximum(r, 1e-30))
    inner = H0 + W / (4.0 * T) * (a * a - r * r) + W * a * a / (2.0 * T) * math.log(R / a)
    return np.where(r <= a, inner, outer)


def ring_cells(r: np.ndarray) -> np.ndarray:
    """Cells with centre at r >= R that share a face with a cell inside R."""
    inside = r < R
    ring = np.zeros_like(inside)
    ring[1:, :] |= inside[:-1, :]
    ring[:-1, :] |= inside[1:, :]
    ring[:, 1:] |= inside[:, :-1]
    ring[:, :-1] |= inside[:, 1:]
    return ring & ~inside


def scenario(fraction: np.ndarray, a_eff: float):
    xx, yy = cell_centres()
    r = np.hypot(xx - XC, yy - YC)
    layer = {"name": "confined", "top": 0.0, "bottom": -B, "k": K, "ss": 1e-5,
             "type": "confined"}
    sc = aqtest.base_scenario("recharge-mound", NX, NY, DX, DX, [layer], initial_head=H0)
    ring = ring_cells(r)
    ring_head = mound_head(r, a_eff)
    sc["boundary"] = [aqtest.constant_head(float(ring_head[row, col]), 1, col + 1, row + 1)
                      for row, col in zip(*np.nonzero(ring))]
    sc["recharge"] = [{"id": "flooded-paddies", "rate": {"file": "recharge.csv"}}]
    return sc, {"recharge.csv": W * fraction}, r


def main(case: aqtest.Case) -> None:
    fraction = disc_fraction()
    a_eff = effective_radius(fraction)
    print(f"    disc radius {A} m, effective radius of the rasterised disc {a_eff:.4f} m")
    sc, rasters, r = scenario(fraction, a_eff)
    res = case.run("mound", sc, rasters)
    total = W * fraction.sum() * DX * DX       # the disc lies wholly inside the ring
    case.check_budget_term(res, "recharge_in_m3_per_d", total, 1e-9,
                           "sum of raster rate x cell area is prescribed")
    # net, not gross: water also circulates ring -> outer cells -> ring, since the ring
    # heads differ slightly with radius
    net_out = (res.budget["constant_head_out_m3_per_d"][-1]
               - res.budget["constant_head_in_m3_per_d"][-1])
    case.check(abs(net_out - total) <= 1e-7 * total,
               f"net constant-head outflow {net_out:.10g} m3/d = recharge {total:.10g} m3/d "
               f"within 1e-7 relative (steady state: all recharge leaves through the ring)",
               f"differs by {net_out - total:.6g} m3/d")
    exact = mound_head(r, a_eff)
    height = float(mound_head(np.array(0.0), a_eff)) - H0
    case.compare(f"mound heads inside R (relative to the mound height {height:.4f} m)",
                 res.final[0], exact, TOL_REL,
                 "the exact discrete solution is within ~0.1% of the mound height; the rest "
                 "is the discretised disc edge", mask=r < R, scale=height)
    top = np.unravel_index(int(np.nanargmax(np.where(r < R, res.final[0], -np.inf))),
                           (NY, NX))
    expected = (int(YC // DX), int(XC // DX))
    case.check(abs(top[0] - expected[0]) <= 1 and abs(top[1] - expected[1]) <= 1,
               f"mound summit at row {top[0] + 1}, col {top[1] + 1} (disc centre in row "
               f"{expected[0] + 1}, col {expected[1] + 1}, +-1 cell)",
               "summit misplaced: raster orientation?")


if __name__ == "__main__":
    aqtest.main("recharge_mound", "steady mound under circular recharge", main)
