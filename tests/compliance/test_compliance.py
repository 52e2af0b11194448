"""End-to-end tests of the recharge-obligation verdict, compliance.json/csv, report.html,
`aquifer comply` and `aquifer verify-report` (see compliance_case.py for the scenario; the
hydrograph test runs the observation-well scenario of tests/observations/data).

Usage: test_compliance.py TEST --aquifer PATH --mpiexec PATH --workdir DIR --schema FILE
                               [--obsdata DIR]
"""
import argparse
import csv
import json
import os
import re
import shutil
import sys

import jsonschema

from compliance_case import HOLDER, run, write_case

MPI = ["--allow-run-as-root", "--oversubscribe"]


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def close(a, b, rel=1e-6, what=""):
    if abs(a - b) > rel * max(1.0, abs(a), abs(b)):
        fail(f"{what}: {a} != {b}")


def run_case(args, folder, np=1):
    scenario = write_case(folder)
    cmd = [args.aquifer, "run", scenario]
    if np > 1:
        cmd = [args.mpiexec, *MPI, "-n", str(np)] + cmd
    r = run(cmd)
    if r.returncode != 0:
        fail(f"run exited {r.returncode}\n{r.stdout}\n{r.stderr}")
    return scenario, os.path.join(folder, "results")


def by_key(doc):
    return {(r["holder"], r["fiscal_year"]): r for r in doc["results"]}


def accounting_by_fy(results):
    """accepted and rejected flooding per owner and FY, straight from accounting.csv."""
    sums = {}
    with open(os.path.join(results, "accounting.csv")) as f:
        for row in csv.DictReader(f):
            if row["kind"] != "owner_flooding":
                continue
            day_start = float(row["time_d"]) - float(row["dt_d"])
            fy = 2023 if day_start < 31 else 2024   # whole-day steps; 2024-03-01 + 31 d = 2024-04-01
            key = (row["owner"], fy)
            acc, rej = sums.get(key, (0.0, 0.0))
            sums[key] = (acc + float(row["actual_m3"]), rej + float(row["rejected_m3"]))
    return sums


def test_verdict(args):
    scenario, results = run_case(args, os.path.join(args.workdir, "case"))
    doc = json.load(open(os.path.join(results, "compliance.json")))
    jsonschema.validate(doc, json.load(open(args.schema)))
    res = by_key(doc)
    if set(res) != {(HOLDER, 2023), (HOLDER, 2024), ("City", 2023), ("City", 2024)}:
        fail(f"unexpected holder-years {sorted(res)}")
    flooding = accounting_by_fy(results)
    for fy, days in ((2023, 31), (2024, 30)):
        r = res[(HOLDER, fy)]
        if not r["partial"] or r["extraction_source"] != "simulated" or r["rule"] != "guideline-2023":
            fail(f"FY{fy}: partial/source/rule wrong: {r}")
        close(r["covered_days"], days, what="covered days")
        close(r["extraction_m3"], 150.0 * days, what=f"FY{fy} extraction (W1 + W2)")
        close(r["obligation_m3"], 150.0 * days, what=f"FY{fy} obligation (100 %)")
        facility = 1000.0 if fy == 2023 else 4000.0   # March 31 vs April 1
        close(r["credits_m3"]["infiltration_facility"], facility, what="facility credit")
        accepted, rejected = flooding[(HOLDER, fy)]
        close(r["credits_m3"]["flooding"], accepted, rel=1e-8, what="flooding credit = accepted")
        close(r["flooding_rejected_m3"], rejected, rel=1e-8, what="rejected flooding")
        if rejected <= 0:
            fail(f"FY{fy}: no flooding water was rejected at the wet paddies; the case tests nothing")
        total = sum(r["credits_m3"].values())
        close(r["credited_total_m3"], total, what="credited total")
        close(r["balance_m3"], total - r["obligation_m3"], what="balance")
        want = "compliant" if r["balance_m3"] >= 0 else "shortfall"
        if r["status"] != want:
            fail(f"status {r['status']} != {want}")
    city = res[("City", 2023)]
    if city["extraction_source"] != "metered" or city["binding"] or city["rule"] != "guideline-2012":
        fail(f"City FY2023: {city}")
    close(city["extraction_m3"], 7000.0, what="metered extraction")
    close(city["obligation_m3"], 700.0, what="10 % of metered")
    close(city["credits_m3"]["donation"], 1.5e6 * 0.3333 * 31 / 366, what="donation pro rata")
    if city["status"] != "effort_met":
        fail(f"City status {city['status']}")
    # compliance.csv: same rows.
    rows = list(csv.DictReader(open(os.path.join(results, "compliance.csv"))))
    if len(rows) != 4 or rows[0]["holder"] != HOLDER:
        fail(f"compliance.csv rows: {rows[:1]}")
    close(float(rows[0]["extraction_m3"]), res[(HOLDER, 2023)]["extraction_m3"], what="csv = json")
    print("verdict OK")


