"""Targets: each council's published figures, with unpublished ones filled from its nearest year."""

from __future__ import annotations

import polars as pl
import pytest

from csc_workforce.ingest.published import load_indicators
from csc_workforce.synth.targets import council_targets


def _published(code: str, year: int, measure: str) -> float | None:
    frame = load_indicators().filter(
        (pl.col("geographic_level") == "Local authority")
        & (pl.col("old_la_code") == code)
        & (pl.col("time_period") == year)
    )
    value = frame.get_column(measure).item()
    return None if value is None else float(value)


@pytest.mark.parametrize(("code", "year"), [("881", 2025), ("330", 2021), ("940 / 941", 2023), ("201", 2017)])
def test_targets_are_the_published_figures(code: str, year: int) -> None:
    target = council_targets(code, [year])[year]
    assert target.inpost_fte == _published(code, year, "inpost_fte")
    assert target.inpost_headcount == _published(code, year, "inpost_headcount")
    assert target.leavers_fte == _published(code, year, "leavers_fte")
    assert target.vacancy_fte == _published(code, year, "vacancy_fte")
    assert target.cases == _published(code, year, "cases")
    assert sum(target.role_shares) == pytest.approx(1.0)


def test_unpublished_year_is_filled_from_the_nearest_year() -> None:
    # Kensington and Chelsea's 2025 row is all "x" (unavailable): its 2024 figures stand in.
    assert _published("207", 2025, "inpost_fte") is None
    targets = council_targets("207", [2024, 2025])
    assert targets[2025].inpost_fte == targets[2024].inpost_fte == _published("207", 2024, "inpost_fte")


def test_agency_cover_never_exceeds_agency_fte() -> None:
    for code in ("881", "330", "204", "420"):
        for target in council_targets(code, range(2017, 2026)).values():
            assert target.agency_cover_fte <= target.agency_fte
