"""A census upload over ``CSCW_INLINE_CHECK_BYTES`` is stored as "checking" and checked by the job
worker (the real database queue, run in the test); its page follows the job and becomes the report
or the refusal, exactly as an inline check's. A smaller upload is still checked in the request."""
# ruff: noqa: PLC0415 - Django models import only once the test settings are loaded

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.test import Client

from tests.security import hostile_files
from tests.web_fixtures.jobs import run_queued_jobs
from tests.web_fixtures.returns import clean_return, return_with_errors, xml_bytes

pytestmark = [pytest.mark.integration, pytest.mark.web, pytest.mark.django_db]
SMALL_THRESHOLD = 1024
UPLOAD = "/councils/873/submissions/new/"
SUBMISSION_PAGE = re.compile(r"^/councils/873/submissions/(\d+)/$")
REFRESH = '<meta http-equiv="refresh" content="2">'


@pytest.fixture
def background_checks(settings: Any) -> None:
    """Every census upload of these tests is over the threshold (each test asserts its size)."""
    settings.CSCW_INLINE_CHECK_BYTES = SMALL_THRESHOLD


def _upload(client: Client, name: str, data: bytes) -> Any:
    upload = io.BytesIO(data)
    upload.name = name
    return client.post(UPLOAD, {"file": upload})


def _submission_page(response: Any) -> tuple[str, Any]:
    from csc_workforce.web.returns.models import Submission

    assert response.status_code == 302, response.content[:300]
    match = SUBMISSION_PAGE.match(response["Location"])
    assert match, response["Location"]
    return response["Location"], Submission.objects.select_related("check_job").get(pk=int(match.group(1)))


def _events(action: str) -> list[Any]:
    from csc_workforce.web.audit.models import AuditEvent

    return list(AuditEvent.objects.filter(action=action).order_by("id"))


def _fresh(submission: Any) -> Any:
    from csc_workforce.web.returns.models import Submission

    return Submission.objects.get(pk=submission.pk)


def test_a_large_valid_upload_is_checked_by_the_worker_and_its_page_becomes_the_report(
    background_checks: None, login: Any, analyst: Any, other_analyst: Any
) -> None:
    from csc_workforce.web.returns import services
    from csc_workforce.web.returns.models import AcceptedReturn, SubmissionStatus

    data = xml_bytes(clean_return("873", 2024))
    assert len(data) > SMALL_THRESHOLD
    client = login(analyst)
    page, submission = _submission_page(_upload(client, "cambs-2024.xml", data))

    # Stored, not yet checked: bytes kept until the check ends, never the council's data.
    assert submission.status == SubmissionStatus.CHECKING and bytes(submission.content) == data
    assert not submission.can_be_accepted
    assert services.current_returns(submission.council) == [] and not AcceptedReturn.objects.exists()
    (uploaded,) = _events("upload")
    assert uploaded.detail == {
        "submission": submission.pk,
        "filename": "cambs-2024.xml",
        "status": "checking",
        "job": str(submission.check_job_id),
    }
    (started,) = _events("start_job")
    assert started.detail["kind"] == "upload_check" and started.la_code == "873"
    waiting = client.get(page).content.decode()
    assert REFRESH in waiting and "Being checked" in waiting and "Waiting to start" in waiting
    assert f'href="/jobs/{submission.check_job_id}/"' in waiting
    assert "check-before-accepting" not in waiting
    listed = client.get("/councils/873/submissions/").content.decode()
    assert "Being checked" in listed
    refused = client.get(f"{page}accept/", follow=True).content.decode()
    assert "cannot be accepted (Being checked)" in refused

    # Another council's analyst can see neither the submission nor its job.
    other = login(other_analyst)
    assert other.get(page).status_code in {403, 404}
    assert other.get(f"/jobs/{submission.check_job_id}/").status_code == 404

    assert run_queued_jobs() == 1
    report = client.get(page).content.decode()
    assert "http-equiv" not in report
    assert 'id="report-summary">0 errors, 0 queries' in report
    assert 'id="check-before-accepting"' in report
    checked = _fresh(submission)
    assert checked.status == SubmissionStatus.VALID and bytes(checked.content) == data
    assert checked.worker_count == 12 and checked.year == 2024
    (outcome,) = _events("upload_checked")
    assert outcome.username == "jobs worker" and outcome.la_code == "873"
    assert outcome.detail == {
        "submission": submission.pk,
        "job": str(submission.check_job_id),
        "status": "valid",
        "errors": 0,
        "queries": 0,
    }
    job_page = client.get(f"/jobs/{submission.check_job_id}/").content.decode()
    assert 'id="job-done"' in job_page and f'href="{page}"' in job_page
    assert other.get(page).status_code in {403, 404}

    accepted = client.post(f"{page}accept/")
    assert accepted.status_code == 302 and AcceptedReturn.objects.filter(submission=submission).exists()


