"""The small extract becomes a clean return whose measures equal the hand calculation."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from csc_workforce.analytics.council import measures_for_returns
from csc_workforce.analytics.hr_position import hr_position
from csc_workforce.core.census.validation import validate_return
from csc_workforce.core.hr.build import HrSource, build_return
from csc_workforce.ingest.hr_extract import read_hr_extract
from csc_workforce.ingest.hr_mapping import read_mapping


def _sources(files: dict[str, Path]) -> list[HrSource]:
    sources = []
    for extract, mapping in (("extract", "mapping"), ("agency", "agency_mapping")):
        checked = read_mapping(files[mapping])
        sources.append(
            HrSource(read_hr_extract(files[extract], keep=checked.used_headings), checked, mapping)
        )
    return sources


def test_the_return_validates_with_no_errors_and_holds_the_year_s_posts(hr_files: dict[str, Path]) -> None:
    census = build_return(_sources(hr_files), 2025, "873")
    issues = validate_return(census)
    assert [issue for issue in issues if issue.severity == "error"] == []
    swe = [worker.value("SWENo") for worker in census.workers]
    # Cat left before the year began and Eve starts after 30 September: neither is in the return.
    assert swe == ["SW100001", "SW100002", "SW100004", "SW100006", "SW100007"]
    fay = census.workers[3]
    assert "RoleEndDate" not in fay.items and "ReasonLeave" not in fay.items  # leaves after 30 September
    bob = census.workers[1]
    assert bob.value("FTE") == "0.5" and bob.value("FTE30") == "0" and bob.value("ReasonLeave") == "1"
    assert census.workers[2].value("FTE") == "0.8"


def test_measures_equal_the_hand_calculation(hr_files: dict[str, Path]) -> None:
    row = measures_for_returns([build_return(_sources(hr_files), 2025, "873")]).to_dicts()[0]
    # In post: Ann 1 + Dan 0.8 + Fay 1; starters Bob 0.5 + Dan 0.8; leaver Bob 0.5; agency Gus 1.
    assert row["inpost_fte"] == pytest.approx(2.8)
    assert row["inpost_headcount"] == 3
    assert row["starters_fte"] == pytest.approx(1.3)
    assert row["starters_headcount"] == 2
    assert row["leavers_fte"] == pytest.approx(0.5)
    assert row["turnover_rate_fte"] == pytest.approx(100 * 0.5 / 2.8)
    assert row["agency_rate_fte"] == pytest.approx(100 * 1 / 3.8)
    assert row["vacancy_rate_fte"] == pytest.approx(100 * 2 / 4.8)
    assert row["cases"] == 15 + 10 + 20 + 12
    assert row["caseload_fte"] == pytest.approx(57 / 3.8)


def test_position_on_30_september_equals_the_census_measures(hr_files: dict[str, Path]) -> None:
    sources = _sources(hr_files)
    census = measures_for_returns([build_return(sources, 2025, "873")]).to_dicts()[0]
    position = hr_position(sources, date(2025, 9, 30), "873")
    assert position.measures == {name: census[name] for name in position.measures}


def test_position_at_another_month_end_counts_the_12_months_to_it(hr_files: dict[str, Path]) -> None:
    position = hr_position(_sources(hr_files), date(2025, 3, 31), "873").measures
    # 1 April 2024 - 31 March 2025: Ann and Fay in post; Bob starts and leaves; Cat leaves (June).
    assert position["inpost_fte"] == pytest.approx(2.0)
    assert position["starters_fte"] == pytest.approx(0.5)
    assert position["leavers_fte"] == pytest.approx(1.5)
    assert position["leavers_headcount"] == 2
    assert position["turnover_rate_fte"] == pytest.approx(75.0)
    assert position["vacancy_fte"] == 2.0  # the la_level value, used as given


def test_personal_columns_are_dropped_on_reading(hr_files: dict[str, Path]) -> None:
    mapping = read_mapping(hr_files["mapping"])
    extract = read_hr_extract(hr_files["extract"], keep=mapping.used_headings)
    assert extract.heading_row == 4
    assert extract.dropped_columns == 4  # Employee No, Forename, Surname, NI Number
    kept = {heading for row in extract.rows for heading in row.values}
    assert kept <= mapping.used_headings
    texts = " ".join(value for row in extract.rows for value in row.values.values())
    assert "QQ123456C" not in texts and "Ann" not in texts
    census = build_return(_sources(hr_files), 2025, "873")
    assert "QQ123456C" not in repr(census)


def test_agency_cover_items_the_mapping_omits_come_from_the_agency_list(hr_files: dict[str, Path]) -> None:
    given = build_return(_sources(hr_files), 2025, "873")
    assert (given.la_items["NoAgencyFTE"], given.la_items["NoAgencyHeadcount"]) == (["1"], ["1"])  # as given
    mapping = hr_files["mapping"].read_text(encoding="utf-8")
    omitted = mapping.replace("  NoAgencyFTE: 1\n", "").replace("  NoAgencyHeadcount: 1\n", "")
    hr_files["mapping"].write_text(omitted, encoding="utf-8")
    # Gus, the one agency worker at 30 September, 37 hours: 1 FTE, 1 person.
    agency = hr_files["agency"].read_text(encoding="utf-8")
    hr_files["agency"].write_text(
        agency + "AG2,Hal Example,SW100008,Social Worker,18.5,4,12\n", encoding="utf-8"
    )
    derived = build_return(_sources(hr_files), 2025, "873")
    assert derived.la_items["NoAgencyFTE"] == ["1.50"]
    assert derived.la_items["NoAgencyHeadcount"] == ["2"]
    assert derived.la_items["NumberOfVacancies"] == ["2"]  # given, never derived
    hr_only = [source for source in _sources(hr_files) if source.mapping_name == "mapping"]
    assert "NoAgencyFTE" not in build_return(hr_only, 2025, "873").la_items  # no agency list: not derived
