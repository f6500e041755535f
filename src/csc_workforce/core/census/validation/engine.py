"""Run every rule over a return and gather all the problems (never only the first)."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from csc_workforce.core.census.model import CensusReturn
from csc_workforce.core.census.validation import (  # noqa: F401 - importing registers the rules
    continuity_rules,
    duplicate_rules,
    file_rules,
    la_rules,
    record_rules,
)
from csc_workforce.core.census.validation.catalogue import Scope, rules_in
from csc_workforce.core.census.validation.context import Context, ContinuityThresholds
from csc_workforce.core.census.validation.issue import Issue
from csc_workforce.core.census.validation.item_rules import item_issues
from csc_workforce.core.census.validation.places import placed

_WHOLE_RETURN_SCOPES: tuple[Scope, ...] = ("file", "la", "record", "duplicate")
_SEVERITY_ORDER = {"error": 0, "query": 1, "info": 2}


def validate_return(
    census: CensusReturn,
    *,
    previous: CensusReturn | None = None,
    known_la_codes: frozenset[str] | None = None,
    thresholds: ContinuityThresholds | None = None,
) -> list[Issue]:
    """Every problem in ``census``: file- and LA-level issues first, then by record, code and item.

    ``previous`` is last year's return for the same LA (continuity rules R069-R072 run only with it);
    ``known_la_codes`` are the DfE LA codes LEA must be one of (R007 checks only the format without).
    Each issue carries the value as written and its place in the file (``places``).
    """
    ctx = Context(census, previous, known_la_codes, thresholds or ContinuityThresholds())
    issues: list[Issue] = []
    scopes = (*_WHOLE_RETURN_SCOPES, "continuity") if previous is not None else _WHOLE_RETURN_SCOPES
    for scope in scopes:
        for entry in rules_in(scope):
            check: Callable[[Context], Iterable[Issue]] | None = entry.function
            if check is not None:
                issues.extend(check(ctx))
    issues.extend(item_issues(ctx))
    issues.sort(key=_order)
    return placed(census, issues)


def _order(issue: Issue) -> tuple[int, int, str, str]:
    return (
        issue.record if issue.record is not None else -1,
        _SEVERITY_ORDER[issue.severity],
        issue.code,
        issue.field or "",
    )
