"""The registry and every operation: score, explain, plan, range, council, validate,
aggregate, rescore, rulesets (load, list, lint, diff), and streaming over files."""
from __future__ import annotations

import json
import os
from decimal import Decimal
from typing import (Any, Dict, Iterable, Iterator, List, Optional, Sequence, Tuple, Union)

from . import _ocop
from ._errors import Error
from ._results import (Cohorts, LintFinding, Plan, Problem, Range, Rescore, Rescored, Result,
                       Review, RulesetInfo)

#: An evaluation: a dict (the JSON object of docs/evaluation-format.md), its JSON text
#: (str or bytes), or a :class:`Record` read from a file.
Evaluation = Union[Dict[str, Any], str, bytes, "Record"]

_ON_ERROR = ("raise", "yield", "skip")
_CHUNK = 256  # records handed to the library at once (GIL released for each chunk)


class Record:
    """One record read from a file by :func:`read_records`: its 1-based ``line`` (and
    ``element`` in a JSON array line), its ``id``, its JSON ``text`` and, parsed on demand,
    ``data``. Any call taking an evaluation takes a Record; its errors then carry the line."""

    __slots__ = ("line", "element", "id", "text")

    def __init__(self, line: int, element: int, id: str, text: str) -> None:  # noqa: A002
        self.line = line
        self.element = element
        self.id = id
        self.text = text

    @property
    def data(self) -> Dict[str, Any]:
        """The record as a dict."""
        return json.loads(self.text)

    def __repr__(self) -> str:
        return f"Record(line {self.line}, id {self.id!r})"


def _text(evaluation: Any) -> str:
    if isinstance(evaluation, Record):
        return evaluation.text
    if isinstance(evaluation, str):
        return evaluation
    if isinstance(evaluation, (bytes, bytearray)):
        return bytes(evaluation).decode("utf-8")
    return json.dumps(evaluation, ensure_ascii=False)


def _error(ref: Tuple[str, str, str, str], *, line: Optional[int] = None,
           index: Optional[int] = None, element: Optional[int] = None,
           column: Optional[str] = None) -> Error:
    code, path, message, rid = ref
    return Error(code, path, message, id=rid or None, line=line, index=index,
                 element=element or None, column=column or None)


def _milli(points: Union[int, str], what: str) -> int:
    """Thousandths of a point, exactly (``"7.5"`` → 7500)."""
    milli = Decimal(str(points)) * 1000
    if milli != milli.to_integral_value() or milli < 0:
        raise ValueError(f"{what} must be a non-negative number of points (3 decimals)")
    return int(milli)


def _check_on_error(on_error: str) -> None:
    if on_error not in _ON_ERROR:
        raise ValueError("on_error must be 'raise', 'yield' or 'skip'")


def _chunks(evaluations: Iterable[Any]) -> Iterator[List[Tuple[Any, Optional[int], Optional[int], Optional[Error]]]]:
    """Chunks of (text, line, index, error) from an iterable of evaluations, Records or the
    errors of read_records (which pass through)."""
    chunk: List[Tuple[Any, Optional[int], Optional[int], Optional[Error]]] = []
    for i, ev in enumerate(evaluations):
        if isinstance(ev, Error):
            chunk.append((None, ev.line, ev.index, ev))
        elif isinstance(ev, Record):
            chunk.append((ev.text, ev.line, None, None))
        else:
            chunk.append((_text(ev), None, i, None))
        if len(chunk) >= _CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def read_records(path: Union[str, "os.PathLike[str]"], *, format: str = "auto",
                 max_line_bytes: int = 1 << 20) -> Iterator[Union[Record, Error]]:
    """Stream the records of a file the way every ``ocop`` command reads them: JSON Lines, a
    JSON array or one JSON document, or CSV (``format="csv"``, or a name ending in ``.csv``;
    docs/batch-and-cohorts.md). Yields a :class:`Record` per record and an :class:`Error`
    (with ``line``, ``id``, ``column``) per unreadable one; the file is read on a thread, a
    bounded number of records ahead, never held whole. Raises :class:`Error` (io_error) when
    the file cannot be opened."""
    stream = _ocop.RecordStream(os.fspath(path), format, max_line_bytes)
    try:
        while True:
            item = stream.next()
            if item is None:
                return
            line, element, rid, column, text, ref = item
            if ref is not None:
                yield _error(ref, line=line, element=element, column=column)
            else:
                yield Record(line, element, rid, text)
    finally:
        stream.close()


