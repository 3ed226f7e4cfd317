"""`ocop reference`: the generated criteria reference holds every sheet, criterion, option,
points value, marker and knock-out of the ruleset data, in the language asked for.

Run by CTest (test `reference`, tests/cmake/docs.cmake) with OCOP_CLI and OCOP_SOURCE_DIR set;
needs only python3 and the built ocop tool. The expected counts are read from the ruleset files
themselves, independently of the C++ code.
"""
import json
import os
import re
import subprocess
import tempfile
import unittest

CLI = os.environ["OCOP_CLI"]
SOURCE_DIR = os.environ["OCOP_SOURCE_DIR"]
RULESETS = ["qd26-2026", "qd148-2023", "qd1048-2019"]
CELL_SPLIT = re.compile(r"(?<!\\)\|")


def load(ruleset_id):
    with open(os.path.join(SOURCE_DIR, "src", "rulesets", ruleset_id + ".json"),
              encoding="utf-8") as f:
        return json.load(f)


def reference(*args):
    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "ref.md")
        run = subprocess.run([CLI, "reference", *args, "-o", out], capture_output=True, text=True)
        if run.returncode != 0:
            raise AssertionError(f"ocop reference {args} failed: {run.stderr}")
        with open(out, encoding="utf-8") as f:
            return f.read()


def sheet_sections(text):
    """{sheet number: section text} of a single-page reference."""
    parts = re.split(r"^## Sheet (\d+): .*$", text, flags=re.M)
    return {int(parts[i]): parts[i + 1] for i in range(1, len(parts), 2)}


def option_rows(section):
    """Table rows of the criteria tables: [key, criterion, option, points, minimum]."""
    rows = []
    for line in section.splitlines():
        if not line.startswith("| ") or line.startswith("| Key ") or line.startswith("|---"):
            continue
        cells = [c.strip() for c in CELL_SPLIT.split(line)[1:-1]]
        if len(cells) == 5:
            rows.append(cells)
    return rows


def unescape(s):
    return re.sub(r"\\(.)", r"\1", s)


class ReferenceTest(unittest.TestCase):
    def test_every_criterion_and_option(self):
        for rid in RULESETS:
            doc = load(rid)
            sections = sheet_sections(reference("--ruleset", rid, "--lang", "both"))
            self.assertEqual(sorted(sections), [s["no"] for s in doc["sheets"]], rid)
            for sheet in doc["sheets"]:
                rows = option_rows(sections[sheet["no"]])
                criteria = [c for g in sheet["groups"] for c in g["criteria"]]
                options = [o for c in criteria for o in c["options"]]
                where = f"{rid} sheet {sheet['no']}"
                self.assertEqual(len(rows), len(options), where)
                keys = [unescape(r[0].strip("`")) for r in rows if r[0]]
                self.assertEqual(keys, [c["id"] for c in criteria], where)
                # Points and markers row by row, in printed order.
                for row, opt in zip(rows, options):
                    probable = opt.get("points_probable")
                    if opt.get("points") is not None:
                        expected = str(opt["points"])
                        if probable is not None:
                            expected += f" (probable {probable})"
                        self.assertEqual(row[3], expected, where)
                    else:
                        self.assertTrue(row[3].startswith(("printed", "not printed")), where)
                        if probable is not None:
                            self.assertIn(f"(probable {probable})", row[3], where)
                    if opt.get("marker"):
                        self.assertIn(f"{opt['marker']}★", row[4], where)
                    else:
                        self.assertNotIn("★", row[4], where)

    def test_every_knockout(self):
        for rid in RULESETS:
            doc = load(rid)
            text = reference("--ruleset", rid, "--lang", "both")
            expected = 0
            for s in doc["sheets"]:
                for g in s["groups"]:
                    expected += len(g.get("knockouts", []))
                    for c in g["criteria"]:
                        expected += len(c.get("knockouts", []))
                        expected += sum(len(o.get("knockouts", [])) for o in c["options"])
            self.assertEqual(text.count("**Knock-out / loại ("), expected, rid)

    def test_languages(self):
        doc = load("qd26-2026")
        crit = doc["sheets"][0]["groups"][0]["criteria"][0]
        vi = sheet_sections(reference("--ruleset", "qd26-2026", "--lang", "vi"))[1]
        en = sheet_sections(reference("--ruleset", "qd26-2026", "--lang", "en"))[1]
        both = sheet_sections(reference("--ruleset", "qd26-2026", "--lang", "both"))[1]
        self.assertIn(crit["title_vi"], vi)
        self.assertNotIn(crit["title_en"], vi)
        self.assertIn(crit["title_en"], en)
        self.assertNotIn(crit["title_vi"], en)
        self.assertIn(crit["title_vi"], both)
        self.assertIn(crit["title_en"], both)

    def test_one_sheet_and_split(self):
        one = reference("--ruleset", "qd26-2026", "--sheet", "13")
        self.assertEqual(sorted(sheet_sections(one)), [13])
        with tempfile.TemporaryDirectory() as tmp:
            run = subprocess.run([CLI, "reference", "--ruleset", "qd26-2026", "--split", tmp],
                                 capture_output=True, text=True)
            self.assertEqual(run.returncode, 0, run.stderr)
            files = sorted(os.listdir(tmp))
            self.assertEqual(len(files), 27)
            self.assertIn("qd26-2026-sheet-26.md", files)
            with open(os.path.join(tmp, "qd26-2026.md"), encoding="utf-8") as f:
                self.assertIn("\\subpage reference_qd26_2026_s26", f.read())

    def test_qd1048(self):
        # No longer a frame: 26 named sheets, parts 35/25/40, sheet 3 named though missing.
        text = reference("--ruleset", "qd1048-2019")
        sections = sheet_sections(text)
        self.assertEqual(sorted(sections), list(range(1, 27)))
        self.assertIn("Gạo, ngũ cốc", text)
        self.assertIn("| A | ", text)

    def test_reproducible(self):
        self.assertEqual(reference("--ruleset", "qd148-2023"), reference("--ruleset", "qd148-2023"))

    def test_usage_errors(self):
        def code(*args):
            return subprocess.run([CLI, "reference", *args], capture_output=True).returncode
        self.assertEqual(code("--lang", "fr"), 2)
        self.assertEqual(code("--sheet", "x"), 2)
        self.assertEqual(code("--ruleset", "nope"), 3)
        self.assertEqual(code("--ruleset", "qd26-2026", "--sheet", "99"), 3)


if __name__ == "__main__":
    unittest.main(verbosity=2)
