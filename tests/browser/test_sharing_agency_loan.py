"""An agency loan in Chromium: the lender picks agency workers from its own register, sees what each
would breach at the receiver, accepts with a reason; the receiver sees counts by rule only and
accepts with its reason; the loan is agreed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from csc_workforce.web.orgs.models import Council, Region
from tests.integration.web_sharing.test_agency_loans import SECRET_IDS, make_flagged_loan

pytestmark = [pytest.mark.browser, pytest.mark.web]


def test_the_lender_names_agency_workers_and_both_sides_give_reasons(
    live_site: str,
    page: Any,
    browser: Any,
    sign_in: Callable[..., None],
    screenshot: Callable[[Any, str], Path],
) -> None:
    loan = make_flagged_loan(
        Council.objects.get(la_code="873"),
        Council.objects.get(la_code="822"),
        Region.objects.get(slug="east-of-england"),
        get_user_model().objects.get(username="admin"),
    )
    sign_in(page, live_site, "analyst.873", "/councils/873/sharing/")
    row = page.locator("#sharing-proposals tbody tr").filter(has_text=loan.to_council.name)
    row.get_by_label("Agency workers from your engagement register").check()
    expect(row.get_by_label("ENG-OVER", exact=False)).to_have_accessible_name(
        "ENG-OVER: social worker, Acme Locums, £42.50 an hour would breach: price cap (£2.50 an hour over)"
    )
    row.get_by_label("ENG-OVER", exact=False).check()
    row.get_by_label("ENG-FINE", exact=False).check()
    row.get_by_role("button", name="Accept").click()
    page.wait_for_load_state()
    expect(page.locator(".govuk-error-summary")).to_contain_text("give your reason")
    row = page.locator("#sharing-proposals tbody tr").filter(has_text=loan.to_council.name)
    row.get_by_label("Agency workers from your engagement register").check()
    row.get_by_label("ENG-OVER", exact=False).check()
    row.get_by_label("ENG-FINE", exact=False).check()
    row.get_by_label("Your reason, if the loan would breach the agency rules").fill("Court cover")
    row.get_by_role("button", name="Accept").click()
    page.wait_for_load_state()
    lent = page.locator("#sharing-proposals tbody tr").filter(has_text=loan.to_council.name)
    expect(lent).to_contain_text("ENG-OVER: would breach: price cap (£2.50 an hour over)")
    screenshot(page, "sharing-agency-loan-lender")

    receiver = browser.new_context(viewport={"width": 1366, "height": 900}, locale="en-GB").new_page()
    sign_in(receiver, live_site, "analyst.822", "/councils/822/sharing/")
    row = receiver.locator("#sharing-proposals tbody tr").filter(has_text=loan.from_council.name)
    expect(row).to_contain_text("2 agency workers")
    expect(row).to_contain_text("price cap: 1 worker")
    for eid in SECRET_IDS:
        expect(receiver.locator("main")).not_to_contain_text(eid)
    row.get_by_label("Your reason, if the loan would breach the agency rules").fill("No one else free")
    row.get_by_role("button", name="Accept").click()
    receiver.wait_for_load_state()
    agreed = receiver.locator("#sharing-agreements tbody tr").filter(has_text=loan.from_council.name)
    expect(agreed).to_contain_text("Agreed")
    screenshot(receiver, "sharing-agency-loan-receiver")
    receiver.context.close()
