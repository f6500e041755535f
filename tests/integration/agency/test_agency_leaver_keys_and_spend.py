"""``agency leavers``, ``agency check --leavers`` and ``agency spend`` end to end."""

from __future__ import annotations

import csv
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
SECRET = {"CSCW_REGION_SECRET": "region-secret"}


@pytest.fixture
def runner() -> CliRunner:
    return (
        CliRunner(mix_stderr=False)
        if "mix_stderr" in CliRunner.__init__.__code__.co_varnames
        else CliRunner()
    )


@pytest.fixture
def region_files(tmp_path):
    """Two councils' returns (Leeds 383 and Bradford 380) and a register with cooling-off cases."""
    returns = tmp_path / "returns"
    returns.mkdir()
    write_census(
        returns / "383.xml",
        "383",
        [
            leaver("SW100001", "2025-02-01"),
            leaver("SW100002", "2024-06-30"),
            leaver("SW100009", "2025-03-01", "1"),
        ],
    )
    write_census(
        returns / "380.xml", "380", [leaver("sw100003 ", "2025-03-15"), leaver("SW100004", "2025-01-10")]
    )
    rows = [
        engagement("same-council", la_code="383", swe_no="SW100001", start_date="2025-03-01"),
        engagement("other-council", la_code="383", swe_no="SW100003", start_date="2025-04-01"),
        engagement("long-after", la_code="380", swe_no="SW100002", start_date="2025-04-01"),
        engagement("agency-leaver", la_code="380", swe_no="SW100009", start_date="2025-04-01"),
        engagement("not-a-leaver", la_code="380", swe_no="SW100007", start_date="2025-04-01"),
        engagement("cap", la_code="380", swe_no="SW100004", start_date="2025-02-01", hourly_rate="41"),
    ]
    return {
        "returns": returns,
        "engagements": write_engagements(tmp_path / "engagements.csv", rows),
        "caps": write_caps(tmp_path / "caps.csv"),
    }


def _check(runner, files, *source):
    args = ["agency", "check", str(files["engagements"]), "--caps", str(files["caps"]), "--region", REGION]
    return runner.invoke(app, [*args, *source, "--format", "json"], env=SECRET)


def test_leavers_refuses_without_the_region_secret(runner, region_files, tmp_path):
    out = tmp_path / "keys.csv"
    result = runner.invoke(
        app,
        ["agency", "leavers", str(region_files["returns"]), "--output", str(out)],
        env={"CSCW_REGION_SECRET": " "},
    )
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1 and "CSCW_REGION_SECRET" in result.stderr
    assert not out.exists()


def test_leaver_file_holds_keys_dates_and_councils_only(runner, region_files, tmp_path):
    out = tmp_path / "keys.csv"
    result = runner.invoke(
        app, ["agency", "leavers", str(region_files["returns"]), "--output", str(out)], env=SECRET
    )
    assert result.exit_code == 0, result.stderr
    text = out.read_text(encoding="utf-8")
    assert "SW1000" not in text.upper()
    rows = list(csv.DictReader(text.splitlines()))
    assert list(rows[0]) == ["worker_key", "left_on", "old_la_code"]
    # Agency workers are not permanent leavers.
    assert sorted((r["old_la_code"], r["left_on"]) for r in rows) == [
        ("380", "2025-01-10"),
        ("380", "2025-03-15"),
        ("383", "2024-06-30"),
        ("383", "2025-02-01"),
    ]
    assert all(len(r["worker_key"]) == 64 for r in rows)


def test_check_with_leaver_files_gives_the_same_findings_as_the_census(runner, region_files, tmp_path):
    keys = []
    for code in ("383", "380"):
        out = tmp_path / f"{code}-keys.csv"
        result = runner.invoke(
            app,
            ["agency", "leavers", str(region_files["returns"] / f"{code}.xml"), "--output", str(out)],
            env=SECRET,
        )
        assert result.exit_code == 0, result.stderr
        keys += ["--leavers", str(out)]
    from_census = _check(runner, region_files, "--census", str(region_files["returns"]))
    from_keys = _check(runner, region_files, *keys)
    assert from_census.exit_code == 0 and from_keys.exit_code == 0, from_keys.stderr
    assert json.loads(from_keys.stdout) == json.loads(from_census.stdout)
    cooling = {f["engagement_id"] for f in json.loads(from_keys.stdout) if f["rule"] == "cooling-off"}
    assert cooling == {"same-council", "other-council", "cap"}


