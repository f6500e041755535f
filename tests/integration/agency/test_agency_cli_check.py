"""``agency check`` end to end: exit codes, JSON on stdout alone, cooling-off across councils."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from csc_workforce.cli import app
from tests.integration.agency.agency_files import (
    REGION,
    engagement,
    leaver,
    write_caps,
    write_census,
    write_engagements,
)

pytestmark = pytest.mark.integration


@pytest.fixture
def runner() -> CliRunner:
    return (
        CliRunner(mix_stderr=False)
        if "mix_stderr" in CliRunner.__init__.__code__.co_varnames
        else CliRunner()
    )


def run(runner, tmp_path, rows, *extra, env=None):
    engagements = write_engagements(tmp_path / "engagements.csv", rows)
    caps = write_caps(tmp_path / "caps.csv")
    args = ["agency", "check", str(engagements), "--caps", str(caps), "--region", REGION, "--format", "json"]
    return runner.invoke(app, [*args, *extra], env=env or {"CSCW_REGION_SECRET": "region-secret"})


def findings(result) -> dict[str, set[tuple[str, str]]]:
    out: dict[str, set[tuple[str, str]]] = {}
    for item in json.loads(result.stdout):
        assert set(item) == {"engagement_id", "rule", "severity", "message"}
        out.setdefault(item["engagement_id"], set()).add((item["rule"], item["severity"]))
    return out


def test_every_rule_on_both_sides_of_its_boundary(runner, tmp_path):
    rows = [
        engagement("cap-met", hourly_rate="40.00"),
        engagement("cap-1p-over", hourly_rate="40.01"),
        engagement("cap-approved", hourly_rate="48.00", cap_exception_approved="yes"),
        engagement("exp-3y", qualified_date="2022-04-01", start_date="2025-04-01"),
        engagement("exp-day-short", qualified_date="2022-04-02", start_date="2025-04-01"),
        engagement("refs", references_both_ways="no"),
        engagement("team-named", project_team="yes", project_team_workers_named="yes"),
        engagement("team-unnamed", project_team="yes", project_team_workers_named="no"),
        engagement("before-rules", start_date="2024-10-30", hourly_rate="90", references_both_ways="no"),
    ]
    result = run(runner, tmp_path, rows)
    assert result.exit_code == 0, result.stderr
    assert findings(result) == {
        "cap-1p-over": {("price-cap", "breach")},
        "cap-approved": {("price-cap", "approved-exception")},
        "exp-day-short": {("experience", "breach")},
        "refs": {("references", "breach")},
        "team-unnamed": {("project-team", "breach")},
    }


def cooling_rows():
    return [
        engagement("exactly-3m", swe_no="SW200001", la_code="370", start_date="2025-04-15"),
        engagement("day-early", swe_no="SW200002", la_code="370", start_date="2025-04-14"),
        engagement("other-region", swe_no="SW200003", la_code="370", start_date="2025-02-01"),
        engagement("agency-before", swe_no="SW200004", la_code="370", start_date="2025-02-01"),
        engagement("six-months-short", swe_no="SW200005", la_code="370", start_date="2025-07-14"),
    ]


def census_folder(tmp_path):
    folder = tmp_path / "census"
    folder.mkdir()
    # 371 Doncaster is in the same region as 370 Barnsley; 202 Camden is in London.
    write_census(
        folder / "doncaster.xml",
        "371",
        [
            leaver("SW200001", "2025-01-15"),
            leaver("sw200002 ", "2025-01-15"),
            leaver("SW200004", "2025-01-15", agency="1"),
            leaver("SW200005", "2025-01-15"),
        ],
    )
    write_census(folder / "camden.xml", "202", [leaver("SW200003", "2025-01-15")])
    return folder


def test_cooling_off_across_councils_of_the_region(runner, tmp_path):
    folder = census_folder(tmp_path)
    result = run(runner, tmp_path, cooling_rows(), "--census", str(folder))
    assert result.exit_code == 0, result.stderr
    assert findings(result) == {"day-early": {("cooling-off", "breach")}}
    [message] = [f["message"] for f in json.loads(result.stdout)]
    assert "council 371" in message and "3 months" in message and "SW200002" not in message


def test_regional_agreement_of_six_months(runner, tmp_path):
    folder = census_folder(tmp_path)
    result = run(
        runner,
        tmp_path,
        cooling_rows(),
        "--census",
        str(folder / "doncaster.xml"),
        "--census",
        str(folder / "camden.xml"),
        "--cooling-off-months",
        "6",
    )
    assert result.exit_code == 0, result.stderr
    assert findings(result) == {
        "exactly-3m": {("cooling-off", "breach")},
        "day-early": {("cooling-off", "breach")},
        "six-months-short": {("cooling-off", "breach")},
    }


def test_without_the_secret_a_random_key_still_matches_within_the_run(runner, tmp_path):
    folder = census_folder(tmp_path)
    result = run(runner, tmp_path, cooling_rows(), "--census", str(folder), env={"CSCW_REGION_SECRET": ""})
    assert result.exit_code == 0
    assert "CSCW_REGION_SECRET is not set" in result.stderr
    assert findings(result) == {"day-early": {("cooling-off", "breach")}}


def test_malformed_register_exits_2_and_names_rows_and_columns(runner, tmp_path):
    rows = [
        engagement("E1"),
        engagement("E2", hourly_rate="lots"),
        engagement("E3", role="boss", start_date="x"),
    ]
    result = run(runner, tmp_path, rows)
    assert result.exit_code == 2
    assert result.stdout == ""
    for fragment in ("E2): column hourly_rate", "E3): column role", "E3): column start_date"):
        assert fragment in result.stderr


def test_unreadable_census_exits_2(runner, tmp_path):
    bad = tmp_path / "bad.xml"
    bad.write_text('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><Message>&a;</Message>')
    result = run(runner, tmp_path, [engagement("E1")], "--census", str(bad))
    assert result.exit_code == 2 and "bad.xml" in result.stderr and result.stdout == ""


def test_unknown_region_in_caps_exits_2(runner, tmp_path):
    engagements = write_engagements(tmp_path / "e.csv", [engagement("E1")])
    caps = write_caps(tmp_path / "caps.csv")
    result = runner.invoke(
        app, ["agency", "check", str(engagements), "--caps", str(caps), "--region", "Atlantis"]
    )
    assert result.exit_code == 2 and "no caps for region 'Atlantis'" in result.stderr


def test_loosening_the_cooling_off_period_is_refused(runner, tmp_path):
    result = run(runner, tmp_path, [engagement("E1")], "--cooling-off-months", "2")
    assert result.exit_code == 2 and "national minimum" in result.stderr


def test_no_findings_is_an_empty_list_and_table_output_works(runner, tmp_path):
    result = run(runner, tmp_path, [engagement("E1")])
    assert result.exit_code == 0 and json.loads(result.stdout) == []
    engagements = tmp_path / "engagements.csv"
    table = runner.invoke(
        app,
        ["agency", "check", str(engagements), "--caps", str(tmp_path / "caps.csv"), "--region", REGION],
        env={"CSCW_REGION_SECRET": "x"},
    )
    assert table.exit_code == 0 and "No breaches" in table.stdout


def test_fail_on_breach(runner, tmp_path):
    result = run(runner, tmp_path, [engagement("E1", references_both_ways="no")], "--fail-on-breach")
    assert result.exit_code == 1
