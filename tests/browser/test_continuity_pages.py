"""The continuity pages in Chromium: a council uploads its SSDA903 tables and reads its figures;
a regional lead sees the councils side by side, small numbers suppressed."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from csc_workforce.web.audit.models import AuditEvent
from csc_workforce.web.continuity import services
from csc_workforce.web.continuity.demo import load_demo_continuity
from csc_workforce.web.orgs.models import Council, Region
from tests.unit.continuity.handmade import EPISODES, HEADER, SOCIAL_WORKERS
from tests.web_fixtures.jobs import run_queued_jobs

pytestmark = [pytest.mark.browser, pytest.mark.web]


def test_council_uploads_its_tables_and_sees_dfe_measure(
    live_site: str,
    page: Any,
    sign_in: Callable[..., None],
    screenshot: Callable[[Any, str], Path],
    tmp_path: Path,
) -> None:
    files = {"episodes": EPISODES, "social_workers": SOCIAL_WORKERS, "header": HEADER}
    for name, text in files.items():
        (tmp_path / f"{name}.csv").write_text(text)
    sign_in(page, live_site, "analyst.873", "/councils/873/continuity/")
    expect(page.get_by_role("heading", name="Continuity for children")).to_be_visible()
    expect(page.locator("#no-tables")).to_be_visible()
    page.get_by_label("Episodes table (CSV)", exact=True).set_input_files(str(tmp_path / "episodes.csv"))
    page.get_by_label("Social worker episodes table (CSV)").set_input_files(
        str(tmp_path / "social_workers.csv")
    )
    page.get_by_label("Header table (CSV, optional: for the breakdown by sex)").set_input_files(
        str(tmp_path / "header.csv")
    )
    page.get_by_role("button", name="Upload and compute").click()
    page.wait_for_load_state()
    expect(page.locator("#share-three-or-more")).to_have_text("14.3%")
    expect(page.locator("#children-looked-after")).to_have_text("7")
    expect(page.locator("#none-recorded")).to_have_text("1")
    rows = [r.strip().split("\t") for r in page.locator("#distribution tbody tr").all_inner_texts()]
    assert [cells[-1] for cells in rows] == ["1", "3", "2", "1"]
    expect(
        page.locator("svg#chart-children-by-number-of-social-workers-year-ending-31-march-2025")
    ).to_be_visible()
    page.get_by_text("Each child looked after on 31 March 2025 (7, pseudonyms only)").click()
    expect(page.locator("#child-rows tbody tr")).to_have_count(7)
    assert "A123456789012" not in page.content()
    screenshot(page, "continuity-council-page")


def test_regional_lead_sees_councils_side_by_side_suppressed(
    demo_site: str, page: Any, sign_in: Callable[..., None], screenshot: Callable[[Any, str], Path]
) -> None:
    region = Region.objects.get(slug="east-of-england")
    assert load_demo_continuity(region, seed=1) == 11
    # One council with only a handful of children: its buckets must be suppressed.
    loader = get_user_model().objects.get(username="admin")
    services.import_tables(
        Council.objects.get(la_code="873"),
        (EPISODES.encode(), "episodes.csv"),
        (SOCIAL_WORKERS.encode(), "sw.csv"),
        None,
        loader,
    )
    sign_in(page, demo_site, "lead.east-of-england", "/region/east-of-england/continuity/?year=2025")
    expect(page.get_by_role("heading", name="Continuity for children across the region")).to_be_visible()
    table = page.locator("#region-continuity")
    shown = {}
    for row in table.locator("tbody tr").all():
        cells = [text.strip() for text in row.locator("th, td").all_inner_texts()]
        shown[cells[0]] = cells[1:]
    assert len(shown) == 11
    assert shown["Cambridgeshire"][:6] == ["7", "c", "c", "c", "c", "c"]
    published = [cells for name, cells in shown.items() if name != "Cambridgeshire" and cells[5] != "c"]
    assert published, "the synthetic councils are large enough to publish their share"
    expect(page.locator("svg[id^='chart-turnover-rate']")).to_be_visible()
    content = page.content()
    assert "pseudonym" not in content.lower() and "14.3" not in content
    screenshot(page, "continuity-region-page")
    assert page.goto(f"{demo_site}/councils/873/continuity/").status == 403


def test_council_prepares_its_continuity_pdf_as_a_job_and_downloads_it(
    live_site: str, page: Any, sign_in: Callable[..., None], screenshot: Callable[[Any, str], Path]
) -> None:
    loader = get_user_model().objects.get(username="admin")
    council = Council.objects.get(la_code="873")
    services.import_tables(
        council, (EPISODES.encode(), "episodes.csv"), (SOCIAL_WORKERS.encode(), "sw.csv"), None, loader
    )
    sign_in(page, live_site, "analyst.873", "/councils/873/continuity/")
    page.get_by_role("button", name="Prepare the PDF").click()
    page.wait_for_load_state()
    expect(page.get_by_role("heading", name="Continuity report for Cambridgeshire")).to_be_visible()
    expect(page.locator("#job-running")).to_contain_text("Waiting to start")
    job_page = page.url
    # The worker runs the job in this process while no page is loading (see run_queued_jobs).
    page.goto("about:blank")
    assert run_queued_jobs() == 1
    page.goto(job_page)
    expect(page.locator("#job-done")).to_be_visible()
    screenshot(page, "continuity-pdf-job-done")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download continuity-873.pdf").click()
    download = download_info.value
    assert download.suggested_filename == "continuity-873.pdf"
    assert Path(download.path()).read_bytes().startswith(b"%PDF")
    assert AuditEvent.objects.filter(action="continuity_export", la_code="873").count() == 1
