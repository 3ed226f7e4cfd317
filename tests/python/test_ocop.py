#!/usr/bin/env python3
"""Unit tests of the Python package `ocop` (python/ocop, docs/embedding-python.md), each
checked against the CLI (`ocop score|plan|range|council|aggregate|rescore|ruleset diff`) on the
same input. Environment: PYTHONPATH reaching the package, OCOP_SOURCE_DIR, OCOP_CLI."""
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import unittest
from fractions import Fraction

import ocop

SRC = os.environ.get("OCOP_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
CLI = os.environ.get("OCOP_CLI", "ocop")
SAMPLE = os.path.join(SRC, "examples", "data", "sample-national.jsonl")


def cli(*args, stdin=None):
    """Run the CLI; return stdout (exit status 0 or 1 accepted: 1 means some records failed)."""
    p = subprocess.run([CLI, *args], input=stdin, capture_output=True, text=True)
    if p.returncode not in (0, 1):
        raise AssertionError(f"ocop {' '.join(args)} exited {p.returncode}: {p.stderr}")
    return p.stdout


def cli_lines(*args):
    return [json.loads(l) for l in cli(*args).splitlines() if l.strip()]


def sample(n=None):
    with open(SAMPLE, encoding="utf-8") as f:
        recs = [json.loads(l) for l in f if l.strip()]
    return recs if n is None else recs[:n]


class Tmp:
    """A temporary file holding `text`."""

    def __init__(self, text, suffix=".jsonl"):
        fd, self.path = tempfile.mkstemp(suffix=suffix, prefix="ocop-py-test-")
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)

    def __enter__(self):
        return self.path

    def __exit__(self, *exc):
        os.unlink(self.path)


def jsonl(records):
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


