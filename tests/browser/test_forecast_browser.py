"""In Chromium: open a council's forecast, run a scenario, see the comparison, download the Excel."""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.web_fixtures.fixtures import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.web, pytest.mark.django_db(transaction=True)]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def chromium_page() -> Iterator[Any]:
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("Debian's Chromium is not installed (scripts/setup.sh)")
    # Playwright's sync API runs an event loop in this thread; the ORM calls of the fixtures are
    # still synchronous.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
        context = browser.new_context(accept_downloads=True, viewport={"width": 1100, "height": 900})
        try:
            yield context.new_page()
        finally:
            context.close()
            browser.close()


def sign_in(page: Any, base: str, username: str, next_path: str) -> None:
    page.goto(f"{base}/accounts/login/?next={next_path}")
    page.fill('input[name="username"]', username)
    page.fill('input[name="password"]', PASSWORD)
    page.click('button[type="submit"]')
    page.wait_for_url(f"{base}{next_path}")


def test_run_a_scenario_compare_and_download(live_server: Any, analyst: Any, chromium_page: Any) -> None:
    page, base = chromium_page, live_server.url
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    sign_in(page, base, "analyst.873", "/councils/873/forecast/")
    assert page.locator("h1").inner_text() == "Social worker forecast"
    assert page.locator("svg[role=img]").count() == 4
    assert page.locator("#comparison-table").count() == 0

    page.fill("#id_name", "keep more")
    page.fill("#id_retention_improvement", "20")
    page.fill("#id_extra_newly_qualified_fte", "5")
    page.fill("#id_months", "24")
    page.fill("#id_sims", "300")
    page.click("button[name=run]")
    page.wait_for_selector("#comparison-table")
    assert "keep more compared with the baseline" in page.locator("#comparison").inner_text()
    rows = page.locator("#comparison-table tbody tr")
    assert rows.count() == 4
    assert "keep more" in rows.nth(1).inner_text()
    legend = page.locator("svg[role=img]").first.inner_html()
    assert 'data-series="keep more"' in legend
    page.screenshot(path=str(ARTIFACTS / "forecast-scenario.png"), full_page=True)

    with page.expect_download() as download_info:
        page.click("#download-xlsx")
    download = download_info.value
    assert download.suggested_filename == "forecast-873-2025.xlsx"
    book = load_workbook(io.BytesIO(Path(download.path()).read_bytes()), read_only=True)
    assert "Monthly keep more" in book.sheetnames
    items = dict(book["Inputs and provenance"].iter_rows(values_only=True))
    assert items["months"] == 24 and items["simulations"] == 300


def test_scenario_error_is_shown_in_the_browser(live_server: Any, analyst: Any, chromium_page: Any) -> None:
    page, base = chromium_page, live_server.url
    sign_in(page, base, "analyst.873", "/councils/873/forecast/")
    page.fill("#id_retention_improvement", "lots")
    page.click("button[name=run]")
    summary = page.locator(".govuk-error-summary")
    summary.wait_for()
    assert "Fewer leavers (%): Enter a number." in summary.inner_text()
    page.screenshot(path=str(ARTIFACTS / "forecast-error.png"), full_page=False)
