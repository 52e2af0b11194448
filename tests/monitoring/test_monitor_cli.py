"""`aquifer monitor` end to end: anomalies.csv/json columns (outputs contract), the cleaned
series, and bad input (exit 2, every problem listed, nothing written)."""
import argparse, csv, json, os, shutil, subprocess, sys

ap = argparse.ArgumentParser()
ap.add_argument("--aquifer"); ap.add_argument("--data"); ap.add_argument("--workdir")
a = ap.parse_args()
shutil.rmtree(a.workdir, ignore_errors=True)
os.makedirs(a.workdir)
out = os.path.join(a.workdir, "out")
r = subprocess.run([a.aquifer, "monitor", "--obs", os.path.join(a.data, "stijghoogte_onttrekking_edit.csv"),
                    os.path.join(a.data, "head_wellex_edit.csv"), "-o", out], capture_output=True, text=True)
assert r.returncode == 0, r.stderr
rows = list(csv.DictReader(open(os.path.join(out, "anomalies.csv"))))
assert list(rows[0].keys()) == "well_id,kind,severity,start,end,n_points,value,expected,detail".split(","), rows[0].keys()
kinds = {row["kind"] for row in rows}
assert {"above_top", "dropout", "spike"} <= kinds, kinds
assert all(row["severity"] in ("info", "warning", "alarm") for row in rows)
assert all(len(row["start"]) == 19 and row["start"][10] == "T" for row in rows)
js = json.load(open(os.path.join(out, "anomalies.json")))
assert len(js) == len(rows) and js[0]["kind"] == rows[0]["kind"]
clean = list(csv.DictReader(open(os.path.join(out, "cleaned_series.csv"))))
marked = [c for c in clean if c["flag"]]
assert len(marked) == 21 + 110, len(marked)   # every injected reading is marked
# bad input: a missing file and a config with an error -> exit 2, both listed, nothing written
bad_cfg = os.path.join(a.workdir, "bad.toml")
open(bad_cfg, "w").write("[monitoring]\nspike_k = \"high\"\n")
out2 = os.path.join(a.workdir, "out2")
r = subprocess.run([a.aquifer, "monitor", "--obs", os.path.join(a.workdir, "missing.csv"),
                    "--config", bad_cfg, "-o", out2], capture_output=True, text=True)
assert r.returncode == 2, (r.returncode, r.stderr)
assert "bad.toml:2:" in r.stderr and "missing.csv" in r.stderr, r.stderr
assert not os.path.exists(out2)
print("ok")