class ScoreTest(unittest.TestCase):
    def test_version_and_rulesets(self):
        self.assertRegex(ocop.__version__, r"^\d+\.\d+\.\d+$")
        ids = [r.id for r in ocop.rulesets()]
        self.assertEqual(ids, ["qd1048-2019", "qd148-2023", "qd26-2026"])
        self.assertTrue(all(r.hash.startswith("sha256:") for r in ocop.rulesets()))
        self.assertEqual(ocop.Registry().default, "qd26-2026")

    def test_score_is_typed_and_exact(self):
        ev = sample(1)[0]
        r = ocop.score(ev)
        self.assertIsInstance(r, ocop.Result)
        self.assertIsInstance(r.total, Fraction)
        self.assertEqual(r.total, Fraction(r.total_exact))
        self.assertEqual(r.id, ev["id"])
        self.assertEqual(r.ruleset, "qd26-2026")
        self.assertEqual(r.sheet, ev["sheet"])
        self.assertIn(r.stars, range(0, 6))
        self.assertEqual(r["stars"], r.stars)  # dict-style access
        # Same answers as text, as bytes: same line.
        self.assertEqual(ocop.score(json.dumps(ev)).to_json(), r.to_json())
        self.assertEqual(ocop.score(json.dumps(ev).encode()).to_json(), r.to_json())

    def test_score_equals_cli_line(self):
        recs = sample(30)
        with Tmp(jsonl(recs)) as p:
            for detail in ("totals", "criteria", "full"):
                want = cli_lines("score", "--detail", detail, "-q", p)
                got = [ocop.score(e, detail=detail).to_dict() for e in recs]
                self.assertEqual(got, want, detail)

    def test_sample_national_equals_cli(self):
        # Every record of the sample: the CLI's line, total, exact fraction and stars.
        want = cli_lines("score", "-q", SAMPLE)
        self.assertEqual(len(want), 2000)
        from_file = list(ocop.score_file(SAMPLE))
        from_dicts = list(ocop.score_many(sample()))
        for got in (from_file, from_dicts):
            self.assertEqual(len(got), len(want))
            for g, w in zip(got, want):
                self.assertIsInstance(g, ocop.Result)
                self.assertEqual(g.to_dict(), w)
                self.assertEqual(g.stars, w["stars"])
                if "total_exact" in w:
                    self.assertEqual(g.total, Fraction(w["total_exact"]))
                    self.assertEqual(g.total_decimal, json.dumps(w["total"])
                                     if isinstance(w["total"], int) else g.total_decimal)
                    self.assertEqual(Fraction(g.total_decimal), Fraction(str(w["total"])))
                else:
                    self.assertIsNone(g.total)
        self.assertEqual([g.line for g in from_file], list(range(1, 2001)))

    def test_council_mean_is_exact_fraction(self):
        ev = sample(1)[0]
        a = dict(ev["answers"])
        b = dict(a)
        # A second member one point lower on a criterion with a lower option.
        r1 = ocop.score(ev)
        council = {"id": "C-1", "sheet": ev["sheet"], "members": [a, b, b]}
        rc = ocop.score(council)
        self.assertEqual(rc.members, 3)
        self.assertEqual(rc.total, r1.total)
        # Two members apart: the mean is a fraction, exact.
        other = sample(60)
        b2 = next(r["answers"] for r in other[1:] if r["sheet"] == ev["sheet"]
                  and list(r["answers"]) == list(a))
        pair = {"id": "C-2", "sheet": ev["sheet"], "members": [a, b2, b2]}
        rp = ocop.score(pair)
        t2 = ocop.score({"id": "b", "sheet": ev["sheet"], "answers": b2}).total
        self.assertEqual(rp.total, (r1.total + 2 * t2) / 3)

    def test_hand_worked_sheet_1(self):
        # qd26-2026 sheet 1, every criterion at its 5-star minimum or lowest option:
        # A 23 + B 11 + C 15 = 49 (2-star band [30, 50)); 1.7 raised from 0 to 1 gives 50.
        s1 = {"1.1": 1, "1.2": 0, "1.3": 3, "1.4": 1, "1.5": 3, "1.6": 1, "1.7": 0,
              "2.1": 3, "2.2": 2, "2.3": 3, "2.4": 0, "3.1": 1, "3.2": 0, "3.3": 1,
              "3.4": 2, "3.5": 2, "4.1": 5, "4.2": 0, "4.3": 0, "5.1": 5, "5.2": 0,
              "5.3": 1, "6.1": 2, "6.2": 3, "6.3": 0, "6.4": 0, "7": 0, "8": 3,
              "9": 2, "10": 3, "11": 1, "12": 1}
        r = ocop.score({"id": "min5", "sheet": 1, "answers": s1})
        self.assertEqual((r.total, r.parts, r.band_stars), (Fraction(49),
                         {"A": "23", "B": "11", "C": "15"}, 2))
        r = ocop.score({"id": "up", "sheet": 1, "answers": dict(s1, **{"1.7": 1})})
        self.assertEqual((r.total, r.band_stars), (Fraction(50), 3))

    def test_explain(self):
        ev = sample(1)[0]
        text = ocop.explain(ev)
        self.assertIn(ev["id"], text)
        self.assertIn(str(ocop.score(ev).stars), text)


