#!/usr/bin/env python3
"""Runs one MODFLOW 6 deck with `aquifer run mfsim.nam` and checks it against MODFLOW 6:

* heads at every cell and saved time within 1e-4 m or 1e-5 of the head range (issue 9);
* every budget term of every time step MF6 printed within 1e-4 relative (reference numbers
  recorded from the listing files in reference_budgets.json; absolute floor: the listing's
  print precision, 1e-4 L^3/T, and 1e-5 of the total inflow, since MF6 itself stops at
  OUTER_DVCLOSE and its gross in/out storage terms carry that noise: test007 STO-SY out is
  0.0018 of a 1000 L^3/T budget in MF6, 5e-10 here);
* observation CSVs (reference_well_*.csv) in MF6's layout: same header, same times, values
  within the head tolerance;
* the --mf6-heads binary file: MF6's record layout, same heads as heads_mf6.csv.
"""
import csv
import json
import os
import struct
import sys

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import compare_heads  # noqa: E402
from harness import parse_args, run_aquifer  # noqa: E402


def run(args, deck_dir, out):
    r = run_aquifer(args, ["run", os.path.join(deck_dir, "mfsim.nam"), "-o", out,
                           "--mf6-heads", os.path.join(out, "heads.hds")], args.np)
    if r.returncode != 0:
        print(r.stdout, r.stderr)
        sys.exit(f"aquifer exited with {r.returncode}")


def check_budget(name, out):
    ref = json.load(open(os.path.join(HERE, "reference_budgets.json")))[name]
    sim = {}
    for r in csv.DictReader(open(os.path.join(out, "budget_mf6.csv"))):
        sim[(int(r["kper"]), int(r["kstp"]), r["term"], r["package"])] = (float(r["rate_in"]), float(r["rate_out"]))
    bad, worst = 0, 0.0
    for step in ref:
        total_in = sum(t["in"] for t in step["terms"])
        for t in step["terms"]:
            key = (step["kper"], step["kstp"], t["term"], t["package"])
            if key not in sim:
                print(f"budget term missing: {key}")
                bad += 1
                continue
            for i, side in enumerate(("in", "out")):
                d = abs(sim[key][i] - t[side])
                tol = max(1e-4 * abs(t[side]), 1e-5 * total_in, 1e-4)
                worst = max(worst, d / max(abs(t[side]), 1e-30) if abs(t[side]) > 0 else 0.0)
                if d > tol:
                    print(f"budget {key} {side}: simulated {sim[key][i]} MF6 {t[side]}")
                    bad += 1
    print(f"budget: {len(ref)} time steps, worst relative difference {worst:.2e}, {bad} failures")
    return bad


def check_observations(deck_dir, out):
    bad = 0
    for ref_name, sim_name in (("reference_well_heads.csv", "well_heads.csv"),
                               ("reference_well_flows.csv", "well_flows.csv")):
        ref_path = os.path.join(deck_dir, ref_name)
        if not os.path.exists(ref_path):
            continue
        ref = list(csv.reader(open(ref_path)))
        sim = list(csv.reader(open(os.path.join(out, sim_name))))
        if ref[0] != sim[0] or len(ref) != len(sim):
            print(f"{sim_name}: header/rows {sim[0]} x {len(sim)} differ from MF6's {ref[0]} x {len(ref)}")
            bad += 1
            continue
        worst = max(abs(float(a) - float(b)) for r, s in zip(ref[1:], sim[1:]) for a, b in zip(r, s))
        times_equal = all(float(r[0]) == float(s[0]) for r, s in zip(ref[1:], sim[1:]))
        print(f"{sim_name}: worst |diff| {worst:.2e}")
        if worst > 1e-4 or not times_equal:
            bad += 1
    return bad


def check_binary_heads(out):
    data = open(os.path.join(out, "heads.hds"), "rb").read()
    rows = list(csv.DictReader(open(os.path.join(out, "heads_mf6.csv"))))
    pos, count, bad = 0, 0, 0
    lookup = {(int(r["kper"]), int(r["kstp"]), int(r["layer"]), int(r["row"]), int(r["col"])): float(r["head"])
              for r in rows}
    while pos < len(data):
        kstp, kper, pertim, totim = struct.unpack_from("<iidd", data, pos)
        text = data[pos + 24:pos + 40].decode().strip()
        ncol, nrow, ilay = struct.unpack_from("<iii", data, pos + 40)
        pos += 52
        h = np.frombuffer(data, dtype="<f8", count=ncol * nrow, offset=pos).reshape(nrow, ncol)
        pos += 8 * ncol * nrow
        if text != "HEAD":
            bad += 1
        for i in range(nrow):
            for j in range(ncol):
                if lookup[(kper, kstp, ilay, i + 1, j + 1)] != float(repr(h[i, j])) and \
                        abs(lookup[(kper, kstp, ilay, i + 1, j + 1)] - h[i, j]) > 1e-9 * max(1, abs(h[i, j])):
                    bad += 1
        count += nrow * ncol
    if count != len(rows):
        bad += 1
    print(f"binary head file: {count} heads, {bad} failures")
    return bad


def check_solver_path(name, out):
    """Every deck runs through solver::Simulation, which writes the project's outputs too."""
    project_outputs = all(os.path.exists(os.path.join(out, f))
                          for f in ("heads.h5", "heads.nc", "heads.xmf", "budget.csv", "accounting.csv"))
    print(f"solver path: {'solver::Simulation (DMDA)' if project_outputs else 'project outputs missing'}")
    return 0 if project_outputs else 1


def main():
    args = parse_args((["--deck"], {"required": True}))
    name = os.path.basename(os.path.normpath(args.deck))
    out = os.path.join(args.workdir, "out")
    run(args, args.deck, out)
    sys.argv = ["compare_heads", os.path.join(args.deck, "reference_heads.csv"), os.path.join(out, "heads_mf6.csv")]
    bad = compare_heads.main()
    bad += check_budget(name, out)
    bad += check_observations(args.deck, out)
    bad += check_binary_heads(out)
    bad += check_solver_path(name, out)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
