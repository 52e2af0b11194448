"""Command-line tests of `aquifer`: exit statuses and what is (not) written.

Usage: test_cli.py TEST --aquifer PATH --mpiexec PATH --workdir DIR --scenarios DIR
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import textwrap

MPI_FLAGS = ["--allow-run-as-root", "--oversubscribe"]

GOOD = textwrap.dedent("""\
    [model]
    name = "cli-test"
    start = "2020-04-01"

    [grid]
    nx = 8
    ny = 6
    dx = "100 m"
    dy = "100 m"

    [[layers]]
    top = 20.0
    bottom = 0.0
    k = "5 m/d"
    ss = 1e-5
    sy = 0.2
    type = "{layer_type}"

    [initial]
    head = 15.0

    [time]
    end = "10 d"
    step = "{step}"
    min_step = "{min_step}"
    output_every = "5 d"

    [[boundary]]
    kind = "constant_head"
    cells = {{ layer = 1, col = [1, 1], row = [1, 6] }}
    head = 15.0

    [[wells]]
    id = "W1"
    x = 650.0
    y = 350.0
    layer = 1
    rate = "{rate}"

    [output]
    dir = "results"
    csv = true
    {solver}
    """)


def scenario(workdir, name="scenario.toml", layer_type="confined", step="1 d", min_step="1e-5 d",
             rate="-200 m3/d", solver=""):
    os.makedirs(workdir, exist_ok=True)
    path = os.path.join(workdir, name)
    with open(path, "w") as f:
        f.write(GOOD.format(layer_type=layer_type, step=step, min_step=min_step, rate=rate,
                            solver=solver))
    return path


def run(cmd, **kw):
    print("$", " ".join(cmd))
    p = subprocess.run(cmd, capture_output=True, text=True, timeout=120, **kw)
    print(p.stdout[-3000:])
    print(p.stderr[-3000:], file=sys.stderr)
    return p


def expect(cond, msg):
    if not cond:
        print("FAIL:", msg)
        sys.exit(1)
    print("ok:", msg)


def t_version(a):
    p = run([a.aquifer, "--version"])
    expect(p.returncode == 0, "--version exits 0")
    expect(re.search(r"aquifer \d+\.\d+\.\d+ \(commit [\w-]+, Petsc Release Version 3\.18",
                     p.stdout),
           "--version names the version, commit and PETSc version")


SKIP = 77  # ctest SKIP_RETURN_CODE of cli.version_commit


def git_commit_now(source):
    """The commit git reports for the source tree now, "-dirty" added when tracked files differ
    from HEAD; None when git is absent or `source` is not the top of a git checkout."""
    git = shutil.which("git")
    if git is None:
        return None
    top = subprocess.run([git, "-C", source, "rev-parse", "--show-toplevel"],
                         capture_output=True, text=True)
    if top.returncode != 0 or os.path.realpath(top.stdout.strip()) != os.path.realpath(source):
        return None
    # A different route from cmake/write_version.cmake (rev-parse + diff), same rule;
    # --exclude='*' keeps tags out so the answer is the bare commit id.
    d = subprocess.run([git, "-C", source, "describe", "--always", "--dirty", "--abbrev=12",
                        "--exclude=*"], capture_output=True, text=True)
    return d.stdout.strip() if d.returncode == 0 and d.stdout.strip() else None


def t_version_commit(a):
    expected = git_commit_now(a.source)
    if expected is None:
        print(f"SKIP: {a.source} is not a git checkout, or git is absent")
        sys.exit(SKIP)
    p = run([a.aquifer, "--version"])
    m = re.search(r"\(commit ([^,]+),", p.stdout)
    expect(p.returncode == 0 and m is not None, "--version names a commit")
    expect(m.group(1) == expected,
           f"--version names the commit of the source tree now, {expected} (got {m.group(1)}; "
           "a stale build, or a tracked file edited since the last build?)")


def t_help(a):
    p = run([a.aquifer, "--help"])
    expect(p.returncode == 0, "--help exits 0")
    for word in ("run", "check", "--log-level", "--version"):
        expect(word in p.stdout, f"--help mentions {word}")
    p = run([a.aquifer, "run", "--help"])
    expect(p.returncode == 0 and "--output" in p.stdout, "run --help lists -o/--output")


def t_check_valid(a):
    p = run([a.aquifer, "check", os.path.join(a.scenarios, "regional", "scenario.toml")])
    expect(p.returncode == 0, "the bundled regional scenario is valid")
    path = scenario(a.workdir)
    p = run([a.aquifer, "check", path])
    expect(p.returncode == 0 and "valid" in p.stdout, "a small scenario checks valid")
    expect(not os.path.exists(os.path.join(a.workdir, "results")), "check writes nothing")


def bad_scenario(workdir):
    """Three distinct errors on known lines: a negative K, an unknown unit, a misspelt key."""
    path = scenario(workdir, rate="-200 m3/fortnight")
    text = open(path).read().replace('k = "5 m/d"', 'k = "-5 m/d"').replace("layer = 1\nrate", "layr = 1\nrate")
    open(path, "w").write(text)
    lines = text.splitlines()
    line_of = {key: next(i + 1 for i, l in enumerate(lines) if l.startswith(key))
               for key in ('k = ', 'rate = ', 'layr = ')}
    return path, line_of


def check_bad_output(p, path, line_of, workdir):
    expect(p.returncode == 2, f"invalid input exits 2 (got {p.returncode})")
    for key, line in line_of.items():
        pat = re.escape(path) + f":{line}:\\d+: "
        expect(re.search(pat, p.stderr), f"error for '{key.strip()}' at {path}:{line}:col")
    expect(not os.path.exists(os.path.join(workdir, "results")), "nothing written (no results dir)")
    expect(not os.path.exists(os.path.join(workdir, "out")), "nothing written (no -o dir)")


def t_invalid_input_exit_2(a):
    path, line_of = bad_scenario(a.workdir)
    p = run([a.aquifer, "run", path])
    check_bad_output(p, path, line_of, a.workdir)
    p = run([a.aquifer, "check", path])
    expect(p.returncode == 2, "check also exits 2 on invalid input")
    outside = scenario(a.workdir, name="outside.toml")
    text = open(outside).read().replace("x = 650.0", "x = 9650.0")
    open(outside, "w").write(text)
    line = next(i + 1 for i, l in enumerate(text.splitlines()) if l.startswith("x = "))
    p = run([a.aquifer, "run", outside])
    expect(p.returncode == 2 and re.search(re.escape(outside) + f":{line}:\\d+: .*outside", p.stderr),
           "a well outside the grid is reported at its x line")
    missing = os.path.join(a.workdir, "no_such.toml")
    p = run([a.aquifer, "run", missing, "-o", os.path.join(a.workdir, "out")])
    expect(p.returncode == 2 and "no_such.toml" in p.stderr, "a missing scenario file exits 2 and is named")
    expect(not os.path.exists(os.path.join(a.workdir, "out")), "nothing written for a missing file")


def t_invalid_input_parallel(a):
    path, line_of = bad_scenario(a.workdir)
    p = run([a.mpiexec, *MPI_FLAGS, "-np", "2", a.aquifer, "run", path])
    check_bad_output(p, path, line_of, a.workdir)
    expect(p.stderr.count("m3/fortnight") == 1, "errors are printed once, not once per rank")


def t_convergence_failure_exit_3(a):
    # A convertible cell pumped far beyond what it holds with a single Newton iteration allowed
    # and no room to cut the step: the solver must give up cleanly with status 3.
    path = scenario(a.workdir, layer_type="convertible", step="1 d", min_step="1 d",
                    rate="-5e6 m3/d", solver="[solver]\nmax_newton_iterations = 1\n")
    out = os.path.join(a.workdir, "out")
    p = run([a.aquifer, "run", path, "-o", out])
    expect(p.returncode == 3, f"convergence failure exits 3 (got {p.returncode})")
    expect("failed" in p.stderr + p.stdout, "the message says the step failed")
    leftovers = [f for f in os.listdir(out)] if os.path.isdir(out) else []
    expect(not any(f.endswith(".csv") for f in leftovers), f"no result file under a final name ({leftovers})")


def t_run_writes_outputs(a):
    path = scenario(a.workdir)
    p = run([a.aquifer, "run", path])
    expect(p.returncode == 0, "a valid run exits 0")
    results = os.path.join(a.workdir, "results")
    expect(os.path.isfile(os.path.join(results, "budget.csv")), "budget.csv in [output] dir")
    expect(os.path.isfile(os.path.join(results, "heads.csv")), "heads.csv in [output] dir")
    expect(not any(f.endswith(".partial") for f in os.listdir(results)), "no temporary files left")
    header = open(os.path.join(results, "budget.csv")).readline().strip().split(",")
    expect(header[:4] == ["time_d", "date", "storage_in_m3_per_d", "storage_out_m3_per_d"],
           "budget.csv header starts as in the outputs contract")
    expect(header[-2:] == ["flooding_rejected_m3_per_d", "discrepancy_percent"],
           "budget.csv header ends as in the outputs contract")
    rows = open(os.path.join(results, "budget.csv")).read().splitlines()[1:]
    expect(len(rows) == 10, f"one budget row per daily step (got {len(rows)})")
    expect(rows[0].split(",")[1] == "2020-04-02T00:00:00", "date column is the step's end")
    heads = open(os.path.join(results, "heads.csv")).read().splitlines()
    expect(heads[0] == "time_d,layer,row,col,head", "heads.csv header")
    expect(len(heads) == 1 + 2 * 48, f"48 cells at t = 5 and 10 d (got {len(heads) - 1} rows)")
    out = os.path.join(a.workdir, "o2")
    p = run([a.aquifer, "run", path, "-o", out])
    expect(p.returncode == 0 and os.path.isfile(os.path.join(out, "budget.csv")), "-o overrides [output] dir")


def t_unwritable_output(a):
    # Root ignores permission bits, so make the folder impossible: a path below a plain file.
    path = scenario(a.workdir)
    blocker = os.path.join(a.workdir, "not_a_folder")
    open(blocker, "w").close()
    for np_ in (1, 2):
        cmd = [a.aquifer, "run", path, "-o", os.path.join(blocker, "out")]
        if np_ == 2:
            cmd = [a.mpiexec, *MPI_FLAGS, "-np", "2", *cmd]
        p = run(cmd)
        expect(p.returncode == 1, f"an unwritable output folder exits 1 at {np_} rank(s) (got {p.returncode})")
        expect("cannot write to the output folder" in p.stderr and "not_a_folder" in p.stderr,
               "the message names the folder")
        expect(p.stderr.count("cannot write to the output folder") == 1, "said once, not per rank")


def t_huge_pages(a):
    # app/launcher/aquifer_launcher.cpp: where the kernel gives transparent huge pages on
    # request, the `aquifer` launcher starts aquifer-core with glibc.malloc.hugetlb=1 added to
    # GLIBC_TUNABLES (the debug log says which); AQUIFER_HUGE_PAGES=0 turns it off; the results
    # are the same either way.
    try:
        mode = open("/sys/kernel/mm/transparent_hugepage/enabled").read()
    except OSError:
        mode = ""
    on_request = "[madvise]" in mode
    path = scenario(a.workdir)
    asked = "malloc asks for transparent huge pages"
    outputs = {}
    for label, env, np_ in (("default", {}, 1), ("off", {"AQUIFER_HUGE_PAGES": "0"}, 1),
                            ("user tunables", {"GLIBC_TUNABLES": "glibc.malloc.trim_threshold=134217728"}, 1),
                            ("2 ranks", {}, 2)):
        out = os.path.join(a.workdir, label.replace(" ", "_"))
        cmd = [a.aquifer, "--log-level", "debug", "run", path, "-o", out]
        if np_ == 2:
            cmd = [a.mpiexec, *MPI_FLAGS, "-np", "2", *cmd]
        environ = {k: v for k, v in os.environ.items() if k not in ("AQUIFER_HUGE_PAGES", "GLIBC_TUNABLES")}
        p = run(cmd, env={**environ, **env})
        expect(p.returncode == 0, f"{label}: the run exits 0")
        log = p.stdout + p.stderr
        want = on_request and label != "off"
        expect((asked in log) == want, f"{label}: huge pages {'asked for' if want else 'not asked for'} "
               f"(kernel mode {mode.strip() or 'unknown'})")
        if want and label == "user tunables":
            expect("glibc.malloc.trim_threshold=134217728:glibc.malloc.hugetlb=1" in log,
                   "the user's own tunables are kept")
        outputs[label] = open(os.path.join(out, "budget.csv")).read()
    expect(len(set(outputs[k] for k in ("default", "off", "user tunables"))) == 1,
           "budget.csv is the same with and without huge pages")


def t_installed(a):
    # `cmake --install`: the launcher in <prefix>/bin finds the program in
    # <prefix>/libexec/aquifer and the program finds the bundled scenarios in
    # <prefix>/share/aquifer/scenarios; a launcher without its program says so (exit 127).
    prefix = os.path.join(a.workdir, "prefix")
    p = run([a.cmake, "--install", a.build_dir, "--prefix", prefix])
    expect(p.returncode == 0, f"cmake --install succeeds: {p.stderr}")
    launcher = os.path.join(prefix, "bin", "aquifer")
    expect(os.access(os.path.join(prefix, "libexec", "aquifer", "aquifer-core"), os.X_OK),
           "the program is installed in <prefix>/libexec/aquifer")
    p = run([launcher, "--version"])
    expect(p.returncode == 0 and p.stdout.startswith("aquifer "), "the installed aquifer runs")
    bundled = os.path.join(prefix, "share", "aquifer", "scenarios", "kumamoto", "scenario.toml")
    p = run([launcher, "check", bundled])
    expect(p.returncode == 0 and "valid" in p.stdout, f"the installed Kumamoto scenario checks: {p.stderr}")
    p = run([launcher, "demo", "no-such-scenario"], env={**os.environ, "AQUIFER_SCENARIOS_DIR": ""})
    expect(p.returncode == 2, f"an unknown demo exits 2 (got {p.returncode})")
    expect(os.path.join(prefix, "share", "aquifer", "scenarios", "no-such-scenario") in p.stdout + p.stderr,
           "the demo looks in <prefix>/share/aquifer/scenarios")
    p = run([launcher, "run", os.path.join(a.workdir, "missing.toml")])
    expect(p.returncode == 2, f"the program's exit status passes through the launcher (got {p.returncode})")
    lonely = os.path.join(a.workdir, "lonely")
    os.makedirs(lonely)
    shutil.copy2(launcher, lonely)
    p = run([os.path.join(lonely, "aquifer"), "--version"])
    expect(p.returncode == 127 and "aquifer-core not found" in p.stderr,
           f"a launcher without aquifer-core says so, exit 127 (exit {p.returncode}: {p.stderr.strip()})")


def t_quality_without_wells(a):
    # [[quality]] samples are checked by `run` also in a scenario without observation wells.
    path = scenario(a.workdir)
    with open(os.path.join(a.workdir, "quality.csv"), "w") as f:
        f.write("well_id,date,substance,value,unit\n"
                "W1,2020-04-03,PFOS,100,ng/L\nW1,2020-04-03,PFOA,50,ng/L\n")
    with open(path, "a") as f:
        f.write('\n[[quality]]\ndata = "quality.csv"\n'
                'limits = [ { substances = ["PFOS", "PFOA"], sum = "50 ng/L" } ]\n')
    out = os.path.join(a.workdir, "out")
    p = run([a.aquifer, "run", path, "-o", out])
    expect(p.returncode == 0, f"the run exits 0 (got {p.returncode})")
    anomalies = os.path.join(out, "anomalies.csv")
    expect(os.path.exists(anomalies), "anomalies.csv is written")
    expect("quality_limit" in open(anomalies).read(), "the PFOS+PFOA sum over 50 ng/L is flagged")


def t_unknown_option(a):
    p = run([a.aquifer, "run", "--no-such-flag", "x.toml"])
    expect(p.returncode == 2, f"an unknown command-line option exits 2 (got {p.returncode})")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("test")
    ap.add_argument("--aquifer", required=True)
    ap.add_argument("--mpiexec", required=True)
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--scenarios", required=True)
    ap.add_argument("--source", help="source tree, for version_commit")
    ap.add_argument("--cmake", help="cmake, for installed")
    ap.add_argument("--build-dir", help="build tree, for installed")
    a = ap.parse_args()
    shutil.rmtree(a.workdir, ignore_errors=True)
    os.makedirs(a.workdir)
    os.chdir(a.workdir)
    globals()["t_" + a.test](a)
    print("PASS", a.test)


if __name__ == "__main__":
    main()
