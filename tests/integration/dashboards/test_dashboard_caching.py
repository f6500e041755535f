"""The dashboards' kept figures (web/fragments.py), their warming on acceptance and the index the
current-versions query reads: pages served from what is kept equal pages computed afresh."""

from __future__ import annotations

import re

import pytest
from django.db import connection

from csc_workforce.web.dashboards import api, services, views, warming
from csc_workforce.web.returns import services as returns_services
from csc_workforce.web.returns.models import AcceptedReturn
from csc_workforce.web.returns.services import accept_file
from tests.web_fixtures.returns import clean_return, xml_bytes

pytestmark = [pytest.mark.integration, pytest.mark.web]

PAGES = [
    "/councils/873/",
    "/region/east-of-england/",
    "/api/councils/873/measures",
    "/api/regions/east-of-england/measures",
]
_PER_REQUEST = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"|nonce="[^"]+"')


def forget_everything() -> None:
    for cached in (
        services._council_view,
        services._breakdown,
        services._region_view,
        returns_services._parsed,
    ):
        cached.cache_clear()
    views.FIGURES.clear()
    api.DOCUMENTS.clear()


def served(client, path: str) -> bytes:
    response = client.get(path)
    assert response.status_code == 200, path
    return _PER_REQUEST.sub(b"", response.content)  # a new CSRF token and CSP nonce on every page


def accept(council, analyst, workers: int) -> AcceptedReturn:
    census = xml_bytes(clean_return("873", 2024, workers=workers))
    return accept_file(council, census, analyst, filename="r.xml", reason="a corrected return")


def test_pages_from_kept_figures_equal_pages_computed_afresh_after_each_acceptance(
    login, council, analyst, lead
) -> None:
    analyst_client, lead_client = login(analyst), login(lead)
    client_for = {path: lead_client if "region" in path else analyst_client for path in PAGES}
    for workers in (12, 18):
        accept(council, analyst, workers)
        kept = {path: served(client_for[path], path) for path in PAGES}
        again = {path: served(client_for[path], path) for path in PAGES}
        forget_everything()
        fresh = {path: served(client_for[path], path) for path in PAGES}
        assert kept == again == fresh
    headcount = analyst_client.get("/api/councils/873/measures").json()["accepted_returns"][0]["measures"]
    assert (
        headcount["inpost_headcount"]
        == AcceptedReturn.objects.order_by("-version").first().measures["inpost_headcount"]
    )


def test_each_highlighted_council_and_year_has_its_own_figures(login, council, analyst, lead) -> None:
    accept(council, analyst, 12)
    as_analyst = login(analyst).get("/region/east-of-england/").content.decode()
    as_lead = login(lead).get("/region/east-of-england/").content.decode()
    assert "(your council)" in as_analyst
    assert "(your council)" not in as_lead


def test_accepting_computes_the_dashboards_before_anyone_looks(
    login, council, analyst, lead, settings
) -> None:
    settings.CSCW_WARM_DASHBOARDS_ON_ACCEPT = True
    forget_everything()
    accept(council, analyst, 12)
    before = (
        services._council_view.cache_info(),
        services._breakdown.cache_info(),
        services._region_view.cache_info(),
    )
    served(login(analyst), "/councils/873/")
    served(login(lead), "/region/east-of-england/")
    after = (
        services._council_view.cache_info(),
        services._breakdown.cache_info(),
        services._region_view.cache_info(),
    )
    assert [a.misses for a in after] == [b.misses for b in before]  # every view model was ready
    assert all(a.hits > b.hits for a, b in zip(after, before, strict=True))


def test_a_failure_while_warming_never_spoils_the_acceptance(council, analyst, settings, monkeypatch) -> None:
    settings.CSCW_WARM_DASHBOARDS_ON_ACCEPT = True

    def broken(council_id: int) -> None:
        AcceptedReturn.objects.raw("SELECT no_such_column FROM no_such_table")[0]  # a database error

    monkeypatch.setattr(warming, "warm_dashboards", broken)
    accepted = accept(council, analyst, 12)
    assert AcceptedReturn.objects.filter(pk=accepted.pk).exists()
    assert accepted.workers.count() == 12  # the rows written after the warming attempt are there too


def test_the_current_versions_query_reads_only_its_index_on_sqlite(council, analyst) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the covering index matters where a row's later columns sit behind its content (SQLite)")
    accept(council, analyst, 12)
    query = (
        services.current_versions()
        .filter(council__region=council.region)
        .values_list("pk", "council__la_code", "year", "version", "sha256")
    )
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "COVERING INDEX current_version_lookup" in plan
    assert "SCAN returns_acceptedreturn" not in plan
