"""An administrator finds a refused attempt on worker rows in the audit log, filters it by keyboard
and downloads the filtered events; the page is GOV.UK styled."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from csc_workforce.web.audit.models import AuditEvent

pytestmark = [pytest.mark.browser, pytest.mark.web]


def test_admin_filters_the_audit_log_and_downloads_it(
    live_site: str, page: Any, sign_in: Callable[..., None], screenshot: Callable[[Any, str], Path]
) -> None:
    sign_in(page, live_site, "analyst.822")
    page.goto(f"{live_site}/councils/873/workers/")
    expect(page.get_by_role("heading", name="You do not have access to this page")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, live_site, "admin")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Audit log").click()
    expect(page.get_by_role("heading", name="Audit log", exact=True)).to_be_visible()
    expect(page.locator("link[href*='govuk-frontend.min.css']")).to_have_count(1)

    page.get_by_label("Username").fill("analyst.822")
    page.get_by_label("Action").select_option("access_refused")
    page.get_by_label("Username").focus()
    page.keyboard.press("Enter")  # submits the filters from the keyboard
    page.wait_for_load_state()
    table = page.locator("#audit-events")
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table).to_contain_text("access_refused")
    expect(table).to_contain_text("873")
    expect(page.get_by_role("region", name="Audit events (scrolls sideways)")).to_have_attribute(
        "tabindex", "0"
    )
    screenshot(page, "audit-log-filtered")

    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV").click()
    download = download_info.value
    assert download.suggested_filename == "audit-log.csv"
    text = Path(download.path()).read_text(encoding="utf-8")
    assert text.count("access_refused") == 1
    assert AuditEvent.objects.filter(action="export_audit_log", username="admin").count() == 1
