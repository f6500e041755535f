"""An HR extract as read: its headings and the text of each row, keyed by heading.

Only the columns a mapping uses are kept when the extract is read with a mapping; the reader
drops the rest (names, addresses, NI numbers) before any row reaches this model.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class HrRow:
    """One row of the extract: ``number`` is its row number in the file (1-based, as Excel shows)."""

    number: int
    values: dict[str, str]

    def get(self, heading: str) -> str | None:
        """The trimmed text under ``heading``; None when blank."""
        text = self.values.get(heading)
        if text is None:
            return None
        text = text.strip()
        return text or None


@dataclass(frozen=True, slots=True)
class HrExtract:
    """The rows of one extract below its heading row; ``headings`` in file order."""

    source: str
    headings: tuple[str, ...]
    rows: tuple[HrRow, ...]
    heading_row: int = 1
    sheet: str | None = None
    dropped_columns: int = 0
    notes: tuple[str, ...] = field(default_factory=tuple)

    def column(self, heading: str) -> list[str]:
        """Every non-blank value under ``heading``, in row order."""
        return [value for row in self.rows if (value := row.get(heading)) is not None]
