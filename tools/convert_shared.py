#!/usr/bin/env python3
"""Convert the shared OCOP reference data into ocop-ruleset/1 files.

Usage: convert_shared.py SHARED_DIR OUT_DIR

Values are carried over as printed. Printed defects keep both the printed
value and the probable reading; which one scores is a loader policy, never
decided here. Duplicate criterion codes get unique ids ("6a-1", "6a-2").
"""
import collections
import json
import pathlib
import sys

FORMAT = "ocop-ruleset/1"


def note_list(node):
    out = []
    for n in node.get("notes") or []:
        item = {"vi": n["vi"], "en": n.get("en"), "kind": n.get("kind", "note")}
        if n.get("applies_to"):
            item["applies_to"] = n["applies_to"]
        out.append(item)
    if not out and node.get("note_vi"):
        out.append({"vi": node["note_vi"], "en": None, "kind": "note"})
    return out


# The 148 file prints knock-outs only inside note_vi: classify them with the wording the
# 26/2026 file uses for its `effect` labels (see qd26-2026-notes.md §5).
KNOCKOUT_WORDING = [
    ("không đánh giá những sản phẩm", "not_evaluated"),
    ("không đánh giá các bước tiếp theo", "stop_evaluation"),
    ("không xem xét các chỉ tiêu khác", "stop_evaluation"),
    ("bị loại", "disqualified"),
]


def knockouts_from_notes(node):
    out = []
    for line in (node.get("note_vi") or "").split("\n"):
        low = line.lower()
        for words, effect in KNOCKOUT_WORDING:
            if words in low:
                out.append({"vi": line.strip(), "en": None, "effect": effect,
                            "trigger": "declared"})
                break
    return out


def knockouts(node, where):
    out = []
    if "knockout" not in node and DERIVE_KNOCKOUTS[0]:
        return knockouts_from_notes(node)
    for k in node.get("knockout") or []:
        # Notes print a condition ("Nếu…", "Bị loại nếu…"), not an option:
        # the council declares it. The sheet-16 rule names its own trigger
        # (a zero on any listed criterion), which the engine can check.
        trigger = "declared"
        if k.get("applies_to") and ("0 điểm" in k["vi"] or
                                    str(k.get("trigger", "")).startswith("0 points")):
            trigger = "zero_points"
        item = {"vi": k["vi"], "en": k.get("en"), "effect": k["effect"], "trigger": trigger}
        if k.get("applies_to"):
            item["applies_to"] = k["applies_to"]
        out.append(item)
    return out


DERIVE_KNOCKOUTS = [False]


def convert_option(o):
    out = {"label_vi": o["label_vi"], "label_en": o.get("label_en"), "points": o["points"]}
    if o.get("min_star_marker"):
        out["marker"] = o["min_star_marker"]
    for key in ("points_printed", "points_probable", "marker_printed"):
        if key in o:
            out[key] = o[key]
    if o.get("synthetic"):
        out["synthetic"] = True
    if o.get("alternative_case_no"):
        out["case_no"] = o["alternative_case_no"]  # 1048: cases inside one criterion
    kos = knockouts(o, "option")
    if kos:
        out["knockouts"] = kos
    notes = note_list(o)
    if notes:
        out["notes"] = notes
    return out


def printed_code(c):
    # 1048 renames a repeated code itself (6.1.3 → 6.1.3b) and keeps the printed one.
    return c.get("code_printed", c["code"])


def convert_cases(c):
    """1048 3.2 (and tourism 9, 10, 16): alternative cases inside one criterion."""
    out = []
    for k in c.get("cases") or []:
        item = {"case_no": k["case_no"], "label_vi": k.get("label_vi"),
                "label_en": k.get("label_en")}
        if c.get("alternative_cases_inferred") or not k.get("label_vi"):
            item["inferred"] = True
        if k.get("label_source"):
            item["source"] = k["label_source"]
        out.append(item)
    # The shared file states the maximum per case: it must follow from the options.
    by_case = [max(o["points"] for o in c["options"] if o.get("alternative_case_no") == k["case_no"])
               for k in c.get("cases") or []]
    if "max_points_by_case" in c and by_case != c["max_points_by_case"]:
        raise SystemExit(f'{c["code"]}: max_points_by_case {c["max_points_by_case"]} '
                         f'but the options give {by_case}')
    return out


