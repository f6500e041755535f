"""Which councils a synthetic area holds, year by year: one per DfE code in the published statistics.

An area is a published region (``region_name``, e.g. ``East of England``; London, Inner London and
Outer London included) or ``England``, which is its nine regions side by side. A joint return
(``314 / 318``) is one council whose files carry its first member's code, as DfE reports it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from csc_workforce.core.published import split_joint, successors_of
from csc_workforce.ingest.published import find_region, regions
from csc_workforce.ingest.published.geography import LONDON, LONDON_SUB_REGIONS
from csc_workforce.synth.targets import published_codes_by_year

ENGLAND: Final = "England"


class UnknownAreaError(ValueError):
    """The area is neither England nor a published region; the message lists the valid names."""


@dataclass(frozen=True, slots=True)
class SynthCouncil:
    lea: str  # the three-digit code the census files carry
    published_code: str  # the code of its published row ("314 / 318" for a joint return)
    name: str
    region: str
    years: tuple[int, ...]  # collection years it has a published row for

    def successors(self) -> tuple[str, ...]:
        """Codes of the councils that took over this one's staff after a reorganisation."""
        return successors_of(self.lea)


def area_names() -> list[str]:
    """Every name ``--region`` accepts: England, then the published regions."""
    return [ENGLAND, *(region.name for region in regions())]


def resolve_area(name: str) -> list[str]:
    """The region names to simulate for ``name`` (each region is simulated on its own)."""
    if name.strip().lower() == ENGLAND.lower():
        return [region.name for region in regions() if region.name not in LONDON_SUB_REGIONS]
    try:
        return [find_region(name).name]
    except ValueError:
        raise UnknownAreaError(f"unknown region {name!r}; choose one of: {', '.join(area_names())}") from None


def _in_region(row_region: str, region: str) -> bool:
    if region == LONDON:
        return row_region in LONDON_SUB_REGIONS or row_region == LONDON
    return row_region == region


def region_councils(region: str, years: Sequence[int]) -> list[SynthCouncil]:
    """The councils of ``region`` with a published row in any of ``years``, ordered by code."""
    found: dict[str, tuple[str, str, list[int]]] = {}
    for year, rows in published_codes_by_year(years).items():
        for code, name, row_region in rows:
            if _in_region(row_region, region):
                entry = found.setdefault(code, (name, row_region, []))
                entry[2].append(year)
    councils = [
        SynthCouncil(
            lea=split_joint(code)[0],
            published_code=code,
            name=name,
            region=region,
            years=tuple(sorted(found_years)),
        )
        for code, (name, _, found_years) in found.items()
    ]
    return sorted(councils, key=lambda council: council.lea)
