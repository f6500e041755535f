"""The rule catalogue: every rule's stable code, severity and check, in one table.

Codes live in our own ``CSWW-R`` namespace (census.md section 12); once released a code is never
reused for a different check. DfE's own rule numbers are not public and are never invented here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Final, Literal, TypeVar

from csc_workforce.core.census.validation.issue import Severity

Scope = Literal["reader", "file", "la", "item", "record", "duplicate", "continuity"]
F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    severity: Severity
    scope: Scope
    check: str
    function: Callable[..., Any] | None = None


RULES: Final[dict[str, Rule]] = {}


def rule(code: str, severity: Severity, scope: Scope, check: str) -> Callable[[F], F]:
    """Register the decorated function as the one implementation of ``code``."""

    def register(function: F) -> F:
        if code in RULES:
            raise ValueError(f"rule code {code} is defined twice")
        RULES[code] = Rule(code, severity, scope, check, function)
        return function

    return register


def severity_of(code: str) -> Severity:
    return RULES[code].severity


def rules_in(scope: Scope) -> tuple[Rule, ...]:
    return tuple(r for r in sorted(RULES.values(), key=lambda r: r.code) if r.scope == scope)
