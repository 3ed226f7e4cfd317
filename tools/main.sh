#!/usr/bin/env bash
# Install what is needed, build, and run the main job: score the bundled sample national
# dataset with the default ruleset (qd26-2026) and print a cohort report.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh
build=${OCOP_BUILD_DIR:-build}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DOCOP_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j "$(nproc)" >/dev/null
ocop="$build/src/cli/ocop"
out=${OCOP_OUT_DIR:-out}
mkdir -p "$out"
"$ocop" score examples/data/sample-national.jsonl -o "$out/results.jsonl" --compact
"$ocop" aggregate "$out/results.jsonl" --by province --by star -o "$out/cohorts.json" || true
"$ocop" report "$out/results.jsonl" --by province --out-dir "$out/report" || true
