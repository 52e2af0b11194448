"""Shared helpers for the verification cases (tests/verification/<case>/check.py).

Each case writes a scenario (TOML + raster files) into its work folder, runs
`mpiexec -np N aquifer run scenario.toml -o <workdir>/out`, reads heads.csv and budget.csv,
and compares the heads with an analytic solution at a stated tolerance. Every check prints
its tolerance, the reason for that tolerance, and the largest error with its location; the
case exits non-zero if any check failed.

Conventions used here (the same as the scenario contract and docs/outputs.md):
  * numpy arrays of heads are indexed [time][layer][row][col], 0-based, with
    row 0 = SOUTHERN row (smallest y), layer 0 = top layer, col 0 = western column;
    cells missing from heads.csv (inactive or dry) are NaN.
  * raster files are written with the first line = NORTHERN row, as the contract requires,
    so `write_raster` flips the rows of a [row][col] array.

Only numpy is used (no scipy). This module also holds the special functions the analytic
solutions need (Theis well function W(u) = E1(u)).
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field

import numpy as np

# Every run checks the water budget: |discrepancy_percent| below this in every step.
# Why 1e-6 %: the budget is computed from the converged heads with the same conductances the
# solver assembles, so in - out equals the final nonlinear residual summed over cells; with
# the solver's convergence tolerances that is many orders below 1e-8 of the gross flow.
# A larger discrepancy means a flow term is assembled in the matrix but not in the budget
# (or vice versa), or the solve did not converge.
BUDGET_DISCREPANCY_TOL_PERCENT = 1e-6

BUDGET_COMPONENTS = ("storage", "constant_head", "general_head", "river", "drain", "wells",
                     "recharge", "flooding")

RUN_TIMEOUT_S = 120


# ---------------------------------------------------------------------------------------
# special functions
# ---------------------------------------------------------------------------------------
EULER_GAMMA = 0.57721566490153286061


def theis_well_function(u: float) -> float:
    """Theis well function W(u) = E1(u) = integral_u^inf exp(-t)/t dt, for u > 0.

    u < 1: power series  E1(u) = -gamma - ln u - sum_{k>=1} (-u)^k / (k k!)
    u >= 1: continued fraction (modified Lentz, as in Numerical Recipes `expint`)
      E1(u) = exp(-u) / (u + 1 - 1^2/(u + 3 - 2^2/(u + 5 - ...))).
    Both are accurate to ~1e-15 relative in their ranges.
    """
    if not u > 0.0:
        raise ValueError(f"theis_well_function: u must be > 0, got {u}")
    if u < 1.0:
        total = 0.0
        term = 1.0
        k = 1
        while True:
            term *= -u / k                   # (-u)^k / k!
            contribution = term / k
            total += contribution
            if abs(contribution) < 1e-17 * max(abs(total), 1e-300):
                break
            k += 1
            if k > 200:
                break
        return -EULER_GAMMA - math.log(u) - total
    tiny = 1e-300
    b = u + 1.0
    c = 1.0 / tiny
    d = 1.0 / b
    h = d
    for i in range(1, 1000):
        an = -float(i * i)
        b += 2.0
        d = 1.0 / (an * d + b)
        c = b + an / c
        delta = c * d
        h *= delta
        if abs(delta - 1.0) < 1e-16:
            break
    return h * math.exp(-u)


def theis_drawdown(r_m: float, t_d: float, q_m3_per_d: float, t_m2_per_d: float,
                   storativity: float) -> float:
    """Theis (1935) drawdown s [m] at radius r [m], time t [d] for a well pumping Q > 0 [m3/d]
    from a confined aquifer of transmissivity T [m2/d] and storativity S [-]:
        s = Q / (4 pi T) W(u),  u = r^2 S / (4 T t)."""
    u = r_m * r_m * storativity / (4.0 * t_m2_per_d * t_d)
    return q_m3_per_d / (4.0 * math.pi * t_m2_per_d) * theis_well_function(u)


# ---------------------------------------------------------------------------------------
# scenario writing
# ---------------------------------------------------------------------------------------
def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        v = float(value)
        if not math.isfinite(v):
            raise ValueError(f"cannot write non-finite number {v} to TOML")
        text = repr(v)
        if "e" not in text and "." not in text:
            text += ".0"
        return text
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items()) + " }"
    raise TypeError(f"cannot write {type(value).__name__} to TOML")


def to_toml(scenario: dict) -> str:
    """Serialises a scenario dict: a dict value is a [table], a non-empty list of dicts an
    [[array of tables]]; other values (and dicts nested inside tables) are plain keys and
    inline tables. Python floats are always written as TOML floats (1.0, 1e-05)."""
    def is_table_array(v):
        return isinstance(v, list) and v and all(isinstance(e, dict) for e in v)

    lines: list[str] = []
    for key, value in scenario.items():
        if not isinstance(value, dict) and not is_table_array(value):
            lines.append(f"{key} = {_toml_value(value)}")
    for key, value in scenario.items():
        entries = [value] if isinstance(value, dict) else value if is_table_array(value) else []
        header = f"[{key}]" if isinstance(value, dict) else f"[[{key}]]"
        for entry in entries:
            lines.append(f"\n{header}")
            lines.extend(f"{k} = {_toml_value(v)}" for k, v in entry.items())
    return "\n".join(lines) + "\n"


def write_raster(path: str, array_row_col) -> None:
    """Writes a [row][col] array (row 0 = SOUTHERN row) as a raster CSV: ny lines of nx
    values, FIRST LINE = NORTHERN ROW. A [layer][row][col] array is written as nlay*ny lines,
    layer 1 (top) first, each layer north row first."""
    a = np.asarray(array_row_col, dtype=float)
    if a.ndim == 1:
        a = a.reshape(1, -1)
    layers = a if a.ndim == 3 else a[np.newaxis]
    with open(path, "w", encoding="ascii") as f:
        for layer in layers:
            for row in layer[::-1]:            # northern row first
                f.write(",".join(f"{v:.17g}" for v in row) + "\n")


def cell_box(layer: int, col: int, row: int, col2: int | None = None,
             row2: int | None = None) -> dict:
    """`cells` index box, 1-based inclusive (row 1 = southern row)."""
    return {"layer": layer, "col": [col, col if col2 is None else col2],
            "row": [row, row if row2 is None else row2]}


def constant_head(head_m: float, layer: int, col: int, row: int, col2: int | None = None,
                  row2: int | None = None) -> dict:
    """A [[boundary]] entry holding a 1-based index box at a fixed head [m]."""
    return {"kind": "constant_head", "cells": cell_box(layer, col, row, col2, row2),
            "head": float(head_m)}


def base_scenario(name: str, nx: int, ny: int, dx: float, dy: float, layers: list[dict],
                  initial_head=0.0) -> dict:
    """Scenario skeleton: steady state (no [time]), csv output only (the other writers are
    switched off to keep the runs fast)."""
    return {
        "model": {"name": name, "start": "2020-01-01"},
        "grid": {"nx": nx, "ny": ny, "dx": float(dx), "dy": float(dy), "x0": 0.0, "y0": 0.0},
        "layers": layers,
        "initial": {"head": initial_head},
        "output": {"csv": True, "hdf5": False, "netcdf": False, "report": False},
    }


# ---------------------------------------------------------------------------------------
# results
# ---------------------------------------------------------------------------------------
@dataclass
class RunResult:
    label: str
    out_dir: str
    times_d: np.ndarray            # [nt] output times
    heads: np.ndarray              # [nt, nlay, ny, nx], NaN where missing
    budget: dict                   # column name -> np.ndarray (one entry per step)
    budget_dates: list = field(default_factory=list)
    wall_s: float = 0.0

    def heads_at(self, t_d: float, tol_d: float = 1e-9) -> np.ndarray:
        """Heads [nlay, ny, nx] at output time t_d (must be an output time)."""
        i = np.nonzero(np.abs(self.times_d - t_d) <= tol_d * max(1.0, abs(t_d)))[0]
        if len(i) != 1:
            raise CaseError(f"{self.label}: no single output at t = {t_d} d; output times are "
                            f"{list(self.times_d)}")
        return self.heads[i[0]]

    @property
    def final(self) -> np.ndarray:
        return self.heads[-1]


class CaseError(Exception):
    """A problem that stops a case (the run failed, an output file is malformed)."""


def read_heads_csv(path: str, nlay: int, ny: int, nx: int):
    """heads.csv -> (times [nt], heads [nt, nlay, ny, nx] with NaN for missing cells)."""
    if not os.path.exists(path):
        raise CaseError(f"{path} was not written (is `[output] csv = true` honoured?)")
    with open(path, encoding="utf-8") as f:
        header = f.readline().strip().split(",")
        expected = ["time_d", "layer", "row", "col", "head"]
        if header[:5] != expected:
            raise CaseError(f"{path}: header {header} does not start with {expected}")
        data = np.loadtxt(f, delimiter=",", usecols=(0, 1, 2, 3, 4), ndmin=2)
    if data.size == 0:
        raise CaseError(f"{path}: no data rows")
    times = np.unique(data[:, 0])
    heads = np.full((len(times), nlay, ny, nx), np.nan)
    it = np.searchsorted(times, data[:, 0])
    lay = data[:, 1].astype(int) - 1
    row = data[:, 2].astype(int) - 1
    col = data[:, 3].astype(int) - 1
    bad = (lay < 0) | (lay >= nlay) | (row < 0) | (row >= ny) | (col < 0) | (col >= nx)
    if bad.any():
        k = int(np.nonzero(bad)[0][0])
        raise CaseError(f"{path}: data row {k + 2} has index (layer,row,col) = "
                        f"({lay[k] + 1},{row[k] + 1},{col[k] + 1}) outside the "
                        f"{nlay}x{ny}x{nx} grid")
    heads[it, lay, row, col] = data[:, 4]
    counts = np.zeros_like(heads)
    np.add.at(counts, (it, lay, row, col), 1)
    if (counts > 1).any():
        t, l, r, c = np.argwhere(counts > 1)[0]
        raise CaseError(f"{path}: cell (layer {l + 1}, row {r + 1}, col {c + 1}) appears "
                        f"{int(counts[t, l, r, c])} times at t = {times[t]} d")
    return times, heads


def read_budget_csv(path: str):
    """budget.csv -> (dict column -> float array, list of date strings)."""
    if not os.path.exists(path):
        raise CaseError(f"{path} was not written")
    with open(path, encoding="utf-8") as f:
        header = f.readline().strip().split(",")
        rows = [line.strip().split(",") for line in f if line.strip()]
    if not header or header[0] != "time_d" or "discrepancy_percent" not in header:
        raise CaseError(f"{path}: header {header} lacks time_d / discrepancy_percent")
    columns: dict = {}
    dates = []
    for name_index, name in enumerate(header):
        if name == "date":
            dates = [r[name_index] for r in rows]
            continue
        try:
            columns[name] = np.array([float(r[name_index]) for r in rows])
        except (ValueError, IndexError) as e:
            raise CaseError(f"{path}: column {name} is not numeric in every row ({e})") from e
    return columns, dates


# ---------------------------------------------------------------------------------------
# the case runner
# ---------------------------------------------------------------------------------------
class Case:
    """One verification case: parses the ctest arguments, runs scenarios, records checks."""

    def __init__(self, name: str, summary: str):
        parser = argparse.ArgumentParser(description=f"verification case {name}: {summary}")
        parser.add_argument("--aquifer", required=True, help="path to the aquifer binary")
        parser.add_argument("--np", type=int, default=1, help="MPI ranks")
        parser.add_argument("--mpiexec", default="mpiexec", help="path to mpiexec")
        parser.add_argument("--workdir", required=True, help="scratch folder (recreated)")
        self.args = parser.parse_args()
        self.name = name
        self.np = self.args.np
        self.workdir = os.path.abspath(self.args.workdir)
        self.failures: list[str] = []
        self.n_checks = 0
        self.started = time.monotonic()
        if os.path.isdir(self.workdir):
            shutil.rmtree(self.workdir)
        os.makedirs(self.workdir)
        print(f"=== verification case {name} at {self.np} MPI rank(s): {summary}")
        print(f"    workdir {self.workdir}")

    # ---- running -------------------------------------------------------------------------
    def run(self, label: str, scenario: dict, rasters: dict | None = None,
            dims: tuple | None = None, np_ranks: int | None = None,
            expect_all_active: bool = True) -> RunResult:
        """Writes <workdir>/<label>/scenario.toml and its raster files, runs aquifer, reads
        heads.csv and budget.csv, and checks the budget discrepancy of every step.

        rasters: file name -> [row][col] (or [layer][row][col]) array, row 0 = south.
        dims: (nlay, ny, nx); taken from the scenario when omitted.
        expect_all_active: fail if any cell is missing from heads.csv at any output time.
        """
        ranks = self.np if np_ranks is None else np_ranks
        run_dir = os.path.join(self.workdir, label)
        os.makedirs(run_dir, exist_ok=True)
        for file_name, array in (rasters or {}).items():
            write_raster(os.path.join(run_dir, file_name), array)
        scenario_path = os.path.join(run_dir, "scenario.toml")
        with open(scenario_path, "w", encoding="utf-8") as f:
            f.write(f"# verification case {self.name}, run {label} (written by check.py)\n")
            f.write(to_toml(scenario))
        out_dir = os.path.join(run_dir, "out")
        cmd = [self.args.mpiexec, "--allow-run-as-root", "--oversubscribe", "-np", str(ranks),
               os.path.abspath(self.args.aquifer), "run", scenario_path, "-o", out_dir]
        print(f"--- run {label} at {ranks} rank(s): {' '.join(cmd)}")
        t0 = time.monotonic()
        try:
            proc = subprocess.run(cmd, cwd=run_dir, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT, text=True, timeout=RUN_TIMEOUT_S)
        except subprocess.TimeoutExpired as e:
            out = e.stdout if isinstance(e.stdout, str) else (e.stdout or b"").decode(
                errors="replace")
            raise CaseError(f"run {label}: aquifer did not finish within {RUN_TIMEOUT_S} s\n"
                            f"{out}") from e
        wall = time.monotonic() - t0
        if proc.returncode != 0:
            raise CaseError(f"run {label}: aquifer exited with status {proc.returncode} "
                            f"after {wall:.1f} s. Its output:\n{proc.stdout}\n"
                            f"scenario: {scenario_path}")
        print(f"    finished in {wall:.2f} s")
        if dims is None:
            dims = (len(scenario["layers"]), scenario["grid"]["ny"], scenario["grid"]["nx"])
        nlay, ny, nx = dims
        times, heads = read_heads_csv(os.path.join(out_dir, "heads.csv"), nlay, ny, nx)
        budget, dates = read_budget_csv(os.path.join(out_dir, "budget.csv"))
        result = RunResult(label, out_dir, times, heads, budget, dates, wall)
        if expect_all_active:
            missing = np.isnan(heads)
            self.check(not missing.any(),
                       f"{label}: every cell has a head at every output time",
                       f"{int(missing.sum())} (time, cell) entries missing from heads.csv, "
                       f"first at {self._where(np.argwhere(missing)[0], times)}"
                       if missing.any() else "")
        self.check_budget(result)
        return result

    # ---- checks --------------------------------------------------------------------------
    def check(self, ok: bool, what: str, detail: str = "") -> bool:
        self.n_checks += 1
        if ok:
            print(f"PASS {what}")
        else:
            message = f"FAIL {what}" + (f": {detail}" if detail else "")
            print(message)
            self.failures.append(message)
        return ok

    @staticmethod
    def _where(index, times=None) -> str:
        """Formats an index into a [time][layer][row][col] (or shorter) array, 1-based."""
        index = [int(i) for i in index]
        parts = []
        if len(index) == 4:
            t = index.pop(0)
            parts.append(f"t = {times[t]:g} d" if times is not None else f"time index {t}")
        names = ["layer", "row", "col"][-len(index):] if len(index) <= 3 else []
        for n, i in zip(names, index):
            parts.append(f"{n} {i + 1}")
        return ", ".join(parts)

    def check_budget(self, result: RunResult) -> None:
        disc = result.budget["discrepancy_percent"]
        if len(disc) == 0:
            self.check(False, f"{result.label}: budget.csv has at least one step", "no rows")
            return
        worst = int(np.nanargmax(np.abs(disc))) if np.isfinite(disc).any() else 0
        finite = np.isfinite(disc).all()
        ok = finite and abs(disc[worst]) < BUDGET_DISCREPANCY_TOL_PERCENT
        self.check(ok, f"{result.label}: budget |discrepancy_percent| < "
                       f"{BUDGET_DISCREPANCY_TOL_PERCENT:g} in all {len(disc)} step(s) "
                       f"(max {abs(disc[worst]):.3g} at t = {result.budget['time_d'][worst]:g} d;"
                       f" the budget must close to solver precision)",
                   ("non-finite discrepancy in some step; " if not finite else "")
                   + self._budget_row(result, worst))

    def check_budget_term(self, result: RunResult, column: str, expected: float,
                          rel_tol: float, why: str) -> bool:
        """Every step's budget.csv `column` (e.g. "wells_out_m3_per_d") equals `expected`
        [m3/d] within rel_tol (relative to |expected|)."""
        if column not in result.budget:
            return self.check(False, f"{result.label}: budget.csv has a column {column}",
                              f"columns are {sorted(result.budget)}")
        values = result.budget[column]
        rel = np.abs(values - expected) / abs(expected)
        rel = np.where(np.isfinite(rel), rel, np.inf)
        i = int(np.argmax(rel))
        return self.check(rel[i] <= rel_tol,
                          f"{result.label}: budget {column} = {expected:.10g} m3/d in every "
                          f"step within {rel_tol:g} relative (worst {rel[i]:.2e}; {why})",
                          f"step {i + 1} (t = {result.budget['time_d'][i]:g} d) has "
                          f"{values[i]:.12g} m3/d")

    @staticmethod
    def _budget_row(result: RunResult, i: int) -> str:
        parts = []
        for c in BUDGET_COMPONENTS:
            for d in ("in", "out"):
                key = f"{c}_{d}_m3_per_d"
                if key in result.budget and result.budget[key][i] != 0.0:
                    parts.append(f"{key}={result.budget[key][i]:.10g}")
        return "step row " + ", ".join(parts)

    def compare(self, what: str, simulated, exact, tol: float, why: str,
                mask=None, scale: float | None = None, times=None) -> float:
        """Max |simulated - exact| over the cells where mask is True (all when None).

        scale: when given, the error is divided by it (a relative error, e.g. the mound
        height); tol is then relative too. Prints the max error with its location and fails
        the case when it exceeds tol. Returns the max error (scaled)."""
        sim = np.asarray(simulated, dtype=float)
        ex = np.asarray(exact, dtype=float)
        m = np.ones(sim.shape, bool) if mask is None else np.broadcast_to(mask, sim.shape)
        err = np.where(m, np.abs(sim - ex), 0.0)
        if scale is not None:
            err = err / scale
        nan_cells = m & ~np.isfinite(sim)
        if nan_cells.any():
            loc = self._where(np.argwhere(nan_cells)[0], times)
            self.check(False, f"{what}", f"simulated head missing/NaN at {loc}")
            return math.inf
        k = np.unravel_index(int(np.argmax(err)), err.shape)
        max_err = float(err[k])
        unit = "" if scale is None else " (relative)"
        loc = self._where(k, times) if sim.ndim <= 4 else str(k)
        detail = (f"max error {max_err:.3e}{unit} at {loc}: simulated {sim[k]:.12g}, "
                  f"exact {ex[k]:.12g}")
        ok = max_err <= tol
        self.check(ok, f"{what}: max error {max_err:.3e}{unit} <= {tol:g} "
                       f"[{int(m.sum())} values; tolerance because {why}]",
                   detail + f" -- exceeds tolerance {tol:g}")
        if ok:
            print(f"     ({detail})")
        return max_err

    def check_value(self, what: str, value: float, low: float, high: float, why: str) -> bool:
        ok = low <= value <= high
        return self.check(ok, f"{what} = {value:.6g} in [{low:g}, {high:g}] ({why})",
                          f"{value:.6g} outside [{low:g}, {high:g}]")

    # ---- end -----------------------------------------------------------------------------
    def finish(self) -> None:
        wall = time.monotonic() - self.started
        if self.failures:
            print(f"=== {self.name} at {self.np} rank(s): FAILED, {len(self.failures)} "
                  f"failure(s) in {self.n_checks} check(s) ({wall:.1f} s):")
            for f in self.failures:
                print("    " + f)
            sys.exit(1)
        print(f"=== {self.name} at {self.np} rank(s): all {self.n_checks} checks passed "
              f"({wall:.1f} s)")
        sys.exit(0)


def main(case_name: str, summary: str, body) -> None:
    """Runs body(case); turns a CaseError (failed run, bad output) into a clear failure."""
    case = Case(case_name, summary)
    try:
        body(case)
    except CaseError as e:
        case.failures.append(f"ERROR {e}")
        print(f"ERROR {e}")
    case.finish()
