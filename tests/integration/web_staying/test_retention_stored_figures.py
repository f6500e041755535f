"""The retention pages' stored figures (``web.staying.figures``): the same as freshly computed ones
(a differential test), computed ahead by the regional recompute job, read by the pages, and keyed
so that a new return, another council or new teams never get old figures."""
# ruff: noqa: PLC0415 - Django models import only once the test settings are loaded

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from csc_workforce.core.census.model import CensusReturn
from csc_workforce.export.census_xml import census_xml_bytes
from csc_workforce.synth import generate_region
from tests.web_fixtures.jobs import run_queued_jobs

pytestmark = [pytest.mark.integration, pytest.mark.web, pytest.mark.django_db]
YEARS = (2023, 2024, 2025)
LOADED = ("873", "822")
PER_REQUEST = re.compile(r'(name="csrfmiddlewaretoken" value|nonce)="[^"]*"')  # differ every time


@pytest.fixture(scope="module")
def synthetic() -> list[CensusReturn]:
    returns = generate_region("East of England", YEARS, 1)
    return sorted((r for r in returns if r.la_code in LOADED), key=lambda r: (r.year, r.la_code))


def _accept(census: CensusReturn, analyst: Any, suffix: str = "") -> None:
    from csc_workforce.web.orgs.models import Council
    from csc_workforce.web.returns.services import accept_file

    council = Council.objects.get(la_code=census.la_code)
    name = f"{census.la_code}_{census.year}{suffix}.xml"
    accept_file(council, census_xml_bytes(census), analyst, filename=name, reason="test" if suffix else "")


@pytest.fixture(scope="module")
def newer() -> dict[str, CensusReturn]:
    """Another seed's 2025 returns: a new version of each council's latest year."""
    return {r.la_code: r for r in generate_region("East of England", (2025,), 2) if r.la_code in LOADED}


@pytest.fixture
def history(synthetic: list[CensusReturn], councils: Any, analyst: Any, tmp_path: Path) -> None:
    from csc_workforce.web.demo import DEMO_REGION
    from csc_workforce.web.staying.demo import load_demo_teams

    for census in synthetic:
        _accept(census, analyst)
    assert load_demo_teams(tmp_path, DEMO_REGION, "873", YEARS, 1) > 50  # retention by team too


def _forget_in_process_results() -> None:
    """Empty the in-process caches, so 'fresh' means computed again from the returns, and a page
    reads the store again (as another process would)."""
    from csc_workforce.web.staying import figures, services, views

    for cached in (services._history, services._full_report, services._grouped_report, services._region_rows):
        cached.cache_clear()
    figures._KEPT.clear()
    views.TABLES.clear()


@pytest.fixture(autouse=True)
def _nothing_kept_from_other_tests() -> None:
    # Keys digest the returns, so another test's database can have made the same key.
    _forget_in_process_results()


def _fresh_council(la_code: str, by: str) -> Any:
    """The council's figures computed from its returns now, without the store."""
    from csc_workforce.web.dashboards.views import disclosure_rule
    from csc_workforce.web.orgs.models import Council
    from csc_workforce.web.returns.services import current_identities
    from csc_workforce.web.staying import reports, services

    _forget_in_process_results()
    council = Council.objects.get(la_code=la_code)
    keys = services.return_keys(current_identities(council), la_code)
    report, by_report = services.reports_of(keys, by)
    teams = services.council_teams(council, report, disclosure_rule())
    return reports.council_figures(council, report, by_report, teams, disclosure_rule())


def _as_text(figures: Any) -> str:
    return json.dumps(figures.to_json(), sort_keys=True)


def _page(client: Any, address: str, **query: str) -> str:
    response = client.get(address, query)
    assert response.status_code == 200
    return PER_REQUEST.sub("", response.content.decode())


def test_stored_figures_equal_freshly_computed_ones_for_every_grouping(history: None) -> None:
    from csc_workforce.web.orgs.models import Council
    from csc_workforce.web.staying import figures, services
    from csc_workforce.web.staying.models import StoredRetention

    council = Council.objects.get(la_code="873")
    for by in services.GROUPINGS:
        figures.council_figures(council, by)  # computed and stored
        _forget_in_process_results()
        stored = figures.council_figures(council, by)  # read back from the database
        assert stored is not None
        fresh = _fresh_council("873", by)
        assert _as_text(stored) == _as_text(fresh), by
        assert any(table.key == "teams" for table in stored.tables) and stored.teams > 0
    assert StoredRetention.objects.filter(council=council).count() == len(services.GROUPINGS)


