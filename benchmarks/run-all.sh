#!/usr/bin/env bash
# The whole comparison in one command: build, generate a seeded dataset of one 32-criterion
# sheet (qd26-2026 sheet 1) and a national mixed one (ocop generate), run the micro-benchmarks,
# check and time the peers (DuckDB on the exported SQL, json-logic-js on the exported rules),
# time the CLI itself (`ocop score FILE -o OUT`) against DuckDB writing its results with
# COPY … TO, report bytes per result line at each --detail level, and print tables of ratios.
#   benchmarks/run-all.sh [--count 1000000] [--threads 1,2] [--no-micro] [--no-library] [--build DIR]
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=${BUILD:-$root/build-bench}
count=1000000
threads=1,$(nproc)
micro=1
library=1
while [ $# -gt 0 ]; do
  case $1 in
    --count) count=$2; shift 2 ;;
    --threads) threads=$2; shift 2 ;;
    --no-micro) micro=; shift ;;
    --no-library) library=; shift ;;
    --build) build=$2; shift 2 ;;
    *) echo "usage: $0 [--count N] [--threads 1,2] [--no-micro] [--no-library] [--build DIR]" >&2; exit 2 ;;
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
national=$data/national-$count.jsonl
[ -s "$national" ] || "$ocop" generate --count "$count" --seed 1 -o "$national"
echo "# national mix: $count evaluations (ocop generate --seed 1: all sheets, councils, knock-outs, metadata)"
echo "#   $national ($(( $(stat -c %s "$national") / 1000000 )) MB)"
echo "# load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"

echo; echo "## Bytes per result line (ocop score, each --detail level)"
echo "| input | line | bytes/line | output MB |"
echo "|---|---|---|---|"
for f in "$jsonl" "$national"; do
  for d in "" "--messages" "--detail criteria" "--detail full"; do
    "$ocop" score "$f" $d --threads 2 --quiet -o "$data/lines.jsonl" || true
    b=$(stat -c %s "$data/lines.jsonl"); n=$(wc -l <"$data/lines.jsonl")
    echo "| $(basename "$f") | ${d:-default (--detail totals)} | $(( b / n )) | $(( b / 1000000 )) |"
  done
done
rm -f "$data/lines.jsonl"

if [ -n "$micro" ]; then
  echo; echo "## Micro-benchmarks (Google Benchmark; CPU time is the per-core figure)"
  "$build/benchmarks/ocop_bench" --benchmark_min_time=0.5 2>/dev/null | grep -E '^(BM_|-|Benchmark)'
fi

results=$data/peers.jsonl
cli_results=$data/peers-cli.jsonl
: >"$results"
: >"$cli_results"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "peers skipped: node and npm are needed (https://nodejs.org)"
else
  if [ ! -d "$here/peers/node_modules/@duckdb/node-api" ] || [ ! -d "$here/peers/node_modules/json-logic-js" ]; then
    npm install --prefix "$here/peers" --no-audit --no-fund >/dev/null 2>&1 ||
      echo "peers: npm install failed (offline?); peers that are missing are skipped"
  fi
  echo; echo "## The CLI with output: ocop score FILE -o OUT against DuckDB + COPY … TO (checked equal first)"
  (cd "$here/peers" && node peers.mjs --cli 1 --ocop "$ocop" --tool "$tool" --jsonl "$jsonl" --csv "$csv" \
     --national "$national" --sheet 1 --threads "$threads") | tee "$cli_results"
  if [ -n "$library" ]; then
    echo; echo "## Library peers (score + count stars, no output; each checked equal to ours first)"
    (cd "$here/peers" && node peers.mjs --ocop "$ocop" --tool "$tool" --jsonl "$jsonl" --csv "$csv" \
       --sheet 1 --threads "$threads") | tee "$results"
  fi
fi

echo; echo "## CLI ratios: DuckDB seconds / ocop score seconds, both writing every result (> 1: ocop is faster)"
node -e '
const rows = require("fs").readFileSync(process.argv[1], "utf8").split("\n").filter(Boolean).map(JSON.parse);
console.log("| input | threads | records | DuckDB refused | ocop s | DuckDB s | ocop MB/s in | ocop out MB | DuckDB out MB | ratio |");
console.log("|---|---|---|---|---|---|---|---|---|---|");
for (const r of rows) {
  if (r.skipped) { console.log(`| skipped: ${r.skipped} | | | | | | | | | |`); continue; }
  if (r.check !== "equal") { console.log(`| ${r.input} | check FAILED: ${r.mismatches} mismatches | | | | | | | | |`); continue; }
  console.log(`| ${r.input} | ${r.threads} | ${r.records} | ${r.peer_refused} | ${r.ours_s.toFixed(3)} | ${r.peer_s.toFixed(3)} | ${(r.bytes / r.ours_s / 1e6).toFixed(1)} | ${(r.ours_out_bytes / 1e6).toFixed(0)} | ${(r.peer_out_bytes / 1e6).toFixed(0)} | ${r.ratio.toFixed(2)} |`);
}' "$cli_results" 2>/dev/null || echo "(no CLI results)"

[ -n "$library" ] || exit 0
echo; echo "## Library ratios: peer time / our time on the same records and threads (> 1: ocop is faster)"
node -e '
const rows = require("fs").readFileSync(process.argv[1], "utf8").split("\n").filter(Boolean).map(JSON.parse);
console.log("| peer | input | threads | records | ocop s | peer s | ocop MB/s | ratio |");
console.log("|---|---|---|---|---|---|---|---|");
for (const r of rows) {
  if (r.skipped) { console.log(`| ${r.peer} | skipped: ${r.skipped} | | | | | | |`); continue; }
  if (r.check !== "equal") { console.log(`| ${r.peer} | ${r.input} | check FAILED: ${r.mismatches} mismatches | | | | | |`); continue; }
  console.log(`| ${r.peer} | ${r.input} | ${r.threads} | ${r.records} | ${r.ours_s.toFixed(3)} | ${r.peer_s.toFixed(3)} | ${(r.bytes / r.ours_s / 1e6).toFixed(1)} | ${r.ratio.toFixed(2)} |`);
}' "$results" 2>/dev/null || echo "(no peer results)"
