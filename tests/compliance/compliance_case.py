"""A small scenario with two permit holders, written into a folder, for the compliance tests.

Holder 1 (a name with HTML in it, to check escaping): wells W1 (-100 m3/d) and W2 (-50 m3/d),
simulated extraction, plan 2023-11-15 -> guideline-2023 (100 %, binding); two flooding areas
credited to it, one (F-wet) on cells whose water table is within the rejection band of the land
surface, so that part of its water is rejected; facility records on 2024-03-31 and 2024-04-01.
Holder 2 "City": well W3, metered volumes, plan 2020-06-01 -> guideline-2012 (10 %, effort),
a donation of 1.5e6 yen per year at 0.3333 m3/yen.
Period 2024-03-01 .. 2024-04-30: FY2023 covers 31 of 366 days, FY2024 30 of 365 days.
"""
import json
import os
import subprocess
import textwrap

HOLDER = 'Fab <script>alert(1)</script> & "Co"'
HOLDER_TOML = "'" + HOLDER + "'"

SCENARIO = textwrap.dedent("""\
    [model]
    name  = "compliance-<b>test</b>"
    start = "2024-03-01"

    [grid]
    nx = 10
    ny = 6
    dx = "100 m"
    dy = "100 m"

    [[layers]]
    top    = 20.0
    bottom = 0.0
    k      = "5 m/d"
    ss     = 1e-5
    sy     = 0.2
    type   = "convertible"

    [initial]
    head = 19.9

    [time]
    end          = "2024-04-30"
    step         = "1 d"
    output_every = "30 d"

    [[boundary]]
    kind  = "constant_head"
    cells = {{ layer = 1, col = [1, 1], row = [1, 6] }}
    head  = 19.95

    [[wells]]
    id = "W1"
    owner = {holder}
    x = 750.0
    y = 250.0
    layer = 1
    rate = "-100 m3/d"

    [[wells]]
    id = "W2"
    owner = {holder}
    x = 850.0
    y = 450.0
    layer = 1
    rate = "-50 m3/d"

    [[wells]]
    id = "W3"
    owner = "City"
    x = 650.0
    y = 550.0
    layer = 1
    rate = "-200 m3/d"

    [[flooding]]
    id = "F-dry"
    polygon = "dry.geojson"
    season = {{ start = "03-01", end = "04-30" }}
    infiltration = "1 mm/d"
    credited_to = {holder}

    [[flooding]]
    id = "F-wet"
    polygon = "wet.geojson"
    season = {{ start = "03-01", end = "04-30" }}
    infiltration = "20 cm/d"
    credited_to = {holder}

    [[permits]]
    holder = {holder}
    wells = ["W1", "W2"]
    plan_submitted = "2023-11-15"

    [[permits]]
    holder = "City"
    wells = ["W3"]
    plan_submitted = "2020-06-01"
    metered = "city_metered.csv"

    [[obligation_rules]]
    name = "guideline-2012"
    plans_from = "2012-10-01"
    plans_before = "2023-10-01"
    ratio = 0.1
    basis = "total"
    binding = false

    [[obligation_rules]]
    name = "guideline-2023"
    plans_from = "2023-10-01"
    ratio = {ratio}
    basis = "total"
    binding = true

    [[credits]]
    holder = {holder}
    kind = "infiltration_facility"
    records = "facility.csv"

    [[credits]]
    holder = "City"
    kind = "donation"
    yen = 1.5e6
    m3_per_yen = 0.3333

    [output]
    dir = "results"
    csv = false
    netcdf = false
    """)


def square(x0, y0, x1, y1):
    return json.dumps({"type": "Polygon",
                       "coordinates": [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]]})


def write_case(folder, ratio="1.0"):
    os.makedirs(folder, exist_ok=True)
    with open(os.path.join(folder, "scenario.toml"), "w") as f:
        f.write(SCENARIO.format(holder=HOLDER_TOML, ratio=ratio))
    with open(os.path.join(folder, "dry.geojson"), "w") as f:
        f.write(square(500, 0, 700, 200))    # 4 cells, 4 ha, far from the sea
    with open(os.path.join(folder, "wet.geojson"), "w") as f:
        f.write(square(100, 200, 200, 300))  # 1 ha in column 2, next to the 19.95 m constant head
    with open(os.path.join(folder, "facility.csv"), "w") as f:
        f.write("date,volume_m3\n2024-03-31,1000\n2024-04-01,4000\n")
    with open(os.path.join(folder, "city_metered.csv"), "w") as f:
        f.write("date,volume_m3\n2024-03-15,7000\n2024-04-15,5000\n")
    return os.path.join(folder, "scenario.toml")


def run(cmd, **kw):
    print("+", " ".join(cmd), flush=True)
    return subprocess.run(cmd, capture_output=True, text=True, **kw)
