#!/usr/bin/env python3
"""Winter flooding volume of exactly one hectare: 151 days in a common year, 152 in a leap year.

Physics (docs/scenario-extensions.md, Flooding; docs/numerics.md): a [[flooding]] programme
puts infiltration [m/d] x (paddy area in the cell) [m2] into the uppermost active cell of each
column the paddy overlaps, while the season lasts; a season "11-01" .. "03-31" runs from
Nov 1 00:00 to Apr 1 00:00 local time, so it floods 151 days when it ends in a common year
and 152 days when it ends in a leap year (it then holds Feb 29). With the water table far
below land surface the rejection factor is exactly 1, so the accepted volume of a season is
    V = 0.06 m/d x 10 000 m2 x days = 600 m3/d x days
i.e. 151 x 600 = 90 600 m3 for the season that starts in November 2022 and 152 x 600 =
91 200 m3 for the one that starts in November 2023.

Model: 4 x 4 cells of 250 m, one confined layer (land surface 50 m, bottom 0 m), constant heads
20 m (west column) and 22 m (east column): the water table stays ~28 m below land surface.
The paddy is the 100 m x 100 m square (430, 470) .. (530, 570): it straddles the cell edges
x = 500 m and y = 500 m, so it lies over 4 cells with unequal parts (2100, 900, 4900 and
2100 m2), which sum to 1 ha only if every overlap is computed exactly. [model] timezone =
"+09:00" (Kumamoto): seasons and fiscal years start at local midnight. The run starts on
2022-10-03 and ends on 2024-04-30 with 7-day steps; the season edges (day 29 = Nov 1 2022,
day 180 = Apr 1 2023, days 394 and 546 for the second winter) fall inside 7-day steps, so the
solver must shorten the step before each edge (to 1, 4, 4 and 5 d) to end on it.

Checks, with tolerances:
  (a) accounting.csv: the flooding `actual_m3` (accepted) summed over the steps of each season
      equals 151 x 600 m3 and 152 x 600 m3, and `requested_m3` (applied) the same, within
      1e-9 relative; rejected_m3 = 0 in every row; the owner_flooding rows of the credited
      holder add up to the same. Why 1e-9: the overlap areas are exact (the square's corners
      and the cell edges are exact binary numbers), the flooded share is exactly 0 or 1 in
      every step because steps end at season edges, and f = 1 exactly; what is left is the
      10 significant digits accounting.csv prints (<= 5e-11 relative per row) summed over
      ~22 rows per season.
  (b) the steps that carry water are exactly the steps inside the season: the first starts at
      the season start, the last ends at the season end, their lengths add up to 151 (152)
      days (1e-9 d: times are sums of exact day counts), every one of them applies
      600 m3/d x dt (1e-9 relative), and no step outside a season has any flooding volume
      (exactly 0).
  (c) fiscal_years.csv (fiscal years from 04-01, the default): FY2022 holds the whole first
      season (90 600 m3) and FY2023 the whole second one (91 200 m3), FY2024 holds none;
      requested = actual, rejected = 0; FY2023 has 366 simulated days (it contains
      2024-02-29), FY2022 is partial (from 2022-10-03). Same 1e-9 relative and the same reason.
  (d) budget.csv: sum over steps of flooding_in_m3_per_d x dt equals the run's accepted
      volume from accounting.csv within 1e-9 relative (two writers of the same step records,
      each printing 10 significant digits), flooding_rejected = 0 in every step, and every
      step's discrepancy < 1e-6 % (aqtest).
A season length off by a day (a leap-day or time-zone slip) is an error of 1/151 = 6.6e-3; a
lost sliver of the paddy (an overlap cut at a cell edge) is a 9e-2 .. 0.49 error.
"""

import csv
import datetime
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import aqtest  # noqa: E402

REL_TOL = 1e-9          # volumes (see (a))
DAY_TOL = 1e-9          # step times [d] (see (b))
N, DX = 4, 250.0
TOP = 50.0
PADDY = [[430.0, 470.0], [530.0, 470.0], [530.0, 570.0], [430.0, 570.0], [430.0, 470.0]]
AREA_M2 = 1e4
RATE_M_PER_D = 0.06
PROGRAMME = "winter-flooding-seta"
OWNER = "Seta Farmers"
START = datetime.date(2022, 10, 3)
END = datetime.date(2024, 4, 30)             # inclusive: the run ends at 2024-05-01 00:00
STEP_D = 7.0
# (season starts in, first flooded day, first day after the season, flooded days)
SEASONS = [(2022, datetime.date(2022, 11, 1), datetime.date(2023, 4, 1), 151),
           (2023, datetime.date(2023, 11, 1), datetime.date(2024, 4, 1), 152)]
