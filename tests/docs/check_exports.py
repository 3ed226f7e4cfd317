#!/usr/bin/env python3
"""ctest doc_exports: the JsonLogic rules of docs/export-jsonlogic.md, applied by
tools/doc-jsonlogic.py to generated evaluations of every built-in ruleset, give the total, the
parts and the stars of `ocop score`, record by record (councils and answers by option, outside
the export's data contract, are left out and counted).

usage: check_exports.py OCOP SOURCE_DIR
"""
import csv
import importlib.util
import io
import json
import os
import subprocess
import sys
import tempfile


def main(ocop, source):
    spec = importlib.util.spec_from_file_location(
        "jl", os.path.join(source, "tools", "doc-jsonlogic.py"))
    jl = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(jl)
    fails, compared, left_out = 0, 0, 0
    with tempfile.TemporaryDirectory() as tmp:
        for rs in ("qd26-2026", "qd148-2023", "qd1048-2019"):
            gen = os.path.join(tmp, rs + ".jsonl")
            subprocess.run([ocop, "generate", "--count", "600", "--seed", "23", "--ruleset", rs,
                            "-o", gen], check=True)
            rules = json.loads(subprocess.run(
                [ocop, "ruleset", "export", rs, "--format", "jsonlogic"], check=True,
                capture_output=True).stdout)
            sheets = {s["sheet"]: s for s in rules["sheets"]}
            scored = subprocess.run([ocop, "score", gen, "--format", "csv", "--quiet"],
                                    capture_output=True)
            rows = {r["id"]: r for r in csv.DictReader(io.StringIO(scored.stdout.decode()))}
            for line in open(gen, encoding="utf-8"):
                ev = json.loads(line)
                if "members" in ev or "answers" not in ev or not all(
                        isinstance(v, int) for v in ev.get("answers", {}).values()):
                    left_out += 1
                    continue
                sh = sheets[ev["sheet"]]
                data = {"answers": {sh["keys"][k]: v for k, v in ev["answers"].items()}}
                for k in ("knockouts", "dossier_rejected"):
                    if k in ev:
                        data[k] = ev[k]
                got = jl.apply(sh["rules"]["result"], data)
                r = rows[ev["id"]]
                want = [int(r["total"] or 0), int(r["A"] or 0), int(r["B"] or 0),
                        int(r["C"] or 0), int(r["band_stars"]), int(r["marker_stars"]),
                        int(r["stars"])]
                if r["status"] == "rejected":
                    want = [0] * 7
                if r["status"] == "knocked_out":
                    # The rules give the figures, stars 0; compare what both say.
                    got, want = [got[0], got[6]], [want[0], want[6]]
                compared += 1
                if got != want:
                    fails += 1
                    if fails <= 10:
                        print(f"FAIL {rs} {ev['id']} sheet {ev['sheet']} ({r['status']}): "
                              f"JsonLogic {got}, ocop score {want}")
    print(f"JsonLogic against ocop score: {compared} record(s) compared, {left_out} outside "
          f"the data contract, {fails} difference(s)")
    return 1 if fails or compared == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
