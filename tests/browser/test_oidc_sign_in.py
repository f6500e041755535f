"""Single sign-on in Chromium, through a real OpenID Connect provider on loopback: the sign-in
page's council account button, the provider's own page, and back signed in; an account without a
role is sent to the "ask your administrator" page instead."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings
from playwright.sync_api import expect

from csc_workforce.web.audit.models import Action, AuditEvent
from tests.integration.web_oidc.provider import oidc_settings, running_provider

pytestmark = [pytest.mark.browser, pytest.mark.web]


@pytest.fixture
def oidc_site(live_site: str) -> Iterator[str]:
    with running_provider() as issuer, override_settings(**oidc_settings(issuer)):
        yield live_site


def _sign_in_at_provider(page: Any, base_url: str, email: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_role("button", name="Sign in with your council account").click()
    page.get_by_placeholder("sub").fill(email)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_load_state()


def test_sign_in_with_the_council_account(page: Any, oidc_site: str, screenshot: Any) -> None:
    users = get_user_model().objects
    users.create_user(username="new.starter", email="new.starter@council.example")
    _sign_in_at_provider(page, oidc_site, "new.starter@council.example")
    expect(page.get_by_role("heading", level=1)).to_have_text("You cannot use this service yet")
    expect(page.get_by_text("Ask your administrator")).to_be_visible()
    screenshot(page, "oidc-ask-your-administrator")

    analyst = users.get(username="analyst.873")
    analyst.email = "jo.analyst@council.example"
    analyst.save(update_fields=["email"])
    page.goto(f"{oidc_site}/accounts/login/")
    screenshot(page, "oidc-sign-in-page")
    _sign_in_at_provider(page, oidc_site, "Jo.Analyst@council.example")
    assert page.url.endswith("/councils/873/"), page.url
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    assert (
        AuditEvent.objects.filter(action=Action.LOGIN, user_id=analyst.pk, path="/oidc/callback/").count()
        == 1
    )
    assert (
        AuditEvent.objects.filter(action=Action.LOGIN_FAILED, username="new.starter@council.example").count()
        == 1
    )
