"""Words and a small table for next year's children changing social worker (pages, PDFs, CLI)."""

from __future__ import annotations

from typing import Final

from csc_workforce.core.continuity.projection import Band, ChildrenChangingProjection, NotAvailable
from csc_workforce.reporting.excel import Cell, SheetTable

HEADINGS: Final = ("Next year", "Low (10th percentile)", "Median", "High (90th percentile)")


def _whole(band: Band) -> tuple[str, str, str]:
    rounded = band.rounded(0)
    return f"{rounded.low:,.0f}", f"{rounded.median:,.0f}", f"{rounded.high:,.0f}"


def projection_sentence(projection: ChildrenChangingProjection | NotAvailable) -> str:
    """One sentence with the number and its 80% band, or why there is none."""
    if isinstance(projection, NotAvailable):
        return f"Children changing social worker next year: {projection.reason}."
    low, median, high = _whole(projection.total)
    leaver_low, leaver_median, leaver_high = _whole(projection.from_leavers)
    return (
        f"In the year to 30 September {projection.forecast_year}, about {median} changes of social "
        f"worker are expected for children looked after (80% band {low} to {high}): {leaver_median} "
        f"children ({leaver_low} to {leaver_high}) because their social worker leaves, and "
        f"{projection.baseline_total:,} for other reasons, as in the year to 31 March "
        f"{projection.measured_year}."
    )


def plan_sentence(plan: str, projection: ChildrenChangingProjection) -> str:
    """What a plan's leavers make of it (the same rate and baseline)."""
    low, median, high = _whole(projection.total)
    leaver_low, leaver_median, leaver_high = _whole(projection.from_leavers)
    return (
        f"{plan}: about {median} changes (80% band {low} to {high}), {leaver_median} of them "
        f"({leaver_low} to {leaver_high}) because the social worker leaves."
    )


def projection_rows(projection: ChildrenChangingProjection) -> list[tuple[str, str, str, str]]:
    """The table under the sentence: leavers, the children they affect, the baseline, in all."""
    leavers = projection.projected_leavers_fte.rounded(1)
    baseline = f"{projection.baseline_total:,}"
    return [
        ("Social workers leaving (FTE, forecast)", f"{leavers.low:,.1f}", f"{leavers.median:,.1f}",
         f"{leavers.high:,.1f}"),
        ("Children changing because their worker leaves", *_whole(projection.from_leavers)),
        ("Other changes (agency, absence, reallocation, not in census), as last year",
         baseline, baseline, baseline),
        ("Changes of social worker in all", *_whole(projection.total)),
    ]  # fmt: skip


def projection_view(projection: ChildrenChangingProjection | NotAvailable) -> dict[str, object]:
    """What the pages' partial shows: the sentence, and the table and assumption when available."""
    if isinstance(projection, NotAvailable):
        return {"available": False, "sentence": projection_sentence(projection)}
    return {
        "available": True,
        "sentence": projection_sentence(projection),
        "headings": HEADINGS,
        "rows": projection_rows(projection),
        "assumption": projection.assumption,
        "measured_year": projection.measured_year,
        "forecast_year": projection.forecast_year,
    }


def projection_sheet(projection: ChildrenChangingProjection | NotAvailable) -> SheetTable:
    """The exports' sheet: the table's figures as numbers, the sentence and assumption as notes."""
    if isinstance(projection, NotAvailable):
        return SheetTable(
            columns=["figure", "p10", "p50", "p90"], rows=[], notes=[projection_sentence(projection)]
        )
    leavers = projection.projected_leavers_fte.rounded(1)
    baseline = projection.baseline_total
    rows: list[list[Cell]] = [
        ["Social workers leaving (FTE, forecast)", leavers.low, leavers.median, leavers.high],
        ["Children changing because their worker leaves", *_numbers(projection.from_leavers)],
        ["Other changes, as last year", baseline, baseline, baseline],
        ["Changes of social worker in all", *_numbers(projection.total)],
    ]
    return SheetTable(
        columns=["figure", "p10", "p50", "p90"],
        rows=rows,
        headings=dict(zip(["figure", "p10", "p50", "p90"], HEADINGS, strict=True)),
        notes=[projection_sentence(projection), projection.assumption],
    )


def _numbers(band: Band) -> list[float]:
    rounded = band.rounded(0)
    return [rounded.low, rounded.median, rounded.high]
