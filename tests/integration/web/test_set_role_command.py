"""``set_role``: administrators give users their role and scope from the command line."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from csc_workforce.web.orgs.models import Membership

pytestmark = [pytest.mark.integration, pytest.mark.web, pytest.mark.django_db]


def test_roles_are_set_and_changed(councils: Any) -> None:
    out = StringIO()
    call_command("set_role", "priya", "council_analyst", "--council", "873", stdout=out)
    assert "priya: council_analyst (Cambridgeshire (873)) (new user)" in out.getvalue()
    call_command("set_role", "priya", "regional_lead", "--region", "east-of-england", stdout=StringIO())
    membership = Membership.objects.get(user__username="priya")
    assert (membership.role, membership.council, membership.region.slug) == (
        "regional_lead",
        None,
        "east-of-england",
    )
    assert not membership.user.has_usable_password()


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["council_manager"], "needs --council"),
        (["council_manager", "--council", "999"], "unknown council"),
        (["regional_lead", "--region", "atlantis"], "unknown region"),
    ],
)
def test_bad_scopes_are_refused(councils: Any, arguments: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        call_command("set_role", "mark", *arguments)
    assert not Membership.objects.exists()
