"""The forecast page says how leaving is modelled: by length of service from three or more returns."""
# ruff: noqa: PLC0415 - Django models import only once the test settings are loaded

from __future__ import annotations

from typing import Any

import pytest

from csc_workforce.export.census_xml import census_xml_bytes
from csc_workforce.synth import generate_region

pytestmark = [pytest.mark.integration, pytest.mark.web, pytest.mark.django_db]
PAGE = "/councils/873/forecast/"


def _accept(years: tuple[int, ...], analyst: Any) -> None:
    from csc_workforce.web.orgs.models import Council
    from csc_workforce.web.returns.services import accept_file

    council = Council.objects.get(la_code="873")
    for census in generate_region("East of England", years, 1):
        if census.la_code == "873":
            accept_file(council, census_xml_bytes(census), analyst, filename=f"873_{census.year}.xml")


def test_three_returns_give_leaving_by_length_of_service(login: Any, analyst: Any) -> None:
    _accept((2023, 2024, 2025), analyst)
    html = login(analyst).get(PAGE, {"run": "1", "months": "12", "sims": "100"}).content.decode()
    basis = html.split('id="leaving-basis">')[1].split("<")[0]
    assert basis.startswith("census spells 2023-2025: leaving by length of service")
    table = html.split('id="service-bands"')[1].split("</table>")[0]
    assert "0 to 1 years" in table and "over 10 years" in table


def test_published_statistics_say_one_rate_per_role(login: Any, analyst: Any) -> None:
    html = login(analyst).get(PAGE).content.decode()
    assert html.split('id="leaving-basis">')[1].startswith("one leaver rate per role")
    assert 'id="service-bands"' not in html
