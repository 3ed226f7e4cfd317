#!/usr/bin/env bash
# The whole comparison in one command: build, generate a seeded dataset of one 32-criterion
# sheet (qd26-2026 sheet 1), run the micro-benchmarks, check and time the peers (DuckDB on the
# exported SQL, json-logic-js on the exported rules), and print a table of ratios.
#   benchmarks/run-all.sh [--count 1000000] [--threads 1,2] [--no-micro] [--build DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=${BUILD:-$root/build-bench}
count=1000000
threads=1,$(nproc)
micro=1
while [ $# -gt 0 ]; do
  case $1 in
    --count) count=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --no-micro) micro=; shift ;;
    --build) build=$2; shift 2 ;;
    *) echo "usage: $0 [--count N] [--threads 1,2] [--no-micro] [--build DIR]" >&2; exit 2 ;;
  esac
done
echo "# ocop benchmarks, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=${BUILD_TYPE:-Release} -DOCOP_BUILD_TESTS=OFF -DOCOP_BUILD_BENCHMARKS=ON >/dev/null
cmake --build "$build" -j"$(nproc)" --target ocop_cli ocop_bench ocop_bench_tool >/dev/null
ocop=$build/src/cli/ocop
tool=$build/benchmarks/ocop_bench_tool
data=${DATA_DIR:-${TMPDIR:-/tmp}/ocop-bench}
mkdir -p "$data"
jsonl=$data/sheet1-$count.jsonl
csv=$data/sheet1-$count.csv
[ -s "$jsonl" ] && [ -s "$csv" ] || "$tool" gen --sheet 1 --count "$count" --seed 20260522 --jsonl "$jsonl" --csv "$csv"
echo "# dataset: $count evaluations of qd26-2026 sheet 1 (32 criteria), seed 20260522"
echo "#   $jsonl ($(( $(stat -c %s "$jsonl") / 1000000 )) MB), $csv ($(( $(stat -c %s "$csv") / 1000000 )) MB)"

if [ -n "$micro" ]; then
  echo; echo "## Micro-benchmarks (Google Benchmark; CPU time is the per-core figure)"
  "$build/benchmarks/ocop_bench" --benchmark_min_time=0.5 2>/dev/null | grep -E '^(BM_|-|Benchmark)'
fi

echo; echo "## Peers (each checked equal to ours on the same records before timing)"
results=$data/peers.jsonl
: >"$results"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "peers skipped: node and npm are needed (https://nodejs.org)"
else
  if [ ! -d "$here/peers/node_modules/@duckdb/node-api" ] || [ ! -d "$here/peers/node_modules/json-logic-js" ]; then
    npm install --prefix "$here/peers" --no-audit --no-fund >/dev/null 2>&1 ||
      echo "peers: npm install failed (offline?); peers that are missing are skipped"
  fi
  (cd "$here/peers" && node peers.mjs --ocop "$ocop" --tool "$tool" --jsonl "$jsonl" --csv "$csv" \
     --sheet 1 --threads "$threads") | tee "$results"
fi

echo; echo "## Ratios: peer time / our time on the same records and threads (> 1: ocop is faster)"
node -e '
const rows = require("fs").readFileSync(process.argv[1], "utf8").split("\n").filter(Boolean).map(JSON.parse);
console.log("| peer | input | threads | records | ocop s | peer s | ocop MB/s | ratio |");
console.log("|---|---|---|---|---|---|---|---|");
for (const r of rows) {
  if (r.skipped) { console.log(`| ${r.peer} | skipped: ${r.skipped} | | | | | | |`); continue; }
  if (r.check !== "equal") { console.log(`| ${r.peer} | ${r.input} | check FAILED: ${r.mismatches} mismatches | | | | | |`); continue; }
  console.log(`| ${r.peer} | ${r.input} | ${r.threads} | ${r.records} | ${r.ours_s.toFixed(3)} | ${r.peer_s.toFixed(3)} | ${(r.bytes / r.ours_s / 1e6).toFixed(1)} | ${r.ratio.toFixed(2)} |`);
}' "$results" 2>/dev/null || echo "(no peer results)"
