#!/usr/bin/env python3
"""Print a crosswalk row by row with both rubric texts side by side, for review.

For every target criterion: its kind, the source criteria, both titles and maxima, then
every source option with its points and the target option it is linked to (or OPEN), and
the target options no source option reaches. Used to review src/crosswalks/*.json line by
line against the built-in rulesets (docs/rescore.md, "Crosswalks").

usage: crosswalk_review.py CROSSWALK.json FROM.json TO.json [SHEET...]
"""
import json
import sys


def index(rs):
    out = {}
    for s in rs["sheets"]:
        for g in s.get("groups", []):
            for c in g["criteria"]:
                out[(s["no"], c["id"])] = c
    return out


def main():
    cw = json.load(open(sys.argv[1], encoding="utf-8"))
    fa = index(json.load(open(sys.argv[2], encoding="utf-8")))
    fb = index(json.load(open(sys.argv[3], encoding="utf-8")))
    only = {int(x) for x in sys.argv[4:]}
    for sh in cw["sheets"]:
        no = sh["sheet"]
        if only and no not in only:
            continue
        print(f"===== sheet {no} ({cw['from']} sheet {sh.get('from_sheet')} → {cw['to']} sheet {no})")
        for r in sh["criteria"]:
            cb = fb[(no, r["to"])]
            print(f"\n[{r['kind']}] {r['to']}  ← {', '.join(r.get('from', [])) or '(none)'}")
            print(f"  TO   {cb['title_vi']}  (max {cb['max_points']})")
            for f in r.get("from", []):
                ca = fa[(sh.get("from_sheet") or no, f)]
                print(f"  FROM {f}: {ca['title_vi']}  (max {ca['max_points']})")
                if r.get("options") is None or len(r.get("from", [])) != 1:
                    # Merged, replaced or wholly open rows: the source options, for review.
                    for o in ca["options"]:
                        case = f"[case {o['case_no']}] " if o.get("case_no") else ""
                        print(f"      {o['points']:>2} {case}{o['label_vi']}")
            if r.get("note"):
                print(f"  NOTE {r['note']}")
            opts = r.get("options")
            reached = set()
            if opts and len(r.get("from", [])) == 1:
                ca = fa[(sh.get("from_sheet") or no, r["from"][0])]
                for k, o in enumerate(ca["options"]):
                    t = opts.get(str(k + 1))
                    if o.get("case_no"):
                        # An alternative case of one criterion (1048/2019 3.2).
                        print(f"    [case {o['case_no']}]")
                    if t:
                        reached.add(t)
                        ob = cb["options"][t - 1]
                        print(f"    {o['points']:>2} {o['label_vi']}\n    → {ob['points']:>2} {ob['label_vi']}")
                    else:
                        print(f"    {o['points']:>2} {o['label_vi']}\n    → OPEN")
            for j, ob in enumerate(cb["options"]):
                if j + 1 not in reached:
                    print(f"    (target {j + 1}: {ob['points']} {ob['label_vi']})")
        for d in sh.get("dropped", []):
            ca = fa[(sh.get("from_sheet") or no, d["from"])]
            print(f"\n[dropped] {d['from']}: {ca['title_vi']} (max {ca['max_points']})  {d.get('note', '')}")
        print()


if __name__ == "__main__":
    main()
