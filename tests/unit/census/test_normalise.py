"""The one normalisation both readers (XML and XLSX) apply to item text."""

from __future__ import annotations

import pytest

from csc_workforce.core.census.normalise import ITEM_NORMALISERS
from csc_workforce.core.census.registry import LA_ITEMS, WORKER_ITEMS


def test_every_item_has_a_normaliser() -> None:
    assert set(ITEM_NORMALISERS) == set(WORKER_ITEMS) | set(LA_ITEMS)


@pytest.mark.parametrize(
    ("item", "text", "value", "noted"),
    [
        ("OrgRole", " 5 ", "5", False),
        ("OrgRole", "5.0", "5", True),
        ("OrgRole", "case holder", "5", True),
        ("OrgRole", "Senior Practicioner", "4", True),
        ("OrgRole", "99", "99", False),
        ("Ethnicity", "wbri", "WBRI", True),
        ("StepUpGrad", "TRUE", "1", True),
        ("Cases30", "1,200.0", "1200", True),
        ("Cases30", "12", "12", False),
        ("WorkingDaysLost", "1,234.5", "1234.5", True),
        ("FTE", "0.50", "0.50", False),
        ("SWENo", "sw123", "SW123", True),
        ("QualInst", "  Open University \n", "Open University", False),
        ("QualInst", " \t ", None, False),
        ("NoAgencyHeadcount", "3.0", "3", True),
    ],
)
def test_normalised_value_and_note(item: str, text: str, value: str | None, noted: bool) -> None:
    found, note = ITEM_NORMALISERS[item](text)
    assert found == value
    assert (note is not None) == noted


def test_swe_number_is_never_echoed_in_a_note() -> None:
    _, note = ITEM_NORMALISERS["SWENo"]("sw987654")
    assert note is not None
    assert "987654" not in note
