"""Typed results. Each wraps one JSON line of the library (the CLI's line, byte for byte):
attributes for the common fields, exact totals as :class:`fractions.Fraction`, and
``to_dict()`` for everything (equal to ``json.loads`` of the CLI's line)."""
from __future__ import annotations

import json
from fractions import Fraction
from typing import Any, Dict, Iterator, List, Optional


class JsonLine:
    """Base of the typed results: the library's JSON line and its fields.

    ``obj["key"]`` reads a key of ``to_dict()`` (so code written for plain dicts keeps
    working); ``to_json()`` is the line itself.
    """

    __slots__ = ("_raw", "_f", "line", "index")

    def __init__(self, raw: str, *, line: Optional[int] = None,
                 index: Optional[int] = None) -> None:
        self._raw = raw.rstrip("\n")
        # Numbers that are not whole stay as their decimal text here (exactness).
        self._f: Dict[str, Any] = json.loads(self._raw, parse_float=str)
        #: 1-based line of the record in its file, when read from a file.
        self.line = line
        #: 0-based position in the iterable given to a streaming call.
        self.index = index

    def to_dict(self) -> Dict[str, Any]:
        """The line parsed by ``json.loads``: equal to the CLI's JSON line for this record."""
        return json.loads(self._raw)

    def to_json(self) -> str:
        """The JSON line itself (no newline), as the CLI prints it."""
        return self._raw

    def __getitem__(self, key: str) -> Any:
        return self.to_dict()[key]

    def get(self, key: str, default: Any = None) -> Any:
        """``to_dict().get(key, default)``."""
        return self.to_dict().get(key, default)

    def __contains__(self, key: object) -> bool:
        return key in self._f

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and other._raw == self._raw  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._raw)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self._raw[:120]}{'…' if len(self._raw) > 120 else ''})"


def _fraction(text: Any) -> Fraction:
    return Fraction(str(text))


def _decimal(text: Any) -> str:
    return str(text)


class Result(JsonLine):
    """The result of scoring one evaluation (format ``ocop-result/2``, docs/result-format.md).

    Attributes: ``id``, ``ruleset``, ``ruleset_hash``, ``sheet``, ``status``
    (``"scored"``, ``"knocked_out"``, ``"rejected"``...), ``members``, ``total`` (exact
    :class:`~fractions.Fraction`), ``total_decimal`` (the decimal text of the CLI: exact when
    it terminates, else 6 decimals), ``total_exact`` (the reduced fraction as text),
    ``parts`` (part → decimal text), ``stars``, ``band_stars``, ``marker_stars``,
    ``decided_by``, ``reasons``, ``metadata``, ``criteria`` (``None`` unless
    ``detail="criteria"`` or ``"full"``).
    """

    __slots__ = ()

    @property
    def id(self) -> str:
        """The record's id (``""`` when it has none)."""
        return self._f.get("id", "")

    @property
    def ruleset(self) -> str:
        """Id of the ruleset that scored it."""
        return self._f["ruleset"]

    @property
    def ruleset_hash(self) -> str:
        """Content hash of that ruleset (``sha256:…``)."""
        return self._f["ruleset_hash"]

    @property
    def sheet(self) -> int:
        """Sheet number."""
        return self._f["sheet"]

    @property
    def status(self) -> str:
        """Outcome: scored, knocked_out, rejected…"""
        return self._f["status"]

    @property
    def members(self) -> int:
        """Council members whose sheets were averaged."""
        return self._f.get("members", 1)

    @property
    def total(self) -> Optional[Fraction]:
        """The exact total (mean of the members); ``None`` when the dossier was rejected."""
        t = self._f.get("total_exact")
        return None if t is None else Fraction(t)

    @property
    def total_decimal(self) -> Optional[str]:
        """The total as the CLI prints it (``"72.5"``; 6 decimals when it does not end);
        ``None`` when rejected."""
        t = self._f.get("total")
        return None if t is None else _decimal(t)

    @property
    def total_exact(self) -> Optional[str]:
        """The reduced fraction as text (``"145/2"``); ``None`` when rejected."""
        return self._f.get("total_exact")

    @property
    def parts(self) -> Dict[str, str]:
        """Points of parts A, B, C as decimal text."""
        return {k: _decimal(v) for k, v in self._f.get("parts", {}).items()}

    @property
    def stars(self) -> int:
        """Final stars (0–5)."""
        return self._f["stars"]

    @property
    def band_stars(self) -> int:
        """Stars of the total's band."""
        return self._f.get("band_stars", 0)

    @property
    def marker_stars(self) -> int:
        """Stars the per-star minimums (markers) allow."""
        return self._f.get("marker_stars", 0)

    @property
    def decided_by(self) -> str:
        """What decided the star: band, markers, knock-out…"""
        return self._f.get("decided_by", "")

    @property
    def reasons(self) -> List[Dict[str, Any]]:
        """Structured reasons (docs/result-format.md)."""
        return self.to_dict().get("reasons", [])

    @property
    def metadata(self) -> Dict[str, Any]:
        """The record's metadata (province, year…)."""
        return self.to_dict().get("metadata", {})

    @property
    def criteria(self) -> Optional[List[Dict[str, Any]]]:
        """Per-criterion detail (``detail="criteria"``), else ``None``."""
        return self.to_dict().get("criteria")


