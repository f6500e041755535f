"""The staff-sharing journey in Chromium: the regional lead proposes loans (a background job: the
job's page refreshes itself until the proposals are ready), both councils accept one, the
agreement is listed for the region and the loan shows in both councils' forecasts."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from csc_workforce.web.sharing.models import Loan
from tests.web_fixtures.jobs import run_queued_jobs

pytestmark = [pytest.mark.browser, pytest.mark.web]


def _as(browser: Any, base: str, username: str, path: str, sign_in: Callable[..., None]) -> Any:
    page = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-GB").new_page()
    sign_in(page, base, username, path)
    return page


def _accept(page: Any, loan: Loan) -> None:
    row = page.locator("#sharing-proposals tbody tr").filter(has_text=loan.to_council.name)
    row = row.filter(has_text=loan.from_council.name)
    row.get_by_role("button", name="Accept").click()
    page.wait_for_load_state()


def test_lead_proposes_both_councils_accept_and_the_forecasts_include_it(
    live_site: str,
    page: Any,
    browser: Any,
    sign_in: Callable[..., None],
    screenshot: Callable[[Any, str], Path],
) -> None:
    sign_in(page, live_site, "lead.east-of-england", "/region/east-of-england/sharing/")
    expect(page.get_by_role("heading", name="Staff sharing across the region")).to_be_visible()
    page.get_by_label("Months ahead").select_option("6")
    page.get_by_role("button", name="Propose loans").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name="Loan proposals for East of England")).to_be_visible()
    expect(page.locator("#job-running")).to_contain_text("Waiting to start")
    job_page = page.url
    with page.expect_navigation(url=job_page, timeout=10_000):
        pass  # the page refreshes itself, no script needed
    # The worker runs the job in this process while no page is loading (see run_queued_jobs).
    page.goto("about:blank")
    assert run_queued_jobs() == 1
    page.goto(job_page)
    expect(page.locator("#job-done")).to_be_visible()
    screenshot(page, "sharing-proposals-job-done")
    page.get_by_role("link", name="See the result").click()
    page.wait_for_load_state()
    expect(page.locator("#sharing-ledger tbody tr").first).to_be_visible()
    expect(page.locator("#sharing-proposals tbody tr").first).to_contain_text("Proposed")
    screenshot(page, "sharing-region-proposals")

    loan = Loan.objects.select_related("from_council", "to_council").first()
    assert loan is not None
    donor, recipient = loan.from_council, loan.to_council
    lender = _as(
        browser, live_site, f"analyst.{donor.la_code}", f"/councils/{donor.la_code}/sharing/", sign_in
    )
    _accept(lender, loan)
    receiver = _as(
        browser, live_site, f"analyst.{recipient.la_code}", f"/councils/{recipient.la_code}/sharing/", sign_in
    )
    _accept(receiver, loan)
    agreed = receiver.locator("#sharing-agreements tbody tr").filter(has_text=donor.name)
    expect(agreed).to_contain_text("Agreed")
    screenshot(receiver, "sharing-council-agreed")

    page.reload()
    region_agreed = page.locator("#sharing-agreements tbody tr").filter(has_text=recipient.name)
    expect(region_agreed).to_contain_text("Agreed")

    receiver.goto(f"{live_site}/councils/{recipient.la_code}/forecast/")
    expect(receiver.locator("#committed-loans-table")).to_contain_text(f"{loan.fte:+.1f}")
    lender.goto(f"{live_site}/councils/{donor.la_code}/forecast/")
    expect(lender.locator("#committed-loans-table")).to_contain_text(f"{-loan.fte:+.1f}")
    expect(lender.locator("#committed-effect")).to_contain_text("with them")
    lender.context.close()
    receiver.context.close()
