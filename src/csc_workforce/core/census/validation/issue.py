"""What a validation rule reports."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

from csc_workforce.core.census.validation.hints import hint_for

Severity = Literal["error", "query", "info"]
SEVERITIES: Final[tuple[Severity, ...]] = ("error", "query", "info")


@dataclass(frozen=True, slots=True)
class Issue:
    """One problem found in a return.

    ``record`` is the 1-based position of the worker in the file (None for file- or LA-level issues),
    ``field`` the census item name, ``value`` the value found (None when missing) and ``expected``
    what the rule wants, in words. ``found`` is the value as written in the file (``value`` is the
    reader's normalised form) and ``location`` where it is: ``Workers!D21`` in a workbook, ``line
    1234`` in XML, None when it has no place; both are filled in by the engine.
    """

    code: str
    severity: Severity
    record: int | None
    swe_no: str | None
    field: str | None
    message: str
    value: str | None = None
    expected: str | None = None
    found: str | None = None
    location: str | None = None

    @property
    def hint(self) -> str | None:
        """How to fix it, in a sentence (every rule has one)."""
        return hint_for(self.code)
