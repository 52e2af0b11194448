#!/usr/bin/env python3
"""`aquifer import-mf6` refusals: exit 2, a message naming the reason, nothing written (and an
existing folder left as it was); --force replaces a non-empty folder."""
import os
import shutil
import subprocess
import sys

from harness import parse_args

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data", "mf6")
failures = []


def importer(aquifer, mfsim, out, *extra):
    return subprocess.run([aquifer, "import-mf6", mfsim, "-o", out, *extra], capture_output=True, text=True)


def expect(name, ok, r):
    print(f"{name}: exit {r.returncode}: {(r.stderr.strip().splitlines() or [''])[-1]}")
    if not ok:
        print(r.stdout, r.stderr)
        failures.append(name)


def edited_deck(work, base, name, file, *edits):
    """A copy of deck `base` with (old, new) replacements in `file`."""
    d = os.path.join(work, name)
    shutil.copytree(os.path.join(DATA, base), d)
    path = os.path.join(d, file)
    text = open(path).read()
    for old, new in zip(edits[::2], edits[1::2]):
        assert old in text, (file, old)
        text = text.replace(old, new)
    open(path, "w").write(text)
    return os.path.join(d, "mfsim.nam")


def main():
    a = parse_args(ranks=False)
    deck = os.path.join(DATA, "test001a_Tharmonic", "mfsim.nam")

    # An existing non-empty folder: refused without --force, untouched; replaced with it.
    target = os.path.join(a.workdir, "taken")
    os.makedirs(target)
    open(os.path.join(target, "keep.txt"), "w").write("mine\n")
    r = importer(a.aquifer, deck, target)
    expect("non-empty folder", r.returncode == 2 and "--force" in r.stderr and
           os.listdir(target) == ["keep.txt"], r)
    r = importer(a.aquifer, deck, target, "--force")
    expect("--force", r.returncode == 0 and "keep.txt" not in os.listdir(target) and
           os.path.exists(os.path.join(target, "scenario.toml")), r)
    left = [f for f in os.listdir(a.workdir) if f.startswith(".")]
    expect("no temporary folders left", not left, r)

    # --force never replaces the folder that holds the deck.
    own = edited_deck(a.workdir, "test001a_Tharmonic", "own", "flow15.dis")
    r = importer(a.aquifer, own, os.path.dirname(own), "--force")
    expect("deck folder", r.returncode == 2 and "holds the deck" in r.stderr and os.path.exists(own), r)

    # An empty folder is fine.
    empty = os.path.join(a.workdir, "empty")
    os.makedirs(empty)
    r = importer(a.aquifer, deck, empty)
    expect("empty folder", r.returncode == 0 and os.path.exists(os.path.join(empty, "scenario.toml")), r)

    # A file in the way.
    blocker = os.path.join(a.workdir, "afile")
    open(blocker, "w").write("x")
    r = importer(a.aquifer, deck, blocker)
    expect("a file in the way", r.returncode == 2 and "not a folder" in r.stderr, r)

    # Features the scenario cannot express yet, and invalid decks: nothing written.
    cases = [
        ("unsupported package", edited_deck(a.workdir, "test001a_Tharmonic", "uzf", "flow15.nam",
                                            "  OC6", "  UZF6          flow15.uzf\n  OC6"), "UZF6"),
        ("invalid deck", edited_deck(a.workdir, "test001a_Tharmonic", "broken", "flow15.dis",
                                     "NCOL  10", "NCOL  ten"), "flow15.dis:"),
        ("missing deck", os.path.join(a.workdir, "nowhere", "mfsim.nam"), "mfsim.nam"),
    ]
    for name, mfsim, fragment in cases:
        out = os.path.join(a.workdir, "out-" + name.replace(" ", "-"))
        r = importer(a.aquifer, mfsim, out)
        ok = r.returncode == 2 and not os.path.exists(out) and (fragment is None or fragment in r.stderr)
        expect(name, ok, r)
    print(f"{len(failures)} failures: {failures}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
