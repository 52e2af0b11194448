#!/usr/bin/python3
"""Synthetic monitoring records for the Kumamoto-like basin, made from a reference run.

    /usr/bin/python3 scenarios/kumamoto/make_observations.py [--aquifer build/aquifer] [--np 2]

1. Runs scenario.toml with its observation wells but without their data (every well then gets
   a simulated head series in heads.h5, /observations/<id>/simulated_head).
2. Samples that series once a day at 09:00 JST, adds measurement noise (sd 1 cm, fixed seed)
   and plants the sensor problems listed in PLANTED (the README lists them too). The real
   drawdown near the fab is not planted: it is in the simulation.
3. Writes data/observations/heads_long.csv (long form: well_id,time,head),
   data/observations/kikuyo_wide.csv (wide form, the two new wells near the fab, in cm) and
   data/quality.csv (PFAS samples with one PFOS+PFOA exceedance and a rising PFBS trend).

The outputs are committed; run this again only after changing the scenario.
"""
import argparse
import datetime as dt
import os
import re
import shutil
import subprocess
import tempfile

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
START = dt.datetime(2020, 4, 1)          # model start, JST
NOISE_SD_M = 0.01
SEED = 20231001

# Sensor problems planted in the records: (well, kind, first day, days, what). The e2e test
# (tests/kumamoto) checks that the monitoring finds each of them.
PLANTED = [
    ("OBS-KENGUN", "spike", "2022-08-14", 1, "one reading 2.0 m too high (logger read-out)"),
    ("OBS-UEKI", "flat", "2025-01-10", 25, "stuck sensor: the same value for 25 days"),
    ("OBS-MIFUNE", "level_shift", "2026-06-01", None,
     "measuring point re-surveyed: +0.40 m from this day on, not corrected in the data"),
    ("OBS-COAST", "dropout", "2021-11-03", 3, "readings of 0.0 for 3 days (power failure)"),
    ("OBS-ASO", "gap", "2022-12-01", 120, "no readings for 120 days (logger lost)"),
    ("OBS-KOSHI", "duplicate_time", "2023-05-20", 3, "3 readings sent twice"),
    ("OBS-KIKUYO-2", "drawdown", "2025-02-01", None,
     "a real drawdown the model does not have (an unreported extraction near the fab): the "
     "head falls by 3 m with a 10-day time constant and stays down"),
]
# First day of data for wells drilled during the run (the two new wells near the fab).
DATA_FROM = {"OBS-KIKUYO-1": "2023-10-01", "OBS-KIKUYO-2": "2024-06-01"}
WIDE_CM_WELLS = ["OBS-KIKUYO-1", "OBS-KIKUYO-2"]


def observation_ids(scenario_text):
    return re.findall(r'^\[\[observation_wells\]\]\s*\nid\s*=\s*"([^"]+)"', scenario_text, re.M)


def reference_run(args, workdir):
    text = open(os.path.join(HERE, "scenario.toml")).read()
    text = re.sub(r"^\[\[quality\]\].*?\n\n", "", text, flags=re.M | re.S)
    text = re.sub(r'^data\s*=.*$', "", text, flags=re.M)                    # no data: simulated only
    text = re.sub(r'^(column|unit)\s*=.*$', "", text, flags=re.M)
    text = text.replace('"data/', f'"{HERE}/data/')
    path = os.path.join(workdir, "reference.toml")
    open(path, "w").write(text)
    out = os.path.join(workdir, "out")
    cmd = ["mpiexec", "--allow-run-as-root", "--oversubscribe", "-n", str(args.np),
           args.aquifer, "run", path, "-o", out]
    print("$", " ".join(cmd), flush=True)
    subprocess.run(cmd, check=True)
    series = {}
    with h5py.File(os.path.join(out, "heads.h5")) as f:
        for wid in f["observations"]:
            g = f["observations"][wid]
            series[wid] = (g["time"][:], g["simulated_head"][:])
    return series


def daily_readings(t_d, h_m, first_day, last_day):
    days = np.arange(first_day, last_day + 1) + 9.0 / 24.0   # 09:00 JST each day
    return days, np.interp(days, t_d, h_m)


def day_index(date_text):
    return (dt.datetime.fromisoformat(date_text) - START).days


