"""The audit log page for administrators (``/manage/audit/``): events newest first, filtered by
user, council, action and dates, downloadable as CSV or Excel. Every view and download is itself
audited: the log names staff and their network addresses."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC
from typing import Any, Final

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from csc_workforce.core.spreadsheet_safety import make_inert
from csc_workforce.reporting.excel import SheetTable, tables_xlsx_bytes
from csc_workforce.web import policy
from csc_workforce.web.audit.models import Action, AuditEvent
from csc_workforce.web.audit.services import record_event
from csc_workforce.web.orgs.models import Council

PAGE_SIZE: Final = 50
EXPORT_MAX_ROWS: Final = 100_000
EXPORT_FORMATS: Final = ("csv", "xlsx")
XLSX_TYPE: Final = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COLUMNS: Final = ("id", "at_utc", "username", "action", "council_code", "path", "ip_address", "detail")
HEADINGS: Final = {
    "id": "Event",
    "at_utc": "Time (UTC)",
    "username": "User",
    "action": "Action",
    "council_code": "Council",
    "path": "Page",
    "ip_address": "Address",
    "detail": "Detail",
}


def _action_choices() -> list[tuple[str, str]]:
    stored = set(AuditEvent.objects.values_list("action", flat=True).distinct())
    actions = sorted(stored | {action.value for action in Action})
    return [("", "Any action"), *((action, action.replace("_", " ")) for action in actions)]


def _date_field(label: str, which: str) -> forms.DateField:
    """An optional ISO date (the browser's date picker submits that form)."""
    return forms.DateField(
        label=label,
        required=False,
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": f"Enter the {which} date as a real date, for example 2026-11-30"},
    )


class AuditLogFilterForm(forms.Form):
    """The page's filters (GET); a bad value is an error shown on the page."""

    user = forms.CharField(label="Username", required=False, max_length=150)
    council = forms.ModelChoiceField(
        label="Council",
        queryset=Council.objects.order_by("name"),
        to_field_name="la_code",
        required=False,
        empty_label="Any council",
        error_messages={"invalid_choice": "Select a council from the list"},
    )
    action = forms.ChoiceField(
        label="Action", required=False, error_messages={"invalid_choice": "Select an action from the list"}
    )
    date_from = _date_field("From (inclusive)", "start")
    date_to = _date_field("To (inclusive)", "end")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"].choices = _action_choices()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", "The end date must be the same as or after the start date")
        return cleaned

    def events(self) -> QuerySet[AuditEvent]:
        """The matching events, newest first (the chain's order)."""
        found = AuditEvent.objects.order_by("-id")
        data = self.cleaned_data
        if data.get("user"):
            found = found.filter(username__iexact=data["user"].strip())
        if data.get("council"):
            found = found.filter(la_code=data["council"].la_code)
        if data.get("action"):
            found = found.filter(action=data["action"])
        if data.get("date_from"):
            found = found.filter(at__date__gte=data["date_from"])
        if data.get("date_to"):
            found = found.filter(at__date__lte=data["date_to"])
        return found

    def described(self) -> dict[str, str]:
        """The filters in use, for the audit event of a view or download."""
        return {
            name: value.la_code if isinstance(value, Council) else str(value)
            for name, value in self.cleaned_data.items()
            if value
        }


def _row(event: AuditEvent) -> list[Any]:
    return [
        event.pk,
        event.at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S"),
        event.username,
        event.action,
        event.la_code,
        event.path,
        event.ip_address,
        json.dumps(event.detail, sort_keys=True, ensure_ascii=False),
    ]


def _csv(events: QuerySet[AuditEvent]) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for event in events.iterator(chunk_size=2000):
        writer.writerow([make_inert(str(value)) for value in _row(event)])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
    return response


def _xlsx(events: QuerySet[AuditEvent]) -> HttpResponse:
    table = SheetTable(
        columns=list(COLUMNS),
        rows=[_row(event) for event in events.iterator(chunk_size=2000)],
        headings=HEADINGS,
        notes=["Times in UTC. Exported from csc-workforce's audit log; the export itself is audited."],
    )
    response = HttpResponse(tables_xlsx_bytes({"Audit log": table}), content_type=XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="audit-log.xlsx"'
    return response


@require_GET
@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    policy.audit_log_check(request)
    filters = AuditLogFilterForm(request.GET or None)
    valid = not filters.is_bound or filters.is_valid()
    events = filters.events() if filters.is_bound and valid else AuditEvent.objects.order_by("-id")
    described = filters.described() if filters.is_bound and valid else {}
    wanted = request.GET.get("format", "")
    if valid and wanted in EXPORT_FORMATS:
        count = events.count()
        if count <= EXPORT_MAX_ROWS:
            download = _csv(events) if wanted == "csv" else _xlsx(events)
            # Recorded once the file is built, so the download's own event is not in it.
            record_event(request, Action.EXPORT_AUDIT_LOG, format=wanted, rows=count, filters=described)
            return download
        too_many = (
            f"{count:,} events match: narrow the filters to {EXPORT_MAX_ROWS:,} or fewer to download them"
        )
        filters.add_error(None, too_many)
        valid = False
    page = Paginator(events if valid else AuditEvent.objects.none(), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    if valid:
        record_event(request, Action.VIEW_AUDIT_LOG, page=page.number, filters=described)
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("format", None)
    return render(
        request,
        "useradmin/audit_log.html",
        {"filters": filters, "page": page, "query": query.urlencode(), "filtered": bool(described)},
        status=200 if valid else 400,
    )
