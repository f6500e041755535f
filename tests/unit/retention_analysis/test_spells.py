"""Spells of employment from census histories: role changes, returners, late entry, agency, gaps."""

from __future__ import annotations

from datetime import date

import pytest

from csc_workforce.analytics.retention_regional import regional_retention
from csc_workforce.core.disclosure import DisclosureRule
from csc_workforce.core.retention import (
    ReturnRecords,
    ServiceRecord,
    build_spells,
    destination_group,
    leaver_hazards_by_service,
    origin_group,
    tenure_years,
)


def rec(swe: str | None, start: date | None, end: date | None = None, **items: object) -> ServiceRecord:
    agency = int(items.pop("agency", 0))  # type: ignore[call-overload]
    return ServiceRecord(swe=swe, agency=agency, start=start, end=end, **items)  # type: ignore[arg-type]


def ret(year: int, *records: ServiceRecord, la: str = "821") -> ReturnRecords:
    return ReturnRecords(la, year, records)


def test_a_role_change_inside_the_council_does_not_end_the_spell() -> None:
    history = build_spells(
        [
            ret(2020, rec("SW1", date(2019, 11, 1), role="6")),
            # Left the case-holder post in 2021 and took a senior practitioner post the next day.
            ret(
                2021,
                rec("SW1", date(2019, 11, 1), date(2021, 3, 31), role="6", reason="8"),
                rec("SW1", date(2021, 4, 1), role="5"),
            ),
            ret(2022, rec("SW1", date(2021, 4, 1), role="5")),
        ]
    )
    (spell,) = history.spells
    assert spell.start == date(2019, 11, 1)
    assert spell.entered == date(2019, 11, 1)
    assert not spell.left
    assert spell.end == date(2022, 9, 30)
    assert spell.role == "6"
    assert spell.tenure_years == pytest.approx((date(2022, 9, 30) - date(2019, 11, 1)).days / 365.25)


def test_a_leaver_who_returns_in_a_later_year_starts_a_new_spell() -> None:
    history = build_spells(
        [
            ret(2020, rec("SW1", date(2019, 11, 1))),
            ret(2021, rec("SW1", date(2019, 11, 1), date(2021, 2, 28), destination="3", reason="1")),
            ret(2022),
            ret(2023, rec("SW1", date(2023, 1, 9), start_origin="4")),
        ]
    )
    first, second = sorted(history.spells, key=lambda s: s.start)
    assert first.left and first.end == date(2021, 2, 28)
    assert first.leaving_year == 2021
    assert destination_group(first.destination) == "agency"
    assert first.reason == "1"
    assert not second.left and second.start == date(2023, 1, 9) and second.end == date(2023, 9, 30)
    assert second.entry_years == 0
    assert origin_group(second.start_origin) == "agency"
    assert history.lost_to_follow_up == 0


def test_someone_in_post_in_the_first_return_enters_late() -> None:
    history = build_spells([ret(2018, rec("SW1", date(2008, 5, 1))), ret(2019, rec("SW1", date(2008, 5, 1)))])
    (spell,) = history.spells
    assert spell.start == date(2008, 5, 1)
    assert spell.entered == date(2017, 10, 1)
    assert spell.entry_years == pytest.approx(tenure_years(date(2008, 5, 1), date(2017, 10, 1)))
    assert not spell.started_in_observation
    assert history.observed_from == date(2017, 10, 1)
    assert history.observed_to == date(2019, 9, 30)


def test_agency_records_are_never_spells() -> None:
    history = build_spells(
        [
            ret(2020, rec("SW1", date(2019, 11, 1), agency=1), rec("SW2", date(2019, 12, 1))),
            ret(2021, rec("SW1", date(2019, 11, 1), agency=1), rec("SW2", date(2019, 12, 1))),
        ]
    )
    assert [s.swe for s in history.spells] == ["SW2"]
    assert history.agency_records == 2


