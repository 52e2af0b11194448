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
# --sim: model residuals against a heads.h5 written like the run writes it
import h5py, math
obs = os.path.join(a.workdir, "w1.csv")
with open(obs, "w") as f:
    f.write("time,W1\n")
    for d in range(200):
        day = f"2020-{1 + d // 28:02d}-{1 + d % 28:02d}" if d < 12 * 28 else None
        h = 5.0 + 0.3 * math.sin(d / 20.0) + (0.12 if d == 111 else 0.0) + 0.002 * ((d * 7919) % 11 - 5)
        f.write(f"{day},{h:.4f}\n")
sim = os.path.join(a.workdir, "heads.h5")
with h5py.File(sim, "w") as h5:
    g = h5.create_group("observations/W1")
    import datetime
    t, hs = [], []
    for d in range(200):
        day = datetime.date(2020, 1 + d // 28, 1 + d % 28)
        t.append((day - datetime.date(2020, 1, 1)).days)
        hs.append(5.0 + 0.3 * math.sin(d / 20.0) - 0.1)
    ds = g.create_dataset("time", data=t, dtype="f8")
    ds.attrs["units"] = "days since 2020-01-01T00:00:00"
    g.create_dataset("simulated_head", data=hs, dtype="f8")
out3 = os.path.join(a.workdir, "out3")
r = subprocess.run([a.aquifer, "monitor", "--obs", obs, "--sim", sim, "-o", out3], capture_output=True, text=True)
assert r.returncode == 0, r.stderr
res = [row for row in csv.DictReader(open(os.path.join(out3, "anomalies.csv"))) if row["kind"] == "model_residual"]
assert len(res) == 1 and res[0]["start"].startswith("2020-04-"), res
r = subprocess.run([a.aquifer, "monitor", "--obs", obs, "--sim", os.path.join(a.workdir, "nope.h5"),
                    "-o", os.path.join(a.workdir, "out4")], capture_output=True, text=True)
assert r.returncode == 2 and "nope.h5" in r.stderr, (r.returncode, r.stderr)
print("ok")
