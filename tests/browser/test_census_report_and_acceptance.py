"""The analyst's report (summary, filter, download) and acceptance that cannot go wrong: the check
page with a typed reason, query explanations, identical bytes refused, an earlier version restored."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from csc_workforce.core.census.model import CensusReturn, WorkerRecord
from csc_workforce.web.orgs.models import Council
from csc_workforce.web.returns.models import AcceptedReturn
from csc_workforce.web.returns.services import accept_file
from tests.web_fixtures.returns import clean_return, return_with_errors, xlsx_bytes, xml_bytes

pytestmark = [pytest.mark.browser, pytest.mark.web]


def with_queries(census: CensusReturn) -> CensusReturn:
    """Two case holders above 40 cases: one query cause (CSWW-R024 Cases30) on two records."""
    workers = [WorkerRecord(w.position, {k: list(v) for k, v in w.items.items()}) for w in census.workers]
    workers[0].items["Cases30"] = ["55"]
    workers[1].items["Cases30"] = ["61"]
    return replace(census, workers=workers)


def upload(page: Any, base: str, path: Path) -> None:
    page.goto(f"{base}/councils/873/submissions/new/")
    page.get_by_label("Census file").set_input_files(str(path))
    page.get_by_role("button", name="Upload and check").click()
    expect(page.get_by_role("heading", name="Validation report")).to_be_visible()


def test_report_summary_filter_and_download(
    live_site: str, page: Any, sign_in: Callable[..., None], tmp_path: Path
) -> None:
    broken = tmp_path / "873-2026.xlsx"
    broken.write_bytes(xlsx_bytes(with_queries(return_with_errors("873", 2026))))
    sign_in(page, live_site, "analyst.873", "/councils/873/submissions/new/")
    upload(page, live_site, broken)
    expect(page.locator("#report-summary")).to_have_text("2 errors, 2 queries")
    summary = page.locator("#report-summary-table")
    expect(summary.locator("tbody tr").first).to_contain_text("Error")
    expect(summary).to_contain_text("CSWW-R024 Cases30")
    expect(summary).to_contain_text("1, 2")
    rows = page.locator("#report-issues tbody tr")
    expect(rows.first).to_contain_text("Error")  # errors first
    expect(rows).to_have_count(4)

    page.get_by_role("link", name="Queries", exact=True).click()
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("CSWW-R024")
    expect(rows.first).to_contain_text("Workers!")
    expect(page.locator("#report-issues")).not_to_contain_text("CSWW-R022")

    page.get_by_role("link", name="CSWW-R022 FTE").click()
    expect(rows.first).to_contain_text("7.5")

    with page.expect_download() as info:
        page.get_by_role("link", name="Excel workbook").click()
    saved = tmp_path / "report.xlsx"
    info.value.save_as(saved)
    workbook = openpyxl.load_workbook(saved, read_only=True)
    assert workbook.sheetnames[:2] == ["Summary", "Problems"]
    problems = list(workbook["Problems"].iter_rows(values_only=True))
    assert any("Workers!C2" in [str(v) for v in row] for row in problems)
    with page.expect_download() as info:
        page.get_by_role("link", name="CSV").click()
    text = Path(info.value.path()).read_text()
    assert text.splitlines()[0].startswith("Severity,Rule,Record")
    assert "CSWW-R024" in text


def test_check_reason_explanations_identical_bytes_and_restore(
    live_site: str,
    page: Any,
    sign_in: Callable[..., None],
    screenshot: Callable[[Any, str], Path],
    tmp_path: Path,
) -> None:
    council = Council.objects.get(la_code="873")
    loader = get_user_model().objects.get(username="admin")
    first = accept_file(council, xml_bytes(clean_return("873", 2026, workers=24)), loader, filename="v1.xml")
    small = tmp_path / "873-2026-small.xml"
    small.write_bytes(xml_bytes(with_queries(clean_return("873", 2026, workers=6))))

    sign_in(page, live_site, "analyst.873", "/councils/873/submissions/new/")
    upload(page, live_site, small)
    page.get_by_role("button", name="Check and accept this return").click()
    expect(page.get_by_role("heading", name="Check before accepting")).to_be_visible()
    changes = page.locator("#changes")
    expect(changes).to_contain_text("Social workers in post (FTE)")
    expect(changes).to_contain_text("Worker records")
    expect(page.locator("#large-change")).to_contain_text("changes by")
    screenshot(page, "check-before-accepting-large-change")

    page.get_by_role("button", name="Accept this return").click()  # no reason typed: refused
    expect(page.get_by_text("Type a reason to accept it anyway")).to_be_visible()
    assert AcceptedReturn.objects.filter(council=council, year=2026).count() == 1

    page.get_by_label("Why is this right?").fill("Children's services split; 18 posts moved to the trust")
    page.get_by_label("CSWW-R024 Cases30", exact=False).fill("Two specialist court workers")
    page.get_by_role("button", name="Accept this return").click()
    expect(page.get_by_text("return is accepted (version 2)")).to_be_visible()
    second = AcceptedReturn.objects.get(council=council, year=2026, version=2)
    assert second.reason.startswith("Children's services split")
    assert second.explanations == {"CSWW-R024 Cases30": "Two specialist court workers"}

    page.goto(f"{live_site}/councils/873/submissions/")
    history = page.locator("#accepted-returns")
    expect(history).to_contain_text("Reason: Children's services split")
    history.get_by_text("1 explanation of queries").click()
    expect(history).to_contain_text("Two specialist court workers")

    upload(page, live_site, small)  # the same bytes again
    page.get_by_role("button", name="Check and accept this return").click()
    expect(page.locator("#identical")).to_contain_text("identical to version 2")
    expect(page.get_by_role("button", name="Accept this return")).to_have_count(0)

    page.goto(f"{live_site}/councils/873/submissions/")
    page.get_by_role("button", name="Restore version 1 of 2026").click()
    expect(page.get_by_text("return is accepted (version 3)")).to_be_visible()
    third = AcceptedReturn.objects.get(council=council, year=2026, version=3)
    assert third.sha256 == first.sha256
    assert third.restored_from_id == first.pk
    assert AcceptedReturn.objects.filter(council=council, year=2026).count() == 3
    first.refresh_from_db()
    assert first.version == 1
    page.goto(f"{live_site}/councils/873/submissions/")
    expect(page.locator("#accepted-returns")).to_contain_text("Restored from version 1")
