"""The SSDA903 reader refuses hostile or malformed files safely and keeps no child identity."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csc_workforce.ingest import agency_table
from csc_workforce.ingest.ssda903 import (
    Ssda903FileError,
    read_episodes,
    read_header,
    read_social_worker_episodes,
)
from tests.unit.continuity.handmade import EPISODES, HEADER, SOCIAL_WORKERS

KEY = b"test-council-key"
SW_HEAD = "CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON\n"


def _file(tmp_path, text: str | bytes, name: str = "sw.csv"):
    path = tmp_path / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode())
    return path


def _problems(call, path) -> list[str]:
    with pytest.raises(Ssda903FileError) as caught:
        call(path, KEY)
    return caught.value.problems


def test_reads_in_any_column_order_and_keeps_only_pseudonyms_and_birth_months(tmp_path):
    episodes = read_social_worker_episodes(_file(tmp_path, SOCIAL_WORKERS), KEY)
    assert len(episodes) == 16
    assert all(len(e.child) == 32 and e.child not in "ABCDEFGHIJK" for e in episodes)
    assert episodes[0].birth_month == date(2012, 6, 1)
    assert episodes[0].start == date(2024, 1, 1) and episodes[2].end is None
    care = read_episodes(_file(tmp_path, EPISODES, "ep.csv"), KEY)
    assert len(care) == 12 and care[0].legal_status == "C2"
    header = read_header(_file(tmp_path, HEADER, "h.csv"), KEY)
    assert {d.sex for d in header.values()} == {"1", "2"}
    assert not any(hasattr(d, "upn") for d in header.values())


def test_formula_like_sw_id_and_unknown_reason_are_named_never_echoed(tmp_path):
    path = _file(tmp_path, SW_HEAD + 'A,01/01/2012,=CMD|" /C calc"!A0,01/01/2024,,NOTONE\n')
    problems = _problems(read_social_worker_episodes, path)
    assert any(p.startswith("row 2, column SW_ID:") for p in problems)
    assert any(p.startswith("row 2, column SW_REASON:") for p in problems)
    assert not any("calc" in p or "CMD" in p for p in problems)


def test_over_long_cells_and_hostile_child_codes_are_not_echoed(tmp_path):
    long_value = "X" * 5000
    path = _file(
        tmp_path, SW_HEAD + f"{long_value},01/01/2012,SW1,01/01/2024,,FCONTA\n@SUM(1),,SW1,{long_value},,\n"
    )
    problems = _problems(read_social_worker_episodes, path)
    assert any(p.startswith("row 2, column CHILD") for p in problems)
    assert any(p.startswith("row 3, column CHILD") for p in problems)
    assert any(p.startswith("row 3, column SW_DECOM: over-long") for p in problems)
    assert all(len(p) < 200 and "XXXXXXXXXX" not in p and "SUM" not in p for p in problems)


def test_bad_dates_and_episodes_ending_before_they_begin(tmp_path):
    path = _file(tmp_path, SW_HEAD + "A,,SW1,31/02/2024,,FCONTA\nB,,SW1,01/05/2024,01/04/2024,\n")
    problems = _problems(read_social_worker_episodes, path)
    assert problems[0].startswith("row 2, column SW_DECOM: expected a date as dd/mm/yyyy")
    assert problems[1].startswith("row 3, column SW_DEC: 01/04/2024 is before SW_DECOM")


def test_missing_columns_nul_bytes_size_and_row_limits(tmp_path, monkeypatch):
    assert (
        "missing column(s): SW_ID"
        in _problems(read_social_worker_episodes, _file(tmp_path, "CHILD,DOB,SW_DECOM,SW_DEC,SW_REASON\n"))[0]
    )
    assert "NUL" in _problems(read_episodes, _file(tmp_path, b"CHILD,DECOM\x00", "nul.csv"))[0]
    monkeypatch.setattr(agency_table, "MAX_FILE_BYTES", 100)
    assert "limit" in _problems(read_episodes, _file(tmp_path, EPISODES, "big.csv"))[0]
    monkeypatch.setattr(agency_table, "MAX_FILE_BYTES", 10**6)
    monkeypatch.setattr(agency_table, "MAX_ROWS", 3)
    assert "more than 3 rows" in _problems(read_episodes, _file(tmp_path, EPISODES, "rows.csv"))[0]


def test_unknown_legal_status_and_unsupported_file_type(tmp_path):
    path = _file(tmp_path, "CHILD,DECOM,LS,DEC\nA,01/01/2024,ZZ,\n", "ep.csv")
    assert _problems(read_episodes, path)[0].startswith("row 2, column LS: 'ZZ' is not a legal status")
    assert "expected a .csv file, not .txt" in _problems(read_episodes, _file(tmp_path, "x", "ep.txt"))[0]
    assert "expected a .csv file" in _problems(read_episodes, _file(tmp_path, b"PK\x03\x04", "ep.xlsx"))[0]


def test_problem_list_is_bounded(tmp_path):
    rows = "".join(f"A{i},,bad,01/01/2024,,\n" for i in range(500))
    problems = _problems(read_social_worker_episodes, _file(tmp_path, SW_HEAD + rows))
    assert len(problems) == 201 and problems[-1].startswith("... and 300 more")


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(st.lists(st.lists(st.text(max_size=40), min_size=6, max_size=6), max_size=5))
def test_any_cells_are_read_or_refused_never_crash_or_echo_long_values(tmp_path, rows):
    lines = [",".join('"' + cell.replace('"', '""') + '"' for cell in row) for row in rows]
    path = tmp_path / "fuzz.csv"
    path.write_text(SW_HEAD + "\n".join(lines) + "\n", encoding="utf-8")
    try:
        episodes = read_social_worker_episodes(path, KEY)
    except Ssda903FileError as error:
        assert all(len(problem) < 300 for problem in error.problems)
    else:
        assert all(len(e.child) == 32 for e in episodes)
