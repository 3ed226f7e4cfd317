#!/usr/bin/env python3
"""Check that no file includes a header of a higher layer (docs/architecture.md's table).

Every public header (include/ocop/*.hpp), internal header (src/detail/*.hpp, src/<layer>/*.hpp)
and library source (src/<layer>/*.cpp) must be in the table; a library file lives in the folder
of its layer (src/core, src/io, …, src/capi: the text interface and the C API on top); an
#include <ocop/X.hpp> or "…/X.hpp" may name its own layer or a lower level, never a higher
level or another layer of the same level; and each source is built into the CMake target of
its layer (the ocop_<layer>_sources lists of CMakeLists.txt). Exit 0 when clean, 1 with one
line per violation.
"""
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else ".")
doc = (root / "docs/architecture.md").read_text(encoding="utf-8")
table = doc.split("<!-- layers:begin -->")[1].split("<!-- layers:end -->")[0]
layer_of, level_of = {}, {}
for row in table.splitlines():
    cells = [c.strip() for c in row.strip().strip("|").split("|")]
    if len(cells) != 3 or not cells[1].isdigit():
        continue
    name, level, files = cells
    level_of[name] = int(level)
    for f in files.split(","):
        layer_of[f.strip()] = name

layer_dirs = sorted(set(layer_of.values()))
# The umbrella header (ocop.hpp) includes every layer: only the top layer may include it.
layer_of["ocop"] = max(level_of, key=level_of.get)
files = sorted(list((root / "include/ocop").glob("*.hpp")) + list((root / "src/detail").glob("*.hpp"))
               + [p for d in layer_dirs for p in (root / "src" / d).glob("*.[ch]pp")])
include = re.compile(r'#\s*include\s*(?:<ocop/|"(?:[a-z./]*/)?)([a-z_0-9]+)\.hpp[>"]')
problems = []
for path in files:
    me = path.stem
    if me == "ocop":  # the umbrella includes every header
        continue
    if me not in layer_of:
        problems.append(f"{path.relative_to(root)}: not in the layer table of docs/architecture.md")
        continue
    mine = layer_of[me]
    folder = path.parent.name
    if path.parent.parent.name == "src" and folder != "detail" and folder != mine:
        problems.append(f"{path.relative_to(root)}: in src/{folder}, the table puts it in {mine}")
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        m = include.search(line)
        if not m or m.group(1) == me:
            continue
        dep = m.group(1)
        if dep not in layer_of:
            problems.append(f"{path.relative_to(root)}:{n}: includes {dep}, not in the layer table")
            continue
        theirs = layer_of[dep]
        if theirs != mine and level_of[theirs] >= level_of[mine]:
            problems.append(f"{path.relative_to(root)}:{n}: {mine} (level {level_of[mine]}) "
                            f"includes {dep} of {theirs} (level {level_of[theirs]})")
# The CMake targets: each layer's source list (set(ocop_<layer>_sources …) in CMakeLists.txt)
# holds exactly the table's sources of that layer, and every src/*.cpp is in one list.
cmake = (root / "CMakeLists.txt").read_text(encoding="utf-8")
listed = {}
for m in re.finditer(r"set\(ocop_([a-z]+)_sources\s+([^)]*)\)", cmake):
    for src in re.findall(r"src/[a-z]+/([a-z_0-9]+)\.cpp", m.group(2)):
        listed[src] = m.group(1)
if listed:
    for src in sorted(p.stem for d in layer_dirs for p in (root / "src" / d).glob("*.cpp")):
        if src not in listed:
            problems.append(f"src/{src}.cpp: in no ocop_<layer>_sources list of CMakeLists.txt")
        elif src in layer_of and listed[src] != layer_of[src]:
            problems.append(f"src/{src}.cpp: CMake builds it into {listed[src]}, the table puts it "
                            f"in {layer_of[src]}")
for p in problems:
    print(p)
print(f"layers: {len(files)} files checked, {len(problems)} problem(s)")
sys.exit(1 if problems else 0)
