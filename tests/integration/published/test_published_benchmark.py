"""Benchmarking a council against its region, England and statistical neighbours (analytics + CLI)."""

from __future__ import annotations

import json
import statistics
from pathlib import Path

import pytest
from typer.testing import CliRunner

from csc_workforce.analytics.benchmarking import BenchmarkError, benchmark
from csc_workforce.cli import app
from csc_workforce.core.measures_formulas import MEASURE_COLUMNS
from csc_workforce.ingest.published import load_indicators, statistical_neighbours

pytestmark = pytest.mark.integration

HEADLINE_2022 = Path(__file__).parent / "fixtures" / "csww_headline_measures_2017_to_2022.csv"
runner = CliRunner()


def test_essex_2025_beside_region_england_and_neighbours() -> None:
    result = benchmark("881")
    assert result.time_period == 2025
    assert result.council.values["inpost_fte"] == 884.3
    assert result.council.values["turnover_rate_fte"] == 8.4
    assert result.region is not None and result.region.label == "East of England"
    assert result.region.values["inpost_fte"] == 3396.9
    assert result.england is not None and result.england.values["inpost_fte"] == 36186.3
    assert result.london is None
    assert [n.code for n in result.neighbours] == statistical_neighbours("881")
    turnover = [n.values["turnover_rate_fte"] for n in result.neighbours]
    assert result.neighbour_mean["turnover_rate_fte"] == pytest.approx(statistics.fmean(turnover))
    assert result.neighbour_median["turnover_rate_fte"] == pytest.approx(statistics.median(turnover))
    # Warwickshire's agency cover rate is z (no agency staff): left out of that average.
    assert result.neighbour_count["agency_cover_rate_fte"] == 9


def test_withheld_council_shows_its_symbols() -> None:
    result = benchmark("207")
    assert result.council.values["inpost_fte"] is None
    assert set(result.council.symbols.values()) == {"x"}
    assert result.region is not None and result.region.label == "Inner London"
    assert result.london is not None and result.london.values["inpost_fte"] == 6153.0


def test_joint_members_and_names_resolve_to_the_joint_row() -> None:
    by_member = benchmark("318")
    assert by_member.council.code == "314 / 318"
    assert benchmark("Kingston upon Thames").council.code == "314 / 318"
    assert benchmark("E10000012").council.label == "Essex"
    assert not {"314", "318", "314 / 318"} & {n.code for n in by_member.neighbours}


def test_former_council_defaults_to_its_last_year_and_maps_neighbours() -> None:
    result = benchmark("928")
    assert result.time_period == 2020
    assert any("last published for 2020" in note for note in result.notes)
    # Cumbria (909) had 940 (North Northamptonshire) as a neighbour; in 2020 that area was 928.
    cumbria = benchmark("909", 2020)
    assert "928" in {n.code for n in cumbria.neighbours}


def test_successor_neighbours_use_predecessor_rows_in_early_years() -> None:
    result = benchmark("881", 2018)
    codes = {n.code for n in result.neighbours}
    assert "886" in codes
    assert result.time_period == 2018


@pytest.mark.parametrize(
    ("code", "year", "message"),
    [
        ("999", None, "unknown LA code '999'"),
        ("881", 2016, "no published statistics for 2016: the release covers 2017-2025"),
        ("909", 2024, "from 2023 its area is reported under 942, 943"),
        ("940", 2019, "before 2021 its area was reported under 928"),
    ],
)
def test_clear_errors(code: str, year: int | None, message: str) -> None:
    with pytest.raises(BenchmarkError, match=message):
        benchmark(code, year)


def test_older_release_frame() -> None:
    result = benchmark("881", 2019, load_indicators(HEADLINE_2022))
    assert result.council.values["inpost_fte"] == 786.4
    assert result.council.values["starters_fte"] is None  # not in that release


def test_cli_json_is_pure_and_complete() -> None:
    outcome = runner.invoke(app, ["benchmark", "881", "--year", "2024", "--format", "json"])
    assert outcome.exit_code == 0, outcome.output
    data = json.loads(outcome.stdout)
    assert data["time_period"] == 2024 and data["old_la_code"] == "881" and data["la_name"] == "Essex"
    assert set(data["council"]["measures"]) == set(MEASURE_COLUMNS)
    assert data["england"]["label"] == "England"
    assert len(data["statistical_neighbours"]["neighbours"]) == 10
    assert set(data["statistical_neighbours"]["mean"]) == set(MEASURE_COLUMNS)


def test_cli_table_shows_symbol_reasons() -> None:
    outcome = runner.invoke(app, ["benchmark", "207"])
    assert outcome.exit_code == 0, outcome.output
    assert "Kensington and Chelsea (207), 2025" in outcome.stdout
    assert "x: unavailable" in outcome.stdout
    assert "Statistical neighbours" in outcome.stdout
    assert "Open Government Licence" in outcome.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["benchmark", "999"], "unknown LA code '999'"),
        (["benchmark", "881", "--year", "2030"], "no published statistics for 2030"),
        (["benchmark", "881", "--indicators", "/nonexistent/file.csv"], "cannot open the file"),
    ],
)
def test_cli_errors_are_one_clear_line(args: list[str], message: str) -> None:
    outcome = runner.invoke(app, args)
    assert outcome.exit_code == 2
    assert message in outcome.stderr
    assert "Traceback" not in outcome.output
    assert outcome.stdout == ""
