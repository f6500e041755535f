"""A council beside its region, England and its statistical neighbours, from published statistics.

Neighbour averages are plain means and medians of the neighbours' published figures (as DfE's
LAIT shows them), over the neighbours that have a figure: a neighbour whose cell is a symbol is
left out of that measure's average and counted in ``neighbour_count``.

Neighbours are matched to the rows published for the year: a member of a joint return takes the
joint row; a council that did not exist that year takes its predecessor's (or successor's) row.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from csc_workforce.core.measures_formulas import MEASURE_COLUMNS
from csc_workforce.core.published import predecessors_of, split_joint, successors_of
from csc_workforce.ingest.published import (
    LATEST_RELEASE_FILE,
    SYMBOL_SUFFIX,
    LocalAuthority,
    build_la_lookup,
    load_indicators,
    neighbour_entries,
)

LONDON_SUB_REGIONS = ("Inner London", "Outer London")


class BenchmarkError(ValueError):
    """The council or year asked for cannot be benchmarked; the message says why and what can be."""


@dataclass(frozen=True, slots=True)
class Area:
    """One column of the comparison: a council, a region, England or a neighbour."""

    label: str
    kind: str  # council | region | london | england | neighbour
    code: str | None
    values: Mapping[str, float | None]
    symbols: Mapping[str, str | None]
    rank: int | None = None
    closeness: str | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"label": self.label, "kind": self.kind, "code": self.code}
        if self.rank is not None:
            data |= {"rank": self.rank, "closeness": self.closeness}
        data["measures"] = dict(self.values)
        data["symbols"] = {m: s for m, s in self.symbols.items() if s is not None}
        return data


@dataclass(frozen=True, slots=True)
class Benchmark:
    time_period: int
    council: Area
    region: Area | None
    london: Area | None
    england: Area | None
    neighbours: tuple[Area, ...]
    neighbour_mean: Mapping[str, float | None]
    neighbour_median: Mapping[str, float | None]
    neighbour_count: Mapping[str, int]
    notes: tuple[str, ...] = field(default=())
    source: str = LATEST_RELEASE_FILE

    def to_json(self) -> dict[str, Any]:
        return {
            "time_period": self.time_period,
            "old_la_code": self.council.code,
            "la_name": self.council.label,
            "source": self.source,
            "council": self.council.to_json(),
            "region": self.region.to_json() if self.region else None,
            "london": self.london.to_json() if self.london else None,
            "england": self.england.to_json() if self.england else None,
            "statistical_neighbours": {
                "mean": dict(self.neighbour_mean),
                "median": dict(self.neighbour_median),
                "count": dict(self.neighbour_count),
                "neighbours": [n.to_json() for n in self.neighbours],
            },
            "notes": list(self.notes),
        }


def resolve_council(text: str, lookup: Mapping[str, LocalAuthority]) -> LocalAuthority:
    """The council for a DfE code ("881", "314 / 318"), ONS code or name; BenchmarkError if unknown."""
    wanted = text.strip()
    compact = " / ".join(split_joint(wanted))
    if compact in lookup:
        return lookup[compact]
    folded = wanted.casefold()
    for entry in lookup.values():
        if folded in (entry.new_la_code.casefold(), entry.la_name.casefold()):
            return entry
    raise BenchmarkError(
        f"unknown LA code {text!r}: give a DfE 3-digit code such as 881 (Essex), "
        "an ONS code or a council name"
    )


def _area(row: Mapping[str, Any], label: str, kind: str, code: str | None, **extra: Any) -> Area:
    return Area(
        label=label,
        kind=kind,
        code=code,
        values={m: row[m] for m in MEASURE_COLUMNS},
        symbols={m: row[f"{m}{SYMBOL_SUFFIX}"] for m in MEASURE_COLUMNS},
        **extra,
    )


def _la_rows_by_code(year_rows: pl.DataFrame) -> dict[str, dict[str, Any]]:
    """Member code (and compound code) → the council row published for the year."""
    rows: dict[str, dict[str, Any]] = {}
    for row in year_rows.filter(pl.col("geographic_level") == "Local authority").iter_rows(named=True):
        rows[row["old_la_code"]] = row
        for member in split_joint(row["old_la_code"]):
            rows[member] = row
    return rows


def _row_for(code: str, rows: Mapping[str, dict[str, Any]]) -> dict[str, Any] | None:
    for candidate in (code, *predecessors_of(code), *successors_of(code)):
        if candidate in rows:
            return rows[candidate]
    return None


def _year_for(council: LocalAuthority, frame: pl.DataFrame, year: int | None) -> tuple[int, list[str]]:
    years = sorted(set(frame["time_period"].to_list()))
    if year is None:
        latest = years[-1]
        if council.last_year and council.last_year < latest:
            note = (
                f"{council.la_name} ({council.old_la_code}) was last published for {council.last_year}; "
                f"showing {council.last_year}"
            )
            return council.last_year, [note]
        return latest, []
    if year not in years:
        raise BenchmarkError(f"no published statistics for {year}: the release covers {years[0]}-{years[-1]}")
    if council.first_year and not council.first_year <= year <= council.last_year:
        after = tuple(dict.fromkeys(code for member in council.members for code in successors_of(member)))
        before = tuple(dict.fromkeys(code for member in council.members for code in predecessors_of(member)))
        hint = ""
        if after and year > council.last_year:
            hint = f"; from {council.last_year + 1} its area is reported under {', '.join(after)}"
        elif before and year < council.first_year:
            hint = f"; before {council.first_year} its area was reported under {', '.join(before)}"
        raise BenchmarkError(
            f"{council.la_name} ({council.old_la_code}) has no published row for {year}: "
            f"it is published for {council.first_year}-{council.last_year}{hint}"
        )
    return year, []


def _average(areas: list[Area], measure: str) -> tuple[float | None, float | None, int]:
    values = [a.values[measure] for a in areas if a.values[measure] is not None]
    numbers = [float(v) for v in values if v is not None]
    if not numbers:
        return None, None, 0
    return statistics.fmean(numbers), statistics.median(numbers), len(numbers)


def benchmark(la_code: str, year: int | None = None, frame: pl.DataFrame | None = None) -> Benchmark:
    """Compare a council with its region, England and statistical neighbours for one year.

    ``frame`` defaults to the bundled latest release; ``year`` to the latest year the council was
    published. Raises :class:`BenchmarkError` for an unknown council or a year it has no row for.
    """
    data = load_indicators() if frame is None else frame
    lookup = build_la_lookup(data)
    council = resolve_council(la_code, lookup)
    council = lookup.get(council.published_code, council)
    chosen_year, notes = _year_for(council, data, year)
    year_rows = data.filter(pl.col("time_period") == chosen_year)
    by_code = _la_rows_by_code(year_rows)
    own = by_code[council.published_code]
    council_area = _area(own, own["la_name"], "council", own["old_la_code"])

    regional = {
        r["region_name"]: r
        for r in year_rows.filter(pl.col("geographic_level") == "Regional").iter_rows(named=True)
    }
    region_name = own["region_name"]
    region = (
        _area(regional[region_name], region_name, "region", regional[region_name]["region_code"])
        if region_name in regional
        else None
    )
    london = (
        _area(regional["London"], "London", "london", regional["London"]["region_code"])
        if region_name in LONDON_SUB_REGIONS and "London" in regional
        else None
    )
    national = year_rows.filter(pl.col("geographic_level") == "National")
    england = _area(national.row(0, named=True), "England", "england", None) if national.height else None

    neighbours: list[Area] = []
    seen = {own["old_la_code"]}
    try:
        entries = neighbour_entries(council.published_code)
    except ValueError as error:
        entries = []
        notes.append(str(error))
    for entry in entries:
        row = _row_for(entry.old_la_code, by_code)
        if row is None:
            notes.append(
                f"neighbour {entry.old_la_code} ({entry.la_name}) has no published row for {chosen_year}"
            )
            continue
        if row["old_la_code"] in seen:
            continue
        seen.add(row["old_la_code"])
        neighbours.append(
            _area(
                row,
                row["la_name"],
                "neighbour",
                row["old_la_code"],
                rank=entry.rank,
                closeness=entry.closeness,
            )
        )
    averages = {m: _average(neighbours, m) for m in MEASURE_COLUMNS}
    return Benchmark(
        time_period=chosen_year,
        council=council_area,
        region=region,
        london=london,
        england=england,
        neighbours=tuple(neighbours),
        neighbour_mean={m: a[0] for m, a in averages.items()},
        neighbour_median={m: a[1] for m, a in averages.items()},
        neighbour_count={m: a[2] for m, a in averages.items()},
        notes=tuple(notes),
    )
