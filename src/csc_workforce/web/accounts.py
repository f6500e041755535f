"""Sign-in with throttling, and sessions that end when idle. Every outcome is audited.

- Failures are counted per account, keyed on the username as Django reads it (NFKC-normalised,
  without surrounding spaces) and case-folded, so ``ａnalyst.919`` and `` analyst.919 `` share the
  counter of ``analyst.919``. After ``CSCW_LOGIN_MAX_FAILURES`` within the window that account's
  sign-in is refused (429) without checking a password, until the window passes.
- Failures are also counted per client address (``audit.client``: behind a trusted proxy, the
  client's own address). An address over ``CSCW_LOGIN_MAX_FAILURES_PER_ADDRESS`` still has each
  password checked: a correct one for an account not itself locked signs in, so others' failures
  behind a shared proxy or office network never lock anyone out; a wrong one is refused (429) and
  counts against its account as usual.
- A session unused for ``CSCW_SESSION_IDLE_SECONDS`` (30 minutes) ends at its next request, besides
  ``SESSION_COOKIE_AGE``'s absolute limit.
"""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Callable
from typing import Any, Final

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from csc_workforce.web.audit.client import client_address
from csc_workforce.web.audit.models import Action
from csc_workforce.web.audit.services import record_event

THROTTLED_MESSAGE = "Too many failed sign-in attempts. Wait 15 minutes, then try again."
LAST_SEEN: Final = "cscw_last_seen"  # session key: when this session last made a request (epoch seconds)
_MAX_USERNAME = 150


def normalised_username(username: str) -> str:
    """The throttling key of ``username``: as Django's sign-in form reads it (NFKC, stripped), and
    case-folded so that letter case gives no fresh guesses either."""
    return unicodedata.normalize("NFKC", username).strip().casefold()


def _user_key(username: str) -> str:
    return f"cscw-login-user:{normalised_username(username)}"


def _address_key(request: HttpRequest) -> str:
    return f"cscw-login-ip:{client_address(request)}"


def _failures(key: str) -> int:
    return int(cache.get(key, 0))


def _add_failure(*keys: str) -> None:
    window = settings.CSCW_LOGIN_WINDOW_SECONDS
    for key in keys:
        cache.add(key, 0, timeout=window)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window)


class ThrottledLoginView(auth_views.LoginView):
    """Password sign-in (unless ``CSCW_PASSWORD_SIGN_IN`` is off: then a posted password is refused
    unchecked), and the single sign-on button when ``CSCW_OIDC_ENABLED`` (``web.oidc``)."""

    template_name = "registration/login.html"
    redirect_authenticated_user = False

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["oidc_enabled"] = bool(getattr(settings, "CSCW_OIDC_ENABLED", False))
        context["password_sign_in"] = bool(settings.CSCW_PASSWORD_SIGN_IN)
        return context

    def _posted_username(self) -> str:
        return str(self.request.POST.get("username", ""))[:_MAX_USERNAME]

    def _refuse(self, request: HttpRequest, reason: str) -> HttpResponse:
        record_event(request, Action.LOGIN_THROTTLED, username=self._posted_username(), reason=reason)
        # An unbound form keeps the username shown without checking the password again.
        form = self.get_form_class()(request, initial={"username": request.POST.get("username", "")})
        context = self.get_context_data(form=form, throttled_message=THROTTLED_MESSAGE)
        return self.render_to_response(context, status=429)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not settings.CSCW_PASSWORD_SIGN_IN:
            record_event(
                request, Action.LOGIN_FAILED, username=self._posted_username(), reason="password_off"
            )
            return self.render_to_response(
                self.get_context_data(form=self.get_form_class()(request)), status=403
            )
        user_key = _user_key(self._posted_username())
        if _failures(user_key) >= settings.CSCW_LOGIN_MAX_FAILURES:
            # This account is locked: refused without costing a password hash.
            return self._refuse(request, "account")
        address_key = _address_key(request)
        if _failures(address_key) >= settings.CSCW_LOGIN_MAX_FAILURES_PER_ADDRESS:
            form = self.get_form()
            if form.is_valid():
                return self.form_valid(form)
            _add_failure(user_key, address_key)
            return self._refuse(request, "address")
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        username = self._posted_username()
        _add_failure(_user_key(username), _address_key(self.request))
        record_event(self.request, Action.LOGIN_FAILED, username=username)
        return super().form_invalid(form)

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        cache.delete(_user_key(form.get_user().get_username()))
        return super().form_valid(form)


class IdleTimeoutMiddleware:
    """Signs out a session that made no request for ``CSCW_SESSION_IDLE_SECONDS`` (audited), and
    sends the user to sign in again, back to the page they asked for."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        idle_limit = int(settings.CSCW_SESSION_IDLE_SECONDS)
        now = int(time.time())
        last_seen = request.session.get(LAST_SEEN)
        if isinstance(last_seen, int) and now - last_seen > idle_limit:
            record_event(request, Action.SESSION_IDLE_TIMEOUT, idle_seconds=now - last_seen)
            logout(request)
            return redirect_to_login(request.get_full_path())
        # Written at most once a minute (or a quarter of the limit), not on every request.
        if not isinstance(last_seen, int) or now - last_seen >= min(60, idle_limit // 4):
            request.session[LAST_SEEN] = now
        return self.get_response(request)
