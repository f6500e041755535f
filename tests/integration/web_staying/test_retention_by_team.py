"""Retention by team: teams reach the store through the HR build and show on the council's
retention page and Excel download, small teams suppressed; without a team column the page says so."""

from __future__ import annotations

import contextlib
import io
from html import escape
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from csc_workforce.export.census_xml import census_xml_bytes
from csc_workforce.synth.hr_extract import NEW_SENIOR_TITLE, TEAM_HEADING
from csc_workforce.web.audit.models import AuditEvent
from csc_workforce.web.returns.models import Submission
from csc_workforce.web.returns.services import accept_file
from csc_workforce.web.staying.demo import load_demo_teams
from csc_workforce.web.staying.models import TeamAssignment
from csc_workforce.web.staying.services import NO_TEAM_COLUMN
from tests.integration.web_hrbuild.journey import review_form, synthetic_years, value_field

pytestmark = [pytest.mark.integration, pytest.mark.web, pytest.mark.django_db]
PAGE = "/councils/873/retention/"
THRESHOLD = 5


def _build_from_hr(client: Any, files: Any, census: Any, year: int) -> None:
    with files.extract.open("rb") as staff, files.agency_list.open("rb") as agency:
        response = client.post(
            "/councils/873/hr/",
            {"year": str(year), "as_of": f"{year}-09-30", "staff": staff, "agency": agency},
        )
    review = client.get(response["Location"])
    (staff_review,) = [r for r in review.context["reviews"] if r.kind == "staff"]
    assert staff_review.team_column == TEAM_HEADING  # offered from the extract's headings
    form = review_form(review.context, census.la_items)
    for kind in ("staff", "agency"):  # the new job title of 2025 needs a decision
        with contextlib.suppress(AssertionError):  # not every list has the new title
            form[value_field(review.context, kind, "OrgRole", NEW_SENIOR_TITLE)] = "4"
    built = client.post(response["Location"], {**form, "action": "build"})
    assert built.status_code == 302, built.context["problems"][:5]
    client.post(f"/councils/873/submissions/{Submission.objects.get(year=year).pk}/accept/")


@pytest.fixture
def with_teams(council: Any, analyst: Any, login: Any, tmp_path: Path, settings: Any) -> Any:
    settings.CSCW_DISCLOSURE_THRESHOLD = THRESHOLD
    years = synthetic_years(tmp_path, (2023, 2024, 2025))
    for year in (2023, 2024):
        census, _ = years[year]
        accept_file(council, census_xml_bytes(census), analyst, filename=f"873_{year}.xml")
    client = login(analyst)
    census, files = years[2025]
    _build_from_hr(client, files, census, 2025)
    return client


def _team_rows(html: str) -> dict[str, list[str]]:
    table = html.split('id="table-teams"')[1].split("</table>", maxsplit=1)[0]
    rows = {}
    for chunk in table.split('<tr class="govuk-table__row">')[2:]:
        cells = [c for c in (part.rsplit(">", 1)[-1] for part in chunk.split("</")) if c != ""][:7]
        rows[cells[0]] = cells[1:]
    return rows


def test_teams_from_the_hr_build_show_by_team_with_small_teams_suppressed(with_teams: Any) -> None:
    assert TeamAssignment.objects.filter(council__la_code="873", year=2025).count() > 50
    html = with_teams.get(PAGE).content.decode()
    rows = _team_rows(html)
    assert "All staff" in rows and "Service Management" in rows and "Assessment North" in rows
    suppressed = [team for team, cells in rows.items() if set(cells) == {"c"}]
    for team, cells in rows.items():
        if team not in suppressed:
            assert int(cells[0].replace(",", "")) >= THRESHOLD, team  # people
    # A lone suppressed team would come back as the total less the others: never one alone.
    assert len(suppressed) != 1
    if "Disabled Children" in rows:
        assert "Disabled Children" in suppressed
    total_spells = int(rows["All staff"][1].replace(",", ""))
    shown = sum(
        int(cells[1].replace(",", ""))
        for team, cells in rows.items()
        if team not in (*suppressed, "All staff")
    )
    assert shown < total_spells or not suppressed
    (event,) = AuditEvent.objects.filter(action="view_retention")
    assert event.detail["teams"] == len(rows) - 1


def test_the_excel_download_carries_the_team_table(with_teams: Any) -> None:
    book = load_workbook(io.BytesIO(with_teams.get(f"{PAGE}export.xlsx").content))
    cells = [str(c.value) for sheet in book for row in sheet.iter_rows() for c in row if c.value is not None]
    assert "A spell's team is the one the HR extract of its last year gives" in " ".join(cells)
    assert "Service Management" in cells
    swe = TeamAssignment.objects.values_list("swe", flat=True)[:50]
    assert not set(swe) & set(cells)  # teams' figures, never who is in them


def test_without_a_team_column_the_page_says_so(
    council: Any, analyst: Any, login: Any, tmp_path: Path
) -> None:
    census, _ = synthetic_years(tmp_path, (2025,))[2025]
    accept_file(council, census_xml_bytes(census), analyst, filename="873_2025.xml")
    html = login(analyst).get(PAGE).content.decode()
    assert 'id="table-teams"' not in html
    assert html.split('id="no-teams">')[1].startswith(escape(NO_TEAM_COLUMN))


def test_the_demo_records_the_sample_councils_teams(councils: Any, tmp_path: Path) -> None:
    recorded = load_demo_teams(tmp_path, "East of England", "873", (2024, 2025), 1)
    assert recorded == TeamAssignment.objects.filter(council__la_code="873", year=2025).count() > 50
    assert set(TeamAssignment.objects.values_list("team", flat=True)) >= {"Service Management"}
