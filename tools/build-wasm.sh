#!/bin/sh
# Build ocop for WebAssembly with Debian's emscripten (docs/embedding-web.md):
#   tools/build-wasm.sh [OUTDIR]        (default build-wasm)
# writes OUTDIR/pkg: the npm package (package.json, index.js, index.d.ts, ocop-core.mjs, which
# holds the wasm inline) and OUTDIR/obj: objects, rebuilt when a source or header is newer.
# Needs: apt-get install emscripten (tools/install-deps.sh --wasm). Not part of the default
# build: the native build never needs emscripten.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/build-wasm}
mkdir -p "$out/obj" "$out/gen" "$out/inc" "$out/pkg"
out=$(cd "$out" && pwd)
command -v em++ >/dev/null || { echo "build-wasm: em++ not found (apt-get install emscripten)" >&2; exit 2; }
# Debian's emscripten runs its JS tools with the node on PATH; acorn lives in /usr/share/nodejs.
export NODE_PATH=${NODE_PATH:-/usr/share/nodejs}
# Boost headers only (header-only Boost.JSON: src/wasm/json_src.cpp), never the host's
# /usr/include as a whole: its glibc headers must not mix with emscripten's libc.
ln -sfn /usr/include/boost "$out/inc/boost"

# The built-in rulesets, embedded as in the native build (cmake/embed_rulesets.cmake).
gen="$out/gen/builtin_rulesets.cpp"
if [ ! -f "$gen" ] || [ -n "$(find "$root/src/rulesets" -newer "$gen" -name '*.json')" ]; then
    cmake -DOUT="$gen" -DDIR="$root/src/rulesets" -DIDS=qd1048-2019,qd148-2023,qd26-2026 \
          -P "$root/cmake/embed_rulesets.cmake"
fi

# What scoring, explain, plan, range, council, validate and schema need. Left out: ICU
# (unicode, cohorts, diff), iconv (encoding), libxlsxwriter/minizip/pugixml (workbooks),
# reports, the C API.
lib="core/basics io/batch io/batch_pipeline io/batch_reader io/batch_worker analysis/council
     analysis/crosswalk analysis/crosswalk_chain io/csv io/csv_reader analysis/diff
     core/evaluation io/evaluation_reader io/evaluation_text io/explain io/json_array
     core/json_io core/json_parser analysis/operation_json analysis/planner io/printable
     analysis/range io/record_reader io/record_scorer core/registry io/result_json core/ruleset
     core/ruleset_policies export/schema core/scoring core/sheet_view io/spreadsheet_csv
     io/validate"
flags="-std=c++20 -O2 -fwasm-exceptions -I$root/include -I$root/src -isystem $out/inc
       -include $root/src/wasm/compat.hpp"
newest_header=$(ls -t "$root"/include/ocop/*.hpp "$root"/src/detail/*.hpp "$root"/src/*/*.hpp \
                     "$root/src/wasm/compat.hpp" | head -1)
srcs=""
for n in $lib; do srcs="$srcs $root/src/$n.cpp"; done
srcs="$srcs $root/src/wasm/glue.cpp $root/src/wasm/compat.cpp $root/src/wasm/json_src.cpp $gen"
stale=""
for s in $srcs; do
    o="$out/obj/$(basename "$s" .cpp).o"
    if [ ! -f "$o" ] || [ "$s" -nt "$o" ] || [ "$newest_header" -nt "$o" ]; then stale="$stale $s"; fi
done
jobs=${OCOP_WASM_JOBS:-2}
if [ -n "$stale" ]; then
    # shellcheck disable=SC2086
    printf '%s\n' $stale | xargs -P "$jobs" -I{} sh -c \
        'em++ '"$(echo $flags)"' -c "{}" -o "'"$out"'/obj/$(basename "{}" .cpp).o"'
fi
objs=""
for s in $srcs; do objs="$objs $out/obj/$(basename "$s" .cpp).o"; done
# One ES module with the wasm inline (SINGLE_FILE): it loads from file:// pages and in Node
# without fetching anything. ENVIRONMENT=web: no Node-only file-system code (Node 18+ has
# everything the web path uses).
relink=""
[ -f "$out/pkg/ocop-core.mjs" ] || relink=1
for o in $objs; do if [ "$o" -nt "$out/pkg/ocop-core.mjs" ]; then relink=1; fi; done
if [ -n "$relink" ]; then
    # shellcheck disable=SC2086
    em++ -O2 -fwasm-exceptions $objs -o "$out/pkg/ocop-core.mjs.tmp.mjs" -sMODULARIZE -sEXPORT_ES6 \
         -sSINGLE_FILE -sENVIRONMENT=web -sALLOW_MEMORY_GROWTH -sEXPORT_NAME=createOcopCore \
         -sEXPORTED_FUNCTIONS=_malloc,_free 2>&1 | grep -v '^warning:' >&2 || true
    [ -s "$out/pkg/ocop-core.mjs.tmp.mjs" ] || { echo "build-wasm: link failed" >&2; exit 3; }
    mv "$out/pkg/ocop-core.mjs.tmp.mjs" "$out/pkg/ocop-core.mjs"
fi
cp "$root/src/wasm/package.json" "$root/src/wasm/index.js" "$root/src/wasm/index.d.ts" \
   "$root/src/wasm/make-form.mjs" "$root/src/wasm/form-template.html" "$root/src/wasm/form.js" "$out/pkg/"
echo "build-wasm: $out/pkg ($(wc -c < "$out/pkg/ocop-core.mjs") bytes of ocop-core.mjs)"
