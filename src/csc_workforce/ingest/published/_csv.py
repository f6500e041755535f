"""Careful CSV reading for DfE's published files: every problem names the file, line and column."""

from __future__ import annotations

import csv
import io
import math
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Final

from csc_workforce.core.published import SYMBOL_MEANINGS
from csc_workforce.ingest.errors import UnreadableFileError
from csc_workforce.ingest.guard import DEFAULT_LIMITS, InputLimits, WorkBudget, guarded, read_file

if TYPE_CHECKING:
    import _csv  # csv.reader's type

# Published CSWW files are under 1 MB (about 8,000 rows of at most 40 columns, values of a few
# dozen characters); refuse anything absurd before reading it, and bound what is read.
MAX_FILE_BYTES: Final = 50 * 1024 * 1024
MAX_ROWS: Final = 200_000
MAX_COLUMNS: Final = 500
MAX_CELL_CHARS: Final = 1_000
# Control characters no text CSV holds (tab, line feed and carriage return are text).
_CONTROL: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NUMBER: Final = re.compile(r"-?[0-9]+(\.[0-9]+)?")


class PublishedFileError(UnreadableFileError, ValueError):
    """A published statistics file that cannot be read as DfE lays it out.

    ``line`` is the 1-based line of the file (the header is line 1); ``column`` the column name;
    ``reason`` the problem alone. ``str()`` names file, line and column.
    """

    def __init__(self, path: Path | str, message: str, line: int | None = None, column: str | None = None):
        self.line = line
        self.column = column
        self.reason = message
        where = []
        if line is not None:
            where.append(f"line {line}")
        if column is not None:
            where.append(f"column {column!r}")
        super().__init__(path, f"{', '.join(where)}: {message}" if where else message)


def bundled_path(name: str) -> Path:
    """Path of a file shipped in ``csc_workforce/data`` (installed wheels unpack it as a real file)."""
    resource = resources.files("csc_workforce").joinpath("data", name)
    path = Path(str(resource))
    if not path.is_file():
        raise FileNotFoundError(f"bundled data file {name!r} is missing from the installed package")
    return path


@dataclass(frozen=True, slots=True)
class CsvRow:
    line: int
    cells: dict[str, str]


def read_rows(path: Path, required: frozenset[str]) -> tuple[list[str], Iterator[CsvRow]]:
    """Header and rows of a CSV file, read behind ``ingest.guard`` (docs/adr/0019-untrusted-input.md).

    The size is checked before a byte is read; binary content (NUL or other control bytes) is
    refused with the line it is on; the header is at most :data:`MAX_COLUMNS` wide, a value at most
    :data:`MAX_CELL_CHARS` long and the file at most :data:`MAX_ROWS` rows; CPU time is bounded while
    the rows are read, and anything a parser raises is one :class:`PublishedFileError` naming the file.
    """
    limits = DEFAULT_LIMITS.with_max_bytes(MAX_FILE_BYTES)
    try:
        data = read_file(path, limits)
    except UnreadableFileError as error:
        raise PublishedFileError(path, _refusal(error.message)) from None
    with _guarded(path, limits) as budget:
        text = _decode(path, data)
        reader = csv.reader(io.StringIO(text, newline=""))
        try:
            header = [name.strip() for name in next(reader)]
        except StopIteration:
            raise PublishedFileError(path, "the file is empty", line=1) from None
        except csv.Error as error:
            raise PublishedFileError(path, f"malformed CSV header ({error})", line=1) from None
        _check_header(path, header, required)
    return header, _rows(path, header, reader, budget, limits)


def _refusal(message: str) -> str:
    if message.startswith(("is a folder", "no such file", "cannot be read")):
        return f"cannot open the file ({message})"
    return message


