#!/usr/bin/env python3
"""Run every example of README.md and docs/*.md against the built ocop (ctest label `docs`).

Conventions (docs/README.md, "Examples are tested"):

- a fenced block whose first line starts with `$ ` is a transcript: each `$ ` line (with `\\`
  continuations) is run with bash, and the lines up to the next `$ ` are its expected stdout,
  compared exactly after trailing blanks are stripped; `…` inside a line matches any text, a
  line that is only `…` matches any number of lines. The output is stdout and stderr together,
  as on a terminal. Each command must exit 0 unless
  `<!-- doc-test: exit N -->` precedes the block (then the last command must exit N);
- `<!-- doc-test: excerpt -->` before a transcript: the page shows part of the output (and says
  so): every line shown must be an output line, in the order shown;
- a ```sh block is run with bash -e and must exit 0 (its output is not compared);
- ```cpp and ```c blocks are compiled against include/ and linked with the built library, then
  run (exit 0); ```python blocks are run with the in-tree module when it is built;
- `<!-- doc-test: file PATH -->` before a block: the block is the content of the shipped file
  PATH (compared as JSON for a ```json block, else line by line);
- `<!-- doc-test: needs PROGRAM -->` before a block: skipped when PROGRAM is not installed;
- `<!-- doc-test: skip REASON -->` right before a block leaves it out (the reason is printed):
  only for blocks that install packages, need hours or a network service;
- blocks of a page run in order in one temporary directory holding copies of `examples/` and
  `docs/examples/` (and links to the source's `tools/`, `tests/`, `src/`), with the built `ocop`
  first on PATH: a block may use a file an earlier block
  of the same page made. Command lines are run from that directory, as from the source root.

`--check-cli` also compares docs/cli.md with the built parser: the commands of `ocop help` must
be the `###` sections of cli.md, and each section's synopsis (with the option groups it names)
must list exactly the options that `ocop COMMAND --help` declares; a usage block of another page
(no language, first line `ocop COMMAND`) may list only declared options.
"""
import argparse
import concurrent.futures
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time

FENCE = re.compile(r"^(\s*)```(\S*)\s*$")
MARK = re.compile(r"^<!--\s*doc-test:\s*(\w+)\s*(.*?)\s*-->\s*$")


def blocks(path):
    """(line, lang, lines, marks) of each fenced block of a Markdown file."""
    text = open(path, encoding="utf-8").read().split("\n")
    out, marks, i = [], {}, 0
    while i < len(text):
        m = MARK.match(text[i])
        if m:
            marks[m.group(1)] = m.group(2)
            i += 1
            continue
        f = FENCE.match(text[i])
        if f:
            j = i + 1
            while j < len(text) and not re.match(r"^\s*```\s*$", text[j]):
                j += 1
            indent = len(f.group(1))
            body = [ln[indent:] if ln[:indent].isspace() else ln for ln in text[i + 1 : j]]
            out.append((i + 1, f.group(2), body, marks))
            marks, i = {}, j + 1
            continue
        if text[i].strip():
            marks = {}
        i += 1
    return out


def transcript(body):
    """[(command, expected lines)] of a `$ ` transcript."""
    steps, k = [], 0
    while k < len(body):
        cmd = body[k][2:]
        while cmd.endswith("\\") and k + 1 < len(body):
            k += 1
            cmd = cmd[:-1] + "\n" + body[k]
        k += 1
        exp = []
        while k < len(body) and not body[k].startswith("$ "):
            exp.append(body[k])
            k += 1
        steps.append((cmd, exp))
    return steps


def line_pattern(e):
    return re.compile(".*".join(re.escape(p) for p in e.split("…")) + r"\Z")


