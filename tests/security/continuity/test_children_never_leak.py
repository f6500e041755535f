"""A child's code never reaches a log, the audit trail, a page or the database."""

from __future__ import annotations

import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from csc_workforce.web.audit.models import AuditEvent
from csc_workforce.web.continuity.models import ContinuityUpload

pytestmark = pytest.mark.django_db
CHILD = "SECRETKID42"
EPISODES = f"CHILD,DECOM,RNE,LS,DEC\n{CHILD},01/01/2024,S,C2,\n"
GOOD = f"CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON\n{CHILD},05/06/2014,SW123,01/01/2024,,FCONTA\n"
BAD = f"CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON\n{CHILD},05/06/2014,{CHILD},01/01/2024,,FCONTA\n"


def _post(client, social_workers: str):
    return client.post(
        "/councils/873/continuity/",
        {
            "episodes": SimpleUploadedFile("episodes.csv", EPISODES.encode()),
            "social_workers": SimpleUploadedFile("sw.csv", social_workers.encode()),
        },
        follow=True,
    )


@pytest.mark.parametrize("social_workers", [GOOD, BAD])
def test_no_child_code_anywhere(analyst, login, caplog, social_workers):
    caplog.set_level(logging.DEBUG)
    client = login(analyst)
    response = _post(client, social_workers)
    page = client.get("/councils/873/continuity/?year=2024")
    assert CHILD not in response.content.decode() and CHILD not in page.content.decode()
    assert CHILD not in caplog.text
    assert all(CHILD not in str(event.detail) for event in AuditEvent.objects.all())
    stored = ContinuityUpload.objects.all()
    assert all(CHILD not in str(upload.care_episodes + upload.social_worker_episodes) for upload in stored)
    assert all("2014-06-05" not in str(upload.social_worker_episodes) for upload in stored)  # month only
    assert stored.count() == (1 if social_workers is GOOD else 0)
