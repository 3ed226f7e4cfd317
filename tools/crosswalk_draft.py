#!/usr/bin/env python3
"""Draft a crosswalk between two built-in rulesets (e.g. qd148-2023 -> qd26-2026).

The draft is only a starting point for review (docs/rescore.md, "Crosswalks"): it links a
target criterion to a source criterion when their normalised titles are equal, or when they
are the only criterion of two groups with equal titles; it maps an option only when the
normalised option texts are equal. Everything else is left open (null) or listed for review.
Reviewed decisions (merges, replacements, explicit option maps) are kept in OVERRIDES files
and applied on top of the draft, so re-running the draft never loses a review.

Editions that regroup their products (1048/2019 → 148/2023) say which source sheet feeds
each target sheet in OVERRIDES "from_sheets" (a list when several source sheets were folded
into one target sheet: one entry each, decisions of the extra ones under "TARGET/SOURCE"); the third level (1048 "6.1.1.", 148
"a) Ngoại hình — …") and the alternative cases of one criterion (options tagged "case_no")
need nothing more here: titles are compared without numbering, options one by one.

usage: crosswalk_draft.py FROM.json TO.json OVERRIDES.json OUT.json
"""
import json
import re
import sys
import unicodedata


def norm(s):
    s = unicodedata.normalize("NFC", s or "").casefold()
    # Comparison signs carry meaning ("< 51 %" is not "≥ 51 %"): keep them as words.
    for sign, word in (("≥", " ge "), ("≤", " le "), ("<", " lt "), (">", " gt ")):
        s = s.replace(sign, word)
    # Leading numbering: "1.1.", "9a", "a)", "a )", "6.1.1".
    s = re.sub(r"^\s*(\d+(\.\d+)*\.?[a-zđ]?\)?\s*|[a-zđ]\s*[).]\s*)", "", s)
    s = re.sub(r"[^\w]+", " ", s).strip()
    return s


def title_key(s):
    """Criterion title without numbering, the 148 third-level prefix ("Ngoại hình — ") and
    parenthesised remarks ("(Gồm: …)", "(Khả năng …)")."""
    s = unicodedata.normalize("NFC", s or "")
    s = re.sub(r"^\s*[a-zđ]\)\s*(Ngoại hình|Nước pha)\s[—-]\s", "", s)
    s = re.sub(r"\([^)]*\)", " ", s)
    return norm(s)


def criteria(sheet):
    out = []
    for g in sheet["groups"]:
        for c in g["criteria"]:
            out.append((g, c))
    return out


def option_map(ca, cb, equivalences):
    """Source option (1-based, as string) -> target option (1-based) or None. Options are
    linked on equal normalised texts, or on a reviewed equivalence (OVERRIDES
    "option_equivalences": wording-only changes, typos)."""
    lb = [norm(o["label_vi"]) for o in cb["options"]]
    eq = {}
    for e in equivalences:
        eq.setdefault(norm(e["from"]), set()).add(norm(e["to"]))
    m = {}
    for k, o in enumerate(ca["options"]):
        la = norm(o["label_vi"])
        hits = [j for j, x in enumerate(lb) if la and x == la]
        if not hits:
            hits = [j for j, x in enumerate(lb) if x in eq.get(la, ())]
        m[str(k + 1)] = hits[0] + 1 if len(hits) == 1 else None
    return m