class ErrorTest(unittest.TestCase):
    def test_refusal_raises_typed_error(self):
        ev = dict(sample(1)[0])
        ev["answers"] = dict(ev["answers"], **{"1.1": 99})
        with self.assertRaises(ocop.Error) as cm:
            ocop.score(ev)
        e = cm.exception
        self.assertIsInstance(e, ValueError)
        self.assertEqual(e.code, "impossible_points")
        self.assertEqual(e.path, "/answers/1.1")
        self.assertEqual(e.id, ev["id"])
        self.assertIn("99", e.message)
        self.assertEqual(e.to_dict()["error"], "impossible_points")

    def test_invalid_json_and_bad_arguments(self):
        with self.assertRaises(ocop.Error) as cm:
            ocop.score("{not json")
        self.assertEqual(cm.exception.code, "invalid_json")
        with self.assertRaises(ValueError):
            ocop.score(sample(1)[0], detail="everything")
        with self.assertRaises(ocop.Error):
            ocop.Registry(markers="sometimes")

    def test_score_many_on_error(self):
        recs = sample(5)
        bad = dict(recs[2], sheet=99)
        mixed = recs[:2] + [bad] + recs[3:]
        with self.assertRaises(ocop.Error) as cm:
            list(ocop.score_many(mixed))
        self.assertEqual((cm.exception.index, cm.exception.code, cm.exception.path),
                         (2, "unknown_sheet", "/sheet"))
        out = list(ocop.score_many(mixed, on_error="yield"))
        self.assertEqual([type(x).__name__ for x in out],
                         ["Result", "Result", "Error", "Result", "Result"])
        self.assertEqual(out[2].id, bad["id"])
        self.assertEqual([x.index for x in out], [0, 1, 2, 3, 4])
        self.assertEqual(len(list(ocop.score_many(mixed, on_error="skip"))), 4)
        with self.assertRaises(ValueError):
            list(ocop.score_many(mixed, on_error="ignore"))

    def test_file_errors_name_the_line_like_the_cli(self):
        recs = sample(4)
        text = (json.dumps(recs[0]) + "\n\n{broken\n" + json.dumps(dict(recs[1], sheet=99)) +
                "\n" + json.dumps(recs[2]) + "\n")
        with Tmp(text) as p:
            out = list(ocop.score_file(p))
            self.assertEqual([type(x).__name__ for x in out],
                             ["Result", "Error", "Error", "Result"])
            self.assertEqual([x.line for x in out], [1, 3, 4, 5])
            self.assertEqual(out[2].id, recs[1]["id"])
            # The CLI's --errors file holds the same errors.
            with tempfile.TemporaryDirectory() as d:
                errs = os.path.join(d, "errors.jsonl")
                res = os.path.join(d, "out.jsonl")
                cli("score", "-q", p, "-o", res, "--errors", errs)
                with open(errs, encoding="utf-8") as f:
                    want = [json.loads(l) for l in f]
                with open(res, encoding="utf-8") as f:
                    want_results = [json.loads(l) for l in f]
            self.assertEqual([x.to_dict() for x in out if isinstance(x, ocop.Error)], want)
            self.assertEqual([x.to_dict() for x in out if isinstance(x, ocop.Result)],
                             want_results)
            with self.assertRaises(ocop.Error) as cm:
                list(ocop.score_file(p, on_error="raise"))
            self.assertEqual(cm.exception.line, 3)

    def test_missing_file(self):
        with self.assertRaises(ocop.Error) as cm:
            next(ocop.read_records("/nonexistent/ocop.jsonl"))
        self.assertEqual(cm.exception.code, "io_error")


