"""Headcount de-duplication (census.md §10) and the measures of one council, as properties."""

from __future__ import annotations

from random import Random

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csc_workforce.analytics.canonical import la_level_frame, workers_frame
from csc_workforce.analytics.council import council_measures, measures_for_returns
from csc_workforce.core.census.model import WorkerRecord
from csc_workforce.core.measures import headcount_representatives, seniority
from tests.unit.measures.builders import agency, census, employed

RATES_0_TO_100 = ("agency_rate_fte", "agency_rate_headcount", "vacancy_rate_fte")


def measures(workers: list[WorkerRecord], **kwargs: str) -> dict[str, object]:
    ret = census(workers, **kwargs)
    (row,) = council_measures(workers_frame([ret]), la_level_frame([ret])).to_dicts()
    return row


def test_representative_is_most_senior_then_first() -> None:
    eligible = np.array([True, True, True, True, False])
    person = np.array([0, 0, 1, -1, 0])
    rank = seniority(["5", "3", None, "1", "1"])
    assert headcount_representatives(eligible, person, rank).tolist() == [False, True, True, True, False]
    tie = headcount_representatives(np.array([True, True]), np.array([4, 4]), seniority(["2", "2"]))
    assert tie.tolist() == [True, False]


def test_key_includes_birth_date_gender_and_ethnicity() -> None:
    # Same SWE number but a different date of birth: two people by DfE's key.
    row = measures([employed(0, "SW1"), employed(0, "SW1", PersonBirthDate="1990-01-01")])
    assert row["inpost_headcount"] == 2
    row = measures([employed(0, "SW1"), employed(0, "SW1", Ethnicity="WIRI")])
    assert row["inpost_headcount"] == 2
    row = measures([employed(0, "SW1", FTE="0.5"), employed(0, "SW1", FTE="0.5", OrgRole="4")])
    assert row["inpost_headcount"] == 1 and row["inpost_fte"] == pytest.approx(1.0)


def test_leavers_keyed_on_end_date_and_starters_on_start_date() -> None:
    leaver = {"RoleEndDate": "2023-03-01", "ReasonLeave": "1", "LeaverDestination": "1"}
    row = measures([employed(0, "SW1", **leaver), employed(0, "SW1", **leaver)])
    assert row["leavers_headcount"] == 1 and row["leavers_fte"] == pytest.approx(2.0)
    row = measures(
        [employed(0, "SW1", **leaver), employed(0, "SW1", **{**leaver, "RoleEndDate": "2023-06-01"})]
    )
    assert row["leavers_headcount"] == 2
    row = measures(
        [employed(0, "SW1", RoleStartDate="2023-01-01"), employed(0, "SW1", RoleStartDate="2023-02-01")]
    )
    assert row["starters_headcount"] == 2 and row["inpost_headcount"] == 1


def test_missing_swe_number_counts_each_record() -> None:
    row = measures([employed(0, None), employed(0, None)])  # type: ignore[arg-type]
    assert row["inpost_headcount"] == 2


def test_missing_fte_counts_in_headcount_not_fte() -> None:
    row = measures([employed(0, "SW1", FTE=None, FTE30=None), employed(0, "SW2", FTE="0.5")])
    assert row["inpost_headcount"] == 2 and row["inpost_fte"] == pytest.approx(0.5)


def test_council_with_no_workers_still_gets_a_row() -> None:
    row = measures([], vacancies="2")
    assert row["inpost_headcount"] == 0 and row["vacancy_fte"] == 2.0
    assert row["turnover_rate_fte"] is None and row["vacancy_rate_fte"] == 100.0


_fte = st.sampled_from(["1", "0.5", "0.8", "0.6", "0.25"])
_role = st.sampled_from(["1", "2", "3", "4", "5", "6"])


@st.composite
def workforce(draw: st.DrawFn) -> list[WorkerRecord]:
    records: list[WorkerRecord] = []
    for number in range(draw(st.integers(1, 12))):
        kind = draw(st.sampled_from(["in_post", "leaver", "starter", "agency"]))
        swe = f"SW{number}"
        fte, role = draw(_fte), draw(_role)
        if kind == "agency":
            records.append(agency(0, swe, FTE=fte, Cases30=draw(st.sampled_from(["0", "5", None]))))
        elif kind == "leaver":
            records.append(
                employed(
                    0,
                    swe,
                    FTE=fte,
                    OrgRole=role,
                    RoleEndDate="2023-04-01",
                    ReasonLeave="1",
                    LeaverDestination="8",
                )
            )
        elif kind == "starter":
            records.append(employed(0, swe, FTE=fte, OrgRole=role, RoleStartDate="2023-02-01"))
        else:
            records.append(
                employed(0, swe, FTE=fte, OrgRole=role, Cases30=draw(st.sampled_from(["0", "10", "22"])))
            )
    return records


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workforce(), st.data())
def test_second_post_adds_fte_never_headcount(records: list[WorkerRecord], data: st.DataObject) -> None:
    in_post = [r for r in records if r.value("AgencyWorker") == "0" and r.value("RoleEndDate") is None]
    before = measures(records, vacancies="4", agency_cover="1")
    if not in_post:
        return
    person = data.draw(st.sampled_from(in_post))
    extra_fte = data.draw(_fte)
    second = WorkerRecord(0, {**person.items, "FTE": [extra_fte], "OrgRole": [data.draw(_role)]})
    after = measures([*records, second], vacancies="4", agency_cover="1")
    assert after["inpost_headcount"] == before["inpost_headcount"]
    assert after["inpost_fte"] == pytest.approx(before["inpost_fte"] + float(extra_fte))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workforce(), st.sampled_from(["0", "3", "12.5"]), st.sampled_from(["0", "1", "2"]))
def test_measures_invariants(records: list[WorkerRecord], vacancies: str, cover: str) -> None:
    row = measures(records, vacancies=vacancies, agency_cover=cover)
    for rate in RATES_0_TO_100:
        assert row[rate] is None or 0 <= row[rate] <= 100
    agency_records = sum(1 for r in records if r.value("AgencyWorker") == "1")
    assert row["agency_headcount"] == agency_records  # never de-duplicated
    assert row["inpost_headcount"] <= sum(1 for r in records if r.value("AgencyWorker") == "0")
    assert row["turnover_rate_headcount"] is None or row["turnover_rate_headcount"] >= 0
    if row["case_holders_fte"]:
        assert row["caseload_fte"] == pytest.approx(row["cases"] / row["case_holders_fte"])
    else:
        assert row["caseload_fte"] is None


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(workforce(), st.randoms(use_true_random=False))
def test_record_order_never_changes_a_figure(records: list[WorkerRecord], rng: Random) -> None:
    before = measures_for_returns([census(list(records))]).drop("policy").to_dicts()
    shuffled = list(records)
    rng.shuffle(shuffled)
    after = measures_for_returns([census(shuffled)]).drop("policy").to_dicts()
    assert before[0].keys() == after[0].keys()
    for key, value in before[0].items():
        assert after[0][key] == (pytest.approx(value) if isinstance(value, float) else value)
