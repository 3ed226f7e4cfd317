#!/usr/bin/env python3
"""Spoil a filled sheet-1 form the way people do (for ocop validate's tests):
clear 1.3, type "Đẹp" into 2.2, type the date 31/02/2026 and 15/03/2026 (two forms).

usage: break_workbook.py FILLED.xlsx OUT.xlsx DATE
"""
import sys

import openpyxl

src, dst, date = sys.argv[1:4]
wb = openpyxl.load_workbook(src)
ws = wb["Phiếu 1"]
for r in range(1, ws.max_row + 1):
    code, kind = ws.cell(row=r, column=1).value, ws.cell(row=r, column=8).value
    if kind == "meta" and code == "evaluated_on":
        ws.cell(row=r, column=3).value = date
    if kind == "criterion" and code == "1.3":
        ws.cell(row=r, column=3).value = None
    if kind == "criterion" and code == "2.2":
        ws.cell(row=r, column=3).value = "Đẹp"
wb.save(dst)