class StreamTest(unittest.TestCase):
    def test_score_many_is_lazy(self):
        recs = sample(1000)
        taken = []

        def source():
            for r in recs:
                taken.append(1)
                yield r

        it = ocop.score_many(source())
        first = next(it)
        self.assertEqual(first.id, recs[0]["id"])
        self.assertLessEqual(len(taken), 257)  # one chunk, not the whole iterable
        self.assertEqual(sum(1 for _ in it), 999)

    def test_read_records_streams_a_file(self):
        it = ocop.read_records(SAMPLE)
        r = next(it)
        self.assertEqual((r.line, r.id), (1, sample(1)[0]["id"]))
        self.assertEqual(r.data, sample(1)[0])
        it.close()  # stops the reader thread early

    def test_csv_file(self):
        recs = sample(3)
        keys = list(recs[0]["answers"])
        rows = ["id,sheet,province," + ",".join(keys)]
        for r in recs:
            if list(r["answers"]) != keys:
                continue
            rows.append(f"{r['id']},{r['sheet']},{r['province']}," +
                        ",".join(str(r["answers"][k]) for k in keys))
        rows.append("BAD-1,99,X," + ",".join("0" for _ in keys))
        with Tmp("\n".join(rows) + "\n", suffix=".csv") as p:
            # CSV input goes through the CLI's spreadsheet path (sentences included): full.
            got = list(ocop.score_file(p, detail="full"))
            want = cli_lines("score", "-q", "--detail", "full", p)
        self.assertEqual([x.to_dict() for x in got if isinstance(x, ocop.Result)], want)
        self.assertIsInstance(got[-1], ocop.Error)
        self.assertEqual(got[-1].id, "BAD-1")

    def test_gil_released_while_scoring(self):
        # A Python thread counts while the main thread sleeps (its free rate), then while the
        # main thread is inside one native call scoring 20000 records. Holding the GIL would
        # stop it (a GIL-holding C call such as sorted() leaves it about 1% of its free rate).
        import time
        reg = ocop.Registry()
        texts = [json.dumps(r) for r in sample()] * 10
        count = [0]
        stop = threading.Event()

        def spin():
            while not stop.is_set():
                count[0] += 1

        t = threading.Thread(target=spin)
        t.start()
        try:
            time.sleep(0.05)
            before, t0 = count[0], time.perf_counter()
            time.sleep(0.3)
            free_rate = (count[0] - before) / (time.perf_counter() - t0)
            before, t0 = count[0], time.perf_counter()
            outs = reg._native.score_many(texts, "totals", False)
            rate = (count[0] - before) / (time.perf_counter() - t0)
        finally:
            stop.set()
            t.join()
        self.assertEqual(len(outs), 20000)
        self.assertGreater(rate, 0.1 * free_rate, (rate, free_rate))

    def test_threads_share_a_registry(self):
        recs = sample(400)
        reg = ocop.Registry()
        want = [r.to_json() for r in reg.score_many(recs)]
        outs = [None] * 4

        def work(i):
            outs[i] = [r.to_json() for r in reg.score_many(recs)]

        ts = [threading.Thread(target=work, args=(i,)) for i in range(4)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()
        self.assertEqual(outs, [want] * 4)


class OperationsTest(unittest.TestCase):
    def test_plan_equals_cli(self):
        recs = sample(20)
        with Tmp(jsonl(recs)) as p:
            want = cli_lines("plan", "--format", "json", p)
            self.assertEqual([ocop.plan(e).to_dict() for e in recs], want)
            want5 = cli_lines("plan", "--format", "json", "--target", "5", p)
            self.assertEqual([ocop.plan(e, target=5).to_dict() for e in recs], want5)
        p0 = ocop.plan(recs[0])
        if p0.status == "planned":
            self.assertEqual(p0.points_gained, sum(c.to_points - c.from_points
                                                   for c in p0.changes))
            self.assertGreater(p0.stars_after, p0.stars_before)
            self.assertIsInstance(p0.total_after, Fraction)

    def test_range_equals_cli(self):
        recs = sample(10)
        partial = []
        for i, r in enumerate(recs):
            a = dict(r["answers"])
            for k in list(a)[: i + 1]:
                a[k] = None
            partial.append(dict(r, answers=a))
        with Tmp(jsonl(partial)) as p:
            want = cli_lines("range", "--format", "json", p)
        got = [ocop.range(e) for e in partial]
        self.assertEqual([g.to_dict() for g in got], want)
        self.assertEqual(got[0].unscored, 1)
        self.assertLessEqual(got[0].total_min, got[0].total_max)

    def test_council_equals_cli(self):
        recs = sample(6)
        councils = [{"id": f"C-{i}", "sheet": a["sheet"], "members": [a["answers"], b["answers"]]}
                    for i, (a, b) in enumerate(zip(recs, recs[1:]))
                    if a["sheet"] == b["sheet"] and list(a["answers"]) == list(b["answers"])]
        councils.append({"id": "C-solo", "sheet": recs[0]["sheet"],
                         "members": [recs[0]["answers"]] * 3})
        with Tmp(jsonl(councils)) as p:
            want = cli_lines("council", "--format", "json", p)
            want7 = cli_lines("council", "--format", "json", "--spread", "7.5", p)
        self.assertEqual([ocop.council(c).to_dict() for c in councils], want)
        self.assertEqual([ocop.council(c, spread="7.5").to_dict() for c in councils], want7)
        solo = ocop.council(councils[-1])
        self.assertEqual(solo.total, ocop.score(recs[0]).total)
        self.assertEqual(solo.flagged, [])

    def test_validate(self):
        ev = sample(1)[0]
        self.assertEqual(ocop.validate(ev), [])
        bad = dict(ev, answers=dict(ev["answers"], **{"1.1": 99, "1.2": 77}))
        probs = ocop.validate(bad)
        self.assertEqual({p.path for p in probs}, {"/answers/1.1", "/answers/1.2"})
        self.assertTrue(all(p.id == ev["id"] for p in probs))
        self.assertNotEqual(ocop.validate(bad, language="vi")[0].message, probs[0].message)

    def test_aggregate_equals_cli(self):
        want = json.loads(cli("aggregate", "--by", "province", "--top", "2", "--format", "json",
                              SAMPLE))
        from_path = ocop.aggregate(SAMPLE, by=["province"], top=2)
        from_dicts = ocop.aggregate(iter(sample()), by=["province"], top=2)
        self.assertEqual(from_path.to_dict(), want)
        self.assertEqual(from_dicts.to_dict(), want)
        self.assertEqual(len(from_path), len(want["cohorts"]))

    def test_aggregate_skip_errors(self):
        recs = sample(10) + [{"id": "X", "sheet": 99, "answers": {}}]
        with self.assertRaises(ocop.Error) as cm:
            ocop.aggregate(recs)
        self.assertEqual(cm.exception.index, 10)
        c = ocop.aggregate(recs, skip_errors=True)
        self.assertEqual([e.id for e in c.errors], ["X"])
        self.assertEqual(c.to_dict(), ocop.aggregate(recs[:10]).to_dict())
        near = ocop.aggregate(recs[:10], near="2.5")
        self.assertEqual(near["near_points"], 2.5)

    def test_rescore_equals_cli(self):
        text = cli("generate", "--ruleset", "qd148-2023", "--count", "40", "--seed", "7")
        with Tmp(text) as p:
            want = json.loads(cli("rescore", "--from", "qd148-2023", "--to", "qd26-2026",
                                  "--format", "json", p))
            got = ocop.rescore(p, from_ruleset="qd148-2023", to_ruleset="qd26-2026")
        self.assertEqual(got.to_dict(), want)
        self.assertEqual(sum(map(sum, got.matrix)), len(got.records))
        self.assertIsInstance(got.records[0].total_from, Fraction)


class RulesetTest(unittest.TestCase):
    def lint_counts(self, what):
        last = cli("ruleset", "lint", what).splitlines()[-1]  # "ID: N error(s), M warning(s)"
        m = re.search(r"(\d+) error\(s\), (\d+) warning\(s\)", last)
        return int(m.group(1)), int(m.group(2))

    def test_lint_equals_cli(self):
        for rid in ("qd26-2026", "qd148-2023", "qd1048-2019"):
            findings = ocop.lint(rid)
            counts = (sum(f.severity == "error" for f in findings),
                      sum(f.severity == "warning" for f in findings))
            self.assertEqual(counts, self.lint_counts(rid), rid)
        self.assertEqual(self.lint_counts("qd26-2026")[0], 0)

    def test_lint_finds_errors(self):
        doc = ocop.builtin_ruleset("qd26-2026")
        doc["star_bands"][1]["min"] = doc["star_bands"][0]["min"]  # overlapping bands
        findings = ocop.lint(doc)
        with Tmp(json.dumps(doc, ensure_ascii=False), suffix=".json") as p:
            want = self.lint_counts(p)
            self.assertEqual([len(ocop.lint(p)) > 0, ocop.lint(p)[0].to_dict()],
                             [True, findings[0].to_dict()])
        self.assertGreater(want[0], 0)
        self.assertEqual(sum(f.severity == "error" for f in findings), want[0])
        with self.assertRaises(ocop.Error):
            ocop.lint("{not json")

    def test_load_text_and_file(self):
        doc = ocop.builtin_ruleset("qd26-2026")
        doc["id"] = "my-2026"
        reg = ocop.Registry()
        self.assertEqual(reg.load_text(doc), "my-2026")
        self.assertIn("my-2026", reg.ids())
        ev = dict(sample(1)[0], ruleset="my-2026")
        r = reg.score(ev)
        self.assertEqual(r.ruleset, "my-2026")
        self.assertEqual(r.total, ocop.score(sample(1)[0]).total)
        with Tmp(json.dumps(dict(doc, id="file-2026")), suffix=".json") as p:
            self.assertEqual(reg.load_file(p), "file-2026")
        reg.default = "file-2026"
        self.assertEqual(reg.score(sample(1)[0]).ruleset, "file-2026")
        with self.assertRaises(ocop.Error):
            reg.default = "nope"
        with self.assertRaises(ocop.Error):
            reg.load_text({"format": "ocop-ruleset/1"})

    def test_diff_equals_cli(self):
        want = json.loads(cli("ruleset", "diff", "qd148-2023", "qd26-2026", "--format", "json"))
        self.assertEqual(ocop.diff("qd148-2023", "qd26-2026"), want)
        md = ocop.diff("qd148-2023", "qd26-2026", sheet=1, format="markdown")
        self.assertIn("|", md)

    def test_policy_override(self):
        strict = ocop.Registry(markers="ignore")
        r = strict.score(sample(1)[0])
        self.assertEqual(r.total, ocop.score(sample(1)[0]).total)
        self.assertNotEqual(strict.rulesets()[2].hash, ocop.rulesets()[2].hash)

    def test_knockout_policy(self):
        # The same policy object and hash as the CLI's --knockout flag.
        flagged = ocop.Registry(knockout="flag")
        shown = cli("ruleset", "show", "qd26-2026", "--knockout", "flag")
        got = [r for r in flagged.rulesets() if r.id == "qd26-2026"][0]
        self.assertIn(got.hash, shown)
        self.assertIn("knockout=flag", shown)
        self.assertNotEqual(got.hash, [r for r in ocop.rulesets() if r.id == "qd26-2026"][0].hash)
        with self.assertRaises(ocop.Error) as cm:
            ocop.Registry(knockout="maybe")
        self.assertEqual((cm.exception.code, cm.exception.path), ("invalid_value", "/knockout"))


class PackageTest(unittest.TestCase):
    def test_docstrings_and_stubs(self):
        import inspect
        missing = []
        for name in ocop.__all__:
            obj = getattr(ocop, name)
            if not (inspect.isclass(obj) or inspect.isfunction(obj)):
                continue
            if not obj.__doc__:
                missing.append(name)
            if inspect.isclass(obj):
                for m, v in vars(obj).items():
                    if not m.startswith("_") and (inspect.isfunction(v) or
                                                  isinstance(v, property)) and not v.__doc__:
                        missing.append(f"{name}.{m}")
        self.assertEqual(missing, [])
        here = os.path.dirname(ocop.__file__)
        self.assertTrue(os.path.exists(os.path.join(here, "py.typed")))
        self.assertTrue(os.path.exists(os.path.join(here, "_ocop.pyi")))


class PandasTest(unittest.TestCase):
    def setUp(self):
        try:
            import pandas  # noqa: F401
        except ImportError:
            self.skipTest("pandas not installed")

    def test_score_frame(self):
        import pandas as pd
        import ocop.pandas
        recs = [r for r in sample(60) if r["sheet"] == sample(1)[0]["sheet"]]
        rows = [dict(id=r["id"], sheet=r["sheet"], province=r["province"], year=r["year"],
                     **r["answers"]) for r in recs]
        council = {"id": "COUNCIL", "sheet": recs[0]["sheet"],
                   "members": [recs[0]["answers"], recs[1]["answers"], recs[1]["answers"]]}
        rows.append(dict(rows[0], id="COUNCIL", **{
            k: f"{recs[0]['answers'][k]}|{recs[1]['answers'][k]}|{recs[1]['answers'][k]}"
            for k in recs[0]["answers"]}))
        rows.append(dict(rows[0], id="BAD", **{"1.1": 42}))
        df = pd.DataFrame(rows, index=[f"row{i}" for i in range(len(rows))])
        df.loc["row1", "1.2"] = None  # NaN: not answered → refused like the CLI refuses it
        out = ocop.pandas.score_frame(df)
        self.assertEqual(list(out.index), list(df.index))
        for i, r in enumerate(recs):
            if i == 1:
                continue
            want = ocop.score(r)
            self.assertEqual(out.iloc[i]["total"], want.total, r["id"])
            self.assertEqual(out.iloc[i]["stars"], want.stars)
            self.assertEqual(out.iloc[i]["total_decimal"], want.total_decimal)
        self.assertEqual(out.iloc[-2]["total"], ocop.score(council).total)
        self.assertEqual(out.iloc[-2]["id"], "COUNCIL")
        bad = df.index[-1]
        self.assertEqual(out.loc[bad, "id"], "BAD")
        self.assertEqual(out.loc[bad, "error"], "impossible_points")
        self.assertEqual(out.loc[bad, "error_column"], "1.1")
        missing = ocop.validate(dict(recs[1], answers={k: v for k, v in recs[1]["answers"].items()
                                                      if k != "1.2"}))
        self.assertEqual(out.loc["row1", "error"], missing[0].code if missing else None)
        with self.assertRaises(ocop.Error):
            ocop.pandas.score_frame(df, on_error="raise")

    def test_results_frame(self):
        import ocop.pandas
        df = ocop.pandas.results_frame(ocop.score_file(SAMPLE))
        self.assertEqual(len(df), 2000)
        self.assertEqual(list(df.index[:2]), [1, 2])


if __name__ == "__main__":
    unittest.main(verbosity=1)
