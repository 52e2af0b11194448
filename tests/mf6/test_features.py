#!/usr/bin/env python3
"""MODFLOW 6 features the shared decks do not exercise, each on a small deck generated here
and checked against heads derived independently of the solver (closed forms of the discrete
equations as the MF6 input/output guide defines them):

  delr            1-D steady confined line along a row, non-uniform DELR and K: series
                  conductances C = DELC b / (DELR_1 / 2K_1 + DELR_2 / 2K_2), exact
                  piecewise-linear heads; heads.h5 cell centres from the cumulative DELR.
  delc            1-D steady line along a column, non-uniform DELC, recharge on every cell
                  but the constant head: the face flow is the recharge of all cells beyond it
                  (R DELR DELC_j summed), so the heads follow from the face conductances; RCH
                  and CHD budgets equal R x the recharged area.
  logarithmic     ALTERNATIVE_CELL_AVERAGING LOGARITHMIC / AMT-LMK / AMT-HMK: 1-D confined
  amt_lmk         line with different K and thicknesses, non-uniform DELR; the connection
  amt_hmk         conductances are the guide's means, heads exact in series.
  thickstrt       ICELLTYPE -1 with THICKSTRT: confined, transmissivity K (STRT - BOT) of
                  every cell's own starting head, exact in series (a convertible or
                  full-thickness layer gives other heads).
  ss_confined     STO SS_CONFINED_ONLY, a pumped/injected convertible cell pair without
                  flow between them: implicit-Euler storage balances per period, confined ->
                  unconfined -> unconfined -> confined (STO-SS only while h >= TOP).
  chd_periods     CHD sets that change between steady stress periods (a cell released, a new
                  cell fixed, a value changed): linear heads between the fixed cells.

With --import the deck is also imported (`aquifer import-mf6`) and the scenario run at the
same rank count: its heads.h5 must equal the deck run's within TOL_IMPORT (both paths build
the same solver::Model, so the heads agree to round-off).

Tolerance: 1e-6 L on heads (the outer iterations stop at max|dh| < 1e-9 L and the linear
solver's relative tolerance leaves < 1e-8 L on these 10-L head ranges; the closed forms are
exact, so anything above round-off and solver tolerance is a formulation error), 1e-6
relative on budget terms.
"""
import csv
import math
import os
import sys

from harness import parse_args, run_aquifer

TOL_HEAD = 1e-6
TOL_BUDGET = 1e-6
TOL_IMPORT = 1e-10


# ---------------------------------------------------------------------------- deck writer
def arr(values, ncol):
    """INTERNAL array, one row of ncol values per line."""
    lines = ["    INTERNAL"]
    for i in range(0, len(values), ncol):
        lines.append("      " + " ".join(repr(float(v)) for v in values[i:i + ncol]))
    return "\n".join(lines)


