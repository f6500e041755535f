"""The continuity pages: upload, the council's figures and child rows (audited), access, the
region's suppressed view, exports and the dashboard headline."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from csc_workforce.web.audit.models import AuditEvent
from csc_workforce.web.continuity.models import ContinuityUpload
from csc_workforce.web.jobs.models import Job
from tests.unit.continuity.handmade import EPISODES, HEADER, SOCIAL_WORKERS
from tests.web_fixtures.jobs import run_queued_jobs

pytestmark = pytest.mark.django_db


def _upload(client, la_code="873", social_workers=SOCIAL_WORKERS):
    return client.post(
        f"/councils/{la_code}/continuity/",
        {
            "episodes": SimpleUploadedFile("episodes.csv", EPISODES.encode()),
            "social_workers": SimpleUploadedFile("sw.csv", social_workers.encode()),
            "header": SimpleUploadedFile("header.csv", HEADER.encode()),
        },
    )


def test_an_analyst_uploads_and_sees_the_figures_and_child_rows_audited(analyst, login, accepted_return):
    client = login(analyst)
    response = _upload(client)
    assert response.status_code == 302
    stored = ContinuityUpload.objects.get()
    children = {row[0] for row in stored.care_episodes}
    assert all(re.fullmatch(r"[0-9a-f]{32}", child) for child in children)
    assert "A123456789012" not in str(stored.child_details)  # the UPN is never stored
    page = client.get("/councils/873/continuity/?year=2025")
    text = page.content.decode()
    assert page.status_code == 200
    assert 'id="share-three-or-more">14.3%' in text
    assert "England: 24.0%" in text
    assert "Each child looked after on 31 March 2025 (7, pseudonyms only)" in text
    assert "Worker not found in the census" in text  # linked to the accepted 2024 return
    event = AuditEvent.objects.filter(action="continuity_view_children").get()
    assert event.la_code == "873" and event.detail["children"] == 7
    assert not any(child[:12] in str(event.detail) for child in children)
    dashboard = client.get("/councils/873/").content.decode()
    assert 'id="continuity-headline"' in dashboard and "14.3%" in dashboard


def test_a_hostile_upload_is_refused_and_nothing_is_stored(analyst, login):
    bad = "CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON\nA,,=cmd|' /C calc'!A0,01/01/2024,,FCONTA\n"
    response = _upload(login(analyst), social_workers=bad)
    text = response.content.decode()
    assert response.status_code == 400
    assert "row 2, column SW_ID" in text and "calc" not in text
    assert not ContinuityUpload.objects.exists()


def test_only_the_councils_own_users_see_child_rows(analyst, other_analyst, lead, login):
    _upload(login(analyst))
    assert login(other_analyst).get("/councils/873/continuity/").status_code == 403
    assert login(lead).get("/councils/873/continuity/").status_code == 403
    assert login(lead).get("/councils/873/continuity/report.xlsx").status_code == 403


def test_the_region_sees_suppressed_figures_only(analyst, lead, other_lead, login):

    _upload(login(analyst))
    page = login(lead).get("/region/east-of-england/continuity/?year=2025")
    text = page.content.decode()
    assert page.status_code == 200
    row = re.search(r"Cambridgeshire</th>(.*?)</tr>", text, re.S).group(1)
    cells = re.findall(r">([^<]*)</td>", row)
    # 7 children, buckets 1/3/2/1: every bucket and the share are suppressed.
    assert cells[:6] == ["7", "c", "c", "c", "c", "c"]
    assert "14.3" not in text and "pseudonym" not in text.lower()
    assert AuditEvent.objects.filter(action="continuity_view_region").exists()
    assert login(other_lead).get("/region/east-of-england/continuity/").status_code == 403
    export = login(lead).get("/region/east-of-england/continuity/report.xlsx?year=2025")
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxml")


def test_council_exports(analyst, login):
    client = login(analyst)
    _upload(client)
    xlsx = client.get("/councils/873/continuity/report.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    # The PDF is a background job now: the old address builds nothing and leads back to the page.
    old = client.get("/councils/873/continuity/report.pdf")
    assert old.status_code == 302 and old["Location"] == "/councils/873/continuity/"
    assert not Job.objects.exists()
    assert 'id="prepare-pdf"' in client.get("/councils/873/continuity/").content.decode()


def _job_page(response):
    assert response.status_code == 302, response.content[:300]
    assert re.fullmatch(r"/jobs/[0-9a-f-]{36}/", response["Location"]), response["Location"]
    return response["Location"]


def test_the_council_pdf_is_a_job_downloaded_once_ready_and_audited_as_the_export(
    analyst, other_analyst, lead, login
):
    client = login(analyst)
    _upload(client)
    assert client.get("/councils/873/continuity/prepare-pdf/").status_code == 405  # POST only
    page = _job_page(client.post("/councils/873/continuity/prepare-pdf/"))
    assert "Waiting to start" in client.get(page).content.decode()
    assert not AuditEvent.objects.filter(action="continuity_export").exists()
    assert run_queued_jobs() == 1
    ready = client.get(page).content.decode()
    assert 'id="job-done"' in ready and "Download continuity-873.pdf" in ready
    pdf = client.get(page + "download")
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"
    assert 'filename="continuity-873.pdf"' in pdf["Content-Disposition"]
    (export,) = AuditEvent.objects.filter(action="continuity_export")
    assert export.la_code == "873" and export.detail == {"format": "pdf", "years": 4}
    assert export.username == analyst.username
    # Only those who may see the council's child-level pages may start it or see the job.
    for other in (login(other_analyst), login(lead)):
        assert other.post("/councils/873/continuity/prepare-pdf/").status_code == 403
        assert other.get(page).status_code == 404
        assert other.get(page + "download").status_code == 404
    assert AuditEvent.objects.filter(action="continuity_export").count() == 1


def test_a_council_pdf_job_before_any_upload_says_why_it_has_no_file(analyst, login):
    client = login(analyst)
    page = _job_page(client.post("/councils/873/continuity/prepare-pdf/"))
    run_queued_jobs()
    html = client.get(page).content.decode()
    assert 'id="job-failed"' in html and "No SSDA903 tables have been uploaded" in html
    assert client.get(page + "download").status_code == 404


def test_the_region_pdf_is_a_job_for_the_year_shown(analyst, lead, other_lead, login):
    client = login(lead)
    # Before any upload, and for a year without figures, the job says why it has no file.
    for year in ("", "2019"):
        if year:
            _upload(login(analyst))
        page = _job_page(client.post("/region/east-of-england/continuity/prepare-pdf/", {"year": year}))
        run_queued_jobs()
        html = client.get(page).content.decode()
        assert 'id="job-failed"' in html and "No member council has" in html
    assert 'name="year" value="2025"' in client.get("/region/east-of-england/continuity/").content.decode()
    old = client.get("/region/east-of-england/continuity/report.pdf?year=2025")
    assert old.status_code == 302 and old["Location"] == "/region/east-of-england/continuity/?year=2025"
    assert login(other_lead).post("/region/east-of-england/continuity/prepare-pdf/").status_code == 403
    page = _job_page(client.post("/region/east-of-england/continuity/prepare-pdf/", {"year": "2025"}))
    assert login(other_lead).get(page).status_code == 404
    assert run_queued_jobs() == 1
    pdf = client.get(page + "download")
    assert pdf.content[:4] == b"%PDF"
    assert 'filename="continuity-east-of-england-2025.pdf"' in pdf["Content-Disposition"]
    (export,) = AuditEvent.objects.filter(action="continuity_export_region")
    assert export.detail == {"region": "east-of-england", "format": "pdf", "year": 2025}