class Registry:
    """Rulesets by id with a default edition. Starts with the built-in rulesets
    (qd26-2026 default, qd148-2023, qd1048-2019); add your own with :meth:`load_file` or
    :meth:`load_text`. ``markers`` (``"cap"``, ``"fail"``, ``"ignore"``), ``defects``
    (``"probable"``, ``"strict"``) and ``knockout`` (``"zero"``: a knock-out gives 0 stars,
    ``"flag"``: it is reported only) override the policies of every ruleset it holds, as the
    CLI's ``--markers``, ``--defects`` and ``--knockout``.

    Every method that scores releases the GIL while the library works, so threads scoring
    with the same registry run in parallel. A registry is safe to share between threads once
    loaded (do not add rulesets while others score)."""

    def __init__(self, markers: Optional[str] = None, defects: Optional[str] = None,
                 knockout: Optional[str] = None) -> None:
        self._native = _ocop.Registry(markers, defects, knockout)

    # ---- rulesets -------------------------------------------------------------------------

    def load_file(self, path: Union[str, "os.PathLike[str]"]) -> str:
        """Add (or replace) a ruleset from an ``ocop-ruleset/1`` file; returns its id."""
        return self._native.load_file(os.fspath(path))

    def load_text(self, ruleset: Union[str, bytes, Dict[str, Any]]) -> str:
        """Add (or replace) a ruleset given as JSON text or a dict; returns its id."""
        return self._native.load_text(_text(ruleset))

    #: Former name of :meth:`load_text`.
    load_json = load_text

    def ids(self) -> List[str]:
        """Ids of the rulesets, ordered by effective date."""
        return [i[0] for i in self._native.info()]

    def rulesets(self) -> List[RulesetInfo]:
        """The rulesets (id, hash, title, status), ordered by effective date."""
        return [RulesetInfo(*i) for i in self._native.info()]

    @property
    def default(self) -> str:
        """Id of the default edition (records naming no ruleset and no date)."""
        return self._native.default

    @default.setter
    def default(self, ruleset_id: str) -> None:
        self._native.default = ruleset_id

    def diff(self, a: str, b: str, *, sheet: Optional[int] = None,
             format: str = "json") -> Union[Dict[str, Any], str]:
        """What changed between rulesets ``a`` and ``b`` (``ocop ruleset diff``,
        docs/diff.md): the JSON document as a dict, or ``format="markdown"`` for the
        briefing text."""
        text = self._native.diff(a, b, sheet, format)
        return json.loads(text) if format == "json" else text

    # ---- one evaluation -------------------------------------------------------------------

    def score(self, evaluation: Evaluation, *, detail: str = "totals",
              messages: bool = False) -> Result:
        """Score one evaluation. ``detail``: ``"totals"`` (the default line of ``ocop
        score``), ``"criteria"`` (subtotals and per-criterion detail) or ``"full"``;
        ``messages`` adds each reason's sentence. Raises :class:`Error` when refused."""
        line = evaluation.line if isinstance(evaluation, Record) else None
        try:
            return Result(self._native.score(_text(evaluation), detail, messages), line=line)
        except Error as e:
            e.line = line
            raise

    def explain(self, evaluation: Evaluation) -> str:
        """A readable explanation (``ocop explain``): the criteria table, where points were
        lost and what decided the star."""
        return self._native.explain(_text(evaluation))

    def plan(self, evaluation: Evaluation, *, target: Optional[int] = None,
             consensus: bool = False) -> Plan:
        """The cheapest criterion upgrades reaching ``target`` stars (default: the next star),
        as ``ocop plan --format json``. ``consensus=True`` plans a council record from its
        consensus sheet (a council record is refused otherwise)."""
        if target is not None and not 1 <= target <= 5:
            raise ValueError("target must be 1..5")
        return Plan(self._native.plan(_text(evaluation), target or 0, consensus))

    def range(self, evaluation: Evaluation) -> Range:
        """The exact range of totals and stars an incomplete evaluation (answers null or
        absent) can reach, as ``ocop range --format json``."""
        return Range(self._native.range(_text(evaluation)))

    def council(self, evaluation: Evaluation, *, spread: Union[int, str] = 10) -> Review:
        """Review a council evaluation (``ocop council --format json``); members more than
        ``spread`` points (default 10; a decimal string such as ``"7.5"`` is exact) from the
        others' mean are flagged."""
        return Review(self._native.council(_text(evaluation), _milli(spread, "spread")))

    def validate(self, evaluation: Evaluation, *, language: str = "en") -> List[Problem]:
        """Every problem of a record (``ocop validate``), in ``language`` ``"en"`` or
        ``"vi"``; empty exactly when the record would be scored."""
        return [Problem(*p) for p in self._native.validate(_text(evaluation), language)]

    # ---- streams --------------------------------------------------------------------------

    def score_many(self, evaluations: Iterable[Any], *, detail: str = "totals",
                   messages: bool = False, on_error: str = "raise"
                   ) -> Iterator[Union[Result, Error]]:
        """Score evaluations lazily, in order: a generator of :class:`Result` (each with
        ``index``, or ``line`` for records from :func:`read_records`). The iterable is
        consumed in chunks of 256, each scored with the GIL released. A refused record
        raises :class:`Error` (``on_error="raise"``, the default), is yielded as an
        :class:`Error` in its place (``"yield"``) or dropped (``"skip"``)."""
        _check_on_error(on_error)
        for chunk in _chunks(evaluations):
            texts = [c[0] for c in chunk if c[0] is not None]
            outs = iter(self._native.score_many(texts, detail, messages) if texts else [])
            for text, line, index, err in chunk:
                if text is not None:
                    raw, ref = next(outs)
                    if ref is None:
                        yield Result(raw, line=line, index=index)
                        continue
                    err = _error(ref, line=line, index=index)
                if on_error == "raise":
                    raise err
                if on_error == "yield":
                    yield err

    def score_file(self, path: Union[str, "os.PathLike[str]"], *, format: str = "auto",
                   detail: str = "totals", messages: bool = False,
                   on_error: str = "yield") -> Iterator[Union[Result, Error]]:
        """Stream a file's results (``ocop score FILE``): JSON Lines, JSON or CSV read by
        :func:`read_records`, scored in chunks with the GIL released. Refused records are
        yielded as :class:`Error` with their line and id by default (as ``ocop score`` goes
        on past them); ``on_error="raise"`` stops at the first, ``"skip"`` drops them."""
        return self.score_many(read_records(path, format=format), detail=detail,
                               messages=messages, on_error=on_error)

    def aggregate(self, evaluations: Union[Iterable[Any], str, "os.PathLike[str]"], *,
                  by: Sequence[str] = (), top: int = 10, near: Union[int, str] = 0,
                  skip_errors: bool = False, provinces_2025: bool = False) -> Cohorts:
        """Exact cohort statistics (the ``ocop-cohorts/1`` document of ``ocop aggregate``)
        grouped by keys such as ``"province"``, ``"year"``, ``"star"`` or a metadata key;
        ``top`` weakest criteria per cohort; ``near`` counts products within that many points
        below the next band (``--near``; a decimal string is exact). ``evaluations`` is an iterable (consumed in
        chunks: any size) or a file path (streamed). A refused record raises :class:`Error`
        unless ``skip_errors=True``: it is then left out and listed in ``Cohorts.errors``."""
        if isinstance(evaluations, (str, os.PathLike)):
            evaluations = read_records(evaluations)
        agg = _ocop.Aggregator(self._native, list(by), top, _milli(near, "near"),
                               provinces_2025)
        errors: List[Error] = []
        for chunk in _chunks(evaluations):
            texts = [c[0] for c in chunk if c[0] is not None]
            refs = iter(agg.add(texts) if texts else [])
            for text, line, index, err in chunk:
                if text is not None:
                    ref = next(refs)
                    if ref is None:
                        continue
                    err = _error(ref, line=line, index=index)
                if not skip_errors:
                    raise err
                errors.append(err)
        return Cohorts(agg.json(), errors)

    def rescore(self, evaluations: Union[Iterable[Any], str, "os.PathLike[str]"], *,
                from_ruleset: str, to_ruleset: str, fill: str = "range",
                crosswalk: Optional[Union[str, "os.PathLike[str]"]] = None,
                skip_errors: bool = False) -> Rescore:
        """Score a cohort answered under ``from_ruleset`` under ``to_ruleset`` too (``ocop
        rescore --format json``, docs/rescore.md): each record's totals and stars under both,
        the star migration matrix and its driving criteria. ``fill`` says what happens to
        target criteria without a counterpart: ``"range"`` (default), ``"min"``, ``"max"`` or
        ``"refuse"``; ``crosswalk`` is an ``ocop-crosswalk/1`` file (default: the built-in
        one). Refused records raise :class:`Error` unless ``skip_errors=True``."""
        if isinstance(evaluations, (str, os.PathLike)):
            evaluations = read_records(evaluations)
        rs = _ocop.Rescorer(self._native, from_ruleset, to_ruleset, fill,
                            None if crosswalk is None else os.fspath(crosswalk))
        records: List[Rescored] = []
        errors: List[Error] = []
        for chunk in _chunks(evaluations):
            texts = [c[0] for c in chunk if c[0] is not None]
            outs = iter(rs.add(texts) if texts else [])
            for text, line, index, err in chunk:
                if text is not None:
                    raw, ref = next(outs)
                    if ref is None:
                        records.append(Rescored(raw, line=line, index=index))
                        continue
                    err = _error(ref, line=line, index=index)
                if not skip_errors:
                    raise err
                errors.append(err)
        return Rescore(records, errors, rs.summary())


