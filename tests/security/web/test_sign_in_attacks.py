"""Sign-in holds against issue 10's attacks: Unicode and spaced usernames share their account's
counter, a shared proxy address locks nobody out, the client's own address is seen behind a
trusted proxy, and idle sessions end."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.test import Client, RequestFactory, override_settings

from csc_workforce.web.accounts import LAST_SEEN, normalised_username
from csc_workforce.web.audit.client import client_address
from csc_workforce.web.audit.models import AuditEvent
from tests.web_fixtures.fixtures import PASSWORD

pytestmark = [pytest.mark.security, pytest.mark.web, pytest.mark.django_db]

LOGIN = "/accounts/login/"


@pytest.fixture
def analyst_919(make_user: Any, council: Any) -> Any:
    return make_user("analyst.919", "council_analyst", council=council)


def _sign_in(client: Client, username: str, password: str, **extra: str) -> int:
    return client.post(LOGIN, {"username": username, "password": password}, **extra).status_code


def test_usernames_are_normalised_as_django_reads_them() -> None:
    assert normalised_username("ａnalyst.919") == "analyst.919"
    assert normalised_username(" analyst.919 ") == "analyst.919"
    assert normalised_username("Analyst.919") == "analyst.919"


def test_a_full_width_username_signs_in_when_not_locked(analyst_919: Any) -> None:
    assert _sign_in(Client(), "ａnalyst.919", PASSWORD) == 302


@pytest.mark.parametrize("variant", ["ａnalyst.919", " analyst.919 ", "ANALYST.919"])
def test_look_alike_spellings_share_the_account_counter(analyst_919: Any, variant: str) -> None:
    spellings = ["analyst.919", "ａnalyst.919", " analyst.919 ", "Analyst.919", "analyst.919\u3000"]
    for spelling in spellings:
        assert _sign_in(Client(REMOTE_ADDR=f"198.51.100.{len(spelling)}"), spelling, "wrong") == 200
    # Every spelling, from a fresh address, now meets the locked account: no fresh guesses.
    assert _sign_in(Client(REMOTE_ADDR="198.51.100.99"), variant, PASSWORD) == 429
    assert AuditEvent.objects.filter(action="login_throttled", detail__reason="account").count() == 1


@override_settings(CSCW_LOGIN_MAX_FAILURES_PER_ADDRESS=5)
def test_others_failures_at_a_shared_address_lock_nobody_out(admin_user: Any, lead: Any) -> None:
    proxy = Client(REMOTE_ADDR="10.0.0.1")
    for number in range(8):
        _sign_in(proxy, f"made-up.{number}", "wrong")
    assert _sign_in(proxy, "admin", "wrong") == 429  # the address is over its limit: wrong is refused
    assert _sign_in(Client(REMOTE_ADDR="10.0.0.1"), "admin", PASSWORD) == 302
    assert _sign_in(Client(REMOTE_ADDR="10.0.0.1"), "lead.east-of-england", PASSWORD) == 302


@override_settings(CSCW_TRUSTED_PROXIES=["10.0.0.0/24"], CSCW_LOGIN_MAX_FAILURES_PER_ADDRESS=5)
def test_behind_a_trusted_proxy_each_client_has_its_own_address(admin_user: Any) -> None:
    for number in range(6):
        _sign_in(
            Client(REMOTE_ADDR="10.0.0.1"), f"made-up.{number}", "wrong", HTTP_X_FORWARDED_FOR="203.0.113.5"
        )
    # Another client behind the same proxy is not over any limit: its failure is an ordinary one.
    assert (
        _sign_in(Client(REMOTE_ADDR="10.0.0.1"), "admin", "wrong", HTTP_X_FORWARDED_FOR="203.0.113.6") == 200
    )
    assert (
        _sign_in(Client(REMOTE_ADDR="10.0.0.1"), "admin", "wrong", HTTP_X_FORWARDED_FOR="203.0.113.5") == 429
    )
    addresses = set(AuditEvent.objects.values_list("ip_address", flat=True))
    assert addresses == {"203.0.113.5", "203.0.113.6"}


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        ("203.0.113.9", "198.51.100.1", "203.0.113.9"),  # not from our proxy: the header is ignored
        ("10.0.0.1", "198.51.100.1", "198.51.100.1"),
        ("10.0.0.1", "1.2.3.4, 198.51.100.1", "198.51.100.1"),  # the client's own claim is not believed
        ("10.0.0.1", "198.51.100.1, 10.0.0.2", "198.51.100.1"),  # two of our proxies
        ("10.0.0.1", "not-an-address", "10.0.0.1"),
        ("10.0.0.1", "", "10.0.0.1"),
    ],
)
def test_client_address_believes_only_trusted_proxies(remote: str, forwarded: str, expected: str) -> None:
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(CSCW_TRUSTED_PROXIES=["10.0.0.0/24"]):
        assert client_address(request) == expected


def test_an_idle_session_ends_and_an_active_one_does_not(analyst: Any) -> None:
    client = Client()
    assert _sign_in(client, "analyst.873", PASSWORD) == 302
    assert client.get("/councils/873/submissions/").status_code == 200
    session = client.session
    session[LAST_SEEN] = int(time.time()) - 29 * 60
    session.save()
    assert client.get("/councils/873/submissions/").status_code == 200  # 29 minutes: still signed in
    session = client.session
    session[LAST_SEEN] = int(time.time()) - 31 * 60
    session.save()
    response = client.get("/councils/873/submissions/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/councils/873/submissions/")
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="session_idle_timeout", username="analyst.873").exists()