@contextmanager
def _guarded(path: Path, limits: InputLimits) -> Iterator[WorkBudget]:
    """``ingest.guard.guarded``, its refusal kept a :class:`PublishedFileError` (callers catch ValueError)."""
    try:
        with guarded(str(path), limits) as budget:
            yield budget
    except PublishedFileError:
        raise
    except UnreadableFileError as error:
        raise PublishedFileError(path, error.message) from None


def _decode(path: Path, data: bytes) -> str:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise PublishedFileError(path, f"not UTF-8 text (byte {error.start})", line=line) from None
    binary = _CONTROL.search(text)
    if binary is not None:
        line = text.count("\n", 0, binary.start()) + 1
        raise PublishedFileError(
            path,
            f"binary content (control character {ord(binary.group()):#04x}): this is not a CSV file",
            line=line,
        )
    return text


def _check_header(path: Path, header: list[str], required: frozenset[str]) -> None:
    if len(header) > MAX_COLUMNS:
        raise PublishedFileError(
            path,
            f"the header has {len(header):,} columns; published files have at most {MAX_COLUMNS}",
            line=1,
        )
    for name in header:
        if len(name) > MAX_CELL_CHARS:
            raise PublishedFileError(
                path, f"a column name of {len(name):,} characters, over the {MAX_CELL_CHARS:,} limit", line=1
            )
    counts = Counter(header)
    duplicated = sorted(name for name, count in counts.items() if count > 1)
    if duplicated:
        raise PublishedFileError(path, f"duplicated columns: {', '.join(duplicated)}", line=1)
    missing = sorted(required - set(header))
    if missing:
        raise PublishedFileError(path, f"missing columns: {', '.join(missing)}", line=1)


def _rows(
    path: Path, header: list[str], reader: _csv.Reader, budget: WorkBudget, limits: InputLimits
) -> Iterator[CsvRow]:
    """The data rows; ``line`` is the file line a row starts on (a quoted value may span lines).

    The CPU-time budget started with :func:`read_rows`, so the caller's work on each row counts too.
    """
    with _guarded(path, limits):
        rows = 0
        next_line = reader.line_num + 1
        while True:
            line = next_line
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as error:
                raise PublishedFileError(path, f"malformed CSV ({error})", line=line) from None
            next_line = reader.line_num + 1
            budget.tick()
            if not cells or all(not c.strip() for c in cells):
                continue  # blank line, e.g. a trailing newline
            rows += 1
            if rows > MAX_ROWS:
                raise PublishedFileError(
                    path, f"more than {MAX_ROWS:,} rows; published files are far smaller", line=line
                )
            if len(cells) != len(header):
                raise PublishedFileError(
                    path, f"{len(cells)} values where the header has {len(header)} columns", line=line
                )
            for name, value in zip(header, cells, strict=True):
                if len(value) > MAX_CELL_CHARS:
                    raise PublishedFileError(
                        path,
                        f"a value of {len(value):,} characters, over the {MAX_CELL_CHARS:,} limit",
                        line=line,
                        column=name,
                    )
            yield CsvRow(line, {name: value.strip() for name, value in zip(header, cells, strict=True)})


def parse_value(path: Path, row: CsvRow, column: str) -> tuple[float | None, str | None]:
    """A published value cell: a number, or a symbol (value None), or blank (both None)."""
    text = row.cells[column]
    if not text:
        return None, None
    if text in SYMBOL_MEANINGS:
        return None, text
    if _NUMBER.fullmatch(text) and math.isfinite(number := float(text)):
        return number, None
    symbols = ", ".join(sorted(SYMBOL_MEANINGS))
    raise PublishedFileError(
        path,
        f"expected a number or one of the symbols {symbols}; found {text!r}",
        line=row.line,
        column=column,
    )


def parse_year(path: Path, row: CsvRow, column: str = "time_period") -> int:
    text = row.cells[column]
    if not re.fullmatch(r"[0-9]{4}", text):
        raise PublishedFileError(
            path, f"expected a four-digit year, found {text!r}", line=row.line, column=column
        )
    return int(text)
