#!/usr/bin/env python3
"""Score a pandas DataFrame (one row per evaluation, criterion columns as in the CSV layout of
docs/batch-and-cohorts.md) into a DataFrame of exact results (docs/embedding-python.md).

Usage: python3 examples/python/frame.py
"""
import json
import os

import pandas as pd

import ocop.pandas

here = os.path.dirname(os.path.abspath(__file__))
with open(os.path.join(here, "..", "data", "sample-national.jsonl"), encoding="utf-8") as f:
    records = [json.loads(line) for line, _ in zip(f, range(200))]

# The wide layout: id, sheet, metadata columns, then one column per criterion; a council
# (several members) writes one value per member in a cell, "3|2|3".
def row(r):
    members = [m.get("answers", m) for m in r.get("members", [r.get("answers", {})])]
    cells = {k: "|".join(str(m.get(k, "")) for m in members) for k in members[0]}
    return {"id": r["id"], "sheet": r["sheet"], "province": r["province"], "year": r["year"],
            "dossier_rejected": r.get("dossier_rejected"), **cells}


df = pd.DataFrame([row(r) for r in records])
results = ocop.pandas.score_frame(df)
print(results[["id", "sheet", "total_decimal", "stars", "decided_by"]].head())
scored = results[results["total"].notna()]
print(f"{len(scored)} scored, {results['error'].notna().sum()} refused; mean total (exact):",
      sum(scored["total"]) / len(scored))
print(results.groupby("stars").size().rename("products").to_string())
