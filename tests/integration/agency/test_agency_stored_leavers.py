"""Leavers recorded at acceptance: the region's cooling-off check reads them from the database and
finds exactly what re-reading every accepted census file found."""

from __future__ import annotations

import importlib
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from django.apps import apps

from csc_workforce.core.agency.leavers import departures_from_return, leavers_from_return
from csc_workforce.core.agency.model import RuleId
from csc_workforce.core.census.model import WorkerRecord as CensusWorker
from csc_workforce.web import demo
from csc_workforce.web.agency import services
from csc_workforce.web.agency.demo import load_demo_agency_data
from csc_workforce.web.returns.models import WorkerRecord
from csc_workforce.web.returns.services import (
    accept_file,
    census_of,
    current_returns,
    region_current_returns,
    region_departures,
)
from tests.web_fixtures.returns import clean_return, swe_number, xml_bytes

pytestmark = [pytest.mark.integration, pytest.mark.web, pytest.mark.django_db]


def _with_worker_items(census, position: int, **items: str):
    workers = [CensusWorker(w.position, {k: list(v) for k, v in w.items.items()}) for w in census.workers]
    for name, value in items.items():
        workers[position - 1].items[name] = [value]
    return replace(census, workers=workers)


def _leavers_from_files(region, worker_key):
    """The region's leavers as computed before they were stored: every current file re-read."""
    returns = [
        census for council_returns in region_current_returns(region).values() for census in council_returns
    ]
    leavers = [leaver for census in returns for leaver in leavers_from_return(census, worker_key).leavers]
    return leavers, len(returns)


def test_acceptance_records_each_departure_on_its_worker_row(other_council, make_user) -> None:
    accepted = accept_file(
        other_council, xml_bytes(clean_return("822", 2025)), make_user("loader", "admin"), filename="r.xml"
    )
    expected = {d.position: d.left_on for d in departures_from_return(census_of(accepted)).departures}
    assert expected == {2: date(2025, 3, 31)}
    stored = dict(
        WorkerRecord.objects.filter(accepted_return=accepted, departed_on__isnull=False).values_list(
            "record", "departed_on"
        )
    )
    assert stored == expected
    assert WorkerRecord.objects.get(accepted_return=accepted, record=2).swe_no == swe_number("822", 2)


def test_region_departures_use_current_versions_only_and_match_the_files(
    region, council, other_council, far_council, make_user
) -> None:
    user = make_user("loader", "admin")
    accept_file(council, xml_bytes(clean_return("873", 2024)), user, filename="873-2024.xml")
    accept_file(other_council, xml_bytes(clean_return("822", 2025)), user, filename="822-2025-v1.xml")
    # Version 2 corrects the leaving date and adds a second leaver; version 1 no longer counts.
    corrected = _with_worker_items(clean_return("822", 2025), 2, RoleEndDate="2025-02-28")
    corrected = _with_worker_items(
        corrected, 4, RoleEndDate="2025-01-31", LeaverDestination="1", ReasonLeave="3"
    )
    accept_file(other_council, xml_bytes(corrected), user, filename="822-2025-v2.xml")
    accept_file(far_council, xml_bytes(clean_return("301", 2025)), user, filename="301-2025.xml")

    departures, returns = region_departures(region)

    assert returns == 2
    expected = [
        d for census in current_returns(other_council) for d in departures_from_return(census).departures
    ]
    expected += [d for census in current_returns(council) for d in departures_from_return(census).departures]
    # Councils by name, as region_current_returns lists them.
    assert [other_council.name, council.name] == sorted([other_council.name, council.name])
    assert departures == expected
    assert {(d.la_code, d.left_on) for d in departures} == {
        ("822", date(2025, 2, 28)),
        ("822", date(2025, 1, 31)),
        ("873", date(2024, 3, 31)),
    }
    key = services.worker_key_function()
    assert services.region_leavers(region, key) == _leavers_from_files(region, key)


def test_the_backfill_records_departures_of_returns_accepted_before_the_column(
    other_council, make_user
) -> None:
    accepted = accept_file(
        other_council, xml_bytes(clean_return("822", 2025)), make_user("loader", "admin"), filename="r.xml"
    )
    WorkerRecord.objects.update(departed_on=None)
    migration = importlib.import_module("csc_workforce.web.returns.migrations.0002_worker_departed_on")

    migration.record_departures(apps, None)

    assert dict(
        WorkerRecord.objects.filter(departed_on__isnull=False).values_list("accepted_return", "record")
    ) == {accepted.pk: 2}
    assert WorkerRecord.objects.get(accepted_return=accepted, record=2).departed_on == date(2025, 3, 31)


def test_demo_region_findings_are_the_same_as_from_the_files(
    region, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo.ensure_users(region, "a-demo-password-1")
    assert demo.load_demo_data(tmp_path) == 55
    load_demo_agency_data(region, demo.DEMO_SEED)
    engagements = services.region_engagements(services.region_registers(region))

    stored = services.run_check(region, engagements)
    monkeypatch.setattr(services, "region_leavers", _leavers_from_files)
    from_files = services.run_check(region, engagements)

    def shown(check: services.AgencyCheck) -> list[tuple[str, ...]]:
        return [(*f.as_dict().values(), f.la_code, f.agency) for f in check.checked.findings]

    cooling_off = [f for f in stored.checked.findings if f.rule is RuleId.COOLING_OFF]
    assert len(cooling_off) >= 3, "the demo region should have cooling-off breaches to compare"
    assert shown(stored) == shown(from_files)
    assert (stored.leavers, stored.census_returns) == (from_files.leavers, from_files.census_returns)
    assert stored.census_returns == 55
    assert stored.checked.warnings == from_files.checked.warnings
