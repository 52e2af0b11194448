#!/usr/bin/python3
"""End-to-end test of the default demo scenario (scenarios/kumamoto), on its coarse variant.

The variant is scenario.toml itself with the 510 m layer surfaces instead of the 170 m ones
(78 x 49 x 3 cells) and all its other inputs unchanged, FY2020-FY2029 in daily steps. Checks:
  1. every output file exists and is valid (HDF5, NetCDF/CF via xarray, XDMF XML, CSV,
     compliance.json against the shipped JSON Schema, anomalies.json, report.html);
  2. each sensor problem planted by make_observations.py is found by the monitoring, the fab's
     real drawdown shows in the simulated heads at the two new wells, and the water-quality
     exceedance (PFOS+PFOA 55 ng/L) and the rising PFBS trend are flagged;
  3. the compliance verdicts equal the values computed by hand in scenarios/kumamoto/README.md;
  4. the water budget closes (every step and over the run).

Usage: test_kumamoto.py --aquifer PATH --mpiexec PATH --np N --workdir DIR --scenario-dir DIR
"""
import argparse
import csv
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET

import h5py
import jsonschema
import numpy as np
import xarray as xr

FAILURES = []
# Fab Co.'s verdicts per fiscal year (README.md, "Permits and obligations: the verdicts, by hand").
FAB = {2024: (2737500, 2449500, "shortfall"), 2025: (2737500, 2629500, "shortfall"),
       2026: (2737500, 4079100, "compliant"), 2027: (8015400, 4098300, "shortfall"),
       2028: (7993500, 4079100, "shortfall"), 2029: (7993500, 4079100, "shortfall")}
OTHERS = {"Kumamoto City Waterworks": (104025000, "effort_met"),
          "Industrial users (aggregated)": (26280000, "effort_not_met"),
          "Aso Beverage Co.": (730000, "effort_met")}


def expect(cond, msg):
    print(("ok    " if cond else "FAIL  ") + msg)
    if not cond:
        FAILURES.append(msg)


def coarse_variant(scenario_dir, workdir):
    text = open(os.path.join(scenario_dir, "scenario.toml")).read()
    text = text.replace("_fine.csv", "_coarse.csv")
    for key, value in (("nx", "78"), ("ny", "49"), ("dx", '"510 m"'), ("dy", '"510 m"')):
        text, n = re.subn(rf"^{key} = .*$", f"{key} = {value}", text, count=1, flags=re.M)
        assert n == 1, key
    text = text.replace('"data/', f'"{os.path.join(scenario_dir, "data")}/')
    path = os.path.join(workdir, "scenario.toml")
    open(path, "w").write(text)
    return path


def check_files(out, schema_path):
    names = ["heads.h5", "heads.nc", "heads.xmf", "budget.csv", "accounting.csv",
             "fiscal_years.csv", "observations.csv", "anomalies.csv", "anomalies.json",
             "cleaned_series.csv", "compliance.json", "compliance.csv", "provenance.json",
             "report.html"]
    for n in names:
        expect(os.path.getsize(os.path.join(out, n)) > 0 if os.path.exists(os.path.join(out, n))
               else False, f"{n} written")
    expect(not [f for f in os.listdir(out) if f.endswith(".partial")], "no .partial files left")
    with h5py.File(os.path.join(out, "heads.h5")) as f:
        expect(f["fields/head"].shape[1:] == (3, 49, 78), f"/fields/head shape {f['fields/head'].shape}")
        expect(len(f["observations"]) == 12, "/observations holds the 12 observation wells")
        expect(np.isfinite(f["fields/head"][-1]).mean() > 0.95, "final heads finite in >95% of cells")
    ds = xr.open_dataset(os.path.join(out, "heads.nc"))
    last = str(ds["time"].values[-1])[:16]
    expect(np.issubdtype(ds["time"].dtype, np.datetime64) and last == "2030-03-31T15:00",
           f"heads.nc decodes calendar times; the last is 2030-03-31 24:00 JST ({last} UTC)")
    expect(ds.attrs.get("Conventions") == "CF-1.11", "heads.nc is CF-1.11")
    ds.close()
    ET.parse(os.path.join(out, "heads.xmf"))
    expect(True, "heads.xmf is well-formed XML")
    doc = json.load(open(os.path.join(out, "compliance.json")))
    try:
        jsonschema.validate(doc, json.load(open(schema_path)))
        expect(True, "compliance.json validates against the JSON Schema")
    except jsonschema.ValidationError as e:
        expect(False, f"compliance.json validates against the JSON Schema: {e.message}")
    json.load(open(os.path.join(out, "anomalies.json")))
    html = open(os.path.join(out, "report.html"), encoding="utf-8").read()
    expect("<svg" in html and "Fab Co." in html and "OBS-KIKUYO-1" in html,
           "report.html has charts, the holders and the observation-well hydrographs")
    return doc


