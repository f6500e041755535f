"""Acceptance that cannot go wrong, at the service level: a 2026 return against the accepted 2025
one, identical bytes refused, large changes needing a reason, explanations kept, restore, the cap
on stored issues; nothing accepted ever changes."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from csc_workforce.core.census.model import CensusReturn, WorkerRecord
from csc_workforce.web.returns import models as returns_models
from csc_workforce.web.returns.models import AcceptedReturn, SubmissionStatus
from csc_workforce.web.returns.services import (
    ReturnRefusedError,
    accept_file,
    accept_submission,
    acceptance_check,
    check_upload,
    restore_version,
)
from tests.web_fixtures.returns import clean_return, xml_bytes

pytestmark = [pytest.mark.integration, pytest.mark.web, pytest.mark.django_db]


def frozen(council: Any) -> list[tuple[Any, ...]]:
    """Every accepted version as stored: what must never change."""
    return list(
        AcceptedReturn.objects.filter(council=council)
        .order_by("pk")
        .values_list("pk", "year", "version", "sha256", "worker_count", "reason", "explanations")
    )


def without_records(census: CensusReturn, positions: set[int]) -> CensusReturn:
    kept = [w for w in census.workers if w.position not in positions]
    return replace(census, workers=[WorkerRecord(i, dict(w.items)) for i, w in enumerate(kept, start=1)])


def test_a_2026_return_is_checked_against_the_accepted_2025_one(council: Any, analyst: Any) -> None:
    accept_file(council, xml_bytes(clean_return("873", 2025, workers=12)), analyst, filename="2025.xml")
    this_year = without_records(clean_return("873", 2026, workers=12), {1, 2})
    submission = check_upload(council, xml_bytes(this_year), "2026.xml", analyst)
    assert submission.status == SubmissionStatus.VALID
    assert submission.year == 2026
    continuity = [issue for issue in submission.issues if issue["code"] == "CSWW-R070"]
    # Record 1 was in post at 30 September 2025 and is missing now (record 2 was last year's leaver).
    assert [issue["swe_no"] for issue in continuity] == ["SW87300001"]
    accepted = accept_submission(submission, analyst)
    assert (accepted.year, accepted.version) == (2026, 1)


def test_more_than_half_of_last_years_workers_missing_needs_a_reason(council: Any, analyst: Any) -> None:
    accept_file(council, xml_bytes(clean_return("873", 2025, workers=12)), analyst, filename="2025.xml")
    this_year = without_records(clean_return("873", 2026, workers=12), set(range(1, 9)))
    submission = check_upload(council, xml_bytes(this_year), "2026.xml", analyst)
    check = acceptance_check(submission)
    assert check is not None
    assert check.needs_reason
    assert any("not in this file" in warning for warning in check.warnings)
    with pytest.raises(ReturnRefusedError, match="Type a reason"):
        accept_submission(submission, analyst)
    accepted = accept_submission(submission, analyst, reason="service moved to a trust")
    assert accepted.reason == "service moved to a trust"


def test_identical_bytes_are_refused_naming_the_version(council: Any, analyst: Any) -> None:
    data = xml_bytes(clean_return("873", 2026))
    accept_file(council, data, analyst, filename="a.xml")
    before = frozen(council)
    with pytest.raises(ReturnRefusedError, match="identical to version 1"):
        accept_file(council, data, analyst, filename="renamed.xml")
    assert frozen(council) == before


def test_a_large_change_against_the_current_version_needs_a_reason(council: Any, analyst: Any) -> None:
    accept_file(council, xml_bytes(clean_return("873", 2026, workers=30)), analyst, filename="big.xml")
    before = frozen(council)
    submission = check_upload(council, xml_bytes(clean_return("873", 2026, workers=6)), "small.xml", analyst)
    check = acceptance_check(submission)
    assert check is not None
    figures = {figure.label: figure for figure in check.figures}
    assert figures["Worker records"].old == 30
    assert figures["Worker records"].new == 6
    assert figures["Social workers in post (FTE)"].changed
    with pytest.raises(ReturnRefusedError, match="changes by"):
        accept_submission(submission, analyst, reason="   ")
    assert frozen(council) == before


def test_explanations_are_kept_for_the_returns_own_queries_only(council: Any, analyst: Any) -> None:
    census = clean_return("873", 2026)
    census.workers[0].items["Cases30"] = ["55"]
    submission = check_upload(council, xml_bytes(census), "q.xml", analyst)
    accepted = accept_submission(
        submission,
        analyst,
        explanations={"CSWW-R024 Cases30": " court team ", "CSWW-R050 PersonBirthDate": "not a query here"},
    )
    assert accepted.explanations == {"CSWW-R024 Cases30": "court team"}


def test_restoring_makes_a_new_version_and_changes_nothing_earlier(council: Any, analyst: Any) -> None:
    first = accept_file(council, xml_bytes(clean_return("873", 2026, workers=12)), analyst, filename="1.xml")
    accept_file(
        council, xml_bytes(clean_return("873", 2026, workers=13)), analyst, filename="2.xml", reason="r"
    )
    before = frozen(council)
    restored = restore_version(first, analyst)
    assert (restored.version, restored.sha256, restored.restored_from_id) == (3, first.sha256, first.pk)
    assert frozen(council)[:2] == before
    with pytest.raises(ReturnRefusedError, match="identical to version 3"):
        restore_version(first, analyst)


def test_stored_issues_are_capped_errors_first_with_counts_kept(
    council: Any, analyst: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(returns_models, "STORED_ISSUE_LIMIT", 3)
    from csc_workforce.web.returns import services  # noqa: PLC0415

    monkeypatch.setattr(services, "STORED_ISSUE_LIMIT", 3)
    census = clean_return("873", 2026, workers=12)
    for worker in census.workers:
        worker.items["Cases30"] = ["55"]  # queries on every record
    census.workers[11].items["FTE"] = ["37"]  # one error, on the last record
    submission = check_upload(council, xml_bytes(census), "many.xml", analyst)
    assert len(submission.issues) == 3
    assert submission.issue_count > 3
    assert submission.issues[0]["code"] == "CSWW-R022"
    assert submission.error_count == 1
    assert submission.query_count >= 10
