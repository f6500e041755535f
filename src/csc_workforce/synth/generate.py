"""The public entry points: synthetic census returns for a region or England, in memory or as XML.

``generate_region`` yields :class:`CensusReturn` objects (tests and benchmarks use it directly);
``write_region`` writes them as one census XML per council and year, named ``<LEA>_<year>.xml``
so the files sort by council, then year. The same seed always gives byte-identical files.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from csc_workforce.core.census.model import CensusReturn
from csc_workforce.core.census.registry import FIRST_YEAR, LAST_YEAR
from csc_workforce.export.census_xml import write_census_xml
from csc_workforce.ingest.published import regions
from csc_workforce.synth.areas import region_councils, resolve_area
from csc_workforce.synth.history import RegionHistory
from csc_workforce.synth.people import PersonFactory, seeded
from csc_workforce.synth.records import census_return

Progress = Callable[[int, int], None]


def _checked_years(years: Sequence[int]) -> list[int]:
    chosen = sorted(set(years))
    if not chosen:
        raise ValueError("no collection years were given")
    wrong = [year for year in chosen if not FIRST_YEAR <= year <= LAST_YEAR]
    if wrong:
        raise ValueError(
            f"collection years must be from {FIRST_YEAR} to {LAST_YEAR}; not {', '.join(map(str, wrong))}"
        )
    return chosen


def _region_digit(region: str) -> int:
    names = [r.name for r in regions()]
    return names.index(region) + 1


def count_returns(region_name: str, years: Sequence[int]) -> int:
    """How many returns ``generate_region`` yields for these arguments (for progress bars)."""
    chosen = _checked_years(years)
    return sum(
        1
        for region in resolve_area(region_name)
        for council in region_councils(region, chosen)
        for year in council.years
    )


def generate_region(region_name: str, years: Sequence[int], seed: int) -> Iterator[CensusReturn]:
    """Every council's return for each of ``years``: by region, then year, then council code.

    ``region_name`` is a published ``region_name`` (e.g. ``East of England``) or ``England``;
    an unknown name raises :class:`~csc_workforce.synth.areas.UnknownAreaError` (a ValueError)
    listing the valid names.
    """
    chosen = _checked_years(years)
    wanted = set(chosen)
    for region in resolve_area(region_name):
        councils = region_councils(region, range(FIRST_YEAR, chosen[-1] + 1))
        rng = seeded(seed, region)
        factory = PersonFactory(rng, _region_digit(region), london="London" in region)
        history = RegionHistory(councils, rng, factory, chosen[-1])
        for council_years in history.run():
            for snapshot in council_years:
                if snapshot.year in wanted:
                    lea = snapshot.council.lea
                    detail = seeded(seed, lea, str(snapshot.year))
                    yield census_return(snapshot, detail)


def write_region(
    region_name: str,
    years: Sequence[int],
    seed: int,
    output: Path,
    progress: Progress | None = None,
) -> list[Path]:
    """Write one census XML per council and year into ``output``; returns the paths, sorted.

    ``progress(done, total)`` is called after each file.
    """
    total = count_returns(region_name, years)
    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for census in generate_region(region_name, years, seed):
        path = output / f"{census.la_code}_{census.year}.xml"
        write_census_xml(census, path)
        paths.append(path)
        if progress is not None:
            progress(len(paths), total)
    return sorted(paths)
