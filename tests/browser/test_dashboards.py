"""The dashboards in Chromium: a council analyst sees charts and downloads a table; the regional
lead sees every council side by side; an analyst of another council is refused."""

from __future__ import annotations

import io

import openpyxl
import pytest

pytestmark = [pytest.mark.browser, pytest.mark.web]


def test_analyst_sees_the_dashboard_and_downloads_a_table(page, demo_site, sign_in, screenshot):
    sign_in(page, demo_site, "analyst.873", "/councils/873/")
    assert page.url.endswith("/councils/873/")
    assert page.get_by_role("heading", name="Workforce dashboard").is_visible()
    assert page.get_by_text("Accepted census returns: 2024, 2025.").is_visible()
    charts = page.locator("svg.app-chart")
    assert charts.count() == 6
    assert charts.first.is_visible()
    # each chart is an image named by its title, with its figures a click away as a table
    assert page.get_by_role("img", name="Turnover rate (FTE), 2017 to 2025").is_visible()
    page.locator("#figure-turnover_rate_fte summary").click()
    assert page.locator("#figure-turnover_rate_fte table").is_visible()
    screenshot(page, "dashboard-council-873")

    with page.expect_download() as download_info:
        page.locator("#comparison").locator("xpath=following-sibling::p[1]").get_by_role(
            "link", name="Download this table (Excel)"
        ).click()
    download = download_info.value
    assert download.suggested_filename == "dashboard-873-comparison.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(download.path().read_bytes()))
    assert book.sheetnames == ["Comparison"]
    header = [cell.value for cell in book["Comparison"][1]]
    assert header[:3] == ["time_period", "measure", "name"]
    assert book["Comparison"].max_row > 20

    # the breakdown form keeps the keyboard user's choice
    page.get_by_label("Break down by").select_option("age_band")
    page.locator("#breakdown").locator("xpath=following-sibling::form[1]").get_by_role(
        "button", name="Show"
    ).click()
    assert page.locator("#breakdown-table").get_by_text("Age band").is_visible()


def test_regional_lead_sees_the_region_side_by_side(page, demo_site, sign_in, screenshot):
    sign_in(page, demo_site, "lead.east-of-england", "/region/east-of-england/")
    assert page.get_by_role("heading", name="East of England", exact=True).is_visible()
    table = page.locator("#councils-table")
    assert (
        table.locator("tbody tr").count() == 11 + 3
    )  # councils, then region (published and returns), England
    assert page.get_by_role("img", name="Turnover rate (FTE) by council, 2025").is_visible()
    page.get_by_label("Rank councils by").select_option("agency_rate_fte")
    page.get_by_role("button", name="Show").click()
    assert page.get_by_role("img", name="Agency worker rate (FTE) by council, 2025").is_visible()
    screenshot(page, "dashboard-region-east-of-england")
    # the lead never reaches a council's own dashboard
    response = page.goto(f"{demo_site}/councils/873/")
    assert response is not None and response.status == 403


def test_another_councils_analyst_is_refused(page, demo_site, sign_in):
    sign_in(page, demo_site, "analyst.822", "/")
    response = page.goto(f"{demo_site}/councils/873/")
    assert response is not None and response.status == 403
    response = page.goto(f"{demo_site}/api/councils/873/measures")
    assert response is not None and response.status == 403
