"""Build the return from HR data: upload, review, save (versioned, audited), build, accept; reuse."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from csc_workforce.web.audit.models import AuditEvent
from csc_workforce.web.hrbuild.models import HrDraft, HrMappingVersion, HrPosition
from csc_workforce.web.returns.models import AcceptedReturn, Submission, SubmissionStatus
from tests.integration.web_hrbuild.journey import review_form, synthetic_years, value_field

pytestmark = [pytest.mark.integration, pytest.mark.web, pytest.mark.django_db]


def _upload(client: Any, files: Any, year: int) -> Any:
    with files.extract.open("rb") as staff, files.agency_list.open("rb") as agency:
        return client.post(
            "/councils/873/hr/",
            {"year": str(year), "as_of": f"{year}-09-30", "staff": staff, "agency": agency},
        )


def test_the_journey_and_next_year_reuse(council: Any, analyst: Any, login: Any, tmp_path: Path) -> None:
    years = synthetic_years(tmp_path)
    client = login(analyst)
    assert client.get("/councils/873/hr/").status_code == 200

    census_2024, files_2024 = years[2024]
    response = _upload(client, files_2024, 2024)
    assert response.status_code == 302, response.content.decode()[:2000]
    draft = HrDraft.objects.get()
    stored = str(draft.sources)
    assert "QQ" not in stored and "Forename" not in stored  # no NI numbers or names are kept
    review = client.get(response["Location"])
    assert review.status_code == 200
    form = review_form(review.context, census_2024.la_items)
    built = client.post(response["Location"], {**form, "action": "build"})
    assert built.status_code == 302, built.context["problems"][:5]
    submission = Submission.objects.get()
    assert submission.status == SubmissionStatus.VALID, submission.issues[:3]
    assert submission.error_count == 0
    assert not HrDraft.objects.exists()  # the extract is gone once the return is built
    assert HrMappingVersion.objects.filter(council=council).count() == 2
    assert AuditEvent.objects.filter(action="hr_mapping_save").count() == 2
    report = client.get(built["Location"])
    assert b"Check and accept this return" in report.content
    client.post(f"/councils/873/submissions/{submission.pk}/accept/")
    assert AcceptedReturn.objects.get(year=2024).worker_count == len(census_2024.workers)
    assert HrPosition.objects.get().as_of.isoformat() == "2024-09-30"

    dashboard = client.get("/councils/873/")
    assert b"Workforce position from HR data on 30 September 2024" in dashboard.content

    # Next year: the saved mapping applies at once; only the new job title needs a decision.
    census_2025, files_2025 = years[2025]
    response = _upload(client, files_2025, 2025)
    review = client.get(response["Location"])
    assert [r.saved_version for r in review.context["reviews"]] == [1, 1]
    assert review.context["new_values"] >= 1
    form = review_form(review.context, census_2025.la_items)
    fields = [
        value_field(review.context, kind, "OrgRole", "Consultant Social Worker")
        for kind in ("staff", "agency")
    ]
    assert [form[field] for field in fields] == ["", ""]
    refused = client.post(response["Location"], {**form, "action": "build"})
    assert refused.status_code == 400
    assert any("Consultant Social Worker" in problem for problem in refused.context["problems"])
    form.update(dict.fromkeys(fields, "4"))
    built = client.post(response["Location"], {**form, "action": "build"})
    assert built.status_code == 302, built.context["problems"][:5]
    submission = Submission.objects.latest("pk")
    assert submission.error_count == 0
    client.post(f"/councils/873/submissions/{submission.pk}/accept/")
    assert AcceptedReturn.objects.filter(year=2025).exists()
    staff_versions = HrMappingVersion.objects.filter(council=council, kind="staff")
    assert sorted(staff_versions.values_list("version", flat=True)) == [1, 2]


def test_another_council_s_analyst_cannot_open_the_journey(other_analyst: Any, login: Any) -> None:
    assert login(other_analyst).get("/councils/873/hr/").status_code == 403


def test_an_unreadable_extract_is_one_clear_error(analyst: Any, login: Any, tmp_path: Path) -> None:
    bad = tmp_path / "hr.xlsx"
    bad.write_bytes(b"not a workbook")
    with bad.open("rb") as handle:
        response = login(analyst).post(
            "/councils/873/hr/", {"year": "2025", "as_of": "2025-09-30", "staff": handle}
        )
    assert response.status_code == 400
    assert b"hr.xlsx: is not an Excel .xlsx workbook" in response.content
    assert not HrDraft.objects.exists()
