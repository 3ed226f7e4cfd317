"""The Python bindings (module `ocop`), run by CTest with PYTHONPATH at the built module.

Expected values are worked by hand from qd26-2026 sheet 1 (see tests/fixtures.hpp): every
criterion at its 5-star minimum or lowest option gives A 23 + B 11 + C 15 = 49 (2-star band
[30, 50)); raising 1.7 from 0 to 1 gives 50, the first total of the 3-star band.
"""
import json
import os
import unittest

import ocop

SOURCE_DIR = os.environ.get(
    "OCOP_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))

S1_MIN5 = {
    "1.1": 1, "1.2": 0, "1.3": 3, "1.4": 1, "1.5": 3, "1.6": 1, "1.7": 0,
    "2.1": 3, "2.2": 2, "2.3": 3, "2.4": 0, "3.1": 1, "3.2": 0, "3.3": 1,
    "3.4": 2, "3.5": 2, "4.1": 5, "4.2": 0, "4.3": 0, "5.1": 5, "5.2": 0,
    "5.3": 1, "6.1": 2, "6.2": 3, "6.3": 0, "6.4": 0, "7": 0, "8": 3,
    "9": 2, "10": 3, "11": 1, "12": 1,
}


def evaluation(id_, **overrides):
    answers = dict(S1_MIN5)
    answers.update(overrides)
    return {"id": id_, "sheet": 1, "answers": answers, "province": "Hà Nội"}


class ScoringTest(unittest.TestCase):
    def setUp(self):
        self.reg = ocop.Registry()

    def test_version_and_rulesets(self):
        self.assertRegex(ocop.__version__, r"^\d+\.\d+\.\d+$")
        ids = self.reg.ids()
        self.assertIn("qd26-2026", ids)
        self.assertIn("qd148-2023", ids)
        self.assertEqual(self.reg.default, "qd26-2026")

    def test_score_one(self):
        r = self.reg.score(evaluation("p49"))
        self.assertEqual(r["id"], "p49")
        self.assertEqual(r["ruleset"], "qd26-2026")
        self.assertEqual(r["total"], 49)
        self.assertEqual(r["parts"], {"A": 23, "B": 11, "C": 15})
        self.assertEqual(r["stars"], 2)
        r = self.reg.score(json.dumps(evaluation("p50", **{"1.7": 1})))
        self.assertEqual((r["total"], r["stars"]), (50, 3))
        # Metadata is carried through, non-ASCII intact.
        self.assertIn("Hà Nội", json.dumps(r, ensure_ascii=False))

    def test_compact_result(self):
        r = self.reg.score(evaluation("p49"), criteria=False)
        self.assertEqual(r["total"], 49)
        self.assertNotIn("criteria", r)

    def test_refusal_raises_with_path(self):
        with self.assertRaises(ocop.Error) as cm:
            self.reg.score(evaluation("bad", **{"1.1": 7}))
        e = cm.exception
        self.assertIsInstance(e, ValueError)
        self.assertEqual(e.code, "impossible_points")
        self.assertEqual(e.path, "/answers/1.1")
        self.assertTrue(e.message)
        with self.assertRaises(ocop.Error) as cm:
            self.reg.score("{not json")
        self.assertEqual(cm.exception.code, "invalid_json")

    def test_score_many_keeps_good_records(self):
        out = self.reg.score_many([
            evaluation("a"), evaluation("bad", **{"1.1": 7}), evaluation("c", **{"1.7": 1})])
        self.assertEqual(len(out), 3)
        self.assertEqual(out[0]["total"], 49)
        self.assertEqual(out[1]["index"], 1)
        self.assertEqual(out[1]["id"], "bad")
        self.assertEqual(out[1]["error"], "impossible_points")
        self.assertEqual(out[2]["stars"], 3)

    def test_explain(self):
        text = self.reg.explain(evaluation("p49"))
        self.assertIn("49", text)
        with self.assertRaises(ocop.Error):
            self.reg.explain(evaluation("bad", **{"1.1": 7}))


class RegistryTest(unittest.TestCase):
    def test_policies(self):
        r = ocop.Registry(markers="fail", defects="strict").score(evaluation("p"))
        self.assertEqual(r["policy"], {"missed_minimum": "fail", "defects": "strict"})
        with self.assertRaises(ocop.Error) as cm:
            ocop.Registry(markers="often")
        self.assertEqual(cm.exception.code, "invalid_value")

    def test_load_file_and_default(self):
        reg = ocop.Registry()
        with self.assertRaises(ocop.Error) as cm:
            reg.load_file("/nonexistent/ruleset.json")
        self.assertEqual(cm.exception.code, "io_error")
        reg.load_file(os.path.join(SOURCE_DIR, "src", "rulesets", "qd148-2023.json"))
        with self.assertRaises(ocop.Error):
            reg.default = "nope"
        reg.default = "qd148-2023"
        # Sheet 1 of qd148-2023 has no criterion "1.1".
        with self.assertRaises(ocop.Error) as cm:
            reg.score(evaluation("p"))
        self.assertEqual(cm.exception.code, "unknown_criterion")

    def test_load_json(self):
        reg = ocop.Registry()
        with self.assertRaises(ocop.Error):
            reg.load_json({"format": "ocop-ruleset/1"})
        path = os.path.join(SOURCE_DIR, "src", "rulesets", "qd26-2026.json")
        with open(path, encoding="utf-8") as f:
            doc = json.load(f)
        doc["id"] = "what-if"
        reg.load_json(doc)
        self.assertIn("what-if", reg.ids())
        r = reg.score(dict(evaluation("p"), ruleset="what-if"))
        self.assertEqual((r["ruleset"], r["total"]), ("what-if", 49))


class AggregateTest(unittest.TestCase):
    def test_cohorts_are_exact(self):
        reg = ocop.Registry()
        evs = [evaluation("a"), evaluation("b"), evaluation("c", **{"1.7": 1})]
        doc = reg.aggregate(evs, by=["star"])
        self.assertEqual(doc["format"], "ocop-cohorts/1")
        self.assertEqual(doc["records"], 3)
        counts = {c["key"]["star"]: c["count"] for c in doc["cohorts"]}
        self.assertEqual(counts, {"2": 2, "3": 1})
        # (49 + 49 + 50) / 3 does not terminate: the exact fraction is given.
        self.assertEqual(doc["overall"]["total"]["mean_exact"], "148/3")

    def test_refused_records(self):
        reg = ocop.Registry()
        evs = [evaluation("a"), evaluation("bad", **{"1.1": 7})]
        with self.assertRaises(ocop.Error) as cm:
            reg.aggregate(evs)
        self.assertEqual(cm.exception.path, "/1/answers/1.1")
        self.assertEqual(reg.aggregate(evs, skip_errors=True)["records"], 1)
        with self.assertRaises(ocop.Error):
            reg.aggregate(evs, by=["colour"])


if __name__ == "__main__":
    unittest.main(verbosity=2)
