#!/usr/bin/env python3
"""Compares heads_mf6.csv written by `aquifer run mfsim.nam` with MODFLOW 6's reference heads.

Tolerance (issue 9): 1e-4 m, or 1e-5 of the head range when that is larger, at every cell and
saved time. Dry/inactive flags (|h| >= 1e29) must match exactly in kind."""
import argparse
import csv
import sys


def read(path):
    out = {}
    with open(path) as f:
        for r in csv.DictReader(f):
            key = (int(r["kper"]), int(r["kstp"]), int(r["layer"]), int(r["row"]), int(r["col"]))
            out[key] = (float(r["totim"]), float(r["head"]))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("reference")
    ap.add_argument("simulated")
    a = ap.parse_args()
    ref, sim = read(a.reference), read(a.simulated)
    wet = [h for _, h in ref.values() if abs(h) < 1e29]
    tol = max(1e-4, 1e-5 * (max(wet) - min(wet))) if wet else 1e-4
    worst, where, bad = 0.0, None, 0
    for key, (t, h) in ref.items():
        if key not in sim:
            print(f"missing saved head {key}")
            bad += 1
            continue
        ts, hs = sim[key]
        if abs(ts - t) > 1e-9 * max(1.0, abs(t)):
            print(f"{key}: totim {ts} != {t}")
            bad += 1
        if abs(h) >= 1e29 or abs(hs) >= 1e29:
            if (h > 0) != (hs > 0) or abs(hs) < 1e29 or abs(h) < 1e29:
                print(f"{key}: flag mismatch ref {h} sim {hs}")
                bad += 1
            continue
        d = abs(hs - h)
        if d > worst:
            worst, where = d, key
        if d > tol:
            bad += 1
    extra = len(set(sim) - set(ref))
    print(f"{len(ref)} reference heads, worst |diff| = {worst:.3e} at {where}, tolerance {tol:.1e}, "
          f"{bad} failures, {extra} extra saved heads")
    return 1 if bad or extra else 0


if __name__ == "__main__":
    sys.exit(main())
