#!/usr/bin/env bash
# The README's test command: install what is needed, build, run the fast suite (every test
# except the heavy checks, which .ci/run adds after it: sanitizers, valgrind, the docs (Doxygen
# and the documents' examples), the pip install into a venv, the add_subdirectory consumer,
# format).
set -euo pipefail
cd "$(dirname "$0")/.."
OCOP_WITH_TEST_TOOLS=1 bash tools/install-deps.sh
build=${OCOP_BUILD_DIR:-build}
launcher=()
command -v ccache >/dev/null 2>&1 && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
# Debian's interpreter, where the packages installed above (pandas, openpyxl) are, even when
# another python3 comes first on PATH.
python=()
[ -x /usr/bin/python3 ] && python=(-DPython_EXECUTABLE=/usr/bin/python3)
# The fast suite's build: one unity source per batch of files, -O1, no debug information.
# On the 2-core machine this builds everything in about 2 minutes where -O2 -g file by file
# took 7; .ci/run's sanitizer build still compiles every source on its own (include hygiene).
fast=(-DCMAKE_BUILD_TYPE=Release -DCMAKE_UNITY_BUILD=ON
      "-DCMAKE_CXX_FLAGS_RELEASE=-O1 -DNDEBUG" "-DCMAKE_C_FLAGS_RELEASE=-O1 -DNDEBUG")
# Ninja keeps both cores busy across targets (Make waits for each library before the next);
# an existing build directory keeps the generator it was made with.
generator=()
[ ! -f "$build/CMakeCache.txt" ] && command -v ninja >/dev/null 2>&1 && generator=(-G Ninja)
cmake -S . -B "$build" "${generator[@]}" -DOCOP_BUILD_TESTS=ON "${fast[@]}" "${launcher[@]}" \
      "${python[@]}"
cmake --build "$build" -j "$(nproc)"
ctest --test-dir "$build" --output-on-failure -j "$(nproc)" -LE "fuzz|slow|sanitize|heavy|docs"
