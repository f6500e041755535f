"""Council and regional dashboards, their Excel downloads and the measures API, for every role."""

from __future__ import annotations

import io

import openpyxl
import pytest

from csc_workforce.core.measures_formulas import MEASURE_COLUMNS
from csc_workforce.web.audit.models import AuditEvent
from csc_workforce.web.dashboards.services import region_keys
from csc_workforce.web.returns.services import accept_file
from tests.web_fixtures.returns import clean_return, xml_bytes

pytestmark = [pytest.mark.integration, pytest.mark.web]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
COUNCIL_URL = "/councils/873/"
REGION_URL = "/region/east-of-england/"
COUNCIL_API = "/api/councils/873/measures"
REGION_API = "/api/regions/east-of-england/measures"


def workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"].startswith("attachment;")
    return openpyxl.load_workbook(
        io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)
    )


def test_analyst_sees_the_dashboard_with_charts_comparison_and_breakdown(login, analyst, accepted_return):
    response = login(analyst).get(COUNCIL_URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Workforce dashboard" in page and "Cambridgeshire" in page
    assert page.count('<svg xmlns="http://www.w3.org/2000/svg" class="app-chart"') == 6
    assert "Cambridgeshire (accepted returns)" in page
    assert 'id="comparison-table"' in page and "East of England" in page and "England" in page
    assert 'id="breakdown-table"' in page and "Case holder" in page
    assert "Accepted census returns: 2024." in page
    assert "/councils/873/workers/" in page  # the analyst may see worker rows
    # no worker identifiers on an aggregate page
    assert "SW873" not in page


def test_the_dashboard_figures_are_the_accepted_returns_measures(login, analyst, accepted_return):
    data = login(analyst).get(COUNCIL_API).json()
    snapshot = accepted_return.measures
    figures = data["accepted_returns"][0]["measures"]
    assert data["accepted_returns"][0]["time_period"] == 2024
    assert figures["inpost_headcount"] == snapshot["inpost_headcount"]
    assert figures["turnover_rate_fte"] == round(snapshot["turnover_rate_fte"], 1)
    assert set(figures) == set(MEASURE_COLUMNS)
    assert data["comparison"]["time_period"] == 2024
    assert data["old_la_code"] == "873" and data["region_name"] == "East of England"


def test_a_council_without_returns_gets_published_figures(login, analyst):
    response = login(analyst).get(COUNCIL_URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "No census return has been accepted yet." in page
    assert "Source: published statistics" in page


def test_breakdown_choice_and_unknown_breakdown(login, analyst, accepted_return):
    client = login(analyst)
    page = client.get(COUNCIL_URL, {"by": "age_band"}).content.decode()
    assert '<option value="age_band" selected>' in page
    fallback = client.get(COUNCIL_URL, {"by": "<script>"}).content.decode()
    assert '<option value="role" selected>' in fallback
    assert "<script>" not in fallback.split("</header>", 1)[1].replace('<script type="module"', "")


def test_excel_download_of_every_table_and_of_one_table_is_audited(login, analyst, accepted_return):
    client = login(analyst)
    book = workbook(client.get(COUNCIL_URL, {"format": "xlsx"}))
    assert book.sheetnames == ["Measures by year", "Comparison", "Trends", "Breakdown by role"]
    sheet = book["Measures by year"]
    headings = [cell.value for cell in sheet[1]]
    assert headings[:2] == ["time_period", "source"] and "turnover_rate_fte" in headings
    assert sheet.cell(2, 2).value == "accepted return"
    one = workbook(client.get(COUNCIL_URL, {"format": "xlsx", "table": "comparison"}))
    assert one.sheetnames == ["Comparison"]
    assert client.get(COUNCIL_URL, {"format": "xlsx", "table": "nothing"}).status_code == 404
    events = AuditEvent.objects.filter(action="export_dashboard", la_code="873")
    assert events.count() == 3
    assert {e.username for e in events} == {"analyst.873"}


@pytest.mark.parametrize("url", [COUNCIL_URL, f"{COUNCIL_URL}?format=xlsx"])
def test_another_councils_analyst_and_the_regional_lead_are_refused(
    login, other_analyst, lead, accepted_return, url
):
    assert login(other_analyst).get(url).status_code == 403
    assert login(lead).get(url).status_code == 403


@pytest.mark.parametrize("url", [COUNCIL_URL, REGION_URL])
def test_anonymous_users_get_the_login_page(client, councils, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_unknown_council_and_region_are_404(login, admin_user):
    client = login(admin_user)
    assert client.get("/councils/999/").status_code == 404
    assert client.get("/region/atlantis/").status_code == 404
    assert client.get("/api/councils/999/measures").status_code == 404
    assert client.get("/api/regions/atlantis/measures").status_code == 404


def test_admin_sees_every_council_and_region(login, admin_user, accepted_return):
    client = login(admin_user)
    assert client.get(COUNCIL_URL).status_code == 200
    assert client.get("/councils/301/").status_code == 200
    assert client.get(REGION_URL).status_code == 200
    assert client.get("/region/london/").status_code == 200


def test_no_role_user_is_refused_everywhere(login, no_role_user):
    client = login(no_role_user)
    for url in (COUNCIL_URL, REGION_URL, COUNCIL_API, REGION_API):
        assert client.get(url).status_code == 403, url


def test_regional_lead_sees_the_region_ranked_with_charts(login, lead, accepted_return):
    response = login(lead).get(REGION_URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "East of England" in page and 'id="councils-table"' in page
    assert "Turnover rate (FTE) by council" in page
    assert "Turnover rate (FTE) by council, 2017 to 2025" in page  # every council's trend, small multiples
    assert page.count('class="app-chart"') >= 2
    for name in ("Bedford", "Cambridgeshire", "Essex", "Thurrock"):
        assert name in page
    assert "SW873" not in page
    ranked = login(lead).get(REGION_URL, {"measure": "agency_rate_fte", "year": "2024"}).content.decode()
    assert "Agency worker rate (FTE) by council, 2024" in ranked


def test_region_is_refused_to_other_leads_and_councils_of_other_regions(
    login, other_lead, far_council, make_user, councils
):
    london_analyst = make_user("analyst.301", "council_analyst", council=far_council)
    for user in (other_lead, london_analyst):
        client = login(user)
        assert client.get(REGION_URL).status_code == 403
        assert client.get(f"{REGION_URL}?format=xlsx").status_code == 403
        assert client.get(REGION_API).status_code == 403


def test_council_users_see_their_own_region_with_their_council_highlighted(login, other_analyst):
    page = login(other_analyst).get(REGION_URL).content.decode()
    assert "Bedford (your council)" in page


def test_region_suppresses_small_numbers_from_accepted_returns(login, lead, other_council, other_analyst):
    accept_file(
        other_council, xml_bytes(clean_return("822", 2024, workers=4)), other_analyst, filename="small.xml"
    )
    data = login(lead).get(REGION_API).json()
    year = next(y for y in data["years"] if y["time_period"] == 2024)
    bedford = next(c for c in year["councils"] if c["old_la_code"] == "822")
    assert bedford["source"] == "accepted return"
    assert bedford["measures"]["inpost_headcount"] == "c"
    others = [c for c in year["councils"] if c["old_la_code"] != "822"]
    assert {c["source"] for c in others} == {"published statistics"}
    assert data["suppression_threshold"] == 5
    book = workbook(login(lead).get(REGION_URL, {"format": "xlsx"}))
    rows = list(book["Councils by year"].iter_rows(values_only=True))
    header = rows[0]
    bedford_row = next(r for r in rows[1:] if r[header.index("old_la_code")] == "822" and r[0] == 2024)
    assert bedford_row[header.index("inpost_headcount")] == "c"


def test_api_refuses_anonymous_with_401_json(client, councils):
    for url in (COUNCIL_API, REGION_API):
        response = client.get(url)
        assert response.status_code == 401
        assert response.json() == {"error": "sign in at /accounts/login/ first"}


def test_api_scoping_matches_the_pages(login, other_analyst, lead, analyst, accepted_return):
    assert login(other_analyst).get(COUNCIL_API).status_code == 403
    assert login(lead).get(COUNCIL_API).status_code == 403
    assert login(analyst).get(COUNCIL_API).status_code == 200
    assert login(analyst).get(REGION_API).status_code == 200
    assert login(lead).get(REGION_API).status_code == 200
    assert login(analyst).post(COUNCIL_API).status_code in (403, 405)


def test_dashboards_are_structurally_accessible(login, analyst, lead, accepted_return):
    from tests.integration.web.test_page_accessibility import _check  # noqa: PLC0415 - shared checker

    _check(login(analyst).get(COUNCIL_URL))
    _check(login(analyst).get(COUNCIL_URL, {"by": "sex"}))
    _check(login(lead).get(REGION_URL))
    _check(login(lead).get(REGION_URL, {"measure": "caseload_fte", "year": "2024"}))


@pytest.mark.django_db
def test_the_region_reads_only_each_councils_latest_version(
    council, other_council, region, analyst, other_analyst
):
    first = accept_file(council, xml_bytes(clean_return("873", 2024)), analyst, filename="v1.xml")
    second = accept_file(
        council, xml_bytes(clean_return("873", 2024, workers=18)), analyst, filename="v2.xml", reason="r"
    )
    older_year = accept_file(council, xml_bytes(clean_return("873", 2023)), analyst, filename="2023.xml")
    neighbour = accept_file(
        other_council, xml_bytes(clean_return("822", 2024)), other_analyst, filename="822.xml"
    )

    current = {key[0] for key in region_keys(region)}  # (pk, council, year, version, sha256)

    assert second.version > first.version
    assert current == {second.pk, older_year.pk, neighbour.pk}
