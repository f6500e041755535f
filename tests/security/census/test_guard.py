"""ingest.guard itself: the CPU-time bound, and any parser failure turned into one refusal."""

from __future__ import annotations

import io
import time
import zipfile
from pathlib import Path

import pytest

from csc_workforce.ingest.errors import UnreadableFileError
from csc_workforce.ingest.guard import (
    DEFAULT_LIMITS,
    WorkBudget,
    bytes_to_parse,
    check_cell,
    check_xml,
    guarded,
    read_file,
)

pytestmark = pytest.mark.security


def test_the_cpu_time_bound_stops_a_slow_read() -> None:
    budget = WorkBudget("slow.xml", 0.001)
    started = time.thread_time()
    while time.thread_time() - started < 0.01:  # spend this thread's CPU time
        pass
    with pytest.raises(UnreadableFileError, match=r"^slow\.xml: took more than 0\.001 seconds"):
        check_xml(b"<Message/>", "slow.xml", budget)


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (RecursionError("maximum recursion depth exceeded"), "nested too deeply"),
        (MemoryError(), "too much memory"),
        (KeyError("sheet"), "could not be read safely (KeyError: 'sheet')"),
        (ValueError("line one\nline two"), "could not be read safely (ValueError: line one)"),
    ],
)
def test_any_failure_inside_a_reader_is_one_line_naming_the_file(error: BaseException, expected: str) -> None:
    with pytest.raises(UnreadableFileError) as caught, guarded("bad.xlsx"):
        raise error
    assert str(caught.value) == f"bad.xlsx: {caught.value.message}"
    assert expected in str(caught.value)
    assert "\n" not in str(caught.value)


def test_cells_outside_excels_sheet_are_refused() -> None:
    check_cell(1_048_576, 16_384, "ok.xlsx")
    with pytest.raises(UnreadableFileError, match="row numbered 1,048,577"):
        check_cell(1_048_577, 1, "big.xlsx")
    with pytest.raises(UnreadableFileError, match="column 16,385"):
        check_cell(1, 16_385, "wide.xlsx")


def test_the_size_is_checked_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.bin"
    with path.open("wb") as handle:
        handle.truncate(DEFAULT_LIMITS.max_bytes + 1)
    with pytest.raises(UnreadableFileError, match=r"huge\.bin: is .* over the"):
        read_file(path)
    with pytest.raises(UnreadableFileError, match="is a folder"):
        read_file(tmp_path)
    with pytest.raises(UnreadableFileError, match="no such file"):
        read_file(tmp_path / "absent.xml")


def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_bytes_to_parse_are_a_workbooks_parts_unpacked_and_any_other_files_length() -> None:
    assert bytes_to_parse(b"<Message/>", "r.xml") == 10
    workbook = _zip({"xl/workbook.xml": b"<a/>" * 1000, "[Content_Types].xml": b"<b/>" * 10})
    assert len(workbook) < 4040
    assert bytes_to_parse(workbook, "r.xlsx") == 4040
    damaged = b"PK\x03\x04 not a zip"
    assert bytes_to_parse(damaged, "r.xlsx") == len(damaged)  # read, and refused, in full later


def test_a_directory_the_reader_would_refuse_is_refused_from_the_directory_alone() -> None:
    bomb = _zip({"xl/sheet.xml": b"\0" * (DEFAULT_LIMITS.max_unpacked_bytes + 1)})
    with pytest.raises(UnreadableFileError, match=r"^bomb\.xlsx: unpacks to"):
        bytes_to_parse(bomb, "bomb.xlsx")
