"""Every account change goes through the one audited account service (``useradmin.services``):
nothing else in the code writes memberships, passwords or account status, and the management
commands and the demo loader are audited like the account pages."""

from __future__ import annotations

import ast
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from csc_workforce.web.audit.models import AuditEvent
from csc_workforce.web.orgs.models import Membership, Role
from csc_workforce.web.useradmin import services

SRC = Path(__file__).resolve().parents[3] / "src" / "csc_workforce"
SERVICE = SRC / "web" / "useradmin" / "services.py"
ACCOUNT_MODELS = {"Membership", "TemporaryPassword"}
WRITES = {
    "create",
    "get_or_create",
    "update_or_create",
    "bulk_create",
    "bulk_update",
    "update",
    "delete",
    "save",
}
ACCOUNT_CALLS = {"create_user", "create_superuser", "set_password", "set_unusable_password"}
ACCOUNT_FIELDS = {"is_active", "password", "is_staff", "is_superuser", "username"}


def _names_in(node: ast.AST) -> set[str]:
    """The names and attributes a call chain is built on (``Membership.objects.filter(...)``)."""
    found: set[str] = set()
    while True:
        if isinstance(node, ast.Call):
            if isinstance(node.func, ast.Name):
                found.add(node.func.id)
            node = node.func
        elif isinstance(node, ast.Attribute):
            found.add(node.attr)
            node = node.value
        elif isinstance(node, ast.Name):
            found.add(node.id)
            return found
        else:
            return found


def _account_writes(tree: ast.AST) -> list[str]:
    writes = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            chain = _names_in(node.func.value)
            if node.func.attr in ACCOUNT_CALLS:
                writes.append(f"line {node.lineno}: {node.func.attr}()")
            elif node.func.attr in WRITES and chain & (ACCOUNT_MODELS | {"membership", "get_user_model"}):
                writes.append(f"line {node.lineno}: {node.func.attr}() on {sorted(chain)}")
        elif (
            isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ACCOUNT_MODELS
        ):
            writes.append(f"line {node.lineno}: {node.func.id}(...)")
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Attribute) and target.attr in ACCOUNT_FIELDS:
                    writes.append(f"line {node.lineno}: sets .{target.attr}")
    return writes


def test_only_the_account_service_writes_accounts() -> None:
    offenders = {}
    for path in SRC.rglob("*.py"):
        if path == SERVICE or "migrations" in path.parts:
            continue
        writes = _account_writes(ast.parse(path.read_text(encoding="utf-8")))
        if writes:
            offenders[str(path.relative_to(SRC))] = writes
    assert offenders == {}


def test_the_scan_finds_a_direct_membership_write() -> None:
    """The scan above is not vacuous: the writes it must refuse are found."""
    code = (
        "Membership.objects.update_or_create(user=u, defaults={})\n"
        "Membership.objects.filter(user=u).delete()\n"
        "get_user_model().objects.get_or_create(username='x')\n"
        "user.set_password('x')\n"
        "user.is_active = False\n"
        "Membership(user=u, role='admin').save()\n"
    )
    assert len(_account_writes(ast.parse(code))) == 7


@pytest.mark.django_db
def test_set_role_is_audited(councils: Any) -> None:
    call_command("set_role", "priya", "council_analyst", "--council", "873", stdout=StringIO())
    call_command("set_role", "priya", "regional_lead", "--region", "east-of-england", stdout=StringIO())
    call_command("set_role", "priya", "regional_lead", "--region", "east-of-england", stdout=StringIO())
    events = list(AuditEvent.objects.order_by("id").values_list("action", "username", "detail"))
    assert [action for action, _, _ in events] == ["user_create", "user_role_change"]
    assert all(by.startswith("set_role command") for _, by, _ in events)
    assert events[1][2]["previous_role"] == "council_analyst"
    assert events[1][2]["region"] == "east-of-england"


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["аdmin", "admin\u200b", ".admin", "ad min", "ａdmin"])
def test_look_alike_usernames_are_refused_everywhere(councils: Any, username: str) -> None:
    with pytest.raises(CommandError, match="username"):
        call_command("set_role", username, "admin", stdout=StringIO())
    with pytest.raises(services.AccountError):
        services.create_account(None, username, services.Scope(Role.ADMIN), by="test")
    assert not Membership.objects.exists()
    assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_spaces_around_a_username_are_dropped(councils: Any) -> None:
    account, _ = services.create_account(None, "  j.smith ", services.Scope(Role.ADMIN), by="test")
    assert account.get_username() == "j.smith"
    with pytest.raises(services.AccountError, match="already exists"):
        services.create_account(None, "J.Smith", services.Scope(Role.ADMIN), by="test")