# fiscal year -> (expected flooded volume, simulated days, partial)
FISCAL = {2022: (151 * 600.0, (datetime.date(2023, 4, 1) - START).days, "true"),
          2023: (152 * 600.0, 366, "false"),
          2024: (0.0, (END - datetime.date(2024, 4, 1)).days + 1, "true")}


def day(d: datetime.date) -> float:
    """Days since the model start (both at local midnight, so a whole number)."""
    return float((d - START).days)


def write_polygon(path, ring):
    coordinates = ", ".join(f"[{x!r}, {y!r}]" for x, y in ring)
    with open(path, "w", encoding="ascii") as f:
        f.write('{"type": "Polygon", "coordinates": [[' + coordinates + "]]}\n")


def read_rows(path):
    if not os.path.exists(path):
        raise aqtest.CaseError(f"{path} was not written")
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def scenario() -> dict:
    layer = {"name": "first aquifer", "top": TOP, "bottom": 0.0, "k": 20.0, "ss": 1e-5,
             "type": "confined"}
    sc = aqtest.base_scenario("flooding-season-volume", N, N, DX, DX, [layer],
                              initial_head=21.0)
    sc["model"].update({"start": START.isoformat(), "timezone": "+09:00"})
    sc["time"] = {"end": END.isoformat(), "step": f"{STEP_D:g} d"}
    # A regional gradient keeps water moving (see flooding/check.py, REGIONAL_FLOW_NOTE).
    sc["boundary"] = [aqtest.constant_head(20.0, 1, 1, 1, 1, N),
                      aqtest.constant_head(22.0, 1, N, 1, N, N)]
    sc["flooding"] = [{"id": PROGRAMME, "polygon": "paddy.geojson",
                       "season": {"start": "11-01", "end": "03-31"},
                       "infiltration": f"{RATE_M_PER_D * 100:g} cm/d", "credited_to": OWNER}]
    sc["compliance"] = {"fiscal_year_start": "04-01"}
    return sc


def check_volume(case, what, got, expected, why):
    rel = abs(got - expected) / abs(expected)
    return case.check(rel <= REL_TOL,
                      f"{what}: {got:.10g} m3 = {expected:.10g} m3 within {REL_TOL:g} "
                      f"relative (error {rel:.2e}; {why})",
                      f"got {got:.12g}, expected {expected:.12g}")