def convert_sheet(s):
    counts = collections.Counter(
        printed_code(c) for p in s["parts"] for g in p["groups"] for c in g["criteria"])
    seen = collections.Counter()
    groups = []
    ids = {}
    for p in s["parts"]:
        for g in p["groups"]:
            crits = []
            for c in g["criteria"]:
                code = printed_code(c)
                seen[code] += 1
                cid = code if counts[code] == 1 else f'{code}-{seen[code]}'
                ids[c["code"]] = cid
                cc = {"id": cid, "code": code, "title_vi": c["title_vi"],
                      "title_en": c.get("title_en"), "max_points": c["max_points"]}
                for key in ("max_points_printed", "max_points_probable"):
                    if key in c:
                        cc[key] = c[key]
                if c.get("binary"):
                    cc["binary"] = True
                if c.get("alternative_case"):
                    cc["case_no"] = c.get("alternative_case_no") or (1 + sum(
                        1 for x in crits if x.get("case_no")))
                if c.get("required_from_star"):
                    cc["required_from_star"] = c["required_from_star"]
                if c.get("parent_subgroup_vi") and not c.get("parent_code"):
                    cc["subgroup_printed"] = c["parent_subgroup_vi"]
                if c.get("cases"):
                    cc["cases"] = convert_cases(c)
                notes = note_list(c)
                if notes:
                    cc["notes"] = notes
                kos = knockouts(c, "criterion")
                if kos:
                    cc["knockouts"] = kos
                cc["options"] = [convert_option(o) for o in c["options"]]
                cc["_derived"] = c.get("derived_min_points_for_star") or {}
                crits.append(cc)
            gg = {"part": p["code"], "code": g["code"], "title_vi": g["title_vi"],
                  "title_en": g.get("title_en"), "max_points": g["max_points"]}
            for key in ("max_points_printed", "max_points_probable"):
                if key in g:
                    gg[key] = g[key]
            if g.get("choose_one_case"):
                gg["choose_one_case"] = True
            if g.get("subgroups"):
                gg["subgroups"] = [convert_subgroup(sg, ids) for sg in g["subgroups"]]
            notes = note_list(g)
            if notes:
                gg["notes"] = notes
            kos = knockouts(g, "group")
            if kos:
                gg["knockouts"] = kos
            gg["criteria"] = crits
            groups.append(gg)
    status = "consistent" if s["status"] == "internally_consistent" else "defective"
    if s["status"] == "MISSING_IN_SOURCE":
        status = "missing"
    out = {"no": s["sheet_no"], "name_vi": s["name_vi"], "name_en": s["name_en"],
           "industry": s.get("industry"), "product_group_vi": s.get("group_vi"),
           "status": status}
    dr = s.get("dossier_rejection")
    out["dossier_rejection"] = ({"vi": dr["vi"], "en": dr.get("en")} if dr else None)
    defects = []
    for d in s.get("defects") or []:
        if d.get("affects_points", True):
            defects.append({"where": d["where"], "printed": d["printed"],
                            "problem": d["problem"], "probable_reading": d["probable_reading"]})
    for v in s.get("validation_issues") or []:
        if not s.get("defects"):
            defects.append({"where": "sheet", "printed": v, "problem": v,
                            "probable_reading": None})
    out["defects"] = defects
    out["groups"] = groups
    return out


def convert_subgroup(sg, ids):
    out = {"code": sg["code"], "title_vi": sg["title_vi"], "title_en": sg.get("title_en"),
           "max_points": sg["max_points"],
           "criteria": [ids.get(code, code) for code in sg["criteria_codes"]]}
    notes = note_list(sg)
    if notes:
        out["notes"] = notes
    kos = knockouts(sg, "subgroup")
    if kos:
        out["knockouts"] = kos
    return out