def test_report_escaped(args):
    _, results = run_case(args, os.path.join(args.workdir, "case"))
    html = open(os.path.join(results, "report.html"), encoding="utf-8").read()
    if "<script>alert(1)" in html or "<b>test</b>" in html:
        fail("raw HTML from the inputs is in report.html")
    if "Fab &lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Co&quot;" not in html:
        fail("the holder name is not in report.html escaped")
    for needle in ("<link", " src=", "@import", "url("):
        if needle in html:
            fail(f"report.html refers to an external resource ({needle!r})")
    for section in ('id="summary"', 'id="compliance"', 'id="budget"', 'id="heads"',
                    'id="hydrographs"', 'id="provenance"', "<svg", "shortfall", "No observation wells"):
        if section not in html:
            fail(f"report.html lacks {section}")
    print("report escaping OK")


def test_comply_recomputes(args):
    folder = os.path.join(args.workdir, "case")
    scenario, results = run_case(args, folder)
    before = json.load(open(os.path.join(results, "compliance.json")))
    os.remove(os.path.join(results, "compliance.json"))
    os.remove(os.path.join(results, "report.html"))
    r = run([args.aquifer, "comply", scenario, "--results", results])
    if r.returncode != 0:
        fail(f"comply exited {r.returncode}: {r.stderr}")
    after = json.load(open(os.path.join(results, "compliance.json")))
    if after["results"] != before["results"]:
        fail("comply gave another verdict than the run")
    if not os.path.exists(os.path.join(results, "report.html")):
        fail("comply wrote no report.html")
    # A new guideline ratio is data: halve it and recompute without re-simulating.
    write_case(folder, ratio="0.5")
    r = run([args.aquifer, "comply", scenario, "--results", results])
    if r.returncode != 0 or "records another scenario text" not in r.stderr + r.stdout:
        fail(f"comply after a scenario change: {r.returncode} {r.stderr}")
    half = by_key(json.load(open(os.path.join(results, "compliance.json"))))
    close(half[(HOLDER, 2024)]["obligation_m3"], 0.5 * by_key(before)[(HOLDER, 2024)]["obligation_m3"],
          what="obligation at ratio 0.5")
    # A folder without results: invalid input, nothing written.
    empty = os.path.join(args.workdir, "empty")
    os.makedirs(empty, exist_ok=True)
    r = run([args.aquifer, "comply", scenario, "--results", empty])
    if r.returncode != 2 or os.listdir(empty):
        fail(f"comply on an empty folder: exit {r.returncode}, wrote {os.listdir(empty)}")
    print("comply OK")


def hydrograph_section(results):
    """The <section id="hydrographs"> of report.html, and its (well id, svg) pairs."""
    html = open(os.path.join(results, "report.html"), encoding="utf-8").read()
    m = re.search(r'<section id="hydrographs">.*?</section>', html, re.S)
    if not m:
        fail(f"{results}/report.html has no hydrograph section")
    section = m.group(0)
    return section, re.findall(r"<h3>([^<]*)</h3>(<svg.*?</svg>)", section, re.S)


def listing(folder):
    return {name: os.stat(os.path.join(folder, name)).st_mtime_ns for name in os.listdir(folder)}


