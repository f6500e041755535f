"""DfE's children's services statistical neighbours (May 2025 groupings, as LAIT uses them).

Ten neighbours per current council, ranked 1 (closest) to 10. Councils abolished before 2025
(Bournemouth, Poole, Dorset county, Northamptonshire, Cumbria) keep the April 2021 lists DfE
carried over, so earlier years can be benchmarked too. The relation is not symmetric.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Final

from csc_workforce.core.published import split_joint
from csc_workforce.ingest.published._csv import CsvRow, PublishedFileError, bundled_path, read_rows

NEIGHBOURS_FILE: Final = "statistical_neighbours.csv"
FORMER_NEIGHBOURS_FILE: Final = "statistical_neighbours_former.csv"
_REQUIRED: Final = frozenset({"la_code_old", "la_name", "neighbour_rank", "neighbour_la_code_old"})


@dataclass(frozen=True, slots=True)
class Neighbour:
    rank: int
    old_la_code: str
    la_name: str  # as the source spells it (may differ slightly from the indicators file)
    closeness: str | None  # "Extremely close" ... "Not close"; None for the carried-over lists


def load_neighbours(path: Path) -> dict[str, list[Neighbour]]:
    """LA code → its neighbours in rank order, from a long CSV (one row per LA and neighbour)."""
    _, rows = read_rows(path, _REQUIRED)
    result: dict[str, list[Neighbour]] = {}
    for row in rows:
        code = _code(path, row, "la_code_old")
        neighbour = _code(path, row, "neighbour_la_code_old")
        rank_text = row.cells["neighbour_rank"]
        if not rank_text.isdigit() or not 1 <= int(rank_text) <= 20:
            raise PublishedFileError(
                path,
                f"expected a rank from 1 to 20, found {rank_text!r}",
                line=row.line,
                column="neighbour_rank",
            )
        name = row.cells.get("neighbour_la_name", "")
        closeness = row.cells.get("closeness") or None
        result.setdefault(code, []).append(Neighbour(int(rank_text), neighbour, name, closeness))
    for neighbours in result.values():
        neighbours.sort(key=lambda n: n.rank)
    return result


def _code(path: Path, row: CsvRow, column: str) -> str:
    text = row.cells[column].removesuffix(".0")
    if not (len(text) == 3 and text.isdigit()):
        raise PublishedFileError(
            path, f"expected a 3-digit DfE LA code, found {text!r}", line=row.line, column=column
        )
    return text


@lru_cache(maxsize=1)
def _bundled() -> dict[str, tuple[Neighbour, ...]]:
    former = load_neighbours(bundled_path(FORMER_NEIGHBOURS_FILE))
    current = load_neighbours(bundled_path(NEIGHBOURS_FILE))
    return {code: tuple(entries) for code, entries in {**former, **current}.items()}


def neighbour_entries(la_code: str) -> list[Neighbour]:
    """Ranked neighbours of ``la_code``; for a joint return ("314 / 318") both members' lists merged.

    Merging takes the members' rank-1 neighbours first, then rank 2, and so on, leaving out the
    members themselves and repeats, and keeps the first ten.
    """
    table = _bundled()
    members = split_joint(la_code)
    unknown = [code for code in members if code not in table]
    if unknown:
        raise ValueError(f"no statistical neighbours are published for LA code {', '.join(unknown)}")
    if len(members) == 1:
        return list(table[members[0]])
    merged: list[Neighbour] = []
    for neighbour in _by_rank(table[code] for code in members):
        if neighbour.old_la_code not in members and all(
            n.old_la_code != neighbour.old_la_code for n in merged
        ):
            merged.append(neighbour)
    return [
        Neighbour(rank, n.old_la_code, n.la_name, n.closeness) for rank, n in enumerate(merged[:10], start=1)
    ]


def _by_rank(lists: Iterator[tuple[Neighbour, ...]]) -> Iterator[Neighbour]:
    for group in itertools.zip_longest(*lists):
        yield from (n for n in group if n is not None)


def statistical_neighbours(la_code: str) -> list[str]:
    """DfE codes of the statistical neighbours of ``la_code``, closest first."""
    return [n.old_la_code for n in neighbour_entries(la_code)]
