#!/usr/bin/env python3
"""Spatial convergence order with a manufactured solution (steady, confined).

Manufactured head on the rectangle [0, LX] x [0, LY] (x east, y north):
    h(x, y) = 5 + 0.002 x - 0.001 y + A sin(pi x/LX) sin(pi y/LY)
              + B exp(x/LX) sin(pi y/LY) + C exp(y/LY) sin(pi x/LX)
Its source is not symmetric in x or in y, so a raster flipped either way, or swapped dx/dy,
does not converge (test_analytic.py checks that a flipped source raster fails).
Steady confined flow T laplacian(h) + W = 0 needs the recharge (water ADDED, m/d)
    W = -T laplacian(h)
      = T [A pi^2 (1/LX^2 + 1/LY^2) sin(pi x/LX) sin(pi y/LY)
           + B exp(x/LX) sin(pi y/LY) (pi^2/LY^2 - 1/LX^2)
           + C exp(y/LY) sin(pi x/LX) (pi^2/LX^2 - 1/LY^2)],
positive everywhere in the domain (LY < pi LX, LX < pi LY), given to aquifer as a recharge
raster of the
point values at cell centres. The outer ring of cells is held at the exact h of each cell
centre (constant_head cells).

Grids N x N with N = 16, 32, 64 on LX = 640 m by LY = 320 m (dx = 2 dy, so the two
directions' spacings differ). The 5-point FV scheme with centre-point sources is second order:
observed order log2(e_N / e_2N), in the max norm and the RMS norm over the free cells, must be
2 +- 0.2 (the exact discrete solution gives 1.92 and 1.96 in max norm, 1.99 RMS, see
test_analytic.py; the max-norm order approaches 2 from below as the grid is refined).
Also the finest-grid max error must be <= 1.6e-3 m (the exact discrete solution: 7.8e-4 m;
the factor 2 is margin for the solver tolerance, which is far smaller still).
"""

import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import aqtest  # noqa: E402

LX, LY = 640.0, 320.0
K, B = 2.5, 20.0
T = K * B
AMP_SIN, AMP_EXP_X, AMP_EXP_Y = 2.0, 1.0, 1.0
GRIDS = (16, 32, 64)
ORDER, ORDER_TOL = 2.0, 0.2
FINEST_MAX_ERROR_M = 1.6e-3


def exact_head(x, y):
    s_x, s_y = np.sin(np.pi * x / LX), np.sin(np.pi * y / LY)
    return (5.0 + 0.002 * x - 0.001 * y + AMP_SIN * s_x * s_y
            + AMP_EXP_X * np.exp(x / LX) * s_y + AMP_EXP_Y * np.exp(y / LY) * s_x)


def recharge_m_per_d(x, y):
    s_x, s_y = np.sin(np.pi * x / LX), np.sin(np.pi * y / LY)
    return T * (AMP_SIN * np.pi ** 2 * (1.0 / LX ** 2 + 1.0 / LY ** 2) * s_x * s_y
                + AMP_EXP_X * np.exp(x / LX) * s_y * (np.pi ** 2 / LY ** 2 - 1.0 / LX ** 2)
                + AMP_EXP_Y * np.exp(y / LY) * s_x * (np.pi ** 2 / LX ** 2 - 1.0 / LY ** 2))


def grid(n: int):
    dx, dy = LX / n, LY / n
    x = (np.arange(n) + 0.5) * dx
    y = (np.arange(n) + 0.5) * dy
    xx, yy = np.meshgrid(x, y)                  # [row][col], row 0 = south
    ring = np.zeros((n, n), bool)
    ring[0, :] = ring[-1, :] = ring[:, 0] = ring[:, -1] = True
    return dx, dy, xx, yy, ring


def scenario(n: int):
    dx, dy, xx, yy, ring = grid(n)
    h = exact_head(xx, yy)
    layer = {"name": "confined", "top": -10.0, "bottom": -10.0 - B, "k": K, "ss": 1e-5,
             "type": "confined"}
    sc = aqtest.base_scenario(f"mms-{n}", n, n, dx, dy, [layer], initial_head=5.0)
    sc["boundary"] = [aqtest.constant_head(float(h[row, col]), 1, col + 1, row + 1)
                      for row, col in zip(*np.nonzero(ring))]
    sc["recharge"] = [{"id": "manufactured-source", "rate": {"file": "w.csv"}}]
    return sc, {"w.csv": recharge_m_per_d(xx, yy)}


def orders(errors):
    return [math.log2(errors[i] / errors[i + 1]) for i in range(len(errors) - 1)]


def main(case: aqtest.Case) -> None:
    max_errors, rms_errors = [], []
    for n in GRIDS:
        sc, rasters = scenario(n)
        res = case.run(f"n{n}", sc, rasters)
        _, _, xx, yy, ring = grid(n)
        err = np.abs(res.final[0] - exact_head(xx, yy))[~ring]
        if not np.isfinite(err).all():
            case.check(False, f"n{n}: all heads finite", "NaN heads in the free cells")
            return
        k = np.unravel_index(int(np.argmax(np.where(ring, -1.0, np.abs(
            res.final[0] - exact_head(xx, yy))))), (n, n))
        max_errors.append(float(err.max()))
        rms_errors.append(float(np.sqrt(np.mean(err ** 2))))
        print(f"    N = {n:3d}: max error {max_errors[-1]:.4e} m at row {k[0] + 1}, col "
              f"{k[1] + 1}; RMS error {rms_errors[-1]:.4e} m")
    for label, errors in (("max", max_errors), ("RMS", rms_errors)):
        for (n1, n2), p in zip(zip(GRIDS, GRIDS[1:]), orders(errors)):
            case.check_value(f"observed order ({label} norm) from N = {n1} to {n2}", p,
                             ORDER - ORDER_TOL, ORDER + ORDER_TOL,
                             "5-point FV is 2nd order; the exact discrete solution gives "
                             "1.92-1.99 on these grids")
    case.check_value(f"max error on the finest grid (N = {GRIDS[-1]}) [m]", max_errors[-1],
                     0.0, FINEST_MAX_ERROR_M,
                     "exact discrete solution 7.8e-4 m; 2x margin for solver tolerance")


if __name__ == "__main__":
    aqtest.main("convergence_space", "2nd-order spatial convergence, manufactured solution",
                main)
