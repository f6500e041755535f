"""Age bands, time in service and the other breakdowns."""

from __future__ import annotations

import numpy as np
import pytest

from csc_workforce.core.census.registry import CODE_SETS
from csc_workforce.core.measures import (
    AGE_BANDS,
    ETHNICITY_GROUPS,
    NOT_A_LEAVER,
    NOT_KNOWN,
    Population,
    age_at,
    band_labels,
    breakdown_name,
    breakdown_values,
    completed_years,
)


def days(*values: str | None) -> np.ndarray:
    return np.array([v or "NaT" for v in values], dtype="datetime64[D]")


def test_completed_years_around_birthdays_and_leap_days() -> None:
    on = days("2023-09-30", "2023-09-30", "2023-09-30", "2024-02-28", "2024-02-29", "2023-09-30")
    born = days("1993-09-30", "1993-10-01", "2000-02-29", "2000-02-29", "2000-02-29", None)
    years = completed_years(born, on)
    assert years[:5].tolist() == [30, 29, 23, 23, 24]
    assert np.isnan(years[5])


def test_age_bands() -> None:
    ages = np.array([19, 20, 29.0, 30, 59, 60, 75, np.nan, -1])
    assert band_labels(ages, AGE_BANDS) == [
        "Under 20",
        "20 to 29",
        "20 to 29",
        "30 to 39",
        "50 to 59",
        "60 and over",
        "60 and over",
        NOT_KNOWN,
        NOT_KNOWN,
    ]


def test_leavers_are_aged_on_their_leaving_date() -> None:
    items = {"PersonBirthDate": days("1993-06-01"), "RoleEndDate": days("2023-03-01")}
    assert breakdown_values("age_band", Population.LEAVER, items, 2023) == ["20 to 29"]
    assert breakdown_values("age_band", Population.IN_POST, items, 2023) == ["30 to 39"]
    assert age_at(items["PersonBirthDate"], days("2023-09-30"))[0] == 30


def test_time_in_service() -> None:
    items = {"RoleStartDate": days("2021-09-30", "2021-10-01", None), "RoleEndDate": days(None, None, None)}
    assert breakdown_values("time_in_service", Population.IN_POST, items, 2023) == [
        "2 to less than 5 years",
        "Less than 2 years",
        NOT_KNOWN,
    ]


def test_code_breakdowns() -> None:
    assert set(ETHNICITY_GROUPS) == set(CODE_SETS["Ethnicity"].labels)
    eth = {"Ethnicity": np.array(["BAFR", "REFU", None], dtype=object)}
    assert breakdown_values("ethnicity_group", Population.IN_POST, eth, 2023) == [
        "Black / African / Caribbean / Black British",
        NOT_KNOWN,
        NOT_KNOWN,
    ]
    sex = {
        "Sex": np.array(["F", None, None], dtype=object),
        "GenderCurrent": np.array([None, "1", None], dtype=object),
    }
    assert breakdown_values("sex", Population.IN_POST, sex, 2024) == ["Female", "Male", NOT_KNOWN]
    reason = {"ReasonLeave": np.array(["5", None], dtype=object)}
    assert breakdown_values("reason_leave", Population.LEAVER, reason, 2023) == ["Retired", "Not recorded"]
    assert breakdown_values("reason_leave", Population.IN_POST, reason, 2023) == [NOT_A_LEAVER] * 2
    role = {"OrgRole": np.array(["4", None], dtype=object)}
    assert breakdown_values("role", Population.AGENCY, role, 2023) == ["Senior practitioner", NOT_KNOWN]


def test_breakdown_names() -> None:
    assert breakdown_name("Age") == "age_band"
    assert breakdown_name("gender") == "sex"
    assert breakdown_name("reason-leave") == "reason_leave"
    assert breakdown_name("OrgRole") == "role"
    with pytest.raises(ValueError, match="choose one of"):
        breakdown_name("height")
