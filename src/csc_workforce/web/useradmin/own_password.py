"""Every user's own password page (``/accounts/password/``), and the rule that a user signed in with
a one-time password must choose their own before opening any other page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect
from django.urls import reverse, reverse_lazy

from csc_workforce.web.useradmin.models import TemporaryPassword
from csc_workforce.web.useradmin.services import change_own_password

MUST_CHANGE = "cscw_must_change_password"  # session key, set at sign-in


@receiver(user_logged_in)
def _flag_temporary_password(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    if request is not None and TemporaryPassword.objects.filter(user=user).exists():
        request.session[MUST_CHANGE] = True


class PasswordChangeRequiredMiddleware:
    """Sends a user still on a one-time password to the password page (sign-out stays open)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        if session is not None and session.get(MUST_CHANGE):
            allowed = (reverse("password_change"), reverse("logout"), reverse("healthz"))
            if request.path not in allowed:
                return redirect("password_change")
        return self.get_response(request)


class OwnPasswordChangeView(auth_views.PasswordChangeView):
    """Django's password change (current password, new one twice, the password validators), audited."""

    template_name = "useradmin/own_password.html"
    success_url = reverse_lazy("home")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["must_change"] = bool(self.request.session.get(MUST_CHANGE))
        return context

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        # Not the base class's form_valid: the account service saves it, audited, in one transaction.
        change_own_password(self.request, form)
        self.request.session.pop(MUST_CHANGE, None)
        messages.success(self.request, "Your password has been changed")
        return HttpResponseRedirect(self.get_success_url())
