"""Careful CSV reading for DfE's published files: every problem names the file, line and column."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Final

from csc_workforce.core.published import SYMBOL_MEANINGS

# Published CSWW files are under 1 MB; refuse anything absurd before reading it into memory.
MAX_FILE_BYTES: Final = 50 * 1024 * 1024
_NUMBER: Final = re.compile(r"^-?\d+(\.\d+)?$")


class PublishedFileError(ValueError):
    """A published statistics file that cannot be read as DfE lays it out.

    ``line`` is the 1-based line of the file (the header is line 1); ``column`` the column name.
    """

    def __init__(self, path: Path | str, message: str, line: int | None = None, column: str | None = None):
        self.path = str(path)
        self.line = line
        self.column = column
        self.reason = message
        where = [self.path]
        if line is not None:
            where.append(f"line {line}")
        if column is not None:
            where.append(f"column {column!r}")
        super().__init__(f"{', '.join(where)}: {message}")


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
    """Header and rows of a CSV file, checked for size, encoding, shape and required columns."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise PublishedFileError(path, f"cannot open the file ({error.strerror})") from None
    if size > MAX_FILE_BYTES:
        raise PublishedFileError(
            path, f"the file is {size:,} bytes; published files are under {MAX_FILE_BYTES:,}"
        )
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as error:
        raise PublishedFileError(path, f"not UTF-8 text (byte {error.start})") from None
    except OSError as error:
        raise PublishedFileError(path, f"cannot read the file ({error.strerror})") from None
    if "\x00" in text:
        raise PublishedFileError(path, "binary content: this is not a CSV file")
    reader = csv.reader(text.splitlines(keepends=True))
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        raise PublishedFileError(path, "the file is empty", line=1) from None
    except csv.Error as error:
        raise PublishedFileError(path, f"malformed CSV header ({error})", line=1) from None
    duplicated = sorted({name for name in header if header.count(name) > 1})
    if duplicated:
        raise PublishedFileError(path, f"duplicated columns: {', '.join(duplicated)}", line=1)
    missing = sorted(required - set(header))
    if missing:
        raise PublishedFileError(path, f"missing columns: {', '.join(missing)}", line=1)
    return header, _rows(path, header, reader)


def _rows(path: Path, header: list[str], reader: Iterator[list[str]]) -> Iterator[CsvRow]:
    line = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise PublishedFileError(path, f"malformed CSV ({error})", line=line + 1) from None
        line += 1
        if not cells or all(not c.strip() for c in cells):
            continue  # blank line, e.g. a trailing newline
        if len(cells) != len(header):
            raise PublishedFileError(
                path, f"{len(cells)} values where the header has {len(header)} columns", line=line
            )
        yield CsvRow(line, {name: value.strip() for name, value in zip(header, cells, strict=True)})


def parse_value(path: Path, row: CsvRow, column: str) -> tuple[float | None, str | None]:
    """A published value cell: a number, or a symbol (value None), or blank (both None)."""
    text = row.cells[column]
    if not text:
        return None, None
    if text in SYMBOL_MEANINGS:
        return None, text
    if _NUMBER.match(text):
        return float(text), None
    symbols = ", ".join(sorted(SYMBOL_MEANINGS))
    raise PublishedFileError(
        path,
        f"expected a number or one of the symbols {symbols}; found {text!r}",
        line=row.line,
        column=column,
    )


def parse_year(path: Path, row: CsvRow, column: str = "time_period") -> int:
    text = row.cells[column]
    if not re.fullmatch(r"\d{4}", text):
        raise PublishedFileError(
            path, f"expected a four-digit year, found {text!r}", line=row.line, column=column
        )
    return int(text)
