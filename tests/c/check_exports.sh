#!/bin/sh
# libocop.so exports the C API and nothing else; a program linked to it loads libocop.so.N.
# Usage: check_exports.sh LIBOCOP_SO PROGRAM OCOP_H
set -eu
lib=$1 prog=$2 header=$3
syms=$(nm -D --defined-only "$lib" | awk '$2 ~ /^[TDBRVWiu]$/ {print $3}' | sed 's/@.*//' | sort -u)
others=$(printf '%s\n' "$syms" | grep -v '^ocop_' || true)
if [ -n "$others" ]; then
  echo "symbols exported beyond the C API:" >&2
  printf '%s\n' "$others" | head -20 >&2
  exit 1
fi
# Every function declared in ocop.h is exported.
declared=$(grep -A1 '^OCOP_API' "$header" | grep -o 'ocop_[a-z0-9_]*(' | tr -d '(' | sort -u)
[ "$(printf '%s\n' "$declared" | wc -l)" -ge 30 ] || { echo "found too few declarations" >&2; exit 1; }
missing=$(printf '%s\n' "$declared" | while read -r f; do
  printf '%s\n' "$syms" | grep -qx "$f" || echo "$f"; done)
if [ -n "$missing" ]; then
  echo "declared in ocop.h but not exported: $missing" >&2
  exit 1
fi
n=$(printf '%s\n' "$syms" | wc -l)
soname=$(readelf -d "$lib" | sed -n 's/.*(SONAME).*\[\(.*\)\]/\1/p')
case "$soname" in libocop.so.[0-9]*) ;; *) echo "unexpected SONAME '$soname'" >&2; exit 1 ;; esac
readelf -d "$prog" | grep -q "(NEEDED).*\[$soname\]" || {
  echo "$prog does not load $soname" >&2
  exit 1
}
echo "$n C API symbols exported by $soname, nothing else; $(basename "$prog") loads it"
