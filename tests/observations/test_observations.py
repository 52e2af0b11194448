"""Observation wells end to end: `aquifer run` with [[observation_wells]] writes the simulated
head at each well every step to heads.h5 /observations/<id>/ and the statistics to
observations.csv; bad observation input stops the run with exit status 2 and writes nothing.

The scenario (data/scenario.toml) has an exactly linear head h(x) = 30 - 10 (x - 50) / 900 m,
so the bilinear value at each well is known by hand: A (x = 275) 27.5 m, B (x = 725, screen
over both layers) 22.5 m, C (x = 50, the western constant-head centre) 30 m. The observed files
are h + known deviations d, so bias = -mean(d), RMSE = sqrt(mean(d^2)), MAE = mean(|d|),
NSE = 1 - sum(d^2) / sum((d - mean d)^2); KGE is undefined (constant simulated head): empty.

[initial] head = "observations" (mode `initial`): wells observed near the start are kriged
onto each layer; a closed model without stresses keeps that field, so the simulated head at
t = 0 shows it: a constant field is exact, IDW (3 wells) stays inside the data range, ordinary
kriging (8 wells) logs its variogram and leave-one-out RMSE, and no reading within the window
is an input error (exit 2).

Usage: test_observations.py run --np N | bad_input | initial   --aquifer PATH --mpiexec PATH
                                                                --workdir DIR --data DIR
"""
import argparse
import csv
import math
import os
import shutil
import subprocess
import sys

import h5py
import numpy as np

FAILURES = []
EXACT = {"A": 27.5, "B": 22.5, "C": 30.0}
DEVIATIONS = {"A": [0.1, -0.2, 0.3, 0.0, 0.25], "B": [-0.05, 0.05, 0.15]}


def expect(cond, msg):
    print(("ok    " if cond else "FAIL  ") + msg)
    if not cond:
        FAILURES.append(msg)


def run(a, np_, workdir):
    launcher = [a.mpiexec, "--allow-run-as-root", "--oversubscribe", "-np", str(np_)]
    cmd = (launcher if np_ > 1 else []) + [a.aquifer, "run", "scenario.toml"]
    p = subprocess.run(cmd, cwd=workdir, capture_output=True, text=True, timeout=300)
    print(p.stdout[-2000:])
    print(p.stderr[-2000:], file=sys.stderr)
    return p


def fresh_copy(a, name, edit=None):
    work = os.path.join(a.workdir, name)
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(a.data, work)
    if edit:
        path = os.path.join(work, "scenario.toml")
        text = open(path).read()
        for old, new in edit:
            assert old in text, old
            text = text.replace(old, new)
        open(path, "w").write(text)
    return work


def hand_stats(d):
    d = np.array(d)
    r = -d
    var = np.sum((d - d.mean()) ** 2)
    return {"n": len(d), "bias_m": r.mean(), "rmse_m": math.sqrt(np.mean(r * r)),
            "mae_m": np.mean(np.abs(r)), "nse": 1 - np.sum(r * r) / var}


def check_run(a):
    work = fresh_copy(a, f"np{a.np}")
    p = run(a, a.np, work)
    expect(p.returncode == 0, f"run at {a.np} rank(s) exits 0 (got {p.returncode})")
    out = os.path.join(work, "out")
    with h5py.File(os.path.join(out, "heads.h5"), "r") as f:
        for well, exact in EXACT.items():
            g = f["observations"][well]
            t = g["time"][:]
            h = g["simulated_head"][:]
            expect(np.allclose(t, np.arange(0.0, 7.0)),
                   f"{well}: /observations/{well}/time is every step 0..6 d ({t})")
            expect(np.max(np.abs(h - exact)) < 1e-6,
                   f"{well}: simulated head {h[0]:.9f} = bilinear hand value {exact} m")
    rows = {r["well_id"]: r for r in csv.DictReader(open(os.path.join(out, "observations.csv")))}
    expect(list(rows) == ["A", "B", "C"], f"observations.csv has wells A, B, C ({list(rows)})")
    for well, d in DEVIATIONS.items():
        want = hand_stats(d)
        got = rows[well]
        expect(int(got["n"]) == want["n"], f"{well}: n = {got['n']} (want {want['n']})")
        for key in ("bias_m", "rmse_m", "mae_m", "nse"):
            expect(abs(float(got[key]) - want[key]) < 1e-5,
                   f"{well}: {key} = {got[key]} (hand {want[key]:.6f})")
        expect(got["kge"] == "", f"{well}: KGE empty for a constant simulated head")
    expect(rows["A"]["first_time"] == "2021-01-02T12:00:00" and
           rows["A"]["last_time"] == "2021-01-06T12:00:00",
           "A: the 2021-01-20 reading after the end is not compared; times in +09:00")
    expect(rows["C"]["n"] == "0" and rows["C"]["rmse_m"] == "", "C (no data): n = 0, empty")
    expect("duplicate_time" in p.stderr + p.stdout and "obs_long.csv:8" in p.stderr + p.stdout,
           "the duplicate time of obs_long.csv line 8 is reported with its line")
    expect("simulated vs observed" in p.stderr + p.stdout, "statistics table logged")


