"""The ``csc-workforce measures`` command end to end, on census XML written by export/census_xml."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from csc_workforce.cli import app
from csc_workforce.core.measures_formulas import MEASURE_COLUMNS
from csc_workforce.export.census_xml import write_census_xml
from tests.unit.measures.builders import agency, census, employed

pytestmark = pytest.mark.integration


def _runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:  # Click 8.2+: stderr is always separate
        return CliRunner()


@pytest.fixture
def returns_dir(tmp_path: Path) -> Path:
    workers_2023 = [
        employed(0, "SW1001", FTE="1", OrgRole="5", Cases30="20", WorkingDaysLost="10"),
        employed(0, "SW1001", FTE="0.4", OrgRole="3", Cases30="0", WorkingDaysLost="0"),  # second post
        employed(0, "SW1002", FTE="0.8", RoleStartDate="2023-01-09", Cases30="12", WorkingDaysLost="2.5"),
        employed(0, "SW1003", FTE="1", RoleEndDate="2023-03-31", ReasonLeave="1", LeaverDestination="3"),
        agency(0, "SW2001", FTE="1", Cases30="18"),
        agency(0, "SW2001", FTE="0.5", Cases30=None),  # agency records are never de-duplicated
    ]
    workers_2024 = [
        employed(0, "SW1001", FTE="1", Sex="F", GenderCurrent=None),
        employed(
            0,
            "SW1002",
            FTE="0.8",
            Sex="F",
            GenderCurrent=None,
            RoleEndDate="2024-09-30",
            ReasonLeave="5",
            LeaverDestination="6",
        ),
    ]
    write_census_xml(
        census(workers_2023, year=2023, lea="881", vacancies="3", agency_cover="1"), tmp_path / "881_2023.xml"
    )
    write_census_xml(
        census(workers_2024, year=2024, lea="881", vacancies="0", agency_cover="0"), tmp_path / "881_2024.xml"
    )
    return tmp_path


def test_json_has_every_measure_unrounded(returns_dir: Path) -> None:
    result = _runner().invoke(app, ["measures", str(returns_dir), "--format", "json"])
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)  # stdout carries the JSON alone
    assert [(r["time_period"], r["old_la_code"]) for r in rows] == [(2023, "881"), (2024, "881")]
    first = rows[0]
    assert isinstance(first["time_period"], int) and isinstance(first["old_la_code"], str)
    assert "la_name" in first
    assert set(MEASURE_COLUMNS) <= set(first)
    assert first["inpost_fte"] == pytest.approx(2.2)
    assert first["inpost_headcount"] == 2
    assert first["starters_headcount"] == 1 and first["starters_fte"] == pytest.approx(0.8)
    assert first["leavers_headcount"] == 1 and first["leavers_fte"] == pytest.approx(1.0)
    assert first["turnover_rate_fte"] == pytest.approx(100 / 2.2)
    assert first["agency_headcount"] == 2 and first["agency_fte"] == pytest.approx(1.5)
    assert first["agency_rate_fte"] == pytest.approx(100 * 1.5 / 3.7)
    assert first["vacancy_fte"] == 3 and first["agency_cover_fte"] == 1
    assert first["vacancy_rate_fte"] == pytest.approx(100 * 3 / 5.2)
    assert first["case_holders_fte"] == pytest.approx(2.8) and first["cases"] == 50
    assert first["caseload_fte"] == pytest.approx(50 / 2.8)
    assert first["working_days_lost_fte"] == pytest.approx(12.5)
    assert first["absence_rate_fte"] == pytest.approx(100 * 12.5 / (2.2 * 253))
    second = rows[1]
    # 2024 holds 29 February: 254 working days; a 30 September end is a leaver by default.
    assert second["leavers_headcount"] == 1 and second["inpost_headcount"] == 1
    assert second["absence_rate_fte"] == pytest.approx(100 * 4 / (1 * 254))
    assert second["vacancy_agency_cover_rate_fte"] is None  # zero denominator: z
    assert "fte-first" in second["policy"]


def test_csv_is_rounded_as_dfe_with_symbols(returns_dir: Path) -> None:
    result = _runner().invoke(app, ["measures", str(returns_dir / "881_2024.xml"), "--format", "csv"])
    assert result.exit_code == 0, result.stderr
    (row,) = list(csv.DictReader(io.StringIO(result.stdout)))
    assert row["vacancy_agency_cover_rate_fte"] == "z"
    assert row["absence_rate_fte"] == "1.6"  # 100 * 4 / 254 = 1.57...
    assert row["inpost_headcount"] == "1"


def test_breakdown_by_role_counts_a_person_once_in_the_senior_post(returns_dir: Path) -> None:
    result = _runner().invoke(
        app, ["measures", str(returns_dir / "881_2023.xml"), "--by", "role", "--format", "json"]
    )
    assert result.exit_code == 0, result.stderr
    rows = {r["role"]: r for r in json.loads(result.stdout)}
    assert rows["First line manager"]["inpost_headcount"] == 1
    assert rows["First line manager"]["inpost_fte"] == pytest.approx(0.4)
    assert rows["Case holder"]["inpost_headcount"] == 1  # SW1002; SW1001 counts as a manager
    assert rows["Case holder"]["inpost_fte"] == pytest.approx(1.8)
    assert rows["Not known"]["agency_headcount"] == 2
    assert all(r["vacancy_fte"] is None for r in rows.values())  # council-level item


def test_every_breakdown_runs(returns_dir: Path) -> None:
    for by in (
        "age_band",
        "sex",
        "ethnicity_group",
        "time_in_service",
        "start_origin",
        "leaver_destination",
        "reason_leave",
    ):
        result = _runner().invoke(app, ["measures", str(returns_dir), "--by", by, "--format", "json"])
        assert result.exit_code == 0, (by, result.stderr)
        rows = json.loads(result.stdout)
        assert sum(r["inpost_headcount"] for r in rows if r["time_period"] == 2023) == 2, by


def test_table_output(returns_dir: Path) -> None:
    result = _runner().invoke(app, ["measures", str(returns_dir)])
    assert result.exit_code == 0, result.stderr
    assert "turnover_rate_fte" in result.stdout and "45.5" in result.stdout


def test_regional_view_suppresses_small_numbers(returns_dir: Path) -> None:
    result = _runner().invoke(app, ["measures", str(returns_dir), "--regional", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    council = next(r for r in rows if r["geographic_level"] == "Local authority" and r["time_period"] == 2023)
    assert council["inpost_headcount"] == "c" and council["turnover_rate_fte"] == "c"
    assert council["vacancy_fte"] == 3  # posts, not people
    assert council["agency_cover_fte"] == "c"  # the covering workers are the 2 agency workers
    low = _runner().invoke(
        app, ["measures", str(returns_dir), "--regional", "--threshold", "1", "--format", "json"]
    )
    council = next(
        r for r in json.loads(low.stdout) if r["time_period"] == 2023 and r["old_la_code"] == "881"
    )
    assert council["inpost_headcount"] == 2 and council["inpost_fte"] == 2.2


def test_policy_options_change_the_figures(returns_dir: Path) -> None:
    path = str(returns_dir / "881_2024.xml")
    result = _runner().invoke(app, ["measures", path, "--end-on-30-september", "in-post", "--format", "json"])
    (row,) = json.loads(result.stdout)
    assert row["leavers_headcount"] == 0 and row["inpost_headcount"] == 2
    assert "end-on-30-september=in-post" in row["policy"]


def test_bad_input_gives_a_clear_error(tmp_path_factory: pytest.TempPathFactory, returns_dir: Path) -> None:
    tmp_path = tmp_path_factory.mktemp("bad")
    broken = tmp_path / "broken.xml"
    broken.write_text("<Message><Header>", encoding="utf-8")
    result = _runner().invoke(app, ["measures", str(broken), "--format", "json"])
    assert result.exit_code == 2
    assert "broken.xml" in result.stderr and result.stdout == ""
    assert "Traceback" not in result.stderr
    twice = _runner().invoke(
        app, ["measures", str(returns_dir / "881_2023.xml"), str(returns_dir), "--format", "json"]
    )
    assert twice.exit_code == 0  # the same file named twice is read once
    copy = tmp_path / "copy"
    copy.mkdir()
    (copy / "again.xml").write_bytes((returns_dir / "881_2023.xml").read_bytes())
    dup = _runner().invoke(app, ["measures", str(returns_dir), str(copy), "--format", "json"])
    assert dup.exit_code == 2 and "second return for council 881" in dup.stderr
    unknown = _runner().invoke(app, ["measures", str(returns_dir), "--by", "shoe-size"])
    assert unknown.exit_code != 0 and "shoe-size" in unknown.stderr
