#!/usr/bin/env python3
"""The same heterogeneous 3-D problem at 1 and at 2 MPI ranks gives the same heads.

Model: 3 confined layers x 20 rows x 30 cols (50 m cells), K per cell log-normal (seeded,
different per layer, spanning about two orders of magnitude), two pumping wells (layers 2 and
3) and one injection well (layer 1), a recharge raster on the top, constant heads on the west
edge of layer 1, a general-head boundary on the east edge of layer 3; 10 daily backward-Euler
steps from a uniform 10 m, heads every 2 days.

Both runs are made inside this one check (whatever --np is), since the comparison is the
point; the pair is run once with each linear solver path (PFMG, BoomerAMG).
Tolerance 1e-8 m on heads of order 10 m. Why: both runs solve the same discrete equations;
the only legitimate difference is the parallel linear solver's convergence (partitioned
preconditioner, reduction order), which the solver tolerance must keep far below the 1e-7 m
head tolerance of the Newton loop (measured: 1e-13 m with PFMG, 1e-10 m with BoomerAMG).
A halo (ghost) exchange bug, a rank-local index mix-up or a source counted twice on a
partition boundary gives differences of centimetres or more. The budget terms must agree to
1e-8 of the gross flow for the same reasons.
"""

import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import aqtest  # noqa: E402

NX, NY, NLAY = 30, 20, 3
DX = 50.0
TOL_M = 1e-8
BUDGET_TOL_REL = 1e-8
# both preconditioner paths: PFMG (structured, what "auto" picks here) and BoomerAMG (what
# "auto" picks for grids with inactive cells); BoomerAMG's coarsening depends on the partition
LINEAR_SOLVERS = ("pfmg", "boomeramg")


def rasters():
    rng = np.random.default_rng(20240401)
    out = {}
    for lay in range(NLAY):
        out[f"k{lay + 1}.csv"] = np.exp(rng.normal(np.log(5.0), 1.0, (NY, NX)))
    xx, yy = np.meshgrid(np.arange(NX), np.arange(NY))
    out["recharge.csv"] = 0.002 * (1.0 + 0.5 * np.sin(xx / 4.0) * np.cos(yy / 3.0))
    return out


def scenario() -> dict:
    bottoms = [-20.0, -35.0, -60.0]
    layers = []
    for lay in range(NLAY):
        layer = {"name": f"aquifer {lay + 1}"}
        if lay == 0:
            layer["top"] = 0.0
        layer.update({"bottom": bottoms[lay], "k": {"file": f"k{lay + 1}.csv"},
                      "k_vertical": 0.05 * (lay + 1), "ss": 1e-4 * (lay + 1),
                      "type": "confined"})
        layers.append(layer)
    sc = aqtest.base_scenario("ranks-identical", NX, NY, DX, DX, layers, initial_head=10.0)
    sc["time"] = {"end": "10 d", "step": 1.0, "output_every": 2.0}
    sc["boundary"] = [
        aqtest.constant_head(10.0, 1, 1, 1, 1, NY),
        {"kind": "general_head", "cells": aqtest.cell_box(3, NX, 1, NX, NY), "head": 8.0,
         "conductance": 200.0},
    ]
    # wells on both sides of the likely partition line (x = 750 m or y = 500 m)
    sc["wells"] = [
        {"id": "P1", "x": 725.0, "y": 475.0, "layer": 2, "rate": -800.0},
        {"id": "P2", "x": 775.0, "y": 525.0, "layer": 3, "rate": -1200.0},
        {"id": "I1", "x": 275.0, "y": 825.0, "layer": 1, "rate": 300.0},
    ]
    sc["recharge"] = [{"id": "rain", "rate": {"file": "recharge.csv"}}]
    return sc


def main(case: aqtest.Case) -> None:
    rs = rasters()
    for solver in LINEAR_SOLVERS:
        sc = scenario()
        sc["solver"] = {"linear_solver": solver}
        compare_ranks(case, solver, sc, rs)


def compare_ranks(case: aqtest.Case, solver: str, sc: dict, rs: dict) -> None:
    one = case.run(f"{solver}_np1", sc, rs, np_ranks=1)
    two = case.run(f"{solver}_np2", sc, rs, np_ranks=2)
    same_times = one.times_d.shape == two.times_d.shape and np.allclose(
        one.times_d, two.times_d, rtol=0, atol=1e-12)
    if not case.check(same_times, f"{solver}: same output times at 1 and 2 ranks",
                      f"{list(one.times_d)} vs {list(two.times_d)}"):
        return
    drawdown = 10.0 - np.nanmin(one.heads)
    case.check(drawdown > 1.0,
               f"{solver}: the problem is not trivial (max head change {drawdown:.2f} m)")
    case.compare(f"{solver}: heads at 2 ranks vs 1 rank, all output times", two.heads,
                 one.heads, TOL_M,
                 "same discrete equations; only the parallel linear solve may differ, far "
                 "below the Newton head tolerance", times=one.times_d)
    gross = sum(np.abs(v) for k, v in one.budget.items() if k.endswith("_in_m3_per_d"))
    worst = (0.0, "")
    for key in one.budget:
        if not key.endswith("_m3_per_d") or key not in two.budget:
            continue
        diff = np.abs(one.budget[key] - two.budget[key]) / np.maximum(gross, 1e-300)
        i = int(np.argmax(diff))
        if diff[i] > worst[0] or not np.isfinite(diff[i]):
            worst = (float(diff[i]), f"{key} at step {i + 1}: {one.budget[key][i]:.12g} vs "
                                     f"{two.budget[key][i]:.12g}")
    case.check(worst[0] <= BUDGET_TOL_REL,
               f"{solver}: budget terms at 2 ranks vs 1 rank: max difference {worst[0]:.3e} of the "
               f"gross inflow <= {BUDGET_TOL_REL:g} (same reasons as the heads)", worst[1])


if __name__ == "__main__":
    aqtest.main("ranks_identical", "1 and 2 MPI ranks give the same heads", main)
