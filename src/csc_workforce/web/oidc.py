"""Single sign-on with the council's OpenID Connect provider (mozilla-django-oidc; docs/web.md).

- The provider's email claim is matched, case-insensitively, to one account's email or username;
  no account is ever created here, and none gets a role: an administrator grants roles through
  ``useradmin.services``.
- A sign-in is refused, audited as ``login_failed`` with the reason, and ends on the "ask your
  administrator" page when the email's domain is not allowed, the provider says it is unverified,
  no account or more than one matches, the account is deactivated or has no role yet, or the
  provider cannot be reached. A sign-in that succeeds is audited as ``login`` like a password one
  (Django's ``user_logged_in`` signal, ``audit.signals``).
"""

from __future__ import annotations

import logging
from typing import Any, Final

import jwt
import requests
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import SuspiciousOperation
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from csc_workforce.web.audit.models import Action
from csc_workforce.web.audit.services import record_event
from csc_workforce.web.orgs.models import Membership
from csc_workforce.web.useradmin.own_password import MUST_CHANGE

LOGGER = logging.getLogger(__name__)
REFUSED_EMAIL: Final = "cscw_oidc_refused_email"  # session key: the email shown on the refused page
_MAX_EMAIL = 254


def oidc_enabled() -> bool:
    return bool(getattr(settings, "CSCW_OIDC_ENABLED", False))


def email_domain_allowed(email: str) -> bool:
    """True when ``email``'s domain (after the last @) is one of ``CSCW_OIDC_ALLOWED_EMAIL_DOMAINS``."""
    local, at, domain = email.strip().rpartition("@")
    if not at or not local or not domain:
        return False
    return domain.lower() in settings.CSCW_OIDC_ALLOWED_EMAIL_DOMAINS


def refusal_reason(claims: dict[str, Any]) -> str | None:
    """Why the provider's claims cannot sign anyone in, or None."""
    email = claims.get("email")
    if not isinstance(email, str) or not email.strip():
        return "no_email"
    if claims.get("email_verified") is False:
        return "email_unverified"
    if not email_domain_allowed(email):
        return "domain_not_allowed"
    return None


class CouncilAccountBackend(OIDCAuthenticationBackend):
    """Signs in the one existing account whose email (or username) is the provider's email."""

    def _refuse(self, email: str, reason: str) -> None:
        record_event(self.request, Action.LOGIN_FAILED, username=email[:150], method="oidc", reason=reason)
        self.request.session[REFUSED_EMAIL] = email[:_MAX_EMAIL]

    def verify_token(self, token: str, **kwargs: Any) -> Any:
        payload = super().verify_token(token, **kwargs)
        issuer = settings.CSCW_OIDC_ISSUER
        if issuer and str(payload.get("iss", "")).rstrip("/") != issuer:
            raise SuspiciousOperation("ID token issuer is not the configured provider")
        return payload

    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        email = str(claims.get("email", "")).strip()
        return get_user_model().objects.filter(Q(email__iexact=email) | Q(username__iexact=email))

    def get_or_create_user(self, access_token: str, id_token: str, payload: dict[str, Any]) -> Any:
        claims = self.get_userinfo(access_token, id_token, payload)
        email = str(claims.get("email") or "").strip()
        reason = refusal_reason(claims)
        if reason is not None:
            self._refuse(email, reason)
            return None
        users = list(self.filter_users_by_claims(claims)[:2])
        if len(users) != 1:
            self._refuse(email, "no_account" if not users else "several_accounts")
            return None
        user = users[0]
        if not user.is_active:
            self._refuse(email, "account_deactivated")
            return None
        if not Membership.objects.filter(user=user).exists():
            self._refuse(email, "no_role")
            return None
        return user

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> Any:
        if not oidc_enabled() or request is None or "code" not in request.GET:
            return None
        try:
            return super().authenticate(request, **kwargs)
        except (
            requests.RequestException,
            jwt.PyJWTError,
            SuspiciousOperation,
            KeyError,
            ValueError,
        ) as error:
            # The provider unreachable, a bad token or an error answer: refused, never a 500.
            LOGGER.warning("single sign-on failed: %s", error)
            record_event(request, Action.LOGIN_FAILED, method="oidc", reason="provider_error")
            return None


def _only_when_enabled() -> None:
    if not oidc_enabled():
        raise Http404("Single sign-on is not configured")


class CouncilSignInStartView(OIDCAuthenticationRequestView):
    """Sends the browser to the provider (404 when single sign-on is not configured)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # The parent reads the provider's settings on creation; without them there is nothing to start.
        _only_when_enabled()
        super().__init__(*args, **kwargs)


class CouncilSignInCallbackView(OIDCAuthenticationCallbackView):
    """The provider's answer: signs in, or ends on the refused page (audited)."""

    def get(self, request: HttpRequest) -> HttpResponse:
        _only_when_enabled()
        request.session.pop(REFUSED_EMAIL, None)  # an earlier refusal's email is not this one's
        if request.GET.get("error"):
            record_event(request, Action.LOGIN_FAILED, method="oidc", reason=str(request.GET["error"])[:64])
        return super().get(request)

    def login_success(self) -> HttpResponse:
        response = super().login_success()
        # Signed in by the provider, not the one-time password: nothing to change before working.
        self.request.session.pop(MUST_CHANGE, None)
        return response


def sign_in_refused(request: HttpRequest) -> HttpResponse:
    """The "ask your administrator" page after a refused single sign-on."""
    email = request.session.get(REFUSED_EMAIL, "")
    return render(request, "registration/oidc_refused.html", {"email": email}, status=403)
