#!/usr/bin/env python3
"""Temporal convergence order of backward Euler (transient 1-D confined diffusion).

Model: 1 row x 41 cells of 25 m, confined, K = 10 m/d, Ss = 1e-4 1/m, b = 10 m, so the
diffusivity is D = K/Ss = 1e5 m2/d; constant head 10 m in col 1 and col 41 (L = 1000 m between
their centres, x_i = i dx). Initial head h_i = 10 + sin(pi x_i / L), given as a raster.

That initial perturbation is an exact eigenvector of the discrete FV operator with these
constant-head ends: (h_{i-1} - 2 h_i + h_{i+1}) / dx^2 = -lambda_h (h_i - 10) with
    lambda_h = (4 / dx^2) sin^2(pi dx / (2 L)).
So the spatial discretisation adds no error to the time behaviour, and
  * the semi-discrete (exact-in-time) solution is  h_i(t) = 10 + sin(pi x_i/L) exp(-D lambda_h t)
  * n backward-Euler steps of dt give exactly     h_i = 10 + sin(pi x_i/L) (1 + D lambda_h dt)^-n.

Runs: dt = 1/16, 1/32, 1/64 d to t = 1 d (D lambda_h t = 0.986), heads every 0.25 d.
Checks:
  1. every output equals the exact backward-Euler value within 1e-8 m. Why: the problem is
     linear, the eigenvector property is exact, so only solver tolerance and round-off remain.
  2. the error against the semi-discrete solution at t = 1 d halves with dt: observed order
     log2(e_dt / e_dt/2) = 1 +- 0.2 (exact backward-Euler values give 0.982 and 0.991).
"""

import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import aqtest  # noqa: E402

N = 41
DX = 25.0
L = (N - 1) * DX
K, SS, B = 10.0, 1e-4, 10.0
D = K / SS
H_BASE = 10.0
END = 1.0
OUTPUT_EVERY = 0.25
STEPS = (1.0 / 16.0, 1.0 / 32.0, 1.0 / 64.0)      # exactly representable in binary
LAMBDA_H = 4.0 / DX ** 2 * math.sin(math.pi * DX / (2.0 * L)) ** 2
BE_TOL_M = 1e-8
ORDER, ORDER_TOL = 1.0, 0.2


def mode() -> np.ndarray:
    return np.sin(math.pi * np.arange(N) * DX / L)


def scenario(dt: float):
    layer = {"name": "confined", "top": 0.0, "bottom": -B, "k": K, "ss": SS,
             "type": "confined"}
    sc = aqtest.base_scenario("be-order", N, 1, DX, DX, [layer],
                              initial_head={"file": "h0.csv"})
    sc["time"] = {"end": f"{END!r} d", "step": dt, "output_every": OUTPUT_EVERY}
    sc["boundary"] = [aqtest.constant_head(H_BASE, 1, 1, 1),
                      aqtest.constant_head(H_BASE, 1, N, 1)]
    h0 = H_BASE + mode()
    h0[0] = h0[-1] = H_BASE
    return sc, {"h0.csv": h0[None, :]}


def main(case: aqtest.Case) -> None:
    errors = []
    for dt in STEPS:
        sc, rasters = scenario(dt)
        label = f"dt_1_{int(round(1.0 / dt))}"
        res = case.run(label, sc, rasters)
        out_times = [OUTPUT_EVERY * k for k in range(1, int(round(END / OUTPUT_EVERY)) + 1)]
        be_sim, be_exact = [], []
        for t in out_times:
            n = int(round(t / dt))
            be_sim.append(res.heads_at(t))                               # [1, 1, N]
            be_exact.append(H_BASE + mode()[None, None, :] * (1.0 + D * LAMBDA_H * dt) ** (-n))
        case.compare(f"{label}: heads vs exact backward-Euler decay (1 + D lambda dt)^-n at "
                     f"t = {out_times} d", np.array(be_sim), np.array(be_exact), BE_TOL_M,
                     "linear problem on an exact discrete eigenvector: only solver tolerance "
                     "remains", times=out_times)
        semi = H_BASE + mode() * math.exp(-D * LAMBDA_H * END)
        err = float(np.nanmax(np.abs(res.heads_at(END)[0, 0] - semi)))
        errors.append(err)
        print(f"    dt = {dt:g} d: max |h - semi-discrete exact| at t = {END} d: {err:.4e} m")
    for (dt1, dt2), e1, e2 in zip(zip(STEPS, STEPS[1:]), errors, errors[1:]):
        case.check_value(f"observed time order from dt = {dt1:g} to {dt2:g} d",
                         math.log2(e1 / e2), ORDER - ORDER_TOL, ORDER + ORDER_TOL,
                         "backward Euler is first order; exact BE values give 0.98-0.99")


if __name__ == "__main__":
    aqtest.main("convergence_time", "1st-order backward-Euler convergence", main)
