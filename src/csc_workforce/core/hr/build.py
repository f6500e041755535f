"""Apply mappings to HR extracts: census records for any period, and the census return for a year.

One row of an extract is one post (or agency assignment). :func:`translate_posts` turns every row
into census values, collecting every problem (a heading the extract lacks, an HR value the mapping
does not know, a date in another format) instead of guessing. :func:`records_in_period` keeps the
posts held at some time in a period and describes them as at its last day, which is the one
definition both the census return (:func:`build_return`) and the position on any date use.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Final

import numpy as np

from csc_workforce.core.census.model import CensusHeader, CensusReturn, ReadNote, WorkerRecord
from csc_workforce.core.census.registry import LEAVER_ITEMS, WORKER_ITEMS, ItemType, census_year
from csc_workforce.core.census.values import collection_year_bounds
from csc_workforce.core.hr.extract import HrExtract, HrRow
from csc_workforce.core.hr.mapping import HrMapping, census_value
from csc_workforce.core.hr.translate import hours_to_fte, hr_date, normalise_hr_value
from csc_workforce.core.measures import DEFAULT_POLICY, Population, WorkerFacts, classify

SOFTWARE_CODE: Final = "csc-workforce hr convert"
MAX_PROBLEMS: Final = 50
_ROWS_SHOWN: Final = 5
_DATE_ITEMS: Final = frozenset(name for name, spec in WORKER_ITEMS.items() if spec.type is ItemType.DATE)


@dataclass(frozen=True, slots=True)
class HrSource:
    """One extract and the mapping that reads it; ``mapping_name`` names the mapping in messages."""

    extract: HrExtract
    mapping: HrMapping
    mapping_name: str = "mapping"


@dataclass(frozen=True, slots=True)
class HrPost:
    """One row as census values (one value per item), with its dates typed for period selection."""

    source: str
    row: int
    items: dict[str, str]
    start: date | None
    end: date | None
    fte30_given: bool


@dataclass(frozen=True, slots=True)
class PendingValue:
    """An HR value of a coded item with no census code yet: the decision the user must make."""

    item: str
    heading: str
    value: str
    rows: tuple[int, ...]
    known: bool  # listed in the mapping (as null) rather than new

    def message(self, mapping_name: str, source: str) -> str:
        shown = ", ".join(str(row) for row in self.rows[:_ROWS_SHOWN])
        more = ", ..." if len(self.rows) > _ROWS_SHOWN else ""
        where = f"{mapping_name} values.{self.item}: {source}"
        if self.known:
            return (
                f"{where} {self.heading} {self.value!r} in {len(self.rows)} row(s) ({shown}{more}) "
                f"is listed with no {self.item} code: choose one in the mapping"
            )
        return (
            f"{where} {self.heading} {self.value!r} in {len(self.rows)} row(s) ({shown}{more}) "
            f"has no {self.item}: add it to the mapping"
        )


class HrBuildError(ValueError):
    """The mappings cannot turn the extracts into records; ``problems`` says every reason."""

    def __init__(self, problems: Sequence[str], pending: Sequence[PendingValue] = ()) -> None:
        self.problems = tuple(problems)
        self.pending = tuple(pending)
        shown = list(self.problems[:MAX_PROBLEMS])
        if len(self.problems) > MAX_PROBLEMS:
            shown.append(f"... and {len(self.problems) - MAX_PROBLEMS} more problem(s)")
        super().__init__("\n".join(shown))


@dataclass(slots=True)
class _Collector:
    problems: list[str] = field(default_factory=list)
    pending: list[PendingValue] = field(default_factory=list)
    # (item, normalised value) -> rows, and the value as first written
    unknown: dict[tuple[str, str], list[int]] = field(default_factory=lambda: defaultdict(list))
    written: dict[tuple[str, str], str] = field(default_factory=dict)


def _check_headings(source: HrSource, collector: _Collector) -> None:
    headings = set(source.extract.headings)
    wanted = [(f"columns.{item}", heading) for item, heading in source.mapping.columns.items() if heading]
    if source.mapping.hours_column:
        wanted.append(("hours_column", source.mapping.hours_column))
    if source.mapping.team_column:
        wanted.append(("team_column", source.mapping.team_column))
    for key, heading in wanted:
        if heading not in headings:
            collector.problems.append(
                f"{source.mapping_name} {key}: heading {heading!r} is not in {source.extract.source} "
                f"(its headings: {', '.join(source.extract.headings[:30])})"
            )


def _coded(item: str, text: str, mapping: HrMapping, row: HrRow, collector: _Collector) -> str | None:
    key = normalise_hr_value(text)
    table = mapping.values.get(item, {})
    if key in table:
        code = table[key]
        if code is None:
            collector.unknown[(item, key)].append(row.number)
            collector.written.setdefault((item, key), text)
        return code
    try:
        return census_value(WORKER_ITEMS[item], text)  # already a census code or its exact label
    except ValueError:
        collector.unknown[(item, key)].append(row.number)
        collector.written.setdefault((item, key), text)
        return None


def _translate_row(source: HrSource, row: HrRow, collector: _Collector) -> HrPost:
    mapping = source.mapping
    items: dict[str, str] = {}
    dates: dict[str, date] = {}
    for item, heading in mapping.columns.items():
        text = row.get(heading) if heading else None
        if text is None:
            continue
        spec = WORKER_ITEMS[item]
        if spec.code_set is not None:
            code = _coded(item, text, mapping, row, collector)
            if code is not None:
                items[item] = code
        elif item in _DATE_ITEMS:
            try:
                dates[item] = hr_date(text, mapping.date_format)
            except ValueError as error:
                collector.problems.append(
                    f"{source.extract.source} row {row.number}, column {heading!r}: {error}"
                )
                continue
            items[item] = dates[item].isoformat()
        elif spec.type is ItemType.SWE_NUMBER:
            items[item] = census_value(spec, text)
        else:
            items[item] = text
    if "FTE" not in items and mapping.hours_column and (hours := row.get(mapping.hours_column)) is not None:
        try:
            items["FTE"] = hours_to_fte(hours, mapping.standard_hours)
        except ValueError as error:
            collector.problems.append(
                f"{source.extract.source} row {row.number}, column {mapping.hours_column!r}: {error}"
            )
    for item, value in mapping.defaults.items():
        items.setdefault(item, value)
        if item in _DATE_ITEMS and item not in dates:
            dates[item] = date.fromisoformat(value)
    return HrPost(
        source=source.extract.source,
        row=row.number,
        items=items,
        start=dates.get("RoleStartDate"),
        end=dates.get("RoleEndDate"),
        fte30_given="FTE30" in items,
    )


def translate_posts(sources: Sequence[HrSource]) -> list[HrPost]:
    """Every row of every extract as census values; :class:`HrBuildError` listing every problem."""
    posts: list[HrPost] = []
    problems: list[str] = []
    pending: list[PendingValue] = []
    for source in sources:
        collector = _Collector()
        _check_headings(source, collector)
        if not collector.problems:
            posts.extend(_translate_row(source, row, collector) for row in source.extract.rows)
        for (item, key), rows in collector.unknown.items():
            heading = source.mapping.columns.get(item) or item
            value = PendingValue(
                item,
                heading,
                collector.written[(item, key)],
                tuple(rows),
                key in source.mapping.values.get(item, {}),
            )
            collector.pending.append(value)
            collector.problems.append(value.message(source.mapping_name, source.extract.source))
        problems.extend(collector.problems)
        pending.extend(collector.pending)
    if problems:
        raise HrBuildError(problems, pending)
    return posts


def records_in_period(posts: Sequence[HrPost], first_day: date, last_day: date) -> list[dict[str, list[str]]]:
    """The posts held at some time from ``first_day`` to ``last_day``, described as at ``last_day``.

    Held: started on or before ``last_day`` and not ended before ``first_day``. An end after
    ``last_day`` is not known yet on that day, so it and the leaving items are left out. ``FTE30``,
    unless mapped or defaulted, is the FTE of those in post on ``last_day`` and 0 for leavers.
    """
    records: list[dict[str, list[str]]] = []
    for post in posts:
        if post.start is not None and post.start > last_day:
            continue
        if post.end is not None and post.end < first_day:
            continue
        items = dict(post.items)
        left = post.end is not None and post.end <= last_day
        if not left:
            for item in ("RoleEndDate", *LEAVER_ITEMS):
                items.pop(item, None)
        if not post.fte30_given and "FTE" in items:
            items["FTE30"] = "0" if left else items["FTE"]
        records.append({item: [value] for item, value in items.items()})
    return records


def la_level_values(sources: Sequence[HrSource]) -> dict[str, str]:
    """The LA-level items given in the mappings' ``la_level`` (used as given; the first mapping wins)."""
    values: dict[str, str] = {}
    for source in sources:
        for item, value in source.mapping.la_level.items():
            values.setdefault(item, value)
    return values


