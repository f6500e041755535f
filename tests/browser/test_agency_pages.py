"""The region's agency compliance report and a council's agency page, in Chromium."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from csc_workforce.web.agency import services
from csc_workforce.web.agency.demo import load_demo_agency_data
from csc_workforce.web.agency.models import EngagementRegister
from csc_workforce.web.orgs.models import Region

pytestmark = [pytest.mark.browser, pytest.mark.web]


@pytest.fixture
def agency_site(demo_site: str) -> str:
    """The demo region with synthetic engagement registers and illustrative caps, as the demo has."""
    region = Region.objects.get(slug="east-of-england")
    assert load_demo_agency_data(region, seed=1) == 11
    return demo_site


def _expected_by_council() -> dict[str, tuple[int, int]]:
    """(engagements, engagements with a breach) per council, from the services the page uses."""
    region = Region.objects.get(slug="east-of-england")
    engagements = services.region_engagements(services.region_registers(region))
    check = services.run_check(region, engagements)
    start, end = services.default_period(engagements, date.today())
    report = services.compliance_report(check, region, start, end)
    return {
        row["la_name"]: (row["engagements"], row["engagements_with_breach"])
        for row in report.by_council.iter_rows(named=True)
    }


def test_regional_lead_sees_breaches_per_council(
    agency_site: str, page: Any, sign_in: Callable[..., None], screenshot: Callable[[Any, str], Path]
) -> None:
    expected = _expected_by_council()
    assert sum(breached for _, breached in expected.values()) > 0

    sign_in(page, agency_site, "lead.east-of-england", "/region/east-of-england/agency/")
    expect(page.get_by_role("heading", name="Agency compliance", exact=True)).to_be_visible()
    table = page.locator("#by-council")
    expect(table.locator("caption")).to_have_text("Breaches and approved exceptions by council")
    headings = [text.strip() for text in table.locator("thead th").all_inner_texts()]
    assert headings[:3] == ["Council", "Engagements", "Engagements with a breach"]
    shown = {}
    for row in table.locator("tbody tr").all():
        cells = [text.strip() for text in row.locator("th, td").all_inner_texts()]
        shown[cells[0]] = (int(cells[1].replace(",", "")), int(cells[2].replace(",", "")))
    assert shown == expected
    expect(page.locator("#region-summary")).to_contain_text("Breaches")
    expect(page.locator("#chart-agency-cost-per-quarter-title")).to_have_text("Agency cost per quarter")
    # Aggregates only: no engagement ids or SWE numbers anywhere on the page (its text, tables,
    # charts' labels; not the random CSRF token, which may hold "SW" by chance).
    content = page.locator("body").inner_text()
    assert "E873-" not in content and "SW" not in content.replace("SWE", "")
    screenshot(page, "agency-region-compliance-report")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download Excel").click()
    assert download.value.suggested_filename.endswith(".xlsx")


def test_council_sees_its_findings_and_a_bad_register_changes_nothing(
    agency_site: str,
    page: Any,
    sign_in: Callable[..., None],
    screenshot: Callable[[Any, str], Path],
    tmp_path: Path,
) -> None:
    before = list(EngagementRegister.objects.filter(council__la_code="873").values_list("pk", flat=True))
    sign_in(page, agency_site, "analyst.873", "/councils/873/agency/")
    expect(page.get_by_role("heading", name="Agency engagements")).to_be_visible()
    expect(page.locator("#agency-summary")).to_contain_text("Judged by the rules")
    screenshot(page, "agency-council-page")

    bad = tmp_path / "register.csv"
    bad.write_text(
        "engagement_id,la_code,agency,swe_no,role,start_date,end_date,hourly_rate,agency_fee_hourly,"
        "hours_per_week,qualified_date,references_both_ways,project_team,project_team_workers_named,"
        "cap_exception_approved\n"
        "X1,873,Acme,SW123,wizard,2025-01-01,,40,4,37,2015-01-01,yes,no,,no\n",
        encoding="utf-8",
    )
    page.get_by_label("Engagement register (CSV or XLSX)").set_input_files(str(bad))
    page.get_by_role("button", name="Upload and check").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("was not imported: nothing was changed")
    expect(summary).to_contain_text("row 2 (engagement_id X1): column role")
    screenshot(page, "agency-council-refused-register")
    after = list(EngagementRegister.objects.filter(council__la_code="873").values_list("pk", flat=True))
    assert after == before
