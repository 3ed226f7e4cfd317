#!/usr/bin/env bash
# Install what is needed, build, and run the main job: score the bundled sample national
# dataset (synthetic, examples/data/README.md) with the default ruleset (qd26-2026),
# aggregate it by province and star, and print the cohort report (Markdown) to stdout.
# Files: $OCOP_OUT_DIR (default out/): results.jsonl, cohorts.json, report/ (HTML, CSV).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh >&2
build=${OCOP_BUILD_DIR:-build}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DOCOP_BUILD_TESTS=OFF >/dev/null
cmake --build "$build" -j "$(nproc)" --target ocop_cli >/dev/null
ocop="$build/src/cli/ocop"
out=${OCOP_OUT_DIR:-out}
mkdir -p "$out"
threads=$(nproc)
"$ocop" score examples/data/sample-national.jsonl -o "$out/results.jsonl" --threads "$threads"
"$ocop" aggregate "$out/results.jsonl" --by province --by star -o "$out/cohorts.json"
"$ocop" report "$out/results.jsonl" --by province --out-dir "$out/report" \
  --title "OCOP — mẫu quốc gia tổng hợp (synthetic national sample), qd26-2026"