AGENCY_COVER_ITEMS: Final = ("NoAgencyFTE", "NoAgencyHeadcount")


def la_level_items(
    sources: Sequence[HrSource],
    records: Sequence[dict[str, list[str]]],
    year: int,
    period_end: date | None = None,
) -> dict[str, str]:
    """The LA-level items: those given in ``la_level`` as given; the agency cover items it omits
    derived from the extracts' agency records (every agency worker at the reference date is taken
    to cover a vacancy, the usual case; give them in ``la_level`` where that does not hold).

    Nothing is derived when no extract holds an agency record: an HR extract alone says nothing
    about agency staff. Vacancies and the pay items have no source in an extract.
    """
    values = la_level_values(sources)
    missing = [item for item in AGENCY_COVER_ITEMS if item not in values]
    agency = [record.get("AgencyWorker", [""])[0] == "1" for record in records]
    if missing and any(agency):
        fte, headcount = _agency_at_reference(records, year, period_end)
        derived = {"NoAgencyFTE": f"{fte:.2f}", "NoAgencyHeadcount": str(headcount)}
        values.update({item: derived[item] for item in missing})
    return values


def _agency_at_reference(
    records: Sequence[dict[str, list[str]]], year: int, period_end: date | None
) -> tuple[float, int]:
    """Agency FTE and headcount at the reference date, by the measures' own classification."""

    def first(record: dict[str, list[str]], item: str) -> str:
        values = record.get(item) or [""]
        return values[0]

    def number(text: str) -> float:
        try:
            return float(text)
        except ValueError:
            return float("nan")

    def day(text: str) -> np.datetime64:
        try:
            return np.datetime64(date.fromisoformat(text), "D")
        except ValueError:
            return np.datetime64("NaT", "D")

    codes = {"1": 1, "0": 0}
    facts = WorkerFacts(
        year=year,
        agency=np.array([codes.get(first(r, "AgencyWorker"), -1) for r in records], dtype=np.int8),
        start=np.array([day(first(r, "RoleStartDate")) for r in records], dtype="datetime64[D]"),
        end=np.array([day(first(r, "RoleEndDate")) for r in records], dtype="datetime64[D]"),
        fte=np.array([number(first(r, "FTE")) for r in records]),
        fte30=np.array([number(first(r, "FTE30")) for r in records]),
        cases=np.array([number(first(r, "Cases30")) for r in records]),
        period_end=period_end,
    )
    classes = classify(facts, DEFAULT_POLICY)
    fte = facts.derived_fte(DEFAULT_POLICY.fte, Population.AGENCY)
    chosen = classes.agency
    return round(float(np.nansum(fte[chosen])), 2), int(chosen.sum())