class PlanChange:
    """One change of a plan: a criterion moved to a better option."""

    __slots__ = ("criterion", "from_option", "from_points", "to_option", "to_points")

    def __init__(self, d: Dict[str, Any]) -> None:
        #: Criterion id.
        self.criterion: str = d["criterion"]
        #: Current option (1-based) and its points.
        self.from_option: int = d["from_option"]
        self.from_points: int = d["from_points"]
        #: Proposed option (1-based) and its points.
        self.to_option: int = d["to_option"]
        self.to_points: int = d["to_points"]

    def __repr__(self) -> str:
        return (f"PlanChange({self.criterion}: option {self.from_option} ({self.from_points}) → "
                f"{self.to_option} ({self.to_points}))")


class Plan(JsonLine):
    """The cheapest upgrade reaching a star target (``ocop plan --format json``,
    docs/planner.md). ``status`` is planned, already_reached, unreachable, knocked_out or
    rejected; ``changes`` lists the upgrades; totals are exact fractions."""

    __slots__ = ()

    id = Result.id
    ruleset = Result.ruleset
    ruleset_hash = Result.ruleset_hash
    sheet = Result.sheet
    status = Result.status

    @property
    def target(self) -> Optional[int]:
        """Star target (``None`` when there is none)."""
        return self._f.get("target")

    @property
    def total_before(self) -> Fraction:
        """Current total."""
        return _fraction(self._f["total_before"])

    @property
    def stars_before(self) -> int:
        """Current stars."""
        return self._f["stars_before"]

    @property
    def points_gained(self) -> int:
        """Sum of the point increases."""
        return self._f.get("points_gained", 0)

    @property
    def changes(self) -> List[PlanChange]:
        """The changes, in printed order."""
        return [PlanChange(c) for c in self._f.get("changes", [])]

    @property
    def total_after(self) -> Optional[Fraction]:
        """Total after the changes (``None`` without a plan)."""
        t = self._f.get("total_after")
        return None if t is None else _fraction(t)

    @property
    def stars_after(self) -> Optional[int]:
        """Stars after the changes (``None`` without a plan)."""
        return self._f.get("stars_after")

    @property
    def message(self) -> str:
        """Summary, or why there is no plan."""
        return self._f.get("message", "")