def lint(ruleset: Union[str, bytes, Dict[str, Any], "os.PathLike[str]"], *,
         markers: Optional[str] = None, defects: Optional[str] = None,
         knockout: Optional[str] = None) -> List[LintFinding]:
    """Every finding of the ruleset checks (``ocop ruleset lint``): ``ruleset`` is a
    built-in id, a file path, JSON text or a dict. Findings with severity ``"error"``
    would refuse the load."""
    if isinstance(ruleset, os.PathLike):
        with open(ruleset, encoding="utf-8-sig") as f:
            text = f.read()
    elif isinstance(ruleset, str) and not ruleset.lstrip().startswith("{"):
        text = _ocop.builtin_text(ruleset)
        if not text:
            with open(ruleset, encoding="utf-8-sig") as f:
                text = f.read()
    else:
        text = _text(ruleset)
    return [LintFinding(*f) for f in _ocop.lint(text, markers, defects, knockout)]


def builtin_ruleset(ruleset_id: str) -> Dict[str, Any]:
    """The document of a built-in ruleset (``qd26-2026``, ``qd148-2023``, ``qd1048-2019``)."""
    text = _ocop.builtin_text(ruleset_id)
    if not text:
        raise Error("unknown_ruleset", "", f"unknown ruleset {ruleset_id}")
    return json.loads(text)
