#!/usr/bin/env python3
"""Fill an `ocop template` workbook the way a council member would, with openpyxl (an
independent reader and writer of .xlsx), and write the same answers as JSON Lines.

usage: fill_workbook.py TEMPLATE.xlsx FILLED.xlsx ANSWERS.jsonl [--seed N] [--prefix P]

Every visible form worksheet (hidden column H marks its rows) gets an id, a province, a year
and one option per criterion, chosen at random (seeded) from the hidden `LuaChon` list;
only the first case of a choose-one group is answered. Member forms of one sheet (a council
template) become one record with `members`. The JSON answers use {"option": k}, read from the
list's option-number column, never from ocop.
"""
import json
import random
import sys

import openpyxl


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    opts = dict(a[2:].split("=", 1) for a in argv if a.startswith("--") and "=" in a)
    src, dst, answers_path = args[:3]
    rng = random.Random(int(opts.get("seed", "1")))
    prefix = opts.get("prefix", "XL")
    wb = openpyxl.load_workbook(src)
    lists = wb["LuaChon"]
    options = {}  # (sheet, criterion id) -> [(k, text)]
    for row in lists.iter_rows(min_row=2, values_only=True):
        text, _points, sheet, cid, k = row[:5]
        if text is None:
            continue
        options.setdefault((int(sheet), str(cid)), []).append((int(k), text))

    records = {}
    order = []
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        kinds = {r: ws.cell(row=r, column=8).value for r in range(1, ws.max_row + 1)}
        if "criterion" not in kinds.values():
            continue
        meta = {}
        for r, k in kinds.items():
            if k == "meta":
                meta[ws.cell(row=r, column=1).value] = (r, ws.cell(row=r, column=3).value)
        ruleset = meta["ruleset"][1]
        sheet = int(meta["sheet"][1])
        member = int(meta["member"][1]) if "member" in meta else 0
        key = (ruleset, sheet) if member else (ruleset, sheet, ws.title)
        rid = f"{prefix}-{ruleset}-{sheet}"
        if key not in records:
            records[key] = {"id": rid, "ruleset": ruleset, "sheet": sheet,
                            "province": "Hà Nội", "year": 2026}
            order.append(key)
        rec = records[key]
        if member <= 1:
            ws.cell(row=meta["id"][0], column=3).value = rid
            ws.cell(row=meta["province"][0], column=3).value = "Hà Nội"
            ws.cell(row=meta["year"][0], column=3).value = 2026
        answers = {}
        for r, k in kinds.items():
            if k != "criterion":
                continue
            cid = str(ws.cell(row=r, column=1).value)
            title = ws.cell(row=r, column=2).value or ""
            if "(trường hợp " in title and "(trường hợp 1)" not in title:
                continue
            opts_ = options[(sheet, cid)]
            # Mostly good answers, so that every star level and the minimums show up.
            k_, text = opts_[-1] if rng.random() < 0.35 else rng.choice(opts_)
            ws.cell(row=r, column=3).value = text
            answers[cid] = {"option": k_}
        if member:
            rec.setdefault("members", []).append(answers)
        else:
            rec["answers"] = answers
    wb.save(dst)
    with open(answers_path, "w", encoding="utf-8") as f:
        for key in order:
            f.write(json.dumps(records[key], ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
