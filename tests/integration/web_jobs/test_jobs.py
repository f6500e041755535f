"""Background jobs end to end through the test client and the real database queue: each moved job
(board pack and retention PDFs, loan proposals, the regional forecast recompute) runs in the
worker and its result appears; another council's or region's job is 404; downloads are audited."""
# ruff: noqa: PLC0415 - Django models import only once the test settings are loaded

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from csc_workforce.export.census_xml import census_xml_bytes
from csc_workforce.synth import generate_region
from tests.web_fixtures.jobs import run_queued_jobs

pytestmark = [pytest.mark.integration, pytest.mark.web, pytest.mark.django_db]
JOB_ADDRESS = re.compile(r"^/jobs/([0-9a-f-]{36})/$")


def _job_page(response: Any) -> str:
    assert response.status_code == 302, response.content[:300]
    match = JOB_ADDRESS.match(response["Location"])
    assert match, response["Location"]
    return response["Location"]


def _events(action: str) -> list[Any]:
    from csc_workforce.web.audit.models import AuditEvent

    return list(AuditEvent.objects.filter(action=action))


@pytest.fixture
def histories(councils: Any, analyst: Any) -> None:
    """Synthetic 2024 and 2025 returns for Cambridgeshire (873) and Suffolk's neighbour (822)."""
    from csc_workforce.web.orgs.models import Council
    from csc_workforce.web.returns.services import accept_file

    returns = generate_region("East of England", (2024, 2025), 1)
    for census in sorted((r for r in returns if r.la_code in {"873", "822"}), key=lambda r: r.year):
        council = Council.objects.get(la_code=census.la_code)
        accept_file(
            council, census_xml_bytes(census), analyst, filename=f"{census.la_code}_{census.year}.xml"
        )


def test_the_board_pack_is_prepared_in_the_background_and_downloaded_once_ready(
    login: Any, analyst: Any, other_analyst: Any, histories: None
) -> None:
    client = login(analyst)
    page = _job_page(client.post("/councils/873/forecast/board-pack/prepare/"))
    waiting = client.get(page).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in waiting and "Waiting to start" in waiting
    assert "job-download" not in waiting
    (started,) = _events("start_job")
    assert started.la_code == "873" and started.detail["kind"] == "board_pack"

    assert run_queued_jobs() == 1
    ready = client.get(page).content.decode()
    assert "http-equiv" not in ready and 'id="job-done"' in ready
    assert "Download board-pack-873.pdf" in ready
    download = client.get(page + "download")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert download.content.startswith(b"%PDF")
    assert 'filename="board-pack-873.pdf"' in download["Content-Disposition"]
    (downloaded,) = _events("download_job_result")
    assert downloaded.la_code == "873" and downloaded.detail["file"] == "board-pack-873.pdf"

    # Another council's analyst cannot see the job or its file, nor tell that it exists.
    other = login(other_analyst)
    assert other.get(page).status_code == 404
    assert other.get(page + "download").status_code == 404
    assert other.post("/councils/873/forecast/board-pack/prepare/").status_code == 403
    assert Client().get(page)["Location"].startswith("/accounts/login/")  # signed in only
    assert client.get("/jobs/00000000-0000-4000-8000-000000000000/").status_code == 404
    assert len(_events("download_job_result")) == 1


def test_the_retention_pdf_job_keeps_the_grouping_and_a_council_without_returns_gets_a_reason(
    login: Any, analyst: Any, admin_user: Any, histories: None
) -> None:
    client = login(analyst)
    page = _job_page(client.post("/councils/873/retention/prepare-pdf/", {"by": "age_band"}))
    assert run_queued_jobs() == 1
    html = client.get(page).content.decode()
    assert "by age at start" in html.lower() and "Download retention-873.pdf" in html
    assert client.get(page + "download").content.startswith(b"%PDF")

    # Suffolk (935) has no accepted return: the job fails with a reason, no file is offered.
    admin = login(admin_user)
    failed = _job_page(admin.post("/councils/935/retention/prepare-pdf/"))
    run_queued_jobs()
    html = admin.get(failed).content.decode()
    assert 'id="job-failed"' in html and "no accepted census return yet" in html
    assert "http-equiv" not in html
    assert admin.get(failed + "download").status_code == 404


