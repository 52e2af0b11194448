"""`aquifer calibrate` end to end.

recover: a truth run of data/scenario.toml (all multipliers 1) gives the simulated head at four
observation wells every week; the script adds Gaussian noise (sd 1 mm, fixed seed) and writes
them as observation files. Calibration of three multipliers (K of the zone "sand", K of layer 1,
the recharge rate) started from x0.5 / x2 and from x2 / x0.5 must recover 1 within 3%, with
finite standard errors, a unit-diagonal correlation, a smaller SSR, and a calibrated scenario
that `aquifer check` accepts and whose values are the originals times the estimates. At one
rank the first start is also calibrated with POUNDERS (method = "pounders").

bad_input: a target that names no zone / layer / recharge, bounds that exclude the start
value, an unknown kind, and observations outside the simulated period: exit status 2, a
file:line:col message, and no output folder.

Usage: test_calibration.py recover|bad_input --aquifer PATH --mpiexec PATH --data DIR
                            --workdir DIR [--np N]
"""
import argparse
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib

import h5py
import numpy as np

FAILURES = []
START = dt.datetime(2022, 1, 1)


def expect(cond, msg):
    print(("ok    " if cond else "FAIL  ") + msg)
    if not cond:
        FAILURES.append(msg)


def aquifer(a, args, cwd, np_=1):
    launcher = [a.mpiexec, "--allow-run-as-root", "--oversubscribe", "-np", str(np_)]
    cmd = (launcher if np_ > 1 else []) + [a.aquifer] + args
    p = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=600)
    print("$ " + " ".join(args))
    print(p.stdout[-3000:])
    print(p.stderr[-3000:], file=sys.stderr)
    return p


def fresh(a, name):
    work = os.path.join(a.workdir, name)
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(a.data, work)
    return work


def with_data(text, data_file):
    """The scenario with `data = <data_file>` in every [[observation_wells]] table."""
    return re.sub(r'(\[\[observation_wells\]\]\nid\s*=\s*"[^"]+"\n)',
                  lambda m: m.group(1) + f'data  = "{data_file}"\n', text)


def make_observations(a, work, shift_days=0.0):
    p = aquifer(a, ["run", "scenario.toml", "-o", "truth"], work)
    expect(p.returncode == 0, "truth run succeeds")
    rng = np.random.default_rng(20261129)
    rows = ["well_id,time,head"]
    with h5py.File(os.path.join(work, "truth", "heads.h5"), "r") as f:
        for well in sorted(f["observations"].keys()):
            t = f["observations"][well]["time"][:]
            h = f["observations"][well]["simulated_head"][:]
            for ti, hi in zip(t, h):
                if ti <= 0:
                    continue
                when = START + dt.timedelta(days=float(ti) + shift_days)
                noisy = hi + rng.normal(0.0, 0.001)
                rows.append(f"{well},{when.strftime('%Y-%m-%dT%H:%M:%S')},{noisy:.6f}")
    with open(os.path.join(work, "obs.csv"), "w") as f:
        f.write("\n".join(rows) + "\n")
    with open(os.path.join(work, "scenario.toml")) as f:
        text = f.read()
    with open(os.path.join(work, "scenario_obs.toml"), "w") as f:
        f.write(with_data(text, "obs.csv"))
    return len(rows) - 1


def calib_text(a, starts):
    with open(os.path.join(a.data, "calib.toml")) as f:
        text = f.read()
    names = ["k_sand", "k_upper", "recharge"]
    for name, start in zip(names, starts):
        text = re.sub(rf'(name    = "{name}"\n(?:.*\n)*?initial = )[0-9.]+',
                      lambda m: m.group(1) + repr(start), text, count=1)
    return text


