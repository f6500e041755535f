"""Published-statistics files built to be slow, huge or confusing: one refusal naming file, line and column.

The reader runs behind ``ingest.guard`` (docs/adr/0019-untrusted-input.md): these are the shapes an
attacker (or a damaged download pointed at with ``--published``) could take.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csc_workforce.ingest.guard import InputLimits
from csc_workforce.ingest.published import PublishedFileError, load_indicators
from csc_workforce.ingest.published import _csv as published_csv
from csc_workforce.ingest.published.neighbours import load_neighbours
from csc_workforce.ingest.published.roles import load_role_inpost
from tests.integration.census.cli import run_command

pytestmark = pytest.mark.security

RELEASE = Path(__file__).parents[2] / "integration/published/fixtures/csww_indicators_2017_to_2023.csv"
LINES = RELEASE.read_text(encoding="utf-8").splitlines()
HEADER = LINES[0]
COLUMNS = HEADER.split(",")


def _write(tmp_path: Path, lines: list[str], name: str = "published.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _with_cell(line: str, column: str, value: str) -> str:
    cells = next(csv.reader([line]))
    cells[COLUMNS.index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(cells)  # quotes a value holding a line break
    return out.getvalue().removesuffix("\r\n")


def test_a_binary_byte_deep_in_the_file_is_refused_naming_its_line(tmp_path: Path) -> None:
    lines = LINES[:30]
    lines[11] = lines[11].replace("Reporting year", "Reporting\x1b[2Jyear")  # a terminal escape
    with pytest.raises(PublishedFileError, match=r"binary content") as caught:
        load_indicators(_write(tmp_path, lines))
    assert caught.value.line == 12
    assert str(caught.value).startswith(str(tmp_path / "published.csv"))


def test_an_oversized_cell_is_refused_naming_line_and_column(tmp_path: Path) -> None:
    lines = LINES[:10]
    lines[4] = _with_cell(lines[4], "la_name", "x" * 5_000)
    with pytest.raises(PublishedFileError, match="5,000 characters, over the 1,000 limit") as caught:
        load_indicators(_write(tmp_path, lines))
    assert (caught.value.line, caught.value.column) == (5, "la_name")


def test_a_cell_past_the_csv_field_limit_is_refused(tmp_path: Path) -> None:
    lines = [*LINES[:3], _with_cell(LINES[3], "la_name", "y" * 300_000)]
    with pytest.raises(PublishedFileError, match="line 4: malformed CSV"):
        load_indicators(_write(tmp_path, lines))


def test_a_very_wide_header_is_refused_at_once(tmp_path: Path) -> None:
    path = _write(tmp_path, [",".join(f"c{n}" for n in range(200_000))])
    with pytest.raises(PublishedFileError, match="line 1: the header has 200,000 columns"):
        load_indicators(path)


def test_too_many_rows_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(published_csv, "MAX_ROWS", 20)
    with pytest.raises(PublishedFileError, match="line 22: more than 20 rows"):
        load_indicators(_write(tmp_path, LINES[:40]))


def test_blank_lines_cost_no_more_than_their_bytes(tmp_path: Path) -> None:
    path = _write(tmp_path, [*LINES[:5], *[""] * 500_000, *LINES[5:8]])
    assert load_indicators(path).height == 7


def test_reading_is_bounded_in_cpu_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(published_csv, "DEFAULT_LIMITS", InputLimits(max_cpu_seconds=0.0))
    with pytest.raises(PublishedFileError, match="took more than 0 seconds to read and was stopped"):
        load_indicators(_write(tmp_path, LINES))


def test_a_parser_failure_is_a_refusal_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def exhausted(*_: object, **__: object) -> None:
        raise MemoryError

    monkeypatch.setattr(published_csv.csv, "reader", exhausted)
    with pytest.raises(PublishedFileError, match="needs too much memory to read safely"):
        load_indicators(_write(tmp_path, LINES[:5]))


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("9" * 400, "found '9999"),  # a float of 400 digits is infinity
        ("\u0663\u0660", "found '\u0663\u0660'"),  # Arabic-Indic digits are not DfE's numbers
    ],
    ids=["infinite", "non-ascii-digits"],
)
def test_numbers_that_are_not_published_numbers_are_refused(tmp_path: Path, value: str, message: str) -> None:
    lines = [*LINES[:2], _with_cell(LINES[2], "inpost_fte", value)]
    with pytest.raises(PublishedFileError, match=message) as caught:
        load_indicators(_write(tmp_path, lines))
    assert (caught.value.line, caught.value.column) == (3, "inpost_fte")


def test_a_quoted_value_over_lines_keeps_later_lines_right(tmp_path: Path) -> None:
    lines = [
        *LINES[:2],
        _with_cell(LINES[2], "la_name", "two\nlines"),
        LINES[3],
        _with_cell(LINES[4], "inpost_fte", "?"),
    ]
    with pytest.raises(PublishedFileError, match="found '\\?'") as caught:
        load_indicators(_write(tmp_path, lines))
    assert caught.value.line == 6  # the header, two rows, a row over two lines, then this one


@pytest.mark.parametrize("reader", [load_neighbours, load_role_inpost], ids=["neighbours", "roles"])
def test_every_published_reader_refuses_binary_and_huge_cells(tmp_path: Path, reader: object) -> None:
    binary = tmp_path / "binary.csv"
    binary.write_bytes(b"la_code_old,la_name\n\x89PNG\x00\x01\n")
    huge = _write(tmp_path, ["a,b", "x" * 2_000 + ",1"], "huge.csv")
    for path, message in (
        (binary, "not UTF-8|binary content"),
        (huge, "over the 1,000 limit|missing columns"),
    ):
        with pytest.raises(PublishedFileError, match=message):
            reader(path)  # type: ignore[operator]


def test_published_revisions_on_a_hostile_file_exits_2_in_one_line(tmp_path: Path) -> None:
    path = _write(tmp_path, [HEADER, ",".join(["\x00"] * len(COLUMNS))], "hostile.csv")
    result = run_command("published-revisions", path)
    assert result.exit_code == 2
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "hostile.csv" in lines[0] and "Traceback" not in result.stderr


# --- properties: whatever the bytes or the structure, one PublishedFileError or a frame ---------------

_TRICKY = st.sampled_from(
    ['"', '""', ",", "\n", "\r", "\r\n", "\x00", "\x1b", "\ufeff", "\u2028", "c", "1.5", " "]
)
_cell = st.lists(st.one_of(_TRICKY, st.text(max_size=8)), max_size=6).map("".join)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2_000))
def test_any_bytes_are_read_or_refused_cleanly(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "any.csv"
    path.write_bytes(HEADER.encode() + b"\n" + data)
    try:
        load_indicators(path)
    except PublishedFileError as error:
        assert str(error).startswith(str(path)) and "\n" not in error.reason


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(st.lists(_cell, min_size=1, max_size=len(COLUMNS) + 2), max_size=8),
    quoted=st.booleans(),
    reader=st.sampled_from([load_indicators, load_neighbours, load_role_inpost]),
)
def test_structural_attacks_are_refused_cleanly(
    tmp_path: Path, rows: list[list[str]], quoted: bool, reader: object
) -> None:
    """Ragged rows, stray quotes, control bytes, BOMs and line separators inside or across cells."""
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL if quoted else csv.QUOTE_MINIMAL)
    for row in rows:
        writer.writerow(row)
    path = tmp_path / "structure.csv"
    path.write_text(HEADER + "\n" + out.getvalue(), encoding="utf-8")
    try:
        reader(path)  # type: ignore[operator]
    except PublishedFileError as error:
        assert str(error).startswith(str(path))
        assert error.line is None or 1 <= error.line <= out.getvalue().count("\n") + 2
