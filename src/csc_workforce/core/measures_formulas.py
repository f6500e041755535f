"""DfE's formulas for the official CSWW measures, and DfE's rounding.

The one home of each formula (shared/spec/measures.md §3.1, every formula [checked] against the
2025 release). Measures computed from worker records and the recomputation of the published
statistics both call these functions, so the two can never drift apart.

Conventions:
- rates are percentages (0-100), unrounded; round for display with :func:`round_half_up`;
- a zero denominator gives ``None``: DfE publishes such a cell as ``z`` (not applicable), never as
  0 or 100;
- inputs are plain numbers; missing or suppressed inputs are the caller's business (it must not
  call a formula with a symbol turned into 0).
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Final

# The published measure columns, in the order of DfE's indicators file (§5, columns 11-32).
MEASURE_COLUMNS: Final[tuple[str, ...]] = (
    "inpost_fte",
    "inpost_headcount",
    "starters_fte",
    "starters_headcount",
    "leavers_fte",
    "leavers_headcount",
    "turnover_rate_fte",
    "turnover_rate_headcount",
    "agency_fte",
    "agency_headcount",
    "agency_rate_fte",
    "agency_rate_headcount",
    "agency_cover_fte",
    "agency_cover_rate_fte",
    "vacancy_fte",
    "vacancy_rate_fte",
    "vacancy_agency_cover_rate_fte",
    "case_holders_fte",
    "cases",
    "caseload_fte",
    "working_days_lost_fte",
    "absence_rate_fte",
)

# Headcounts and cases are whole numbers; FTEs, rates, caseload and days are published to 1 dp (§4).
WHOLE_NUMBER_COLUMNS: Final[frozenset[str]] = frozenset(
    {"inpost_headcount", "starters_headcount", "leavers_headcount", "agency_headcount", "cases"}
)

# Working days available per FTE in a census year (§3.1, the absence denominator D [inferred]).
WORKING_DAYS_COMMON_YEAR: Final = 253
WORKING_DAYS_LEAP_YEAR: Final = 254


def published_places(measure: str) -> int:
    """Decimal places DfE publishes ``measure`` to: 0 for headcounts and cases, else 1."""
    if measure not in MEASURE_COLUMNS:
        raise ValueError(f"unknown measure {measure!r}")
    return 0 if measure in WHOLE_NUMBER_COLUMNS else 1


def round_half_up(value: float | Decimal, places: int) -> float:
    """Round as DfE's tables do: half away from zero, in decimal arithmetic.

    ``repr`` of a float is its shortest round-tripping decimal, so 2.675 rounds to 2.68 here
    where binary ``round`` gives 2.67.
    """
    if places < 0:
        raise ValueError(f"places must be 0 or more, found {places}")
    exact = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    if not exact.is_finite():
        raise ValueError(f"cannot round {value!r}")
    quantum = Decimal(1).scaleb(-places)
    return float(exact.quantize(quantum, rounding=ROUND_HALF_UP))


def _percent(numerator: float, denominator: float) -> float | None:
    if denominator == 0:
        return None
    return 100.0 * numerator / denominator


def turnover_rate(leavers: float, inpost: float) -> float | None:
    """100 × leavers in the year ÷ in post at 30 September (end-of-year stock, not an average)."""
    return _percent(leavers, inpost)


def agency_rate(agency: float, inpost: float) -> float | None:
    """100 × agency workers ÷ (agency workers + social workers in post), at 30 September."""
    return _percent(agency, agency + inpost)


def vacancy_rate(vacancies: float, inpost: float) -> float | None:
    """100 × vacancies ÷ (vacancies + social workers in post), at 30 September."""
    return _percent(vacancies, vacancies + inpost)


def agency_cover_rate(cover: float, agency: float) -> float | None:
    """100 × agency FTE covering a vacancy ÷ all agency FTE (``agency_cover_rate_fte``)."""
    return _percent(cover, agency)


def vacancy_agency_cover_rate(cover: float, vacancies: float) -> float | None:
    """100 × agency FTE covering a vacancy ÷ vacancy FTE (``vacancy_agency_cover_rate_fte``)."""
    return _percent(cover, vacancies)


def caseload(cases: float, case_holders_fte: float) -> float | None:
    """Cases held at 30 September ÷ FTE of the workers (agency included) holding one or more."""
    if case_holders_fte == 0:
        return None
    return cases / case_holders_fte


def working_days_in_census_year(year: int) -> int:
    """Working days per FTE in the census year ending 30 September ``year``.

    The year runs 1 October ``year - 1`` to 30 September ``year``, so it holds 29 February exactly
    when ``year`` is a leap year: 254 days then, 253 otherwise (fits every published LA row).
    """
    return WORKING_DAYS_LEAP_YEAR if calendar.isleap(year) else WORKING_DAYS_COMMON_YEAR


def absence_rate(days_lost: float, inpost_fte: float, working_days: float) -> float | None:
    """100 × working days lost to sickness ÷ (in-post FTE × working days available)."""
    return _percent(days_lost, inpost_fte * working_days)


@dataclass(frozen=True, slots=True)
class RateDefinition:
    """A published rate and the published columns it is computed from, in argument order."""

    measure: str
    components: tuple[str, ...]
    formula: Callable[..., float | None]
    uses_working_days: bool = False


RATE_DEFINITIONS: Final[Mapping[str, RateDefinition]] = {
    d.measure: d
    for d in (
        RateDefinition("turnover_rate_fte", ("leavers_fte", "inpost_fte"), turnover_rate),
        RateDefinition("turnover_rate_headcount", ("leavers_headcount", "inpost_headcount"), turnover_rate),
        RateDefinition("agency_rate_fte", ("agency_fte", "inpost_fte"), agency_rate),
        RateDefinition("agency_rate_headcount", ("agency_headcount", "inpost_headcount"), agency_rate),
        RateDefinition("agency_cover_rate_fte", ("agency_cover_fte", "agency_fte"), agency_cover_rate),
        RateDefinition("vacancy_rate_fte", ("vacancy_fte", "inpost_fte"), vacancy_rate),
        RateDefinition(
            "vacancy_agency_cover_rate_fte", ("agency_cover_fte", "vacancy_fte"), vacancy_agency_cover_rate
        ),
        RateDefinition("caseload_fte", ("cases", "case_holders_fte"), caseload),
        RateDefinition(
            "absence_rate_fte", ("working_days_lost_fte", "inpost_fte"), absence_rate, uses_working_days=True
        ),
    )
}


def compute_rate(measure: str, components: Mapping[str, float], year: int) -> float | None:
    """Compute the rate ``measure`` from its component counts (unrounded; None for ``z``)."""
    try:
        definition = RATE_DEFINITIONS[measure]
    except KeyError:
        raise ValueError(f"{measure!r} is not a published rate") from None
    args = [components[name] for name in definition.components]
    if definition.uses_working_days:
        args.append(working_days_in_census_year(year))
    return definition.formula(*args)