def build_return(
    sources: Sequence[HrSource], year: int, lea: str, *, created: str | None = None
) -> CensusReturn:
    """The census return for collection ``year`` from the extracts (not yet validated).

    Items the year does not collect are left out with a note; KeyError names an unsupported year.
    """
    spec = census_year(year)
    first_day, last_day = collection_year_bounds(year)
    records = records_in_period(translate_posts(sources), first_day, last_day)
    notes: list[ReadNote] = []
    worker_items = spec.worker_item_names
    dropped = sorted({item for record in records for item in record if item not in worker_items})
    for item in dropped:
        notes.append(
            ReadNote(f"{item} is not collected in {year}: the mapped values were left out", None, item)
        )
    workers = [
        WorkerRecord(position, {item: values for item, values in record.items() if item in worker_items})
        for position, record in enumerate(records, start=1)
    ]
    la_items = {
        item: [value]
        for item, value in la_level_items(sources, records, year).items()
        if item in spec.la_item_names
    }
    header = CensusHeader(
        collection="CSWW",
        year=str(year),
        reference_date=last_day.isoformat(),
        source_level="L",
        lea=lea,
        software_code=SOFTWARE_CODE,
        date_time=created,
    )
    source = " + ".join(source.extract.source for source in sources) or "HR extract"
    return CensusReturn(
        source=source,
        header=header,
        la_block_name=spec.la_block_name,
        la_items=la_items,
        workers=workers,
        notes=notes,
    )