def write_deck(d, nrow, ncol, delr, delc, top, botm, icelltype, k, strt, periods, chd,
               npf_options=(), wel=None, rch=None, sto=None):
    """One-layer deck. chd/wel/rch: {period: [(row, col, value), ...]} (1-based)."""
    os.makedirs(d, exist_ok=True)
    n = nrow * ncol
    delr = delr * ncol if len(delr) == 1 else delr
    delc = delc * nrow if len(delc) == 1 else delc
    top = top * n if len(top) == 1 else top

    def put(name, text):
        with open(os.path.join(d, name), "w") as f:
            f.write(text.strip() + "\n")

    put("mfsim.nam", """BEGIN OPTIONS\nEND OPTIONS\nBEGIN TIMING\n  TDIS6 sim.tdis\nEND TIMING
BEGIN MODELS\n  GWF6 model.nam model\nEND MODELS\nBEGIN EXCHANGES\nEND EXCHANGES
BEGIN SOLUTIONGROUP 1\n  IMS6 sim.ims model\nEND SOLUTIONGROUP""")
    put("sim.tdis", "BEGIN OPTIONS\n  TIME_UNITS DAYS\nEND OPTIONS\nBEGIN DIMENSIONS\n  NPER %d\nEND DIMENSIONS\n"
        "BEGIN PERIODDATA\n%s\nEND PERIODDATA" % (len(periods), "\n".join("  %r 1 1.0" % p for p in periods)))
    put("sim.ims", "BEGIN NONLINEAR\n  OUTER_DVCLOSE 1e-8\n  OUTER_MAXIMUM 100\nEND NONLINEAR")
    pk = ["  DIS6 model.dis", "  IC6 model.ic", "  NPF6 model.npf", "  OC6 model.oc"]
    if sto is not None:
        pk.append("  STO6 model.sto")
    if chd:
        pk.append("  CHD6 model.chd")
    if wel:
        pk.append("  WEL6 model.wel")
    if rch:
        pk.append("  RCH6 model.rch")
    put("model.nam", "BEGIN OPTIONS\nEND OPTIONS\nBEGIN PACKAGES\n%s\nEND PACKAGES" % "\n".join(pk))
    put("model.dis", f"""BEGIN OPTIONS\nEND OPTIONS
BEGIN DIMENSIONS\n  NLAY 1\n  NROW {nrow}\n  NCOL {ncol}\nEND DIMENSIONS
BEGIN GRIDDATA
  DELR
{arr(delr, ncol)}
  DELC
{arr(delc, nrow)}
  TOP
{arr(top, ncol)}
  BOTM
{arr(botm, ncol)}
END GRIDDATA""")
    put("model.ic", f"BEGIN GRIDDATA\n  STRT\n{arr(strt, ncol)}\nEND GRIDDATA")
    put("model.npf", "BEGIN OPTIONS\n%s\nEND OPTIONS\nBEGIN GRIDDATA\n  ICELLTYPE\n    INTERNAL\n%s\n  K\n%s\nEND GRIDDATA"
        % ("\n".join("  " + o for o in npf_options),
           "\n".join("      " + " ".join(str(v) for v in icelltype[i:i + ncol]) for i in range(0, n, ncol)),
           arr(k, ncol)))
    put("model.oc", "BEGIN PERIOD 1\n  SAVE HEAD ALL\nEND PERIOD")
    if sto is not None:
        steady = "\n".join("BEGIN PERIOD %d\n  %s\nEND PERIOD" % (p, "STEADY-STATE" if s else "TRANSIENT")
                           for p, s in sto["periods"].items())
        put("model.sto", "BEGIN OPTIONS\n%s\nEND OPTIONS\nBEGIN GRIDDATA\n  ICONVERT\n    CONSTANT 1\n"
            "  SS\n    CONSTANT %r\n  SY\n    CONSTANT %r\nEND GRIDDATA\n%s"
            % ("\n".join("  " + o for o in sto["options"]), sto["ss"], sto["sy"], steady))

    def lst(name, data):
        blocks = ["BEGIN OPTIONS\nEND OPTIONS\nBEGIN DIMENSIONS\n  MAXBOUND %d\nEND DIMENSIONS"
                  % max(len(v) for v in data.values())]
        for p, rows in sorted(data.items()):
            blocks.append("BEGIN PERIOD %d\n%s\nEND PERIOD" % (p, "\n".join("  1 %d %d %r" % r for r in rows)))
        put(name, "\n".join(blocks))

    if chd:
        lst("model.chd", chd)
    if wel:
        lst("model.wel", wel)
    if rch:
        lst("model.rch", rch)


# -------------------------------------------------------------------------- closed forms
def logmean(a, b):
    r = b / a
    return (b - a) / math.log(r) if (r <= 0.995 or r >= 1.005) else 0.5 * (a + b)


def series_heads(h_first, h_last, conductances):
    """Heads along a chain of conductances with the two end heads fixed."""
    q = (h_first - h_last) / sum(1.0 / c for c in conductances)
    h = [h_first]
    for c in conductances:
        h.append(h[-1] - q / c)
    return h, q


def harmonic(k1, b1, cl1, k2, b2, cl2, width):
    return width / (cl1 / (k1 * b1) + cl2 / (k2 * b2))


