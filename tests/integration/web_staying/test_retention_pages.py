"""The council and regional retention pages and downloads: access, audit, suppression."""
# ruff: noqa: PLC0415 - Django models import only once the test settings are loaded

from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import load_workbook

from csc_workforce.core.census.model import CensusReturn
from csc_workforce.export.census_xml import census_xml_bytes
from csc_workforce.synth import generate_region
from tests.web_fixtures.jobs import file_from_job

pytestmark = [pytest.mark.web, pytest.mark.django_db]
YEARS = (2023, 2024, 2025)
LOADED = ("873", "822")


@pytest.fixture(scope="module")
def synthetic() -> list[CensusReturn]:
    returns = generate_region("East of England", YEARS, 1)
    return sorted((r for r in returns if r.la_code in LOADED), key=lambda r: (r.year, r.la_code))


@pytest.fixture
def history(synthetic: list[CensusReturn], councils: Any, analyst: Any) -> None:
    from csc_workforce.web.orgs.models import Council
    from csc_workforce.web.returns.services import accept_file

    for census in synthetic:
        council = Council.objects.get(la_code=census.la_code)
        accept_file(
            council, census_xml_bytes(census), analyst, filename=f"{census.la_code}_{census.year}.xml"
        )


def _events(action: str) -> list[Any]:
    from csc_workforce.web.audit.models import AuditEvent

    return list(AuditEvent.objects.filter(action=action))


def test_the_council_page_shows_charts_tables_and_is_audited(login: Any, analyst: Any, history: None) -> None:
    response = login(analyst).get("/councils/873/retention/", {"by": "role"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="app-chart"') == 2
    for key in (
        "survival",
        "survival_by",
        "destinations",
        "cohorts",
        "reasons",
        "hazard_ratios",
        "service_hazards",
    ):
        assert f'id="table-{key}"' in html
    assert "associations" in html
    assert "observed from 1 October 2022 to 30 September 2025" in html
    (event,) = _events("view_retention")
    assert event.la_code == "873" and event.detail == {"grouping": "role"}


def test_no_swe_number_reaches_the_page_or_the_downloads(
    login: Any, analyst: Any, history: None, synthetic: list[CensusReturn]
) -> None:
    client = login(analyst)
    html = client.get("/councils/873/retention/").content.decode()
    workbook = client.get("/councils/873/retention/export.xlsx")
    book = load_workbook(io.BytesIO(workbook.content))
    cells = " ".join(str(c.value) for sheet in book for row in sheet.iter_rows() for c in row)
    numbers = {w.items["SWENo"][0] for r in synthetic for w in r.workers if w.items.get("SWENo")}
    assert not any(number in html or number in cells for number in list(numbers)[:200])


def test_downloads_are_excel_and_pdf_and_audited(login: Any, analyst: Any, history: None) -> None:
    client = login(analyst)
    xlsx = client.get("/councils/873/retention/export.xlsx")
    assert xlsx.status_code == 200 and xlsx["Content-Type"].startswith("application/vnd.openxml")
    assert len(load_workbook(io.BytesIO(xlsx.content)).sheetnames) >= 6
    pdf = file_from_job(client, "/councils/873/retention/prepare-pdf/", {"by": "role"})
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get("/councils/873/retention/export.pdf?by=role")["Location"] == (
        "/councils/873/retention/?by=role"
    )
    assert [e.detail["format"] for e in _events("export_retention")] == ["pdf", "xlsx"]
    assert client.get("/councils/873/retention/export.csv").status_code == 404


def test_another_councils_analyst_is_refused(login: Any, other_analyst: Any, history: None) -> None:
    assert login(other_analyst).get("/councils/873/retention/").status_code == 403
    assert login(other_analyst).get("/councils/873/retention/export.xlsx").status_code == 403


def test_a_council_without_returns_says_so(login: Any, analyst: Any) -> None:
    response = login(analyst).get("/councils/873/retention/")
    assert response.status_code == 200
    assert 'id="no-returns"' in response.content.decode()


def test_the_region_page_puts_councils_side_by_side(login: Any, lead: Any, history: None) -> None:
    response = login(lead).get("/region/east-of-england/retention/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Cambridgeshire" in html or "873" in html
    assert html.count('<tr class="govuk-table__row">') == 1 + len(LOADED) + 1  # header, councils, region
    (event,) = _events("view_region_retention")
    assert event.detail == {"region": "east-of-england", "councils": 2}
    pdf = file_from_job(login(lead), "/region/east-of-england/retention/prepare-pdf/")
    assert pdf.content.startswith(b"%PDF")
    assert _events("export_region_retention")


def test_small_groups_are_suppressed_on_the_region_page(
    login: Any, lead: Any, history: None, settings: Any
) -> None:
    settings.CSCW_DISCLOSURE_THRESHOLD = 100_000  # every group is then "small"
    response = login(lead).get("/region/east-of-england/retention/export.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    from csc_workforce.web.orgs.models import Council

    names = {*Council.objects.filter(la_code__in=LOADED).values_list("name", flat=True), "Region"}
    council_rows = [row for row in rows if row[0] in names]
    assert len(council_rows) == len(LOADED) + 1
    for row in council_rows:
        assert set(row[1:8]) <= {"c", None}


def test_a_council_analyst_may_see_the_region_page_but_no_other_region(
    login: Any, analyst: Any, other_lead: Any, history: None
) -> None:
    assert login(analyst).get("/region/east-of-england/retention/").status_code == 200
    assert login(other_lead).get("/region/east-of-england/retention/").status_code == 403
