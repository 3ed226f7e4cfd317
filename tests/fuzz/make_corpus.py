#!/usr/bin/env python3
"""Regenerate the small seed corpora of the fuzz harnesses from the built-in rulesets.

Usage: python3 tests/fuzz/make_corpus.py   (from the repository root; rewrites tests/fuzz/corpus/)
Seeds stay small (libFuzzer mutates them): rulesets are cut to one sheet without translations.
"""
import json
import os
import random

ROOT = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(os.path.dirname(ROOT))
OUT = os.path.join(ROOT, "corpus")


def load(rid):
    with open(os.path.join(REPO, "src", "rulesets", rid + ".json"), encoding="utf-8") as f:
        return json.load(f)


def write(harness, name, text):
    d = os.path.join(OUT, harness)
    os.makedirs(d, exist_ok=True)
    # surrogateescape: "\udcff" writes the invalid byte 0xFF (hostile seeds).
    with open(os.path.join(d, name), "wb") as f:
        f.write(text.encode("utf-8", errors="surrogateescape"))


def compact(v):
    return json.dumps(v, ensure_ascii=False, separators=(",", ":"))


def strip(v):
    """Drop translations and long texts: they only make seeds bigger."""
    if isinstance(v, dict):
        out = {}
        for k, x in v.items():
            if k in ("title_en", "label_en", "name_en", "en", "source", "source_url", "note"):
                continue
            if k == "notes":
                x = x[:1]
            out[k] = strip(x)
        return out
    if isinstance(v, list):
        return [strip(x) for x in v]
    if isinstance(v, str) and len(v) > 40:
        return v[:40]
    return v


def answers(sheet, pick):
    """Answers keyed by criterion id; pick(criterion) -> option index; first case only."""
    a = {}
    for g in sheet["groups"]:
        for c in g["criteria"]:
            if not c["options"]:
                continue
            k = pick(c)
            pts = c["options"][k].get("points")
            if pts is None:
                pts = c["options"][k].get("points_probable")
            same = sum(1 for o in c["options"] if o.get("points") == pts)
            a[c["id"]] = {"option": k + 1} if pts is None or same > 1 else pts
            if g.get("choose_one_case"):
                break
    return a


def main():
    rng = random.Random(6)
    frame = load("qd1048-2019")
    write("ruleset", "frame-qd1048", compact(frame))
    for rid, nos in (("qd26-2026", (1, 11, 16, 21, 26)), ("qd148-2023", (1, 26))):
        doc = load(rid)
        for no in nos:
            small = strip(dict(doc, sheets=[s for s in doc["sheets"] if s["no"] == no]))
            small["procedure"] = None
            write("ruleset", f"{rid}-sheet{no}", compact(small))

    for rid, nos in (("qd26-2026", (1, 4, 11, 13, 16, 21, 26)), ("qd148-2023", (1, 7, 26))):
        doc = load(rid)
        for no in nos:
            sh = next(s for s in doc["sheets"] if s["no"] == no)
            hi = answers(sh, lambda c: len(c["options"]) - 1)
            lo = answers(sh, lambda c: 0)
            mid = answers(sh, lambda c: rng.randrange(len(c["options"])))
            base = {"id": f"{rid}-{no}", "ruleset": rid, "sheet": no}
            write("evaluation", f"{rid}-{no}-max", compact(dict(base, answers=hi)))
            write("evaluation", f"{rid}-{no}-min", compact(dict(base, answers=lo)))
            write("evaluation", f"{rid}-{no}-council",
                  compact(dict(base, members=[{"answers": mid}, hi])))
    sh = next(s for s in load("qd26-2026")["sheets"] if s["no"] == 1)
    one = answers(sh, lambda c: 1)
    write("evaluation", "dated-no-ruleset",
          compact({"id": 7, "sheet": 1, "filed_on": "2026-05-21", "evaluation_kind": "upgrade",
                   "province": "Lào Cai", "answers": one}))
    write("evaluation", "knockout-declared",
          compact({"id": "k", "sheet": 1, "knockouts": ["2.1"], "answers": {}}))
    write("evaluation", "dossier-rejected",
          compact({"id": "r", "sheet": 1, "dossier_rejected": "thiếu hồ sơ"}))
    write("evaluation", "pretty-crlf", json.dumps({"id": "p", "sheet": 1, "answers": one},
                                                  indent=1).replace("\n", "\r\n"))

    direct(sh)
    batches(sh, one)
    tables(load("qd26-2026"), load("qd148-2023"))


