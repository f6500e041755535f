"""The workers page's table rows, rendered in Python: a page of 100 records is 1,100 cells, which
Django's template engine took most of the page's time to render (docs/web.md, "Load test")."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Final

from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from csc_workforce.web.returns.templatetags.census_codes import label_for

# The workers table's columns after the record number (model field, heading): the page and its
# Excel download show these; the coded ones are shown with their census code set's labels.
WORKER_COLUMNS: Final = (
    ("swe_no", "SWE number"),
    ("agency_worker", "Agency worker"),
    ("org_role", "Role"),
    ("fte", "FTE"),
    ("role_start_date", "Start date"),
    ("role_end_date", "End date"),
    ("start_origin", "Start origin"),
    ("reason_leave", "Reason for leaving"),
    ("cases30", "Cases at 30 September"),
    ("working_days_lost", "Working days lost"),
)
CODED_COLUMNS: Final = {"org_role": "OrgRole", "start_origin": "StartOrigin", "reason_leave": "ReasonLeave"}
# The model fields a row shows, in column order.
ROW_FIELDS: Final = ("record", *(name for name, _ in WORKER_COLUMNS))

_ROW: Final = (
    '<tr class="govuk-table__row">'
    '<td class="govuk-table__cell govuk-table__cell--numeric">{}</td>'
    '<td class="govuk-table__cell cscw-nowrap">{}</td>'
    '<td class="govuk-table__cell">{}</td>'
    '<td class="govuk-table__cell">{}</td>'
    '<td class="govuk-table__cell">{}</td>'
    '<td class="govuk-table__cell cscw-nowrap">{}</td>'
    '<td class="govuk-table__cell cscw-nowrap">{}</td>'
    '<td class="govuk-table__cell">{}</td>'
    '<td class="govuk-table__cell">{}</td>'
    '<td class="govuk-table__cell">{}</td>'
    '<td class="govuk-table__cell">{}</td>'
    "</tr>\n"
)


def _yes_no(value: object) -> str:
    if value is None:
        return "?"
    return "Yes" if value else "No"


def _day(value: object) -> str:
    return value.isoformat() if isinstance(value, date) else ""


def _plain(value: object) -> str:
    return "" if value is None else str(value)


def _code(value: object, item: str) -> str:
    return label_for(item, _plain(value))


def _cells(row: tuple[object, ...]) -> tuple[str, ...]:
    record, swe_no, agency, role, fte, start, end, origin, reason, cases, days_lost = row
    return (
        _plain(record),
        _plain(swe_no),
        _yes_no(agency),
        _code(role, CODED_COLUMNS["org_role"]),
        _plain(fte),
        _day(start),
        _day(end),
        _code(origin, CODED_COLUMNS["start_origin"]),
        _code(reason, CODED_COLUMNS["reason_leave"]),
        _plain(cases),
        _plain(days_lost),
    )


def worker_rows_html(rows: Iterable[tuple[object, ...]]) -> SafeString:
    """``<tr>`` elements for rows of :data:`ROW_FIELDS` values, every value escaped."""
    return format_html_join("", _ROW, (_cells(row) for row in rows))