class Range(JsonLine):
    """What every completion of an incomplete dossier can reach (``ocop range --format
    json``, docs/incomplete.md): exact lowest and highest totals and stars."""

    __slots__ = ()

    id = Result.id
    ruleset = Result.ruleset
    ruleset_hash = Result.ruleset_hash
    sheet = Result.sheet
    status = Result.status

    @property
    def unscored(self) -> int:
        """Unscored answers (member × criterion)."""
        return self._f.get("unscored", 0)

    @property
    def missing(self) -> List[str]:
        """Ids of criteria some member has not scored."""
        return list(self._f.get("missing", []))

    @property
    def total_min(self) -> Optional[Fraction]:
        """Lowest reachable total (``None`` when rejected)."""
        t = self._f.get("total_min_fraction")
        return None if t is None else Fraction(t)

    @property
    def total_max(self) -> Optional[Fraction]:
        """Highest reachable total (``None`` when rejected)."""
        t = self._f.get("total_max_fraction")
        return None if t is None else Fraction(t)

    @property
    def stars_min(self) -> Optional[int]:
        """Stars of the worst completion."""
        return self._f.get("stars_min")

    @property
    def stars_max(self) -> Optional[int]:
        """Stars of the best completion."""
        return self._f.get("stars_max")

    @property
    def knockout_possible(self) -> bool:
        """Some completion is knocked out."""
        return bool(self._f.get("knockout_possible", False))


class Review(JsonLine):
    """A council review (``ocop council --format json``, docs/council.md): the exact mean,
    each member's total and distance to the others, the spread per criterion and the
    consensus sheet."""

    __slots__ = ()

    id = Result.id
    ruleset = Result.ruleset
    ruleset_hash = Result.ruleset_hash
    sheet = Result.sheet
    members = Result.members
    total_exact = Result.total_exact
    stars = Result.stars

    @property
    def total(self) -> Fraction:
        """Exact mean of the members' totals."""
        return Fraction(self._f["total_exact"])

    @property
    def member_totals(self) -> List[Dict[str, Any]]:
        """Per member: member (1-based), total, others_mean, difference, flagged."""
        return self.to_dict()["member_totals"]

    @property
    def flagged(self) -> List[int]:
        """Members (1-based) far from the others' mean."""
        return [m["member"] for m in self._f["member_totals"] if m["flagged"]]

    @property
    def spread(self) -> List[Dict[str, Any]]:
        """Per answered criterion: min, max and range of the points given."""
        return self.to_dict()["spread"]

    @property
    def consensus(self) -> Dict[str, int]:
        """Consensus option (1-based) per criterion."""
        return {k: v["option"] for k, v in self._f["consensus"].items()}

    @property
    def consensus_total(self) -> Fraction:
        """Total of the consensus sheet."""
        return _fraction(self._f["consensus_total"])

    @property
    def consensus_stars(self) -> int:
        """Stars of the consensus sheet."""
        return self._f["consensus_stars"]


class Rescored(JsonLine):
    """One record scored under two editions (a record of ``ocop rescore --format json``,
    docs/rescore.md). Totals under the target are a range when criteria were left open."""

    __slots__ = ()

    id = Result.id
    sheet = Result.sheet

    @property
    def total_from(self) -> Fraction:
        """Total under the source edition."""
        return Fraction(self._f["total_from_fraction"])

    @property
    def total_to(self) -> Fraction:
        """Total under the target edition (lowest when open)."""
        return Fraction(self._f["total_to_fraction"])

    @property
    def total_to_max(self) -> Fraction:
        """Highest total under the target edition."""
        return Fraction(self._f["total_to_max_fraction"])

    @property
    def stars_from(self) -> int:
        """Stars under the source."""
        return self._f["stars_from"]

    @property
    def stars_to(self) -> int:
        """Stars under the target (lowest when open)."""
        return self._f["stars_to"]

    @property
    def stars_to_max(self) -> int:
        """Highest stars under the target."""
        return self._f["stars_to_max"]

    @property
    def exact(self) -> bool:
        """Nothing left open: one outcome."""
        return bool(self._f["exact"])

    @property
    def open(self) -> List[str]:
        """Target criteria left open (or filled by the fill policy)."""
        return list(self._f["open"])


