#!/usr/bin/env python3
"""Open ocop's workbooks in a real spreadsheet program (LibreOffice Calc, headless).

1. `ocop template` for every sheet of qd26-2026 and qd148-2023, and a council template;
2. filled by fill_workbook.py (openpyxl, which writes the choices but no computed values);
3. LibreOffice recalculates and exports every worksheet as CSV: each criterion's points,
   each group and part subtotal, each total and the council mean must equal what
   `ocop score` computes from the same workbook;
4. the blank template converts to PDF on A4 (pages rendered to PNG with pdftoppm when
   present, for a person to look at: tests/tmp/libreoffice/*.png).

Exit 77 (CTest skip) when libreoffice or openpyxl is absent.
"""
import csv
import glob
import json
import os
import shutil
import subprocess
import sys
from fractions import Fraction

OCOP = os.environ["OCOP_CLI"]
SRC = os.environ["OCOP_SOURCE_DIR"]
WORK = os.environ.get("OCOP_WORK", "/tmp/ocop-libreoffice")
CSV_FILTER = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1'


def skip(msg):
    print("SKIP: " + msg)
    sys.exit(77)


def run(cmd, **kw):
    r = subprocess.run(cmd, capture_output=True, text=True, **kw)
    if r.returncode not in (0,):
        print("FAILED:", " ".join(cmd), r.returncode, r.stdout, r.stderr, sep="\n")
        sys.exit(1)
    return r.stdout


def libreoffice(args, cwd):
    # A private profile so that parallel tests and users do not share a lock.
    profile = "file://" + os.path.join(WORK, "profile")
    return run([LO, "-env:UserInstallation=" + profile, "--headless", "--norestore"] + args,
               cwd=cwd, timeout=300)


def num(text):
    text = text.strip()
    return Fraction(text) if text else None


failures = []


def check(what, got, want):
    if got != want:
        failures.append(f"{what}: LibreOffice {got}, ocop {want}")


def compare(tag, filled, results):
    """LibreOffice's values of every form and summary worksheet against ocop's results."""
    outdir = os.path.join(WORK, tag + "-csv")
    os.makedirs(outdir, exist_ok=True)
    libreoffice(["--convert-to", CSV_FILTER, "--outdir", outdir, filled], WORK)
    by_sheet = {}
    for r in results:
        by_sheet[(r["ruleset"], r["sheet"])] = r
    base = os.path.splitext(os.path.basename(filled))[0]
    checked = 0
    for path in sorted(glob.glob(os.path.join(outdir, base + "-*.csv"))):
        name = os.path.basename(path)[len(base) + 1:-4]
        with open(path, encoding="utf-8") as f:
            rows = list(csv.reader(f))
        kinds = [(row[7] if len(row) > 7 else "") for row in rows]
        if name.startswith("Tổng hợp"):
            sheet = int(name.split()[-1])
            r = next(v for (rs, s), v in by_sheet.items() if s == sheet)
            mean = next(row for row in rows if row and row[0].startswith("Trung bình"))
            # LibreOffice prints the mean with up to 15 significant digits.
            got = Fraction(mean[1])
            want = Fraction(r["total_exact"])
            if abs(got - want) > Fraction(1, 10**9):
                failures.append(f"{name}: council mean {float(got)} != ocop {r['total']}")
            checked += 1
            continue
        if "criterion" not in kinds:
            continue
        meta = {row[0]: row[2] for row, k in zip(rows, kinds) if k == "meta"}
        r = by_sheet[(meta["ruleset"], int(meta["sheet"]))]
        council = "member" in meta
        groups = {g["code"]: g for g in r["groups"]}
        crit = {c["id"]: c for c in r["criteria"]}
        part_sum = {}
        total = None
        for row, k in zip(rows, kinds):
            if k == "criterion" and not council:
                got = num(row[3])
                # The unanswered case of a choose-one group is not in the result: blank.
                want = crit.get(row[0], {}).get("points")
                check(f"{name} {row[0]} points", got, None if want is None else Fraction(str(want)))
            elif k == "group" and not council:
                check(f"{name} group {row[0]}", num(row[3]), Fraction(str(groups[row[0]]["points"])))
            elif k == "part":
                part_sum[row[0]] = num(row[3])
            elif k == "total":
                total = num(row[3])
        if council:
            # A member's own form: its parts add up to its total; the mean is checked above.
            check(f"{name} parts add up", sum(part_sum.values()), total)
        else:
            for p, v in part_sum.items():
                check(f"{name} part {p}", v, Fraction(str(r["parts"][p])))
            check(f"{name} total", total, Fraction(r["total_exact"]))
        checked += 1
    return checked


def main():
    global LO
    LO = shutil.which("libreoffice") or shutil.which("soffice")
    if not LO:
        skip("libreoffice not found; install libreoffice-calc (OCOP_WITH_TEST_TOOLS=1 tools/install-deps.sh)")
    py = None
    for cand in ("/usr/bin/python3", sys.executable, "python3"):
        if cand and subprocess.run([cand, "-c", "import openpyxl"], capture_output=True).returncode == 0:
            py = cand
            break
    if not py:
        skip("python3-openpyxl not installed")
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)
    cases = [("qd26", ["--ruleset", "qd26-2026"], 26), ("qd148", ["--ruleset", "qd148-2023"], 26),
             ("council", ["--ruleset", "qd26-2026", "--sheet", "26", "--members", "3"], 4)]
    for tag, args, forms in cases:
        tpl = os.path.join(WORK, tag + ".xlsx")
        filled = os.path.join(WORK, tag + "-filled.xlsx")
        run([OCOP, "template"] + args + ["-o", tpl])
        run([py, os.path.join(SRC, "tests/python/fill_workbook.py"), tpl, filled,
             os.path.join(WORK, tag + ".jsonl"), "--seed=11", "--prefix=LO"])
        out = run([OCOP, "score", filled, "--quiet", "--detail", "criteria"])
        results = [json.loads(line) for line in out.splitlines() if line]
        n = compare(tag, filled, results)
        print(f"{tag}: {len(results)} record(s), {n} worksheet(s) recalculated by LibreOffice")
        if n != forms:
            failures.append(f"{tag}: {n} worksheets compared, expected {forms}")
    # The blank template prints on A4.
    tpl = os.path.join(WORK, "print.xlsx")
    run([OCOP, "template", "--ruleset", "qd26-2026", "--sheet", "1", "-o", tpl])
    libreoffice(["--convert-to", "pdf", "--outdir", WORK, tpl], WORK)
    pdf = os.path.join(WORK, "print.pdf")
    if not os.path.exists(pdf):
        failures.append("no PDF written")
    elif shutil.which("pdfinfo"):
        info = run(["pdfinfo", pdf])
        if "(A4)" not in info:
            failures.append("the template does not print on A4:\n" + info)
        if shutil.which("pdftoppm"):
            run(["pdftoppm", "-r", "80", "-png", pdf, os.path.join(WORK, "print")])
    for f in failures:
        print("FAIL:", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
