"""The continuity pages keep what they compute by the identities it rests on: a repeat view
computes nothing again, and a new upload, a newly accepted return, new forecast settings or another
disclosure threshold shows at once (nothing kept is ever stale); an acceptance links the tables to
the new return before anyone looks."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from csc_workforce.web.continuity import services, views, warming
from csc_workforce.web.forecasts import services as forecasts
from csc_workforce.web.forecasts.models import ForecastSettings
from csc_workforce.web.returns.models import AcceptedReturn
from csc_workforce.web.returns.services import accept_file
from tests.unit.continuity.handmade import EPISODES, HEADER, SOCIAL_WORKERS
from tests.web_fixtures.returns import clean_return, xml_bytes

pytestmark = pytest.mark.django_db
COUNCIL_PAGE = "/councils/873/continuity/?year=2025"
REGION_PAGE = "/region/east-of-england/continuity/?year=2025"
# The hand-made tables without child K: 6 children looked after on 31 March 2025, not 7.
WITHOUT_K = "".join(line + "\n" for line in EPISODES.splitlines() if not line.startswith("K,"))


def _upload(client, episodes=EPISODES):
    response = client.post(
        "/councils/873/continuity/",
        {
            "episodes": SimpleUploadedFile("episodes.csv", episodes.encode()),
            "social_workers": SimpleUploadedFile("sw.csv", SOCIAL_WORKERS.encode()),
            "header": SimpleUploadedFile("header.csv", HEADER.encode()),
        },
    )
    assert response.status_code == 302


def _children(page: str) -> str:
    return re.search(r'id="children-looked-after">([^<]*)<', page).group(1)


def _region_cells(page: str) -> list[str]:
    row = re.search(r"Cambridgeshire</th>(.*?)</tr>", page, re.S).group(1)
    return re.findall(r">([^<]*)</td>", row)


def _counting(monkeypatch, module, name):
    calls = []
    original = getattr(module, name)

    def counted(*args, **kwargs):
        calls.append(name)
        return original(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)
    return calls


def _per_request_removed(page: bytes) -> str:
    return re.sub(r'(nonce|value)="[^"]*"', "", page.decode())


def test_a_repeat_view_computes_nothing_again_and_shows_what_a_fresh_one_does(
    analyst, lead, login, accepted_return, monkeypatch
):
    reports = _counting(monkeypatch, services, "continuity_report")
    bases = _counting(monkeypatch, forecasts, "council_basis")
    client, region = login(analyst), login(lead)
    _upload(client)
    client.get(COUNCIL_PAGE), region.get(REGION_PAGE)
    assert len(reports) == 1 and len(bases) == 1
    kept = [client.get(COUNCIL_PAGE).content, region.get(REGION_PAGE).content]
    assert len(reports) == 1 and len(bases) == 1
    assert b'id="children-changing"' in kept[0] and b'id="region-continuity"' in kept[1]
    services.clear_caches()
    views.FIGURES.clear()
    fresh = [client.get(COUNCIL_PAGE).content, region.get(REGION_PAGE).content]
    assert len(reports) == 2 and len(bases) == 2
    assert [_per_request_removed(p) for p in kept] == [_per_request_removed(p) for p in fresh]


def test_a_new_upload_shows_at_once(analyst, lead, login, accepted_return, monkeypatch):
    bases = _counting(monkeypatch, forecasts, "council_basis")
    client, region = login(analyst), login(lead)
    _upload(client)
    assert _children(client.get(COUNCIL_PAGE).content.decode()) == "7"
    assert _region_cells(region.get(REGION_PAGE).content.decode())[0] == "7"
    _upload(client, WITHOUT_K)
    page = client.get(COUNCIL_PAGE).content.decode()
    assert _children(page) == "6" and "(6, pseudonyms only)" in page
    assert _region_cells(region.get(REGION_PAGE).content.decode())[0] == "6"
    # The same census returns: next year's projection comes from the kept baseline forecast.
    assert len(bases) == 1


def test_new_forecast_settings_forecast_again(council, analyst, login, accepted_return, monkeypatch):
    bases = _counting(monkeypatch, forecasts, "council_basis")
    client = login(analyst)
    _upload(client)
    client.get(COUNCIL_PAGE)
    ForecastSettings.objects.create(council=council, caseload_standard=18, on_costs=0.25)
    assert 'id="children-changing"' in client.get(COUNCIL_PAGE).content.decode()
    assert len(bases) == 2


def test_a_newly_accepted_return_shows_at_once(council, analyst, lead, login):
    client, region = login(analyst), login(lead)
    _upload(client)
    before = client.get(COUNCIL_PAGE).content.decode()
    assert "Accept a census return to link changes" in before
    assert "Worker not found in the census" not in before
    assert _region_cells(region.get(REGION_PAGE).content.decode())[6:] == ["x", "x"]  # no census
    accept_file(council, xml_bytes(clean_return("873", 2024)), analyst, filename="return-2024.xml")
    after = client.get(COUNCIL_PAGE).content.decode()
    assert "Worker not found in the census" in after
    assert "Accept a census return to link changes" not in after
    # The region's turnover and agency rates now come from the 30 September 2024 census.
    assert _region_cells(region.get(REGION_PAGE).content.decode())[6:] != ["x", "x"]


def test_another_disclosure_threshold_shows_at_once(analyst, lead, login, settings):
    _upload(login(analyst))
    region = login(lead)
    # 7 children in buckets 1, 3, 2, 1: under 5 every bucket is small; under 2 only the 1s are.
    assert _region_cells(region.get(REGION_PAGE).content.decode())[:5] == ["7", "c", "c", "c", "c"]
    settings.CSCW_DISCLOSURE_THRESHOLD = 2
    assert _region_cells(region.get(REGION_PAGE).content.decode())[:5] == ["7", "c", "3", "2", "c"]


def test_accepting_links_the_tables_to_the_new_return_before_anyone_looks(
    council, analyst, login, settings, monkeypatch
):
    settings.CSCW_WARM_DASHBOARDS_ON_ACCEPT = True
    client = login(analyst)
    _upload(client)
    client.get(COUNCIL_PAGE)
    reports = _counting(monkeypatch, services, "continuity_report")
    accept_file(council, xml_bytes(clean_return("873", 2024)), analyst, filename="return-2024.xml")
    assert len(reports) == 1  # linked to the new return while it was accepted
    assert 'id="continuity-headline"' in client.get("/councils/873/").content.decode()
    assert "Worker not found in the census" in client.get(COUNCIL_PAGE).content.decode()
    assert len(reports) == 1


def test_a_failure_while_linking_never_spoils_the_acceptance(council, analyst, login, settings, monkeypatch):
    settings.CSCW_WARM_DASHBOARDS_ON_ACCEPT = True
    _upload(login(analyst))

    def broken(council_id: int) -> None:
        AcceptedReturn.objects.raw("SELECT no_such_column FROM no_such_table")[0]  # a database error

    monkeypatch.setattr(warming, "warm_continuity", broken)
    accepted = accept_file(council, xml_bytes(clean_return("873", 2024)), analyst, filename="return-2024.xml")
    assert AcceptedReturn.objects.filter(pk=accepted.pk).exists()
    page = login(analyst).get(COUNCIL_PAGE).content.decode()
    assert "Worker not found in the census" in page  # computed on first view instead
