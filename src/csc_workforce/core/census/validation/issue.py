"""What a validation rule reports."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

Severity = Literal["error", "query", "info"]
SEVERITIES: Final[tuple[Severity, ...]] = ("error", "query", "info")


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem found in a return.

    ``record`` is the 1-based position of the worker in the file (None for file- or LA-level issues),
    ``field`` the census item name, ``value`` the value found (None when missing) and ``expected``
    what the rule wants, in words.
    """

    code: str
    severity: Severity
    record: int | None
    swe_no: str | None
    field: str | None
    message: str
    value: str | None = None
    expected: str | None = None
