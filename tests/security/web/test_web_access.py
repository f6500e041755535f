"""Each role sees exactly what it should; every cross-council attempt is refused; anonymous users
get the login page; CSRF is enforced; no worker identifiers in URLs or the audit log."""

from __future__ import annotations

import re
import subprocess
import sys
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.test import Client

from csc_workforce.web import policy
from csc_workforce.web.audit.models import AuditEvent
from csc_workforce.web.returns.models import AcceptedReturn
from csc_workforce.web.returns.services import accept_file, check_upload
from tests.web_fixtures.fixtures import PASSWORD
from tests.web_fixtures.returns import clean_return, xml_bytes

pytestmark = [pytest.mark.security, pytest.mark.web, pytest.mark.django_db]

SWE = re.compile(r"SW\d{6,}")
USERS = ("analyst", "manager", "other_analyst", "lead", "other_lead", "admin_user", "no_role_user")


def _council_urls(la_code: str, submission_id: int) -> list[str]:
    return [
        f"/councils/{la_code}/submissions/",
        f"/councils/{la_code}/submissions/new/",
        f"/councils/{la_code}/submissions/{submission_id}/",
        f"/councils/{la_code}/workers/",
        f"/councils/{la_code}/workers/?year=2024",
        f"/councils/{la_code}/workers/export.xlsx",
    ]


# Who may open Cambridgeshire's (873) pages: its own analyst and manager, and administrators.
ALLOWED_873 = {"analyst", "manager", "admin_user"}


@pytest.mark.parametrize("who", USERS)
def test_council_pages_are_open_only_to_the_councils_own_users(
    who: str, accepted_return: AcceptedReturn, request: pytest.FixtureRequest, login: Any
) -> None:
    user = request.getfixturevalue(who)
    client = login(user)
    for url in _council_urls("873", accepted_return.submission_id):
        status = client.get(url).status_code
        assert status == (200 if who in ALLOWED_873 else 403), (who, url, status)


def test_another_councils_submission_is_not_found_under_your_own_council(
    accepted_return: AcceptedReturn, other_analyst: Any, login: Any
) -> None:
    client = login(other_analyst)
    submission = accepted_return.submission_id
    assert client.get(f"/councils/822/submissions/{submission}/").status_code == 404
    assert client.post(f"/councils/822/submissions/{submission}/accept/").status_code == 404
    assert client.post(f"/councils/873/submissions/{submission}/accept/").status_code == 403


def test_accepting_another_councils_valid_submission_is_refused(
    council: Any, other_council: Any, analyst: Any, other_analyst: Any, login: Any
) -> None:
    pending = check_upload(council, xml_bytes(clean_return("873", 2023)), "cambs.xml", analyst)
    assert pending.can_be_accepted
    attacker = login(other_analyst)
    assert attacker.post(f"/councils/873/submissions/{pending.pk}/accept/").status_code == 403
    assert attacker.post(f"/councils/822/submissions/{pending.pk}/accept/").status_code == 404
    assert not AcceptedReturn.objects.exists()


def test_a_regional_lead_never_sees_worker_rows(
    accepted_return: AcceptedReturn, lead: Any, login: Any
) -> None:
    client = login(lead)
    for la_code in ("873", "822"):
        response = client.get(f"/councils/{la_code}/workers/")
        assert response.status_code == 403
        assert not SWE.search(response.content.decode())
    assert not policy.can_see_workers(lead, accepted_return.council)
    assert list(policy.councils_visible_to(lead)) == []


def test_unknown_council_is_404_and_anonymous_gets_the_login_page(
    accepted_return: AcceptedReturn, analyst: Any, login: Any
) -> None:
    assert login(analyst).get("/councils/999/workers/").status_code == 404
    anonymous = Client()
    for url in _council_urls("873", accepted_return.submission_id):
        response = anonymous.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/?next=")
    assert (
        anonymous.post(f"/councils/873/submissions/{accepted_return.submission_id}/accept/").status_code
        == 302
    )