def derive_minimums(crit, use_probable):
    """Cumulative reading: min for N = highest points among options marked k <= N."""
    mins = {}
    for n in (3, 4, 5):
        best = None
        for o in crit["options"]:
            pts = o["points"]
            if use_probable and "points_probable" in o:
                pts = o["points_probable"]
            if o.get("marker") and o["marker"] <= n and pts is not None:
                best = pts if best is None else max(best, pts)
        if crit.get("required_from_star") and crit["required_from_star"] <= n:
            nonzero = [o["points"] for o in crit["options"] if o["points"]]
            if nonzero:
                best = max(best or 0, min(nonzero))
        if best is not None:
            mins[str(n)] = best
    return mins


def check_and_strip(sheets, label):
    """The shared file derives minimums with the same reading: say where we differ."""
    diffs = 0
    for s in sheets:
        for g in s["groups"]:
            for c in g["criteria"]:
                derived = c.pop("_derived")
                ours = derive_minimums(c, False)
                if {k: v for k, v in derived.items()} != ours:
                    diffs += 1
                    print(f"{label} sheet {s['no']} {c['id']}: shared derives {derived}, "
                          f"markers give {ours}", file=sys.stderr)
    return diffs


FRAMES = {
    "qd148-2023": {
        "title": "Decision 148/QĐ-TTg (24 Feb 2023), Appendix III: OCOP product rating criteria",
        "status": "lapsed",
        "provenance": {
            "decision": "148/QĐ-TTg", "issued_on": "2023-02-24", "effective_from": "2023-02-24",
            "effective_until": "2026-07-20",
            "amended_by": ["1489/QĐ-TTg (2025-07-06): procedure only, district level removed"],
            "replaced_by": "qd26-2026",
            "unofficial": True,
        },
        "procedure": {
            "stages": [
                {"from": "2023-02-24", "until": "2025-07-05", "basis": "148/QĐ-TTg Appendix II",
                 "recognised_by": {"3": "district", "4": "province", "5": "central"},
                 "district_forwards_min_score": 70, "central_min_score": 90},
                {"from": "2025-07-06", "until": "2026-07-20", "basis": "1489/QĐ-TTg",
                 "recognised_by": {"3": "province", "4": "province", "5": "ministry"},
                 "central_min_score": 90},
            ],
            "certificate": {"valid_months": 36, "issued_for_stars": [3, 4, 5],
                            "renewal_notice_days": 30},
        },
        # qd148-2023-notes.md §1: effective on signing, replaces 1048/2019 and 781/2020; no
        # window for pending dossiers is reported, so the windows are 0 days: a 1048 dossier
        # is scored under 1048 only when evaluated before the cut-over.
        "transition": {
            "cutover": "2023-02-24",
            "predecessor": "qd1048-2019",
            "basis": "148/QĐ-TTg: effective on signing, replaces 1048/QĐ-TTg and 781/QĐ-TTg; "
                     "no transition window found",
            "pending_dossiers": {"filed_before": "2023-02-24", "ruleset": "qd1048-2019",
                                 "first_evaluation_days": 0, "re_evaluation_days": 0},
        },
    },
    "qd1048-2019": {
        "title": "Decision 1048/QĐ-TTg (21 Aug 2019), amended by 781/QĐ-TTg (8 Jun 2020), "
                 "Phụ lục III: OCOP product rating criteria",
        "status": "lapsed",
        "provenance": {
            "decision": "1048/QĐ-TTg", "issued_on": "2019-08-21", "effective_from": "2019-08-21",
            "effective_until": "2023-02-23",
            "amended_by": ["781/QĐ-TTg (2020-06-08): tourism group renamed \"Dịch vụ du lịch "
                           "cộng đồng và điểm du lịch\"; Mục 6 added to Phụ lục II (minimum "
                           "criteria per star, partly known: procedure.minimums_781, not applied)"],
            "replaced_by": "qd148-2023",
            "unofficial": True,
        },
        "procedure": {
            # qd1048-2019-notes.md §6: district forwards 50–100, province certifies 3★/4★,
            # >= 90 goes to the national council for 5★ (signer UNCONFIRMED); 36 months.
            "stages": [
                {"from": "2019-08-21", "until": "2020-06-07", "basis": "1048/QĐ-TTg Phụ lục II",
                 "recognised_by": {"3": "province", "4": "province", "5": "central"},
                 "district_forwards_min_score": 50, "central_min_score": 90},
                {"from": "2020-06-08", "until": "2023-02-23",
                 "basis": "1048/QĐ-TTg Phụ lục II as amended by 781/QĐ-TTg (Mục 6: minimum "
                          "criteria per star)",
                 "recognised_by": {"3": "province", "4": "province", "5": "central"},
                 "district_forwards_min_score": 50, "central_min_score": 90},
            ],
            "certificate": {"valid_months": 36, "issued_for_stars": [3, 4, 5]},
        },
    },
    "qd26-2026": {
        "title": "Decision 26/2026/QĐ-TTg (22 May 2026), Phụ lục II: OCOP product rating criteria",
        "status": "in_force",
        "provenance": {
            "decision": "26/2026/QĐ-TTg", "issued_on": "2026-05-22", "effective_from": "2026-05-22",
            "effective_until": None, "replaces": ["qd148-2023"], "unofficial": True,
        },
        "procedure": {
            "stages": [
                {"from": "2026-05-22", "until": None, "basis": "26/2026/QĐ-TTg Art. 4, 7",
                 "recognised_by": {"3": "province", "4": "province", "5": "ministry"},
                 "central_min_score": 90,
                 "central_below_min": "province may certify 3 or 4 stars from the central result (Art. 7.4.g)"},
            ],
            "certificate": {"valid_months": 36, "issued_for_stars": [3, 4, 5],
                            "re_evaluation_window_days": {"earliest": 180, "latest": 120},
                            "late_re_evaluation_grace_days": 180},
        },
        "transition": {
            "cutover": "2026-05-22",
            "predecessor": "qd148-2023",
            "basis": "Art. 12.2",
            "pending_dossiers": {"filed_before": "2026-05-22", "ruleset": "qd148-2023",
                                 "first_evaluation_days": 60, "re_evaluation_days": 30},
        },
    },
}


