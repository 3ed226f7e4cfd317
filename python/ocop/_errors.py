"""The exception raised (or yielded) for a refused record or a refused call."""
from __future__ import annotations

from typing import Any, Dict, Optional


class Error(ValueError):
    """A refusal: an evaluation, ruleset or argument the library does not accept.

    Attributes:
        code: the library's error code (``"unknown_criterion"``, ``"invalid_value"``, ...).
        path: JSON Pointer into the record (``"/answers/1.2"``; ``""`` for the record itself).
        message: one line saying what is wrong.
        id: the record's id when it could be read, else ``None``.
        line: 1-based line of the record in its file (records read from a file), else ``None``.
        element: 1-based index in a JSON array of that line, else ``None``.
        column: the CSV column concerned (CSV input), else ``None``.
        index: 0-based position in the iterable given to a streaming call, else ``None``.
    """

    def __init__(self, code: str, path: str, message: str, *, id: Optional[str] = None,
                 line: Optional[int] = None, element: Optional[int] = None,
                 column: Optional[str] = None, index: Optional[int] = None) -> None:
        self.code = code
        self.path = path
        self.message = message
        self.id = id
        self.line = line
        self.element = element
        self.column = column
        self.index = index
        super().__init__(self._text())

    def _text(self) -> str:
        where = []
        if self.line is not None:
            where.append(f"line {self.line}")
        elif self.index is not None:
            where.append(f"record {self.index}")
        if self.id:
            where.append(f"(id {self.id})")
        if self.column:
            where.append(f"column {self.column}")
        prefix = " ".join(where) + ": " if where else ""
        return f"{prefix}{self.code} at {self.path or '/'}: {self.message}"

    def __str__(self) -> str:
        return self._text()

    def to_dict(self) -> Dict[str, Any]:
        """The error as the CLI writes it (``ocop score --errors``): line (or index), id,
        error, path, message and, for CSV input, column."""
        d: Dict[str, Any] = {}
        if self.line is not None:
            d["line"] = self.line
        elif self.index is not None:
            d["index"] = self.index
        if self.id:
            d["id"] = self.id
        d["error"] = self.code
        d["path"] = self.path
        d["message"] = self.message
        if self.column:
            d["column"] = self.column
        return d

    def __reduce__(self):  # picklable (multiprocessing)
        return (_rebuild, (self.code, self.path, self.message, self.id, self.line,
                           self.element, self.column, self.index))


def _rebuild(code, path, message, id, line, element, column, index):  # noqa: A002
    return Error(code, path, message, id=id, line=line, element=element, column=column,
                 index=index)
Error.__module__ = "ocop"
