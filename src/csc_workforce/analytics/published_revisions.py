"""What DfE revised between two releases of the published statistics (spec §8).

DfE revises earlier years in each release (e.g. England's 2017 in-post FTE 28,495.7 in the 2023
release, 28,482.6 since). Comparing two canonical frames cell by cell shows every change, a
symbol replacing a number included. Only years and places present in both releases are compared.
"""

from __future__ import annotations

from typing import Final

import polars as pl

from csc_workforce.core.measures_formulas import MEASURE_COLUMNS
from csc_workforce.ingest.published import SYMBOL_SUFFIX

KEYS: Final = ["time_period", "geographic_level", "place"]
REVISION_SCHEMA: Final = pl.Schema(
    {
        "time_period": pl.Int32,
        "geographic_level": pl.Utf8,
        "place": pl.Utf8,
        "measure": pl.Utf8,
        "old_value": pl.Float64,
        "old_symbol": pl.Utf8,
        "new_value": pl.Float64,
        "new_symbol": pl.Utf8,
        "change": pl.Float64,
    }
)


def _long(frame: pl.DataFrame) -> pl.DataFrame:
    """One row per (year, level, place, measure) with its value and symbol."""
    place = (
        pl.when(pl.col("geographic_level") == "Local authority")
        .then(pl.col("la_name") + " (" + pl.col("old_la_code") + ")")
        .when(pl.col("geographic_level") == "Regional")
        .then(pl.col("region_name"))
        .otherwise(pl.lit("England"))
        .alias("place")
    )
    base = frame.with_columns(place)
    values = base.unpivot(index=KEYS, on=list(MEASURE_COLUMNS), variable_name="measure", value_name="value")
    symbols = base.unpivot(
        index=KEYS,
        on=[f"{m}{SYMBOL_SUFFIX}" for m in MEASURE_COLUMNS],
        variable_name="measure",
        value_name="symbol",
    ).with_columns(pl.col("measure").str.strip_suffix(SYMBOL_SUFFIX))
    return values.join(symbols, on=[*KEYS, "measure"], how="inner")


def revisions(old: pl.DataFrame, new: pl.DataFrame) -> pl.DataFrame:
    """Every published cell that differs between the ``old`` and ``new`` release (canonical frames).

    A measure absent from a release (starters in the 2023 headline file) is not a revision.
    """
    joined = _long(old).join(_long(new), on=[*KEYS, "measure"], how="inner", suffix="_new")
    present_in_old = pl.col("value").is_not_null() | pl.col("symbol").is_not_null()
    value_changed = ~pl.col("value").eq_missing(pl.col("value_new"))
    symbol_changed = ~pl.col("symbol").eq_missing(pl.col("symbol_new"))
    level_order = pl.col("geographic_level").replace_strict(
        {"National": 0, "Regional": 1, "Local authority": 2}, return_dtype=pl.Int8
    )
    return (
        joined.filter(present_in_old & (value_changed | symbol_changed))
        .sort(pl.col("time_period"), level_order, pl.col("place"), pl.col("measure"))
        .select(
            "time_period",
            "geographic_level",
            "place",
            "measure",
            pl.col("value").alias("old_value"),
            pl.col("symbol").alias("old_symbol"),
            pl.col("value_new").alias("new_value"),
            pl.col("symbol_new").alias("new_symbol"),
            (pl.col("value_new") - pl.col("value")).round(1).alias("change"),  # inputs have 1 dp at most
        )
        .cast(REVISION_SCHEMA)
    )
