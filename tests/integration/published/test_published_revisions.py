"""Back-revisions between DfE releases (analytics.published_revisions and its command)."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from csc_workforce.analytics.published_revisions import revisions
from csc_workforce.cli import app
from csc_workforce.ingest.published import load_indicators

pytestmark = pytest.mark.integration

FIXTURES = Path(__file__).parent / "fixtures"
RELEASE_2023 = FIXTURES / "csww_indicators_2017_to_2023.csv"
HEADLINE_2022 = FIXTURES / "csww_headline_measures_2017_to_2022.csv"


def _england(changed: pl.DataFrame) -> dict[tuple[int, str], tuple[float | None, float | None]]:
    rows = changed.filter(pl.col("geographic_level") == "National").iter_rows(named=True)
    return {(r["time_period"], r["measure"]): (r["old_value"], r["new_value"]) for r in rows}


def test_2024_to_2025_release_england_revisions_match_the_spec() -> None:
    england = _england(revisions(load_indicators(RELEASE_2023), load_indicators()))
    assert england == {
        (2022, "leavers_fte"): (5421.0, 5422.0),
        (2022, "leavers_headcount"): (5795.0, 5796.0),
        (2022, "turnover_rate_fte"): (17.1, 17.2),
        (2022, "turnover_rate_headcount"): (17.2, 17.3),
        (2023, "agency_fte"): (7173.5, 7178.5),
        (2023, "agency_rate_fte"): (17.8, 17.9),
        (2023, "agency_cover_rate_fte"): (80.1, 79.8),
        (2023, "working_days_lost_fte"): (270751.0, 270451.0),
        (2023, "absence_rate_fte"): (3.2, 3.3),
    }


def test_2023_to_2024_release_leaver_headcounts_fell() -> None:
    changed = revisions(load_indicators(HEADLINE_2022), load_indicators(RELEASE_2023))
    england = _england(changed)
    assert england[(2017, "leavers_headcount")] == (4497.0, 4204.0)
    assert england[(2017, "inpost_fte")] == (28495.7, 28482.6)
    assert england[(2019, "case_holders_fte")] == (20006.6, 20003.8)
    # Starters are not in the headline file: their appearance is not a revision.
    assert "starters_fte" not in set(changed["measure"].to_list())
    unchanged = changed.filter(
        (pl.col("geographic_level") == "National") & (pl.col("measure") == "vacancy_fte")
    )
    assert unchanged.height == 0


def test_symbol_changes_are_revisions() -> None:
    latest = load_indicators()
    edited = latest.with_columns(
        pl.when((pl.col("time_period") == 2024) & (pl.col("old_la_code") == "881"))
        .then(None)
        .otherwise(pl.col("inpost_fte"))
        .alias("inpost_fte"),
        pl.when((pl.col("time_period") == 2024) & (pl.col("old_la_code") == "881"))
        .then(pl.lit("u"))
        .otherwise(pl.col("inpost_fte_symbol"))
        .alias("inpost_fte_symbol"),
    )
    changed = revisions(latest, edited)
    assert changed.height == 1
    row = changed.row(0, named=True)
    assert row["place"] == "Essex (881)" and row["new_symbol"] == "u" and row["new_value"] is None
    assert revisions(latest, latest).height == 0


def test_command_outputs() -> None:
    runner = CliRunner()
    outcome = runner.invoke(
        app, ["published-revisions", str(RELEASE_2023), "--format", "json", "--level", "national"]
    )
    assert outcome.exit_code == 0, outcome.output
    assert len(json.loads(outcome.stdout)) == 9
    assert "9 revised figures" in outcome.stderr
    table = runner.invoke(app, ["published-revisions", str(RELEASE_2023)])
    assert "working_days_lost_fte" in table.stdout and "-300.0" in table.stdout
    bad = runner.invoke(app, ["published-revisions", str(RELEASE_2023), "--level", "ward"])
    assert bad.exit_code == 2 and "unknown level 'ward'" in bad.stderr
