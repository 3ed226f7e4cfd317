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

# The wide layout: id, sheet, metadata columns, then one column per criterion.
df = pd.DataFrame([{"id": r["id"], "sheet": r["sheet"], "province": r["province"],
                    "year": r["year"], **r["answers"]} for r in records])
results = ocop.pandas.score_frame(df)
print(results[["id", "sheet", "total_decimal", "stars", "decided_by"]].head())
print("mean total (exact):", sum(results["total"]) / len(results))
print(results.groupby("stars").size().rename("products").to_string())