@pytest.mark.parametrize(
    ("name", "data", "status", "shown"),
    [
        ("errors.xml", xml_bytes(return_with_errors("873", 2024)), "rejected", "2 errors, 0 queries"),
        ("pi-trick.xml", hostile_files.pi_trick_xml(), "unreadable", "The file could not be read"),
        (
            "external-object.xlsx",
            hostile_files.external_object_workbook(),
            "unreadable",
            "The file could not be read",
        ),
    ],
    ids=["errors", "pi-trick", "external-object"],
)
def test_a_large_refused_upload_keeps_no_bytes_once_the_worker_has_checked_it(
    background_checks: None, login: Any, analyst: Any, name: str, data: bytes, status: str, shown: str
) -> None:
    assert len(data) > SMALL_THRESHOLD
    client = login(analyst)
    page, submission = _submission_page(_upload(client, name, data))
    assert submission.status == "checking" and submission.content is not None

    assert run_queued_jobs() == 1
    checked = _fresh(submission)
    assert checked.status == status and checked.content is None
    text = client.get(page).content.decode()
    assert shown in text and "http-equiv" not in text and "check-before-accepting" not in text
    if status == "unreadable":
        assert checked.message.startswith(name + ":") and name in text
    (outcome,) = _events("upload_checked")
    assert outcome.detail["status"] == status


def test_a_small_upload_and_a_large_file_of_another_type_are_still_checked_in_the_request(
    settings: Any, login: Any, analyst: Any
) -> None:
    from csc_workforce.web.jobs.models import Job
    from csc_workforce.web.returns.models import SubmissionStatus

    data = xml_bytes(clean_return("873", 2024))
    assert len(data) <= settings.CSCW_INLINE_CHECK_BYTES
    client = login(analyst)
    page, submission = _submission_page(_upload(client, "cambs-2024.xml", data))
    assert submission.status == SubmissionStatus.VALID and submission.check_job is None
    assert 'id="check-before-accepting"' in client.get(page).content.decode()
    (uploaded,) = _events("upload")
    assert uploaded.detail["status"] == "valid" and "job" not in uploaded.detail

    settings.CSCW_INLINE_CHECK_BYTES = SMALL_THRESHOLD
    _, refused = _submission_page(_upload(client, "return.pdf", b"%PDF" + b"0" * SMALL_THRESHOLD))
    assert refused.status == SubmissionStatus.UNREADABLE and refused.content is None
    assert "not a census file" in refused.message
    assert not Job.objects.exists() and run_queued_jobs() == 0


def test_a_check_that_raises_leaves_the_upload_unreadable_with_no_bytes(
    background_checks: None, login: Any, analyst: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from csc_workforce.web.jobs.services import JobState, job_state
    from csc_workforce.web.returns import services
    from csc_workforce.web.returns.models import SubmissionStatus

    def broken(*_args: Any, **_kwargs: Any) -> Any:
        raise RuntimeError("validation broke")

    monkeypatch.setattr(services, "validate_for", broken)
    client = login(analyst)
    page, submission = _submission_page(_upload(client, "cambs.xml", xml_bytes(clean_return("873", 2024))))
    assert run_queued_jobs() == 1

    assert job_state(submission.check_job) is JobState.FAILED
    checked = _fresh(submission)
    assert checked.status == SubmissionStatus.UNREADABLE and checked.content is None
    text = client.get(page).content.decode()
    assert 'id="check-stopped"' in text and "Upload the file again" in text
    assert "validation broke" not in text and "http-equiv" not in text
    (outcome,) = _events("upload_checked")
    assert outcome.detail["status"] == "unreadable"


def test_a_check_whose_worker_died_is_shown_stopped_and_its_bytes_dropped(
    background_checks: None, login: Any, analyst: Any
) -> None:
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from csc_workforce.web.jobs.models import Job
    from csc_workforce.web.returns.models import SubmissionStatus

    client = login(analyst)
    page, submission = _submission_page(_upload(client, "cambs.xml", xml_bytes(clean_return("873", 2024))))
    task = DBTaskResult.objects.filter(id=submission.check_job.task_id)
    # The worker claimed the task and reported a step ...
    task.update(status=TaskResultStatus.RUNNING)
    Job.objects.filter(pk=submission.check_job_id).update(progress="Reading the file")
    running = client.get(page).content.decode()
    assert REFRESH in running and 'id="check-state">Running' in running
    assert 'id="check-progress">Reading the file' in running
    # ... then died: django-tasks reports the task failed, and the check never recorded its outcome.
    task.update(status=TaskResultStatus.FAILED)

    listed = client.get("/councils/873/submissions/").content.decode()
    assert "Being checked" not in listed and "Could not be read" in listed
    checked = _fresh(submission)
    assert checked.status == SubmissionStatus.UNREADABLE and checked.content is None
    text = client.get(page).content.decode()
    assert 'id="check-stopped"' in text and "http-equiv" not in text
