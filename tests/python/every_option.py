#!/usr/bin/env python3
"""Every option of every command, as `ocop CMD --help` lists it, run at least once.

For each command: a base invocation that succeeds, then the base with each option added in
turn (each value of a choice option; a sensible value for the others, with the options it
needs), and the run must succeed (exit 0) with no usage error. An option the help lists that
this script cannot run fails the test, so a new option cannot go untested. Options exercised
by a dedicated test instead (a browser, a server) are listed in ELSEWHERE with that test.
Usage: every_option.py OCOP_CLI SOURCE_DIR WORK_DIR"""
import concurrent.futures
import json
import os
import re
import subprocess
import sys

OCOP, SRC, WORK = (os.path.abspath(a) for a in sys.argv[1:4])

# Options exercised by another test (the test named).
ELSEWHERE = {
    ("report", "--pdf"): "report_chromium (headless Chromium)",
}
# Commands with their own parser and tests (test_serve), or nothing to exercise.
SKIP = {"serve", "help", "version"}

P74 = {"1.1": 2, "1.2": 2, "1.3": 2, "1.4": 2, "1.5": 2, "1.6": 1, "1.7": 1, "2.1": 1,
       "2.2": 2, "2.3": 3, "2.4": 1, "3.1": 3, "3.2": 0, "3.3": 2, "3.4": 2, "3.5": 2, "4.1": 3,
       "4.2": 3, "4.3": 5, "5.1": 5, "5.2": 1, "5.3": 3, "6.1": 2, "6.2": 3, "6.3": 3, "6.4": 2,
       "7": 1, "8": 3, "9": 4, "10": 3, "11": 2, "12": 3}


def run(args, **kw):
    return subprocess.run([OCOP, *args], capture_output=True, text=True, **kw)


def setup():
    os.makedirs(WORK, exist_ok=True)
    f = {}
    recs = [{"id": f"E{i}", "ruleset": "qd26-2026", "sheet": 1, "province": p, "year": 2025,
             "answers": P74} for i, p in enumerate(["Hà Nội", "Huế", "Hà Nội", "Cà Mau"])]
    f["evals"] = os.path.join(WORK, "evals.jsonl")
    with open(f["evals"], "w", encoding="utf-8") as h:
        h.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in recs)
    f["evals_csv"] = os.path.join(WORK, "evals.csv")
    with open(f["evals_csv"], "w", encoding="utf-8") as h:
        h.write(",".join(["id", "ruleset", "sheet", "province", "year", *P74]) + "\n")
        for r in recs:
            h.write(",".join([r["id"], r["ruleset"], "1", r["province"], "2025",
                              *(str(v) for v in P74.values())]) + "\n")
    f["recs_csv"] = os.path.join(WORK, "recognitions.csv")
    with open(f["recs_csv"], "w") as h:
        h.write("id,stars,recognised_on\nC1,4,2023-08-10\n")
    f["recs"] = os.path.join(WORK, "recognitions.jsonl")
    with open(f["recs"], "w") as h:
        h.write('{"id":"C1","stars":4,"recognised_on":"2023-08-10"}\n')
    f["evals148"] = os.path.join(WORK, "evals148.jsonl")
    r = run(["generate", "--ruleset", "qd148-2023", "--count", "4", "-o", f["evals148"]])
    assert r.returncode == 0, r.stderr
    doc = json.loads(run(["ruleset", "export", "qd26-2026"]).stdout)
    f["ruleset_same_id"] = os.path.join(WORK, "qd26-copy-same-id.json")
    with open(f["ruleset_same_id"], "w") as h:
        json.dump(doc, h)
    doc["id"] = "qd26-copy"
    f["ruleset"] = os.path.join(WORK, "qd26-copy.json")
    with open(f["ruleset"], "w") as h:
        json.dump(doc, h)
    f["crosswalk"] = os.path.join(SRC, "src", "crosswalks", "qd148-2023_to_qd26-2026.json")
    return f


