#!/usr/bin/python3
"""Writes the 1M-cell benchmark problem (bench/README.md) as an aquifer scenario.

    /usr/bin/python3 bench/make_1m_scenario.py OUTDIR [--nx 160 --ny 160 --nz 40]

OUTDIR gets scenario.toml plus, per layer L = 1..nz, k_L.csv and kv_L.csv: ny lines of nx
values, the FIRST line the NORTHERN row (0-based row ny-1), as raster files are
(docs/scenario-format.md). K [m/d] = 10^(-1 + 2u) with u the benchmark hash of the 0-based
(layer, row, col), exactly as bench/benchmark_problem.hpp computes it; Kv = 0.1 K. Values are
written with repr(), which round-trips every double, so the model reads bit-identical K.

The same problem as bench/raw_petsc_1m.cpp with its defaults: 1 m cubes, layer 1 top at
nz m, confined, constant head 10 m in column 1 and 0 m in column nx over all layers and rows,
recharge 1e-3 m/d on the top layer, one steady solve (no [time] table).
"""
import argparse
import pathlib

import numpy as np

U32 = np.uint32


def unit_hash(layer, row, col):
    """u in [0, 1): the benchmark hash of 0-based (layer, row, col), 32-bit unsigned."""
    s = (col.astype(U32) * U32(73856093)) ^ (row.astype(U32) * U32(19349663)) \
        ^ (layer.astype(U32) * U32(83492791))
    s ^= s >> U32(13)
    s *= U32(0x5BD1E995)
    s ^= s >> U32(15)
    return (s % U32(10000)).astype(np.float64) / 10000.0


def k_horizontal(layer, ny, nx):
    """K [m/d] of one 0-based layer as an (ny, nx) array indexed [row, col], row 0 = south."""
    row, col = np.meshgrid(np.arange(ny), np.arange(nx), indexing="ij")
    u = unit_hash(np.full_like(row, layer), row, col)
    # Same operation as the C++ PetscPowReal(10.0, -1.0 + 2.0 * u): libm pow on doubles.
    return np.array([10.0 ** (-1.0 + 2.0 * x) for x in u.ravel()]).reshape(ny, nx)


def write_raster(path, values):
    """ny lines of nx values, first line = northern row (largest row index)."""
    with open(path, "w", encoding="ascii") as f:
        for row in values[::-1]:
            f.write(",".join(repr(float(v)) for v in row))
            f.write("\n")


def scenario_toml(nx, ny, nz):
    lines = [
        "# 1M-cell solver benchmark (bench/README.md), written by bench/make_1m_scenario.py.",
        "# K [m/d] = 10^(-1 + 2u), u = hash of the 0-based (layer, row, col); Kv = 0.1 K.",
        "[model]",
        'name = "bench-1m"',
        'start = "2024-01-01"',
        "",
        "[grid]",
        f"nx = {nx}",
        f"ny = {ny}",
        "dx = 1.0",
        "dy = 1.0",
        "",
    ]
    for layer in range(1, nz + 1):
        lines.append("[[layers]]")
        lines.append(f'name = "L{layer}"')
        if layer == 1:  # later tops are the bottom of the layer above
            lines.append(f"top = {float(nz)!r}")
        lines += [
            f"bottom = {float(nz - layer)!r}",
            f'k = {{ file = "k_{layer}.csv" }}',
            f'k_vertical = {{ file = "kv_{layer}.csv" }}',
            "ss = 1e-5",
            'type = "confined"',
            "",
        ]
    for col, head in ((1, 10.0), (nx, 0.0)):
        lines += [
            "[[boundary]]",
            'kind = "constant_head"',
            f"cells = {{ layer = [1, {nz}], col = [{col}, {col}], row = [1, {ny}] }}",
            f"head = {head!r}",
            "",
        ]
    lines += [
        "[[recharge]]",
        'id = "rain"',
        'rate = "1e-3 m/d"',
        "",
        "[output]",
        "csv = false",
        "",
        "[solver]",
        'linear_solver = "pfmg"',
        "",
    ]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=pathlib.Path)
    parser.add_argument("--nx", type=int, default=160)
    parser.add_argument("--ny", type=int, default=160)
    parser.add_argument("--nz", type=int, default=40)
    args = parser.parse_args()
    args.outdir.mkdir(parents=True, exist_ok=True)
    for layer in range(args.nz):  # 0-based in the hash, 1-based in file names
        k = k_horizontal(layer, args.ny, args.nx)
        write_raster(args.outdir / f"k_{layer + 1}.csv", k)
        write_raster(args.outdir / f"kv_{layer + 1}.csv", 0.1 * k)
    (args.outdir / "scenario.toml").write_text(scenario_toml(args.nx, args.ny, args.nz),
                                               encoding="ascii")
    print(f"wrote {args.outdir / 'scenario.toml'} and {2 * args.nz} K files")


if __name__ == "__main__":
    main()
