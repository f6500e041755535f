"""The check page, restore and report downloads are scoped to the council's own uploaders, and a
refused restore or acceptance changes nothing."""

from __future__ import annotations

from typing import Any

import pytest

from csc_workforce.web.audit.models import AuditEvent
from csc_workforce.web.returns.models import AcceptedReturn, Submission
from csc_workforce.web.returns.services import check_upload
from tests.web_fixtures.returns import clean_return, return_with_errors, xml_bytes

pytestmark = [pytest.mark.security, pytest.mark.web, pytest.mark.django_db]


def versions() -> list[tuple[int, int, str]]:
    return list(AcceptedReturn.objects.order_by("pk").values_list("pk", "version", "sha256"))


def test_another_councils_user_cannot_check_accept_restore_or_download(
    accepted_return: AcceptedReturn, analyst: Any, other_analyst: Any, login: Any
) -> None:
    submission = check_upload(
        accepted_return.council, xml_bytes(clean_return("873", 2024, workers=13)), "x.xml", analyst
    )
    before = versions()
    client = login(other_analyst)
    assert client.get(f"/councils/873/submissions/{submission.pk}/accept/").status_code in {403, 404}
    assert client.post(f"/councils/873/submissions/{submission.pk}/accept/", {"reason": "r"}).status_code in {
        403,
        404,
    }
    assert client.post(f"/councils/873/returns/{accepted_return.pk}/restore/").status_code in {403, 404}
    assert client.get(f"/councils/873/submissions/{submission.pk}/?download=csv").status_code in {403, 404}
    assert versions() == before


def test_restoring_the_current_version_is_refused_and_changes_nothing(
    accepted_return: AcceptedReturn, analyst: Any, login: Any
) -> None:
    before = versions()
    response = login(analyst).post(f"/councils/873/returns/{accepted_return.pk}/restore/", follow=True)
    assert "identical to version 1" in response.content.decode()
    assert versions() == before


def test_report_downloads_are_audited(accepted_return: AcceptedReturn, analyst: Any, login: Any) -> None:
    client = login(analyst)
    client.post(
        "/councils/873/submissions/new/",
        {"file": _file("bad.xml", xml_bytes(return_with_errors("873", 2024)))},
    )
    submission = Submission.objects.latest("pk")
    response = client.get(f"/councils/873/submissions/{submission.pk}/?download=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AuditEvent.objects.filter(action="view_submission", detail__download="xlsx").exists()


def _file(name: str, data: bytes) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: PLC0415

    return SimpleUploadedFile(name, data)