def excerpt_matches(expected, actual):
    """Every expected line (… wildcards, `…` lines ignored) is an output line, in order."""
    act = [a.rstrip() for a in actual]
    j = 0
    for e in (e.rstrip() for e in expected):
        if not e or e == "…":
            continue
        pat = line_pattern(e)
        while j < len(act) and not pat.match(act[j]):
            j += 1
        if j == len(act):
            return False
        j += 1
    return True


def matches(expected, actual):
    """Expected lines (with … wildcards) against actual lines."""
    exp = [e.rstrip() for e in expected]
    act = [a.rstrip() for a in actual]
    while exp and not exp[-1]:
        exp.pop()
    while act and not act[-1]:
        act.pop()
    pats = []
    for e in exp:
        if e == "…":
            pats.append(None)
        else:
            pats.append(line_pattern(e))

    memo = {}

    def go(i, j):
        if (i, j) in memo:
            return memo[(i, j)]
        if i == len(pats):
            r = j == len(act)
        elif pats[i] is None:
            r = any(go(i + 1, k) for k in range(j, len(act) + 1))
        else:
            r = j < len(act) and bool(pats[i].match(act[j])) and go(i + 1, j + 1)
        memo[(i, j)] = r
        return r

    return go(0, 0)


class Runner:
    def __init__(self, args):
        self.a = args
        self.failures = []
        self.ran = 0
        self.skipped = 0

    def fail(self, where, msg):
        self.failures.append(f"{where}: {msg}")
        print(f"FAIL {where}: {msg}", flush=True)

    def env(self):
        e = dict(os.environ)
        # `python3` in a page is this interpreter (the one with openpyxl, see doc_examples.cmake).
        e["PATH"] = os.pathsep.join([self.bindir, os.path.dirname(sys.executable), e.get("PATH", "")])
        e["LC_ALL"] = "C.UTF-8"
        e.pop("OCOP_RULESET_DIR", None)
        if self.a.pythonpath:
            e["PYTHONPATH"] = self.a.pythonpath
        return e

    def sh(self, cmd, cwd, merged=False):
        """Runs cmd; merged: stderr goes to stdout, as on a terminal."""
        try:
            return subprocess.run(["bash", "-o", "pipefail", "-c", cmd], cwd=cwd, env=self.env(),
                                  stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                  stderr=subprocess.STDOUT if merged else subprocess.PIPE,
                                  timeout=60)
        except subprocess.TimeoutExpired:
            return subprocess.CompletedProcess(cmd, 124, b"", b"timed out after 60 s")

    def page(self, path):
        rel = os.path.relpath(path, self.a.source)
        work = tempfile.mkdtemp(prefix="ocop-doc-")
        try:
            for d in ("examples", "docs/examples"):
                src = os.path.join(self.a.source, d)
                if os.path.isdir(src):
                    shutil.copytree(src, os.path.join(work, d))
            # Scripts and data the pages run from the source root, read only.
            for d in ("tools", "tests", "src"):
                os.symlink(os.path.join(self.a.source, d), os.path.join(work, d))
            for line, lang, body, marks in blocks(path):
                where = f"{rel}:{line}"
                if "needs" in marks and not shutil.which(marks["needs"]) and not (
                        marks["needs"] == "chromium" and shutil.which("chromium-browser")):
                    marks = {"skip": f"{marks['needs']} is not installed"}
                if "skip" in marks:
                    if body and (body[0].startswith("$ ") or lang in ("sh", "cpp", "c", "python")):
                        self.skipped += 1
                        print(f"skip {where}: {marks['skip']}")
                    continue
                if "file" in marks:
                    self.same_file(where, lang, body, marks["file"])
                elif body and body[0].startswith("$ "):
                    self.run_transcript(where, body, marks, work)
                elif lang == "sh":
                    self.ran += 1
                    # Background jobs (ocop serve &) end with the block, even a failed one.
                    r = self.sh("set -e\ntrap 'kill $(jobs -p) 2>/dev/null || true' EXIT\n"
                                + "\n".join(body), work)
                    if r.returncode != 0:
                        self.fail(where, f"exit {r.returncode}\n{r.stderr.decode(errors='replace')}")
                elif lang in ("cpp", "c"):
                    self.compile(where, lang, body, work)
                elif lang == "python":
                    self.python(where, body, work)
        finally:
            shutil.rmtree(work, ignore_errors=True)

    def same_file(self, where, lang, body, name):
        """A block shown as the content of a shipped file must be that file."""
        self.ran += 1
        path = os.path.join(self.a.source, name)
        if not os.path.isfile(path):
            self.fail(where, f"{name} is not shipped")
            return
        have = open(path, encoding="utf-8").read()
        if lang == "json":
            try:
                same = json.loads("\n".join(body)) == json.loads(have)
            except ValueError as e:
                self.fail(where, f"not JSON: {e}")
                return
        else:
            same = [ln.rstrip() for ln in body] == [ln.rstrip() for ln in have.rstrip("\n").split("\n")]
        if not same:
            self.fail(where, f"the block differs from {name}")

    def run_transcript(self, where, body, marks, work):
        steps = transcript(body)
        want_exit = int(marks.get("exit", "0"))
        for n, (cmd, exp) in enumerate(steps):
            self.ran += 1
            r = self.sh(cmd, work, merged=True)
            last = n == len(steps) - 1
            code = want_exit if last else 0
            out = r.stdout.decode("utf-8", errors="replace").split("\n")
            if r.returncode != code:
                self.fail(where, f"`{cmd}` exited {r.returncode}, the page says {code}\n"
                          + r.stdout.decode(errors="replace")[-2000:])
            elif not (excerpt_matches if "excerpt" in marks else matches)(exp, out):
                self.fail(where, f"`{cmd}` printed\n" + "\n".join(out[:60])
                          + "\n--- the page shows ---\n" + "\n".join(exp))

    def compile(self, where, lang, body, work):
        if not self.a.cxx:
            return
        self.ran += 1
        src = os.path.join(work, "snippet." + lang)
        exe = os.path.join(work, "snippet")
        with open(src, "w", encoding="utf-8") as f:
            f.write("\n".join(body) + "\n")
        if lang == "c":
            obj = os.path.join(work, "snippet.o")
            steps = [[self.a.cc, "-std=c11", "-Wall", "-I", os.path.join(self.a.source, "include"),
                      "-c", src, "-o", obj],
                     [self.a.cxx, obj, "-o", exe] + self.a.libs]
        else:
            steps = [[self.a.cxx, "-std=c++20", "-Wall", "-I",
                      os.path.join(self.a.source, "include"), src, "-o", exe] + self.a.libs]
        for s in steps:
            r = subprocess.run(s, capture_output=True, cwd=work)
            if r.returncode != 0:
                self.fail(where, "does not compile:\n" + r.stderr.decode(errors="replace")[-3000:])
                return
        r = subprocess.run([exe], capture_output=True, cwd=work, env=self.env(), timeout=60)
        if r.returncode != 0:
            self.fail(where, f"ran with exit {r.returncode}\n" + r.stderr.decode(errors="replace"))

    def python(self, where, body, work):
        pp = self.a.pythonpath
        # The package `ocop` (ocop/_ocop*.so) or an older single module (ocop*.so).
        pkg = os.path.join(pp or "", "ocop")
        if not pp or not os.path.isdir(pp) or not (
                any(f.startswith("ocop") and f.endswith(".so") for f in os.listdir(pp)) or
                (os.path.isdir(pkg) and any(f.startswith("_ocop") and f.endswith(".so")
                                            for f in os.listdir(pkg)))):
            self.skipped += 1
            print(f"skip {where}: the Python module is not built")
            return
        self.ran += 1
        r = subprocess.run([self.a.python or sys.executable, "-c", "\n".join(body)], capture_output=True, cwd=work,
                           env=self.env(), timeout=60)
        if r.returncode != 0:
            self.fail(where, f"exit {r.returncode}\n" + r.stderr.decode(errors="replace")[-2000:])