def iso(text):
    return dt.datetime.fromisoformat(text[:19])


def check_anomalies(out, scenario_dir):
    sys.path.insert(0, scenario_dir)
    from make_observations import PLANTED  # the planted problems, one list for both
    rows = list(csv.DictReader(open(os.path.join(out, "anomalies.csv"))))
    # A real drawdown is hydrology, not a sensor fault: any of these detectors may report it.
    drawdown_kinds = {"model_residual", "rate_of_change", "out_of_normal_range", "level_shift"}
    for well, kind, first, length, what in PLANTED:
        day = dt.datetime.fromisoformat(first)
        kinds = drawdown_kinds if kind == "drawdown" else {kind}
        hit = [r for r in rows if r["well_id"] == well and r["kind"] in kinds
               and iso(r["start"]) <= day + dt.timedelta(days=max(length or 1, 1) + 1)
               and iso(r["end"]) >= day - dt.timedelta(days=1)]
        expect(bool(hit), f"planted {kind} at {well} from {first} found as "
                          f"{sorted(set(r['kind'] for r in hit))} ({what})")
    limit = [r for r in rows if r["kind"] == "quality_limit" and r["well_id"] == "OBS-KIKUYO-2"
             and r["start"].startswith("2025-08-05")]
    expect(bool(limit), "PFOS+PFOA 55 ng/L at OBS-KIKUYO-2 on 2025-08-05 flagged (quality_limit)")
    expect(not [r for r in rows if r["kind"] == "quality_limit" and not r["start"].startswith("2025-08-05")],
           "no other quality_limit events (all other samples are below 50 ng/L)")
    trend = [r for r in rows if r["kind"] == "quality_trend" and r["well_id"] == "OBS-OZU"]
    expect(bool(trend), "rising PFBS at OBS-OZU flagged (quality_trend)")


def check_fab_drawdown(out):
    """The fab's pumping (FAB-1 from 2024-04-01) lowers the simulated head at the new wells."""
    with h5py.File(os.path.join(out, "heads.h5")) as f:
        for well in ("OBS-KIKUYO-1", "OBS-KIKUYO-2"):
            g = f["observations"][well]
            t, h = g["time"][:], g["simulated_head"][:]
            start = (dt.date(2024, 4, 1) - dt.date(2020, 4, 1)).days
            year_ago = (h[(t >= start - 365) & (t < start - 335)]).mean()   # April-May 2023
            after = (h[(t >= start + 30) & (t < start + 60)]).mean()        # May 2024
            fab2 = (dt.date(2027, 4, 1) - dt.date(2020, 4, 1)).days
            before2 = h[(t >= fab2 - 10) & (t < fab2)].mean()
            after2 = h[(t >= fab2 + 30) & (t < fab2 + 40)].mean()
            expect(after2 < before2 - 0.3, f"{well}: plant 2 lowers the head by "
                                            f"{before2 - after2:.2f} m within 40 days (> 0.3 m)")
            print(f"      {well}: April-May 2023 {year_ago:.2f} m, May 2024 {after:.2f} m")


