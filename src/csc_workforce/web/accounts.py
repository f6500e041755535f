"""Sign-in with throttling: after too many failures for a username or a client address within the
window, sign-in is refused (429) until the window passes. Every outcome is audited."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse

from csc_workforce.web.audit.models import Action
from csc_workforce.web.audit.services import record_event

THROTTLED_MESSAGE = "Too many failed sign-in attempts. Wait 15 minutes, then try again."


def _keys(request: HttpRequest, username: str) -> tuple[str, str]:
    address = request.META.get("REMOTE_ADDR", "")
    return f"cscw-login-user:{username.casefold()}", f"cscw-login-ip:{address}"


def _failures(keys: tuple[str, ...]) -> int:
    return max(int(cache.get(key, 0)) for key in keys)


def _add_failure(keys: tuple[str, ...]) -> None:
    window = settings.CSCW_LOGIN_WINDOW_SECONDS
    for key in keys:
        cache.add(key, 0, timeout=window)
        try:
            cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=window)


class ThrottledLoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = False

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        username = str(request.POST.get("username", ""))[:150]
        keys = _keys(request, username)
        if _failures(keys) >= settings.CSCW_LOGIN_MAX_FAILURES:
            record_event(request, Action.LOGIN_THROTTLED, username=username)
            # An unbound form keeps the username shown without checking the password: a throttled
            # attempt must not cost a password hash.
            form = self.get_form_class()(request, initial={"username": request.POST.get("username", "")})
            context = self.get_context_data(form=form, throttled_message=THROTTLED_MESSAGE)
            return self.render_to_response(context, status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        username = str(self.request.POST.get("username", ""))[:150]
        _add_failure(_keys(self.request, username))
        record_event(self.request, Action.LOGIN_FAILED, username=username)
        return super().form_invalid(form)

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        cache.delete(_keys(self.request, form.get_user().get_username())[0])
        return super().form_valid(form)
