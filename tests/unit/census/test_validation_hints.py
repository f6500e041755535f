"""Every rule has a hint, and values are cut to the report limit with a visible mark."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from csc_workforce.core.census.validation import FOUND_LIMIT, RULES, cut
from csc_workforce.core.census.validation.hints import HINTS
from csc_workforce.core.census.validation.places import sheet_reference


def test_every_rule_has_a_hint() -> None:
    missing = sorted(code for code in RULES if not HINTS.get(code))
    assert missing == []


@given(st.text(max_size=3000))
def test_cut_keeps_short_text_and_marks_long_text(text: str) -> None:
    result = cut(text)
    assert result is not None
    assert len(result) <= FOUND_LIMIT
    if len(text) <= FOUND_LIMIT:
        assert result == text
    else:
        assert result.startswith(text[:500])
        assert f"{len(text):,} characters" in result


def test_sheet_references_quote_names_as_excel_does() -> None:
    assert sheet_reference("Workers", "D21") == "Workers!D21"
    assert sheet_reference("LA level", "B3") == "'LA level'!B3"
    assert sheet_reference("Bob's", "A1") == "'Bob''s'!A1"
