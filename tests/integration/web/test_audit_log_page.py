"""The administrators' audit log page: filters, downloads (audited), refusals for everyone else,
and refused attempts on worker rows recorded."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from csc_workforce.web.audit.models import AuditEvent
from csc_workforce.web.audit.services import record_event

pytestmark = [pytest.mark.integration, pytest.mark.web, pytest.mark.django_db]

URL = "/manage/audit/"


@pytest.fixture
def events(council: Any, other_council: Any) -> None:
    record_event(None, "upload", council, username="analyst.873", files=1)
    record_event(None, "accept", council, username="analyst.873", year=2024)
    record_event(None, "upload", other_council, username="analyst.822", files=1)
    record_event(None, "login", username="=HYPERLINK(evil)")


def _rows(response: Any) -> list[str]:
    page = response.content.decode()
    body = page.split('<tbody class="govuk-table__body">')[1].split("</tbody>")[0]
    return [row for row in body.split("<tr") if "govuk-table__cell--numeric" in row]


def test_only_administrators_read_the_audit_log(
    events: None, analyst: Any, manager: Any, lead: Any, login: Any
) -> None:
    for user in (analyst, manager, lead):
        assert login(user).get(URL).status_code == 403
        assert login(user).get(URL + "?format=csv").status_code == 403
    assert login(analyst).get(URL).status_code == 403


def test_filters_by_user_council_action_and_date(events: None, admin_user: Any, login: Any) -> None:
    client = login(admin_user)
    assert len(_rows(client.get(URL + "?user=ANALYST.873"))) == 2
    assert len(_rows(client.get(URL + "?council=822"))) == 1
    assert len(_rows(client.get(URL + "?action=accept"))) == 1
    assert len(_rows(client.get(URL + "?action=upload&council=873"))) == 1
    assert len(_rows(client.get(URL + "?date_from=2001-01-01&date_to=2001-12-31"))) == 0
    assert "No events match" in client.get(URL + "?date_to=2001-12-31").content.decode()
    today = timezone.localdate().isoformat()
    assert len(_rows(client.get(URL + f"?date_from={today}&date_to={today}&user=analyst.822"))) == 1
    viewed = AuditEvent.objects.filter(action="view_audit_log").order_by("id")
    assert viewed.first().detail["filters"] == {"user": "ANALYST.873"}


def test_bad_filters_are_shown_as_govuk_errors(events: None, admin_user: Any, login: Any) -> None:
    response = login(admin_user).get(URL + "?date_from=2026-13-40&council=999&action=nothing")
    page = response.content.decode()
    assert response.status_code == 400
    assert "<title>Error: " in page
    assert "Enter the start date as a real date" in page
    assert "Select a council from the list" in page
    assert "Select an action from the list" in page


def test_csv_and_excel_downloads_hold_the_filtered_events_and_are_audited(
    events: None, admin_user: Any, login: Any
) -> None:
    client = login(admin_user)
    response = client.get(URL + "?user=analyst.873&format=csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["action"] for row in rows] == ["accept", "upload"]
    assert {row["council_code"] for row in rows} == {"873"}
    every = list(csv.DictReader(io.StringIO(client.get(URL + "?format=csv").content.decode())))
    assert "'=HYPERLINK(evil)" in {row["username"] for row in every}  # made inert for spreadsheets
    workbook = load_workbook(io.BytesIO(client.get(URL + "?council=822&format=xlsx").content))
    sheet = workbook["Audit log"]
    assert sheet.cell(row=2, column=4).value == "upload"
    exports = AuditEvent.objects.filter(action="export_audit_log").order_by("id")
    assert [(event.detail["format"], event.detail["rows"]) for event in exports] == [
        ("csv", 2),
        ("csv", len(every)),
        ("xlsx", 1),
    ]


def test_refused_access_to_worker_rows_is_audited(
    accepted_return: Any, other_analyst: Any, lead: Any, login: Any
) -> None:
    assert login(other_analyst).get("/councils/873/workers/?year=2024").status_code == 403
    assert login(lead).get("/councils/873/workers/export.xlsx?year=2024").status_code == 403
    refused = AuditEvent.objects.filter(action="access_refused").order_by("id")
    assert [(event.username, event.la_code, event.path) for event in refused] == [
        ("analyst.822", "873", "/councils/873/workers/"),
        ("lead.east-of-england", "873", "/councils/873/workers/export.xlsx"),
    ]
