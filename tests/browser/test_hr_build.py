"""Build the return from HR data in a browser: suggest, adjust, save, build, accept; next year reuse.

Prints (and writes to test-artifacts/browser/hr-journey-timing.txt) how long each year's journey
takes for the synthetic council's extract of about 300 workers. Not a timed test: nothing asserts
a duration.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from csc_workforce.web.hrbuild.models import HrMappingVersion
from csc_workforce.web.returns.models import AcceptedReturn
from tests.browser.conftest import ARTIFACTS
from tests.integration.web_hrbuild.journey import synthetic_years

pytestmark = [pytest.mark.browser, pytest.mark.web]

PAY_ITEMS = ("RecruitmentBonus", "RetentionBonus", "PerformanceAward", "CarAllowance", "RelocationPackage",
             "RegionalWeighting", "CostSWE", "CostDBS")  # fmt: skip


def _upload(page: Any, base: str, year: int, files: Any) -> None:
    page.goto(f"{base}/councils/873/submissions/")
    page.get_by_role("button", name="Build the return from HR data").click()
    expect(page.get_by_role("heading", name="Build the return from HR data")).to_be_visible()
    page.get_by_label("Collection year").select_option(str(year))
    page.get_by_label("Date of the workforce position").fill(f"{year}-09-30")
    page.get_by_label("HR extract", exact=True).set_input_files(str(files.extract))
    page.get_by_label("Agency list (optional)").set_input_files(str(files.agency_list))
    page.get_by_role("button", name="Upload and review the mapping").click()
    expect(page.get_by_role("heading", name="Review the HR mapping")).to_be_visible()


def _build_and_accept(page: Any, year: int) -> None:
    page.get_by_role("button", name="Save the mapping and build the return").click()
    expect(page.get_by_role("heading", name="Validation report")).to_be_visible()
    expect(page.locator("#report-summary")).to_contain_text("0 errors")
    page.get_by_role("button", name="Check and accept this return").click()
    expect(page.get_by_role("heading", name="Check before accepting")).to_be_visible()
    page.get_by_role("button", name="Accept this return").click()
    expect(page.get_by_text(f"{year} return is accepted")).to_be_visible()


def test_build_the_return_from_hr_data_and_reuse_the_mapping_next_year(
    live_site: str,
    page: Any,
    sign_in: Callable[..., None],
    screenshot: Callable[[Any, str], Path],
    tmp_path: Path,
) -> None:
    years = synthetic_years(tmp_path)
    census_2024, files_2024 = years[2024]
    sign_in(page, live_site, "analyst.873", "/councils/873/submissions/")
    timings = []

    started = time.perf_counter()
    _upload(page, live_site, 2024, files_2024)
    # Suggested: the job title column and its values, with confidence; nothing to decide but LA level.
    expect(page.locator("#staff-col-OrgRole")).to_have_value("Job Title")
    expect(page.locator("#agency-col-OrgRole")).to_have_value("Role")
    expect(page.locator("#staff-hours")).to_have_value("Hours")
    expect(page.locator("#values-staff-Ethnicity")).to_contain_text("WHITE - BRITISH")
    # Adjust: the LA-level items HR does not hold, and one value the user reads differently.
    for item in ("NumberOfVacancies", "NoAgencyFTE", "NoAgencyHeadcount"):
        page.locator(f"#la-{item}").fill(census_2024.la_items[item][0])
    screenshot(page, "hr-review-first-year")
    _build_and_accept(page, 2024)
    timings.append(("2024, first year (suggest, adjust, save, build, accept)", time.perf_counter() - started))
    assert AcceptedReturn.objects.get(year=2024).worker_count == len(census_2024.workers)
    assert HrMappingVersion.objects.filter(kind="staff").count() == 1
    expect(page.locator("#hr-position")).to_contain_text("30 September 2024")

    census_2025, files_2025 = years[2025]
    started = time.perf_counter()
    _upload(page, live_site, 2025, files_2025)
    expect(page.get_by_text("your saved mapping (version 1) is applied").first).to_be_visible()
    new = page.get_by_role("row").filter(has_text="Consultant Social Worker")
    expect(new.first).to_contain_text("New")
    for index in range(new.count()):
        new.nth(index).get_by_role("combobox").select_option("4")
    for item in PAY_ITEMS:
        page.locator(f"#la-{item}").select_option(census_2025.la_items[item][0])
    page.locator("#la-OtherAllowances").fill(census_2025.la_items["OtherAllowances"][0])
    for item in ("NumberOfVacancies", "NoAgencyFTE", "NoAgencyHeadcount"):
        page.locator(f"#la-{item}").fill(census_2025.la_items[item][0])
    screenshot(page, "hr-review-next-year")
    _build_and_accept(page, 2025)
    timings.append(
        ("2025, next year (saved mapping applied, new values chosen)", time.perf_counter() - started)
    )
    assert AcceptedReturn.objects.get(year=2025).worker_count == len(census_2025.workers)
    assert HrMappingVersion.objects.filter(kind="staff").count() == 2

    workers = len(census_2024.workers)
    lines = [f"HR journey in the browser, synthetic council 873 ({workers} workers in 2024):"]
    lines += [f"  {label}: {seconds:.1f} s" for label, seconds in timings]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "hr-journey-timing.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