def test_hydrographs(args):
    """`comply` rebuilds the run's hydrographs: the observed records of [[observation_wells]],
    the simulated heads of heads.h5 /observations/ and the anomaly spans of the re-run detectors
    give byte-identical SVGs. Without heads.h5 (a run with hdf5 = false, whose report still has its
    hydrographs), or without a well's series, exit 2, nothing written. Wells without any
    readings are plotted (simulated head only) by both."""
    work = os.path.join(args.workdir, "obs")
    shutil.copytree(args.obsdata, work)
    r = run([args.aquifer, "run", "scenario.toml"], cwd=work)
    if r.returncode != 0:
        fail(f"run exited {r.returncode}\n{r.stdout}\n{r.stderr}")
    results = os.path.join(work, "out")
    ran_section, ran = hydrograph_section(results)
    if [w for w, _ in ran] != ["A", "B", "D", "C"]:   # scenario order; C has no data
        fail(f"the run's report has hydrographs for {[w for w, _ in ran]}")
    if any("<polyline" not in svg or 'points=""' in svg for _, svg in ran):
        fail("a hydrograph of the run has no simulated line")
    if 'stroke-dasharray' not in dict(ran)["B"] or "<rect" not in ran_section:
        fail("the run's hydrographs lack B's warning level or any anomaly span; the case tests less")
    os.rename(os.path.join(results, "report.html"), os.path.join(work, "run_report.html"))
    r = run([args.aquifer, "comply", os.path.join(work, "scenario.toml"), "--results", results])
    if r.returncode != 0:
        fail(f"comply exited {r.returncode}: {r.stderr}")
    comply_section, rebuilt = hydrograph_section(results)
    if rebuilt != ran:
        fail("comply's hydrograph SVGs differ from the run's")
    if comply_section != ran_section:
        fail("comply's hydrograph section (anomaly table) differs from the run's")
    # A run without heads.h5 ([output] hdf5 = false) still plots its wells; comply cannot
    # rebuild them: exit 2, naming heads.h5, nothing written.
    bare = os.path.join(args.workdir, "no_heads")
    shutil.copytree(args.obsdata, bare)
    with open(os.path.join(bare, "scenario.toml"), "a") as f:
        f.write("hdf5   = false\n")   # the file ends in [output]
    r = run([args.aquifer, "run", "scenario.toml"], cwd=bare)
    bare_results = os.path.join(bare, "out")
    if r.returncode != 0 or os.path.exists(os.path.join(bare_results, "heads.h5")):
        fail(f"run with hdf5 = false: exit {r.returncode}\n{r.stderr}")
    if [w for w, _ in hydrograph_section(bare_results)[1]] != ["A", "B", "D", "C"]:
        fail("without heads.h5 the run's report lost its hydrographs")
    os.remove(os.path.join(bare_results, "report.html"))
    before = listing(bare_results)
    r = run([args.aquifer, "comply", os.path.join(bare, "scenario.toml"), "--results", bare_results])
    if r.returncode != 2 or "heads.h5: missing" not in r.stderr or listing(bare_results) != before:
        fail(f"comply without heads.h5: exit {r.returncode}, "
             f"wrote {set(listing(bare_results)) - set(before)}\n{r.stderr}")
    # A well the run did not sample: exit 2, naming heads.h5 and the well, nothing written.
    with open(os.path.join(work, "scenario.toml"), "a") as f:
        f.write('\n[[observation_wells]]\nid = "E"\nx = 650.0\ny = 50.0\nlayer = 1\n')
    before = listing(results)
    r = run([args.aquifer, "comply", os.path.join(work, "scenario.toml"), "--results", results])
    if r.returncode != 2 or "heads.h5" not in r.stderr or '"E"' not in r.stderr or listing(results) != before:
        fail(f"comply with a well the run lacks: exit {r.returncode}\n{r.stderr}")
    # Wells without any readings (planned monitoring): the report still plots each well's
    # simulated head, no detector files are written, and comply rebuilds the same section.
    planned = os.path.join(args.workdir, "planned")
    shutil.copytree(args.obsdata, planned)
    scenario = os.path.join(planned, "scenario.toml")
    text = open(scenario).read()
    head, sep, wells = text.partition("[[observation_wells]]")
    wells = "\n".join(line for line in wells.split("\n")
                      if not re.match(r"\s*(data|column|unit|datum_offset)\s*=", line))
    with open(scenario, "w") as f:
        f.write(head + sep + wells)
    r = run([args.aquifer, "run", "scenario.toml"], cwd=planned)
    planned_results = os.path.join(planned, "out")
    if r.returncode != 0:
        fail(f"run with wells without readings exited {r.returncode}\n{r.stderr}")
    planned_section, planned_svgs = hydrograph_section(planned_results)
    if [w for w, _ in planned_svgs] != ["A", "B", "D", "C"]:
        fail(f"wells without readings: the report plots {[w for w, _ in planned_svgs]}")
    if any("<polyline" not in svg or 'points=""' in svg for _, svg in planned_svgs) or "<rect" in planned_section:
        fail("wells without readings: a hydrograph lacks its simulated line, or shows an anomaly")
    if os.path.exists(os.path.join(planned_results, "anomalies.csv")):
        fail("wells without readings: anomalies.csv written although there is nothing to check")
    os.rename(os.path.join(planned_results, "report.html"), os.path.join(planned, "run_report.html"))
    r = run([args.aquifer, "comply", scenario, "--results", planned_results])
    if r.returncode != 0 or hydrograph_section(planned_results)[0] != planned_section:
        fail(f"comply of the run without readings: exit {r.returncode}, or a different hydrograph section")
    print(f"comply rebuilds {len(ran)} hydrographs byte for byte OK; wells without readings plotted")