def help_options(ocop, name, choices=None):
    """The options `ocop NAME --help` declares: one set of spellings per option; `choices`
    receives the value set of each option that shows one (`--format json|csv`)."""
    r = subprocess.run([ocop] + name.split() + ["--help"], capture_output=True, text=True)
    opts = []
    for ln in r.stdout.split("\n"):
        m = re.match(r"^\s+(-[^\s,]+(?:,-[^\s,]+)*)(?:\s(\S+\|\S+))?", ln)
        if m:
            opts.append(set(m.group(1).split(",")))
            if m.group(2) and choices is not None:
                for o in opts[-1]:
                    choices[o] = set(m.group(2).split("|"))
    return r.returncode, opts


def shown_choices(text):
    """The value sets a usage text shows (`--format json|csv`, `--markers cap\\|fail`)."""
    out = {}
    for m in re.finditer(r"(?<![\w-])(--?[a-z][a-z0-9-]*)[ =]([a-z0-9][a-z0-9-]*"
                         r"(?:\\?\|[a-z0-9][a-z0-9-]*)+)", text):
        out[m.group(1)] = set(m.group(2).replace("\\|", "|").split("|"))
    return out


def check_cli(ocop, source):
    """Failures of docs/cli.md against the parser."""
    fails = []
    r = subprocess.run([ocop, "help"], capture_output=True, text=True)
    cmds = []
    inside = False
    for ln in r.stdout.split("\n"):
        if ln.startswith("commands:"):
            inside = True
        elif inside and ln.startswith("  "):
            cmds.append(re.split(r"\s{2,}", ln.strip())[0])
        elif inside and not ln.strip():
            inside = False
    text = open(os.path.join(source, "docs/cli.md"), encoding="utf-8").read()
    groups = {}
    for g in re.finditer(r"^\*(\w+) options\*.*?\n\n((?:\|.*\n)+)", text, re.M):
        groups[g.group(1)] = set(re.findall(r"`(--?[a-z][a-z0-9-]*)", g.group(2)))
    sections, section_choices = {}, {}
    for s in re.finditer(r"^### (.+?)\n\n```\n(.*?)```", text, re.M | re.S):
        synopsis = s.group(2)
        opts = set(re.findall(r"(?<![\w-])(--?[a-z][a-z0-9-]*)", synopsis))
        for g, members in groups.items():
            if f"[{g} options]" in synopsis:
                opts |= members
        sections[s.group(1).strip()] = opts
        section_choices[s.group(1).strip()] = shown_choices(synopsis)
    for c in cmds:
        if c == "help":
            continue
        if c not in sections:
            fails.append(f"docs/cli.md has no section `### {c}` (ocop help lists it)")
            continue
        choices = {}
        code, declared = help_options(ocop, c, choices)
        declared = [d for d in declared if not d & {"-h", "--help"}]
        for opt, vals in section_choices[c].items():
            if opt in choices and choices[opt] != vals:
                fails.append(f"docs/cli.md `### {c}`: {opt} {'|'.join(sorted(vals))}, the parser "
                             f"takes {'|'.join(sorted(choices[opt]))}")
        documented = sections[c] - {"-h", "--help"}
        if code != 0:
            fails.append(f"`ocop {c} --help` exited {code}")
        # `ocop help COMMAND` prints the same text as `ocop COMMAND --help`.
        a = subprocess.run([ocop, "help"] + c.split(), capture_output=True)
        b = subprocess.run([ocop] + c.split() + ["--help"], capture_output=True)
        if a.stdout != b.stdout or a.returncode != b.returncode:
            fails.append(f"`ocop help {c}` differs from `ocop {c} --help`")
        # An option is documented under any of its spellings (-o or --output).
        miss = sorted(",".join(sorted(d)) for d in declared if not d & documented)
        known = set().union(*declared) if declared else set()
        extra = sorted(documented - known)
        if miss or extra:
            fails.append(f"docs/cli.md `### {c}`: "
                         + (f"options the parser declares and the page omits: {' '.join(miss)}; "
                            if miss else "")
                         + (f"options the page lists and the parser does not declare: "
                            f"{' '.join(extra)}" if extra else ""))
    # Usage blocks on the other pages (a block without language starting `ocop COMMAND`) may
    # show fewer options, but only declared ones.
    declared_by = {}
    pages = ["README.md"] + sorted("docs/" + f for f in os.listdir(os.path.join(source, "docs"))
                                   if f.endswith(".md") and f != "cli.md")
    for page in pages:
        for line, lang, body, _ in blocks(os.path.join(source, page)):
            if lang or not body or not body[0].startswith("ocop "):
                continue
            words = body[0].split()
            name = " ".join(words[1:3]) if " ".join(words[1:3]) in cmds else words[1]
            if name not in cmds:
                fails.append(f"{page}:{line}: `ocop {name}` is not a command")
                continue
            if name not in declared_by:
                declared_by[name] = set().union(*help_options(ocop, name)[1])
            shown = set(re.findall(r"(?<![\w-])(--?[a-z][a-z0-9-]*)", "\n".join(body)))
            extra = sorted(shown - declared_by[name])
            if extra:
                fails.append(f"{page}:{line}: `ocop {name}` usage lists options the parser "
                             f"does not declare: {' '.join(extra)}")
    for s in sections:
        if s not in cmds:
            fails.append(f"docs/cli.md section `### {s}` is not a command of `ocop help`")
    return fails


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--ocop", required=True, help="the built ocop executable")
    p.add_argument("--source", required=True, help="the source root")
    p.add_argument("--cxx", help="C++ compiler for the C++ and C snippets (none: not compiled)")
    p.add_argument("--cc", default="cc", help="C compiler for the C snippets")
    p.add_argument("--libs", default="", help="comma-separated link line: the library and its deps")
    p.add_argument("--pythonpath", help="directory of the built Python module")
    p.add_argument("--python", help="interpreter for the Python snippets (the module's)")
    p.add_argument("--jobs", type=int, default=2, help="pages run at once (default 2)")
    p.add_argument("--check-cli", action="store_true", help="check docs/cli.md against --help")
    p.add_argument("pages", nargs="*", help="pages to run (default README.md and docs/*.md)")
    a = p.parse_args()
    a.cc = a.cc or "cc"
    a.source = os.path.abspath(a.source)
    a.libs = [x for x in a.libs.split(",") if x]
    t0 = time.time()
    if a.check_cli:
        fails = check_cli(os.path.abspath(a.ocop), a.source)
        for f in fails:
            print("FAIL " + f)
        print(f"docs/cli.md checked against the parser: {len(fails)} failure(s)")
        return 1 if fails else 0
    run = Runner(a)
    run.bindir = tempfile.mkdtemp(prefix="ocop-bin-")
    try:
        os.symlink(os.path.abspath(a.ocop), os.path.join(run.bindir, "ocop"))
        pages = a.pages or [os.path.join(a.source, "README.md")] + sorted(
            os.path.join(a.source, "docs", f) for f in os.listdir(os.path.join(a.source, "docs"))
            if f.endswith(".md"))
        # Pages are independent (one directory each): two at a time.
        with concurrent.futures.ThreadPoolExecutor(max_workers=a.jobs) as pool:
            list(pool.map(run.page, pages))
    finally:
        shutil.rmtree(run.bindir, ignore_errors=True)
    print(f"{run.ran} example(s) run, {run.skipped} skipped, {len(run.failures)} failed "
          f"in {time.time() - t0:.1f} s")
    return 1 if run.failures else 0


if __name__ == "__main__":
    sys.exit(main())
