#!/usr/bin/env bash
# Install what is needed, build, and run the whole test suite with ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
OCOP_WITH_TEST_TOOLS=1 OCOP_WITH_DOCS=1 bash tools/install-deps.sh
build=${OCOP_BUILD_DIR:-build}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DOCOP_BUILD_TESTS=ON
cmake --build "$build" -j "$(nproc)"
ctest --test-dir "$build" --output-on-failure -j "$(nproc)" -LE "fuzz|slow"
