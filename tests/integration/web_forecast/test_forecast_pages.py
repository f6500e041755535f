"""Forecast pages through the Django test client: per role, scenarios, errors and exports."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from typing import Any
from urllib.parse import urlencode

import pytest
from openpyxl import load_workbook

from csc_workforce.web.audit.models import AuditEvent
from csc_workforce.web.forecasts.models import RegionForecast
from csc_workforce.web.forecasts.region import precompute_region
from csc_workforce.web.orgs.models import Region
from tests.web_fixtures.jobs import file_from_job

pytestmark = [pytest.mark.integration, pytest.mark.web, pytest.mark.django_db]
PAGE = "/councils/873/forecast/"
SCENARIO = {
    "run": "1",
    "name": "keep more",
    "retention_improvement": "20",
    "extra_newly_qualified_fte": "5",
    "caseload_cap": "",
    "agency_conversion_fte": "10",
    "conversion_months": "6",
    "months": "24",
    "sims": "300",
    "seed": "7",
}


def svgs(html: str) -> list[ET.Element]:
    chunks = html.split("<svg")[1:]
    return [ET.fromstring("<svg" + chunk.split("</svg>")[0] + "</svg>") for chunk in chunks]


def test_analyst_sees_fan_charts_from_published_statistics(login: Any, analyst: Any) -> None:
    response = login(analyst).get(PAGE)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Social worker forecast" in html
    assert "DfE published statistics (to 30 September 2025)" in html
    charts = svgs(html)
    assert len(charts) == 5  # caseload vs standard, FTE in post vs demand, agency, vacancies, cost
    assert all(c.attrib["role"] == "img" for c in charts)
    assert "Show the figures as a table" in html
    assert 'id="run-seed">20170930<' in html
    assert "comparison-table" not in html
    # No standard set: the baseline's risk at each 30 September for a range of standards, at once.
    risk = html.split('id="risk-table"')[1].split("</table>")[0]
    assert [f">{s}" in risk for s in ("15", "18", "20", "22")] == [True] * 4
    assert "No caseload standard is set" in html
    assert risk.count("<td") == 4 * 3  # four standards x three Septembers


def test_accepted_census_history_is_used_when_there_is_one(
    login: Any, analyst: Any, accepted_return: Any
) -> None:
    html = login(analyst).get(PAGE).content.decode()
    assert "your accepted census returns (2024)" in html


def test_scenario_is_compared_side_by_side_with_the_baseline(login: Any, manager: Any) -> None:
    response = login(manager).get(PAGE, SCENARIO)
    assert response.status_code == 200
    html = response.content.decode()
    assert "keep more compared with the baseline" in html
    table = html.split('id="comparison-table"')[1].split("</table>")[0]
    assert table.count("<tr") == 1 + 2 * 2  # header + (baseline, scenario) x two Septembers
    fans = svgs(html)[0].findall(".//{http://www.w3.org/2000/svg}g[@class='app-chart__fan']")
    assert [g.attrib["data-series"] for g in fans] == ["baseline", "keep more"]
    assert 'id="run-seed">7<' in html
    assert 'value="keep more"' in html  # the form keeps what was entered


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("retention_improvement", "abc", "Enter a number"),
        ("retention_improvement", "95", "less than or equal to 90"),
        ("months", "48", "less than or equal to 36"),
        ("sims", "1000000", "less than or equal to 5000"),
        ("caseload_cap", "2", "greater than or equal to 5"),
        ("name", "baseline", "other than ‘baseline’"),
    ],
)
def test_scenario_errors_are_shown_govuk_style(
    login: Any, analyst: Any, field: str, value: str, message: str
) -> None:
    response = login(analyst).get(PAGE, {**SCENARIO, field: value})
    assert response.status_code == 400
    html = response.content.decode()
    assert "<title>Error: " in html
    summary = html.split('class="govuk-error-summary"')[1].split("</ul>")[0]
    assert f'href="#id_{field}"' in summary
    assert message in summary
    assert f'id="id_{field}-error" class="govuk-error-message"' in html
    assert "govuk-input--error" in html
    assert len(svgs(html)) == 5  # the baseline is still shown


def test_excel_export_holds_what_is_on_screen_and_is_audited(login: Any, analyst: Any) -> None:
    response = login(analyst).get("/councils/873/forecast/export.xlsx", SCENARIO)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="forecast-873-2025.xlsx"'
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert "Monthly keep more" in book.sheetnames
    items = dict(book["Inputs and provenance"].iter_rows(values_only=True))
    assert items["seed"] == 7 and items["simulations"] == 300 and items["months"] == 24
    event = AuditEvent.objects.filter(action="export_forecast").get()
    assert event.la_code == "873" and event.detail["format"] == "xlsx"


def test_pdf_export(login: Any, analyst: Any) -> None:
    client, plan = login(analyst), {**SCENARIO, "months": "12"}
    assert client.get("/councils/873/forecast/export.pdf", plan)["Location"].startswith(f"{PAGE}?run=1")
    response = file_from_job(client, "/councils/873/forecast/export-pdf/prepare/", {"query": urlencode(plan)})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_unknown_export_format_is_404(login: Any, analyst: Any) -> None:
    assert login(analyst).get("/councils/873/forecast/export.csv").status_code == 404


@pytest.mark.parametrize(
    ("user", "path", "status"),
    [
        ("other_analyst", PAGE, 403),
        ("other_analyst", "/councils/873/forecast/export.xlsx", 403),
        ("lead", PAGE, 403),  # regional leads see the region's page, not a council's own
        ("analyst", "/councils/999/forecast/", 404),
        ("analyst", "/region/east-of-england/forecast/", 403),
        ("other_lead", "/region/east-of-england/forecast/", 403),
        ("other_lead", "/region/east-of-england/forecast/export.xlsx", 403),
        ("lead", "/region/nowhere/forecast/", 404),
        ("no_role_user", PAGE, 403),
    ],
)
def test_access_is_scoped_by_policy(
    request: pytest.FixtureRequest, login: Any, user: str, path: str, status: int
) -> None:
    assert login(request.getfixturevalue(user)).get(path).status_code == status


def test_anonymous_users_are_sent_to_sign_in(client: Any, council: Any) -> None:
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")


def test_admin_sees_any_council(login: Any, admin_user: Any) -> None:
    assert login(admin_user).get("/councils/301/forecast/").status_code == 200


def test_regional_page_reads_a_precomputed_forecast_and_never_computes_one(login: Any, lead: Any) -> None:
    before = login(lead).get("/region/east-of-england/forecast/", {"months": "24"}).content.decode()
    assert "has not been computed yet" in before
    assert not RegionForecast.objects.exists()


def test_regional_lead_sees_councils_ranked_by_shortfall(login: Any, lead: Any) -> None:
    precompute_region(Region.objects.get(slug="east-of-england"), sims=300)
    response = login(lead).get("/region/east-of-england/forecast/", {"months": "24"})
    assert response.status_code == 200
    html = response.content.decode()
    table = html.split('id="region-ranking"')[1].split("</table>")[0]
    rows = table.split("<tbody")[1].split("<tr")[1:]
    assert len(rows) == 11
    shares = [int(r.split('govuk-table__cell--numeric">')[1].split("%")[0]) for r in rows]
    assert shares == sorted(shares, reverse=True)
    assert "SWE" not in html  # council totals only
    assert "Surplus or deficit" in html and "case-holding FTE" in html
    xlsx = login(lead).get("/region/east-of-england/forecast/export.xlsx", {"months": "24"})
    sheet = load_workbook(io.BytesIO(xlsx.content), read_only=True)["Region forecast"]
    data = list(sheet.iter_rows(values_only=True))[1:12]
    assert [r[-2] for r in data] == sorted((r[-2] for r in data), reverse=True)


def test_region_months_must_be_offered(login: Any, lead: Any) -> None:
    response = login(lead).get("/region/east-of-england/forecast/", {"months": "99"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_navigation_links_to_the_forecast(login: Any, analyst: Any, lead: Any) -> None:
    assert 'href="/councils/873/forecast/"' in login(analyst).get(PAGE).content.decode()
    region_page = login(lead).get("/region/east-of-england/forecast/").content.decode()
    assert 'href="/region/east-of-england/forecast/"' in region_page
