"""Every rule in the catalogue fires on its failing cases and stays quiet on its passing cases."""

from __future__ import annotations

from pathlib import Path

import pytest

from csc_workforce.core.census.model import CensusReturn
from csc_workforce.core.census.validation import (
    RULES,
    Issue,
    context,
    item_rules,
    unreadable,
    validate_return,
)
from csc_workforce.export.census_xml import census_xml_bytes
from csc_workforce.ingest import census_xml
from csc_workforce.ingest.census_xml import read_census_xml_bytes
from csc_workforce.ingest.errors import UnreadableFileError
from tests.unit.census.clean import clean_return
from tests.unit.census.rule_cases import CASES, Case

KNOWN_LA_CODES = frozenset({"301", "302", "340"})


def issues_for(case: Case) -> list[Issue]:
    census: CensusReturn = clean_return(case.year)
    case.change(census)
    if case.xml is not None:
        text = case.xml(census_xml_bytes(census).decode("utf-8"))
        try:
            census = read_census_xml_bytes(text.encode("utf-8"), "case.xml")
        except UnreadableFileError as error:
            return [unreadable(str(error))]
    previous = case.previous(case.year) if case.previous is not None else None
    return validate_return(census, previous=previous, known_la_codes=KNOWN_LA_CODES)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.id)
def test_rule_outcome(case: Case) -> None:
    issues = issues_for(case)
    found = [issue for issue in issues if issue.code == case.code]
    if not case.fires:
        assert found == [], f"{case.code} fired on a passing case: {found}"
        return
    assert found, f"{case.code} did not fire; found {[i.code for i in issues]}"
    assert {issue.severity for issue in found} == {RULES[case.code].severity}
    assert all(issue.message for issue in found)
    if case.where is not None:
        assert (found[0].record, found[0].field) == case.where


def test_every_rule_in_the_catalogue_has_a_failing_and_a_passing_case() -> None:
    failing = {case.code for case in CASES if case.fires}
    passing = {case.code for case in CASES if not case.fires}
    assert failing == set(RULES), f"no failing case: {set(RULES) - failing}; unknown: {failing - set(RULES)}"
    assert passing == set(RULES), f"no passing case: {set(RULES) - passing}; unknown: {passing - set(RULES)}"


def test_case_names_are_unique() -> None:
    ids = [case.id for case in CASES]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("year", sorted({case.year for case in CASES}))
def test_the_clean_return_is_clean(year: int) -> None:
    """Each failing case is one change away from a return with no issue at all."""
    assert validate_return(clean_return(year), known_la_codes=KNOWN_LA_CODES) == []


def test_every_problem_is_reported_in_one_run() -> None:
    census = clean_return(2022)
    census.header.reference_date = "2022-03-31"
    census.workers[0].items["OrgRole"] = ["9"]
    census.workers[1].items.pop("ReasonLeave")
    census.workers[2].items["SWENo"] = ["X1"]
    codes = {issue.code for issue in validate_return(census)}
    assert {"CSWW-R006", "CSWW-R020", "CSWW-R043", "CSWW-R026"} <= codes


def test_issues_are_ordered_file_level_first_then_by_record() -> None:
    census = clean_return(2022)
    census.workers[2].items["OrgRole"] = ["9"]
    census.workers[0].items["OrgRole"] = ["9"]
    census.header.collection = "X"
    records = [issue.record for issue in validate_return(census)]
    assert records == [None, 1, 3]


def test_rule_codes_are_in_our_namespace_with_a_known_severity() -> None:
    for code, entry in RULES.items():
        assert code.startswith("CSWW-R") and code[6:].isdigit() and len(code) == 9
        assert entry.code == code
        assert entry.severity in {"error", "query", "info"}
        assert entry.check


def test_the_validation_doc_lists_every_rule_with_its_severity() -> None:
    doc = (Path(__file__).resolve().parents[3] / "docs" / "census-validation.md").read_text()
    for code, entry in RULES.items():
        assert f"| {code} | {entry.severity} |" in doc, code


def test_results_do_not_depend_on_what_was_validated_before(monkeypatch: pytest.MonkeyPatch) -> None:
    """Values checked in one return are remembered for the next: the memory must never leak
    findings between returns, even when it is full and starts again."""
    first = [issues_for(case) for case in CASES]
    monkeypatch.setattr(item_rules, "_KNOWN_VALUES_LIMIT", 2)
    monkeypatch.setattr(context, "_SHARED_CACHE_LIMIT", 2)
    monkeypatch.setattr(census_xml, "_NORMALISED_LIMIT", 2)
    again = [issues_for(case) for case in reversed(CASES)]
    assert again[::-1] == first
