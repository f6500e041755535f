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

_READERS = (
    ("csc_workforce.ingest.census_any", "read_census"),  # XML or the XLSX template
    ("csc_workforce.ingest.census_xml", "read_census_xml"),
)


class ReturnsError(ValueError):
    """Files that cannot be measured; the message names each file and the problem."""


def census_reader() -> Callable[[Path], CensusReturn]:
    """The most capable census reader this installation has."""
    for module_name, function in _READERS:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        reader: Callable[[Path], CensusReturn] = getattr(module, function)
        return reader
    raise ReturnsError("no census reader is installed (csc_workforce.ingest.census_xml is missing)")


def census_paths(paths: Sequence[Path]) -> list[Path]:
    """The census files named by ``paths`` (directories are searched by the ingest layer)."""
    try:
        module: Any = importlib.import_module("csc_workforce.ingest.paths")
    except ImportError:
        module = None
    if module is not None and hasattr(module, "census_files"):
        return list(module.census_files(paths))
    missing = [str(path) for path in paths if not path.exists()]
    if missing:
        raise ReturnsError("no such file or directory: " + ", ".join(missing))
    found: list[Path] = []
    for path in paths:
        found.extend(sorted(p for p in path.rglob("*.xml") if p.is_file()) if path.is_dir() else [path])
    return found


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
    files = census_paths(paths)
    if not files:
        raise ReturnsError("no census files found in: " + ", ".join(str(p) for p in paths))
    reader = census_reader()
    returns: list[CensusReturn] = []
    problems: list[str] = []
    seen: dict[tuple[str | None, int | None], Path] = {}
    for path in progress(files) if progress else files:
        try:
            census = reader(path)
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
