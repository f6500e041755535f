"""Every way a mapping can be wrong gives one clear message naming the mapping key (or row and column)."""

from __future__ import annotations

from pathlib import Path

import pytest

from csc_workforce.core.hr.build import HrBuildError, HrSource, build_return
from csc_workforce.core.hr.mapping import MappingError
from csc_workforce.ingest.hr_extract import read_hr_extract
from csc_workforce.ingest.hr_mapping import mapping_from_yaml, mapping_yaml, read_mapping
from tests.unit.hr.conftest import EXTRACT, MAPPING

BASE = "version: 1\ncolumns:\n  SWENo: Social Work England number\n"


@pytest.mark.parametrize(
    ("text", "key", "words"),
    [
        ("columns: [", "m.yaml", "not valid YAML"),
        ("- a list", "m.yaml", "must be a YAML mapping"),
        ("version: 2\n", "m.yaml version", "must be 1"),
        ("columns: {}\n", "m.yaml version", "must be 1"),
        (BASE + "colour: blue\n", "m.yaml colour", "not a mapping key"),
        (BASE + "standard_hours: lots\n", "m.yaml standard_hours", "number of weekly hours"),
        (BASE + "standard_hours: 0\n", "m.yaml standard_hours", "more than 0"),
        (BASE + 'date_format: "dd/mm/yyyy"\n', "m.yaml date_format", "does not read back"),
        (BASE + 'date_format: "%d/%m"\n', "m.yaml date_format", "does not read back"),
        (
            "version: 1\ncolumns:\n  JobTitle: Job Title\n",
            "m.yaml columns.JobTitle",
            "not a census worker item",
        ),
        ("version: 1\ncolumns: [a, b]\n", "m.yaml columns", "must be a mapping"),
        ("version: 1\ncolumns:\n  OrgRole: Role\n  Sex: Role\n", "m.yaml columns", "more than one item"),
        (BASE + "hours_column: Hours\n", "m.yaml hours_column", "needs standard_hours"),
        (
            BASE + "standard_hours: 37\nhours_column: Social Work England number\n",
            "m.yaml hours_column",
            "also mapped",
        ),
        (BASE + "values:\n  SWENo: {a: b}\n", "m.yaml values.SWENo", "not a coded item"),
        (BASE + "values:\n  OrgRole: [a]\n", "m.yaml values.OrgRole", "must map each HR value"),
        (
            BASE + 'values:\n  OrgRole: {Social Worker: "9"}\n',
            "m.yaml values.OrgRole.Social Worker",
            "not a OrgRole code",
        ),
        (BASE + 'values:\n  OrgRole: {SW: "5", " sw ": "5"}\n', "m.yaml values.OrgRole", "twice"),
        (BASE + 'defaults:\n  StepUpGrad: "maybe"\n', "m.yaml defaults.StepUpGrad", "not a StepUpGrad code"),
        (BASE + 'defaults:\n  SWENo: "SW1"\n', "m.yaml defaults.SWENo", "also mapped"),
        (BASE + 'defaults:\n  Colour: "1"\n', "m.yaml defaults.Colour", "not a census worker item"),
        (BASE + "defaults:\n  RoleStartDate: 01/02/2020\n", "m.yaml defaults.RoleStartDate", "YYYY-MM-DD"),
        (BASE + "defaults:\n  FTE: 1.5\n", "m.yaml defaults.FTE", "above 1"),
        (BASE + "la_level:\n  Vacancies: 3\n", "m.yaml la_level.Vacancies", "not an LA-level census item"),
        (BASE + "la_level:\n  NumberOfVacancies: -1\n", "m.yaml la_level.NumberOfVacancies", "below 0"),
        (BASE + "la_level:\n  NoAgencyHeadcount: 2.5\n", "m.yaml la_level.NoAgencyHeadcount", "whole number"),
    ],
)
def test_each_mapping_error_names_its_key(text: str, key: str, words: str) -> None:
    with pytest.raises(MappingError) as raised:
        mapping_from_yaml(text, "m.yaml")
    assert str(raised.value).startswith(f"{key}:")
    assert words in str(raised.value)


