from hypothesis import given
from hypothesis import strategies as st

from csc_workforce.core.spreadsheet_safety import is_dangerous, make_inert, restore


def test_formula_triggers_are_guarded_with_an_apostrophe() -> None:
    for text in ('=HYPERLINK("http://x","y")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)", "\t=1", "\r=1"):
        assert make_inert(text) == "'" + text


def test_plain_text_and_plain_numbers_are_unchanged() -> None:
    for text in ("SW123456", "Open University", "-2", "+3.5", "-0.25", "", "a=b", " =1"):
        assert make_inert(text) == text


def test_full_width_triggers_are_guarded() -> None:
    assert make_inert("\uff1dSUM(A1)") == "'\uff1dSUM(A1)"


def test_existing_apostrophes_before_a_trigger_survive_the_round_trip() -> None:
    assert make_inert("'=x") == "''=x"
    assert restore("''=x") == "'=x"
    assert restore("'plain") == "'plain"
    assert restore("'-2") == "'-2"


@given(st.text())
def test_restore_inverts_make_inert(text: str) -> None:
    assert restore(make_inert(text)) == text


@given(st.text())
def test_guarded_text_never_starts_with_a_trigger(text: str) -> None:
    inert = make_inert(text)
    assert not inert or inert[0] not in "=+-@\t\r" or not is_dangerous(inert)