def test_the_lead_proposes_loans_through_a_job_and_other_regions_cannot_see_it(
    login: Any, lead: Any, other_lead: Any, histories: None
) -> None:
    from csc_workforce.web.sharing.models import SharingRun

    client = login(lead)
    page = _job_page(
        client.post("/region/east-of-england/sharing/propose/", {"horizon": "6", "prudence": "0.9"})
    )
    assert not SharingRun.objects.exists()  # nothing is planned in the request
    assert "Loan proposals for East of England" in client.get(page).content.decode()
    assert run_queued_jobs() == 1
    run = SharingRun.objects.get()
    assert run.created_by == lead.username and run.horizon == 6
    html = client.get(page).content.decode()
    assert 'href="/region/east-of-england/sharing/#proposals"' in html and 'id="job-done"' in html
    (proposed,) = _events("propose_sharing_loans")
    assert proposed.username == lead.username and proposed.detail["region"] == "east-of-england"
    assert login(other_lead).get(page).status_code == 404


def test_an_accepted_return_and_a_new_standard_queue_one_regional_forecast_recompute(
    login: Any, analyst: Any, lead: Any, histories: None, django_capture_on_commit_callbacks: Any
) -> None:
    from csc_workforce.web.forecasts.models import RegionForecast
    from csc_workforce.web.jobs.models import Job
    from csc_workforce.web.orgs.models import Council
    from csc_workforce.web.returns.services import accept_file

    assert not Job.objects.exists()  # the fixture's accepts ran inside the test's transaction
    census = next(r for r in generate_region("East of England", (2025,), 2) if r.la_code == "873")
    with django_capture_on_commit_callbacks(execute=True):
        accept_file(
            Council.objects.get(la_code="873"),
            census_xml_bytes(census),
            analyst,
            filename="873_new.xml",
            reason="test",
        )
    with django_capture_on_commit_callbacks(execute=True):
        response = login(analyst).post("/councils/873/forecast/standard/", {"caseload_standard": "16"})
    assert response.status_code == 302
    (job,) = Job.objects.all()  # the second change found the first recompute still waiting
    region_page = login(lead).get("/region/east-of-england/forecast/").content.decode()
    assert 'id="region-recompute"' in region_page and f"/jobs/{job.pk}/" in region_page
    assert job.kind == "region_forecasts" and job.region.slug == "east-of-england" and job.started_by is None
    assert not RegionForecast.objects.exists()
    assert run_queued_jobs() == 1
    assert set(RegionForecast.objects.values_list("months", flat=True)) == {12, 24, 36}
    rows = RegionForecast.objects.get(months=12).rows
    assert {row["la_code"] for row in rows} >= {"873", "822"}
    job.refresh_from_db()
    assert job.finished_at is not None and not job.error
    region_page = login(lead).get("/region/east-of-england/forecast/").content.decode()
    assert 'id="region-recompute"' not in region_page
    # Once it has started, the next change queues a new recompute.
    with django_capture_on_commit_callbacks(execute=True):
        login(analyst).post("/councils/873/forecast/standard/", {"caseload_standard": "17"})
    assert Job.objects.count() == 2


def test_the_forecast_report_pdf_job_keeps_the_scenario_on_the_page(login: Any, analyst: Any) -> None:
    from urllib.parse import urlencode

    plan = {
        "run": "1",
        "name": "More newly qualified",
        "retention_improvement": "10",
        "extra_newly_qualified_fte": "5",
        "caseload_cap": "",
        "agency_conversion_fte": "0",
        "conversion_months": "6",
        "months": "24",
        "sims": "200",
        "seed": "7",
    }
    client = login(analyst)
    html = client.get("/councils/873/forecast/", plan).content.decode()
    assert 'id="prepare-pdf"' in html
    page = _job_page(client.post("/councils/873/forecast/export-pdf/prepare/", {"query": urlencode(plan)}))
    assert "Forecast report for Cambridgeshire: More newly qualified" in client.get(page).content.decode()
    assert run_queued_jobs() == 1
    download = client.get(page + "download")
    assert download.status_code == 200 and download.content.startswith(b"%PDF")
    assert 'filename="forecast-873-' in download["Content-Disposition"]
    # A scenario the form refuses is not queued.
    refused = client.post(
        "/councils/873/forecast/export-pdf/prepare/", {"query": urlencode({**plan, "sims": "5"})}
    )
    assert refused.status_code == 404
