#!/usr/bin/env python3
"""Run every examples/python/*.py with the interpreter running this script; fail when one
fails or prints nothing. Used by the ctest tests python_examples and python_venv."""
import glob
import os
import subprocess
import sys

src = os.environ.get("OCOP_SOURCE_DIR", os.path.join(os.path.dirname(__file__), "..", ".."))
failed = 0
for ex in sorted(glob.glob(os.path.join(src, "examples", "python", "*.py"))):
    p = subprocess.run([sys.executable, ex], capture_output=True, text=True)
    ok = p.returncode == 0 and p.stdout.strip()
    print(f"{'ok' if ok else 'FAILED'}: {os.path.basename(ex)}")
    if not ok:
        failed += 1
        print(p.stdout[-2000:], p.stderr[-4000:], sep="\n")
sys.exit(1 if failed else 0)