def main():
    a = json.load(open(sys.argv[1], encoding="utf-8"))
    b = json.load(open(sys.argv[2], encoding="utf-8"))
    ov = json.load(open(sys.argv[3], encoding="utf-8"))
    sa = {s["no"]: s for s in a["sheets"]}
    out = {
        "format": "ocop-crosswalk/1",
        "from": a["id"],
        "to": b["id"],
        "title": ov.get("title", ""),
        "review": ov.get("review", {}),
        "option_equivalences": ov.get("option_equivalences", []),
        "sheets": [],
    }
    # Which source sheet feeds each target sheet (OVERRIDES "from_sheets": target number →
    # source number or null); the same number when not listed (148 → 26/2026 keep theirs).
    # A list ([8, 9]) names several source sheets: the target sheet then has one entry per
    # source sheet (ocop-crosswalk/1 keys entries by sheet and from_sheet), in that order; the
    # reviewed decisions of an extra source sheet are OVERRIDES "sheets" "TARGET/SOURCE"
    # ("8/9"), those of the first source sheet "TARGET" as before.
    from_sheets = ov.get("from_sheets", {})
    for sb in b["sheets"]:
        no = sb["no"]
        srcs = from_sheets.get(str(no), no)
        if not isinstance(srcs, list):
            srcs = [srcs]
        for n, src_no in enumerate(srcs):
            key = str(no) if n == 0 else f"{no}/{src_no}"
            out["sheets"].append(draft_sheet(sa, sb, src_no, ov, ov.get("sheets", {}).get(key, {})))
    with open(sys.argv[4], "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False, indent=1)
        f.write("\n")


def draft_sheet(sa, sb, src_no, ov, o_sheet):
    """The entry of target sheet `sb` fed by source sheet `src_no` (None: no source)."""
    no = sb["no"]
    src = sa.get(src_no) if src_no is not None else None
    entry = {"sheet": no, "from_sheet": src_no, "criteria": []}
    if o_sheet.get("review"):
        # A sheet read in full: how, and every decision with its reason (OVERRIDES).
        entry["review"] = o_sheet["review"]
    if not src or not src.get("groups"):
        entry["from_sheet"] = None
        entry["note"] = o_sheet.get("note", "no source sheet: every criterion is new")
    elif o_sheet.get("note"):
        entry["note"] = o_sheet["note"]
    ca_all = criteria(src) if src and src.get("groups") else []
    used = set()
    ga_titles = {}
    for g, c in ca_all:
        ga_titles.setdefault(norm(g["title_vi"]), []).append(c)
    for gb, cb in criteria(sb):
        cid = cb["id"]
        row = None
        note = ""
        if cid in o_sheet.get("criteria", {}):
            row = {"to": cid}
            row.update(o_sheet["criteria"][cid])
            for f in row.get("from", []):
                used.add(f)
            if row.get("options") == "texts":
                # A reviewed structural link whose options are linked like the draft's:
                # equal texts or a reviewed equivalence, every other option open.
                ca = next(c for g, c in ca_all if c["id"] == row["from"][0])
                row["options"] = option_map(ca, cb, ov.get("option_equivalences", []))
        else:
            t = title_key(cb["title_vi"])
            hits = [c for g, c in ca_all if title_key(c["title_vi"]) == t and c["id"] not in used]
            how = "same"
            if not hits:
                # Reviewed renames (OVERRIDES "renames"): title prefixes, every sheet.
                for rn in ov.get("renames", []):
                    if t.startswith(norm(rn["to_title"])):
                        hits = [c for g, c in ca_all if c["id"] not in used and
                                title_key(c["title_vi"]).startswith(norm(rn["from_title"]))]
                        # Same group code first (the tourism cases repeat their titles).
                        hits.sort(key=lambda c: c["id"].rstrip("ab") != cid.rstrip("ab"))
                        if hits:
                            how = "renamed"
                            note = rn["note"]
                            break
            if not hits:
                # The only criterion of two groups with the same title.
                sole_b = len(gb["criteria"]) == 1
                cands = ga_titles.get(norm(gb["title_vi"]), [])
                if sole_b and len(cands) == 1 and cands[0]["id"] not in used:
                    hits = cands
                    how = "renamed"
            if hits:
                ca = hits[0]
                used.add(ca["id"])
                row = {"to": cid, "kind": how, "from": [ca["id"]],
                       "options": option_map(ca, cb, ov.get("option_equivalences", []))}
                if how == "renamed" and note:
                    row["note"] = note
                if how == "same" and norm(ca["title_vi"]) != norm(cb["title_vi"]):
                    row["note"] = "same title once remarks in brackets are set aside"
            else:
                row = {"to": cid, "kind": "new", "from": []}
        entry["criteria"].append(row)
    dropped = [c["id"] for g, c in ca_all if c["id"] not in used]
    titles = {c["id"]: c["title_vi"] for g, c in ca_all}
    entry["dropped"] = []
    for d in dropped:
        note = o_sheet.get("dropped", {}).get(d, "")
        for k, v in ov.get("dropped_notes", {}).items():
            if not note and norm(k) in norm(titles[d]):
                note = v
        entry["dropped"].append({"from": d, "note": note})
    return entry


if __name__ == "__main__":
    main()