# 148/QĐ-TTg (2023) sheets whose transcription does not add up (qd148-2023-notes.md §3.3,
# "Notes on the ⚠ sheets"; README "Known defects"). The shared file states each only as a
# one-line validation issue; these entries say exactly what is printed and what is missing,
# so that every result scored on the sheet carries the defect warning. No probable reading:
# the notes cannot say which option or criterion lost the points.
QD148_DEFECTS = {
    7: [{"where": "C 6d (d) Mùi, odour; declared max 4)",
         "printed": "criterion maximum 4; options 1 / 2 / 3",
         "problem": "the best option scores 3 under a 4-point maximum: one option is probably "
                    "missing or mis-scored (148/QĐ-TTg transcription, qd148-2023-notes.md §3.3); "
                    "the printed maxima add up to 100 but at most 99 points are reachable",
         "probable_reading": None}],
    11: [{"where": "Part C (groups 6-11)",
          "printed": "group maxima 13 + 5 + 4 + 5 + 2 + 3 = 32",
          "problem": "Part C is 35 under 148/QĐ-TTg; 3 points are missing somewhere (sensory "
                     "group 6 prints 13: appearance 4 = impurities 2 + leaf shape/colour 2, "
                     "infusion 9 = colour 3 + aroma 3 + taste 3; qd148-2023-notes.md §3.3); "
                     "at most 97 points are reachable",
          "probable_reading": None}],
    12: [{"where": "Part C (groups 6-11)",
          "printed": "group maxima 13 + 5 + 4 + 5 + 2 + 3 = 32",
          "problem": "Part C is 35 under 148/QĐ-TTg; 3 points are missing somewhere (sensory "
                     "group 6 prints 13 = 2 + 2 + 3 + 3 + 3, as on tea sheet 11; "
                     "qd148-2023-notes.md §3.3); at most 97 points are reachable",
          "probable_reading": None}],
    13: [{"where": "Part C (groups 6-11)",
          "printed": "group maxima 14 + 5 + 4 + 5 + 2 + 3 = 33",
          "problem": "Part C is 35 under 148/QĐ-TTg; 2 points are missing (sensory group 6 "
                     "has 7 sub-criteria x 2 = 14; qd148-2023-notes.md §3.3); at most 98 "
                     "points are reachable",
          "probable_reading": None}],
}