def test_verify_report(args):
    folder = os.path.join(args.workdir, "case")
    _, results = run_case(args, folder)
    r = run([args.aquifer, "verify-report", results])
    if r.returncode != 0 or "verified" not in r.stdout:
        fail(f"verify-report on fresh results: {r.returncode}\n{r.stdout}{r.stderr}")
    with open(os.path.join(folder, "facility.csv"), "a") as f:
        f.write("2024-04-02,1\n")
    r = run([args.aquifer, "verify-report", results])
    if r.returncode != 1 or "CHANGED" not in r.stdout or "facility.csv" not in r.stdout:
        fail(f"verify-report after changing an input: {r.returncode}\n{r.stdout}")
    os.remove(os.path.join(folder, "city_metered.csv"))
    r = run([args.aquifer, "verify-report", results])
    if r.returncode != 1 or "MISSING" not in r.stdout:
        fail(f"verify-report after removing an input: {r.returncode}\n{r.stdout}")
    r = run([args.aquifer, "verify-report", os.path.join(args.workdir, "nowhere")])
    if r.returncode != 2:
        fail(f"verify-report on a missing folder: {r.returncode}")
    print("verify-report OK")


def test_parallel_same(args):
    _, serial = run_case(args, os.path.join(args.workdir, "np1"))
    _, parallel = run_case(args, os.path.join(args.workdir, "np2"), np=2)
    a = json.load(open(os.path.join(serial, "compliance.json")))["results"]
    b = json.load(open(os.path.join(parallel, "compliance.json")))["results"]
    for x, y in zip(a, b):
        for key in ("extraction_m3", "obligation_m3", "credited_total_m3"):
            close(x[key], y[key], rel=1e-7, what=f"np1 vs np2 {key}")
        if x["status"] != y["status"]:
            fail("np1 and np2 verdicts differ")
    print("np1 = np2 OK")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("test")
    p.add_argument("--aquifer", required=True)
    p.add_argument("--mpiexec", required=True)
    p.add_argument("--workdir", required=True)
    p.add_argument("--schema", required=True)
    p.add_argument("--obsdata", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                     "..", "observations", "data"))
    args = p.parse_args()
    shutil.rmtree(args.workdir, ignore_errors=True)
    os.makedirs(args.workdir)
    globals()["test_" + args.test](args)


if __name__ == "__main__":
    main()