def test_records_with_missing_dates_or_identifiers_are_counted_not_guessed() -> None:
    history = build_spells(
        [
            ret(
                2020,
                rec("SW1", None),
                rec("SW2", date(2019, 11, 1)),
                rec(None, date(2019, 11, 1)),
                rec("SW4", None, agency=1),
            ),
        ]
    )
    assert [s.swe for s in history.spells] == ["SW2"]
    assert history.excluded == 1  # non-agency without RoleStartDate; the agency one is not counted
    assert history.unlinked == 1
    assert any("without a RoleStartDate" in note for note in history.notes())


def test_in_post_then_absent_with_no_leaving_record_is_censored_and_reported() -> None:
    history = build_spells(
        [
            ret(2020, rec("SW1", date(2015, 1, 1)), rec("SW2", date(2016, 1, 1))),
            ret(2021, rec("SW2", date(2016, 1, 1))),
        ]
    )
    gone = next(s for s in history.spells if s.swe == "SW1")
    assert not gone.left and gone.end == date(2020, 9, 30)
    assert history.lost_to_follow_up == 1


def test_councils_are_separate_and_a_move_between_them_is_two_spells() -> None:
    history = build_spells(
        [
            ret(2020, rec("SW1", date(2019, 11, 1)), la="821"),
            ret(2021, rec("SW1", date(2019, 11, 1), date(2021, 1, 31), destination="1"), la="821"),
            ret(2021, rec("SW1", date(2021, 2, 1), start_origin="2"), la="822"),
        ]
    )
    assert sorted((s.la_code, s.left) for s in history.spells) == [("821", True), ("822", False)]
    assert history.followed_to == {"821": date(2021, 9, 30), "822": date(2021, 9, 30)}


def test_a_starter_who_leaves_in_the_same_year_is_one_spell_ending_in_leaving() -> None:
    history = build_spells([ret(2020, rec("SW1", date(2019, 11, 1), date(2020, 6, 30), destination="6"))])
    (spell,) = history.spells
    assert spell.left and destination_group(spell.destination) == "out_of_social_work"
    assert spell.tenure_years == pytest.approx((date(2020, 6, 30) - date(2019, 11, 1)).days / 365.25)


def test_two_returns_for_one_council_and_year_are_refused() -> None:
    with pytest.raises(ValueError, match="two returns for council 821 and year 2020"):
        build_spells([ret(2020), ret(2020)])


def test_leaver_hazards_are_leavers_over_years_at_risk_in_each_band() -> None:
    history = build_spells(
        [
            ret(2020, rec("SW1", date(2019, 10, 1), date(2020, 3, 31)), rec("SW2", date(2019, 10, 1))),
            ret(2021, rec("SW2", date(2019, 10, 1))),
        ]
    )
    first, second, *_ = leaver_hazards_by_service(history.spells, edges=(0.0, 1.0, 2.0))
    assert first.leavers == 1
    sw1 = (date(2020, 3, 31) - date(2019, 10, 1)).days / 365.25
    assert first.years_at_risk == pytest.approx(sw1 + 1.0)
    assert first.rate_per_year == pytest.approx(1 / (sw1 + 1.0))
    sw2 = (date(2021, 9, 30) - date(2019, 10, 1)).days / 365.25
    assert second.years_at_risk == pytest.approx(sw2 - 1.0)
    assert second.leavers == 0 and second.annual_probability == 0.0


def test_a_suppressed_council_count_suppresses_the_region_total() -> None:
    big = [ret(2020, *(rec(f"SW{i}", date(2019, 11, 1)) for i in range(20)), la="821")]
    small = [ret(2020, *(rec(f"SW{i}", date(2019, 11, 1)) for i in range(2)), la="822")]
    rows = regional_retention(build_spells(big + small), {"821": "Big", "822": "Small"}, DisclosureRule(5))
    by_name = {row.name: row for row in rows}
    assert by_name["Big"].starters == 20
    assert by_name["Small"].starters == "c" and by_name["Small"].starters_1y == "c"
    assert by_name["Region"].starters == "c"  # 22 - 20 would give the small council back
    assert by_name["Region"].newly_qualified is None  # no one newly qualified anywhere