def build(shared_file, rid):
    d = json.loads(shared_file.read_text(encoding="utf-8"))
    frame = FRAMES[rid]
    prov = dict(frame["provenance"])
    src = d.get("sheet_data_source") or {}
    prov["source"] = src.get("description")
    prov["source_url"] = src.get("url")
    prov["converted_from"] = shared_file.name
    prov["converted_by"] = "tools/convert_shared.py"
    out = {
        "format": FORMAT, "id": rid, "title": frame["title"], "status": frame["status"],
        "provenance": prov,
        "parts": [{"code": p["code"], "name_vi": p["name_vi"], "name_en": p["name_en"],
                   "budget": p["max_points"]} for p in d["parts"]],
        "star_bands": [{"stars": b["stars"], "min": b["min"], "max": b["max"],
                        "max_inclusive": b["max_inclusive"]} for b in d["star_bands"]],
        "council": {"combine": "mean"},
        "policies": {"missed_minimum": "cap", "defects": "probable"},
        "procedure": frame["procedure"],
    }
    if "transition" in frame:
        out["transition"] = frame["transition"]
    if "minimums_781" in d:
        # Text only: which criteria the 781 minimums concern is not known (notes §3).
        out["procedure"] = dict(out["procedure"], minimums_781=d["minimums_781"])
    if d.get("sheets_missing"):
        prov["note"] = (
            f'{len(d["sheets"]) - len(d["sheets_missing"])} of {len(d["sheets"])} sheets '
            "transcribed; missing sheets (" +
            ", ".join(str(m["sheet_no"]) for m in d["sheets_missing"]) +
            ") are named and refuse to score (sheet_missing). Printed defects without a "
            "numeric reading are scored as printed with a warning (defects: probable) or "
            "refused (defects: strict). No star markers are printed. Bands: the half-open "
            "reading of 148 (1048 prints closed integer ranges; UNCONFIRMED)")
    DERIVE_KNOCKOUTS[0] = "knockout_notes_seen" in d and not any(
        "knockout" in c for s in d["sheets"] for p in s["parts"] for g in p["groups"]
        for c in g["criteria"])
    if DERIVE_KNOCKOUTS[0]:
        prov["note"] = ("Knock-outs derived by tools/convert_shared.py from the printed notes (note_vi): "
                             "'bị loại' = disqualified, 'không đánh giá các bước tiếp theo' / "
                             "'không xem xét các chỉ tiêu khác' = stop_evaluation, "
                             "'không đánh giá những sản phẩm' = not_evaluated")
    sheets = [convert_sheet(s) for s in d["sheets"]]
    if rid == "qd148-2023":
        for sh in sheets:
            if sh["no"] in QD148_DEFECTS:
                assert sh["status"] == "defective", sh["no"]
                sh["defects"] = QD148_DEFECTS[sh["no"]]
    check_and_strip(sheets, rid)
    out["sheets"] = sheets
    return out


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    shared, out = pathlib.Path(argv[1]), pathlib.Path(argv[2])
    out.mkdir(parents=True, exist_ok=True)
    docs = {"qd148-2023": build(shared / "qd148-2023-sheets.json", "qd148-2023"),
            "qd26-2026": build(shared / "qd26-2026-sheets.json", "qd26-2026"),
            "qd1048-2019": build(shared / "qd1048-2019-sheets.json", "qd1048-2019")}
    for rid, doc in docs.items():
        text = json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
        (out / f"{rid}.json").write_text(text, encoding="utf-8")
        print(f"wrote {rid}.json: {len(doc['sheets'])} sheets, {len(text.encode())} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
