"""Every role against every dashboard route: page, Excel download and API, own and other councils."""

from __future__ import annotations

import io
import zipfile

import pytest

from tests.web_fixtures.returns import swe_number

pytestmark = [pytest.mark.security, pytest.mark.web]

COUNCIL = "/councils/873/"
REGION = "/region/east-of-england/"
ROUTES = {
    "council page": COUNCIL,
    "council workbook": f"{COUNCIL}?format=xlsx",
    "council api": "/api/councils/873/measures",
    "region page": REGION,
    "region workbook": f"{REGION}?format=xlsx",
    "region api": "/api/regions/east-of-england/measures",
}
# role -> routes it may open (every other route is 403)
ALLOWED = {
    "analyst": set(ROUTES),
    "manager": set(ROUTES),
    "other_analyst": {"region page", "region workbook", "region api"},  # same region, other council
    "london_analyst": set(),
    "lead": {"region page", "region workbook", "region api"},
    "other_lead": set(),
    "admin_user": set(ROUTES),
    "no_role_user": set(),
}


@pytest.fixture
def users(
    analyst, manager, other_analyst, far_council, make_user, lead, other_lead, admin_user, no_role_user
):
    return {
        "analyst": analyst,
        "manager": manager,
        "other_analyst": other_analyst,
        "london_analyst": make_user("analyst.301", "council_analyst", council=far_council),
        "lead": lead,
        "other_lead": other_lead,
        "admin_user": admin_user,
        "no_role_user": no_role_user,
    }


def text_of(response) -> str:
    if response["Content-Type"].startswith("application/vnd.openxmlformats"):
        with zipfile.ZipFile(io.BytesIO(response.content)) as book:
            return "".join(book.read(name).decode("utf-8", "replace") for name in book.namelist())
    return response.content.decode()


@pytest.mark.parametrize("role", sorted(ALLOWED))
def test_each_role_sees_exactly_its_routes_and_never_a_worker(role, users, login, accepted_return):
    client = login(users[role])
    for name, url in ROUTES.items():
        response = client.get(url)
        expected = 200 if name in ALLOWED[role] else 403
        assert response.status_code == expected, f"{role} {name}: {response.status_code}"
        if expected == 200:
            body = text_of(response)
            assert swe_number("873", 1) not in body and "SWENo" not in body, f"{role} {name}"


@pytest.mark.parametrize(
    "query",
    [
        {"year": "99999"},
        {"year": "<script>"},
        {"by": "../../etc/passwd"},
        {"measure": "__class__"},
        {"format": "xlsx", "table": "../../secret"},
        {"format": "pdf"},
    ],
)
def test_hostile_parameters_are_harmless(query, login, analyst, accepted_return):
    client = login(analyst)
    for url in (COUNCIL, REGION):
        response = client.get(url, query)
        assert response.status_code in (200, 404), (url, query)
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            page = response.content.decode()
            assert "<script>" not in page and "__class__" not in page.split("</header>", 1)[1]
