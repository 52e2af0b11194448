"""Shared by the tests/mf6 scripts: their command line and how they run `aquifer`."""
import argparse
import os
import shutil
import subprocess


def parse_args(*extra, ranks=True):
    """--aquifer, --workdir (emptied and created) and, with `ranks`, --np and --mpiexec;
    `extra`: (flags, keyword arguments) pairs for ArgumentParser.add_argument."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--aquifer", required=True)
    if ranks:
        ap.add_argument("--np", type=int, default=1)
        ap.add_argument("--mpiexec", default="mpiexec")
    ap.add_argument("--workdir", required=True)
    for flags, kwargs in extra:
        ap.add_argument(*flags, **kwargs)
    args = ap.parse_args()
    shutil.rmtree(args.workdir, ignore_errors=True)
    os.makedirs(args.workdir)
    return args


def run_aquifer(args, argv, np_=1):
    """`aquifer argv` on np_ MPI ranks (mpiexec from args when np_ > 1), one OpenMP thread per
    rank; the completed process with its output captured."""
    cmd = [args.aquifer, *argv]
    if np_ > 1:
        cmd = [args.mpiexec, "--allow-run-as-root", "--oversubscribe", "-n", str(np_), *cmd]
    return subprocess.run(cmd, capture_output=True, text=True, env=dict(os.environ, OMP_NUM_THREADS="1"))
