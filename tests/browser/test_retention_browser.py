"""In Chromium: a council analyst opens the retention page from the navigation, compares groups and
downloads the Excel; a regional lead sees the councils side by side."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

import lifelines  # noqa: F401 - loaded before the live server's first request, as a served app has it
import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.web]
SLOW_MS = 180_000  # the estimators run on first view; the shared test machine can be slow


def test_council_retention_page_compare_groups_and_download(
    demo_site: str, page: Any, sign_in: Callable[..., None], screenshot: Callable[[Any, str], Path]
) -> None:
    page.set_default_timeout(SLOW_MS)
    sign_in(page, demo_site, "analyst.873", "/councils/873/")
    page.get_by_role("link", name="Retention", exact=True).click()
    expect(page.get_by_role("heading", name="Who stays, who leaves, when and to where")).to_be_visible()
    expect(page.locator("svg[role=img]")).to_have_count(2)
    expect(page.locator("#table-survival tbody tr")).to_have_count(1)
    expect(page.locator("#table-hazard_ratios")).to_contain_text("Hazard ratio")
    page.get_by_label("Compare groups by").select_option("age_band")
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#table-survival_by thead")).to_contain_text("Age at start")
    screenshot(page, "retention-council")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the retention tables as Excel").click()
    download = download_info.value
    assert download.suggested_filename == "retention-873.xlsx"
    book = load_workbook(io.BytesIO(Path(download.path()).read_bytes()), read_only=True)
    assert len(book.sheetnames) == 7


def test_regional_lead_sees_councils_side_by_side(
    demo_site: str, page: Any, sign_in: Callable[..., None], screenshot: Callable[[Any, str], Path]
) -> None:
    page.set_default_timeout(SLOW_MS)
    sign_in(page, demo_site, "lead.east-of-england", "/region/east-of-england/")
    page.get_by_role("link", name="Region retention").click()
    expect(page.get_by_role("heading", name="Retention of social workers by council")).to_be_visible()
    expect(page.locator("#table-region tbody tr")).to_have_count(12)  # 11 councils and the region
    expect(page.locator("svg[role=img]")).to_have_count(1)
    screenshot(page, "retention-region")


def test_council_retention_by_team_with_small_teams_suppressed(
    demo_site: str,
    page: Any,
    sign_in: Callable[..., None],
    screenshot: Callable[[Any, str], Path],
    tmp_path: Path,
) -> None:
    from csc_workforce.web.demo import DEMO_YEARS  # noqa: PLC0415 - Django is set up by now
    from csc_workforce.web.staying.demo import load_demo_teams  # noqa: PLC0415

    assert load_demo_teams(tmp_path, "East of England", "873", DEMO_YEARS, 1) > 50
    page.set_default_timeout(SLOW_MS)
    sign_in(page, demo_site, "analyst.873", "/councils/873/retention/")
    teams = page.locator("#table-teams")
    expect(teams).to_contain_text("Assessment North")
    expect(teams.locator("tbody tr").last).to_contain_text("All staff")
    expect(teams.locator("tbody tr", has_text="Disabled Children")).to_contain_text("c")
    expect(page.locator("#no-teams")).to_have_count(0)
    screenshot(page, "retention-teams")
