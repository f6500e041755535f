"""Only administrators manage accounts: every other role gets 403 on every account page and action,
anonymous users the login page; nobody raises their own role; no role but an administrator's can
create or promote an administrator or reach another region's accounts; CSRF on every form."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from csc_workforce.web import policy
from csc_workforce.web.audit.models import AuditEvent
from csc_workforce.web.orgs.models import Membership, Role

pytestmark = [pytest.mark.security, pytest.mark.web, pytest.mark.django_db]

NON_ADMINS = ("analyst", "manager", "lead", "other_lead", "no_role_user")


def _pages(account_id: int) -> list[tuple[str, str, dict[str, str]]]:
    """Every account page and action, with a request that would succeed for an administrator."""
    return [
        ("get", "/manage/users/", {}),
        ("get", "/manage/users/?region=east-of-england", {}),
        ("get", "/manage/users/new/", {}),
        ("post", "/manage/users/new/", {"username": "sneaky", "role": "admin"}),
        ("get", f"/manage/users/{account_id}/", {}),
        ("post", f"/manage/users/{account_id}/role/", {"role": "admin"}),
        ("post", f"/manage/users/{account_id}/status/", {"active": "0"}),
        ("post", f"/manage/users/{account_id}/password/", {}),
    ]


def _unchanged(account: Any, before: tuple[str, bool, str]) -> None:
    account.refresh_from_db()
    membership = Membership.objects.filter(user=account).first()
    assert (membership.role if membership else "", account.is_active, account.password) == before


def _state(account: Any) -> tuple[str, bool, str]:
    membership = Membership.objects.filter(user=account).first()
    return (membership.role if membership else "", account.is_active, account.password)


@pytest.mark.parametrize("role_fixture", NON_ADMINS)
def test_every_other_role_gets_403_everywhere_and_changes_nothing(
    role_fixture: str, request: pytest.FixtureRequest, other_analyst: Any, login: Any
) -> None:
    user = request.getfixturevalue(role_fixture)
    client = login(user)
    for target in (other_analyst, user):
        before = _state(target)
        for method, url, data in _pages(target.pk):
            response = getattr(client, method)(url, data)
            assert response.status_code == 403, (role_fixture, method, url, response.status_code)
            assert "analyst.822" not in response.content.decode()
        _unchanged(target, before)
    assert not get_user_model().objects.filter(username="sneaky").exists()
    assert not AuditEvent.objects.filter(action__startswith="user_").exists()


def test_unknown_account_ids_are_403_for_non_admins_so_ids_cannot_be_probed(analyst: Any, login: Any) -> None:
    assert login(analyst).get("/manage/users/999999/").status_code == 403


def test_unknown_account_is_404_for_an_admin(admin_user: Any, login: Any) -> None:
    assert login(admin_user).get("/manage/users/999999/").status_code == 404


def test_anonymous_users_get_the_login_page(analyst: Any) -> None:
    client = Client()
    for method, url, data in _pages(analyst.pk):
        response = getattr(client, method)(url, data)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/?next=")
    assert not get_user_model().objects.filter(username="sneaky").exists()


def test_a_deactivated_admin_has_no_access(admin_user: Any, analyst: Any, login: Any) -> None:
    client = login(admin_user)
    admin_user.is_active = False
    admin_user.save()
    assert client.get("/manage/users/").status_code == 302


def test_an_admin_cannot_change_their_own_account(admin_user: Any, login: Any) -> None:
    client = login(admin_user)
    before = _state(admin_user)
    assert (
        client.post(
            f"/manage/users/{admin_user.pk}/role/", {"role": "council_analyst", "council": "873"}
        ).status_code
        == 403
    )
    assert client.post(f"/manage/users/{admin_user.pk}/status/", {"active": "0"}).status_code == 403
    assert client.post(f"/manage/users/{admin_user.pk}/password/").status_code == 403
    _unchanged(admin_user, before)
    page = client.get(f"/manage/users/{admin_user.pk}/").content.decode()
    assert "another administrator must change" in page
    assert f'action="/manage/users/{admin_user.pk}/role/"' not in page


@pytest.mark.parametrize("role_fixture", ("analyst", "manager", "lead"))
def test_nobody_escalates_their_own_role(
    role_fixture: str, request: pytest.FixtureRequest, login: Any
) -> None:
    user = request.getfixturevalue(role_fixture)
    before = _state(user)
    client = login(user)
    for data in (
        {"role": "admin"},
        {"role": "regional_lead", "region": "london"},
        {"role": "council_manager", "council": "301"},
    ):
        assert client.post(f"/manage/users/{user.pk}/role/", data).status_code == 403
    assert client.post("/manage/users/new/", {"username": "me.too", "role": "admin"}).status_code == 403
    _unchanged(user, before)
    assert not Membership.objects.filter(role=Role.ADMIN).exists()


def test_cross_region_attempts_by_a_regional_lead_are_refused(
    lead: Any, other_lead: Any, far_council: Any, login: Any, make_user: Any
) -> None:
    londoner = make_user("analyst.301", "council_analyst", council=far_council)
    client = login(lead)
    assert client.get("/manage/users/?region=london").status_code == 403
    assert client.get(f"/manage/users/{londoner.pk}/").status_code == 403
    assert client.post(f"/manage/users/{londoner.pk}/status/", {"active": "0"}).status_code == 403
    assert (
        client.post(
            f"/manage/users/{other_lead.pk}/role/", {"role": "council_analyst", "council": "873"}
        ).status_code
        == 403
    )
    londoner.refresh_from_db()
    assert londoner.is_active
    assert Membership.objects.get(user=other_lead).role == "regional_lead"


def test_policy_grants_roles_to_administrators_only(
    admin_user: Any, analyst: Any, manager: Any, lead: Any
) -> None:
    for role in Role:
        assert policy.can_grant_role(admin_user, role)
        for user in (analyst, manager, lead, None):
            assert not policy.can_grant_role(user, role)
    assert policy.can_change_account(admin_user, analyst)
    assert not policy.can_change_account(admin_user, admin_user)
    assert not policy.can_change_account(manager, analyst)


def test_csrf_is_enforced_on_every_account_form(admin_user: Any, analyst: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    before = _state(analyst)
    for method, url, data in _pages(analyst.pk):
        if method == "post":
            assert client.post(url, data).status_code == 403, url
    _unchanged(analyst, before)
    assert not get_user_model().objects.filter(username="sneaky").exists()


def test_no_password_reaches_the_log_or_the_audit_table(
    admin_user: Any, analyst: Any, login: Any, caplog: pytest.LogCaptureFixture
) -> None:
    client = login(admin_user)
    created = client.post("/manage/users/new/", {"username": "p.q", "role": "admin"}).content.decode()
    reset = client.post(f"/manage/users/{analyst.pk}/password/").content.decode()
    passwords = [page.split('id="one-time-password">')[1].split("<")[0] for page in (created, reset)]
    audit = str(list(AuditEvent.objects.values()))
    for password in passwords:
        assert len(password) >= 12
        assert password not in audit
        assert password not in caplog.text
