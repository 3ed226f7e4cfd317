"""pandas adapter: score a DataFrame of evaluations into a DataFrame of results.

The input has one row per evaluation and the columns of the CSV layout of
docs/batch-and-cohorts.md ("CSV layout"): ``id``, ``sheet``, optionally ``ruleset``,
``filed_on``, ``knockouts``…, one column per criterion (``1.1``, ``6.1.1``, ``8a``: points,
``#k`` for option k, ``true``/``false``, ``3|2|3`` for a council; empty or NaN: not answered)
and any other column as metadata. The frame is written as that CSV and read by the library's
own CSV reader, so a row means exactly what the same row means to ``ocop score FILE.csv``.

    import pandas as pd, ocop.pandas
    results = ocop.pandas.score_frame(df)    # index = df.index
    results[["id", "total", "stars"]]        # total: exact fractions.Fraction
"""
from __future__ import annotations

import csv
import io
import math
import os
import tempfile
from typing import Any, Dict, List, Optional

import pandas as pd

from ._api import Registry, read_records
from ._errors import Error
from ._results import Result

#: Columns of the result frame, in order.
COLUMNS = ["id", "ruleset", "sheet", "status", "total", "total_decimal", "total_exact",
           "stars", "band_stars", "marker_stars", "decided_by", "A", "B", "C", "error",
           "error_path", "error_message", "error_column"]


def _cell(v: Any) -> str:
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        if math.isnan(v):
            return ""
        if v.is_integer():
            return str(int(v))
        return repr(v)
    try:
        if pd.isna(v):
            return ""
    except (TypeError, ValueError):
        pass
    return str(v)


def frame_to_csv(df: "pd.DataFrame") -> tuple[str, List[int]]:
    """The frame as CSV text of the documented layout, and the 1-based line where each row
    starts (the line numbers the library's errors name)."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow([str(c) for c in df.columns])
    lines: List[int] = []
    line = 2
    for row in df.itertuples(index=False, name=None):
        lines.append(line)
        start = out.tell()
        w.writerow([_cell(v) for v in row])
        line += out.getvalue()[start:].count("\n")
    return out.getvalue(), lines


def _column(path: str) -> Optional[str]:
    """The CSV column of a JSON Pointer into a record made from a CSV row (``/answers/1.1``
    → ``1.1``, ``/sheet`` → ``sheet``)."""
    parts = [p.replace("~1", "/").replace("~0", "~") for p in path.split("/")[1:]]
    if len(parts) >= 2 and parts[0] in ("answers", "members"):
        return parts[-1]
    return parts[0] if parts else None


def _row(item: Any) -> Dict[str, Any]:
    row: Dict[str, Any] = dict.fromkeys(COLUMNS)
    if isinstance(item, Error):
        row.update(id=item.id, error=item.code, error_path=item.path,
                   error_message=item.message, error_column=item.column or _column(item.path))
        return row
    r: Result = item
    parts = r.parts
    row.update(id=r.id, ruleset=r.ruleset, sheet=r.sheet, status=r.status, total=r.total,
               total_decimal=r.total_decimal, total_exact=r.total_exact, stars=r.stars,
               band_stars=r.band_stars, marker_stars=r.marker_stars, decided_by=r.decided_by,
               A=parts.get("A"), B=parts.get("B"), C=parts.get("C"))
    return row


def score_frame(df: "pd.DataFrame", registry: Optional[Registry] = None, *,
                on_error: str = "yield") -> "pd.DataFrame":
    """Score every row of ``df`` (see the module docstring for the columns). Returns a
    frame with the same index and the columns of :data:`COLUMNS`: ``total`` is an exact
    :class:`fractions.Fraction`, ``total_decimal`` the CLI's decimal text, ``A``/``B``/``C``
    the parts as decimal text. A refused row gets its error code, JSON Pointer path, message
    and CSV column in the ``error*`` columns (``on_error="raise"`` raises :class:`ocop.Error`
    instead). The GIL is released while the library scores."""
    if on_error not in ("yield", "raise"):
        raise ValueError("on_error must be 'yield' or 'raise'")
    reg = registry or Registry()
    text, lines = frame_to_csv(df)
    by_line = {line: i for i, line in enumerate(lines)}
    rows: List[Optional[Dict[str, Any]]] = [None] * len(lines)
    fd, path = tempfile.mkstemp(suffix=".csv", prefix="ocop-frame-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        for item in reg.score_many(read_records(path, format="csv"), on_error="yield"):
            if isinstance(item, Error) and on_error == "raise":
                raise item
            i = by_line.get(item.line or 0)
            if i is not None:
                rows[i] = _row(item)
    finally:
        os.unlink(path)
    missing = [df.index[i] for i, r in enumerate(rows) if r is None]
    if missing:  # every row yields a result or an error; anything else is a bug here
        raise RuntimeError(f"rows without an outcome: {missing[:5]}")
    return pd.DataFrame(rows, index=df.index, columns=COLUMNS)


def results_frame(results: Any) -> "pd.DataFrame":
    """A frame of results and errors (for instance from :func:`ocop.score_file`), one row
    each, with the columns of :data:`COLUMNS` and the record's ``line`` as index when known."""
    items = list(results)
    index = [getattr(x, "line", None) for x in items]
    return pd.DataFrame([_row(x) for x in items], columns=COLUMNS,
                        index=pd.Index(index, name="line") if all(i is not None for i in index)
                        else None)
