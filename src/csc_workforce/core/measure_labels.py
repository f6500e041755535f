"""Plain-English names, units and definitions of the published measures, for pages and workbooks.

Definitions paraphrase DfE's methodology (shared/spec/measures.md §2-3); the formulas themselves
live only in ``measures_formulas``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from csc_workforce.core.measures_formulas import MEASURE_COLUMNS, published_places, round_half_up


@dataclass(frozen=True, slots=True)
class MeasureLabel:
    name: str
    unit: str  # "%", "FTE", "people", "cases", "days" or "cases per FTE"
    definition: str
    higher_is: str = "neutral"  # "worse", "better" or "neutral": how to read a change


MEASURE_LABELS: Final[dict[str, MeasureLabel]] = {
    "inpost_fte": MeasureLabel(
        "Social workers in post (FTE)", "FTE", "FTE of LA-employed social workers at 30 September"
    ),
    "inpost_headcount": MeasureLabel(
        "Social workers in post", "people", "LA-employed social workers at 30 September (each person once)"
    ),
    "starters_fte": MeasureLabel("Starters (FTE)", "FTE", "FTE of social workers who joined during the year"),
    "starters_headcount": MeasureLabel("Starters", "people", "social workers who joined during the year"),
    "leavers_fte": MeasureLabel("Leavers (FTE)", "FTE", "FTE of social workers who left during the year"),
    "leavers_headcount": MeasureLabel("Leavers", "people", "social workers who left during the year"),
    "turnover_rate_fte": MeasureLabel(
        "Turnover rate (FTE)", "%", "FTE leavers in the year ÷ FTE in post at 30 September", "worse"
    ),
    "turnover_rate_headcount": MeasureLabel(
        "Turnover rate (headcount)",
        "%",
        "leavers in the year ÷ social workers in post at 30 September",
        "worse",
    ),
    "agency_fte": MeasureLabel(
        "Agency workers (FTE)", "FTE", "FTE of agency social workers at 30 September", "worse"
    ),
    "agency_headcount": MeasureLabel(
        "Agency workers", "people", "agency social workers at 30 September", "worse"
    ),
    "agency_rate_fte": MeasureLabel(
        "Agency worker rate (FTE)", "%", "agency FTE ÷ (agency FTE + in-post FTE) at 30 September", "worse"
    ),
    "agency_rate_headcount": MeasureLabel(
        "Agency worker rate (headcount)",
        "%",
        "agency workers ÷ (agency workers + in post) at 30 September",
        "worse",
    ),
    "agency_cover_fte": MeasureLabel(
        "Agency workers covering vacancies (FTE)", "FTE", "agency FTE covering a vacant post"
    ),
    "agency_cover_rate_fte": MeasureLabel(
        "Agency cover rate (FTE)", "%", "agency FTE covering a vacancy ÷ agency FTE"
    ),
    "vacancy_fte": MeasureLabel(
        "Vacancies (FTE)", "FTE", "vacant FTE posts at 30 September, covered or not", "worse"
    ),
    "vacancy_rate_fte": MeasureLabel(
        "Vacancy rate (FTE)", "%", "vacancies ÷ (vacancies + in-post FTE) at 30 September", "worse"
    ),
    "vacancy_agency_cover_rate_fte": MeasureLabel(
        "Vacancies covered by agency workers", "%", "agency FTE covering a vacancy ÷ vacancies"
    ),
    "case_holders_fte": MeasureLabel(
        "Case holders (FTE)", "FTE", "FTE of social workers (agency included) holding one or more cases"
    ),
    "cases": MeasureLabel("Cases", "cases", "cases held at 30 September"),
    "caseload_fte": MeasureLabel(
        "Average caseload", "cases per FTE", "cases ÷ FTE of case holders at 30 September", "worse"
    ),
    "working_days_lost_fte": MeasureLabel(
        "Working days lost to sickness",
        "days",
        "sickness absence days of in-post social workers in the year",
        "worse",
    ),
    "absence_rate_fte": MeasureLabel(
        "Sickness absence rate", "%", "days lost ÷ (in-post FTE × working days in the year)", "worse"
    ),
}

if set(MEASURE_LABELS) != set(MEASURE_COLUMNS):  # pragma: no cover - a developer error caught on import
    raise RuntimeError("MEASURE_LABELS must name every published measure")


def format_figure(measure: str, value: float | None, symbol: str | None = None) -> str:
    """A figure as pages show it: DfE's decimal places with thousands separators, else its symbol."""
    if value is None:
        return symbol or "x"
    places = published_places(measure)
    return f"{round_half_up(value, places):,.{places}f}"


def format_change(measure: str, change: float) -> str:
    """A change from last year: signed, in points for rates."""
    places = published_places(measure)
    unit = " points" if MEASURE_LABELS[measure].unit == "%" else ""
    return f"{change:+,.{places}f}{unit}"
