"""Rates over several councils, the way DfE builds its regional and national rates.

DfE computes an aggregate rate only over the councils whose numerator and denominator are both
reliable (shared/spec/measures.md §3.3): a council with ``u``, ``x`` or ``c`` in either is left
out of that rate, though the published totals may still include it.
"""

from __future__ import annotations

import polars as pl

from csc_workforce.core.measures_formulas import RATE_DEFINITIONS, working_days_in_census_year


def rate_components(la_rows: pl.DataFrame, measure: str) -> tuple[list[float], int]:
    """Summed components of ``measure`` over the rows where every component is present, and how many."""
    try:
        definition = RATE_DEFINITIONS[measure]
    except KeyError:
        raise ValueError(f"{measure!r} is not a published rate") from None
    usable = la_rows.drop_nulls(list(definition.components))
    return [float(usable[c].sum()) for c in definition.components], usable.height


def aggregate_rate(la_rows: pl.DataFrame, measure: str, year: int) -> float | None:
    """``measure`` over the councils of ``la_rows`` with both parts present (unrounded; None if none)."""
    components, count = rate_components(la_rows, measure)
    if count == 0:
        return None
    definition = RATE_DEFINITIONS[measure]
    extra = [working_days_in_census_year(year)] if definition.uses_working_days else []
    return definition.formula(*components, *extra)
