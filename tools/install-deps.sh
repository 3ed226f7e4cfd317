#!/usr/bin/env bash
# Install the Debian packages ocop needs to build, test and document itself.
set -euo pipefail
pkgs=(build-essential cmake ninja-build libboost1.81-dev libboost-json1.81-dev libicu-dev catch2 libcli11-dev
      python3 pkg-config libxlsxwriter-dev libminizip-dev libpugixml-dev)
[ "${OCOP_WITH_DOCS:-0}" = 1 ] && pkgs+=(doxygen graphviz)
[ "${OCOP_WITH_BENCH:-0}" = 1 ] && pkgs+=(libbenchmark-dev nodejs npm)
# Tests also cover the Python package (pip install into a venv, pandas), the C API, sanitizers and the HTML report in Chromium.
# Spreadsheets: openpyxl fills templates, LibreOffice Calc recalculates them, poppler renders PDF.
# curl: the HTTP example of docs/serve.md (ctest doc_examples).
[ "${OCOP_WITH_TEST_TOOLS:-0}" = 1 ] && pkgs+=(pybind11-dev python3-dev python3-pybind11 python3-setuptools python3-pip python3-venv python3-wheel python3-pandas chromium clang valgrind libclang-rt-14-dev
                                           clang-format clang-tidy ccache python3-openpyxl libreoffice-calc poppler-utils curl)
# The WebAssembly module and form (docs/embedding-web.md, tools/build-wasm.sh): optional.
[ "${OCOP_WITH_WASM:-0}" = 1 ] && pkgs+=(emscripten chromium)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo=sudo
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