# --------------------------------------------------------------------------------- cases
def case_delr(d):
    delr = [100.0, 200.0, 50.0, 300.0, 150.0, 100.0]
    k = [2.0, 5.0, 1.0, 4.0, 3.0, 2.0]
    w, b = 40.0, 10.0
    write_deck(d, 1, 6, delr, [w], [10.0] * 6, [0.0] * 6, [0] * 6, k, [5.0] * 6, [1.0],
               {1: [(1, 1, 10.0), (1, 6, 0.0)]})
    c = [harmonic(k[i], b, delr[i] / 2, k[i + 1], b, delr[i + 1] / 2, w) for i in range(5)]
    h, q = series_heads(10.0, 0.0, c)
    return {(1, 1, j + 1): v for j, v in enumerate(h)}, {(1, "CHD"): (q, q)}


def case_delc(d):
    delc = [80.0, 120.0, 40.0, 200.0, 60.0, 100.0]  # row 1 = north, the constant head
    k = [3.0, 1.0, 6.0, 2.0, 4.0, 5.0]
    w, b, r = 30.0, 10.0, 0.002
    write_deck(d, 6, 1, [w], delc, [10.0], [0.0] * 6, [0] * 6, k, [5.0] * 6, [1.0],
               {1: [(1, 1, 20.0)]}, rch={1: [(i, 1, r) for i in range(2, 7)]})
    h = [20.0]
    for i in range(5):  # face between rows i+1 and i+2 (1-based) carries the recharge south of it
        q = r * w * sum(delc[i + 1:])
        h.append(h[-1] + q / harmonic(k[i], b, delc[i] / 2, k[i + 1], b, delc[i + 1] / 2, w))
    total = r * w * sum(delc[1:])
    return {(1, i + 1, 1): v for i, v in enumerate(h)}, {(1, "CHD"): (0.0, total), (1, "RCH"): (total, 0.0)}


def averaging_case(method):
    def run(d):
        delr = [100.0, 60.0, 140.0, 100.0]
        k = [1.0, 10.0, 2.0, 8.0]
        botm = [0.0, -5.0, 2.0, -3.0]
        b = [10.0 - z for z in botm]
        w = 100.0
        write_deck(d, 1, 4, delr, [w], [10.0] * 4, botm, [0] * 4, k, [5.0] * 4, [1.0],
                   {1: [(1, 1, 10.0), (1, 4, 0.0)]}, npf_options=["ALTERNATIVE_CELL_AVERAGING " + method])
        c = []
        for i in range(3):
            cl1, cl2 = delr[i] / 2, delr[i + 1] / 2
            if method == "LOGARITHMIC":
                c.append(logmean(k[i] * b[i], k[i + 1] * b[i + 1]) * w / (cl1 + cl2))
            elif method == "AMT-LMK":
                c.append(logmean(k[i], k[i + 1]) * 0.5 * (b[i] + b[i + 1]) * w / (cl1 + cl2))
            else:  # AMT-HMK
                c.append(k[i] * k[i + 1] / (k[i] * cl2 + k[i + 1] * cl1) * 0.5 * (b[i] + b[i + 1]) * w)
        h, q = series_heads(10.0, 0.0, c)
        return {(1, 1, j + 1): v for j, v in enumerate(h)}, {(1, "CHD"): (q, q)}
    return run


def case_thickstrt(d):
    strt = [15.0, 8.0, 12.0, 5.0, 10.0]
    k, w, dx = 4.0, 50.0, 100.0
    write_deck(d, 1, 5, [dx], [w], [20.0] * 5, [0.0] * 5, [-1] * 5, [k] * 5, strt, [1.0],
               {1: [(1, 1, 15.0), (1, 5, 10.0)]}, npf_options=["THICKSTRT"])
    c = [harmonic(k, strt[i], dx / 2, k, strt[i + 1], dx / 2, w) for i in range(4)]
    h, q = series_heads(15.0, 10.0, c)
    return {(1, 1, j + 1): v for j, v in enumerate(h)}, {(1, "CHD"): (q, q)}


