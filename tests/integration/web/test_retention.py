"""The retention command: superseded versions and never-accepted uploads past the period lose their
worker-level data; current returns, measures snapshots and the audit log stay; the run is audited."""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from csc_workforce.web.audit.models import Action, AuditEvent
from csc_workforce.web.returns.models import AcceptedReturn, Submission, WorkerRecord
from csc_workforce.web.returns.retention import cutoff_for, plan_retention
from csc_workforce.web.returns.services import accept_file, census_of, check_upload
from tests.web_fixtures.returns import clean_return, return_with_errors, swe_number, xml_bytes

pytestmark = [pytest.mark.integration, pytest.mark.web, pytest.mark.django_db]

YEAR = timedelta(days=366)


def _age(accepted: AcceptedReturn, years: float) -> None:
    AcceptedReturn.objects.filter(pk=accepted.pk).update(accepted_at=timezone.now() - years * YEAR)


def _upload_age(submission: Submission, years: float) -> None:
    Submission.objects.filter(pk=submission.pk).update(uploaded_at=timezone.now() - years * YEAR)


@pytest.fixture
def history(council, other_council, make_user):
    """873: 2023 v1 superseded seven years ago by v2 (current); 2024 v1 current and six years old.
    822: 2024 v1 superseded two years ago. Two rejected uploads, six years and one year old."""
    user = make_user("loader", "admin")
    versions = {
        "873-2023-v1": accept_file(council, xml_bytes(clean_return("873", 2023)), user, filename="a.xml"),
        # Identical bytes are refused, so each later version differs (one worker more).
        "873-2023-v2": accept_file(
            council, xml_bytes(clean_return("873", 2023, workers=4)), user, filename="b.xml", reason="r"
        ),
        "873-2024-v1": accept_file(council, xml_bytes(clean_return("873", 2024)), user, filename="c.xml"),
        "822-2024-v1": accept_file(
            other_council, xml_bytes(clean_return("822", 2024)), user, filename="d.xml"
        ),
        "822-2024-v2": accept_file(
            other_council, xml_bytes(clean_return("822", 2024, workers=4)), user, filename="e.xml", reason="r"
        ),
    }
    for name, years in (
        ("873-2023-v1", 8),
        ("873-2023-v2", 7),
        ("873-2024-v1", 6),
        ("822-2024-v1", 3),
        ("822-2024-v2", 2),
    ):
        _age(versions[name], years)
    old_rejected = check_upload(council, xml_bytes(return_with_errors("873", 2024)), "old-bad.xml", user)
    new_rejected = check_upload(council, xml_bytes(return_with_errors("873", 2024)), "new-bad.xml", user)
    _upload_age(old_rejected, 6)
    _upload_age(new_rejected, 1)
    assert old_rejected.issues and new_rejected.issues
    return {**versions, "old-rejected": old_rejected, "new-rejected": new_rejected}


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("prune_worker_records", *args, stdout=out)
    return out.getvalue()


def _measures() -> dict[int, dict]:
    return dict(AcceptedReturn.objects.values_list("pk", "measures"))


def test_a_dry_run_lists_what_would_go_and_changes_nothing(history) -> None:
    rows, events, measures = WorkerRecord.objects.count(), AuditEvent.objects.count(), _measures()
    output = _run("--older-than-years", "5")
    assert "873 2023 version 1" in output
    assert "'old-bad.xml'" in output
    assert "873 2023 version 2" not in output and "873 2024" not in output and "822 2024" not in output
    assert "'new-bad.xml'" not in output
    assert "Dry run: nothing was changed" in output
    assert WorkerRecord.objects.count() == rows
    assert AuditEvent.objects.count() == events
    assert _measures() == measures
    assert not AcceptedReturn.objects.filter(pruned_at__isnull=False).exists()


