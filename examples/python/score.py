#!/usr/bin/env python3
"""Score OCOP evaluations from Python with the `ocop` module (pybind11 bindings).

Usage: PYTHONPATH=build/tests/python python3 examples/python/score.py [EVALUATIONS.jsonl]
Without a file it scores the bundled synthetic sample, examples/data/sample-national.jsonl.
"""
import collections
import json
import os
import sys

import ocop

here = os.path.dirname(os.path.abspath(__file__))
path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "data",
                                                          "sample-national.jsonl")
with open(path, encoding="utf-8-sig") as f:
    evaluations = [json.loads(line) for line in f if line.strip()]

reg = ocop.Registry()  # built-in rulesets; qd26-2026 is the default edition
print(f"ocop {ocop.__version__}, rulesets {reg.ids()}")

# One product: the result is the documented JSON result as a dict; a refusal raises ocop.Error.
first = reg.score(evaluations[0])
print(f"{first['id']}: {first['total']} points, {first['stars']} stars ({first['decided_by']})")

# Many products: refused records come back as error dicts, the others are scored.
results = reg.score_many(evaluations, criteria=False)
refused = [r for r in results if "error" in r]
stars = collections.Counter(r["stars"] for r in results if "error" not in r)
print(f"{len(results) - len(refused)} scored, {len(refused)} refused; stars: "
      + ", ".join(f"{s}★ {stars[s]}" for s in sorted(stars)))
for r in refused[:5]:
    print(f"  record {r['index']} ({r.get('id', '?')}): {r['error']} at {r['path']}: {r['message']}")

# Exact cohort statistics by province (the document of `ocop aggregate`).
cohorts = reg.aggregate(evaluations, by=["province"], top=1, skip_errors=True)
for c in cohorts["cohorts"][:5]:
    weakest = c["weakest"][0]["criterion"] if c["weakest"] else "-"
    print(f"  {c['key']['province']}: {c['count']} products, mean {c['total']['mean']}, "
          f"weakest criterion {weakest}")
