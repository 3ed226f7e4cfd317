#!/usr/bin/env python3
"""Evaluate `ocop ruleset export --format jsonlogic` rules on evaluations (docs/export-jsonlogic.md).

usage: doc-jsonlogic.py RULES.json EVALUATIONS.jsonl

For each evaluation (JSON Lines, or one JSON document), renames its answers to the JsonLogic
keys of its sheet (`1.1` -> `1_1`), evaluates the sheet's `missing`, `invalid` and `result`
rules and prints `ID: [total, part_a, part_b, part_c, band_stars, marker_stars, stars]`, or the
missing / invalid criteria. A small evaluator of the operators the export uses (the JsonLogic
semantics of jsonlogic.com: `var` with a default, `missing`, `missing_some`, `merge`, `if`,
`and`, `or`, `!`, `!!`, `==`, `===`, `!=`, `!==`, `in`, `+`, `min`, `max`, comparisons); only
answers given as points are understood, as the export's data contract says.
"""
import json
import sys


def truthy(v):
    return not (v is None or v is False or v == 0 or v == "" or v == [])


def get_var(data, path, default=None):
    if path == "" or path is None:
        return data
    cur = data
    for part in str(path).split("."):
        if isinstance(cur, dict) and part in cur:
            cur = cur[part]
        elif isinstance(cur, list) and part.isdigit() and int(part) < len(cur):
            cur = cur[int(part)]
        else:
            return default
    return cur


def apply(rule, data):
    if isinstance(rule, list):
        return [apply(r, data) for r in rule]
    if not isinstance(rule, dict) or len(rule) != 1:
        return rule
    op, args = next(iter(rule.items()))
    if not isinstance(args, list):
        args = [args]
    if op == "if":
        i = 0
        while i + 1 < len(args):
            if truthy(apply(args[i], data)):
                return apply(args[i + 1], data)
            i += 2
        return apply(args[i], data) if i < len(args) else None
    if op == "and":
        v = True
        for a in args:
            v = apply(a, data)
            if not truthy(v):
                return v
        return v
    if op == "or":
        v = False
        for a in args:
            v = apply(a, data)
            if truthy(v):
                return v
        return v
    a = [apply(x, data) for x in args]
    if op == "var":
        v = get_var(data, a[0] if a else "", a[1] if len(a) > 1 else None)
        return a[1] if v is None and len(a) > 1 else v
    if op == "missing":
        keys = a[0] if len(a) == 1 and isinstance(a[0], list) else a
        return [k for k in keys if get_var(data, k) in (None, "")]
    if op == "missing_some":
        need, keys = a
        miss = [k for k in keys if get_var(data, k) in (None, "")]
        return [] if len(keys) - len(miss) >= need else miss
    if op == "merge":
        out = []
        for x in a:
            out.extend(x if isinstance(x, list) else [x])
        return out
    if op == "!":
        return not truthy(a[0])
    if op == "!!":
        return truthy(a[0])
    if op in ("==", "==="):
        return a[0] == a[1]
    if op in ("!=", "!=="):
        return a[0] != a[1]
    if op == "in":
        return a[0] in a[1] if a[1] is not None else False
    if op == "+":
        return sum(a)
    if op == "min":
        return min(a)
    if op == "max":
        return max(a)
    if op in ("<", "<=") and len(a) == 3:
        return (a[0] < a[1] if op == "<" else a[0] <= a[1]) and (
            a[1] < a[2] if op == "<" else a[1] <= a[2])
    if op == "<":
        return a[0] < a[1]
    if op == "<=":
        return a[0] <= a[1]
    if op == ">":
        return a[0] > a[1]
    if op == ">=":
        return a[0] >= a[1]
    raise ValueError(f"operator {op} is not handled by this evaluator")


def records(path):
    text = open(path, encoding="utf-8-sig").read()
    try:
        doc = json.loads(text)
        return doc if isinstance(doc, list) else [doc]
    except ValueError:
        return [json.loads(ln) for ln in text.splitlines() if ln.strip()]


def main(argv):
    if len(argv) != 3:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    rules = json.load(open(argv[1], encoding="utf-8"))
    sheets = {s["sheet"]: s for s in rules["sheets"]}
    code = 0
    for ev in records(argv[2]):
        sh = sheets.get(ev.get("sheet"))
        if sh is None:
            print(f"{ev.get('id')}: sheet {ev.get('sheet')} is not in the rules")
            code = 1
            continue
        data = {"answers": {sh["keys"].get(k, k): v for k, v in ev.get("answers", {}).items()}}
        for k in ("knockouts", "dossier_rejected"):
            if k in ev:
                data[k] = ev[k]
        missing = apply(sh["rules"]["missing"], data)
        invalid = apply(sh["rules"]["invalid"], data)
        if missing or invalid:
            print(f"{ev.get('id')}: missing {missing}, invalid {invalid}")
            code = 1
            continue
        print(f"{ev.get('id')}: {json.dumps(apply(sh['rules']['result'], data))}")
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv))
