"""Account changes, each in one transaction with its audit event. Callers have passed ``web.policy``.

Passwords are generated here, hashed by Django and returned once for the page to show; they are
never stored in clear, put in the audit log or logged. The user must replace one at their next
sign-in (``TemporaryPassword``, ``own_password``).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from csc_workforce.web.audit.models import Action
from csc_workforce.web.audit.services import record_event
from csc_workforce.web.orgs.models import Council, Membership, Region, Role
from csc_workforce.web.useradmin.models import TemporaryPassword

ONE_TIME_PASSWORD_BYTES = 15  # 20 URL-safe characters, well over the 12-character minimum
NO_ROLE = "none"  # the account list's filter value for accounts with no role


@dataclass(frozen=True, slots=True)
class Scope:
    """A role with the council or region it applies to (the Membership check constraint's shape)."""

    role: Role
    council: Council | None = None
    region: Region | None = None

    def describe(self) -> dict[str, str]:
        """The scope for the audit log: role, council code, region slug."""
        return {
            "role": self.role.value,
            "council_code": self.council.la_code if self.council else "",
            "region": self.region.slug if self.region else "",
        }


def scope_of(account: Any) -> Scope | None:
    try:
        membership: Membership = account.membership
    except Membership.DoesNotExist:
        return None
    return Scope(Role(membership.role), membership.council, membership.region)


def one_time_password() -> str:
    return secrets.token_urlsafe(ONE_TIME_PASSWORD_BYTES)


def accounts(council: Council | None = None, region: Region | None = None, role: str = "") -> QuerySet[Any]:
    """Every account, optionally of one council, one region (its lead and its councils' users) or
    one role (:data:`NO_ROLE`: accounts with no role)."""
    found = (
        get_user_model()
        .objects.select_related("membership__council__region", "membership__region")
        .order_by("username")
    )
    if council is not None:
        found = found.filter(membership__council=council)
    if region is not None:
        found = found.filter(Q(membership__region=region) | Q(membership__council__region=region))
    if role == NO_ROLE:
        found = found.filter(membership__isnull=True)
    elif role:
        found = found.filter(membership__role=role)
    return found


def _audit(request: HttpRequest, action: Action, account: Any, scope: Scope | None, **detail: Any) -> None:
    record_event(
        request,
        action,
        council=scope.council if scope is not None else None,
        account=account.get_username(),
        account_id=account.pk,
        **detail,
    )


def create_account(request: HttpRequest, username: str, scope: Scope) -> tuple[Any, str]:
    """A new active user with ``scope`` and a one-time password (returned, never stored in clear)."""
    password = one_time_password()
    with transaction.atomic():
        account = get_user_model().objects.create_user(username=username, password=password)
        Membership.objects.create(
            user=account, role=scope.role.value, council=scope.council, region=scope.region
        )
        TemporaryPassword.objects.create(user=account)
        _audit(request, Action.USER_CREATE, account, scope, **scope.describe())
    return account, password


def change_role(request: HttpRequest, account: Any, scope: Scope) -> bool:
    """Give ``account`` the role and scope; False (and no event) when nothing changes."""
    previous = scope_of(account)
    if previous == scope:
        return False
    with transaction.atomic():
        Membership.objects.update_or_create(
            user=account,
            defaults={"role": scope.role.value, "council": scope.council, "region": scope.region},
        )
        before = previous.describe() if previous is not None else dict.fromkeys(scope.describe(), "")
        _audit(
            request,
            Action.USER_ROLE_CHANGE,
            account,
            scope,
            **scope.describe(),
            **{f"previous_{key}": value for key, value in before.items()},
        )
    account.refresh_from_db()
    return True


def set_active(request: HttpRequest, account: Any, *, active: bool) -> bool:
    """Deactivate (signs the user out everywhere at their next request) or reactivate."""
    if account.is_active == active:
        return False
    with transaction.atomic():
        account.is_active = active
        account.save(update_fields=["is_active"])
        action = Action.USER_REACTIVATE if active else Action.USER_DEACTIVATE
        _audit(request, action, account, scope_of(account))
    return True


def reset_password(request: HttpRequest, account: Any) -> str:
    """A new one-time password (ends the user's sessions: Django ties them to the password hash)."""
    password = one_time_password()
    with transaction.atomic():
        account.set_password(password)
        account.save(update_fields=["password"])
        TemporaryPassword.objects.update_or_create(user=account)
        _audit(request, Action.USER_PASSWORD_RESET, account, scope_of(account))
    return password
