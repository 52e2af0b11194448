#!/usr/bin/python3
"""Generates the input files of the Kumamoto-like basin scenario (see README.md beside this file).

Every number below is an assumption stated in README.md with its source or reason. The script
is deterministic; its outputs are committed, so a user never needs to run it. Run it again
after changing an assumption:

    /usr/bin/python3 scenarios/kumamoto/make_inputs.py

It writes, under data/:
  surfaces_<res>.csv ... layer tops/bottoms as raster files (first line = northern row) for the
                         full-resolution grid ("fine", 160 m) and the test variant ("coarse")
  *.geojson ............ zones, springs, river, flooding areas, uplands (resolution-free)
  *.csv ................ pumping and recharge schedules, metered volumes, credit records
The observation records and water-quality samples are made by make_observations.py from a
reference run (they need simulated heads).
"""
import json
import math
import os

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data")

# Grid: 39.95 km (west-east) x 24.99 km (south-north), JGD2011 plane rectangular zone II metres.
X0, Y0 = -42000.0, -35000.0
WIDTH, HEIGHT = 39950.0, 24990.0
RESOLUTIONS = {"fine": 170.0, "coarse": 510.0}


def land_surface(xk, yk):
    """Land surface [m a.s.l.]; xk, yk [km] from the south-west corner. Rises from the coast
    (2 m) to the western foot of the Aso caldera rim (~330 m), with the Shirakawa valley cut in
    along yk ~ 12.5 km."""
    base = 2.0 + 1.0 * xk + 0.18 * xk ** 2
    valley = 0.25 * base * np.exp(-((yk - 12.5) / 2.0) ** 2) * np.clip((xk - 8.0) / 10.0, 0, 1)
    return base - valley


def surfaces(dx):
    nx, ny = int(round(WIDTH / dx)), int(round(HEIGHT / dx))
    xk = (np.arange(nx) + 0.5) * dx / 1000.0
    yk = (np.arange(ny) + 0.5) * dx / 1000.0
    X, Y = np.meshgrid(xk, yk)            # [row (south->north), col]
    top1 = land_surface(X, Y)
    bottom1 = 0.3 * top1 - 35.0           # first aquifer ~36 m thick at the coast, ~265 m east
    bottom2 = bottom1 - 15.0              # aquitard, 15 m
    bottom3 = -200.0 + 2.5 * X            # base of the second aquifer: -200 m at the coast
    bottom3 = np.minimum(bottom3, bottom2 - 60.0)
    return nx, ny, {"top1": top1, "bottom1": bottom1, "bottom2": bottom2, "bottom3": bottom3}


def write_raster(path, values):
    with open(path, "w") as f:
        f.write("# first line = northern row; metres above sea level\n")
        for row in values[::-1]:
            f.write(",".join(f"{v:.2f}" for v in row) + "\n")


def polygon(coords_km, name):
    ring = [[X0 + 1000.0 * x, Y0 + 1000.0 * y] for x, y in coords_km]
    ring.append(ring[0])
    return {"type": "FeatureCollection", "name": name,
            "features": [{"type": "Feature", "properties": {"name": name},
                          "geometry": {"type": "Polygon", "coordinates": [ring]}}]}


def rectangle(x1, y1, x2, y2, name):
    return polygon([(x1, y1), (x2, y1), (x2, y2), (x1, y2)], name)


def write_json(name, obj):
    with open(os.path.join(DATA, name), "w") as f:
        json.dump(obj, f, indent=1)
        f.write("\n")


def write_csv(name, header, rows):
    with open(os.path.join(DATA, name), "w") as f:
        f.write(header + "\n")
        for r in rows:
            f.write(",".join(str(v) for v in r) + "\n")


def geometry_files():
    # Shirakawa middle basin (aquitard absent, paddies recharge the deep aquifer directly).
    write_json("middle_basin.geojson",
               polygon([(22, 9.5), (32, 9.0), (33, 15.5), (23, 16.0)], "Shirakawa middle basin"))
    # Togawa lava: a high-K conduit from the middle basin toward the springs.
    write_json("togawa_lava.geojson",
               polygon([(9, 8.5), (23, 10.5), (23, 13.0), (9, 11.0)], "Togawa lava"))
    # Recharge uplands: western foot of the Aso caldera rim.
    write_json("domain.geojson", rectangle(-1.0, -1.0, 41.0, 26.0, "whole model area"))
    write_json("sea.geojson", rectangle(-1.0, -1.0, 0.3, 26.0, "Ariake Sea (coast strip)"))
    write_json("uplands.geojson", rectangle(33, 0, 40, 24.96, "Aso western foot uplands"))
    # Springs (drains in layer 1): Ezu lake and Suizenji.
    write_json("spring_ezu.geojson", rectangle(8.4, 7.6, 9.6, 8.8, "Ezu lake springs"))
    write_json("spring_suizenji.geojson", rectangle(9.6, 9.6, 10.4, 10.4, "Suizenji springs"))
    # Paddy flooding areas in the middle basin (areas stated in README.md).
    write_json("summer_paddies.geojson",
               rectangle(24.0, 10.0, 24.0 + 2.24, 10.0 + 2.24, "summer flooding paddies"))
    write_json("winter_seta.geojson",
               rectangle(27.0, 13.0, 27.0 + 1.12, 13.0 + 0.448, "winter flooding Seta"))
    write_json("winter_ozu.geojson",
               rectangle(28.5, 10.5, 28.5 + 0.64, 10.5 + 0.25, "winter flooding Ozu"))
    write_json("winter_kikuyo.geojson",
               rectangle(30.0, 12.0, 30.0 + 0.64, 12.0 + 0.25, "winter flooding Kikuyo"))


