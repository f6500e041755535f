"""The workers page's table rows, rendered in Python: a page of 100 records is 1,100 cells, which
Django's template engine took most of the page's time to render (docs/web.md, "Load test")."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Final

from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from csc_workforce.web.returns.templatetags.census_codes import label_for

# The model fields a row shows, in column order.
ROW_FIELDS: Final = (
    "record",
    "swe_no",
    "agency_worker",
    "org_role",
    "fte",
    "role_start_date",
    "role_end_date",
    "start_origin",
    "reason_leave",
    "cases30",
    "working_days_lost",
)

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


def _yes_no(value: bool | None) -> str:
    if value is None:
        return "?"
    return "Yes" if value else "No"


def _day(value: date | None) -> str:
    return "" if value is None else value.isoformat()


def _plain(value: object) -> str:
    return "" if value is None else str(value)


def _code(value: object, item: str) -> str:
    return label_for(item, _plain(value))


def _cells(row: tuple[object, ...]) -> tuple[str, ...]:
    record, swe_no, agency, role, fte, start, end, origin, reason, cases, days_lost = row
    return (
        _plain(record),
        _plain(swe_no),
        _yes_no(agency),  # type: ignore[arg-type]
        _code(role, "OrgRole"),
        _plain(fte),
        _day(start),  # type: ignore[arg-type]
        _day(end),  # type: ignore[arg-type]
        _code(origin, "StartOrigin"),
        _code(reason, "ReasonLeave"),
        _plain(cases),
        _plain(days_lost),
    )


def worker_rows_html(rows: Iterable[tuple[object, ...]]) -> SafeString:
    """``<tr>`` elements for rows of :data:`ROW_FIELDS` values, every value escaped."""
    return format_html_join("", _ROW, (_cells(row) for row in rows))
