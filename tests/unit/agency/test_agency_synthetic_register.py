"""The synthetic engagement register: imports cleanly, agrees with the census, and breaks rules."""

from __future__ import annotations

from collections import Counter

import pytest

from csc_workforce.analytics.agency import check_region
from csc_workforce.core.agency.leavers import leavers_from_return
from csc_workforce.core.pseudonym import pseudonymise
from csc_workforce.ingest.agency_caps import read_caps
from csc_workforce.ingest.engagements import read_engagements
from csc_workforce.synth import generate_region
from csc_workforce.synth.engagement_register import caps_csv, register_csv, register_rows

REGION = "East of England"


@pytest.fixture(scope="module")
def returns():
    return list(generate_region(REGION, [2023, 2024, 2025], seed=3))


def _key(swe_no: str) -> str:
    return pseudonymise(swe_no, b"test")


def test_every_council_register_imports_and_matches_the_census(returns, tmp_path):
    registers = register_rows(returns, seed=3)
    agency_workers = {
        (census.la_code, worker.value("SWENo"))
        for census in returns
        for worker in census.workers
        if worker.value("AgencyWorker") == "1"
    }
    assert set(registers) == {la for la, _ in agency_workers}
    for la_code, rows in registers.items():
        path = tmp_path / f"{la_code}.csv"
        path.write_text(register_csv(rows), encoding="utf-8")
        engagements = read_engagements(path)
        assert {e.la_code for e in engagements} == {la_code}
        assert {(e.la_code, e.swe_no) for e in engagements} <= agency_workers


def test_the_region_breaks_each_rule_somewhere(returns, tmp_path):
    rows = [row for rows in register_rows(returns, seed=3).values() for row in rows]
    (tmp_path / "all.csv").write_text(register_csv(rows), encoding="utf-8")
    (tmp_path / "caps.csv").write_text(caps_csv(REGION), encoding="utf-8")
    engagements = read_engagements(tmp_path / "all.csv")
    leavers = [leaver for census in returns for leaver in leavers_from_return(census, _key).leavers]
    checked = check_region(
        engagements, read_caps(tmp_path / "caps.csv"), REGION, worker_key=_key, leavers=leavers
    )
    rules = Counter(finding.rule.value for finding in checked.findings)
    assert set(rules) == {"experience", "references", "cooling-off", "project-team", "price-cap"}
    assert checked.result.not_judged > 0  # engagements before 2024-10-31 are in the register too
    councils = {finding.la_code for finding in checked.findings}
    assert len(councils) > 3


def test_the_same_seed_gives_the_same_register(returns):
    assert register_rows(returns, seed=3) == register_rows(returns, seed=3)
    assert register_rows(returns, seed=3) != register_rows(returns, seed=4)


def test_no_returns_give_no_register():
    assert register_rows([], seed=3) == {}