def check_compliance(doc):
    by = {(r["holder"], r["fiscal_year"]): r for r in doc["results"]}
    for fy, (owed, credited, status) in FAB.items():
        r = by.get(("Fab Co.", fy))
        ok = r is not None and abs(r["obligation_m3"] - owed) < 0.5 and \
            abs(r["credited_total_m3"] - credited) < 0.5 and r["status"] == status
        expect(ok, f"Fab Co. FY{fy}: obligation {owed}, credited {credited}, {status} "
                   f"(got {r and (r['obligation_m3'], r['credited_total_m3'], r['status'])})")
    for holder, (extraction, status) in OTHERS.items():
        r = by.get((holder, 2021))
        ok = r is not None and abs(r["extraction_m3"] - extraction) < 0.5 and r["status"] == status
        expect(ok, f"{holder} FY2021: extraction {extraction}, {status} "
                   f"(got {r and (r['extraction_m3'], r['status'])})")


def check_budget(out):
    rows = list(csv.DictReader(open(os.path.join(out, "budget.csv"))))
    worst = max(abs(float(r["discrepancy_percent"])) for r in rows)
    expect(worst < 1e-3, f"every step's budget closes: worst discrepancy {worst:.2e} % < 1e-3 %")
    cols = [c for c in rows[0] if c.endswith("_m3_per_d") and c != "flooding_rejected_m3_per_d"]
    total_in = total_out = 0.0
    for r in rows[1:]:
        dt_d = 1.0
        total_in += sum(float(r[c]) for c in cols if "_in_" in c) * dt_d
        total_out += sum(float(r[c]) for c in cols if "_out_" in c) * dt_d
    rel = abs(total_in - total_out) / total_in
    expect(rel < 1e-6, f"run total in {total_in:.6e} = out {total_out:.6e} m3 (rel {rel:.1e})")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--aquifer", required=True)
    ap.add_argument("--mpiexec", required=True)
    ap.add_argument("--np", type=int, default=1)
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--scenario-dir", required=True)
    ap.add_argument("--schema", required=True)
    a = ap.parse_args()
    shutil.rmtree(a.workdir, ignore_errors=True)
    os.makedirs(a.workdir)
    scenario = coarse_variant(a.scenario_dir, a.workdir)
    out = os.path.join(a.workdir, "out")
    cmd = [a.mpiexec, "--allow-run-as-root", "--oversubscribe", "-np", str(a.np), a.aquifer,
           "run", scenario, "-o", out]
    print("$", " ".join(cmd), flush=True)
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=1500)
    print(p.stdout[-6000:])
    print(p.stderr[-3000:], file=sys.stderr)
    expect(p.returncode == 0, f"aquifer run exits 0 (got {p.returncode})")
    if p.returncode != 0:
        sys.exit(1)
    expect("Recharge obligation" in p.stdout and "Monitoring:" in p.stdout and
           "Ezu lake springs" in p.stdout, "the summary shows compliance, monitoring and springs")
    near = re.search(r"Near FAB-1, Fab Co\. \(extracting from 2024-04-01\): OBS-KIKUYO-1, "
                     r"([0-9.]+) km away, ([-+][0-9.]+) m over the run", p.stdout)
    expect(near is not None and float(near.group(1)) < 2.0 and float(near.group(2)) < -0.3,
           "the summary gives the head change near the fab (FAB-1, nearest observation well "
           f"OBS-KIKUYO-1, a fall of more than 0.3 m): {near.group(0) if near else 'missing'}")
    doc = check_files(out, a.schema)
    check_anomalies(out, a.scenario_dir)
    check_fab_drawdown(out)
    check_compliance(doc)
    check_budget(out)
    if FAILURES:
        print(f"{len(FAILURES)} check(s) failed", file=sys.stderr)
        sys.exit(1)
    print("all checks passed")


if __name__ == "__main__":
    main()
