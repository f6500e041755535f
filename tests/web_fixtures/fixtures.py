"""pytest fixtures for the web app (see the package docstring for the list)."""
# ruff: noqa: PLC0415 - Django models import only once the test settings are loaded

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

PASSWORD = "a-long-test-password-42"
EAST = "east-of-england"


@pytest.fixture
def councils(db: Any) -> Any:
    from csc_workforce.web.orgs.directory import ensure_councils
    from csc_workforce.web.orgs.models import Region

    ensure_councils()
    return Region.objects.get(slug=EAST)


@pytest.fixture
def region(councils: Any) -> Any:
    return councils


@pytest.fixture
def other_region(councils: Any) -> Any:
    from csc_workforce.web.orgs.models import Region

    return Region.objects.get(slug="london")


@pytest.fixture
def council(councils: Any) -> Any:
    from csc_workforce.web.orgs.models import Council

    return Council.objects.get(la_code="873")


@pytest.fixture
def other_council(councils: Any) -> Any:
    from csc_workforce.web.orgs.models import Council

    return Council.objects.get(la_code="822")


@pytest.fixture
def far_council(councils: Any) -> Any:
    from csc_workforce.web.orgs.models import Council

    return Council.objects.get(la_code="301")


def create_user(username: str, role: str | None, council: Any = None, region: Any = None) -> Any:
    from django.contrib.auth import get_user_model

    from csc_workforce.web.orgs.models import Membership

    user = get_user_model().objects.create_user(username=username, password=PASSWORD)
    if role is not None:
        Membership.objects.create(user=user, role=role, council=council, region=region)
    return user


@pytest.fixture
def make_user(db: Any) -> Callable[..., Any]:
    return create_user


@pytest.fixture
def analyst(council: Any) -> Any:
    return create_user("analyst.873", "council_analyst", council=council)


@pytest.fixture
def manager(council: Any) -> Any:
    return create_user("manager.873", "council_manager", council=council)


@pytest.fixture
def other_analyst(other_council: Any) -> Any:
    return create_user("analyst.822", "council_analyst", council=other_council)


@pytest.fixture
def lead(region: Any) -> Any:
    return create_user("lead.east-of-england", "regional_lead", region=region)


@pytest.fixture
def other_lead(other_region: Any) -> Any:
    return create_user("lead.london", "regional_lead", region=other_region)


@pytest.fixture
def admin_user(councils: Any) -> Any:
    return create_user("admin", "admin")


@pytest.fixture
def no_role_user(councils: Any) -> Any:
    return create_user("nobody", None)


@pytest.fixture
def login(db: Any) -> Callable[[Any], Any]:
    from django.test import Client

    def signed_in(user: Any) -> Any:
        client = Client()
        client.force_login(user)
        return client

    return signed_in


@pytest.fixture
def accepted_return(council: Any, analyst: Any) -> Any:
    from csc_workforce.web.returns.services import accept_file
    from tests.web_fixtures.returns import clean_return, xml_bytes

    return accept_file(council, xml_bytes(clean_return("873", 2024)), analyst, filename="return-2024.xml")


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    """Each test starts with an empty cache (sign-in throttling counts live there)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
