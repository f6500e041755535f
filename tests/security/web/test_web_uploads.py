"""Bad and hostile uploads are refused with a message naming the file, and never change stored data."""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from django.test import Client
from django.test.utils import override_settings

from csc_workforce.web.returns import services
from csc_workforce.web.returns.models import AcceptedReturn, Submission, SubmissionStatus, WorkerRecord
from tests.security.census.test_hostile_census_files import BILLION_LAUGHS, EXTERNAL_ENTITY
from tests.web_fixtures.returns import clean_return, return_with_errors, xlsx_bytes, xml_bytes

pytestmark = [pytest.mark.security, pytest.mark.web, pytest.mark.django_db]


def _zip_bomb() -> bytes:
    """An .xlsx-shaped zip whose one sheet unpacks to 300 MB of spaces (a few hundred KB packed)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            chunk = b" " * (1024 * 1024)
            for _ in range(300):
                member.write(chunk)
    return buffer.getvalue()


def _xlsx_with_doctype() -> bytes:
    """A real workbook with an entity declaration slipped into its shared strings."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes(clean_return("873", 2024))))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/workbook.xml":
                data = data.replace(b"?>", b'?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>', 1)
            target.writestr(info, data)
    return buffer.getvalue()


def _truncated(data: bytes) -> bytes:
    return data[: len(data) // 2]


HOSTILE = [
    ("laughs.xml", BILLION_LAUGHS, "DOCTYPE"),
    ("xxe.xml", EXTERNAL_ENTITY, "DOCTYPE"),
    ("truncated.xml", _truncated(xml_bytes(clean_return("873", 2024))), "not well-formed"),
    ("truncated.xlsx", _truncated(xlsx_bytes(clean_return("873", 2024))), "damaged or truncated"),
    ("bomb.xlsx", _zip_bomb(), "zip bomb"),
    ("entities.xlsx", _xlsx_with_doctype(), "entity declaration"),
    ("picture.xml", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ("not-a-workbook.xlsx", b"SWENo,FTE\nSW1,1\n", "not a zip package"),
    ("return.csv", b"SWENo,FTE\nSW1,1\n", "not a census file"),
    ("program.exe", b"MZ\x90\x00", "not a census file"),
]


def _stored(council: Any) -> tuple[object, ...]:
    """Everything accepted for the council: versions, bytes digests, worker rows and measures."""
    accepted = list(
        AcceptedReturn.objects.filter(council=council)
        .order_by("pk")
        .values_list("pk", "year", "version", "sha256")
    )
    measures = list(
        AcceptedReturn.objects.filter(council=council).order_by("pk").values_list("measures", flat=True)
    )
    workers = list(
        WorkerRecord.objects.filter(accepted_return__council=council)
        .order_by("pk")
        .values_list("pk", "swe_no", "fte")
    )
    return accepted, measures, workers


def _upload(client: Client, name: str, data: bytes) -> Any:
    upload = io.BytesIO(data)
    upload.name = name
    return client.post("/councils/873/submissions/new/", {"file": upload}, follow=True)


@pytest.mark.parametrize(("name", "data", "reason"), HOSTILE, ids=[item[0] for item in HOSTILE])
def test_hostile_upload_is_refused_and_changes_nothing(
    name: str, data: bytes, reason: str, accepted_return: Any, analyst: Any, login: Any
) -> None:
    before = _stored(accepted_return.council)
    response = _upload(login(analyst), name, data)
    assert response.status_code == 200
    text = response.content.decode()
    assert "The file could not be read" in text
    assert name in text
    assert reason in text
    assert "Traceback" not in text
    submission = Submission.objects.latest("pk")
    assert submission.status == SubmissionStatus.UNREADABLE
    assert submission.content is None
    assert submission.message.startswith(name + ":")
    assert _stored(accepted_return.council) == before


def test_return_with_errors_is_reported_and_changes_nothing(
    accepted_return: Any, analyst: Any, login: Any
) -> None:
    before = _stored(accepted_return.council)
    response = _upload(login(analyst), "errors.xml", xml_bytes(return_with_errors("873", 2024)))
    text = response.content.decode()
    assert "2 errors" in text
    assert "Accept this return" not in text
    submission = Submission.objects.latest("pk")
    assert submission.status == SubmissionStatus.REJECTED
    assert submission.content is None
    refused = login(analyst).post(f"/councils/873/submissions/{submission.pk}/accept/", follow=True)
    assert "cannot be accepted" in refused.content.decode()
    assert _stored(accepted_return.council) == before


@override_settings(CSCW_MAX_UPLOAD_BYTES=10_000)
def test_an_upload_over_the_size_limit_is_refused(accepted_return: Any, analyst: Any, login: Any) -> None:
    before = _stored(accepted_return.council)
    submissions = Submission.objects.count()
    data = xml_bytes(clean_return("873", 2024, workers=30))
    assert 10_000 < len(data) < 64 * 1024  # over the limit, within the request's allowance for form overhead
    response = _upload(login(analyst), "big.xml", data)
    assert response.status_code == 400
    assert "big.xml: is" in response.content.decode()
    assert "over the 10,000 byte upload limit" in response.content.decode()
    assert Submission.objects.count() == submissions
    assert _stored(accepted_return.council) == before


def test_a_failure_while_accepting_rolls_everything_back(
    accepted_return: Any, analyst: Any, login: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = login(analyst)
    _upload(client, "v2.xml", xml_bytes(clean_return("873", 2024, workers=20)))
    submission = Submission.objects.latest("pk")
    assert submission.status == SubmissionStatus.VALID
    before = _stored(accepted_return.council)

    def broken_keys(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("disk full")

    # The last write of an accept, after the version and its worker rows: all of it must go.
    monkeypatch.setattr(services, "keys_for_new_version", broken_keys)
    with pytest.raises(RuntimeError):
        client.post(f"/councils/873/submissions/{submission.pk}/accept/", {"reason": "a new team"})
    assert _stored(accepted_return.council) == before
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.VALID
    assert submission.content is not None


def test_a_clean_upload_then_accept_adds_a_version(accepted_return: Any, analyst: Any, login: Any) -> None:
    client = login(analyst)
    response = _upload(client, "v2.xlsx", xlsx_bytes(clean_return("873", 2024, workers=20)))
    assert "0 errors" in response.content.decode()
    submission = Submission.objects.latest("pk")
    client.post(f"/councils/873/submissions/{submission.pk}/accept/", {"reason": "a new team"})
    versions = list(
        AcceptedReturn.objects.filter(council__la_code="873", year=2024).values_list("version", flat=True)
    )
    assert sorted(versions) == [1, 2]
    assert services.current_returns(accepted_return.council)[0].workers[19].position == 20
    # Accepting the same submission twice is refused: it is already accepted.
    again = client.post(f"/councils/873/submissions/{submission.pk}/accept/", follow=True)
    assert "cannot be accepted" in again.content.decode()
    assert AcceptedReturn.objects.filter(council__la_code="873", year=2024).count() == 2


@override_settings(CSCW_MAX_UPLOAD_BYTES=10_000)
def test_a_request_declaring_a_huge_body_is_refused_before_reading_it(
    accepted_return: Any, analyst: Any, login: Any
) -> None:
    before = _stored(accepted_return.council)
    submissions = Submission.objects.count()
    client = login(analyst)
    response = client.post(
        "/councils/873/submissions/new/",
        data=b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(5 * 1024 * 1024 * 1024),
    )
    assert response.status_code == 413
    assert "over the 10,000 byte upload limit" in response.content.decode()
    assert Submission.objects.count() == submissions
    assert _stored(accepted_return.council) == before
