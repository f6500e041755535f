"""Priya's October: upload a return with errors, read the report, upload the fixed one, accept it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from csc_workforce.web.returns.models import AcceptedReturn
from tests.web_fixtures.fixtures import PASSWORD
from tests.web_fixtures.jobs import run_queued_jobs
from tests.web_fixtures.returns import clean_return, return_with_errors, xlsx_bytes, xml_bytes

pytestmark = [pytest.mark.browser, pytest.mark.web]


def test_upload_fix_and_accept(
    live_site: str,
    page: Any,
    sign_in: Callable[..., None],
    screenshot: Callable[[Any, str], Path],
    tmp_path: Path,
) -> None:
    broken = tmp_path / "cambridgeshire-2024.xlsx"
    broken.write_bytes(xlsx_bytes(return_with_errors("873", 2024)))
    fixed = tmp_path / "cambridgeshire-2024-fixed.xml"
    fixed.write_bytes(xml_bytes(clean_return("873", 2024)))

    sign_in(page, live_site, "analyst.873", "/councils/873/submissions/new/")
    expect(page.get_by_role("heading", name="Upload a census return")).to_be_visible()

    page.get_by_label("Census file").set_input_files(str(broken))
    page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_role("heading", name="Validation report")).to_be_visible()
    expect(page.locator("#report-summary")).to_have_text("2 errors, 0 queries")
    expect(page.get_by_role("heading", name="Summary")).to_be_visible()
    expect(page.get_by_role("cell", name="7.5", exact=True)).to_be_visible()
    expect(page.get_by_role("cell", name="Workers!C2", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Accept this return")).to_have_count(0)
    screenshot(page, "submission-report-with-errors")
    assert not AcceptedReturn.objects.exists()

    page.get_by_role("link", name="Upload another file").click()
    page.get_by_label("Census file").set_input_files(str(fixed))
    page.get_by_role("button", name="Upload and check").click()
    expect(page.locator("#report-summary")).to_have_text("0 errors, 0 queries")
    page.get_by_role("button", name="Check and accept this return").click()
    expect(page.get_by_role("heading", name="Check before accepting")).to_be_visible()
    page.get_by_role("button", name="Accept this return").click()

    expect(page.get_by_text("return is accepted (version 1)")).to_be_visible()
    assert "/councils/873/" in page.url
    assert AcceptedReturn.objects.filter(council__la_code="873", year=2024).count() == 1
    screenshot(page, "accepted-return-council-page")


def test_a_large_upload_is_checked_in_the_background_and_its_page_becomes_the_report(
    live_site: str,
    page: Any,
    sign_in: Callable[..., None],
    screenshot: Callable[[Any, str], Path],
    tmp_path: Path,
    settings: Any,
) -> None:
    settings.CSCW_INLINE_CHECK_BYTES = 1024  # the live server runs in this process
    large = tmp_path / "cambridgeshire-2024.xml"
    large.write_bytes(xml_bytes(clean_return("873", 2024)))
    assert large.stat().st_size > settings.CSCW_INLINE_CHECK_BYTES

    sign_in(page, live_site, "analyst.873", "/councils/873/submissions/new/")
    page.get_by_label("Census file").set_input_files(str(large))
    page.get_by_role("button", name="Upload and check").click()
    expect(page.locator("#checking")).to_contain_text("being checked in the background")
    expect(page.locator("#check-state")).to_have_text("Waiting to start")
    expect(page.get_by_role("link", name="See the job")).to_be_visible()
    screenshot(page, "submission-being-checked")
    submission_page = page.url
    # The worker runs the check in this process while no page is loading (see run_queued_jobs).
    page.goto("about:blank")
    assert run_queued_jobs() == 1
    page.goto(submission_page)
    expect(page.locator("#report-summary")).to_have_text("0 errors, 0 queries")
    page.get_by_role("button", name="Check and accept this return").click()
    page.get_by_role("button", name="Accept this return").click()
    expect(page.get_by_text("return is accepted (version 1)")).to_be_visible()
    assert AcceptedReturn.objects.filter(council__la_code="873", year=2024).count() == 1


def test_keyboard_user_can_sign_in(live_site: str, page: Any) -> None:
    page.goto(f"{live_site}/councils/873/submissions/")
    expect(page.get_by_role("heading", name="Sign in")).to_be_visible()
    page.get_by_label("Username").focus()
    page.keyboard.type("analyst.873")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Census returns")).to_be_visible()


def test_a_hostile_file_is_refused_with_a_message_naming_it(
    live_site: str, page: Any, sign_in: Callable[..., None], tmp_path: Path
) -> None:
    hostile = tmp_path / "hostile.xml"
    hostile.write_bytes(
        b'<?xml version="1.0"?><!DOCTYPE m [<!ENTITY x SYSTEM "file:///etc/passwd">]><m>&x;</m>'
    )
    sign_in(page, live_site, "analyst.873", "/councils/873/submissions/new/")
    page.get_by_label("Census file").set_input_files(str(hostile))
    page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_role("heading", name="The file could not be read")).to_be_visible()
    expect(page.locator("#unreadable-message")).to_contain_text("hostile.xml: the file contains a DOCTYPE")
    assert not AcceptedReturn.objects.exists()


def test_no_file_chosen_shows_a_govuk_error(live_site: str, page: Any, sign_in: Callable[..., None]) -> None:
    sign_in(page, live_site, "analyst.873", "/councils/873/submissions/new/")
    page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.get_by_role("link", name="Select a census file to upload")).to_be_visible()
    assert page.title().startswith("Error:")