def case_ss_confined(d):
    area, top, ss, sy = 100.0 * 100.0, 10.0, 1e-3, 0.1
    rates = [-50.0, -300.0, -100.0, 2000.0]  # per cell, one-day periods
    write_deck(d, 1, 2, [100.0], [100.0], [top] * 2, [0.0] * 2, [1] * 2, [1.0] * 2, [12.0] * 2, [1.0] * 4,
               None, wel={p + 1: [(1, 1, q), (1, 2, q)] for p, q in enumerate(rates)},
               sto={"options": ["SS_CONFINED_ONLY"], "ss": ss, "sy": sy, "periods": {1: False}})
    rho = ss * top * area  # Ss b A / dt with dt = 1 [L^2/T]
    syc = sy * area
    # Period 1: confined throughout: rho (h0 - h) + q = 0.
    h1 = 12.0 + rates[0] / rho
    # Period 2: from confined (h1 > top) to unconfined: rho (h1 - top) + Sy A (top - h) + q = 0.
    h2 = top + (rho * (h1 - top) + rates[1]) / syc
    # Period 3: unconfined throughout, Ss does not act: Sy A (h2 - h) + q = 0.
    h3 = h2 + rates[2] / syc
    # Period 4: back above the top: Sy A (h3 - top) - rho (h - top) + q = 0.
    h4 = top + (syc * (h3 - top) + rates[3]) / rho
    assert h1 > top and h2 < top and h3 < top and h4 > top
    heads, budget = {}, {}
    ss_rates = [rho * (12.0 - h1), rho * (h1 - top), 0.0, -rho * (h4 - top)]
    for p, h in enumerate([h1, h2, h3, h4]):
        heads.update({(p + 1, 1, 1): h, (p + 1, 1, 2): h})
        q = 2 * ss_rates[p]
        budget[(p + 1, "STO-SS")] = (max(q, 0.0), max(-q, 0.0))
    return heads, budget


def case_chd_periods(d):
    k, w, dx, b = 10.0, 100.0, 100.0, 20.0
    chd = {1: [(1, 1, 10.0), (1, 5, 0.0)], 2: [(1, 1, 10.0)], 3: [(1, 1, 10.0), (1, 3, 4.0)], 4: [(1, 5, 2.0)]}
    write_deck(d, 1, 5, [dx], [w], [20.0] * 5, [0.0] * 5, [0] * 5, [k] * 5, [5.0] * 5, [1.0] * 4, chd,
               wel={4: [(1, 1, -100.0)]})
    c = k * b * w / dx  # every face [L^2/T]
    per = {1: [10.0, 7.5, 5.0, 2.5, 0.0], 2: [10.0] * 5, 3: [10.0, 7.0, 4.0, 4.0, 4.0],
           4: [2.0 - 100.0 * (4 - j) / c for j in range(5)]}
    heads = {(p, 1, j + 1): v for p, hs in per.items() for j, v in enumerate(hs)}
    budget = {(1, "CHD"): (2.5 * c, 2.5 * c), (2, "CHD"): (0.0, 0.0), (3, "CHD"): (3.0 * c, 3.0 * c),
              (4, "CHD"): (100.0, 0.0), (4, "WEL"): (0.0, 100.0)}
    return heads, budget


CASES = {"delr": case_delr, "delc": case_delc, "logarithmic": averaging_case("LOGARITHMIC"),
         "amt_lmk": averaging_case("AMT-LMK"), "amt_hmk": averaging_case("AMT-HMK"),
         "thickstrt": case_thickstrt, "ss_confined": case_ss_confined, "chd_periods": case_chd_periods}


# ---------------------------------------------------------------------------------- run
def check_centres(name, deck, out):
    """heads.h5 cell centres from the cumulative DELR/DELC (MF6 row 1 = north = last y)."""
    if name not in ("delr", "delc"):
        return 0
    import h5py
    widths = {"delr": ([100.0, 200.0, 50.0, 300.0, 150.0, 100.0], [40.0]),
              "delc": ([30.0], [80.0, 120.0, 40.0, 200.0, 60.0, 100.0])}[name]
    def centres(v):
        edges = [0.0]
        for x in v:
            edges.append(edges[-1] + x)
        return [0.5 * (edges[i] + edges[i + 1]) for i in range(len(v))]
    with h5py.File(os.path.join(out, "heads.h5"), "r") as f:
        x, y = list(f["grid/x"][...]), list(f["grid/y"][...])
    ex, ey = centres(widths[0]), centres(list(reversed(widths[1])))
    bad = int(len(x) != len(ex) or len(y) != len(ey) or
              any(abs(a - b) > 1e-9 for a, b in zip(x + y, ex + ey)))
    print(f"heads.h5 cell centres x={x} y={y}: {'ok' if not bad else 'expected x=%s y=%s' % (ex, ey)}")
    return bad


