"""Every URL of every app that names a council or a region refuses users from elsewhere.

The routes are discovered from the URL configuration, so a page added later by any app is covered
without editing this test.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from csc_workforce.web.returns.models import AcceptedReturn

pytestmark = [pytest.mark.security, pytest.mark.web, pytest.mark.django_db]

PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
SWE = re.compile(r"SW\d{6,}")
REFUSED = {403, 404, 405}


def _routes(patterns: list[Any], prefix: str = "") -> Iterator[str]:
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _routes(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route


def _url(route: str, la_code: str, slug: str, number: int) -> str:
    def fill(match: re.Match[str]) -> str:
        name, converter = match.group("name"), match.group("converter")
        if name == "la_code":
            return la_code
        if name == "slug":
            return slug
        if converter == "int" or name in ("pk", "id", "year"):
            return str(number)
        return "x"

    return "/" + PARAMETER.sub(fill, route).lstrip("^").rstrip("$")


def _council_routes() -> list[str]:
    return sorted(route for route in _routes(get_resolver().url_patterns) if "la_code>" in route)


def _region_routes() -> list[str]:
    return sorted(route for route in _routes(get_resolver().url_patterns) if "slug>" in route)


def test_the_council_routes_are_discovered() -> None:
    routes = _council_routes()
    assert any("workers" in route for route in routes)
    assert any("submissions/new" in route for route in routes)


def test_no_council_route_opens_for_another_councils_user(
    accepted_return: AcceptedReturn, other_analyst: Any, lead: Any, login: Any
) -> None:
    for user in (other_analyst, lead):
        client = login(user)
        for route in _council_routes():
            url = _url(route, "873", "east-of-england", accepted_return.submission_id)
            for response in (client.get(url), client.post(url)):
                assert response.status_code in REFUSED, (user.username, url, response.status_code)
                assert not SWE.search(response.content.decode(errors="replace")), url


def test_no_region_route_opens_for_another_regions_lead(
    accepted_return: AcceptedReturn, other_lead: Any, login: Any
) -> None:
    client = login(other_lead)
    for route in _region_routes():
        url = _url(route, "873", "east-of-england", 1)
        response = client.get(url)
        assert response.status_code in REFUSED, (url, response.status_code)


def test_anonymous_users_are_sent_to_sign_in_everywhere(accepted_return: AcceptedReturn) -> None:
    client = Client()
    for route in _council_routes() + _region_routes():
        url = _url(route, "873", "east-of-england", accepted_return.submission_id)
        response = client.get(url)
        if url.startswith("/api/"):
            assert response.status_code in {401, 403, 302}, (url, response.status_code)
        else:
            assert response.status_code in {302, 405}, (url, response.status_code)
            if response.status_code == 302:
                assert response["Location"].startswith("/accounts/login/?next="), url
