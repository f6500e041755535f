"""Expand the paths a user gives (files or folders) into the files to read."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from csc_workforce.ingest.errors import UnreadableFileError


def census_files(paths: Sequence[Path], suffixes: Sequence[str] = (".xml",)) -> list[Path]:
    """Files named directly, plus every file below each folder whose suffix matches (sorted).

    A file named directly is kept whatever its suffix: the user asked for it. A path that does not
    exist raises :class:`UnreadableFileError` naming it. Duplicates are dropped, order is kept.
    """
    wanted = tuple(suffix.lower() for suffix in suffixes)
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(
                sorted(
                    child for child in path.rglob("*") if child.suffix.lower() in wanted and child.is_file()
                )
            )
        elif path.exists():
            found.append(path)
        else:
            raise UnreadableFileError(path, "no such file or folder")
    seen: set[Path] = set()
    unique: list[Path] = []
    for path in found:
        key = path.resolve()
        if key not in seen:
            seen.add(key)
            unique.append(path)
    return unique
