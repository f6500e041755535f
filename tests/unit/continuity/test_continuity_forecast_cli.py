"""``csc-workforce continuity --forecast``: the Interface's keys unchanged, one extra key added."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from csc_workforce.cli import app
from tests.unit.continuity.handmade import EXPECTED, write

runner = CliRunner()


def _args(paths, *extra: str) -> list[str]:
    return [
        "continuity",
        "--episodes", str(paths["episodes"]),
        "--social-workers", str(paths["social_workers"]),
        "--year", "2025",
        *extra,
    ]  # fmt: skip


def test_forecast_adds_one_key_and_leaves_the_interface_exact(tmp_path):
    paths = write(tmp_path)
    census = ["--census", str(paths["census_2024"]), "--census", str(paths["census_2025"])]
    result = runner.invoke(app, _args(paths, *census, "--header", str(paths["header"]), "--forecast",
                                      "--sims", "200", "--format", "json"))  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    projection = data.pop("children_changing_next_year")
    assert data == EXPECTED
    # The 2025 link: SW3 left (1 leaver, 1 child); 1 FTE left in census 2024, none in 2025.
    assert projection["available"] is True
    assert projection["measured_year"] == 2025 and projection["forecast_year"] == 2026
    assert projection["measured_leavers_fte"] == 0.5
    assert projection["case_holding_leavers"] == 1 and projection["children_affected"] == 1
    assert projection["children_per_leaver_fte"] == 2.0
    assert projection["baseline_changes"] == {
        "agency": 1,
        "absent": 1,
        "still_in_post": 1,
        "not_in_census": 1,
    }
    leavers, children = projection["projected_leavers_fte"], projection["children_changing"]
    assert leavers["p10"] <= leavers["p50"] <= leavers["p90"]
    assert children["p50"] == pytest.approx(round(2.0 * leavers["p50"]) + 4, abs=1)
    assert "31 March 2025" in projection["assumption"]


def test_forecast_table_output_states_the_assumption(tmp_path):
    paths = write(tmp_path)
    result = runner.invoke(app, _args(paths, "--census", str(paths["census_2024"].parent), "--forecast",
                                      "--sims", "200"))  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "changes of social worker are expected" in result.stdout
    assert "Assumes each FTE leaving" in result.stdout


def test_forecast_needs_census_returns(tmp_path):
    paths = write(tmp_path)
    result = runner.invoke(app, _args(paths, "--forecast", "--format", "json"))
    assert result.exit_code == 2
    assert "--census" in result.stderr and result.stdout == ""