def check_result(work, out, label):
    with open(os.path.join(work, out, "calibration.json")) as f:
        res = json.load(f)
    for p in res["parameters"]:
        est = p["estimate"]
        expect(abs(est - 1.0) <= 0.03, f"{label}: {p['name']} recovered within 3% ({est:.5f})")
        se = p["standard_error"]
        expect(se is not None and 0.0 < se < 0.03, f"{label}: {p['name']} standard error {se}")
    corr = np.array(res["correlation"], dtype=float)
    expect(np.allclose(np.diag(corr), 1.0) and np.all(np.abs(corr) <= 1.0 + 1e-12),
           f"{label}: correlation has a unit diagonal and |r| <= 1")
    expect(res["ssr_after"] < res["ssr_before"],
           f"{label}: SSR falls {res['ssr_before']:.4g} -> {res['ssr_after']:.4g}")
    # 1 mm noise, sigma = 1 mm: the weighted SSR is about n - p at the truth.
    n = res["observations"]
    expect(res["ssr_after"] < 2.0 * n, f"{label}: final SSR {res['ssr_after']:.4g} ~ n = {n}")
    after = {s["well_id"]: s for s in res["statistics_after"]}
    expect(all(s["rmse_m"] < 0.003 for s in after.values()),
           f"{label}: RMSE after < 3 mm at every well")
    with open(os.path.join(work, out, "calibration_statistics.csv")) as f:
        rows = f.read().splitlines()
    expect(rows[0].startswith("well_id,n,bias_before_m,rmse_before_m") and len(rows) == 5,
           f"{label}: calibration_statistics.csv has the 4 wells")
    for row in rows[1:]:
        c = row.split(",")
        expect(abs(float(c[6]) - after[c[0]]["rmse_m"]) <= 1e-5 * after[c[0]]["rmse_m"],
               f"{label}: {c[0]} RMSE after in the CSV matches the JSON")
    return res


def check_calibrated_scenario(a, work, out, res):
    src = os.path.join(work, out, "scenario_obs.calibrated.toml")
    expect(os.path.exists(src), "calibrated scenario written")
    dst = os.path.join(work, "calibrated.toml")
    shutil.copy(src, dst)
    p = aquifer(a, ["check", "calibrated.toml"], work)
    expect(p.returncode == 0, "aquifer check accepts the calibrated scenario")
    with open(dst, "rb") as f:
        cal = tomllib.load(f)
    est = {p["name"]: p["estimate"] for p in res["parameters"]}
    zone_k = cal["layers"][1]["zones"][0]["k"]
    expect(abs(zone_k - 50.0 * est["k_sand"]) < 1e-6 * zone_k, f"zone k = 50 x estimate ({zone_k})")
    expect(abs(cal["layers"][0]["k"] - 5.0 * est["k_upper"]) < 1e-6 * 5,
           f"layer 1 k = 5 x estimate ({cal['layers'][0]['k']})")
    expect(abs(cal["recharge"][0]["rate"] - 0.001 * est["recharge"]) < 1e-9,
           f"recharge rate = 1 mm/d x estimate ({cal['recharge'][0]['rate']})")
    expect(cal["layers"][1]["k"] == "20 m/d", "values not calibrated are left as written")


def recover(a):
    work = fresh(a, f"recover.np{a.np}")
    n = make_observations(a, work)
    expect(n == 4 * 52, f"{n} noisy observations written")
    starts = [(0.5, 2.0, 0.5), (2.0, 0.5, 2.0)] if a.np == 1 else [(2.0, 0.5, 2.0)]
    for i, start in enumerate(starts):
        with open(os.path.join(work, f"calib{i}.toml"), "w") as f:
            f.write(calib_text(a, start))
        p = aquifer(a, ["calibrate", "scenario_obs.toml", "--params", f"calib{i}.toml",
                        "-o", f"cal{i}"], work, a.np)
        expect(p.returncode == 0, f"calibrate from {start} exits 0 ({p.returncode})")
        if p.returncode != 0:
            continue
        res = check_result(work, f"cal{i}", f"start {start}")
        if i == 0:
            check_calibrated_scenario(a, work, f"cal{i}", res)
        with open(os.path.join(work, f"cal{i}", "calibration_history.csv")) as f:
            hist = [float(l.split(",")[1]) for l in f.read().splitlines()[1:]]
        expect(len(hist) >= 2 and hist[-1] < hist[0], f"history falls ({len(hist)} entries)")
    if a.np == 1:  # the derivative-free method on the first start
        text = calib_text(a, starts[0]).replace("max_iterations = 40",
                                                 'max_iterations = 60\nmethod = "pounders"')
        with open(os.path.join(work, "calib_pounders.toml"), "w") as f:
            f.write(text)
        p = aquifer(a, ["calibrate", "scenario_obs.toml", "--params", "calib_pounders.toml",
                        "-o", "cal_pounders"], work)
        expect(p.returncode == 0, f"calibrate with POUNDERS exits 0 ({p.returncode})")
        if p.returncode == 0:
            res = check_result(work, "cal_pounders", "POUNDERS")
            expect(res["method"] == "TAO POUNDERS", "POUNDERS: method recorded")


