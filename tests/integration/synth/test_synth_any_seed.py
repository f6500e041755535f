"""Whatever the seed, a generated region is clean and calibrated (property test over seeds)."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csc_workforce.analytics.council import measures_for_returns
from csc_workforce.core.census.validation import validate_return
from csc_workforce.ingest.published import known_la_codes, load_indicators
from csc_workforce.synth import generate_region

pytestmark = pytest.mark.integration


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=2**63 - 1))
def test_any_seed_gives_clean_calibrated_returns(seed: int) -> None:
    returns = list(generate_region("North East", [2025], seed))
    known = known_la_codes()
    assert all(validate_return(census, known_la_codes=known) == [] for census in returns)
    measured = measures_for_returns(returns).select("old_la_code", "inpost_fte", "turnover_rate_fte")
    published = load_indicators().filter(
        (pl.col("geographic_level") == "Local authority") & (pl.col("time_period") == 2025)
    )
    compared = measured.join(
        published.select(
            "old_la_code", pl.col("inpost_fte").alias("p_fte"), pl.col("turnover_rate_fte").alias("p_t")
        ),
        on="old_la_code",
    )
    assert compared.height == len(returns)
    assert compared.select(((pl.col("inpost_fte") / pl.col("p_fte") - 1).abs() <= 0.10).all()).item()
    assert compared.select((pl.col("turnover_rate_fte") - pl.col("p_t")).abs().mean()).item() <= 2.0
