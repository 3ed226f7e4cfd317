#!/bin/sh
# Bounded load test of `ocop serve` on 127.0.0.1 with wrk (keep-alive): POST /v1/score of one
# evaluation for a fixed time at several concurrencies. Prints requests/s, p50/p99 latency,
# errors, the server's CPU time (requests per CPU-second = per core) and its resident memory
# after each round; checks responses against `ocop score` before and after the load and every
# response of a repeated round (memory must stay flat over it), and a clean exit 0 on SIGTERM.
# Loopback only.
#
# usage: benchmarks/serve_load.sh [OCOP] [SECONDS] [SERVER_THREADS]
#   CONCS="1 8 32 128" to choose the concurrencies; WRK_THREADS=2; COMPACT=1 for ?compact=1
#   (results without groups and criteria, as ocop score --compact).
set -eu
OCOP=${1:-build/src/cli/ocop}
DUR=${2:-5}
THREADS=${3:-1}
CONCS=${CONCS:-"1 8 32 128"}
WRK_THREADS=${WRK_THREADS:-2}
HERE=$(cd "$(dirname "$0")" && pwd)
command -v wrk >/dev/null || { echo "serve_load: wrk is not installed" >&2; exit 77; }
command -v curl >/dev/null || { echo "serve_load: curl is not installed" >&2; exit 77; }

tmp=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT INT TERM

head -n 1 "$HERE/../examples/data/sample-national.jsonl" > "$tmp/one.json"
query=
compact=
[ "${COMPACT:-0}" = 1 ] && { query="?compact=1"; compact=--compact; }
"$OCOP" score "$tmp/one.json" --quiet $compact > "$tmp/expect.json"

"$OCOP" serve --listen 127.0.0.1:0 --threads "$THREADS" --max-connections 4096 \
    > "$tmp/out" 2> "$tmp/err" &
pid=$!
i=0
while ! grep -q listening "$tmp/out" 2>/dev/null; do
    i=$((i + 1)); [ $i -gt 100 ] && { echo "serve_load: server did not start" >&2; exit 1; }
    sleep 0.1
done
port=$(sed -n 's/.*127\.0\.0\.1:\([0-9]*\).*/\1/p' "$tmp/out")
url="http://127.0.0.1:$port/v1/score$query"

check() { # a response equal to `ocop score`'s line
    curl -s -H 'Content-Type: application/json' --data-binary "@$tmp/one.json" "$url" \
        > "$tmp/got.json"
    cmp -s "$tmp/got.json" "$tmp/expect.json" || { echo "serve_load: response differs from ocop score ($1)" >&2; exit 1; }
}
cpu() { awk '{print $14 + $15}' "/proc/$pid/stat"; }
rss() { awk '/VmRSS/ {print $2}' "/proc/$pid/status"; }
tck=$(getconf CLK_TCK)

check "before the load"
echo "POST $url; server threads: $THREADS, wrk threads: $WRK_THREADS, $DUR s per round, $(nproc) cores, load average $(cut -d' ' -f1 /proc/loadavg)"
printf '%-12s %10s %9s %9s %7s %9s %12s %9s\n' connections req/s p50 p99 errors cpu_s req/cpu_s rss_kB
round() {
    c0=$(cpu)
    wt=$WRK_THREADS; [ "$1" -lt "$wt" ] && wt=$1
    OCOP_BODY="$tmp/one.json" OCOP_EXPECT=${2:-} wrk -t"$wt" -c"$1" -d"${DUR}s" -s "$HERE/serve_load.lua" \
        --latency "$url" > "$tmp/wrk.txt"
    c1=$(cpu)
    rps=$(awk '/^Requests\/sec/ {print $2}' "$tmp/wrk.txt")
    p50=$(awk '$1 == "50%" {print $2}' "$tmp/wrk.txt")
    p99=$(awk '$1 == "99%" {print $2}' "$tmp/wrk.txt")
    reqs=$(awk '/requests in/ {print $1}' "$tmp/wrk.txt")
    non2xx=$(awk '/Non-2xx/ {print $NF}' "$tmp/wrk.txt")
    sock=$(awk '/Socket errors/ {gsub(",", ""); print $4 + $6 + $8 + $10}' "$tmp/wrk.txt")
    errors=$(( ${non2xx:-0} + ${sock:-0} ))
    cpu_s=$(awk -v a="$c0" -v b="$c1" -v t="$tck" 'BEGIN {printf "%.2f", (b - a) / t}')
    per_cpu=$(awk -v n="$reqs" -v s="$cpu_s" 'BEGIN {if (s > 0) printf "%.0f", n / s; else print "-"}')
    last_rss=$(rss)
    printf '%-12s %10s %9s %9s %7s %9s %12s %9s\n' "$1" "$rps" "$p50" "$p99" "$errors" "$cpu_s" "$per_cpu" "$last_rss"
    total_errors=$(( ${total_errors:-0} + errors ))
}
high=
for c in $CONCS; do round "$c"; high=$c; done
rss_first=$last_rss
round "$high" "$tmp/expect.json"  # again, every response checked: memory must not grow
rss_again=$last_rss
grep checked "$tmp/wrk.txt"
differ=$(awk '/^checked/ {print $4}' "$tmp/wrk.txt")
[ -n "$differ" ] && [ "$differ" -eq 0 ] || { echo "serve_load: responses differ from ocop score" >&2; exit 1; }
check "after the load"
# One-shot CLI for comparison: one process per evaluation.
n=20
t0=$(date +%s.%N)
j=0
while [ $j -lt $n ]; do "$OCOP" score "$tmp/one.json" --quiet > /dev/null; j=$((j + 1)); done
t1=$(date +%s.%N)
awk -v a="$t0" -v b="$t1" -v n="$n" 'BEGIN {printf "one-shot CLI: %d runs of ocop score in %.2f s = %.0f evaluations/s\n", n, b - a, n / (b - a)}'
kill -TERM "$pid"
status=0
wait "$pid" || status=$?
pid=
echo "rss after round $high: $rss_first kB, after the same round again: $rss_again kB; exit on SIGTERM: $status; errors: $total_errors"
[ "$status" -eq 0 ] || { echo "serve_load: exit status $status after SIGTERM" >&2; exit 1; }
[ "$total_errors" -eq 0 ] || { echo "serve_load: $total_errors errors" >&2; exit 1; }
[ "$rss_again" -le $((rss_first + 8192)) ] || { echo "serve_load: memory grew" >&2; exit 1; }
echo "serve_load: ok"