def test_apply_removes_only_old_superseded_worker_data_and_keeps_aggregates(history) -> None:
    pruned = history["873-2023-v1"]
    kept = [history[name] for name in ("873-2023-v2", "873-2024-v1", "822-2024-v1", "822-2024-v2")]
    rows_kept = {accepted.pk: accepted.workers.count() for accepted in kept}
    measures = _measures()
    assert pruned.workers.count() == 12

    output = _run("--older-than-years", "5", "--apply", "--by", "dpo")

    assert "Removed: 1 superseded version(s) (12 worker rows) and 1 never-accepted upload(s)" in output
    assert not WorkerRecord.objects.filter(accepted_return=pruned).exists()
    pruned.refresh_from_db()
    assert pruned.pruned_at is not None and bytes(pruned.content) == b""
    assert Submission.objects.get(accepted=pruned).pruned_at is not None
    # Nothing current is touched, nor a version superseded within the period.
    for accepted in kept:
        accepted.refresh_from_db()
        assert accepted.pruned_at is None
        assert accepted.workers.count() == rows_kept[accepted.pk]
        assert census_of(accepted).workers  # the original bytes still read
    # Aggregates stay for every version, the pruned one included.
    assert _measures() == measures
    old, new = (Submission.objects.get(pk=history[name].pk) for name in ("old-rejected", "new-rejected"))
    assert (old.issues, old.pruned_at is not None, old.error_count) == (
        [],
        True,
        history["old-rejected"].error_count,
    )
    assert new.issues == history["new-rejected"].issues and new.pruned_at is None


def test_apply_is_audited_without_worker_identifiers_and_keeps_the_log(history) -> None:
    before = list(AuditEvent.objects.values_list("pk", flat=True))
    _run("--older-than-years", "5", "--apply", "--by", "dpo")
    assert set(before) <= set(AuditEvent.objects.values_list("pk", flat=True))
    events = list(AuditEvent.objects.filter(action=Action.RETENTION_PRUNE).order_by("pk"))
    assert [(event.la_code, event.username) for event in events] == [("873", "dpo"), ("", "dpo")]
    council_event, summary = events
    assert council_event.detail["versions"] == [{"id": history["873-2023-v1"].pk, "year": 2023, "version": 1}]
    assert council_event.detail["worker_rows"] == 12
    assert council_event.detail["uploads"] == [history["old-rejected"].pk]
    assert (summary.detail["versions"], summary.detail["uploads"], summary.detail["worker_rows"]) == (
        1,
        1,
        12,
    )
    assert summary.detail["older_than_years"] == 5
    logged = json.dumps([event.detail for event in events])
    assert swe_number("873", 1) not in logged and "SW" not in logged


def test_a_second_run_finds_nothing(history) -> None:
    _run("--older-than-years", "5", "--apply")
    assert plan_retention(5).is_empty
    assert "Removed: 0 superseded version(s)" in _run("--older-than-years", "5", "--apply")


def test_pages_still_work_after_pruning(history, analyst, lead, login) -> None:
    _run("--older-than-years", "5", "--apply")
    client = login(analyst)
    assert client.get("/councils/873/").status_code == 200
    assert client.get("/councils/873/workers/").status_code == 200
    listing = client.get("/councils/873/submissions/")
    assert listing.status_code == 200 and "(retention)" in listing.content.decode()
    pruned = history["873-2023-v1"]
    detail = client.get(f"/councils/873/submissions/{pruned.submission_id}/")
    assert detail.status_code == 200 and 'id="pruned"' in detail.content.decode()
    assert client.get(f"/councils/873/returns/{pruned.pk}/census.xml").status_code == 410
    assert client.get(f"/councils/873/returns/{history['873-2023-v2'].pk}/census.xml").status_code == 200
    assert login(lead).get("/region/east-of-england/").status_code == 200


def test_the_period_must_be_at_least_a_year(history) -> None:
    with pytest.raises(CommandError, match="at least 1"):
        _run("--older-than-years", "0")


def test_the_cutoff_counts_whole_years() -> None:
    now = datetime(2028, 2, 29, 12, 0, tzinfo=timezone.get_current_timezone())
    assert cutoff_for(5, now) == datetime(2023, 2, 28, 12, 0, tzinfo=now.tzinfo)
    with pytest.raises(ValueError, match="at least 1 year"):
        cutoff_for(0, now)