def test_the_pages_from_stored_figures_equal_the_pages_computed_in_the_request(
    login: Any, analyst: Any, lead: Any, history: None
) -> None:
    from csc_workforce.web.staying.models import StoredRetention

    council_client, region_client = login(analyst), login(lead)
    computed = _page(council_client, "/councils/873/retention/", by="role")
    region_computed = _page(region_client, "/region/east-of-england/retention/")
    assert StoredRetention.objects.filter(council__la_code="873", grouping="role").count() == 1
    assert StoredRetention.objects.filter(region__slug="east-of-england").count() == 1
    _forget_in_process_results()
    assert _page(council_client, "/councils/873/retention/", by="role") == computed
    assert _page(region_client, "/region/east-of-england/retention/") == region_computed
    workbook = council_client.get("/councils/873/retention/export.xlsx", {"by": "role"})
    assert workbook.status_code == 200


def test_the_regional_recompute_after_an_acceptance_stores_every_retention_page(
    history: None, analyst: Any, newer: dict[str, CensusReturn], django_capture_on_commit_callbacks: Any
) -> None:
    from csc_workforce.analytics.retention import spell_history
    from csc_workforce.analytics.retention_regional import regional_retention
    from csc_workforce.web.dashboards.views import disclosure_rule
    from csc_workforce.web.orgs.models import Region
    from csc_workforce.web.returns.services import census_of, current_versions
    from csc_workforce.web.staying import figures, services
    from csc_workforce.web.staying.models import StoredRetention

    assert not StoredRetention.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        _accept(newer["822"], analyst, suffix="-again")
    assert run_queued_jobs() == 1
    stored = StoredRetention.objects.all()
    assert {(row.council.la_code, row.grouping) for row in stored if row.council is not None} == {
        (la_code, by) for la_code in LOADED for by in services.GROUPINGS
    }
    assert [row.region.slug for row in stored if row.region is not None] == ["east-of-england"]
    # The stored regional rows are the rows computed from the returns now.
    region = Region.objects.get(slug="east-of-england")
    accepted = current_versions().filter(council__region=region)
    history_now = spell_history(census_of(row) for row in accepted)
    fresh = regional_retention(history_now, services.region_names(region), disclosure_rule())
    assert figures.region_rows(region, disclosure_rule()) == tuple(fresh)
    # Everything is stored: another recompute computes nothing.
    assert figures.precompute_region(region) == 0


def test_a_page_reads_its_stored_figures_and_never_an_older_returns(
    login: Any, analyst: Any, history: None, newer: dict[str, CensusReturn]
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from csc_workforce.web.staying.models import StoredRetention

    client = login(analyst)
    _page(client, "/councils/873/retention/")
    row = StoredRetention.objects.get(council__la_code="873", grouping="start_origin")
    marked = json.loads(row.figures)
    marked["intro"] = ["Read from the stored figures."]
    StoredRetention.objects.filter(pk=row.pk).update(figures=json.dumps(marked))
    # This process keeps what it read by the key: the next view reads nothing from the store.
    with CaptureQueriesContext(connection) as queries:
        assert "Read from the stored figures." not in _page(client, "/councils/873/retention/")
    assert not [query for query in queries.captured_queries if "staying_storedretention" in query["sql"]]
    _forget_in_process_results()  # as another process, or this one after a restart
    assert "Read from the stored figures." in _page(client, "/councils/873/retention/")
    # A new version of a return is a new identity: the marked figures are not shown, but replaced.
    _accept(newer["873"], analyst, suffix="-again")
    html = _page(client, "/councils/873/retention/")
    assert "Read from the stored figures." not in html
    assert StoredRetention.objects.filter(council__la_code="873", grouping="start_origin").count() == 1


def test_each_councils_stored_figures_are_its_own(history: None) -> None:
    from csc_workforce.web.orgs.models import Council
    from csc_workforce.web.staying import figures

    ours = figures.council_figures(Council.objects.get(la_code="873"), "role")
    theirs = figures.council_figures(Council.objects.get(la_code="822"), "role")
    assert ours is not None and theirs is not None
    assert _as_text(theirs) == _as_text(_fresh_council("822", "role"))
    assert ours.intro != theirs.intro


def test_new_teams_from_an_hr_build_are_a_new_key(history: None) -> None:
    from csc_workforce.web.orgs.models import Council
    from csc_workforce.web.staying import figures
    from csc_workforce.web.staying.models import StoredRetention, TeamAssignment
    from csc_workforce.web.staying.teams import record_teams

    council = Council.objects.get(la_code="873")
    before = figures.council_figures(council, "role")
    key = StoredRetention.objects.get(council=council, grouping="role").key
    everyone = dict(TeamAssignment.objects.filter(council=council, year=2025).values_list("swe", "team"))
    record_teams(council, 2025, dict.fromkeys(everyone, "One big team"))
    after = figures.council_figures(council, "role")
    assert StoredRetention.objects.get(council=council, grouping="role").key != key
    assert before is not None and after is not None
    assert _as_text(after) == _as_text(_fresh_council("873", "role")) != _as_text(before)