def commands():
    names = []
    listing = run(["help"]).stdout.split("commands:", 1)[1]
    for line in listing.splitlines()[1:]:
        if not line.startswith("  "):
            break
        w = line.split()
        names.append(" ".join(w[:2]) if w[0] == "ruleset" else w[0])
    return names


def options(cmd):
    """(name, type text) of each option of `ocop CMD --help`."""
    out = run([*cmd.split(), "--help"]).stdout
    opts = []
    lines = out.splitlines()
    for i, line in enumerate(lines):
        m = re.match(r"\s+(?:-\w,)?(--[a-z][a-z0-9-]*)(?: (\S+))?", line)
        if not m or m.group(1) == "--help":
            continue
        kind = m.group(2) or ""
        # The range is on the option's line, or on the next when the option's is wrapped.
        wrapped = len(line) < 40 and i + 1 < len(lines) and not lines[i + 1].lstrip().startswith("-")
        rng = re.search(r"\[(\d+)\.\.(\d+)\]", line + (lines[i + 1] if wrapped else ""))
        opts.append((m.group(1), kind, rng))
    return opts


def base(cmd, f):
    return {
        "aggregate": [f["evals"], "--quiet"],
        "authority": [],
        "council": [f["evals"]],
        "expiring": ["--on", "2026-06-01", f["recs"]],
        "explain": [f["evals"]],
        "generate": ["--count", "3"],
        "plan": [f["evals"]],
        "range": [f["evals"]],
        "reference": ["--sheet", "1"],
        "report": [f["evals"], "--quiet", "--no-stdout"],
        "rescore": ["--from", "qd26-2026", "--to", "qd26-2026", f["evals"]],
        "ruleset diff": ["qd148-2023", "qd26-2026"],
        "ruleset export": ["qd26-2026"],
        "ruleset in-force": ["--as-of", "2026-06-01"],
        "ruleset lint": ["qd26-2026"],
        "ruleset list": [],
        "ruleset show": ["qd26-2026"],
        "schema": ["--sheet", "1"],
        "score": [f["evals"], "--quiet"],
        "sheet": ["--sheet", "1"],
        "template": ["-o", os.path.join(WORK, "base.xlsx")],
        "validate": [f["evals"]],
    }[cmd]


NUMBERS = {"--max-line-bytes": "100000", "--threads": "2", "--count": "3", "--seed": "7",
           "--sheet": "1", "--target": "5", "--members": "2", "--top": "3", "--action-rows": "5",
           "--stars": "5"}


def invocations(cmd, opt, kind, rng, f, n):
    """The argument lists that exercise `opt` of `cmd` (replacing the base's own use)."""
    out = os.path.join(WORK, f"out-{n}")
    special = {
        "--ruleset-file": [["--ruleset-file", f["ruleset"]]],
        "--replace": [["--replace", "--ruleset-file", f["ruleset_same_id"]]],
        "--default": [["--default", "qd148-2023" if cmd != "explain" else "qd26-2026"]],
        "--as-of": [["--as-of", "2024-01-01"]],
        "--output": [["--output", out + (".xlsx" if cmd == "template" else ".txt")]],
        "--errors": [["--errors", out + ".err.jsonl"]],
        "--out-dir": [["--out-dir", out]],
        "--split": [["--split", out]],
        "--id": [["--id", "E2"]],
        "--by": [["--by", "province"], ["--by", "province,year"]],
        "--where": [["--where", "province=Hà Nội"]],
        "--years": [["--years", "2023-2025"]],
        "--title": [["--title", "Báo cáo"]],
        "--on": [["--on", "2026-06-01"]],
        "--stars": [["--on", "2026-06-01", "--stars", "5"]],
        "--score": [["--on", "2026-06-01", "--stars", "4", "--score", "92.5"]],
        "--input": [["--format", "sql", "--input", f["evals"]]],
        "--crosswalk": [["--crosswalk", f["crosswalk"]]],
        "--near": [["--near", "2.5"]],
        "--spread": [["--spread", "0.5"]],
        "--from": [], "--to": [],  # in the base
    }
    if opt in special:
        return special[opt]
    if "|" in kind:  # each value of a choice
        runs = []
        for v in kind.split("|"):
            extra = []
            if opt == "--format" and v == "xlsx":
                extra = ["-o", out + ".xlsx"]
            if opt == "--input-format" and v == "csv":
                extra = ["__CSV__"]
            if opt == "--csv-dialect" and cmd == "report":
                extra = ["--out-dir", out + "-" + v]
            if opt == "--csv-dialect" and cmd == "template":
                extra = ["--format", "csv"]
            runs.append([opt, v, *extra])
        return runs
    if kind == "ID":
        return [[opt, "qd26-2026"]]
    if kind == "N" or rng:
        return [[opt, NUMBERS.get(opt, rng.group(1) if rng else "1")]]
    if kind in ("YYYY-MM-DD",):
        return [[opt, "2026-06-01"]]
    if kind in ("", "Needs:", "Excludes:"):  # a flag
        if opt == "--pdf":
            return None
        return [[opt]]
    return None


