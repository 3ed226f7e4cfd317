#!/usr/bin/env python3
"""Run every examples/python/*.py with the interpreter running this script; fail when one
fails or prints nothing. Used by the ctest tests python_examples and python_venv."""
import glob
import os
import subprocess
import sys

src = os.environ.get("OCOP_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
try:
    import pandas  # noqa: F401
    have_pandas = True
except ImportError:
    have_pandas = False

failed = 0
for ex in sorted(glob.glob(os.path.join(src, "examples", "python", "*.py"))):
    with open(ex, encoding="utf-8") as f:
        if "import pandas" in f.read() and not have_pandas:
            print(f"SKIPPED (pandas not installed for {sys.executable}): {os.path.basename(ex)}")
            continue
    p = subprocess.run([sys.executable, ex], capture_output=True, text=True)
    ok = p.returncode == 0 and p.stdout.strip()
    print(f"{'ok' if ok else 'FAILED'}: {os.path.basename(ex)}")
    if not ok:
        failed += 1
        print(p.stdout[-2000:], p.stderr[-4000:], sep="\n")
sys.exit(1 if failed else 0)
