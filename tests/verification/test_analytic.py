#!/usr/bin/env python3
"""Checks the verification suite itself, without the aquifer binary (run by hand:
`python3 tests/verification/test_analytic.py`).

1. The Theis well function W(u) = E1(u) in aqtest.py against tabulated values and against a
   direct numerical integration.
2. For every case, the EXACT discrete solution of aquifer's documented discretisation
   (fvref.py, numpy) against the case's analytic solution: this is the part of each tolerance
   that discretisation uses up. Each must stay below half the case's tolerance, so the
   tolerance leaves room for solver error and is not so loose that it would hide a bug.
"""

import importlib.util
import math
import os
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import aqtest  # noqa: E402
import fvref  # noqa: E402

failures = []


def check(ok, message):
    print(("PASS " if ok else "FAIL ") + message)
    if not ok:
        failures.append(message)


def load_case(name):
    spec = importlib.util.spec_from_file_location(f"case_{name}",
                                                  os.path.join(HERE, name, "check.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---- 1. W(u) ---------------------------------------------------------------------------
def test_well_function():
    # Standard tables (e.g. Kruseman & de Ridder, Table 3.1), 4-5 significant digits
    table = {1e-6: 13.2383, 1e-5: 10.9357, 1e-4: 8.6332, 1e-3: 6.3315, 0.01: 4.0379,
             0.05: 2.4679, 0.1: 1.8229, 0.5: 0.5598, 1.0: 0.2194, 2.0: 0.04890,
             5.0: 0.001148, 10.0: 4.157e-6}
    for u, w in table.items():
        got = aqtest.theis_well_function(u)
        check(abs(got - w) <= 0.6e-4 * max(w, 1.0) and abs(got - w) / w < 1e-3,
              f"W({u:g}) = {got:.6g} vs table {w:g}")
    # direct integration E1(u) = int_0^inf exp(-u e^s) ds (t = u e^s), Simpson's rule on s
    s = np.linspace(0.0, 40.0, 400001)
    weights = np.ones_like(s)
    weights[1:-1:2], weights[2:-1:2] = 4.0, 2.0
    for u in (0.003, 0.3, 0.999999, 1.0, 1.000001, 3.0, 20.0):
        numeric = float(np.sum(weights * np.exp(-u * np.exp(s))) * (s[1] - s[0]) / 3.0)
        got = aqtest.theis_well_function(u)
        check(abs(got - numeric) <= 1e-12 * numeric, f"W({u:g}) = {got:.15g} vs numerical "
              f"integration {numeric:.15g}")
    # high-precision values (Abramowitz & Stegun 5.1; E1(1) = 0.21938393439552027...)
    for u, w in {0.5: 0.5597735947761608, 1.0: 0.21938393439552027, 2.0: 0.04890051070806112,
                 5.0: 0.001148295591275326, 10.0: 4.156968929685324e-06}.items():
        got = aqtest.theis_well_function(u)
        check(abs(got - w) <= 1e-13 * w, f"W({u:g}) = {got:.16g} vs {w:.16g}")
    check(abs(aqtest.theis_well_function(1 - 1e-12) - aqtest.theis_well_function(1.0))
          < 1e-11, "series (u<1) and continued fraction (u>=1) agree at u = 1")


# ---- 2. discretisation error of each case ------------------------------------------------
def test_steady_1d():
    c = load_case("steady_1d_two_heads")
    k = c.k_profile(1)
    n = len(k)
    ch = np.zeros((1, n), bool)
    ch[0, 0] = ch[0, -1] = True
    chh = np.zeros((1, n))
    chh[0, 0], chh[0, -1] = c.H_FIRST, c.H_LAST
    h = fvref.solve_confined((k * 20.0)[None, :], 10.0, 10.0, ch, chh, np.zeros((1, n)))
    err = np.abs(h[0] - c.series_heads(k, c.H_FIRST, c.H_LAST)).max()
    check(err < 1e-11, f"steady_1d: FV reference = series-resistance solution to {err:.2e} m")


def test_thiem():
    c = load_case("thiem")
    n = c.N
    ch = np.zeros((n, n), bool)
    ch[0, :] = ch[-1, :] = ch[:, 0] = ch[:, -1] = True
    src = np.zeros((n, n))
    src[c.CENTRE, c.CENTRE] = -c.Q
    h = fvref.solve_confined(np.full((n, n), c.T), c.DX, c.DX, ch, np.full((n, n), 10.0), src)
    worst = 0.0
    for a, b in c.symmetric_pairs():
        r1, r2 = c.DX * math.hypot(*a), c.DX * math.hypot(*b)
        d = h[c.CENTRE + b[1], c.CENTRE + b[0]] - h[c.CENTRE + a[1], c.CENTRE + a[0]]
        worst = max(worst, abs(d - c.thiem_difference(r1, r2)) / c.thiem_difference(r1, r2))
    check(worst < 0.5 * c.TOL_REL, f"thiem: exact discrete solution within {worst:.3%} of "
          f"Thiem (tolerance {c.TOL_REL:.0%})")


def test_theis():
    c = load_case("theis")
    n = c.N
    t0 = time.time()
    h = np.full((n, n), c.H0)
    src = np.zeros((n, n))
    src[c.CENTRE, c.CENTRE] = -c.Q
    steps = int(round(c.END / c.DT))
    worst = (0.0, "")
    for k in range(1, steps + 1):
        h = fvref.solve_confined(np.full((n, n), c.T), c.DX, c.DX, np.zeros((n, n), bool),
                                 h, src, np.full((n, n), c.S * c.DX ** 2), h, c.DT)
        t = k * c.DT
        if abs(t / c.OUTPUT_EVERY - round(t / c.OUTPUT_EVERY)) > 1e-9:
            continue
        for dc, dr in c.offsets():
            r = c.DX * math.hypot(dc, dr)
            if r * r * c.S / (4 * c.T * t) > 1.0:
                continue
            ex = aqtest.theis_drawdown(r, t, c.Q, c.T, c.S)
            rel = abs(c.H0 - h[c.CENTRE + dr, c.CENTRE + dc] - ex) / ex
            if rel > worst[0]:
                worst = (rel, f"t {t:g} d, r {r:.1f} m")
    check(worst[0] < 0.5 * c.TOL_REL, f"theis: exact discrete solution within "
          f"{worst[0]:.3%} of Theis (worst at {worst[1]}; tolerance {c.TOL_REL:.0%}; "
          f"{time.time() - t0:.1f} s)")


def test_dupuit():
    c = load_case("dupuit")
    h = fvref.solve_dupuit_1d(c.K, 0.0, c.DX, c.H1, c.H2, c.N, c.R)
    exact = c.dupuit_head(np.arange(c.N) * c.DX)
    err = np.max(np.abs(h - exact) / exact)
    check(err < 0.5 * c.TOL_REL, f"dupuit: exact discrete (upstream-weighted) solution within "
          f"{err:.3%} of Dupuit (tolerance {c.TOL_REL:.1%})")
    check(int(np.argmax(h)) == int(np.argmax(exact)),
          f"dupuit: divide in col {int(np.argmax(h)) + 1} in both")


def test_mound():
    c = load_case("recharge_mound")
    frac = c.disc_fraction()
    a_eff = c.effective_radius(frac)
    sc, rasters, r = c.scenario(frac, a_eff)
    fixed = np.zeros((c.NY, c.NX), bool)
    fixed_head = np.zeros((c.NY, c.NX))
    for b in sc["boundary"]:
        col, row = b["cells"]["col"][0] - 1, b["cells"]["row"][0] - 1
        fixed[row, col] = True
        fixed_head[row, col] = b["head"]
    h = fvref.solve_confined(np.full((c.NY, c.NX), c.T), c.DX, c.DX, fixed, fixed_head,
                             rasters["recharge.csv"] * c.DX * c.DX)
    height = float(c.mound_head(np.array(0.0), a_eff)) - c.H0
    err = np.max(np.abs(h - c.mound_head(r, a_eff))[r < c.R]) / height
    check(err < 0.5 * c.TOL_REL, f"recharge_mound: exact discrete solution within {err:.3%} "
          f"of the mound height (tolerance {c.TOL_REL:.0%}; {len(sc['boundary'])} ring cells, "
          f"a_eff {a_eff:.3f} m)")


def test_convergence_space():
    c = load_case("convergence_space")
    errs = []
    for n in c.GRIDS:
        dx, dy, xx, yy, ring = c.grid(n)
        w = c.recharge_m_per_d(xx, yy)
        check(w.min() > 0.0, f"convergence_space N={n}: manufactured recharge > 0 everywhere")
        h = fvref.solve_confined(np.full((n, n), c.T), dx, dy, ring, c.exact_head(xx, yy),
                                 w * dx * dy)
        errs.append(np.abs(h - c.exact_head(xx, yy))[~ring].max())
    orders = c.orders(errs)
    check(all(abs(p - c.ORDER) < 0.5 * c.ORDER_TOL for p in orders),
          f"convergence_space: exact discrete max-norm orders {orders} (errors {errs})")
    check(errs[-1] < 0.5 * c.FINEST_MAX_ERROR_M,
          f"convergence_space: finest exact discrete error {errs[-1]:.3e} m")


def test_convergence_time():
    c = load_case("convergence_time")
    # the eigenvector property, checked numerically
    v = c.mode()
    lap = (v[:-2] - 2 * v[1:-1] + v[2:]) / c.DX ** 2
    check(np.max(np.abs(lap + c.LAMBDA_H * v[1:-1])) < 1e-15,
          "convergence_time: sin(pi x/L) is an exact eigenvector of the discrete operator")
    x = c.D * c.LAMBDA_H * c.END
    errs = [abs((1 + x * dt / c.END) ** (-round(c.END / dt)) - math.exp(-x)) for dt in c.STEPS]
    orders = [math.log2(a / b) for a, b in zip(errs, errs[1:])]
    check(all(abs(p - c.ORDER) < 0.5 * c.ORDER_TOL for p in orders),
          f"convergence_time: exact backward-Euler orders {orders}")


def test_toml_writer():
    text = aqtest.to_toml({"model": {"name": "x", "start": "2020-01-01"},
                           "grid": {"nx": 3, "dx": 10.0, "y0": 0.0},
                           "layers": [{"k": {"file": "k.csv"}, "ss": 1e-5}],
                           "initial": {"head": 1.5}})
    check('[[layers]]\nk = { file = "k.csv" }\nss = 1e-05' in text and "dx = 10.0" in text
          and "nx = 3" in text, "TOML writer: tables, arrays of tables, inline tables, floats")


def test_raster_orientation():
    import tempfile
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, "r.csv")
        a = np.arange(6.0).reshape(2, 3)           # row 0 = south
        aqtest.write_raster(p, a)
        lines = open(p).read().split()
        check(lines[0] == "3,4,5" and lines[1] == "0,1,2",
              "raster writer puts the northern row first")


# ---- 3. the tolerances catch plausible bugs (mutations of the discrete model) ------------
def test_sensitivity():
    """Each tolerance must be exceeded by a plausible bug, simulated with fvref."""
    c = load_case("steady_1d_two_heads")
    k = c.k_profile(2)
    flipped = c.series_heads(k[::-1], c.H_FIRST, c.H_LAST)
    err = np.abs(flipped - c.series_heads(k, c.H_FIRST, c.H_LAST)).max()
    check(err > 1e3 * c.TOL_M, f"steady_1d: a north/south-flipped K raster is off by {err:.3f} m")

    c = load_case("thiem")
    n = c.N
    ch = np.zeros((n, n), bool)
    ch[0, :] = ch[-1, :] = ch[:, 0] = ch[:, -1] = True
    src = np.zeros((n, n))
    src[c.CENTRE, c.CENTRE + 1] = -c.Q                      # well one cell too far east
    h = fvref.solve_confined(np.full((n, n), c.T), c.DX, c.DX, ch, np.full((n, n), 10.0), src)
    worst = max(abs(h[c.CENTRE + b[1], c.CENTRE + b[0]] - h[c.CENTRE + a[1], c.CENTRE + a[0]]
                    - c.thiem_difference(c.DX * math.hypot(*a), c.DX * math.hypot(*b)))
                / c.thiem_difference(c.DX * math.hypot(*a), c.DX * math.hypot(*b))
                for a, b in c.symmetric_pairs())
    check(worst > 2 * c.TOL_REL, f"thiem: a well one cell off gives {worst:.1%} error")

    c = load_case("dupuit")
    exact = c.dupuit_head(np.arange(c.N) * c.DX)
    for label, kwargs in (("recharge halved", dict(recharge_m_per_d=c.R / 2)),
                          ("recharge doubled", dict(recharge_m_per_d=c.R * 2))):
        h = fvref.solve_dupuit_1d(c.K, 0.0, c.DX, c.H1, c.H2, c.N, **kwargs)
        err = np.max(np.abs(h - exact) / exact)
        check(err > 2 * c.TOL_REL, f"dupuit: {label} gives {err:.1%} error")
    ch = np.zeros((1, c.N), bool)
    ch[0, 0] = ch[0, -1] = True
    chh = np.zeros((1, c.N))
    chh[0, 0], chh[0, -1] = c.H1, c.H2
    h = fvref.solve_confined(np.full((1, c.N), c.K * 100.0), c.DX, c.DX, ch, chh,
                             np.full((1, c.N), c.R * c.DX * c.DX))[0]
    err = np.max(np.abs(h - exact) / exact)
    check(err > 2 * c.TOL_REL, f"dupuit: confined transmissivity K (top - bottom) gives "
          f"{err:.1%} error")

    c = load_case("recharge_mound")
    frac = c.disc_fraction()
    a_eff = c.effective_radius(frac)
    sc, rasters, r = c.scenario(frac, a_eff)
    fixed = np.zeros((c.NY, c.NX), bool)
    fixed_head = np.zeros((c.NY, c.NX))
    for b in sc["boundary"]:
        col, row = b["cells"]["col"][0] - 1, b["cells"]["row"][0] - 1
        fixed[row, col] = True
        fixed_head[row, col] = b["head"]
    h = fvref.solve_confined(np.full((c.NY, c.NX), c.T), c.DX, c.DX, fixed, fixed_head,
                             rasters["recharge.csv"][::-1] * c.DX * c.DX)
    height = float(c.mound_head(np.array(0.0), a_eff)) - c.H0
    err = np.max(np.abs(h - c.mound_head(r, a_eff))[r < c.R]) / height
    check(err > 2 * c.TOL_REL, f"recharge_mound: a north/south-flipped raster gives "
          f"{err:.1%} error")

    c = load_case("convergence_space")
    n = c.GRIDS[-1]
    dx, dy, xx, yy, ring = c.grid(n)
    h = fvref.solve_confined(np.full((n, n), c.T), dx, dy, ring, c.exact_head(xx, yy),
                             c.recharge_m_per_d(xx, yy)[::-1] * dx * dy)
    err = np.abs(h - c.exact_head(xx, yy))[~ring].max()
    check(err > 10 * c.FINEST_MAX_ERROR_M, f"convergence_space: a north/south-flipped source "
          f"raster gives {err:.3g} m error at N = {n}")


if __name__ == "__main__":
    test_well_function()
    test_toml_writer()
    test_raster_orientation()
    test_steady_1d()
    test_thiem()
    test_dupuit()
    test_mound()
    test_convergence_space()
    test_convergence_time()
    test_theis()
    test_sensitivity()
    print(f"{len(failures)} failed" if failures else "all passed")
    sys.exit(1 if failures else 0)