def check_bad_input(a):
    cases = [
        ("malformed_data", [("data  = \"obs_long.csv\"", "data  = \"bad.csv\"")],
         "bad.csv:1:1: no time column"),
        ("strict_issue", [("data  = \"obs_long.csv\"", "data  = \"obs_long.csv\"\nstrict = true")],
         "obs_long.csv:8:"),
        ("outside_grid", [("x     = 275.0", "x     = 5275.0")], "scenario.toml:47:"),
        ("no_layer", [("layer = 1\ndata", "layer = 3\ndata")], "layer 3 does not exist"),
        ("screen_outside", [("screen       = [18.0, 4.0]", "screen       = [80.0, 70.0]")],
         "the screen crosses no model layer"),
        ("bad_unit", [("unit         = \"cm\"", "unit         = \"ft\"")], "not a head unit"),
        ("missing_column", [("column       = \"piezo_b\"", "column       = \"piezo_x\"")],
         "obs_wide.csv:1:1: no column \"piezo_x\""),
        ("missing_file", [("data  = \"obs_long.csv\"", "data  = \"nope.csv\"")],
         "cannot read file"),
    ]
    for name, edit, fragment in cases:
        work = fresh_copy(a, "bad_" + name, edit)
        open(os.path.join(work, "bad.csv"), "w").write("well,head\nA,1\n")
        p = run(a, 1, work)
        expect(p.returncode == 2, f"{name}: exit status 2 (got {p.returncode})")
        expect(fragment in p.stderr, f"{name}: stderr says '{fragment}'")
        expect(not os.path.exists(os.path.join(work, "out")), f"{name}: nothing written")


INITIAL_SCENARIO = """
[model]
name  = "initial-from-observations"
start = "2021-01-01"

[grid]
nx = 10
ny = 8
dx = "100 m"
dy = "100 m"

[[layers]]
top    = 20.0
bottom = 10.0
k      = "10 m/d"
ss     = 1e-5

[[layers]]
bottom = 0.0
k      = "10 m/d"
ss     = 1e-5

[initial]
head   = "observations"
window = "10 d"

[time]
end  = "2 d"
step = "1 d"

[output]
dir    = "out"
netcdf = false
csv    = false
"""


def initial_case(a, name, wells, dates=("2021-01-03",)):
    """wells: (id, x, y, value); one reading per date, plus one far from the start."""
    work = os.path.join(a.workdir, "initial_" + name)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    text = INITIAL_SCENARIO
    rows = ["well_id,time,head"]
    for wid, x, y, v in wells:
        text += f"""
[[observation_wells]]
id = "{wid}"
x = {x}
y = {y}
layer = 1
data = "obs.csv"
"""
        rows += [f"{wid},{d},{v}" for d in dates] + [f"{wid},2021-03-01,99.0"]
    open(os.path.join(work, "scenario.toml"), "w").write(text)
    open(os.path.join(work, "obs.csv"), "w").write("\n".join(rows) + "\n")
    p = run(a, 1, work)
    heads = {}
    if p.returncode == 0:
        with h5py.File(os.path.join(work, "out", "heads.h5"), "r") as f:
            for wid, *_ in wells:
                heads[wid] = f["observations"][wid]["simulated_head"][0]
    return p, heads


def check_initial(a):
    xy = [(250, 250), (650, 150), (450, 550), (850, 650), (150, 750), (550, 350), (350, 450),
          (750, 450)]
    p, heads = initial_case(a, "constant", [(f"K{i}", x, y, 25.0) for i, (x, y) in
                                             enumerate(xy[:6])])
    expect(p.returncode == 0, f"constant: exit 0 (got {p.returncode})")
    expect(heads and all(abs(h - 25.0) < 1e-9 for h in heads.values()),
           f"constant: initial head 25 m at every well ({heads})")
    vals = [24.0, 25.5, 27.0]
    p, heads = initial_case(a, "idw", [(f"I{i}", x, y, v) for i, ((x, y), v) in
                                        enumerate(zip(xy, vals))])
    log = p.stdout + p.stderr
    expect(p.returncode == 0 and "only 3 wells" in log and "inverse-distance" in log,
           "idw: fewer than 5 wells -> inverse-distance weighting, with a warning")
    expect(heads and all(24.0 - 1e-9 <= h <= 27.0 + 1e-9 for h in heads.values()),
           f"idw: initial heads inside the data range ({heads})")
    vals = [24.0 + 0.004 * x + 0.002 * y for x, y in xy]
    p, heads = initial_case(a, "kriging", [(f"O{i}", x, y, v) for i, ((x, y), v) in
                                            enumerate(zip(xy, vals))])
    log = p.stdout + p.stderr
    expect(p.returncode == 0 and "ordinary_kriging from 8 wells" in log,
           "kriging: 8 wells -> ordinary kriging on layer 1")
    expect("leave-one-out RMSE" in log, "kriging: leave-one-out RMSE logged")
    expect("layer 2: no observation well in this layer" in log,
           "kriging: layer 2 without wells takes all wells, with a warning")
    expect(heads and all(min(vals) - 0.5 <= h <= max(vals) + 0.5 for h in heads.values()),
           f"kriging: initial heads near the data range ({heads})")
    p, _ = initial_case(a, "window", [("W0", 250, 250, 25.0)], dates=("2021-01-20",))
    expect(p.returncode == 2 and "no observation well has a reading within 10 d" in p.stderr,
           f"window: no reading within 10 d of the start -> exit 2 (got {p.returncode})")
    expect(not os.path.exists(os.path.join(a.workdir, "initial_window", "out")),
           "window: nothing written")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["run", "bad_input", "initial"])
    ap.add_argument("--np", type=int, default=1)
    ap.add_argument("--aquifer", required=True)
    ap.add_argument("--mpiexec", required=True)
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--data", required=True)
    a = ap.parse_args()
    os.makedirs(a.workdir, exist_ok=True)
    {"run": check_run, "bad_input": check_bad_input, "initial": check_initial}[a.mode](a)
    if FAILURES:
        print(f"{len(FAILURES)} check(s) failed", file=sys.stderr)
        sys.exit(1)
    print("all checks passed")


if __name__ == "__main__":
    main()
