"""In Chromium: open a council's forecast, run a scenario, see the comparison, download the Excel;
and a regional lead's ranking. Uses webcore's fixtures (tests/browser/conftest.py)."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.web]


def test_run_a_scenario_compare_and_download(
    demo_site: str, page: Any, sign_in: Callable[..., None], screenshot: Callable[[Any, str], Path]
) -> None:
    sign_in(page, demo_site, "analyst.873", "/councils/873/forecast/")
    expect(page.get_by_role("heading", name="Social worker forecast")).to_be_visible()
    expect(page.get_by_text("your accepted census returns (2024 to 2025)").first).to_be_visible()
    expect(page.locator("svg[role=img]")).to_have_count(5)
    expect(page.locator("#comparison-table")).to_have_count(0)

    page.get_by_label("Scenario name").fill("keep more")
    page.get_by_label("Fewer leavers (%)").fill("20")
    page.get_by_label("Extra newly qualified social workers each September (FTE)").fill("5")
    page.get_by_label("Months ahead").fill("24")
    page.get_by_label("Simulated futures").fill("300")
    page.get_by_role("button", name="Run the scenario").click()

    expect(page.get_by_role("heading", name="keep more compared with the baseline")).to_be_visible()
    rows = page.locator("#comparison-table tbody tr")
    expect(rows).to_have_count(4)  # baseline and scenario at two Septembers
    expect(rows.nth(1)).to_contain_text("keep more")
    expect(page.locator("svg[role=img] g.app-chart__fan[data-series='keep more']")).to_have_count(5)
    screenshot(page, "forecast-scenario-comparison")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the forecast as Excel").click()
    download = download_info.value
    assert download.suggested_filename == "forecast-873-2025.xlsx"
    book = load_workbook(io.BytesIO(Path(download.path()).read_bytes()), read_only=True)
    assert "Monthly keep more" in book.sheetnames
    items = dict(book["Inputs and provenance"].iter_rows(values_only=True))
    assert items["months"] == 24 and items["simulations"] == 300
    assert items["run.data"] == "your accepted census returns (2024 to 2025)"


def test_scenario_error_is_shown_govuk_style(live_site: str, page: Any, sign_in: Callable[..., None]) -> None:
    sign_in(page, live_site, "analyst.873", "/councils/873/forecast/")
    page.get_by_label("Fewer leavers (%)").fill("lots")
    page.get_by_role("button", name="Run the scenario").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Fewer leavers (%): Enter a number.")
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("Fewer leavers (%)")).to_be_focused()


def test_regional_lead_sees_the_ranking(live_site: str, page: Any, sign_in: Callable[..., None]) -> None:
    from csc_workforce.web.forecasts.region import precompute_region  # noqa: PLC0415 - needs the app registry
    from csc_workforce.web.orgs.models import Region  # noqa: PLC0415

    precompute_region(Region.objects.get(slug="east-of-england"), sims=200)
    sign_in(page, live_site, "lead.east-of-england", "/region/east-of-england/forecast/")
    expect(page.get_by_role("heading", name="Regional social worker forecast")).to_be_visible()
    expect(page.locator("#region-ranking tbody tr")).to_have_count(11)
