"""The returns services: check, accept (versions, worker rows, measures), read back."""

from __future__ import annotations

from typing import Any

import pytest

from csc_workforce.web.audit.models import AuditEvent
from csc_workforce.web.orgs.models import Council, Region
from csc_workforce.web.returns.models import AcceptedReturn, SubmissionStatus, WorkerRecord
from csc_workforce.web.returns.reading import read_upload
from csc_workforce.web.returns.services import (
    ReturnRefusedError,
    accept_file,
    check_upload,
    current_returns,
    region_current_returns,
)
from tests.web_fixtures.returns import clean_return, return_with_errors, xlsx_bytes, xml_bytes

pytestmark = [pytest.mark.integration, pytest.mark.web, pytest.mark.django_db]


def test_accepting_stores_bytes_workers_and_measures(council: Council, analyst: object) -> None:
    data = xml_bytes(clean_return("873", 2024, workers=12))
    accepted = accept_file(council, data, analyst, filename="cambs-2024.xml")
    assert accepted.version == 1
    assert bytes(accepted.content) == data
    assert WorkerRecord.objects.filter(accepted_return=accepted).count() == 12
    assert accepted.measures["old_la_code"] == "873"
    assert accepted.measures["time_period"] == 2024
    # 12 records, every sixth an agency worker and one leaver before the census date: 9 in post.
    assert accepted.measures["inpost_headcount"] == 9
    assert accepted.measures["agency_headcount"] == 2


def test_every_accepted_version_is_kept_and_the_latest_is_current(council: Council, analyst: object) -> None:
    accept_file(council, xml_bytes(clean_return("873", 2024, workers=12)), analyst)
    second = accept_file(
        council,
        xlsx_bytes(clean_return("873", 2024, workers=18)),
        analyst,
        filename="v2.xlsx",
        reason="six new posts",
    )
    accept_file(council, xml_bytes(clean_return("873", 2023, workers=7)), analyst)
    assert second.version == 2
    assert AcceptedReturn.objects.filter(council=council).count() == 3
    current = current_returns(council)
    assert [(c.year, len(c.workers)) for c in current] == [(2023, 7), (2024, 18)]


def test_a_return_with_errors_is_refused_and_changes_nothing(council: Council, analyst: object) -> None:
    with pytest.raises(ReturnRefusedError, match="2 error"):
        accept_file(council, xml_bytes(return_with_errors("873", 2024)), analyst, filename="bad.xml")
    assert not AcceptedReturn.objects.exists()
    assert not WorkerRecord.objects.exists()


def test_another_councils_return_is_an_error(council: Council, analyst: object) -> None:
    submission = check_upload(council, xml_bytes(clean_return("822", 2024)), "bedford.xml", analyst)
    assert submission.status == SubmissionStatus.REJECTED
    assert any(issue["code"] == "CSWW-W001" for issue in submission.issues)
    assert submission.content is None


def test_region_current_returns_lists_every_member_council(
    region: Region, council: Council, analyst: object
) -> None:
    accept_file(council, xml_bytes(clean_return("873", 2024)), analyst)
    by_council = region_current_returns(region)
    assert len(by_council) == 11
    assert [c.year for c in by_council[council]] == [2024]
    assert sum(1 for returns in by_council.values() if returns) == 1


def test_an_accepted_xlsx_return_downloads_as_census_xml_and_is_audited(
    council: Council, analyst: object, login: Any
) -> None:
    census = clean_return("873", 2024, workers=9)
    accepted = accept_file(council, xlsx_bytes(census), analyst, filename="template.xlsx")
    response = login(analyst).get(f"/councils/873/returns/{accepted.pk}/census.xml")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="csww-873-2024-v1.xml"'
    again = read_upload(response.content, "again.xml", max_bytes=10**7).census
    assert [w.items for w in again.workers] == [w.items for w in census.workers]
    assert AuditEvent.objects.filter(action="export_workers", detail__format="xml").count() == 1


def test_a_blank_template_downloads_for_the_council_and_reads_back_empty(
    council: Council, analyst: object, login: Any
) -> None:
    response = login(analyst).get("/councils/873/submissions/template.xlsx?year=2024")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="csww-template-873-2024.xlsx"'
    blank = read_upload(response.content, "blank.xlsx", max_bytes=10**7).census
    assert (blank.la_code, blank.year, blank.workers) == ("873", 2024, [])
