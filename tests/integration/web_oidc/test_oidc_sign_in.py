"""Single sign-on end to end against a real OpenID Connect provider on loopback: the app's
redirect, the provider's authorisation form, the code exchanged for signed tokens, the email
matched to an account; and every refusal audited, ending on the "ask your administrator" page."""

from __future__ import annotations

import socket
from typing import Any
from urllib.parse import urlsplit

import pytest
import requests
from django.contrib.auth import get_user_model
from django.test import Client, override_settings

from csc_workforce.web.audit.models import Action, AuditEvent
from csc_workforce.web.orgs.models import Membership, Role
from csc_workforce.web.useradmin.services import Scope, create_account
from tests.integration.web_oidc.provider import UNVERIFIED
from tests.web_fixtures.fixtures import PASSWORD

pytestmark = [pytest.mark.web, pytest.mark.django_db]

EMAIL = "jo.analyst@council.example"


def through_provider(client: Client, sub: str, *, deny: bool = False, next_path: str = "") -> Any:
    """Start sign-in at the app, answer the provider's form as ``sub`` and return the app's answer
    to the provider's redirect back."""
    start = client.get("/oidc/authenticate/" + (f"?next={next_path}" if next_path else ""))
    assert start.status_code == 302, start
    authorize_url = start["Location"]
    assert authorize_url.startswith("http://127.0.0.1:")
    form = {"action": "deny"} if deny else {"sub": sub}
    answer = requests.post(authorize_url, data=form, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text
    back = urlsplit(answer.headers["Location"])
    assert back.path == "/oidc/callback/"
    return client.get(f"{back.path}?{back.query}")


def _events(action: Action) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


def _signed_in_user(client: Client) -> Any:
    return client.get("/").wsgi_request.user


def test_sign_in_page_offers_council_sign_in_only_when_configured(oidc_configured: Any) -> None:
    page = Client().get("/accounts/login/")
    assert "Sign in with your council account" in page.content.decode()
    assert 'name="password"' in page.content.decode()
    with override_settings(CSCW_OIDC_ENABLED=False):
        page = Client().get("/accounts/login/")
        assert "Sign in with your council account" not in page.content.decode()
        assert Client().get("/oidc/authenticate/").status_code == 404
        assert Client().get("/oidc/callback/?code=x&state=y").status_code == 404


def test_an_account_with_a_role_signs_in_by_its_email(oidc_configured: Any, analyst: Any) -> None:
    analyst.email = EMAIL
    analyst.save(update_fields=["email"])
    client = Client()
    answer = through_provider(client, EMAIL.upper(), next_path="/councils/873/")
    assert answer.status_code == 302
    assert answer["Location"] == "/councils/873/"
    assert _signed_in_user(client) == analyst
    (login,) = _events(Action.LOGIN)
    assert login.user_id == analyst.pk
    assert login.username == "analyst.873"
    assert login.path == "/oidc/callback/"


def test_a_username_that_is_the_email_matches(oidc_configured: Any, make_user: Any, council: Any) -> None:
    manager = make_user(EMAIL, "council_manager", council=council)
    client = Client()
    assert through_provider(client, EMAIL).status_code == 302
    assert _signed_in_user(client) == manager


@pytest.mark.parametrize(
    ("sub", "reason"),
    [
        ("nobody@council.example", "no_account"),
        ("jo.analyst@elsewhere.example", "domain_not_allowed"),
        (UNVERIFIED, "email_unverified"),
    ],
)
def test_refused_sign_ins_ask_for_an_administrator(
    oidc_configured: Any, councils: Any, sub: str, reason: str
) -> None:
    client = Client()
    answer = through_provider(client, sub)
    assert answer["Location"] == "/accounts/sign-in/refused/"
    refused = client.get(answer["Location"])
    assert refused.status_code == 403
    assert "Ask your administrator" in refused.content.decode()
    assert sub in refused.content.decode()
    assert not _signed_in_user(client).is_authenticated
    (failure,) = _events(Action.LOGIN_FAILED)
    assert failure.detail == {"method": "oidc", "reason": reason}
    assert failure.username == sub
    assert not get_user_model().objects.filter(email__iexact=sub).exists()


def test_an_account_without_a_role_is_not_signed_in_nor_given_one(
    oidc_configured: Any, make_user: Any
) -> None:
    account = make_user("new.starter", None)
    account.email = EMAIL
    account.save(update_fields=["email"])
    client = Client()
    answer = through_provider(client, EMAIL)
    assert "Ask your administrator" in client.get(answer["Location"]).content.decode()
    assert not _signed_in_user(client).is_authenticated
    assert not Membership.objects.filter(user=account).exists()
    assert [event.detail["reason"] for event in _events(Action.LOGIN_FAILED)] == ["no_role"]
    assert not _events(Action.LOGIN)


def test_a_deactivated_account_is_refused(oidc_configured: Any, analyst: Any) -> None:
    analyst.email = EMAIL
    analyst.is_active = False
    analyst.save(update_fields=["email", "is_active"])
    client = Client()
    through_provider(client, EMAIL)
    assert not _signed_in_user(client).is_authenticated
    assert [event.detail["reason"] for event in _events(Action.LOGIN_FAILED)] == ["account_deactivated"]


def test_two_accounts_with_the_email_are_refused(oidc_configured: Any, analyst: Any, make_user: Any) -> None:
    analyst.email = EMAIL
    analyst.save(update_fields=["email"])
    make_user(EMAIL, None)
    client = Client()
    through_provider(client, EMAIL)
    assert not _signed_in_user(client).is_authenticated
    assert [event.detail["reason"] for event in _events(Action.LOGIN_FAILED)] == ["several_accounts"]


def test_the_user_declining_at_the_provider_is_audited(oidc_configured: Any, councils: Any) -> None:
    client = Client()
    answer = through_provider(client, "", deny=True)
    assert answer["Location"] == "/accounts/sign-in/refused/"
    assert [event.detail for event in _events(Action.LOGIN_FAILED)] == [
        {"method": "oidc", "reason": "access_denied"}
    ]


def test_a_token_from_another_issuer_is_refused(oidc_configured: Any, analyst: Any) -> None:
    analyst.email = EMAIL
    analyst.save(update_fields=["email"])
    with override_settings(CSCW_OIDC_ISSUER="https://login.example.invalid"):
        client = Client()
        answer = through_provider(client, EMAIL)
    assert answer["Location"] == "/accounts/sign-in/refused/"
    assert not _signed_in_user(client).is_authenticated
    assert [event.detail["reason"] for event in _events(Action.LOGIN_FAILED)] == ["provider_error"]


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_an_unreachable_token_endpoint_is_refused_not_an_error(oidc_configured: Any, analyst: Any) -> None:
    analyst.email = EMAIL
    analyst.save(update_fields=["email"])
    with override_settings(OIDC_OP_TOKEN_ENDPOINT=f"http://127.0.0.1:{_closed_port()}/oauth2/token"):
        client = Client()
        answer = through_provider(client, EMAIL)
    assert answer.status_code == 302
    assert answer["Location"] == "/accounts/sign-in/refused/"
    assert [event.detail["reason"] for event in _events(Action.LOGIN_FAILED)] == ["provider_error"]


def test_password_sign_in_can_be_switched_off(oidc_configured: Any, analyst: Any) -> None:
    with override_settings(CSCW_PASSWORD_SIGN_IN=False):
        client = Client()
        page = client.get("/accounts/login/").content.decode()
        assert 'name="password"' not in page
        assert "Sign in with your council account" in page
        refused = client.post("/accounts/login/", {"username": "analyst.873", "password": PASSWORD})
        assert refused.status_code == 403
        assert not _signed_in_user(client).is_authenticated
        assert [event.detail for event in _events(Action.LOGIN_FAILED)] == [{"reason": "password_off"}]
    # Switched on (the default, as in the demo), the same password signs in.
    assert (
        client.post("/accounts/login/", {"username": "analyst.873", "password": PASSWORD}).status_code == 302
    )


def test_an_account_made_by_an_administrator_works_at_once(oidc_configured: Any, council: Any) -> None:
    """Made through the account service with the email as its username (a one-time password too):
    signing in through the provider needs no password change first."""
    account, _password = create_account(None, EMAIL, Scope(Role.COUNCIL_ANALYST, council), by="test")
    client = Client()
    assert through_provider(client, EMAIL)["Location"] == "/"
    assert _signed_in_user(client) == account
    assert client.get("/")["Location"] == "/councils/873/"