BAD = [
    ("zone", ('target  = "sand"', 'target  = "clay"'), "names no layer zone \"clay\""),
    ("layer", ("target  = 1", "target  = 5"), "names no layer: the scenario has 2 layer(s)"),
    ("recharge", ('target  = "rain"', 'target  = "snow"'), "names no [[recharge]] with id \"snow\""),
    ("bounds", ("initial = 2.0", "initial = 30.0"), "exclude the start value initial = 30"),
    ("kind", ('kind    = "k"\ntarget  = 1', 'kind    = "porosity"\ntarget  = 1'),
     "\"porosity\" is not a parameter kind"),
]


def bad_input(a):
    work = fresh(a, "bad")
    make_observations(a, work)
    with open(os.path.join(a.data, "calib.toml")) as f:
        good = f.read()
    for name, (old, new), message in BAD:
        assert old in good, old
        with open(os.path.join(work, f"bad_{name}.toml"), "w") as f:
            f.write(good.replace(old, new, 1))
        p = aquifer(a, ["calibrate", "scenario_obs.toml", "--params", f"bad_{name}.toml",
                        "-o", f"out_{name}"], work)
        expect(p.returncode == 2, f"{name}: exit status 2 ({p.returncode})")
        expect(message in p.stderr, f"{name}: message \"{message}\"")
        expect(re.search(rf"bad_{name}\.toml:\d+:\d+: ", p.stderr) is not None,
               f"{name}: message has file:line:col")
        expect(not os.path.exists(os.path.join(work, f"out_{name}")), f"{name}: nothing written")
    # Observations a year after the simulated period.
    with open(os.path.join(work, "obs.csv")) as f:
        rows = f.read().splitlines()
    late = [rows[0]] + [re.sub(r",2022-", ",2024-", r) for r in rows[1:]]
    with open(os.path.join(work, "obs_late.csv"), "w") as f:
        f.write("\n".join(late) + "\n")
    with open(os.path.join(work, "scenario.toml")) as f:
        text = f.read()
    with open(os.path.join(work, "scenario_late.toml"), "w") as f:
        f.write(with_data(text, "obs_late.csv"))
    p = aquifer(a, ["calibrate", "scenario_late.toml", "--params", "calib.toml", "-o", "out_late"],
                work)
    expect(p.returncode == 2, f"late observations: exit status 2 ({p.returncode})")
    expect("no observation reading of any [[observation_wells]] lies inside the simulated period"
           in p.stderr, "late observations: message names the simulated period")
    expect(re.search(r"scenario_late\.toml:\d+:\d+: no observation", p.stderr) is not None,
           "late observations: message has file:line:col (the well's data)")
    expect(not os.path.exists(os.path.join(work, "out_late")), "late observations: nothing written")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["recover", "bad_input"])
    ap.add_argument("--aquifer", required=True)
    ap.add_argument("--mpiexec", required=True)
    ap.add_argument("--data", required=True)
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--np", type=int, default=1)
    a = ap.parse_args()
    os.makedirs(a.workdir, exist_ok=True)
    recover(a) if a.mode == "recover" else bad_input(a)
    if FAILURES:
        print(f"{len(FAILURES)} check(s) failed")
        sys.exit(1)
    print("all checks passed")


if __name__ == "__main__":
    main()
