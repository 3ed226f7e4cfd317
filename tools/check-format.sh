#!/usr/bin/env bash
# Fails when a C/C++ file of the project is not laid out as .clang-format says.
set -euo pipefail
cd "$(dirname "$0")/.."
cf=$(command -v clang-format-14 || command -v clang-format)
mapfile -t files < <(git ls-files '*.cpp' '*.hpp' '*.h' '*.c' | grep -v '^tests/fuzz/corpus/')
"$cf" --dry-run --Werror "${files[@]}"
echo "clang-format: ${#files[@]} files checked"