def test_yaml_booleans_and_dates_stay_as_written() -> None:
    mapping = mapping_from_yaml(
        "version: 1\ncolumns: {StepUpGrad: Step Up}\n"
        'values:\n  StepUpGrad: {Yes: "1", No: "0", 2020-01-01: "1"}\n',
        "m.yaml",
    )
    assert mapping.values["StepUpGrad"] == {"yes": "1", "no": "0", "2020-01-01": "1"}


def test_a_mapping_written_back_reads_back_equal(tmp_path: Path) -> None:
    mapping = mapping_from_yaml(MAPPING, "m.yaml")
    assert mapping_from_yaml(mapping_yaml(mapping), "again.yaml") == mapping


def _build(tmp_path: Path, extract: str, mapping: str) -> None:
    (tmp_path / "hr.csv").write_text(extract, encoding="utf-8")
    checked = mapping_from_yaml(mapping, "m.yaml")
    hr = read_hr_extract(tmp_path / "hr.csv", keep=checked.used_headings)
    build_return([HrSource(hr, checked, "m.yaml")], 2025, "873")


def test_a_heading_the_extract_lacks_names_the_key(tmp_path: Path) -> None:
    with pytest.raises(HrBuildError) as raised:
        _build(tmp_path, EXTRACT, MAPPING.replace("Cases30: Caseload", "Cases30: Open Cases"))
    assert "m.yaml columns.Cases30: heading 'Open Cases' is not in hr.csv" in str(raised.value)


def test_a_new_hr_value_is_one_clear_problem_never_a_guess(tmp_path: Path) -> None:
    extract = EXTRACT.replace("Team Manager", "Consultant Social Worker")
    with pytest.raises(HrBuildError) as raised:
        _build(tmp_path, extract + extract.splitlines()[6].replace("1003", "1007") + "\n", MAPPING)
    assert str(raised.value) == (
        "m.yaml values.OrgRole: hr.csv Job Title 'Consultant Social Worker' in 2 row(s) (7, 11) "
        "has no OrgRole: "
        "add it to the mapping"
    )
    assert [(p.item, p.value, p.known) for p in raised.value.pending] == [
        ("OrgRole", "Consultant Social Worker", False)
    ]


def test_a_value_listed_without_a_code_asks_for_a_decision(tmp_path: Path) -> None:
    mapping = MAPPING.replace('Team Manager: "3"', "Team Manager: null")
    with pytest.raises(
        HrBuildError, match="'Team Manager' in 1 row\\(s\\) \\(7\\) is listed with no OrgRole code"
    ):
        _build(tmp_path, EXTRACT, mapping)


def test_a_date_in_another_format_names_the_row_and_column(tmp_path: Path) -> None:
    with pytest.raises(HrBuildError) as raised:
        _build(tmp_path, EXTRACT.replace("01/02/2020", "2020.02.01"), MAPPING)
    assert (
        str(raised.value)
        == "hr.csv row 5, column 'Start Date': '2020.02.01' is not a date as %d/%m/%Y or YYYY-MM-DD"
    )


def test_hours_that_are_not_a_number_name_the_row_and_column(tmp_path: Path) -> None:
    with pytest.raises(
        HrBuildError, match=r"hr\.csv row 6, column 'Hours': 'part time' holds no number of hours"
    ):
        _build(tmp_path, EXTRACT.replace("18.5 hours", "part time"), MAPPING)


def test_unsupported_year_is_refused(hr_files: dict[str, Path]) -> None:
    mapping = read_mapping(hr_files["mapping"])
    hr = read_hr_extract(hr_files["extract"], keep=mapping.used_headings)
    with pytest.raises(KeyError, match="collection year 1990 is not supported"):
        build_return([HrSource(hr, mapping)], 1990, "873")
