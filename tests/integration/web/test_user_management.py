"""The account pages at /manage/users/: administrators list, add, change and deactivate users;
every change is audited without passwords; errors are shown the GOV.UK way."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from csc_workforce.web.audit.models import Action, AuditEvent
from csc_workforce.web.orgs.models import Membership
from csc_workforce.web.useradmin.models import TemporaryPassword
from tests.integration.web.test_page_accessibility import _check as check_accessible

pytestmark = [pytest.mark.integration, pytest.mark.web, pytest.mark.django_db]

NEW_PASSWORD = "my-own-long-passphrase-77"
ONE_TIME_PASSWORD = re.compile(r'id="one-time-password">([^<]+)<')


def _password_on(page: str) -> str:
    match = ONE_TIME_PASSWORD.search(page)
    assert match, "no one-time password on the page"
    return match.group(1)


def _events(action: Action) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("id"))


def test_admin_adds_an_analyst_who_can_sign_in_with_the_one_time_password(
    admin_user: Any, login: Any
) -> None:
    response = login(admin_user).post(
        "/manage/users/new/", {"username": "j.smith", "role": "council_analyst", "council": "873"}
    )
    assert response.status_code == 200
    assert response["Cache-Control"].count("no-store")
    password = _password_on(response.content.decode())
    membership = Membership.objects.get(user__username="j.smith")
    assert (membership.role, membership.council.la_code, membership.region) == (
        "council_analyst",
        "873",
        None,
    )
    client = Client()
    signed_in = client.post("/accounts/login/", {"username": "j.smith", "password": password})
    assert signed_in.status_code == 302
    # The one-time password must be replaced before any other page opens.
    assert client.get("/councils/873/")["Location"] == "/accounts/password/"
    changed = client.post(
        "/accounts/password/",
        {"old_password": password, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert changed["Location"] == "/"
    assert client.get("/", follow=True).redirect_chain[-1][0] == "/councils/873/"
    assert not TemporaryPassword.objects.filter(user__username="j.smith").exists()
    assert Client().login(username="j.smith", password=NEW_PASSWORD)
    [event] = _events(Action.USER_CREATE)
    assert (event.username, event.la_code) == ("admin", "873")
    assert event.detail == {
        "account": "j.smith",
        "account_id": membership.user_id,
        "role": "council_analyst",
        "council_code": "873",
        "region": "",
    }
    assert password not in str(list(AuditEvent.objects.values()))


def test_the_password_is_stored_only_as_a_hash(admin_user: Any, login: Any) -> None:
    response = login(admin_user).post(
        "/manage/users/new/", {"username": "lead.new", "role": "regional_lead", "region": "london"}
    )
    password = _password_on(response.content.decode())
    stored = get_user_model().objects.get(username="lead.new").password
    assert password not in stored
    assert stored.startswith(("pbkdf2_", "argon2", "bcrypt", "md5$", "scrypt"))


def test_list_shows_every_user_with_role_scope_status_and_last_login(
    admin_user: Any, analyst: Any, lead: Any, other_analyst: Any, login: Any
) -> None:
    Client().post("/accounts/login/", {"username": "analyst.873", "password": "a-long-test-password-42"})
    response = login(admin_user).get("/manage/users/")
    page = response.content.decode()
    for username in ("admin", "analyst.873", "analyst.822", "lead.east-of-england"):
        assert f">{username}</a>" in page
    analyst.refresh_from_db()
    assert analyst.last_login is not None
    assert "Never" in page  # the others have not signed in
    check_accessible(response)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("council=873", {"analyst.873"}),
        ("region=east-of-england", {"analyst.873", "analyst.822", "lead.east-of-england"}),
        ("region=london", {"lead.london"}),
        ("role=regional_lead", {"lead.east-of-england", "lead.london"}),
        ("role=admin", {"admin"}),
        ("role=none", {"nobody"}),
    ],
)
def test_list_filters(
    query: str,
    expected: set[str],
    admin_user: Any,
    analyst: Any,
    other_analyst: Any,
    lead: Any,
    other_lead: Any,
    no_role_user: Any,
    login: Any,
) -> None:
    page = login(admin_user).get(f"/manage/users/?{query}").content.decode()
    shown = set(re.findall(r'href="/manage/users/\d+/">([^<]+)</a>', page))
    assert shown == expected


def test_an_unknown_filter_value_is_an_error_not_a_crash(admin_user: Any, login: Any) -> None:
    response = login(admin_user).get("/manage/users/?council=999&role=emperor")
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "Select a council from the list" in page
    assert "Select a role from the list" in page


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        ({"username": "", "role": "admin"}, "username", "Enter a username"),
        ({"username": "has space", "role": "admin"}, "username", "Enter a valid username"),
        ({"username": "x.y"}, "role_0", "Select a role"),
        ({"username": "x.y", "role": "council_analyst"}, "council", "Select the council of this"),
        ({"username": "x.y", "role": "regional_lead"}, "region", "Select the region of this regional lead"),
        (
            {"username": "x.y", "role": "council_manager", "council": "999"},
            "council",
            "Select a council from",
        ),
        ({"username": "x.y", "role": "emperor"}, "role_0", "Select a valid choice"),
        ({"username": "ADMIN", "role": "admin"}, "username", "A user called ADMIN already exists"),
    ],
)
def test_validation_errors_are_shown_govuk_style(
    form: dict[str, str], field: str, message: str, admin_user: Any, login: Any
) -> None:
    response = login(admin_user).post("/manage/users/new/", form)
    page = response.content.decode()
    assert response.status_code == 400
    assert "<title>Error: " in page
    summary = page.split('class="govuk-error-summary"')[1].split("</div>")[0]
    assert f'href="#id_{field}"' in summary
    assert message in summary
    assert "govuk-error-message" in page
    assert get_user_model().objects.count() == 1
    assert _events(Action.USER_CREATE) == []


def test_new_user_page_is_structurally_accessible(admin_user: Any, login: Any, analyst: Any) -> None:
    client = login(admin_user)
    check_accessible(client.get("/manage/users/new/"))
    check_accessible(client.get(f"/manage/users/{analyst.pk}/"))


def test_admin_changes_a_role_and_the_change_is_audited(admin_user: Any, analyst: Any, login: Any) -> None:
    client = login(admin_user)
    response = client.post(
        f"/manage/users/{analyst.pk}/role/",
        {"role": "regional_lead", "region": "east-of-england", "council": "873"},
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user=analyst)
    assert (membership.role, membership.council, membership.region.slug) == (
        "regional_lead",
        None,
        "east-of-england",
    )
    [event] = _events(Action.USER_ROLE_CHANGE)
    assert event.detail["previous_role"] == "council_analyst"
    assert event.detail["previous_council_code"] == "873"
    assert (event.detail["role"], event.detail["region"]) == ("regional_lead", "east-of-england")
    assert "is now Regional lead" in client.get(response["Location"]).content.decode()
    # The same role again changes nothing and writes nothing.
    client.post(f"/manage/users/{analyst.pk}/role/", {"role": "regional_lead", "region": "east-of-england"})
    assert len(_events(Action.USER_ROLE_CHANGE)) == 1


def test_a_user_with_no_role_gets_one(admin_user: Any, no_role_user: Any, login: Any) -> None:
    login(admin_user).post(
        f"/manage/users/{no_role_user.pk}/role/", {"role": "council_manager", "council": "822"}
    )
    assert Membership.objects.get(user=no_role_user).council.la_code == "822"
    assert _events(Action.USER_ROLE_CHANGE)[0].detail["previous_role"] == ""


def test_an_invalid_role_change_shows_errors_and_changes_nothing(
    admin_user: Any, analyst: Any, login: Any
) -> None:
    response = login(admin_user).post(f"/manage/users/{analyst.pk}/role/", {"role": "council_manager"})
    assert response.status_code == 400
    assert "Select the council of this council analyst or manager" in response.content.decode()
    assert Membership.objects.get(user=analyst).role == "council_analyst"
    assert _events(Action.USER_ROLE_CHANGE) == []


def test_deactivating_signs_the_user_out_and_reactivating_lets_them_back(
    admin_user: Any, analyst: Any, login: Any
) -> None:
    theirs = login(analyst)
    assert theirs.get("/councils/873/").status_code == 200
    admin = login(admin_user)
    admin.post(f"/manage/users/{analyst.pk}/status/", {"active": "0"})
    analyst.refresh_from_db()
    assert not analyst.is_active
    assert theirs.get("/councils/873/").status_code == 302  # back to the login page
    assert (
        Client()
        .post("/accounts/login/", {"username": "analyst.873", "password": "a-long-test-password-42"})
        .status_code
        == 200
    )  # refused
    assert "Deactivated" in admin.get("/manage/users/").content.decode()
    admin.post(f"/manage/users/{analyst.pk}/status/", {"active": "1"})
    analyst.refresh_from_db()
    assert analyst.is_active
    assert [event.detail["account"] for event in _events(Action.USER_DEACTIVATE)] == ["analyst.873"]
    assert [event.la_code for event in _events(Action.USER_REACTIVATE)] == ["873"]


def test_resetting_a_password_shows_a_new_one_once_and_ends_old_sessions(
    admin_user: Any, analyst: Any, login: Any
) -> None:
    theirs = login(analyst)
    response = login(admin_user).post(f"/manage/users/{analyst.pk}/password/")
    password = _password_on(response.content.decode())
    assert password != "a-long-test-password-42"
    assert theirs.get("/councils/873/").status_code == 302
    analyst.refresh_from_db()
    assert analyst.check_password(password)
    assert TemporaryPassword.objects.filter(user=analyst).exists()
    [event] = _events(Action.USER_PASSWORD_RESET)
    assert password not in str(event.detail)
    assert event.detail == {"account": "analyst.873", "account_id": analyst.pk}


def test_admins_get_the_users_link_and_nobody_else(
    admin_user: Any, analyst: Any, lead: Any, login: Any
) -> None:
    assert 'href="/manage/users/"' in login(admin_user).get("/").content.decode()
    assert 'href="/manage/users/"' not in login(analyst).get("/councils/873/").content.decode()
    assert 'href="/manage/users/"' not in login(lead).get("/region/east-of-england/").content.decode()


def test_a_user_changes_their_own_password_with_govuk_errors_and_an_audit_event(
    analyst: Any, login: Any
) -> None:
    client = login(analyst)
    page = client.get("/accounts/password/")
    check_accessible(page)
    assert "one-time password" not in page.content.decode()  # not forced: no temporary password
    assert client.get("/councils/873/").status_code == 200
    for form, field, message in (
        (
            {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
            "old_password",
            "old password was entered incorrectly",
        ),
        (
            {
                "old_password": "a-long-test-password-42",
                "new_password1": NEW_PASSWORD,
                "new_password2": "other-long-phrase-1",
            },
            "new_password2",
            "didn",
        ),
        (
            {"old_password": "a-long-test-password-42", "new_password1": "short", "new_password2": "short"},
            "new_password2",
            "too short",
        ),
    ):
        response = client.post("/accounts/password/", form)
        text = response.content.decode()
        assert response.status_code == 200
        summary = text.split('class="govuk-error-summary"')[1].split("</div>")[0]
        assert f'href="#id_{field}"' in summary
        assert message in summary
    analyst.refresh_from_db()
    assert analyst.check_password("a-long-test-password-42")
    client.post(
        "/accounts/password/",
        {
            "old_password": "a-long-test-password-42",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    analyst.refresh_from_db()
    assert analyst.check_password(NEW_PASSWORD)
    assert client.get("/councils/873/").status_code == 200  # still signed in
    [event] = _events(Action.PASSWORD_CHANGE)
    assert (event.username, event.detail) == ("analyst.873", {})


def test_a_reset_user_is_held_on_the_password_page_but_may_sign_out(
    admin_user: Any, analyst: Any, login: Any
) -> None:
    password = _password_on(login(admin_user).post(f"/manage/users/{analyst.pk}/password/").content.decode())
    client = Client()
    client.post("/accounts/login/", {"username": "analyst.873", "password": password})
    for url in (
        "/",
        "/councils/873/",
        "/councils/873/workers/",
        "/api/councils/873/measures",
        "/manage/users/",
    ):
        assert client.get(url)["Location"] == "/accounts/password/", url
    assert "one-time password from your administrator" in client.get("/accounts/password/").content.decode()
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/councils/873/")["Location"].startswith("/accounts/login/")


def test_an_empty_post_shows_the_errors_and_a_bad_status_value_is_refused(
    admin_user: Any, analyst: Any, login: Any
) -> None:
    client = login(admin_user)
    empty = client.post("/manage/users/new/", {})
    assert empty.status_code == 400
    assert "Enter a username" in empty.content.decode()
    assert client.post(f"/manage/users/{analyst.pk}/status/", {}).status_code == 400
    assert client.post(f"/manage/users/{analyst.pk}/status/", {"active": "yes"}).status_code == 400
    analyst.refresh_from_db()
    assert analyst.is_active
    assert not AuditEvent.objects.filter(action__startswith="user_").exists()
