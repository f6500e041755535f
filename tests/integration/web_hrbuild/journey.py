"""Helpers for the HR journey tests: synthetic extracts per year and the review form as a browser posts it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from csc_workforce.core.census.model import CensusReturn
from csc_workforce.synth.hr_extract import HrExtractFiles, council_history, write_hr_extract

COUNCIL = "873"


def synthetic_years(
    tmp_path: Path, years: tuple[int, ...] = (2024, 2025), seed: int = 5
) -> dict[int, tuple[CensusReturn, HrExtractFiles]]:
    history = council_history("East of England", COUNCIL, years, seed)
    out = {}
    for year in years:
        upto = [census for census in history if (census.year or 0) <= year]
        files = write_hr_extract(upto, tmp_path / str(year), seed)
        out[year] = (next(c for c in upto if c.year == year), files)
    return out


def review_form(context: Any, la_items: dict[str, list[str]] | None = None) -> dict[str, str]:
    """What the review page submits unchanged, from its context (selects keep their selection)."""
    data: dict[str, str] = {}
    for review in context["reviews"]:
        kind = review.kind
        for row in review.items:
            data[f"{kind}-col-{row.item}"] = row.heading
            if row.values:
                data[f"{kind}-valfor-{row.item}"] = row.heading
            for value in row.values:
                data[f"{kind}-val-{row.item}-{value.index}"] = value.chosen
        data[f"{kind}-hours"] = review.hours_column
        if kind == "staff":
            data[f"{kind}-team"] = review.team_column
        data[f"{kind}-standard_hours"] = review.standard_hours
        data[f"{kind}-date_format"] = review.date_format
        for default in review.defaults:
            data[f"{kind}-def-{default.item}"] = default.value
    for row in context["la_rows"]:
        data[f"la-{row.item}"] = row.value or (la_items or {}).get(row.item, [""])[0]
    assert len(data) + 2 <= 200, f"{len(data)} fields: over DATA_UPLOAD_MAX_NUMBER_FIELDS"
    return data


def value_field(context: Any, kind: str, item: str, value: str) -> str:
    for review in context["reviews"]:
        if review.kind != kind:
            continue
        for row in review.items:
            for candidate in row.values:
                if candidate.value == value:
                    return f"{kind}-val-{item}-{candidate.index}"
    raise AssertionError(f"{value!r} is not on the review page")
