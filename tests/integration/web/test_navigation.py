"""Service navigation per role: links by URL name, only those that resolve, the current page marked."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import NoReverseMatch, reverse

from csc_workforce.web.navigation import COUNCIL_LINKS, REGION_LINKS, links_for

pytestmark = [pytest.mark.integration, pytest.mark.web, pytest.mark.django_db]


def _resolvable(links: tuple[tuple[str, str], ...], argument: str) -> list[str]:
    texts = []
    for text, name in links:
        try:
            reverse(name, args=[argument])
        except NoReverseMatch:
            continue
        texts.append(text)
    return texts


def test_council_user_gets_their_councils_links(analyst: Any, rf: Any) -> None:
    request = rf.get("/councils/873/workers/")
    request.user = analyst
    request.resolver_match = None
    links = links_for(request)
    assert [link.text for link in links] == _resolvable(COUNCIL_LINKS, "873")
    assert {"Workers", "Submissions"} <= {link.text for link in links}
    assert all("/councils/873/" in link.href for link in links)
    assert [link.text for link in links if link.active] == ["Workers"]


def test_regional_lead_gets_only_region_links(lead: Any, rf: Any) -> None:
    request = rf.get("/")
    request.user = lead
    request.resolver_match = None
    assert [link.text for link in links_for(request)] == _resolvable(REGION_LINKS, "east-of-england")


def test_navigation_is_rendered_for_the_signed_in_user(analyst: Any, login: Any) -> None:
    page = login(analyst).get("/councils/873/submissions/").content.decode()
    assert 'href="/councils/873/workers/"' in page
    assert 'aria-current="page"' in page


def test_admin_gets_the_links_of_the_council_page_open(admin_user: Any, login: Any) -> None:
    page = login(admin_user).get("/councils/822/submissions/").content.decode()
    assert 'href="/councils/822/workers/"' in page
