"""A stored validation report, shown and downloaded the way people fix it.

The page: a summary by rule and item (errors first) with jump links, an errors/queries/all
filter, and the issues, errors first, a page at a time. The download (Excel or CSV): the summary
and one row per problem, with the explanations of queries to paste into DfE COLLECT.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any, Final

from csc_workforce.core.census.validation import Issue, SummaryRow, cut, in_report_order, summarise
from csc_workforce.core.spreadsheet_safety import make_inert
from csc_workforce.reporting.excel import SheetTable, tables_xlsx_bytes

FILTERS: Final = {"all": None, "errors": "error", "queries": "query"}
_ISSUE_FIELDS: Final = frozenset(f.name for f in fields(Issue))
ISSUE_COLUMNS: Final = (
    ("severity", "Severity"),
    ("code", "Rule"),
    ("record", "Record"),
    ("swe_no", "SWE number"),
    ("field", "Item"),
    ("location", "Where"),
    ("found", "Value found"),
    ("expected", "Expected"),
    ("message", "Problem"),
    ("hint", "How to fix it"),
    ("explanation", "Explanation"),
)
SUMMARY_COLUMNS: Final = (
    ("severity", "Severity"),
    ("code", "Rule"),
    ("field", "Item"),
    ("cause", "Check"),
    ("count", "Issues"),
    ("records", "Records"),
    ("hint", "How to fix it"),
    ("explanation", "Explanation"),
)


def explanation_key(code: str, field: str | None) -> str:
    """How a query's explanation is keyed: one per rule and item (``CSWW-R024 Cases30``)."""
    return f"{code} {field or ''}".strip()


def stored_issues(stored: Iterable[Mapping[str, Any]]) -> list[Issue]:
    """Issues back from a submission's JSON (reports stored before a field existed lack it)."""
    issues = []
    for entry in stored:
        known = {key: value for key, value in entry.items() if key in _ISSUE_FIELDS}
        known.setdefault("found", known.get("value"))
        issues.append(Issue(**known))
    return in_report_order(issues)


@dataclass(slots=True)
class Report:
    issues: list[Issue]
    summary: list[SummaryRow]
    explanations: Mapping[str, str] = field(default_factory=dict)

    def explanation(self, code: str, item: str | None) -> str:
        return self.explanations.get(explanation_key(code, item), "")

    def shown(self, show: str) -> list[Issue]:
        severity = FILTERS.get(show)
        return [i for i in self.issues if severity is None or i.severity == severity]

    def jump(self, row: SummaryRow, per_page: int) -> str:
        """The query string and anchor of a summary row's first issue: its severity's filter and page."""
        show = {"error": "errors", "query": "queries"}.get(row.severity, "all")
        shown = self.shown(show)
        index = next(
            (i for i, issue in enumerate(shown) if (issue.code, issue.field) == (row.code, row.field)), 0
        )
        return f"?show={show}&page={index // per_page + 1}#{row.anchor}"

    @staticmethod
    def anchored(issues: Iterable[Issue]) -> list[tuple[Issue, str]]:
        """Each issue with the jump-link id of the first of its rule and item on the page ('' after)."""
        seen: set[tuple[str, str | None]] = set()
        result = []
        for issue in issues:
            key = (issue.code, issue.field)
            result.append((issue, "" if key in seen else f"{issue.code}-{issue.field or 'file'}"))
            seen.add(key)
        return result

    def query_rows(self) -> list[SummaryRow]:
        return [row for row in self.summary if row.severity == "query"]


def report_of(stored: Iterable[Mapping[str, Any]], explanations: Mapping[str, str] | None = None) -> Report:
    issues = stored_issues(stored)
    return Report(issues, summarise(issues), explanations or {})


def _summary_rows(report: Report) -> list[list[Any]]:
    return [
        [
            row.severity,
            row.code,
            row.field or "",
            row.cause,
            row.count,
            ", ".join(map(str, row.records)),
            row.hint or "",
            report.explanation(row.code, row.field),
        ]
        for row in report.summary
    ]


def _issue_rows(report: Report) -> list[list[Any]]:
    return [
        [
            issue.severity,
            issue.code,
            issue.record,
            issue.swe_no or "",
            issue.field or "",
            issue.location or "",
            cut(issue.found) or "",
            issue.expected or "",
            cut(issue.message) or "",
            issue.hint or "",
            report.explanation(issue.code, issue.field) if issue.severity == "query" else "",
        ]
        for issue in report.issues
    ]


def report_xlsx(report: Report, notes: Sequence[str]) -> bytes:
    """A workbook: the summary sheet, then one row per problem."""
    summary = SheetTable(
        columns=[name for name, _ in SUMMARY_COLUMNS],
        rows=_summary_rows(report),
        headings=dict(SUMMARY_COLUMNS),
        notes=notes,
    )
    problems = SheetTable(
        columns=[name for name, _ in ISSUE_COLUMNS], rows=_issue_rows(report), headings=dict(ISSUE_COLUMNS)
    )
    return tables_xlsx_bytes({"Summary": summary, "Problems": problems})


def report_csv(report: Report) -> str:
    """One row per problem (the summary is the Excel download's first sheet)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([heading for _, heading in ISSUE_COLUMNS])
    for row in _issue_rows(report):
        writer.writerow(["" if value is None else make_inert(str(value)) for value in row])
    return buffer.getvalue()
