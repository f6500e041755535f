"""The forecast page's kept inputs, runs and figures: never stale, and equal to computing afresh."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.cache import cache

from csc_workforce.web.forecasts import services, views
from csc_workforce.web.forecasts.models import ForecastSettings
from csc_workforce.web.returns import services as returns_services
from csc_workforce.web.returns.services import accept_file
from tests.web_fixtures.returns import clean_return, xml_bytes

pytestmark = [pytest.mark.integration, pytest.mark.web, pytest.mark.django_db]
PAGE = "/councils/873/forecast/"
_PER_REQUEST = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"|nonce="[^"]+"')


def forget_everything() -> None:
    services._basis.cache_clear()
    services._basis_with_standard.cache_clear()
    services._FINGERPRINTS.clear()
    services._RECENT_RUNS.clear()
    returns_services._parsed.cache_clear()
    views.FIGURES.clear()
    cache.clear()


def served(client: Any) -> bytes:
    response = client.get(PAGE)
    assert response.status_code == 200
    return _PER_REQUEST.sub(b"", response.content)


def test_each_acceptance_shows_at_once_and_kept_pages_equal_fresh_ones(
    login: Any, council: Any, analyst: Any
) -> None:
    client = login(analyst)
    pages = []
    for year, workers in ((2024, 12), (2025, 30)):
        census = xml_bytes(clean_return("873", year, workers=workers))
        accept_file(council, census, analyst, filename=f"{year}.xml", reason="the census")
        kept, again = served(client), served(client)
        forget_everything()
        assert kept == again == served(client)
        pages.append(kept)
    assert b"your accepted census returns (2024)" in pages[0]
    assert b"your accepted census returns (2024 to 2025)" in pages[1]


def test_changed_on_costs_or_standard_give_a_new_basis(council: Any, analyst: Any) -> None:
    census = xml_bytes(clean_return("873", 2025, workers=20))
    accept_file(council, census, analyst, filename="r.xml", reason="r")
    before = services.council_basis(council)
    assert services.council_basis(council) is before  # kept while nothing it rests on changes
    settings = ForecastSettings.objects.create(council=council, on_costs=0.5)
    dearer = services.council_basis(council)
    assert dearer.inputs.fingerprint() != before.inputs.fingerprint()
    settings.caseload_standard = 17.0
    settings.save()
    with_standard = services.council_basis(council)
    assert with_standard.inputs.caseload_standard == 17.0
    assert services.council_basis(council) is with_standard  # the same inputs object on each view