def direct(sh):
    """One-member qd26-2026 sheet 1 records in the shape of examples/data/sample-national.jsonl,
    which evaluation_reader reads straight from the text (no DOM): points, a named ruleset,
    {"option": k} answers, filing and evaluation dates (in force; transition window expired)."""
    rng = random.Random(26)
    picks = {c["id"]: rng.randrange(len(c["options"]))
             for g in sh["groups"] for c in g["criteria"] if c["options"]}
    points = {c["id"]: c["options"][picks[c["id"]]]["points"]
              for g in sh["groups"] for c in g["criteria"] if c["options"]}
    options = {k: {"option": v + 1} for k, v in picks.items()}
    where = {"province": "Vĩnh Long", "year": 2026, "subject_type": "Doanh nghiệp"}
    write("evaluation", "direct-sample",
          compact(dict({"id": "SYN-2026-0000062", "sheet": 1}, **where, answers=points)))
    write("evaluation", "direct-ruleset",
          compact(dict({"id": "SYN-2026-0000063", "ruleset": "qd26-2026", "sheet": 1}, **where,
                       answers=points)))
    write("evaluation", "direct-options",
          compact(dict({"id": "SYN-2026-0000064", "sheet": 1}, **where, answers=options)))
    write("evaluation", "direct-dated",
          compact(dict({"id": "SYN-2026-0000065", "sheet": 1, "filed_on": "2026-06-02",
                        "evaluated_on": "2026-07-15", "evaluation_kind": "re_evaluation"},
                       **where, answers=points)))
    write("evaluation", "direct-dated-transition",
          compact(dict({"id": "SYN-2026-0000066", "sheet": 1, "filed_on": "2026-05-21",
                        "evaluated_on": "2026-08-30"}, **where, answers=points)))


def batches(sh, one):
    """JSON Lines batches mixing good records with refused ones."""
    good = [compact({"id": f"b{i}", "sheet": 1, "answers": one}) for i in range(3)]
    write("batch", "good", "\n".join(good) + "\n")
    write("batch", "mixed-crlf", "\ufeff" + "\r\n".join(
        [good[0], '{"id": "t", "sheet": 1, "answers": {', "", good[1], "[1,2]",
         '{"id": "n", "sheet": 1e400}', good[2]]))
    write("batch", "array", "[" + ",\n".join(good) + "]")
    write("batch", "pretty", json.dumps({"id": "p", "sheet": 1, "answers": one}, indent=2))
    write("batch", "bad-utf8", good[0] + "\n" + '{"id": "\udcff"}\n')


def tables(doc26, doc148):
    """CSV evaluations: points, #k options, councils, quoting, ';' separators, CRLF."""
    for doc, no in ((doc26, 1), (doc26, 26), (doc148, 7)):
        sh = next(s for s in doc["sheets"] if s["no"] == no)
        a = answers(sh, lambda c: len(c["options"]) - 1)
        b = answers(sh, lambda c: 0)
        cols = list(a)
        def cell(v, alt):
            x = v if not isinstance(v, dict) else "#%d" % v["option"]
            y = alt if not isinstance(alt, dict) else "#%d" % alt["option"]
            return str(x), "%s|%s" % (x, y)
        header = ["id", "ruleset", "sheet", "province", "year"] + cols
        rows = [header]
        single = [cell(a[c], b.get(c, a[c]))[0] for c in cols]
        council = [cell(a[c], b.get(c, a[c]))[1] for c in cols]
        rows.append(["r1", doc["id"], str(no), '"Hà Nội, Việt Nam"', "2026"] + single)
        rows.append(["r2", doc["id"], str(no), "Lào Cai", "2025"] + council)
        rows.append(["r3", doc["id"], str(no), "", ""] + [""] * len(cols))
        write("csv", f"{doc['id']}-{no}", "\n".join(",".join(r) for r in rows) + "\n")
        write("csv", f"{doc['id']}-{no}-semicolon-crlf",
              "\ufeff" + "\r\n".join(";".join(x.replace('"Hà Nội, Việt Nam"', "Hà Nội")
                                                for x in r) for r in rows))


if __name__ == "__main__":
    main()
