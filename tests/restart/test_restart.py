"""Checkpoint and restart of `aquifer run` (--checkpoint-every, --resume).

A transient run (400 daily steps, heads every 25 d, checkpoint every 50 d, two observation
wells with readings) is killed with SIGKILL (the whole mpiexec process group) once a checkpoint
at t >= 100 d exists, then resumed with --resume. Its files must equal those of an
uninterrupted run with the same options: heads within 1e-10 m (heads.csv, heads.h5
/fields/head, heads.nc head), budget, accounting, fiscal-year and observations.csv values
within 1e-10 relative, the same rows and times, anomalies.csv and report.html's hydrographs
identical (the observation wells' simulated series of the whole run, restored from the
checkpoint); every file complete (h5py and xarray open them), no ".partial" file and no
checkpoint folder left. Also: --resume refuses
(exit 2) a folder without a checkpoint and a checkpoint made from another scenario text.

Usage: test_restart.py --np N --aquifer PATH --mpiexec PATH --workdir DIR
"""
import argparse
import csv
import os
import re
import shutil
import signal
import subprocess
import sys
import time

import h5py
import numpy as np
import xarray as xr

MPI_FLAGS = ["--allow-run-as-root", "--oversubscribe"]
HEAD_TOL_M = 1e-10
REL_TOL = 1e-10
FAILURES = []

SCENARIO = """# Restart test: 100 x 80 cells, 2 layers, 400 daily steps.
[model]
name  = "restart-test"
start = "2020-01-01"

[grid]
nx = 100
ny = 80
dx = "25 m"
dy = "25 m"
x0 = 0.0
y0 = 0.0

[[layers]]
top    = 50.0
bottom = 20.0
k      = "10 m/d"
ss     = 1e-4
type   = "confined"

[[layers]]
bottom = -30.0
k      = "5 m/d"
ss     = 1e-5
type   = "confined"

[initial]
head = 40.0

[time]
end          = "400 d"
step         = "1 d"
output_every = "25 d"

[[boundary]]
kind  = "constant_head"
cells = { layer = 1, col = [1, 1], row = [1, 80] }
head  = 40.0

[[wells]]
id    = "W1"
x     = 1260.0
y     = 990.0
layer = 2
rate  = "-1500 m3/d"

[[recharge]]
id   = "rain"
rate = "1 mm/d"

[[observation_wells]]
id    = "OBS-NEAR"
x     = 1160.0
y     = 990.0
layer = 2
data  = "obs.csv"
warning_level = 30.0

[[observation_wells]]
id    = "OBS-FAR"
x     = 310.0
y     = 1510.0
layer = 1
data  = "obs.csv"

[output]
dir = "results"
csv = true
"""


def observation_csv():
    """Synthetic readings every 5 days for both wells (with one spike), so that the run
    writes observations.csv, anomalies.csv and report.html hydrographs from the simulated
    heads of the whole run: a resumed run must give the same."""
    import datetime
    lines = ["date,OBS-NEAR,OBS-FAR"]
    start = datetime.date(2020, 1, 1)
    for k in range(0, 400, 5):
        near = 40.0 - 3.0 * (1.0 - np.exp(-k / 60.0)) + (2.5 if k == 200 else 0.0)
        far = 40.0 - 0.4 * (1.0 - np.exp(-k / 90.0))
        lines.append(f"{start + datetime.timedelta(days=k)},{near:.3f},{far:.3f}")
    return "\n".join(lines) + "\n"


def expect(cond, msg):
    print(("ok    " if cond else "FAIL  ") + msg, flush=True)
    if not cond:
        FAILURES.append(msg)


def command(a, scenario, *args):
    return [a.mpiexec, *MPI_FLAGS, "-np", str(a.np), a.aquifer, "run", scenario, *args]


def run(cmd):
    print("$", " ".join(cmd), flush=True)
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=400)
    print(p.stdout[-2000:])
    print(p.stderr[-2000:], file=sys.stderr, flush=True)
    return p


def checkpoint_time(folder):
    try:
        with open(os.path.join(folder, "checkpoint", "state.txt")) as f:
            for line in f:
                if line.startswith("t_d "):
                    return float.fromhex(line.split()[1])
    except OSError:
        pass
    return -1.0