def adjust(cmd, args, f):
    """The base with the exercised arguments: inputs swapped when an option needs others."""
    b = base(cmd, f)
    if "__CSV__" in args:
        args = [a for a in args if a != "__CSV__"]
        b = [f["evals_csv"] if a == f["evals"] else f["recs_csv"] if a == f["recs"] else a
             for a in b]
    if "--crosswalk" in args:
        b = ["--from", "qd148-2023", "--to", "qd26-2026", f["evals148"]]
    if "--split" in args and cmd == "reference":
        b = []
    if cmd == "template" and "--format" in args and "-o" not in args:
        fmt = args[args.index("--format") + 1]
        b = ["-o", os.path.join(WORK, "t-" + fmt + "." + fmt)]
    if cmd == "template" and "--defects" in args:
        args = args + ["--sheet", "1"]  # strict refuses the sheets with printed defects
    if cmd == "ruleset export" and "--sheet" in args:
        args = args + ["--format", "sql"]
    if cmd == "ruleset export" and "--input-format" in args:
        args = args + ["--format", "sql", "--input",
                       f["evals_csv"] if "csv" in args else f["evals"]]
    # An option given again replaces the base's (with its value).
    given = {"-o" if a == "--output" else a for a in args if a.startswith("-")}
    given |= {"--output" if a == "-o" else a for a in given}
    kept, i = [], 0
    while i < len(b):
        if b[i] in given:
            i += 1 if i + 1 < len(b) and b[i + 1].startswith("-") else 2
            continue
        kept.append(b[i])
        i += 1
    return kept + args


def main():
    f = setup()
    failures, jobs, covered = [], [], 0
    for cmd in commands():
        if cmd in SKIP:
            continue
        r = run([*cmd.split(), *base(cmd, f)])
        if r.returncode != 0:
            failures.append(f"ocop {cmd} (base): exit {r.returncode}: {r.stderr.strip()[:300]}")
            continue
        for n, (opt, kind, rng) in enumerate(options(cmd)):
            if (cmd, opt) in ELSEWHERE:
                covered += 1
                continue
            inv = invocations(cmd, opt, kind, rng, f, f"{cmd.replace(' ', '-')}-{n}")
            if inv is None:
                failures.append(f"ocop {cmd} {opt}: no way to run it here (type {kind!r})")
                continue
            if not inv:  # part of the base invocation
                covered += 1
                continue
            for args in inv:
                jobs.append([*cmd.split(), *adjust(cmd, args, f)])
            covered += 1

    def check(full):
        r = run(full, input="")
        # ruleset lint exits 1 for lint errors (strict: printed defects are errors).
        ok = (0, 1) if full[:2] == ["ruleset", "lint"] else (0,)
        if r.returncode not in ok:
            return f"ocop {' '.join(full[:12])}: exit {r.returncode}: {r.stderr.strip()[:300]}"
        return None

    with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 2) as pool:
        failures += [x for x in pool.map(check, jobs) if x]
    runs = len(jobs)
    for x in failures:
        print("FAIL " + x)
    print(f"{covered} options of every command exercised in {runs} runs; "
          f"{len(failures)} failure(s)")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
