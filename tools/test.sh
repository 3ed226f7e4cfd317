#!/usr/bin/env bash
# The README's test command: install what is needed, build, run the fast suite (every test
# except the heavy checks, which .ci/run adds after it: sanitizers, valgrind, the pip install
# into a venv, the add_subdirectory consumer, format and lint).
set -euo pipefail
cd "$(dirname "$0")/.."
OCOP_WITH_TEST_TOOLS=1 OCOP_WITH_DOCS=1 bash tools/install-deps.sh
build=${OCOP_BUILD_DIR:-build}
launcher=()
command -v ccache >/dev/null 2>&1 && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
# Debian's interpreter, where the packages installed above (pandas, openpyxl) are, even when
# another python3 comes first on PATH.
python=()
[ -x /usr/bin/python3 ] && python=(-DPython_EXECUTABLE=/usr/bin/python3)
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DOCOP_BUILD_TESTS=ON "${launcher[@]}" "${python[@]}"
cmake --build "$build" -j "$(nproc)"
ctest --test-dir "$build" --output-on-failure -j "$(nproc)" -LE "fuzz|slow|sanitize|heavy"
