"""What each synthetic council must look like each year: its published figures, gaps filled.

Targets come from the bundled published statistics (``ingest.published``): the indicators for
size, flows, agency, vacancies, caseload and absence, and the role file for the role mix. A
figure DfE did not publish for a year (symbols ``x``, ``u``, ``c``, ...) is taken from the nearest
year the council has it; a council with none at all gets England's rate for that year.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Final, TypeVar

import polars as pl

from csc_workforce.ingest.published import ROLES, load_indicators, load_role_inpost

# OrgRole codes 1-6 in the order of the published role names (ROLES without "Total").
ROLE_CODES: Final = ("1", "2", "3", "4", "5", "6")
ROLE_NAMES: Final = ROLES[:6]
T = TypeVar("T")
# England's 2019 role mix by headcount (census.md section 11), for councils and years without one.
ENGLAND_ROLE_SHARES_2019: Final = (0.0174, 0.0402, 0.1341, 0.1516, 0.5185, 0.1383)

_COUNTS: Final = (
    "inpost_fte",
    "inpost_headcount",
    "starters_fte",
    "leavers_fte",
    "leavers_headcount",
    "agency_fte",
    "agency_headcount",
    "agency_cover_fte",
    "vacancy_fte",
    "case_holders_fte",
    "cases",
    "absence_rate_fte",
)


@dataclass(frozen=True, slots=True)
class YearTarget:
    """One council's published figures for one collection year (after filling gaps)."""

    year: int
    inpost_fte: float
    inpost_headcount: int
    starters_fte: float
    leavers_fte: float
    leavers_headcount: int
    agency_fte: float
    agency_headcount: int
    agency_cover_fte: float
    vacancy_fte: float
    case_holders_fte: float
    cases: int
    absence_rate_fte: float
    role_shares: tuple[float, ...]  # share of in-post headcount by OrgRole 1..6

    @property
    def fte_per_head(self) -> float:
        return self.inpost_fte / self.inpost_headcount if self.inpost_headcount else 1.0

    @property
    def caseload(self) -> float:
        return self.cases / self.case_holders_fte if self.case_holders_fte else 0.0


@lru_cache(maxsize=1)
def _la_rows() -> pl.DataFrame:
    return load_indicators().filter(pl.col("geographic_level") == "Local authority")


@lru_cache(maxsize=1)
def _national_rates() -> dict[int, dict[str, float]]:
    """England's ratios per year, for councils that never published a figure."""
    national = load_indicators().filter(pl.col("geographic_level") == "National")
    rates: dict[int, dict[str, float]] = {}
    for row in national.iter_rows(named=True):
        inpost = row["inpost_fte"] or 1.0
        rates[row["time_period"]] = {
            name: (row[name] or 0.0) / inpost for name in _COUNTS if name != "absence_rate_fte"
        } | {"absence_rate_fte": row["absence_rate_fte"] or 3.0}
    return rates


@lru_cache(maxsize=1)
def _role_shares() -> dict[str, dict[int, tuple[float, ...]]]:
    """Per published code, per year: the role mix by headcount (years with no one in post left out)."""
    frame = load_role_inpost().filter(
        (pl.col("geographic_level") == "Local authority") & (pl.col("role") != "Total")
    )
    counts: dict[tuple[str, int], dict[str, float]] = {}
    for row in frame.iter_rows(named=True):
        key = (row["old_la_code"], row["time_period"])
        counts.setdefault(key, {})[row["role"]] = row["inpost_headcount"] or 0.0
    shares: dict[str, dict[int, tuple[float, ...]]] = {}
    for (code, year), by_role in counts.items():
        total = sum(by_role.values())
        if total > 0:
            shares.setdefault(code, {})[year] = tuple(by_role.get(name, 0.0) / total for name in ROLE_NAMES)
    return shares


def _nearest(values: Mapping[int, T], year: int) -> T | None:
    """The value for ``year``, else for the nearest year (the earlier on a tie); None when empty."""
    if year in values:
        return values[year]
    if not values:
        return None
    nearest = min(values, key=lambda y: (abs(y - year), y))
    return values[nearest]


def _role_shares_for(published_code: str, year: int) -> tuple[float, ...]:
    return _nearest(_role_shares().get(published_code, {}), year) or ENGLAND_ROLE_SHARES_2019


def council_targets(published_code: str, years: Iterable[int]) -> dict[int, YearTarget]:
    """Targets of the council published under ``published_code`` for each of ``years``."""
    rows = _la_rows().filter(pl.col("old_la_code") == published_code)
    known: dict[str, dict[int, float]] = {name: {} for name in _COUNTS}
    for row in rows.iter_rows(named=True):
        for name in _COUNTS:
            if row[name] is not None:
                known[name][row["time_period"]] = float(row[name])
    targets: dict[int, YearTarget] = {}
    for year in years:
        values = {name: _nearest(known[name], year) for name in _COUNTS}
        targets[year] = _fill(values, year, published_code)
    return targets


def _fill(values: dict[str, float | None], year: int, published_code: str) -> YearTarget:
    national = _national_rates().get(year) or _national_rates()[max(_national_rates())]
    inpost_fte = values["inpost_fte"] or 0.0
    headcount = values["inpost_headcount"]
    if headcount is None:
        headcount = inpost_fte / 0.945

    def count(name: str) -> float:
        value = values[name]
        return value if value is not None else national[name] * inpost_fte

    leavers_fte = count("leavers_fte")
    leavers_headcount = values["leavers_headcount"]
    agency_fte = count("agency_fte")
    agency_headcount = values["agency_headcount"]
    case_holders = count("case_holders_fte")
    cases = values["cases"]
    if cases is None:
        cases = case_holders * 16.0
    absence = values["absence_rate_fte"]
    return YearTarget(
        year=year,
        inpost_fte=inpost_fte,
        inpost_headcount=round(headcount),
        starters_fte=count("starters_fte"),
        leavers_fte=leavers_fte,
        leavers_headcount=round(leavers_headcount if leavers_headcount is not None else leavers_fte / 0.93),
        agency_fte=agency_fte,
        agency_headcount=round(agency_headcount if agency_headcount is not None else agency_fte),
        agency_cover_fte=min(count("agency_cover_fte"), agency_fte),
        vacancy_fte=count("vacancy_fte"),
        case_holders_fte=case_holders,
        cases=round(cases),
        absence_rate_fte=absence if absence is not None else national["absence_rate_fte"],
        role_shares=_role_shares_for(published_code, year),
    )


def published_codes_by_year(years: Sequence[int]) -> dict[int, list[tuple[str, str, str]]]:
    """Per year: (published code, la_name, region_name) of every council row published that year.

    A year after the latest published one (this autumn's census, before DfE publishes it) has the
    councils of the latest published year: the same councils make the next return.
    """
    rows = _la_rows()
    latest = rows["time_period"].max()
    wanted = {year: min(year, latest) if isinstance(latest, int) else year for year in years}
    frame = rows.filter(pl.col("time_period").is_in(list(set(wanted.values()))))
    by_published: dict[int, list[tuple[str, str, str]]] = {}
    for row in frame.sort("old_la_code").iter_rows(named=True):
        by_published.setdefault(row["time_period"], []).append(
            (row["old_la_code"], row["la_name"], row["region_name"] or "")
        )
    return {year: list(by_published.get(source, [])) for year, source in wanted.items()}