def test_region_scoping_in_policy(
    region: Any, other_region: Any, lead: Any, other_lead: Any, analyst: Any, admin_user: Any, rf: Any
) -> None:
    def request_for(user: Any) -> Any:
        request = rf.get("/")
        request.user = user
        return request

    assert policy.region_for(request_for(lead), "east-of-england") == region
    assert policy.region_for(request_for(admin_user), "london") == other_region
    for user, slug in ((other_lead, "east-of-england"), (analyst, "east-of-england"), (lead, "london")):
        with pytest.raises(PermissionDenied):
            policy.region_for(request_for(user), slug)
    with pytest.raises(Http404):
        policy.region_for(request_for(admin_user), "atlantis")


def test_workers_page_shows_only_the_councils_own_workers_and_is_audited(
    accepted_return: AcceptedReturn, other_council: Any, other_analyst: Any, analyst: Any, login: Any
) -> None:
    accept_file(other_council, xml_bytes(clean_return("822", 2024)), other_analyst)
    client = login(analyst)
    page = client.get("/councils/873/workers/").content.decode()
    numbers = set(SWE.findall(page))
    assert len(numbers) == 12
    assert all(number.startswith("SW873") for number in numbers)
    export = client.get("/councils/873/workers/export.xlsx")
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    actions = list(AuditEvent.objects.filter(la_code="873").values_list("action", flat=True))
    assert "view_workers" in actions
    assert "export_workers" in actions


def test_no_worker_identifiers_in_urls_or_the_audit_log(
    accepted_return: AcceptedReturn, analyst: Any, login: Any, caplog: pytest.LogCaptureFixture
) -> None:
    client = login(analyst)
    caplog.set_level("DEBUG")
    pages = [
        client.get(url).content.decode() for url in _council_urls("873", accepted_return.submission_id)[:-1]
    ]
    assert SWE.search(pages[3])  # the workers page does show them, to the council's own analyst
    for page in pages:
        for href in re.findall(r'(?:href|action|src)="([^"]*)"', page):
            assert not SWE.search(href), href
    for event in AuditEvent.objects.all():
        assert not SWE.search(event.path + str(event.detail)), event
    assert not SWE.search(caplog.text)


def test_csrf_is_enforced_on_every_form(accepted_return: AcceptedReturn, analyst: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    assert client.post("/accounts/login/", {"username": "analyst.873", "password": "x"}).status_code == 403
    client.force_login(analyst)
    assert client.post("/councils/873/submissions/new/", {}).status_code == 403
    assert (
        client.post(f"/councils/873/submissions/{accepted_return.submission_id}/accept/").status_code == 403
    )
    assert client.post("/accounts/logout/").status_code == 403


def test_security_headers_on_the_login_page() -> None:
    response = Client().get("/accounts/login/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response.cookies["csrftoken"]["samesite"] == "Lax"


def test_session_cookie_is_httponly_and_not_secure_in_the_demo(analyst: Any) -> None:
    client = Client()
    client.post("/accounts/login/", {"username": "analyst.873", "password": PASSWORD})
    cookie = client.cookies["sessionid"]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"


def test_production_settings_use_secure_cookies_and_hsts() -> None:
    code = (
        "import csc_workforce.web.settings.production as s;"
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0)"
    )
    env = {
        "CSCW_SECRET_KEY": "Hq3v-9xZ_t2LmP8sWc4NbR7yKd1FgJ6uA0eOiTzXhVwQ",
        "CSCW_DATABASE_URL": "postgresql://app@db.internal:5432/cscw",
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["True", "True", "True"]
    refused = subprocess.run(
        [sys.executable, "-c", code],
        env={"PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert refused.returncode != 0
    assert "CSCW_SECRET_KEY" in refused.stderr


def test_demo_settings_keep_cookies_usable_over_plain_http() -> None:
    code = "import csc_workforce.web.settings.demo as s; print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "False"]
