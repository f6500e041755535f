"""Agency pages: CSRF, hostile uploads change nothing, and no SWE number reaches the audit log."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.test import Client

from csc_workforce.web.agency.models import EngagementRegister, RegionAgencyTerms
from csc_workforce.web.audit.models import AuditEvent
from tests.integration.agency.test_agency_web import (
    COUNCIL_PAGE,
    REGION_PAGE,
    good_register,
    upload,
    upload_caps,
)

pytestmark = [pytest.mark.security, pytest.mark.web, pytest.mark.django_db]


def test_uploads_need_the_csrf_token(analyst, lead):
    client = Client(enforce_csrf_checks=True)
    client.force_login(analyst)
    assert upload(client, good_register()).status_code == 403
    client.force_login(lead)
    assert upload_caps(client).status_code == 403
    assert not EngagementRegister.objects.exists() and not RegionAgencyTerms.objects.exists()


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * 250_000_000)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("register.xlsx", b"PK\x03\x04 not really a zip"),
        ("register.csv", b"engagement_id,la_code\x00\n"),
        ("register.xlsx", "zip bomb"),
        ("../../etc/passwd.csv", b"engagement_id\n"),
    ],
)
def test_hostile_registers_are_refused_and_leave_the_current_register(login, analyst, name, data):
    client = login(analyst)
    assert upload(client, good_register()).status_code == 302
    before = list(EngagementRegister.objects.values_list("pk", "sha256"))
    response = upload(client, _zip_bomb() if data == "zip bomb" else data, name)
    assert response.status_code == 400
    assert "/etc/" not in response.content.decode()
    assert list(EngagementRegister.objects.values_list("pk", "sha256")) == before


def test_no_swe_number_is_written_to_the_audit_log(login, analyst, lead):
    client = login(analyst)
    upload(client, good_register())
    client.get(COUNCIL_PAGE)
    client.get(COUNCIL_PAGE + "quarterly-return/?quarter=2025-Q2")
    upload(client, good_register().replace(b"social_worker", b"wizard"))
    lead_client = login(lead)
    upload_caps(lead_client)
    lead_client.get(REGION_PAGE)
    lead_client.get(REGION_PAGE + "report.xlsx")
    events = list(AuditEvent.objects.values("action", "path", "detail"))
    assert {e["action"] for e in events} >= {
        "agency_upload_register",
        "agency_view_engagements",
        "agency_export_quarterly",
        "agency_refuse_register",
        "agency_upload_terms",
        "agency_view_region",
        "agency_export_region",
    }
    text = json.dumps(events)
    assert "SW873" not in text and "SW822" not in text


def test_downloads_are_attachments_with_plain_names(login, analyst, lead):
    upload(login(analyst), good_register())
    response = login(lead).get(REGION_PAGE + "report.xlsx")
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="agency-compliance-east-of-england-')
    assert response["Cache-Control"] == "no-store"
