"""The report an analyst works from: errors first, then queries, and a summary by rule and item.

A systematic mistake (a mapping slip repeated on every record) gives hundreds of issues with the
same few causes; the summary makes it one line per cause with the count and the records affected,
so the fix is made once. Used by the CLI, the web page and the downloads alike.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from csc_workforce.core.census.validation.catalogue import RULES
from csc_workforce.core.census.validation.hints import hint_for
from csc_workforce.core.census.validation.issue import SEVERITIES, Issue, Severity

SEVERITY_RANK: Final = {severity: rank for rank, severity in enumerate(SEVERITIES)}
RECORDS_SHOWN: Final = 10


@dataclass(frozen=True, slots=True)
class SummaryRow:
    """One rule and item: how many issues, on which records (file- and LA-level ones have none)."""

    code: str
    severity: Severity
    field: str | None
    cause: str
    hint: str | None
    count: int
    records: tuple[int, ...]

    @property
    def anchor(self) -> str:
        """A stable HTML id for jump links (``CSWW-R022-FTE``)."""
        return f"{self.code}-{self.field or 'file'}"

    def records_text(self, shown: int = RECORDS_SHOWN) -> str:
        """``1, 2, 3, …`` (the first ``shown`` records), or '' when no record is involved."""
        head = ", ".join(str(record) for record in self.records[:shown])
        return head + (", …" if len(self.records) > shown else "")

    def line(self) -> str:
        """``CSWW-R022 FTE: FTE outside 0 to 1 …: 27 records (1, 2, 3, …)``."""
        where = f" {self.field}" if self.field else ""
        noun = "record" if len(self.records) == 1 else "records"
        records = f": {len(self.records):,} {noun} ({self.records_text()})" if self.records else ""
        times = f" ({self.count:,} issues)" if self.count != len(self.records) else ""
        return f"{self.code}{where}: {self.cause}{records}{times}"


def in_report_order(issues: Iterable[Issue]) -> list[Issue]:
    """Errors first, then queries, then notes; within each, in file order (stable)."""
    return sorted(issues, key=lambda issue: SEVERITY_RANK[issue.severity])


def summarise(issues: Sequence[Issue]) -> list[SummaryRow]:
    """One row per rule and item, errors first, then queries, then notes; the most frequent first."""
    groups: dict[tuple[str, str | None], list[Issue]] = {}
    for issue in issues:
        groups.setdefault((issue.code, issue.field), []).append(issue)
    rows = []
    for (code, field), members in groups.items():
        rule = RULES.get(code)
        records = sorted({issue.record for issue in members if issue.record is not None})
        rows.append(
            SummaryRow(
                code=code,
                severity=members[0].severity,
                field=field,
                cause=rule.check.replace("`", "") if rule else members[0].message,
                hint=hint_for(code),
                count=len(members),
                records=tuple(records),
            )
        )
    return sorted(rows, key=lambda row: (SEVERITY_RANK[row.severity], -row.count, row.code, row.field or ""))
