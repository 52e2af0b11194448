#!/usr/bin/env python3
"""`aquifer import-mf6` on one MODFLOW 6 deck, then `aquifer run DIR/scenario.toml`:

* the import succeeds, and a second import gives byte-identical files;
* `aquifer check DIR/scenario.toml` accepts the scenario;
* the scenario's heads (out/heads.h5, NaN = dry or inactive) match MODFLOW 6's reference heads
  with compare_heads.py's tolerance (1e-4 m, or 1e-5 of the head range), at the same saved
  times and no others; MF6 row r is the scenario's row NROW + 1 - r.
Decks with a feature the scenario cannot express (REFUSED below; none at present) must be
refused with exit 2, the reason named and nothing written."""
import filecmp
import os
import sys

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import compare_heads  # noqa: E402
from harness import parse_args, run_aquifer  # noqa: E402

# Deck -> the reason the importer must give (docs/mf6-import.md, "Not done yet").
REFUSED = {}




def same_tree(a, b):
    files_a = sorted(os.path.relpath(os.path.join(r, f), a) for r, _, fs in os.walk(a) for f in fs)
    files_b = sorted(os.path.relpath(os.path.join(r, f), b) for r, _, fs in os.walk(b) for f in fs)
    if files_a != files_b:
        print(f"second import wrote other files: {files_a} vs {files_b}")
        return False
    differ = [f for f in files_a if not filecmp.cmp(os.path.join(a, f), os.path.join(b, f), shallow=False)]
    if differ:
        print(f"second import differs in {differ}")
    return not differ


def heads_as_mf6(h5_path, reference_csv, out_csv):
    """Writes the scenario's heads in heads_mf6.csv layout at the reference's saved times."""
    ref = compare_heads.read(reference_csv)
    times = sorted({(k[0], k[1], t) for k, (t, _) in ref.items()})
    with h5py.File(h5_path, "r") as f:
        t_sim = f["/fields/time"][:]
        head = f["/fields/head"][:]
        active = f["/grid/active"][:]
    bad = 0
    if len(t_sim) != len(times):
        print(f"heads.h5 holds {len(t_sim)} output times; MF6 saved {len(times)}")
        bad += 1
    nlay, ny, nx = active.shape
    with open(out_csv, "w") as out:
        out.write("kper,kstp,totim,layer,row,col,head\n")
        for kper, kstp, totim in times:
            hit = np.nonzero(np.abs(t_sim - totim) <= 1e-9 * max(1.0, abs(totim)))[0]
            if len(hit) == 0:
                continue  # reported as missing by compare_heads
            h = head[hit[0]]
            for k in range(nlay):
                for i in range(ny):  # MF6 row i + 1 = scenario row ny - i
                    for j in range(nx):
                        v = h[k, ny - 1 - i, j]
                        if np.isnan(v):
                            v = -1e30 if active[k, ny - 1 - i, j] else 1e30
                        out.write(f"{kper},{kstp},{totim!r},{k + 1},{i + 1},{j + 1},{v!r}\n")
    return bad


def main():
    args = parse_args((["--deck"], {"required": True}))
    name = os.path.basename(os.path.normpath(args.deck))
    mfsim = os.path.join(args.deck, "mfsim.nam")
    scenario = os.path.join(args.workdir, "scenario")
    r = run_aquifer(args, ["import-mf6", mfsim, "-o", scenario])
    print(r.stdout + r.stderr)
    if name in REFUSED:
        ok = r.returncode == 2 and REFUSED[name] in r.stderr and not os.path.exists(scenario)
        print(f"refused as expected: {ok}")
        return 0 if ok else 1
    if r.returncode != 0:
        return 1
    bad = 0
    again = run_aquifer(args, ["import-mf6", mfsim, "-o", os.path.join(args.workdir, "again")])
    if again.returncode != 0 or not same_tree(scenario, os.path.join(args.workdir, "again")):
        bad += 1
    check = run_aquifer(args, ["check", os.path.join(scenario, "scenario.toml")])
    if check.returncode != 0:
        print("aquifer check failed:", check.stdout, check.stderr)
        bad += 1
    out = os.path.join(args.workdir, "out")
    run = run_aquifer(args, ["run", os.path.join(scenario, "scenario.toml"), "-o", out], args.np)
    if run.returncode != 0:
        print(run.stdout, run.stderr)
        return 1
    converted = os.path.join(args.workdir, "heads_mf6_from_scenario.csv")
    bad += heads_as_mf6(os.path.join(out, "heads.h5"), os.path.join(args.deck, "reference_heads.csv"), converted)
    sys.argv = ["compare_heads", os.path.join(args.deck, "reference_heads.csv"), converted]
    bad += compare_heads.main()
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