RIVER_REACHES = [(4.0, 10.0), (10.0, 16.0), (16.0, 22.0), (22.0, 28.0), (28.0, 34.0)]


def river_files():
    """The Shirakawa as five reaches along the valley floor (yk = 12.5 km), strips 0.5 km wide
    (one row of coarse cells, three of fine cells; the leakance makes the conductance follow
    the cell area). Stage = land surface at the reach midpoint - 3 m; river bed 2 m below."""
    for i, (xa, xb) in enumerate(RIVER_REACHES, start=1):
        write_json(f"shirakawa_{i}.geojson",
                   rectangle(xa, 12.25, xb, 12.75, f"Shirakawa reach {i}"))
        stage = float(land_surface(np.array((xa + xb) / 2), np.array(12.5))) - 3.0
        print(f"reach {i}: x {xa}-{xb} km, stage {stage:.1f} m, bottom {stage - 2:.1f} m")


def schedules():
    # Rain recharge by month [m/d]: wet season June-July (baiu), dry winter. Mean 1.0 mm/d.
    monthly = {4: 0.9, 5: 1.0, 6: 2.0, 7: 2.2, 8: 1.3, 9: 1.2, 10: 0.7, 11: 0.5, 12: 0.4,
               1: 0.4, 2: 0.6, 3: 0.8}
    rows = []
    for year in range(2020, 2030):
        for month in list(range(4, 13)) + [1, 2, 3]:
            y = year if month >= 4 else year + 1
            rows.append((f"{y:04d}-{month:02d}-01", f"{monthly[month] * 1e-3:.5f}"))
    write_csv("rain_recharge.csv", "date,rate_m_per_d", rows)
    # Ordinary paddies of the middle basin leak while irrigated (May-September), 1.2 cm/d.
    rows = []
    for year in range(2020, 2030):
        rows.append((f"{year:04d}-05-01", "0.012"))
        rows.append((f"{year:04d}-10-01", "0.0"))
    write_csv("paddy_recharge.csv", "date,rate_m_per_d", [("2020-04-01", "0.0")] + rows)
    # Fab: plant 1 from FY2024 at 7,500 m3/d; plant 2 (FAB-2) from FY2027.
    write_csv("fab1.csv", "date,rate_m3_per_d", [("2024-04-01", -7500)])
    write_csv("fab2.csv", "date,rate_m3_per_d", [("2027-04-01", -14400)])
    # Metered extraction of the beverage plant (volume records per month, m3).
    rows = []
    for year in range(2020, 2030):
        for month in list(range(4, 13)) + [1, 2, 3]:
            y = year if month >= 4 else year + 1
            days = (np.datetime64(f"{y + (month == 12):04d}-{month % 12 + 1:02d}-01")
                    - np.datetime64(f"{y:04d}-{month:02d}-01")).astype(int)
            rows.append((f"{y:04d}-{month:02d}-01", int(2000 * days)))
    write_csv("beverage_metered.csv", "date,volume_m3", rows)
    # Fab's on-site infiltration facility from FY2025: 500 m3/d recorded monthly.
    rows = []
    for year in range(2025, 2030):
        for month in list(range(4, 13)) + [1, 2, 3]:
            y = year if month >= 4 else year + 1
            rows.append((f"{y:04d}-{month:02d}-01", 15000))
    write_csv("fab_facility.csv", "date,volume_m3", rows)
    # Fab's donations to the groundwater foundation: 3,000,000 yen each June from FY2024.
    write_csv("fab_donations.csv", "date,yen",
              [(f"{y:04d}-06-30", 3000000) for y in range(2024, 2030)])


def main():
    os.makedirs(DATA, exist_ok=True)
    for res, dx in RESOLUTIONS.items():
        nx, ny, layers = surfaces(dx)
        for name, values in layers.items():
            write_raster(os.path.join(DATA, f"{name}_{res}.csv"), values)
        print(f"{res}: {nx} x {ny} cells of {dx:.0f} m")
    geometry_files()
    river_files()
    schedules()


if __name__ == "__main__":
    main()
