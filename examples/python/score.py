#!/usr/bin/env python3
"""Score OCOP evaluations from Python with the `ocop` package (docs/embedding-python.md).

Usage: python3 examples/python/score.py [EVALUATIONS.jsonl|.csv]
Install first: pip install --no-build-isolation .   (or PYTHONPATH=build/tests/python)
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
print(f"ocop {ocop.__version__}, rulesets {[r.id for r in ocop.rulesets()]}")

# One product: a typed result with the exact total; a refusal raises ocop.Error.
with open(path, encoding="utf-8-sig") as f:
    first = json.loads(f.readline())
r = ocop.score(first)
print(f"{r.id}: {r.total_decimal} points (exact {r.total}), {r.stars} stars ({r.decided_by})")
plan = ocop.plan(first)
if plan.status == "planned":
    print(f"  to reach {plan.target}★: " + ", ".join(
        f"{c.criterion} {c.from_points}→{c.to_points}" for c in plan.changes))
else:
    print(f"  plan: {plan.message}")

# A whole file, streamed: refused records come back as ocop.Error (line, id, code, path).
stars = collections.Counter()
refused = []
for item in ocop.score_file(path):
    if isinstance(item, ocop.Error):
        refused.append(item)
    else:
        stars[item.stars] += 1
print(f"{sum(stars.values())} scored, {len(refused)} refused; stars: "
      + ", ".join(f"{s}★ {stars[s]}" for s in sorted(stars)))
for e in refused[:5]:
    print(f"  line {e.line} ({e.id or '?'}): {e.code} at {e.path}: {e.message}")

# Exact cohort statistics by province (the document of `ocop aggregate`); refused records
# are left out and listed instead of stopping the run.
cohorts = ocop.aggregate(path, by=["province"], top=1, skip_errors=True)
for c in cohorts.cohorts[:5]:
    weakest = c["weakest"][0]["criterion"] if c["weakest"] else "-"
    print(f"  {c['key']['province']}: {c['count']} products, mean {c['total']['mean']}, "
          f"weakest criterion {weakest}")
if cohorts.errors:
    print(f"  ({len(cohorts.errors)} record(s) skipped)")
