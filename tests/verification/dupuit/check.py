#!/usr/bin/env python3
"""Dupuit-Forchheimer: steady 1-D unconfined flow between two fixed heads with recharge.

Physics: d/dx (K h dh/dx) + R = 0 with the aquifer base at 0, h(0) = h1, h(L) = h2:
    h(x)^2 = h1^2 + (h2^2 - h1^2) x / L + (R / K) x (L - x).

Model: 1 row x 101 cells of 10 m, one convertible layer (bottom 0 m, top 100 m, far above
the water table, so it is unconfined everywhere), K = 10 m/d, uniform recharge R = 5 mm/d,
constant heads h1 = 20 m in col 1 and h2 = 15 m in col 101; x is measured from the centre of
col 1, L = 1000 m between the two constant-head centres. The recharge builds a groundwater
divide near x = 330 m, so flow runs both ways (upstream weighting is exercised both ways).

Tolerance 0.5% of h. Why: aquifer's Newton formulation takes the saturated thickness of the
upstream cell at each face, a first-order approximation of K h at the face; the exact discrete
solution (numpy reference, test_analytic.py) differs from Dupuit by ~0.07%. Missing or doubled
recharge, or a confined transmissivity K*(top-bottom), gives errors of several percent.
"""

import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import aqtest  # noqa: E402

N = 101
DX = 10.0
L = (N - 1) * DX
K = 10.0
R = 0.005                 # recharge [m/d]
H1, H2 = 20.0, 15.0
TOL_REL = 0.005


def dupuit_head(x: np.ndarray) -> np.ndarray:
    return np.sqrt(H1 ** 2 + (H2 ** 2 - H1 ** 2) * x / L + (R / K) * x * (L - x))


def scenario() -> dict:
    layer = {"name": "water table", "top": 100.0, "bottom": 0.0, "k": K, "ss": 1e-5,
             "sy": 0.2, "type": "convertible"}
    sc = aqtest.base_scenario("dupuit", N, 1, DX, DX, [layer], initial_head=H1)
    sc["boundary"] = [aqtest.constant_head(H1, 1, 1, 1), aqtest.constant_head(H2, 1, N, 1)]
    sc["recharge"] = [{"id": "rain", "rate": R}]
    return sc


def main(case: aqtest.Case) -> None:
    res = case.run("dupuit", scenario())
    # recharge falling on the two constant-head cells goes straight into the fixed head and is
    # not a flow into the aquifer, so the budget counts the N - 2 variable cells
    case.check_budget_term(res, "recharge_in_m3_per_d", R * DX * DX * (N - 2), 1e-9,
                           "R x area of the variable-head cells is prescribed")
    x = np.arange(N) * DX
    exact = dupuit_head(x)
    case.compare("Dupuit heads (relative to h)", res.final[0, 0], exact, TOL_REL,
                 "upstream-weighted saturated thickness is first order; the exact discrete "
                 "solution is within ~0.07% of Dupuit", scale=exact)
    divide = int(np.nanargmax(res.final[0, 0]))
    exact_divide = int(np.argmax(exact))
    case.check(abs(divide - exact_divide) <= 1,
               f"groundwater divide at col {divide + 1} (Dupuit: col {exact_divide + 1}, "
               f"+-1 col)", "the recharge mound is misplaced")


if __name__ == "__main__":
    aqtest.main("dupuit", "steady unconfined flow with recharge between two heads", main)
