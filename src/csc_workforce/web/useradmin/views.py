"""Account pages for administrators (``/manage/users/``). Every page asks ``web.policy`` first:
anonymous users get the login page, every other role 403. Changes are POSTs with CSRF tokens, each
audited by ``services``. One-time passwords appear in the POST's own response, never in a URL, a
redirect, the session or a log."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from csc_workforce.web import policy
from csc_workforce.web.useradmin import services
from csc_workforce.web.useradmin.forms import AccountFilterForm, NewAccountForm, ScopeForm


def _initial_scope(account: Any) -> dict[str, str]:
    scope = services.scope_of(account)
    if scope is None:
        return {}
    return {
        "role": scope.role.value,
        "council": scope.council.la_code if scope.council else "",
        "region": scope.region.slug if scope.region else "",
    }


@require_GET
@login_required
def account_list(request: HttpRequest) -> HttpResponse:
    policy.users_manager_check(request)
    filters = AccountFilterForm(request.GET or None)
    chosen: dict[str, Any] = {}
    if filters.is_bound and filters.is_valid():
        chosen = {key: value for key, value in filters.cleaned_data.items() if value}
    shown = list(services.accounts(**chosen)) if not filters.errors else []
    return render(
        request,
        "useradmin/list.html",
        {"filters": filters, "accounts": shown, "filtered": bool(chosen)},
    )


def _render_account(
    request: HttpRequest, account: Any, form: ScopeForm | None = None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "useradmin/account.html",
        {
            "account": account,
            "scope": services.scope_of(account),
            "form": form or ScopeForm(initial=_initial_scope(account)),
            "changeable": policy.can_change_account(request.user, account),
        },
        status=status,
    )


@require_GET
@login_required
def account_page(request: HttpRequest, user_id: int) -> HttpResponse:
    return _render_account(request, policy.managed_user_for(request, user_id))


def _grantable(request: HttpRequest, scope: services.Scope) -> services.Scope:
    if not policy.can_grant_role(request.user, scope.role):
        raise PermissionDenied("You may not give this role")
    return scope


@never_cache
@require_http_methods(["GET", "POST"])
@login_required
def new_account(request: HttpRequest) -> HttpResponse:
    policy.users_manager_check(request)
    form = NewAccountForm(request.POST) if request.method == "POST" else NewAccountForm()
    if request.method == "POST" and form.is_valid():
        scope = _grantable(request, form.scope())
        account, password = services.create_account(request, form.cleaned_data["username"], scope)
        return render(
            request,
            "useradmin/password.html",
            {"account": account, "password": password, "created": True},
        )
    status = 400 if form.errors else 200
    return render(request, "useradmin/new.html", {"form": form}, status=status)


@require_POST
@login_required
def change_role(request: HttpRequest, user_id: int) -> HttpResponse:
    account = policy.changeable_user_for(request, user_id)
    form = ScopeForm(request.POST)
    if not form.is_valid():
        return _render_account(request, account, form, status=400)
    if services.change_role(request, account, _grantable(request, form.scope())):
        messages.success(request, f"{account.get_username()} is now {account.membership.get_role_display()}")
    else:
        messages.info(request, f"{account.get_username()} already had that role: nothing changed")
    return redirect("useradmin:account", user_id=account.pk)


@require_POST
@login_required
def change_status(request: HttpRequest, user_id: int) -> HttpResponse:
    account = policy.changeable_user_for(request, user_id)
    wanted = request.POST.get("active")
    if wanted not in ("0", "1"):
        return HttpResponseBadRequest("active must be 0 or 1")
    active = wanted == "1"
    if services.set_active(request, account, active=active):
        verb = "reactivated: they can sign in again" if active else "deactivated: they cannot sign in"
        messages.success(request, f"{account.get_username()} {verb}")
    return redirect("useradmin:account", user_id=account.pk)


@never_cache
@require_POST
@login_required
def reset_password(request: HttpRequest, user_id: int) -> HttpResponse:
    account = policy.changeable_user_for(request, user_id)
    password = services.reset_password(request, account)
    return render(
        request, "useradmin/password.html", {"account": account, "password": password, "created": False}
    )
