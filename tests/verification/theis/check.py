#!/usr/bin/env python3
"""Theis (1935): transient drawdown around a well in an infinite confined aquifer.

Physics: S dh/dt = T laplacian(h) - Q delta(x - x_well), h(t=0) = h0. The drawdown is
    s(r, t) = Q / (4 pi T) W(u),   u = r^2 S / (4 T t),   W(u) = E1(u)  (aqtest.py).

Model: 101 x 101 cells of 10 m (1 km square, no-flow edges 500 m from the well), one confined
layer K = 5 m/d, b = 20 m (T = 100 m2/d), Ss = 1e-4 1/m (S = 2e-3), Q = 1000 m3/d from the
centre cell, backward Euler with dt = 1/256 d to t = 0.5 d, heads written every 0.125 d.

Compared: drawdown at radii 30..200 m (3 to 20 cells, along both axes and along diagonals, all
four quadrants) at t = 0.125, 0.25, 0.375, 0.5 d (32 steps and later), wherever u <= 1.

Tolerance 3% of the Theis drawdown. Why: the exact discrete solution (numpy FV reference with
the same grid and step, test_analytic.py) differs from Theis by at most ~1.2% at these points:
backward-Euler error O(dt/t), 5-point-stencil error O((dx/r)^2) near the well, and the no-flow
edges (image wells) at u_edge >= 1.5 at t = 0.5 d. Points with u > 1 are left out because
there the drawdown is small and dominated by the early-time step error. A wrong storage (e.g.
Ss*area without the thickness) or transmissivity gives errors of tens of percent.
"""

import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import aqtest  # noqa: E402

N = 101
DX = 10.0
K, B, SS = 5.0, 20.0, 1e-4
T, S = K * B, SS * B
Q = 1000.0
H0 = 10.0
DT = 1.0 / 256.0
END = 0.5
OUTPUT_EVERY = 0.125
CENTRE = N // 2
TOL_REL = 0.03
BASE_OFFSETS = [(3, 0), (5, 0), (10, 0), (20, 0), (3, 4), (6, 8), (12, 16)]


def offsets():
    out = []
    for (c, r) in BASE_OFFSETS:
        for sx in (1, -1):
            for sy in (1, -1):
                for p in ((sx * c, sy * r), (sy * r, sx * c)):
                    if p not in out:
                        out.append(p)
    return out


def scenario() -> dict:
    layer = {"name": "confined", "top": 0.0, "bottom": -B, "k": K, "ss": SS,
             "type": "confined"}
    sc = aqtest.base_scenario("theis", N, N, DX, DX, [layer], initial_head=H0)
    sc["time"] = {"end": f"{END!r} d", "step": DT, "output_every": OUTPUT_EVERY}
    centre_xy = (CENTRE + 0.5) * DX
    sc["wells"] = [{"id": "W1", "x": centre_xy, "y": centre_xy, "layer": 1, "rate": -Q}]
    return sc


def main(case: aqtest.Case) -> None:
    res = case.run("theis", scenario())
    case.check_budget_term(res, "wells_out_m3_per_d", Q, 1e-9, "the rate is prescribed")
    case.check_budget_term(res, "storage_in_m3_per_d", Q, 1e-7,
                           "no other boundary: all pumped water comes from storage")
    expected_times = [OUTPUT_EVERY * k for k in range(1, int(round(END / OUTPUT_EVERY)) + 1)]
    case.check(all(np.any(np.abs(res.times_d - t) < 1e-9) for t in expected_times),
               f"heads written at t = {expected_times} d",
               f"output times are {list(res.times_d)}")
    sim, exact, where = [], [], []
    for t in expected_times:
        head = res.heads_at(t)[0]
        for (dc, dr) in offsets():
            r = DX * math.hypot(dc, dr)
            u = r * r * S / (4.0 * T * t)
            if u > 1.0:
                continue
            sim.append(H0 - head[CENTRE + dr, CENTRE + dc])
            exact.append(aqtest.theis_drawdown(r, t, Q, T, S))
            where.append(f"t = {t:g} d, r = {r:.1f} m (dcol {dc}, drow {dr}), u = {u:.3g}")
    sim, exact = np.array(sim), np.array(exact)
    rel = np.abs(sim - exact) / exact
    rel = np.where(np.isfinite(rel), rel, np.inf)
    k = int(np.argmax(rel))
    detail = (f"{where[k]}: simulated drawdown {sim[k]:.6f} m, Theis {exact[k]:.6f} m, "
              f"relative error {rel[k]:.3e}")
    ok = case.check(rel[k] <= TOL_REL,
                    f"Theis drawdown at {len(rel)} (r, t) points with u <= 1: max relative "
                    f"error {rel[k]:.3e} <= {TOL_REL} (tolerance because the exact discrete "
                    f"solution deviates up to ~1.2% from Theis: backward-Euler O(dt/t), stencil "
                    f"O((dx/r)^2), far no-flow edges)", detail)
    if ok:
        print(f"     worst: {detail}")
    else:
        for w, s_, e_, r_ in zip(where, sim, exact, rel):
            print(f"    {w}: simulated {s_:.6f}, Theis {e_:.6f}, rel {r_:.3e}")


if __name__ == "__main__":
    aqtest.main("theis", "transient confined drawdown around a well", main)
