"""The synthetic HR extract and agency list become the council's census return again, and the
suggestions get most of it right on their own."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from csc_workforce.analytics.council import measures_for_returns
from csc_workforce.analytics.hr_position import hr_position
from csc_workforce.core.census.model import CensusReturn
from csc_workforce.core.census.registry import census_year
from csc_workforce.core.census.validation import validate_return
from csc_workforce.core.hr.build import HrSource, build_return
from csc_workforce.core.hr.suggest import suggest_mapping
from csc_workforce.core.hr.translate import normalise_hr_value
from csc_workforce.ingest.hr_extract import read_hr_extract
from csc_workforce.ingest.hr_mapping import read_mapping
from csc_workforce.synth.hr_extract import HrExtractFiles, council_history, write_hr_extract


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[CensusReturn], HrExtractFiles]:
    history = council_history("East of England", "873", [2024, 2025], seed=3)
    return history, write_hr_extract(history, tmp_path_factory.mktemp("hr"), seed=3)


def _sources(files: HrExtractFiles) -> list[HrSource]:
    sources = []
    for extract, mapping_path in (
        (files.extract, files.extract_mapping),
        (files.agency_list, files.agency_mapping),
    ):
        mapping = read_mapping(mapping_path)
        sources.append(
            HrSource(read_hr_extract(extract, keep=mapping.used_headings), mapping, mapping_path.name)
        )
    return sources


def test_the_extract_looks_like_an_hr_system_s(synthetic: tuple[list[CensusReturn], HrExtractFiles]) -> None:
    extract = read_hr_extract(synthetic[1].extract)
    assert extract.heading_row == 4
    assert {"Forename", "NI Number", "Job Title", "Hours"} <= set(extract.headings)
    swe = extract.column("Social Work England number")
    assert any(" " in value or "-" in value or value[:2].islower() for value in swe)
    assert any("/" in value for value in extract.column("Date of Birth"))
    assert "WHITE - BRITISH" in extract.column("Ethnic Origin")


def test_with_its_mapping_it_becomes_the_return_with_equal_measures(
    synthetic: tuple[list[CensusReturn], HrExtractFiles],
) -> None:
    history, files = synthetic
    built = build_return(_sources(files), 2025, "873")
    assert [issue for issue in validate_return(built) if issue.severity == "error"] == []
    original = next(census for census in history if census.year == 2025)
    assert len(built.workers) == len(original.workers)
    ours = measures_for_returns([built]).drop("policy").to_dicts()[0]
    theirs = measures_for_returns([original]).drop("policy").to_dicts()[0]
    assert ours == pytest.approx(theirs)


def test_the_30_september_position_equals_the_return_s_measures(
    synthetic: tuple[list[CensusReturn], HrExtractFiles],
) -> None:
    sources = _sources(synthetic[1])
    census = measures_for_returns([build_return(sources, 2025, "873")]).to_dicts()[0]
    position = hr_position(sources, date(2025, 9, 30), "873")
    assert position.measures == {name: census[name] for name in position.measures}


def test_suggest_maps_most_items_and_values_right_on_its_own(
    synthetic: tuple[list[CensusReturn], HrExtractFiles],
) -> None:
    files = synthetic[1]
    answer = read_mapping(files.extract_mapping)
    suggestion = suggest_mapping(
        read_hr_extract(files.extract), year_items=census_year(2025).worker_item_names
    )
    right = [c.item for c in suggestion.columns if c.applied and answer.columns.get(c.item) == c.heading]
    wrong = [c.item for c in suggestion.columns if c.applied and answer.columns.get(c.item) != c.heading]
    assert len(right) >= 10
    assert wrong == []
    assert suggestion.hours_column is not None and suggestion.hours_column.heading == "Hours"
    for item, values in suggestion.values.items():
        for value in values:
            if value.applied:
                assert answer.values[item][normalise_hr_value(value.value)] == value.code
    # A job title no wording covers is shown as a guess and left for the user.
    consultant = [v for v in suggestion.values["OrgRole"] if v.value == "Consultant Social Worker"]
    assert consultant and not consultant[0].applied


def test_files_are_the_same_for_the_same_seed(
    synthetic: tuple[list[CensusReturn], HrExtractFiles], tmp_path: Path
) -> None:
    history, files = synthetic
    again = write_hr_extract(history, tmp_path, seed=3)
    assert again.agency_list.read_bytes() == files.agency_list.read_bytes()
    assert again.extract_mapping.read_text() == files.extract_mapping.read_text()
