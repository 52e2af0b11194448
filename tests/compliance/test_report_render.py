"""Renders report.html in headless Chromium to a PNG and a PDF; fails on a JavaScript or
console error, an empty (uniform) screenshot, or a PDF without pages.

Usage: test_report_render.py --aquifer PATH --workdir DIR [--chromium PATH] [--keep-png FILE]
       test_report_render.py --html FILE --workdir DIR ...   (render an existing report)
"""
import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile

from PIL import Image

from compliance_case import run, write_case


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def chromium(binary, args, workdir):
    profile = tempfile.mkdtemp(prefix="chromium-profile-", dir=workdir)
    cmd = [binary, "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=" + profile,
           "--enable-logging=stderr", "--v=0", "--no-first-run", "--disable-extensions",
           "--hide-scrollbars", "--virtual-time-budget=2000"] + args
    r = run(cmd, timeout=120)
    shutil.rmtree(profile, ignore_errors=True)
    return r


# Console messages of the page (JavaScript errors and console.* calls) in Chromium's log.
CONSOLE = re.compile(r'(CONSOLE[(:]\d+|Uncaught|SyntaxError|ReferenceError|TypeError)')


def check_log(r, what):
    bad = [line for line in r.stderr.splitlines() if CONSOLE.search(line)]
    if bad:
        fail(f"{what}: JavaScript / console errors:\n" + "\n".join(bad))


def check_png(path, width):
    if not os.path.exists(path):
        fail("no screenshot written")
    img = Image.open(path).convert("RGB")
    colours = img.getcolors(maxcolors=1 << 20)
    if colours is None or len(colours) < 20:
        fail(f"the screenshot has {0 if colours is None else len(colours)} colours: empty render")
    # Something other than the background in the top, middle and lower thirds.
    w, h = img.size
    for band in range(3):
        crop = img.crop((0, band * h // 3, w, (band + 1) * h // 3))
        if len(crop.getcolors(maxcolors=1 << 20) or []) < 3:
            fail(f"band {band} of the {width}px screenshot is blank")
    print(f"screenshot {path}: {w} x {h}, {len(colours)} colours")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--aquifer")
    p.add_argument("--html")
    p.add_argument("--workdir", required=True)
    p.add_argument("--chromium", default=shutil.which("chromium") or "/usr/bin/chromium")
    p.add_argument("--keep-png")
    args = p.parse_args()
    shutil.rmtree(args.workdir, ignore_errors=True)
    os.makedirs(args.workdir)
    html = args.html
    if not html:
        scenario = write_case(os.path.join(args.workdir, "case"))
        r = run([args.aquifer, "run", scenario])
        if r.returncode != 0:
            fail(f"run exited {r.returncode}: {r.stderr}")
        html = os.path.join(args.workdir, "case", "results", "report.html")
    url = "file://" + os.path.abspath(html)
    for width, height in ((1200, 2400), (390, 3200)):   # desktop and a phone
        png = os.path.join(args.workdir, f"report-{width}.png")
        r = chromium(args.chromium, [f"--window-size={width},{height}", "--screenshot=" + png, url],
                     args.workdir)
        check_log(r, f"screenshot {width}px")
        check_png(png, width)
    pdf = os.path.join(args.workdir, "report.pdf")
    r = chromium(args.chromium, ["--print-to-pdf=" + pdf, "--no-pdf-header-footer", url], args.workdir)
    check_log(r, "print to PDF")
    data = open(pdf, "rb").read() if os.path.exists(pdf) else b""
    pages = len(re.findall(rb"/Type\s*/Page[^s]", data))
    if not data.startswith(b"%PDF") or pages < 1:
        fail(f"no PDF pages ({len(data)} bytes)")
    print(f"PDF {pdf}: {pages} page(s), {len(data)} bytes")
    if args.keep_png:
        shutil.copy(os.path.join(args.workdir, "report-1200.png"), args.keep_png)
    print("render OK")


if __name__ == "__main__":
    main()