def test_check_with_leavers_needs_the_secret_and_a_sound_file(runner, region_files, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "worker_key,left_on,old_la_code\nSW100001,2025-01-01,383\nabc,not a date,38\n", encoding="utf-8"
    )
    args = ["agency", "check", str(region_files["engagements"]), "--caps", str(region_files["caps"])]
    result = runner.invoke(app, [*args, "--region", REGION, "--leavers", str(bad)], env=SECRET)
    assert result.exit_code == 2
    assert "row 2: column worker_key" in result.stderr and "row 3: column left_on" in result.stderr
    assert "SW100001" not in result.stderr
    unset = runner.invoke(
        app, [*args, "--region", REGION, "--leavers", str(bad)], env={"CSCW_REGION_SECRET": ""}
    )
    assert unset.exit_code == 2 and "CSCW_REGION_SECRET" in unset.stderr


def _spend(runner, path, *extra):
    result = runner.invoke(app, ["agency", "spend", str(path), *extra, "--format", "json"])
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def test_spend_by_role_agency_and_week(runner, tmp_path):
    rows = [
        engagement(
            "a", start_date="2025-01-06", end_date="2025-01-19", hourly_rate="40", agency_fee_hourly="5"
        ),
        engagement(
            "b",
            start_date="2025-01-13",
            role="team_manager",
            agency="Beta",
            hourly_rate="50",
            agency_fee_hourly="10",
        ),
        engagement("c", start_date="2025-02-01", hours_per_week="14"),
    ]
    path = write_engagements(tmp_path / "register.csv", rows)
    costs = tmp_path / "permanent.csv"
    costs.write_text("role,permanent_hourly_cost\nsocial_worker,30\nteam_manager,40\n", encoding="utf-8")
    # On 2025-01-15: a and b are active; one day is hours_per_week / 7 hours.
    on_day = _spend(runner, path, "--on", "2025-01-15", "--by", "role", "--permanent-costs", str(costs))
    by_role = {row["role"]: row for row in on_day}
    assert by_role["social_worker"]["engagements"] == 1 and by_role["team_manager"]["engagements"] == 1
    assert by_role["social_worker"]["hours"] == pytest.approx(37 / 7)
    assert by_role["social_worker"]["total_cost"] == pytest.approx(45 * 37 / 7)
    assert by_role["social_worker"]["premium_cost"] == pytest.approx(15 * 37 / 7)
    assert by_role["team_manager"]["premium_rate"] == pytest.approx(60 / 40 - 1)
    weeks = _spend(runner, path, "--from", "2025-01-06", "--to", "2025-01-26", "--by", "week")
    assert [(w["week"], w["engagements"]) for w in weeks] == [
        ("2025-01-06", 1),
        ("2025-01-13", 2),
        ("2025-01-20", 1),
    ]
    assert weeks[0]["hours"] == pytest.approx(37) and weeks[0]["premium_cost"] is None
    by_agency = _spend(runner, path, "--from", "2025-01-01", "--to", "2025-03-31", "--by", "agency")
    assert {row["agency"]: row["engagements"] for row in by_agency} == {"Acme Locums": 2, "Beta": 1}


def test_spend_refuses_on_with_a_period_and_bad_dates(runner, tmp_path):
    path = write_engagements(tmp_path / "register.csv", [engagement("a")])
    both = runner.invoke(app, ["agency", "spend", str(path), "--on", "2025-01-01", "--from", "2024-01-01"])
    assert both.exit_code == 2 and "--on" in both.stderr
    bad = runner.invoke(app, ["agency", "spend", str(path), "--on", "31/02/2025"])
    assert bad.exit_code == 2 and "--on" in bad.stderr
    table = runner.invoke(app, ["agency", "spend", str(path), "--by", "agency", "--format", "csv"])
    assert table.exit_code == 0 and table.stdout.startswith("agency,engagements,hours")
