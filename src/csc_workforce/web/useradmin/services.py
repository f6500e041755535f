"""Every account change, each in one transaction with its audit event: the one place that writes
users' roles (memberships), passwords and status, for the account pages and the management
commands alike (tests/security/web/test_account_writes.py fails if anything else does). Page
callers have passed ``web.policy``; commands name themselves with ``by``.

Passwords are generated here, hashed by Django and returned once for the page to show; they are
never stored in clear, put in the audit log or logged. The user must replace one at their next
sign-in (``TemporaryPassword``, ``own_password``).
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model, update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import HttpRequest

from csc_workforce.web.audit.models import Action
from csc_workforce.web.audit.services import record_event
from csc_workforce.web.orgs.models import Council, Membership, Region, Role
from csc_workforce.web.useradmin.models import TemporaryPassword

ONE_TIME_PASSWORD_BYTES = 15  # 20 URL-safe characters, well over the 12-character minimum
NO_ROLE = "none"  # the account list's filter value for accounts with no role
USERNAME_MAX_LENGTH = 150
SAFE_USERNAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9.@+_-]*", re.ASCII)


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


class AccountError(ValueError):
    """A change the account rules refuse (the message is shown to the user as it is)."""


def check_username(username: str) -> str:
    """``username`` without surrounding spaces, if it is safe: ASCII letters and digits and
    ``. @ + - _`` only, starting with a letter or digit, so no two usernames look alike (``аdmin``
    with a Cyrillic а is refused) and none is mistaken for another in lists and the audit log."""
    cleaned = username.strip()
    if not cleaned:
        raise AccountError("Enter a username")
    if len(cleaned) > USERNAME_MAX_LENGTH:
        raise AccountError(f"Username must be {USERNAME_MAX_LENGTH} characters or fewer")
    if not SAFE_USERNAME.fullmatch(cleaned):
        raise AccountError(
            "Enter a valid username: a letter or digit first, then only letters a to z, digits and @ . + - _"
        )
    return cleaned


def check_new_username(username: str) -> str:
    """As :func:`check_username`, and not already taken in any letter case."""
    cleaned = check_username(username)
    if get_user_model().objects.filter(username__iexact=cleaned).exists():
        raise AccountError(f"A user called {cleaned} already exists: choose another username")
    return cleaned


def _audit(
    request: HttpRequest | None, action: Action, account: Any, scope: Scope | None, by: str, **detail: Any
) -> None:
    record_event(
        request,
        action,
        council=scope.council if scope is not None else None,
        username=by,
        account=account.get_username(),
        account_id=account.pk,
        **detail,
    )


def _set_membership(account: Any, scope: Scope) -> None:
    Membership.objects.update_or_create(
        user=account,
        defaults={"role": scope.role.value, "council": scope.council, "region": scope.region},
    )


def _new_account(
    request: HttpRequest | None, username: str, scope: Scope, by: str, *, password: str | None
) -> Any:
    """Create the user (``password`` None: an unusable one) with ``scope``, audited; in the caller's
    transaction."""
    cleaned = check_new_username(username)
    account = get_user_model().objects.create_user(username=cleaned, password=password)
    _set_membership(account, scope)
    _audit(request, Action.USER_CREATE, account, scope, by, **scope.describe())
    return account


def create_account(
    request: HttpRequest | None, username: str, scope: Scope, *, by: str = ""
) -> tuple[Any, str]:
    """A new active user with ``scope`` and a one-time password (returned, never stored in clear).
    ``by`` names the actor when there is no signed-in user (a management command)."""
    password = one_time_password()
    with transaction.atomic():
        account = _new_account(request, username, scope, by, password=password)
        TemporaryPassword.objects.create(user=account)
    return account, password


def _change_role(request: HttpRequest | None, account: Any, scope: Scope, by: str) -> bool:
    previous = scope_of(account)
    if previous == scope:
        return False
    _set_membership(account, scope)
    before = previous.describe() if previous is not None else dict.fromkeys(scope.describe(), "")
    _audit(
        request,
        Action.USER_ROLE_CHANGE,
        account,
        scope,
        by,
        **scope.describe(),
        **{f"previous_{key}": value for key, value in before.items()},
    )
    return True


def change_role(request: HttpRequest | None, account: Any, scope: Scope, *, by: str = "") -> bool:
    """Give ``account`` the role and scope; False (and no event) when nothing changes."""
    with transaction.atomic():
        changed = _change_role(request, account, scope, by)
    account.refresh_from_db()
    return changed


def _set_active(request: HttpRequest | None, account: Any, by: str, *, active: bool) -> bool:
    if account.is_active == active:
        return False
    account.is_active = active
    account.save(update_fields=["is_active"])
    action = Action.USER_REACTIVATE if active else Action.USER_DEACTIVATE
    _audit(request, action, account, scope_of(account), by)
    return True


def set_active(request: HttpRequest | None, account: Any, *, active: bool, by: str = "") -> bool:
    """Deactivate (signs the user out everywhere at their next request) or reactivate."""
    with transaction.atomic():
        return _set_active(request, account, by, active=active)


def reset_password(request: HttpRequest | None, account: Any, *, by: str = "") -> str:
    """A new one-time password (ends the user's sessions: Django ties them to the password hash)."""
    password = one_time_password()
    with transaction.atomic():
        account.set_password(password)
        account.save(update_fields=["password"])
        TemporaryPassword.objects.update_or_create(user=account)
        _audit(request, Action.USER_PASSWORD_RESET, account, scope_of(account), by)
    return password


def change_own_password(request: HttpRequest, form: PasswordChangeForm) -> None:
    """A signed-in user's own new password (from Django's checked form); this session stays signed in."""
    with transaction.atomic():
        user = form.save()
        TemporaryPassword.objects.filter(user=user).delete()
        record_event(request, Action.PASSWORD_CHANGE)
    update_session_auth_hash(request, user)


def ensure_account(
    username: str, scope: Scope, *, by: str, encoded_password: str | None = None, reactivate: bool = False
) -> tuple[Any, bool]:
    """For commands (``set_role``, the demo): the user ``username`` with ``scope``, created when
    missing (with an unusable password), else given the scope; then the password when one is
    passed (``encoded_password``, a Django hash) and reactivated when asked. Each change audited as
    done ``by`` the command; returns (account, created)."""
    model = get_user_model()
    with transaction.atomic():
        account = model.objects.filter(username=check_username(username)).first()
        if account is None:
            account = _new_account(None, username, scope, by, password=None)
            created = True
        else:
            _change_role(None, account, scope, by)
            created = False
        if reactivate:
            _set_active(None, account, by, active=True)
        if encoded_password is not None and account.password != encoded_password:
            account.password = encoded_password
            account.save(update_fields=["password"])
            _audit(None, Action.USER_PASSWORD_RESET, account, scope, by)
    account.refresh_from_db()
    return account, created
