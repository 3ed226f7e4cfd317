"""ocop: exact OCOP product rating (Vietnam's One Commune One Product rubric) from Python.

Score evaluations under the built-in rulesets (QĐ 26/2026 default, QĐ 148/2023,
QĐ 1048/2019) or your own, with the same exact results as the ``ocop`` command line::

    import ocop
    r = ocop.score({"sheet": 1, "answers": {...}})
    r.total          # Fraction(145, 2): exact
    r.total_decimal  # "72.5"
    r.stars          # 4
    r.to_dict()      # the JSON line of `ocop score`

Every call below also exists as a method of :class:`Registry` (custom rulesets, policy
overrides); the module-level functions use one shared registry of the built-in rulesets.
Refusals raise :class:`Error` (code, JSON Pointer path, message, record id and line);
streaming calls can yield them instead (``on_error="yield"``). See docs/embedding-python.md.
"""
from __future__ import annotations

import os
from typing import Any, Dict, Iterable, Iterator, List, Optional, Sequence, Union

from . import _ocop
from ._api import Evaluation, Record, Registry, builtin_ruleset, lint, read_records
from ._errors import Error
from ._results import (Cohorts, JsonLine, LintFinding, Plan, PlanChange, Problem, Range,
                       Rescore, Rescored, Result, Review, RulesetInfo)

#: Version of the library (and of this package).
__version__: str = _ocop.version
version: str = _ocop.version

__all__ = [
    "Cohorts", "Error", "Evaluation", "JsonLine", "LintFinding", "Plan", "PlanChange",
    "Problem", "Range", "Record", "Registry", "Rescore", "Rescored", "Result", "Review",
    "RulesetInfo", "aggregate", "builtin_ruleset", "council", "default_registry", "diff",
    "explain", "lint", "plan", "range", "read_records", "rescore", "rulesets", "score",
    "score_file", "score_many", "validate", "__version__",
]

_default: Optional[Registry] = None


def default_registry() -> Registry:
    """The shared registry of the built-in rulesets used by the module-level functions."""
    global _default
    if _default is None:
        _default = Registry()
    return _default


def score(evaluation: Evaluation, *, detail: str = "totals", messages: bool = False) -> Result:
    """Score one evaluation with the built-in rulesets (see :meth:`Registry.score`)."""
    return default_registry().score(evaluation, detail=detail, messages=messages)


def score_many(evaluations: Iterable[Any], *, detail: str = "totals", messages: bool = False,
               on_error: str = "raise") -> Iterator[Union[Result, Error]]:
    """Score evaluations lazily (see :meth:`Registry.score_many`)."""
    return default_registry().score_many(evaluations, detail=detail, messages=messages,
                                         on_error=on_error)


def score_file(path: Union[str, "os.PathLike[str]"], *, format: str = "auto",
               detail: str = "totals", messages: bool = False,
               on_error: str = "yield") -> Iterator[Union[Result, Error]]:
    """Stream the results of a file (see :meth:`Registry.score_file`)."""
    return default_registry().score_file(path, format=format, detail=detail,
                                         messages=messages, on_error=on_error)


def explain(evaluation: Evaluation) -> str:
    """Readable explanation of one evaluation (see :meth:`Registry.explain`)."""
    return default_registry().explain(evaluation)


def plan(evaluation: Evaluation, *, target: Optional[int] = None,
         consensus: bool = False) -> Plan:
    """Cheapest upgrade to the next star or ``target`` (see :meth:`Registry.plan`)."""
    return default_registry().plan(evaluation, target=target, consensus=consensus)


def range(evaluation: Evaluation) -> Range:  # noqa: A001 - the operation's name
    """Reachable totals and stars of an incomplete evaluation (see :meth:`Registry.range`)."""
    return default_registry().range(evaluation)


def council(evaluation: Evaluation, *, spread: Union[int, str] = 10) -> Review:
    """Council review: exact mean, spread, flagged members (see :meth:`Registry.council`)."""
    return default_registry().council(evaluation, spread=spread)


def validate(evaluation: Evaluation, *, language: str = "en") -> List[Problem]:
    """Every problem of a record (see :meth:`Registry.validate`)."""
    return default_registry().validate(evaluation, language=language)


def aggregate(evaluations: Union[Iterable[Any], str, "os.PathLike[str]"], *,
              by: Sequence[str] = (), top: int = 10, near: Union[int, str] = 0,
              skip_errors: bool = False, provinces_2025: bool = False) -> Cohorts:
    """Exact cohort statistics (see :meth:`Registry.aggregate`)."""
    return default_registry().aggregate(evaluations, by=by, top=top, near=near,
                                        skip_errors=skip_errors, provinces_2025=provinces_2025)


def rescore(evaluations: Union[Iterable[Any], str, "os.PathLike[str]"], *, from_ruleset: str,
            to_ruleset: str, fill: str = "range",
            crosswalk: Optional[Union[str, "os.PathLike[str]"]] = None,
            skip_errors: bool = False) -> Rescore:
    """A cohort scored under two editions (see :meth:`Registry.rescore`)."""
    return default_registry().rescore(evaluations, from_ruleset=from_ruleset,
                                      to_ruleset=to_ruleset, fill=fill, crosswalk=crosswalk,
                                      skip_errors=skip_errors)


def rulesets() -> List[RulesetInfo]:
    """The built-in rulesets (id, hash, title, status), by effective date."""
    return default_registry().rulesets()


def diff(a: str, b: str, *, sheet: Optional[int] = None,
         format: str = "json") -> Union[Dict[str, Any], str]:
    """What changed between two built-in rulesets (see :meth:`Registry.diff`)."""
    return default_registry().diff(a, b, sheet=sheet, format=format)