def main():
    args = parse_args((["--case"], {"required": True, "choices": sorted(CASES)}),
                      (["--import"], {"dest": "import_", "action": "store_true",
                                      "help": "also import the deck and compare the scenario's heads with the deck run's"}))
    deck, out = os.path.join(args.workdir, "deck"), os.path.join(args.workdir, "out")
    expected_heads, expected_budget = CASES[args.case](deck)
    r = run_aquifer(args, ["run", os.path.join(deck, "mfsim.nam"), "-o", out], args.np)
    if r.returncode != 0:
        print(r.stdout, r.stderr)
        return 1
    bad = 0
    sim = {}
    for row in csv.DictReader(open(os.path.join(out, "heads_mf6.csv"))):
        sim[(int(row["kper"]), int(row["row"]), int(row["col"]))] = float(row["head"])
    worst = 0.0
    for key, h in expected_heads.items():
        d = abs(sim[key] - h) if key in sim else math.inf
        worst = max(worst, d)
        if d > TOL_HEAD:
            print(f"head (kper,row,col)={key}: simulated {sim.get(key)} expected {h}")
            bad += 1
    print(f"{args.case}: {len(expected_heads)} heads, worst difference {worst:.2e} (tolerance {TOL_HEAD})")
    budget = {}
    for row in csv.DictReader(open(os.path.join(out, "budget_mf6.csv"))):
        budget[(int(row["kper"]), row["term"])] = (float(row["rate_in"]), float(row["rate_out"]))
    for key, (q_in, q_out) in expected_budget.items():
        got = budget.get(key)
        ok = got is not None and all(abs(a - b) <= TOL_BUDGET * max(1.0, abs(b)) for a, b in zip(got, (q_in, q_out)))
        print(f"budget {key}: simulated {got} expected {(q_in, q_out)}{'' if ok else '  <-- FAIL'}")
        bad += 0 if ok else 1
    bad += check_centres(args.case, deck, out)
    if args.import_:
        bad += check_import(args, deck, out)
    return 1 if bad else 0


def check_import(args, deck, out):
    """import-mf6 the deck, run the scenario, compare heads.h5 with the deck run's."""
    import h5py
    import numpy as np
    scenario = os.path.join(args.workdir, "scenario")
    r = run_aquifer(args, ["import-mf6", os.path.join(deck, "mfsim.nam"), "-o", scenario])
    if r.returncode != 0:
        print("import-mf6 failed:", r.stdout, r.stderr)
        return 1
    out_scenario = os.path.join(args.workdir, "out_scenario")
    r = run_aquifer(args, ["run", os.path.join(scenario, "scenario.toml"), "-o", out_scenario], args.np)
    if r.returncode != 0:
        print("scenario run failed:", r.stdout, r.stderr)
        return 1
    with h5py.File(os.path.join(out, "heads.h5"), "r") as a, h5py.File(os.path.join(out_scenario, "heads.h5"), "r") as b:
        ta, tb = a["/fields/time"][:], b["/fields/time"][:]
        ha, hb = a["/fields/head"][:], b["/fields/head"][:]
        centres = [(a[f"grid/{k}"][:], b[f"grid/{k}"][:]) for k in ("x", "y")]
    if ta.shape != tb.shape or not np.array_equal(ta, tb) or ha.shape != hb.shape:
        print(f"scenario output times {tb} differ from the deck run's {ta}")
        return 1
    if not np.array_equal(np.isnan(ha), np.isnan(hb)):
        print("dry/inactive cells differ between the deck run and the scenario run")
        return 1
    worst = float(np.nanmax(np.abs(ha - hb))) if np.any(~np.isnan(ha)) else 0.0
    print(f"{args.case}: imported scenario vs deck run, {ha.size} heads, worst difference {worst:.2e} "
          f"(tolerance {TOL_IMPORT})")
    if any(ca.shape != cb.shape or not np.allclose(ca, cb, rtol=0, atol=1e-9) for ca, cb in centres):
        print("heads.h5 cell centres differ between the deck run and the scenario run")
        return 1
    return 0 if worst <= TOL_IMPORT else 1


if __name__ == "__main__":
    sys.exit(main())
