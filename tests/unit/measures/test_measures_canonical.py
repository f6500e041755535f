"""The canonical tables: typed values, invalid values null, first of a repeatable item."""

from __future__ import annotations

from datetime import date

import pytest

from csc_workforce.analytics.canonical import (
    LA_LEVEL_SCHEMA,
    WORKER_SCHEMA,
    CanonicalError,
    la_level_frame,
    workers_frame,
)
from tests.unit.measures.builders import census, employed, worker


def test_values_are_typed_and_invalid_values_become_null() -> None:
    ret = census(
        [
            employed(0, "SW12345", FTE="0.5", Cases30="12", RoleEndDate="2023-02-30", OrgRole="9"),
            worker(0, AgencyWorker="2", SWENo="12345", FTE="1.5", Absat30Sept=["1", "0"], Cases30="3.5"),
        ]
    )
    frame = workers_frame([ret])
    assert frame.schema == WORKER_SCHEMA
    first, second = frame.to_dicts()
    assert first["FTE"] == 0.5 and first["Cases30"] == 12 and first["AgencyWorker"] == 0
    assert first["PersonBirthDate"] == date(1985, 3, 2)
    assert first["RoleEndDate"] is None  # 30 February
    assert first["OrgRole"] is None  # not in the code set
    assert first["la_code"] == "881" and first["time_period"] == 2023 and first["record"] == 1
    assert second["AgencyWorker"] is None and second["SWENo"] is None and second["FTE"] is None
    assert second["Cases30"] is None and second["Absat30Sept"] == "1"


def test_la_level_frame() -> None:
    frame = la_level_frame([census([], vacancies="12.50", agency_cover="-1", agency_cover_headcount="3")])
    assert frame.schema == LA_LEVEL_SCHEMA
    assert frame.to_dicts() == [
        {
            "la_code": "881",
            "time_period": 2023,
            "NumberOfVacancies": 12.5,
            "NoAgencyFTE": None,
            "NoAgencyHeadcount": 3,
        }
    ]


def test_year_falls_back_to_reference_date_and_missing_codes_are_named() -> None:
    ret = census([])
    ret.header.year = None
    assert la_level_frame([ret]).get_column("time_period").to_list() == [2023]
    ret.header.reference_date = None
    with pytest.raises(CanonicalError, match=r"test\.xml"):
        workers_frame([ret])
    nolea = census([])
    nolea.header.lea = None
    with pytest.raises(CanonicalError, match="LEA"):
        la_level_frame([nolea])


def test_empty_input() -> None:
    assert workers_frame([]).height == 0 and workers_frame([]).schema == WORKER_SCHEMA