def main(case: aqtest.Case) -> None:
    run_dir = os.path.join(case.workdir, "winter")
    os.makedirs(run_dir, exist_ok=True)
    write_polygon(os.path.join(run_dir, "paddy.geojson"), PADDY)
    res = case.run("winter", scenario())
    steps = read_rows(os.path.join(res.out_dir, "accounting.csv"))
    fiscal = read_rows(os.path.join(res.out_dir, "fiscal_years.csv"))
    rate = RATE_M_PER_D * AREA_M2                                   # 600 m3/d

    rows = [r for r in steps if r["kind"] == "flooding" and r["id"] == PROGRAMME]
    owner_rows = [r for r in steps if r["kind"] == "owner_flooding" and r["id"] == OWNER]
    if not case.check(len(rows) > 0 and len(owner_rows) == len(rows),
                      f"accounting.csv has one flooding row and one owner_flooding row per step "
                      f"({len(rows)} steps)",
                      f"{len(rows)} flooding rows, {len(owner_rows)} owner rows"):
        return
    t_end = np.array([float(r["time_d"]) for r in rows])
    dt = np.array([float(r["dt_d"]) for r in rows])
    t_begin = t_end - dt
    columns = {c: np.array([float(r[c]) for r in rows])
               for c in ("requested_m3", "actual_m3", "rejected_m3")}
    owner_actual = np.array([float(r["actual_m3"]) for r in owner_rows])
    case.check(abs(t_end[-1] - day(END + datetime.timedelta(days=1))) <= DAY_TOL,
               f"the run reaches 2024-05-01 00:00 local (day {t_end[-1]:g})")

    in_any_season = np.zeros(len(rows), bool)
    for start_year, first, after, days in SEASONS:
        t0, t1 = day(first), day(after)
        ends = [dt[np.argmin(np.abs(t_end - t))] if np.min(np.abs(t_end - t)) <= DAY_TOL
                else None for t in (t0, t1)]
        case.check(all(e is not None and e < STEP_D - DAY_TOL for e in ends),
                   f"season {start_year}/{start_year + 1}: its edges (days {t0:g} and {t1:g}) "
                   f"fall inside {STEP_D:g}-day steps: the steps that end there are shortened "
                   f"to {ends} d",
                   "no step ends at a season edge, or the edge happened to fall on the step grid")
        inside = (t_begin >= t0 - DAY_TOL) & (t_end <= t1 + DAY_TOL)
        in_any_season |= inside
        wet = columns["requested_m3"] > 0.0
        flooded = np.nonzero(inside & wet)[0]
        if not case.check(len(flooded) > 0, f"season {start_year}/{start_year + 1} has steps "
                                            f"with water"):
            continue
        span = (t_begin[flooded[0]], t_end[flooded[-1]])
        case.check(abs(span[0] - t0) <= DAY_TOL and abs(span[1] - t1) <= DAY_TOL
                   and abs(dt[flooded].sum() - days) <= DAY_TOL
                   and np.all(np.diff(flooded) == 1),
                   f"season {start_year}/{start_year + 1}: water in consecutive steps from day "
                   f"{span[0]:g} to day {span[1]:g} ({first} .. {after} 00:00 local), "
                   f"{dt[flooded].sum():g} d = {days} d within {DAY_TOL:g} d (the solver "
                   f"ends steps at the season edges)",
                   f"expected days {t0:g} .. {t1:g}")
        per_day = columns["requested_m3"][flooded] / dt[flooded]
        worst = float(np.max(np.abs(per_day - rate)) / rate)
        case.check(worst <= REL_TOL,
                   f"season {start_year}/{start_year + 1}: every wet step applies "
                   f"{rate:g} m3/d x dt (worst {worst:.2e} relative, tolerance {REL_TOL:g}: "
                   f"share exactly 1 in every step)")
        expected = rate * days
        for column in ("actual_m3", "requested_m3"):
            check_volume(case, f"season {start_year}/{start_year + 1} ({days} d): "
                               f"accounting.csv flooding {column} summed over its steps",
                         float(columns[column][inside].sum()), expected,
                         "exact overlap areas, exact season edges, no rejection")
        check_volume(case, f"season {start_year}/{start_year + 1}: owner_flooding "
                           f"{OWNER!r} actual_m3 summed", float(owner_actual[inside].sum()),
                     expected, "the holder is credited with the programme's accepted volume")
    outside = ~in_any_season
    leak = float(np.max(np.abs(columns["requested_m3"][outside]))) if outside.any() else 0.0
    case.check(leak == 0.0, f"no flooding volume in the {int(outside.sum())} steps outside "
                            f"the seasons (exactly 0)", f"max requested {leak:g} m3")
    rejected = float(np.max(np.abs(columns["rejected_m3"])))
    case.check(rejected == 0.0, "accounting.csv: rejected_m3 = 0 in every step (water table "
                                "~28 m below land surface, f = 1 exactly)",
               f"max rejected {rejected:g} m3")
    bad = np.nonzero(columns["actual_m3"] + columns["rejected_m3"] != columns["requested_m3"])[0]
    case.check(len(bad) == 0, "accounting.csv: actual + rejected = requested in every step",
               f"first at t = {t_end[bad[0]]:g} d" if len(bad) else "")

    # (c) fiscal years
    for fy, (expected, days, partial) in FISCAL.items():
        hits = [r for r in fiscal if r["kind"] == "flooding" and r["id"] == PROGRAMME
                and int(r["fiscal_year"]) == fy]
        if not case.check(len(hits) == 1, f"fiscal_years.csv has one row for FY{fy}",
                          f"{len(hits)} rows"):
            continue
        row = hits[0]
        case.check(abs(float(row["days_simulated"]) - days) <= DAY_TOL
                   and row["partial"] == partial,
                   f"FY{fy} ({row['start']} .. {row['end']}): {days} simulated days, "
                   f"partial = {partial}",
                   f"days_simulated {row['days_simulated']}, partial {row['partial']}")
        for column in ("actual_m3", "requested_m3"):
            got = float(row[column])
            if expected == 0.0:
                case.check(got == 0.0, f"FY{fy} {column} = 0 (no season in it)", f"got {got}")
            else:
                check_volume(case, f"FY{fy} flooding {column} (fiscal_years.csv, split at "
                                   f"Apr 1 local)", got, expected,
                             "the whole season lies inside one fiscal year")
        case.check(float(row["rejected_m3"]) == 0.0, f"FY{fy} rejected_m3 = 0")

    # (d) budget.csv against accounting.csv
    step = np.diff(np.concatenate(([0.0], res.budget["time_d"])))
    budget_volume = float(np.sum(res.budget["flooding_in_m3_per_d"] * step))
    check_volume(case, "budget.csv: sum of flooding_in x dt over all steps = accounting.csv "
                       "accepted volume", budget_volume, float(columns["actual_m3"].sum()),
                 "two writers of the same step records")
    check_volume(case, "budget.csv: sum of flooding_in x dt = 600 m3/d x (151 + 152) d",
                 budget_volume, rate * (151 + 152), "closed form")
    rej = float(np.max(np.abs(res.budget["flooding_rejected_m3_per_d"])))
    case.check(rej == 0.0, "budget.csv: flooding_rejected = 0 in every step", f"max {rej}")


if __name__ == "__main__":
    aqtest.main("flooding_season_volume",
                "1 ha winter flooding: 151 x 600 m3 (2022/23), 152 x 600 m3 (2023/24)", main)
