#!/usr/bin/env python3
"""Check the structure of an `ocop template` workbook with openpyxl (an independent reader):
every criterion's choice cell has an in-cell drop-down (list validation) over its options in
the hidden LuaChon worksheet, is unlocked while the rest is protected (and the workbook's
structure is locked), the points are
formulas, the page is A4 with the heading row repeated. Prints the number of forms checked.

usage: inspect_template.py TEMPLATE.xlsx
"""
import sys

import openpyxl


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


wb = openpyxl.load_workbook(sys.argv[1])
# The workbook's structure is locked: no worksheet added, removed, renamed or unhidden.
if wb.security is None or not wb.security.lockStructure:
    fail("the workbook structure is not protected")
lists = wb["LuaChon"]
if lists.sheet_state != "hidden":
    fail("LuaChon is not hidden")
forms = 0
for ws in wb.worksheets:
    if ws.sheet_state != "visible" or ws.title.startswith("Tổng hợp"):
        continue
    forms += 1
    if not ws.protection.sheet:
        fail(f"{ws.title}: not protected")
    if ws.page_setup.paperSize not in (9, "9"):
        fail(f"{ws.title}: paper {ws.page_setup.paperSize}, not A4 (9)")
    if not ws.print_title_rows:
        fail(f"{ws.title}: no repeated heading row")
    if ws.column_dimensions["H"].hidden is not True:
        fail(f"{ws.title}: the kind column H is not hidden")
    validations = {}
    for dv in ws.data_validations.dataValidation:
        for rng in dv.sqref.ranges:
            validations[rng.coord] = dv
    for r in range(1, ws.max_row + 1):
        kind = ws.cell(row=r, column=8).value
        choice = ws.cell(row=r, column=3)
        if kind == "criterion":
            dv = validations.get(f"C{r}")
            if dv is None or dv.type != "list" or not dv.formula1.startswith("LuaChon!$A$"):
                fail(f"{ws.title}!C{r}: no drop-down over LuaChon ({dv and dv.formula1})")
            if choice.protection.locked:
                fail(f"{ws.title}!C{r}: the choice cell is locked")
            pts = ws.cell(row=r, column=4).value
            if not (isinstance(pts, str) and pts.startswith("=IF(C") and "VLOOKUP" in pts):
                fail(f"{ws.title}!D{r}: points are not a formula: {pts!r}")
            # The drop-down's options belong to this criterion.
            first, last = dv.formula1.split("!")[1].replace("$", "").replace("A", "").split(":")
            cid = ws.cell(row=r, column=1).value
            for lr in range(int(first), int(last) + 1):
                if str(lists.cell(row=lr, column=4).value) != str(cid):
                    fail(f"{ws.title}!C{r}: option row {lr} is for {lists.cell(row=lr, column=4).value}, not {cid}")
        elif kind in ("group", "part", "total"):
            f = ws.cell(row=r, column=4).value
            if not (isinstance(f, str) and f.startswith("=SUM(")):
                fail(f"{ws.title}!D{r}: {kind} is not a SUM formula: {f!r}")
            if ws.cell(row=r, column=1).protection.locked is False:
                fail(f"{ws.title}!A{r}: structure cell unlocked")
print(forms)
