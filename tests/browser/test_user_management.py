"""An administrator adds a council analyst in the browser; the new user signs in with the one-time
password, chooses their own, and lands on their council's dashboard."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from csc_workforce.web.audit.models import AuditEvent

pytestmark = [pytest.mark.browser, pytest.mark.web]

NEW_PASSWORD = "j-smiths-own-passphrase-2026"


def test_admin_adds_an_analyst_who_signs_in_to_their_council(
    live_site: str, page: Any, sign_in: Callable[..., None], screenshot: Callable[[Any, str], Path]
) -> None:
    sign_in(page, live_site, "admin")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Users").click()
    expect(page.get_by_role("heading", name="Users", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="analyst.873", exact=True)).to_be_visible()
    page.get_by_role("button", name="Add a user").click()

    # Nothing chosen: the GOV.UK error summary links to each field.
    page.get_by_role("button", name="Add user").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Enter a username")
    expect(summary).to_contain_text("Select a role")
    screenshot(page, "user-management-errors")

    page.get_by_label("Username").fill("j.smith")
    page.get_by_role("radio", name="Council analyst").check()
    page.get_by_label("Council (for a council analyst or manager)").select_option("873")
    page.get_by_role("button", name="Add user").click()
    expect(page.get_by_role("heading", name="User added")).to_be_visible()
    password = page.locator("#one-time-password").inner_text().strip()
    assert len(password) >= 12
    screenshot(page, "user-management-added")
    assert AuditEvent.objects.filter(action="user_create", detail__account="j.smith").count() == 1

    page.get_by_role("button", name="Sign out").click()
    page.get_by_label("Username").fill("j.smith")
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Change your password")).to_be_visible()
    expect(page.get_by_text("You signed in with a one-time password")).to_be_visible()
    page.get_by_label("Current password").fill(password)
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password again").fill(NEW_PASSWORD)
    screenshot(page, "user-management-first-sign-in")
    page.get_by_role("button", name="Change password").click()
    page.wait_for_load_state()
    expect(page).to_have_url(re.compile(r"/councils/873/$"))
    expect(page.get_by_text("Your password has been changed")).to_be_visible()
    expect(page.locator(".cscw-header__user")).to_contain_text("j.smith · Council analyst")
    expect(page.get_by_role("link", name="Users")).to_have_count(0)
    screenshot(page, "user-management-new-user-dashboard")
