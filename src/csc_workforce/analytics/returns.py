"""Census files on disk to canonical tables, for the measures command and anything else that needs
a set of returns: reads each file with the project's census reader, refuses two returns for the
same council and year, and reports unreadable files by name."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import polars as pl

from csc_workforce.analytics.canonical import CanonicalError, la_level_frame, workers_frame
from csc_workforce.core.census.model import CensusReturn
from csc_workforce.ingest.census_xml import read_census_xml
from csc_workforce.ingest.errors import UnreadableFileError
from csc_workforce.ingest.paths import census_files


class ReturnsError(ValueError):
    """Files that cannot be measured; the message names each file and the problem."""


def _any_format_reader() -> Callable[[Path], CensusReturn] | None:
    """The XML-or-XLSX reader, when this installation has it."""
    try:
        module: Any = importlib.import_module("csc_workforce.ingest.census_any")
    except ImportError:
        return None
    reader: Callable[[Path], CensusReturn] | None = getattr(module, "read_census", None)
    return reader


def census_reader() -> tuple[Callable[[Path], CensusReturn], tuple[str, ...]]:
    """The most capable census reader installed, and the file suffixes it reads in folders."""
    any_format = _any_format_reader()
    if any_format is not None:
        return any_format, (".xml", ".xlsx")
    return read_census_xml, (".xml",)


@dataclass(slots=True)
class LoadedReturns:
    returns: list[CensusReturn]
    read_notes: int = 0
    files: list[Path] = field(default_factory=list)

    def tables(self) -> tuple[pl.DataFrame, pl.DataFrame]:
        """The canonical worker and LA-level tables of every return."""
        try:
            return workers_frame(self.returns), la_level_frame(self.returns)
        except CanonicalError as error:
            raise ReturnsError(str(error)) from None


def load_returns(
    paths: Sequence[Path], *, progress: Callable[[Iterable[Path]], Iterable[Path]] | None = None
) -> LoadedReturns:
    """Read every census file; raise :class:`ReturnsError` listing all the files that failed."""
    reader, suffixes = census_reader()
    try:
        files = census_files(paths, suffixes)
    except UnreadableFileError as error:
        raise ReturnsError(str(error)) from None
    if not files:
        raise ReturnsError("no census files found in: " + ", ".join(str(p) for p in paths))
    returns: list[CensusReturn] = []
    problems: list[str] = []
    seen: dict[tuple[str | None, int | None], Path] = {}
    for path in progress(files) if progress else files:
        try:
            census = reader(path)
        except UnreadableFileError as error:
            problems.append(str(error))  # the message names the file
            continue
        except (ValueError, OSError) as error:
            problems.append(f"{path}: {error}")
            continue
        key = (census.la_code, census.year)
        if key in seen:
            problems.append(
                f"{path}: a second return for council {census.la_code} and year {census.year} "
                f"(also in {seen[key]}); measure one return per council and year"
            )
            continue
        seen[key] = path
        returns.append(census)
    if problems:
        raise ReturnsError("\n".join(problems))
    return LoadedReturns(returns, sum(len(r.notes) for r in returns), files)