class Rescore:
    """A cohort rescored: ``records`` (list of :class:`Rescored`), ``errors`` (refused
    records as :class:`ocop.Error`), and the summary: ``matrix`` (``matrix[from][to]``
    counts, lowest target stars), ``matrix_max`` and ``drivers``. ``to_dict()`` is the
    document of ``ocop rescore --format json``."""

    __slots__ = ("records", "errors", "_summary")

    def __init__(self, records: List[Rescored], errors: List[Any], summary: str) -> None:
        self.records = records
        self.errors = errors
        self._summary: Dict[str, Any] = json.loads(summary)

    @property
    def matrix(self) -> List[List[int]]:
        """Migration counts: ``matrix[from stars][lowest target stars]``."""
        return self._summary["matrix"]

    @property
    def matrix_max(self) -> List[List[int]]:
        """Migration counts: ``matrix[from stars][highest target stars]``."""
        return self._summary["matrix_max"]

    @property
    def drivers(self) -> List[Dict[str, Any]]:
        """Per changed cell, how often each target criterion drove the change."""
        return self._summary["drivers"]

    def to_dict(self) -> Dict[str, Any]:
        """The document of ``ocop rescore --format json``."""
        d = dict(self._summary)
        out: Dict[str, Any] = {}
        for k in ("from", "from_hash", "to", "to_hash", "crosswalk", "fill"):
            out[k] = d.pop(k)
        out["records"] = [r.to_dict() for r in self.records]
        out.update(d)
        return out


class Cohorts:
    """Exact cohort statistics: the ``ocop-cohorts/1`` document of ``ocop aggregate``
    (docs/batch-and-cohorts.md). ``cohorts`` lists the groups; ``errors`` the refused
    records when they were skipped. ``obj["cohorts"]`` reads the document."""

    __slots__ = ("_doc", "errors")

    def __init__(self, doc: str, errors: List[Any]) -> None:
        self._doc: Dict[str, Any] = json.loads(doc)
        #: Records refused (and skipped), as :class:`ocop.Error`.
        self.errors = errors

    @property
    def cohorts(self) -> List[Dict[str, Any]]:
        """One entry per group: key, count, exact total statistics, stars, weakest criteria."""
        return self._doc["cohorts"]

    def to_dict(self) -> Dict[str, Any]:
        """The ``ocop-cohorts/1`` document."""
        return json.loads(json.dumps(self._doc))

    def __getitem__(self, key: str) -> Any:
        return self._doc[key]

    def __iter__(self) -> Iterator[Dict[str, Any]]:
        return iter(self.cohorts)

    def __len__(self) -> int:
        return len(self.cohorts)


class Problem:
    """One problem of a record found by :func:`ocop.validate`: code, JSON Pointer path,
    message (in the chosen language) and the record's id."""

    __slots__ = ("code", "path", "message", "id")

    def __init__(self, code: str, path: str, message: str, id: str) -> None:  # noqa: A002
        self.code = code
        self.path = path
        self.message = message
        self.id = id

    def to_dict(self) -> Dict[str, Any]:
        """``{"id", "error", "path", "message"}``."""
        return {"id": self.id, "error": self.code, "path": self.path, "message": self.message}

    def __repr__(self) -> str:
        return f"Problem({self.code} at {self.path or '/'}: {self.message})"


class LintFinding:
    """One finding of the ruleset linter (``ocop ruleset lint``): severity (error, warning,
    note), check, sheet (0: the whole ruleset), JSON Pointer path and message."""

    __slots__ = ("severity", "check", "sheet", "path", "message")

    def __init__(self, severity: str, check: str, sheet: int, path: str, message: str) -> None:
        self.severity = severity
        self.check = check
        self.sheet = sheet
        self.path = path
        self.message = message

    def to_dict(self) -> Dict[str, Any]:
        """The finding as a dict."""
        return {"severity": self.severity, "check": self.check, "sheet": self.sheet,
                "path": self.path, "message": self.message}

    def __repr__(self) -> str:
        return f"LintFinding({self.severity}: {self.check}: {self.message} [{self.path}])"


class RulesetInfo:
    """A ruleset of a registry: id, content hash, title and legal status."""

    __slots__ = ("id", "hash", "title", "status")

    def __init__(self, id: str, hash: str, title: str, status: str) -> None:  # noqa: A002
        self.id = id
        self.hash = hash
        self.title = title
        self.status = status

    def to_dict(self) -> Dict[str, Any]:
        """The ruleset's id, hash, title and status."""
        return {"id": self.id, "hash": self.hash, "title": self.title, "status": self.status}

    def __repr__(self) -> str:
        return f"RulesetInfo({self.id}, {self.status})"
