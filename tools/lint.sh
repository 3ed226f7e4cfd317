#!/usr/bin/env bash
# clang-tidy with the curated .clang-tidy over the library and CLI sources.
# Usage: tools/lint.sh BUILD_DIR (a configured build with compile_commands.json).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
tidy=$(command -v clang-tidy-14 || command -v clang-tidy)
[ -f "$build/compile_commands.json" ] || cmake -S . -B "$build" -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
mapfile -t files < <(git ls-files 'src/*.cpp')
run-clang-tidy-14 -quiet -clang-tidy-binary "$tidy" -p "$build" -j "$(nproc)" "${files[@]}" 2>/dev/null \
  || { echo "clang-tidy found problems"; exit 1; }
