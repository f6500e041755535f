"""The web foundation: health check, sign-in (with ``next`` and throttling), home, audit log."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, transaction
from django.test import Client

from csc_workforce.web.audit.models import AuditEvent
from csc_workforce.web.audit.services import record_event
from csc_workforce.web.orgs.models import Council, Region
from tests.web_fixtures.fixtures import PASSWORD

pytestmark = [pytest.mark.integration, pytest.mark.web, pytest.mark.django_db]


def test_healthz_is_ok_without_signing_in() -> None:
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_published_councils_and_regions_are_loaded(councils: Region) -> None:
    assert Region.objects.count() == 9
    east = Council.objects.filter(region__slug="east-of-england")
    assert east.count() == 11
    assert Council.objects.get(la_code="873").name == "Cambridgeshire"


def test_anonymous_user_gets_the_login_page_with_next(council: Council) -> None:
    response = Client().get("/councils/873/submissions/", follow=True)
    assert response.redirect_chain[-1][0] == "/accounts/login/?next=/councils/873/submissions/"
    assert b'name="username"' in response.content
    assert b'name="password"' in response.content


def test_login_honours_next_and_is_audited(analyst: object) -> None:
    client = Client(enforce_csrf_checks=False)
    response = client.post(
        "/accounts/login/",
        {"username": "analyst.873", "password": PASSWORD, "next": "/councils/873/submissions/"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/councils/873/submissions/"
    assert AuditEvent.objects.filter(action="login", username="analyst.873").count() == 1


def test_login_refuses_an_offsite_next(analyst: object) -> None:
    response = Client().post(
        "/accounts/login/", {"username": "analyst.873", "password": PASSWORD, "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert not response["Location"].startswith("https://evil.example")


def test_login_is_throttled_after_repeated_failures(analyst: object) -> None:
    client = Client()
    for _ in range(5):
        assert (
            client.post("/accounts/login/", {"username": "analyst.873", "password": "wrong"}).status_code
            == 200
        )
    refused = client.post("/accounts/login/", {"username": "analyst.873", "password": PASSWORD})
    assert refused.status_code == 429
    assert b"Too many failed sign-in attempts" in refused.content
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="login_failed").count() == 5
    assert AuditEvent.objects.filter(action="login_throttled").count() == 1


def test_a_throttled_sign_in_checks_no_password_and_keeps_the_username(
    analyst: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = Client()
    for _ in range(5):
        client.post("/accounts/login/", {"username": "analyst.873", "password": "wrong"})
    checked: list[object] = []
    monkeypatch.setattr("django.contrib.auth.forms.authenticate", lambda *a, **k: checked.append(k))
    refused = client.post("/accounts/login/", {"username": "analyst.873", "password": PASSWORD})
    assert refused.status_code == 429
    assert checked == []
    assert b'value="analyst.873"' in refused.content


def test_logout_needs_post_and_is_audited(analyst: object, login: object) -> None:
    client = login(analyst)  # type: ignore[operator]
    response = client.post("/accounts/logout/")
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action="logout", username="analyst.873").exists()


def test_home_sends_a_council_user_to_their_council(analyst: object, login: object) -> None:
    response = login(analyst).get("/")  # type: ignore[operator]
    assert response.status_code == 302
    assert response["Location"].startswith("/councils/873/")


def test_home_lists_choices_for_an_admin(admin_user: object, login: object) -> None:
    response = login(admin_user).get("/")  # type: ignore[operator]
    assert response.status_code == 200
    assert b"Cambridgeshire (873)" in response.content


def test_audit_log_refuses_update_and_delete(council: Council) -> None:
    event = record_event(None, "upload", council, username="someone", files=1)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(action="changed")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()
    event.refresh_from_db()
    assert event.action == "upload"


def test_pages_carry_security_headers(analyst: object, login: object) -> None:
    response = login(analyst).get("/councils/873/submissions/")  # type: ignore[operator]
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "'unsafe-inline'" not in policy
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "no-store"
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert f'nonce="{nonce}"'.encode() in response.content


def test_govuk_frontend_is_served_locally() -> None:
    client = Client()
    css = client.get("/assets/govuk/govuk-frontend.min.css")
    assert css.status_code == 200
    font = client.get("/assets/fonts/bold-b542beb274-v2.woff2")
    assert font.status_code == 200
    assert client.get("/assets/cscw/init.mjs").status_code == 200