def descendants(pid):
    """Every process below pid (Open MPI may put its ranks in process groups of their own)."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry))
            except (OSError, IndexError, ValueError):
                pass
    found, todo = [], [pid]
    while todo:
        for c in children.get(todo.pop(), []):
            found.append(c)
            todo.append(c)
    return found


def kill_all(p):
    """SIGKILL to mpiexec's process group and to every descendant (and its group), then waits
    until none is left, so that no rank goes on writing into the output folder."""
    pids = descendants(p.pid)
    groups = {p.pid}
    for pid in pids:
        try:
            groups.add(os.getpgid(pid))
        except ProcessLookupError:
            pass
    for g in groups:
        try:
            os.killpg(g, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    p.wait()
    deadline = time.time() + 30
    while any(os.path.exists(f"/proc/{pid}") and not is_zombie(pid) for pid in pids) and time.time() < deadline:
        time.sleep(0.05)


def is_zombie(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


def run_and_kill(a, scenario, out):
    """Starts the run in its own process group and kills the group once t >= 100 d is saved."""
    cmd = command(a, scenario, "-o", out, "--checkpoint-every", "50 d")
    print("$", " ".join(cmd), "  (killed part-way)", flush=True)
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + 300
    while p.poll() is None and checkpoint_time(out) < 100.0 and time.time() < deadline:
        time.sleep(0.02)
    alive = p.poll() is None
    if alive:
        kill_all(p)
    p.wait()
    t = checkpoint_time(out)
    print(f"killed: {alive}, latest checkpoint at t = {t} d", flush=True)
    return alive and t >= 100.0 and t < 400.0


def read_csv(path):
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    return rows[0], rows[1:]


def compare_csv(name, ref_dir, res_dir, head_columns=()):
    """Same header, rows and text columns; numbers within tolerance. Returns max differences."""
    h1, r1 = read_csv(os.path.join(ref_dir, name))
    h2, r2 = read_csv(os.path.join(res_dir, name))
    expect(h1 == h2, f"{name}: same header")
    expect(len(r1) == len(r2) and len(r1) > 0, f"{name}: same row count ({len(r1)} vs {len(r2)})")
    max_abs_head, max_rel = 0.0, 0.0
    same_text = True
    for x, y in zip(r1, r2):
        for col, u, v in zip(h1, x, y):
            try:
                fu, fv = float(u), float(v)
            except ValueError:
                same_text &= u == v
                continue
            if col in head_columns:
                max_abs_head = max(max_abs_head, abs(fu - fv))
            else:
                max_rel = max(max_rel, abs(fu - fv) / max(abs(fu), abs(fv), 1e-300) if fu != fv else 0.0)
    expect(same_text, f"{name}: same text fields")
    expect(max_abs_head <= HEAD_TOL_M, f"{name}: max |head difference| {max_abs_head:.3e} m <= {HEAD_TOL_M}")
    expect(max_rel <= REL_TOL, f"{name}: max relative difference of other values {max_rel:.3e} <= {REL_TOL}")
    return max_abs_head, max_rel


def compare_h5(ref_dir, res_dir):
    with h5py.File(os.path.join(ref_dir, "heads.h5"), "r") as f, h5py.File(os.path.join(res_dir, "heads.h5"), "r") as g:
        expect(f["fields/head"].shape == g["fields/head"].shape, f"heads.h5: head shape {g['fields/head'].shape}")
        expect(np.array_equal(f["fields/time"][:], g["fields/time"][:]), "heads.h5: same /fields/time")
        a, b = f["fields/head"][:], g["fields/head"][:]
        expect(np.array_equal(np.isnan(a), np.isnan(b)), "heads.h5: same NaN cells")
        dh = float(np.nanmax(np.abs(a - b))) if a.size else 0.0
        expect(dh <= HEAD_TOL_M, f"heads.h5: max |head difference| {dh:.3e} m")
        max_rel = 0.0
        for name in f["budget"]:
            u, v = f["budget"][name][:], g["budget"][name][:]
            expect(u.shape == v.shape, f"heads.h5: /budget/{name} length {v.shape}")
            if u.shape == v.shape and u.size:
                scale = np.maximum(np.maximum(np.abs(u), np.abs(v)), 1e-300)
                max_rel = max(max_rel, float(np.max(np.abs(u - v) / scale)))
        expect(max_rel <= REL_TOL, f"heads.h5: max relative budget difference {max_rel:.3e}")
        expect(g["budget/time"].shape[0] == 400, "heads.h5: 400 budget rows")
        return dh, max_rel


def compare_nc(ref_dir, res_dir):
    with xr.open_dataset(os.path.join(ref_dir, "heads.nc")) as f, xr.open_dataset(os.path.join(res_dir, "heads.nc")) as g:
        expect(f["time"].size == g["time"].size == 16, f"heads.nc: {g['time'].size} times (16 expected)")
        expect(bool((f["time"].values == g["time"].values).all()), "heads.nc: same decoded times")
        dh = float(np.nanmax(np.abs(f["head"].values - g["head"].values)))
        expect(dh <= HEAD_TOL_M, f"heads.nc: max |head difference| {dh:.3e} m")
        return dh


def compare_text(name, ref_dir, res_dir):
    with open(os.path.join(ref_dir, name)) as f, open(os.path.join(res_dir, name)) as g:
        u, v = f.read(), g.read()
    expect(u == v and u.count("\n") > 1, f"{name}: identical ({u.count(chr(10)) - 1} rows)")


def compare_hydrographs(ref_dir, res_dir):
    """report.html: the observation-well section (one hydrograph per well) is identical."""
    def section(folder):
        with open(os.path.join(folder, "report.html")) as f:
            text = f.read()
        m = re.search(r'<section id="hydrographs">.*?</section>', text, flags=re.S)
        return m.group(0) if m else ""
    u, v = section(ref_dir), section(res_dir)
    expect(u.count("<svg") == 2 and u == v, f"report.html: the {u.count('<svg')} hydrographs are identical")


def check_clean(folder):
    left = [os.path.join(r, n) for r, _, names in os.walk(folder) for n in names if n.endswith(".partial")]
    expect(not left, f"{folder}: no .partial files left ({left})")
    expect(not any(os.path.exists(os.path.join(folder, d)) for d in ("checkpoint", "checkpoint.tmp", "checkpoint.old")),
           f"{folder}: no checkpoint folder left after the finished run")


def refusals(a, scenario, killed_copy):
    empty = os.path.join(a.workdir, "empty")
    os.makedirs(empty, exist_ok=True)
    p = run(command(a, scenario, "--resume", empty))
    expect(p.returncode == 2 and "no checkpoint" in p.stderr, "--resume of a folder without checkpoint: exit 2")
    other = os.path.join(a.workdir, "other.toml")
    with open(other, "w") as f:
        f.write(SCENARIO.replace('rate  = "-1500 m3/d"', 'rate  = "-1400 m3/d"'))
    p = run(command(a, other, "--resume", killed_copy))
    expect(p.returncode == 2 and "another scenario" in p.stderr, "--resume with another scenario: exit 2")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--np", type=int, default=1)
    ap.add_argument("--aquifer", required=True)
    ap.add_argument("--mpiexec", required=True)
    ap.add_argument("--workdir", required=True)
    a = ap.parse_args()
    shutil.rmtree(a.workdir, ignore_errors=True)
    os.makedirs(a.workdir)
    scenario = os.path.join(a.workdir, "scenario.toml")
    with open(scenario, "w") as f:
        f.write(SCENARIO)
    with open(os.path.join(a.workdir, "obs.csv"), "w") as f:
        f.write(observation_csv())
    ref, res = os.path.join(a.workdir, "uninterrupted"), os.path.join(a.workdir, "resumed")

    p = run(command(a, scenario, "-o", ref, "--checkpoint-every", "50 d"))
    expect(p.returncode == 0, "uninterrupted run: exit 0")
    expect(run_and_kill(a, scenario, res), "run killed part-way (SIGKILL) after a checkpoint at t >= 100 d")
    expect(not os.path.exists(os.path.join(res, "budget.csv")), "killed run: no budget.csv under its final name")
    saved = os.path.join(a.workdir, "killed-copy")
    shutil.copytree(res, saved)
    p = run(command(a, scenario, "--resume", res, "--checkpoint-every", "50 d"))
    expect(p.returncode == 0 and "resuming from the checkpoint" in p.stdout + p.stderr, "resumed run: exit 0")
    if FAILURES:
        sys.exit(1)
    diffs = [compare_csv("heads.csv", ref, res, head_columns=("head",)),
             compare_csv("budget.csv", ref, res), compare_csv("accounting.csv", ref, res),
             compare_csv("fiscal_years.csv", ref, res)]
    diffs.append(compare_csv("observations.csv", ref, res))
    compare_text("anomalies.csv", ref, res)
    compare_hydrographs(ref, res)
    dh5, rel5 = compare_h5(ref, res)
    dnc = compare_nc(ref, res)
    check_clean(res)
    check_clean(ref)
    refusals(a, scenario, saved)
    print(f"np={a.np}: max |head difference| csv {diffs[0][0]:.3e} m, h5 {dh5:.3e} m, nc {dnc:.3e} m; "
          f"max relative budget difference csv {diffs[1][1]:.3e}, h5 {rel5:.3e}, "
          f"accounting {diffs[2][1]:.3e}, fiscal years {diffs[3][1]:.3e}")
    if FAILURES:
        print(f"{len(FAILURES)} check(s) failed", file=sys.stderr)
        sys.exit(1)
    print("all checks passed")


if __name__ == "__main__":
    main()