def plant(well, days, heads, rng):
    """Returns rows [(time_text, head or None)] with this well's planted problems."""
    rows = [[d, h] for d, h in zip(days, heads)]
    for wid, kind, first, length, _ in PLANTED:
        if wid != well:
            continue
        k0 = int(np.searchsorted(days, day_index(first)))
        if kind == "spike":
            rows[k0][1] += 2.0
        elif kind == "flat":
            for k in range(k0, k0 + length):
                rows[k][1] = rows[k0][1]
        elif kind == "level_shift":
            for k in range(k0, len(rows)):
                rows[k][1] += 0.40
        elif kind == "dropout":
            for k in range(k0, k0 + length):
                rows[k][1] = 0.0
        elif kind == "gap":
            del rows[k0:k0 + length]
        elif kind == "drawdown":
            for k in range(k0, len(rows)):
                rows[k][1] -= 3.0 * (1.0 - np.exp(-(rows[k][0] - rows[k0][0]) / 10.0))
        elif kind == "duplicate_time":
            for k in range(k0 + length - 1, k0 - 1, -1):
                rows.insert(k + 1, [rows[k][0], rows[k][1] + rng.normal(0, NOISE_SD_M)])
    return rows


def time_text(day):
    return (START + dt.timedelta(days=float(day))).strftime("%Y-%m-%dT%H:%M")


def write_records(series, ids):
    rng = np.random.default_rng(SEED)
    os.makedirs(os.path.join(HERE, "data", "observations"), exist_ok=True)
    last_day = (dt.datetime(2030, 3, 31) - START).days
    wide = {}
    with open(os.path.join(HERE, "data", "observations", "heads_long.csv"), "w") as f:
        f.write("well_id,time,head\n")
        for wid in ids:
            t_d, h_m = series[wid]
            first = day_index(DATA_FROM.get(wid, "2020-04-01"))
            days, heads = daily_readings(t_d, h_m, first, last_day)
            heads = heads + rng.normal(0, NOISE_SD_M, heads.size)
            rows = plant(wid, days, heads, rng)
            if wid in WIDE_CM_WELLS:
                wide[wid] = {time_text(d): h for d, h in rows}
                continue
            for d, h in rows:
                f.write(f"{wid},{time_text(d)},{h:.3f}\n")
    times = sorted(set().union(*[set(v) for v in wide.values()]))
    with open(os.path.join(HERE, "data", "observations", "kikuyo_wide.csv"), "w") as f:
        f.write("time," + ",".join(WIDE_CM_WELLS) + "\n")
        for t in times:
            cells = [f"{wide[w][t] * 100:.1f}" if t in wide[w] else "" for w in WIDE_CM_WELLS]
            f.write(t + "," + ",".join(cells) + "\n")


def write_quality():
    """Quarterly PFAS samples at three wells. PFOS+PFOA stays 10-30 ng/L except one sample
    (OBS-KIKUYO-2, 2025-08-05: 31 + 24 = 55 ng/L > 50 ng/L); PFBS at OBS-OZU rises from
    0.002 to 0.012 ug/L (reported in ug/L: the reader converts)."""
    rows = []
    quarters = [dt.date(y, m, 5) for y in range(2023, 2030) for m in (2, 5, 8, 11)]
    for i, day in enumerate(quarters):
        for well, pfos, pfoa in (("OBS-KIKUYO-1", 9 + i % 3, 6 + i % 2),
                                 ("OBS-KIKUYO-2", 12 + i % 4, 8 + i % 3)):
            if well == "OBS-KIKUYO-2" and day == dt.date(2025, 8, 5):
                pfos, pfoa = 31, 24
            rows.append((well, day.isoformat(), "PFOS", pfos, "ng/L"))
            rows.append((well, day.isoformat(), "PFOA", pfoa, "ng/L"))
        pfbs_ug = 0.002 + 0.010 * i / (len(quarters) - 1)
        rows.append(("OBS-OZU", day.isoformat(), "PFBS", f"{pfbs_ug:.4f}", "ug/L"))
    with open(os.path.join(HERE, "data", "quality.csv"), "w") as f:
        f.write("well_id,date,substance,value,unit\n")
        for r in rows:
            f.write(",".join(str(v) for v in r) + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--aquifer", default=os.path.join(HERE, "..", "..", "build", "aquifer"))
    ap.add_argument("--np", type=int, default=2)
    args = ap.parse_args()
    ids = observation_ids(open(os.path.join(HERE, "scenario.toml")).read())
    workdir = tempfile.mkdtemp(prefix="kumamoto_reference_")
    try:
        series = reference_run(args, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    write_records(series, ids)
    write_quality()
    for wid, kind, first, length, what in PLANTED:
        print(f"planted: {wid} {kind} from {first}: {what}")


if __name__ == "__main__":
    main()
