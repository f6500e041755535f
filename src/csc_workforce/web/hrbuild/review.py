"""The review page: the suggested (or saved) mapping as form rows, and the posted form as mappings."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from csc_workforce.core.census.registry import CODE_SETS, LA_ITEMS, WORKER_ITEMS, census_year
from csc_workforce.core.hr.extract import HrExtract
from csc_workforce.core.hr.mapping import MAPPING_VERSION, HrMapping
from csc_workforce.core.hr.suggest import DATE_FORMATS, DEFAULT_CANDIDATES, suggest_mapping, suggest_values
from csc_workforce.core.hr.translate import normalise_hr_value

NOT_IN_EXTRACT = ""


@dataclass(slots=True)
class Choice:
    value: str
    label: str


@dataclass(slots=True)
class ValueRow:
    index: int
    value: str
    rows: int
    chosen: str
    hint: str
    new: bool


@dataclass(slots=True)
class ItemRow:
    item: str
    label: str
    heading: str
    confidence: str
    values: list[ValueRow] = field(default_factory=list)
    codes: list[Choice] = field(default_factory=list)


@dataclass(slots=True)
class DefaultRow:
    item: str
    value: str
    codes: list[Choice]


TEAM_HEADINGS = frozenset({"team", "team name", "team/unit", "service team", "unit"})


@dataclass(slots=True)
class SourceReview:
    kind: str
    title: str
    source: str
    heading_row: int
    rows: int
    dropped: int
    headings: list[str]
    items: list[ItemRow]
    hours_column: str
    team_column: str
    standard_hours: str
    date_format: str
    date_formats: list[str]
    defaults: list[DefaultRow]
    saved_version: int | None
    new_values: int

    @property
    def coded(self) -> list[ItemRow]:
        return [row for row in self.items if row.values]


def _codes(item: str, la: bool = False) -> list[Choice]:
    spec = (LA_ITEMS if la else WORKER_ITEMS)[item]
    if spec.code_set is None:
        return []
    return [Choice(code, f"{code} – {label}") for code, label in CODE_SETS[spec.code_set].labels.items()]


def _team_column(extract: HrExtract, base: HrMapping | None) -> str:
    """The team column to offer: the saved mapping's, else a heading that reads "team"."""
    if base is not None and base.team_column in extract.headings:
        return base.team_column or ""
    return next((h for h in extract.headings if normalise_hr_value(h) in TEAM_HEADINGS), "")


def source_review(
    kind: str, title: str, extract: HrExtract, year: int, *, base: HrMapping | None, saved_version: int | None
) -> SourceReview:
    """One extract's part of the page: ``base`` is the saved mapping, or the user's choices so far."""
    items = census_year(year).worker_item_names
    suggestion = suggest_mapping(extract, year_items=items, previous=base)
    known = base.values if base is not None else {}
    rows: list[ItemRow] = []
    new_values = 0
    for column in suggestion.columns:
        heading = column.heading if column.applied and column.heading else NOT_IN_EXTRACT
        confidence = "" if column.heading is None else column.level
        if column.heading is not None and not column.applied:
            confidence = f"guess: {column.heading} ({column.level})"
        row = ItemRow(column.item, column.item, heading, confidence, codes=_codes(column.item))
        if heading and column.item in suggestion.values:
            for index, value in enumerate(suggestion.values[column.item]):
                key = normalise_hr_value(value.value)
                new = key not in known.get(column.item, {})
                hint = ""
                if not value.applied and value.code is not None:
                    hint = f"suggested {value.code} ({value.level} confidence): confirm"
                elif value.applied and not value.decided:
                    hint = f"{value.level} confidence"
                chosen = value.code if value.applied and value.code else ""
                new_values += new and not chosen
                row.values.append(
                    ValueRow(index, value.value, value.rows, chosen, hint, new and base is not None)
                )
        rows.append(row)
    defaults = [
        DefaultRow(item, (base.defaults.get(item, "") if base else "") or "", _codes(item))
        for item in (*DEFAULT_CANDIDATES, *(("AgencyWorker",) if kind == "agency" else ()))
        if item in items and not next((r.heading for r in rows if r.item == item), "")
    ]
    seen: set[str] = set()
    defaults = [d for d in defaults if not (d.item in seen or seen.add(d.item))]  # type: ignore[func-returns-value]
    if kind == "agency":
        for default in defaults:
            if default.item == "AgencyWorker" and not default.value:
                default.value = "1"
    hours = suggestion.hours_column
    return SourceReview(
        kind=kind,
        title=title,
        source=extract.source,
        heading_row=extract.heading_row,
        rows=len(extract.rows),
        dropped=extract.dropped_columns,
        headings=list(extract.headings),
        items=rows,
        hours_column=hours.heading if hours is not None and hours.applied and hours.heading else "",
        team_column=_team_column(extract, base),
        standard_hours=suggestion.standard_hours,
        date_format=suggestion.date_format,
        date_formats=list(dict.fromkeys((suggestion.date_format, *DATE_FORMATS))),
        defaults=defaults,
        saved_version=saved_version,
        new_values=new_values,
    )


