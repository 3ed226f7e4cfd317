#!/usr/bin/env bash
# Macro benchmark: a national-scale dataset (fixed seed), scored and aggregated; prints time
# per phase, throughput and peak RSS (/usr/bin/time -v) of each phase.
#   benchmarks/macro.sh [--count 1000000] [--big] [--threads 2] [--build DIR]
# --big adds the 10M run. The dataset is `ocop generate` (all sheets, councils, knock-outs).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$here")
build=${BUILD:-$root/build-bench}
counts=(1000000)
threads=$(nproc)
while [ $# -gt 0 ]; do
  case $1 in
    --count) counts=("$2"); shift 2 ;;
    --big) counts+=(10000000); shift ;;
    --threads) threads=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    *) echo "usage: $0 [--count N] [--big] [--threads T] [--build DIR]" >&2; exit 2 ;;
  esac
done
if [ ! -x "$build/src/cli/ocop" ]; then
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DOCOP_BUILD_TESTS=OFF -DOCOP_BUILD_BENCHMARKS=ON >/dev/null
  cmake --build "$build" -j"$(nproc)" --target ocop_cli ocop_bench_tool >/dev/null
fi
ocop=$build/src/cli/ocop
tool=$build/benchmarks/ocop_bench_tool
data=${DATA_DIR:-${TMPDIR:-/tmp}/ocop-macro}
mkdir -p "$data"

# phase NAME BYTES RECORDS -- command...: wall seconds, throughput, peak RSS.
phase() {
  local name=$1 bytes=$2 records=$3; shift 4
  local log=$data/time.log
  /usr/bin/time -v -o "$log" "$@" >/dev/null
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$log")
  rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$log")
  awk -v n="$name" -v w="$wall" -v b="$bytes" -v r="$records" -v m="$rss" 'BEGIN {
    printf "%-34s %8.2f s %12.0f rec/s %8.1f MB/s %8.1f MB peak RSS\n", n, w, r / w, b / w / 1e6, m / 1024 }'
}

for n in "${counts[@]}"; do
  f=$data/national-$n.jsonl
  echo "== $n evaluations (ocop generate --count $n --seed 1), $threads threads, $(nproc) cores"
  phase "generate" 0 "$n" -- "$ocop" generate --count "$n" --seed 1 -o "$f"
  bytes=$(stat -c %s "$f")
  echo "   file: $((bytes / 1000000)) MB"
  phase "score+aggregate (library, 1 thread)" "$bytes" "$n" -- "$tool" score --input "$f" --threads 1
  phase "score+aggregate (library, $threads thr)" "$bytes" "$n" -- "$tool" score --input "$f" --threads "$threads"
  phase "ocop score -> JSON Lines ($threads thr)" "$bytes" "$n" -- "$ocop" score "$f" --threads "$threads" --quiet -o "$data/results.jsonl"
  phase "ocop aggregate --by province ($threads thr)" "$bytes" "$n" -- "$ocop" aggregate "$f" --by province --threads "$threads" --quiet -o "$data/agg.json"
  rm -f "$data/results.jsonl" "$data/agg.json"
  [ -n "${KEEP_DATA:-}" ] || rm -f "$f"
done
