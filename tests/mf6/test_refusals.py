#!/usr/bin/env python3
"""MF6 import: refusals (exit 2, package and line named, nothing written), general input
rules (OPEN/CLOSE, FACTOR, repeat counts, binary arrays, comments, commas, case) and the
row orientation (MF6 row 1 is the northern row; heads_mf6.csv keeps MF6's numbering)."""
import csv
import os
import shutil
import struct
import subprocess
import sys

from harness import parse_args

HERE = os.path.dirname(os.path.abspath(__file__))
BASE = os.path.join(HERE, "..", "data", "mf6", "test003_gwfs")
failures = []


def deck(work, name, edits):
    d = os.path.join(work, name)
    shutil.copytree(BASE, d)
    for f, text in edits.items():
        with open(os.path.join(d, f), "w") as fh:
            fh.write(text)
    return d


def run(aquifer, d):
    out = os.path.join(d, "out")
    r = subprocess.run([aquifer, "run", os.path.join(d, "mfsim.nam"), "-o", out], capture_output=True, text=True)
    return r, out


def expect_refused(aquifer, work, name, edits, must_contain):
    d = deck(work, name, edits)
    r, out = run(aquifer, d)
    ok = r.returncode == 2 and all(s in r.stderr for s in must_contain) and not os.path.exists(out)
    print(f"{name}: exit {r.returncode}: {r.stderr.strip().splitlines()[0] if r.stderr.strip() else ''}")
    if not ok:
        failures.append(name)


def heads(out):
    return {(int(r["layer"]), int(r["row"]), int(r["col"])): float(r["head"])
            for r in csv.DictReader(open(os.path.join(out, "heads_mf6.csv")))}


NAM = open(os.path.join(BASE, "model.nam")).read()


def main():
    a = parse_args(ranks=False)
    w = a.workdir
    expect_refused(a.aquifer, w, "uzf", {"model.nam": NAM.replace("  OC6", "  UZF6 model.uzf\n  OC6")},
                   ["model.nam:8:3", "UZF6"])
    expect_refused(a.aquifer, w, "disv", {"model.nam": NAM.replace("DIS6 ", "DISV6")}, ["model.nam:3:3", "DISV6"])
    sim = open(os.path.join(BASE, "mfsim.nam")).read()
    expect_refused(a.aquifer, w, "exchange",
                   {"mfsim.nam": sim.replace("BEGIN EXCHANGES", "BEGIN EXCHANGES\n  GWF6-GWF6 x.gwfgwf a b")},
                   ["mfsim.nam:14:3", "exchanges"])
    chd = open(os.path.join(BASE, "model_left.chd")).read()
    expect_refused(a.aquifer, w, "timeseries", {"model_left.chd": chd.replace(" 1 3 1 10.", " 1 3 1 myseries")},
                   ["model_left.chd:15:8", "time-series"])
    expect_refused(a.aquifer, w, "ts6", {"model_left.chd": chd.replace("PRINT_INPUT", "TS6 FILEIN x.ts")},
                   ["model_left.chd:2:3", "TS6"])
    expect_refused(a.aquifer, w, "chd_flow_obs",
                   {"model_left.chd": chd.replace("PRINT_INPUT", "OBS6 FILEIN chd.obs"),
                    "chd.obs": "BEGIN CONTINUOUS FILEOUT chd_flows.csv\n  left chd 1 3 1\nEND CONTINUOUS\n"},
                   ["chd.obs:2:8", "flow observation type chd"])
    dis = open(os.path.join(BASE, "model.dis")).read()
    expect_refused(a.aquifer, w, "badnumber", {"model.dis": dis.replace("CONSTANT   1.000000E+00  TOP",
                                                                        "CONSTANT   one  TOP")},
                   ["model.dis:17:16", "CONSTANT needs a number"])
    expect_refused(a.aquifer, w, "unclosed", {"model.dis": dis.replace("END DIMENSIONS", "")},
                   ["model.dis:11:1", "END DIMENSIONS"])
    expect_refused(a.aquifer, w, "cell_outside", {"model_left.chd": chd.replace(" 1 10 1 10.", " 1 11 1 10.")},
                   ["model_left.chd:22:", "outside"])

    # Same model written with the other array forms must give the same heads.
    base_dir = deck(w, "baseline", {})
    r, base_out = run(a.aquifer, base_dir)
    reference = heads(base_out)
    with open(os.path.join(w, "k.bin"), "wb") as fh:
        fh.write(struct.pack("<iidd16siii", 1, 1, 1.0, 1.0, b"            HEAD", 10, 10, 1))
        fh.write(struct.pack("<100d", *([0.5] * 100)))
    with open(os.path.join(w, "strt.txt"), "w") as fh:
        fh.write("# initial heads\n" + "\n".join("10*0.5" for _ in range(10)) + "\n")
    npf = open(os.path.join(BASE, "model.npf")).read().replace(
        "K\n        constant 1.0  k Layer 1", "k layered\n        open/close ../k.bin factor 2.0 (binary)")
    ic = "begin options\nend options\nBEGIN GRIDDATA\n  STRT\n  OPEN/CLOSE ../strt.txt FACTOR 2\nEND GRIDDATA\n"
    d = deck(w, "array_forms", {"model.npf": npf, "model.ic": ic,
                                "model.dis": dis.replace("delr\n    CONSTANT   1.000000E+00  DELR",
                                                         "delr\n    internal factor 0.5\n 4*2.0, 6*2.0 ! comment")})
    r, out = run(a.aquifer, d)
    worst = max(abs(heads(out)[k] - v) for k, v in reference.items()) if r.returncode == 0 else float("inf")
    print(f"array_forms: exit {r.returncode}, worst |diff| vs CONSTANT form {worst:.1e}")
    if worst > 1e-9:
        failures.append("array_forms")

    # Orientation: constant head 10 on MF6 row 1 (north), 5 on row 10 (south).
    north = "begin dimensions\n MAXBOUND 10\nend dimensions\nbegin period 1\n" + \
        "".join(f" 1 1 {j} 10.\n" for j in range(1, 11)) + "end period\n"
    south = north.replace(" 1 1 ", " 1 10 ").replace("10.\n", "5.\n")
    d = deck(w, "orientation", {"model_left.chd": north, "model_right.chd": south})
    r, out = run(a.aquifer, d)
    h = heads(out)
    ok = r.returncode == 0 and h[(1, 1, 5)] == 10.0 and h[(1, 10, 5)] == 5.0 and h[(1, 2, 5)] > h[(1, 9, 5)]
    print(f"orientation: row 1 (north) {h.get((1, 1, 5))}, row 10 (south) {h.get((1, 10, 5))}")
    if not ok:
        failures.append("orientation")
    print("failures:", failures)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