@dataclass(slots=True)
class LaRow:
    item: str
    value: str
    codes: list[Choice]


def la_rows(year: int, base: HrMapping | None) -> list[LaRow]:
    given = base.la_level if base is not None else {}
    return [
        LaRow(spec.name, given.get(spec.name, ""), _codes(spec.name, la=True))
        for spec in census_year(year).la_items
    ]


def posted_document(
    kind: str, post: Mapping[str, Any], extract: HrExtract, year: int, *, la_level: bool
) -> dict[str, Any]:
    """The mapping document the form posted for one extract (checked later by ``mapping_from_document``).

    A value table is posted as one select per value, numbered in the order ``suggest_values`` lists
    the column's values; ``{kind}-valfor-{item}`` says which column it was drawn for, so a table
    drawn for another column than the one now chosen is ignored (its values are asked again).
    """
    prefix = f"{kind}-"
    columns: dict[str, str | None] = {}
    values: dict[str, dict[str, str | None]] = {}
    for item in sorted(census_year(year).worker_item_names):
        if f"{prefix}col-{item}" not in post:
            continue
        heading = str(post.get(f"{prefix}col-{item}", "")).strip()
        columns[item] = heading or None
        if not heading or str(post.get(f"{prefix}valfor-{item}", "")) != heading:
            continue
        if WORKER_ITEMS[item].code_set is None:
            continue
        table: dict[str, str | None] = {}
        for index, suggestion in enumerate(suggest_values(item, extract, heading)):
            code = str(post.get(f"{prefix}val-{item}-{index}", "")).strip()
            table[suggestion.value] = code or None
        values[item] = table
    defaults = {
        key[len(f"{prefix}def-") :]: str(value).strip()
        for key, value in post.items()
        if key.startswith(f"{prefix}def-") and str(value).strip()
    }
    document: dict[str, Any] = {
        "version": MAPPING_VERSION,
        "standard_hours": str(post.get(f"{prefix}standard_hours", "37")).strip() or "37",
        "date_format": str(post.get(f"{prefix}date_format", "%d/%m/%Y")),
        "columns": columns,
        "hours_column": str(post.get(f"{prefix}hours", "")).strip() or None,
        "values": values,
        "defaults": {item: value for item, value in defaults.items() if not columns.get(item)},
        "la_level": {},
    }
    team = str(post.get(f"{prefix}team", "")).strip()
    if team:
        document["team_column"] = team
    if la_level:
        document["la_level"] = {
            spec.name: str(post[f"la-{spec.name}"]).strip()
            for spec in census_year(year).la_items
            if str(post.get(f"la-{spec.name}", "")).strip()
        }
    return document
