#!/usr/bin/env python3
"""Records the water budget that MODFLOW 6 printed in a reference listing file.

Writes JSON: [{"kper":, "kstp":, "terms": [{"term":, "package":, "in":, "out":}, ...]}, ...]
(rates for the time step, L^3/T). Used once per deck to make tests/mf6/reference_budgets.json:
  python3 tests/mf6/extract_listing_budget.py tests/data/mf6/*/reference_listing.lst
"""
import json
import os
import re
import sys

HEAD = re.compile(r"VOLUME BUDGET FOR ENTIRE MODEL AT END OF TIME STEP\s+(\d+), STRESS PERIOD\s+(\d+)")
ROW = re.compile(r"^\s*(\S+)\s*=\s*(\S+)\s+(\S+)\s*=\s*(\S+)\s+(\S+)\s*$")


def parse(path):
    steps, cur, side = [], None, None
    for line in open(path, errors="replace"):
        m = HEAD.search(line)
        if m:
            cur = {"kstp": int(m.group(1)), "kper": int(m.group(2)), "terms": {}}
            steps.append(cur)
            side = None
            continue
        if cur is None:
            continue
        s = line.strip()
        if s.startswith("IN:"):
            side = "in"
        elif s.startswith("OUT:"):
            side = "out"
        elif s.startswith("PERCENT DISCREPANCY"):
            cur = None
        elif side:
            r = ROW.match(line)
            if r and not r.group(1).startswith("TOTAL"):
                key = (r.group(3), r.group(5))
                t = cur["terms"].setdefault(key, {"term": key[0], "package": key[1], "in": 0.0, "out": 0.0})
                t[side] = float(r.group(4))
    for s in steps:
        s["terms"] = list(s["terms"].values())
    return steps


def main():
    out = {}
    for path in sys.argv[1:]:
        out[os.path.basename(os.path.dirname(path))] = parse(path)
    json.dump(out, sys.stdout, indent=1)


if __name__ == "__main__":
    main()
