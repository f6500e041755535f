"""``csc-workforce continuity`` on the hand-made files: every figure exact."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from csc_workforce.cli import app
from tests.unit.continuity.handmade import EXPECTED, write

runner = CliRunner()


def _run(*args: str):
    return runner.invoke(app, ["continuity", *args])


def test_json_matches_the_known_answers(tmp_path):
    paths = write(tmp_path)
    result = _run(
        "--episodes", str(paths["episodes"]),
        "--social-workers", str(paths["social_workers"]),
        "--header", str(paths["header"]),
        "--year", "2025",
        "--census", str(paths["census_2024"]),
        "--census", str(paths["census_2025"]),
        "--format", "json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == EXPECTED


def test_without_census_there_are_no_changes(tmp_path):
    paths = write(tmp_path)
    result = _run(
        "--episodes", str(paths["episodes"]), "--social-workers", str(paths["social_workers"]),
        "--year", "2025", "--format", "json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert "changes" not in data
    assert {key: data[key] for key in data} == {k: v for k, v in EXPECTED.items() if k != "changes"}


def test_census_folder_and_table_output(tmp_path):
    paths = write(tmp_path)
    result = _run(
        "--episodes", str(paths["episodes"]), "--social-workers", str(paths["social_workers"]),
        "--year", "2025", "--census", str(paths["census_2024"].parent),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "14.3%" in result.stdout
    assert "Worker left the council" in result.stdout
    assert "(5)" in result.stdout  # five changes counted


def test_a_bad_file_exits_2_naming_row_and_column(tmp_path):
    paths = write(tmp_path)
    paths["social_workers"].write_text(
        'CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON\nA,01/01/2012,=HYPERLINK("http://x"),01/01/2024,,FCONTA\n'
    )
    result = _run(
        "--episodes", str(paths["episodes"]), "--social-workers", str(paths["social_workers"]),
        "--year", "2025",
    )  # fmt: skip
    assert result.exit_code == 2
    assert "row 2, column SW_ID" in result.stderr
    assert "HYPERLINK" not in result.stderr


def test_table_shows_the_breakdowns_by_age_legal_status_and_sex(tmp_path):
    paths = write(tmp_path)
    result = _run(
        "--episodes", str(paths["episodes"]), "--social-workers", str(paths["social_workers"]),
        "--header", str(paths["header"]), "--year", "2025",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    for title in ("age at 31 march", "legal status", "sex"):
        assert f"Children by number of social workers: {title}" in result.stdout
    assert "Female" in result.stdout and "10 to 15" in result.stdout


def test_a_missing_census_exits_2(tmp_path):
    paths = write(tmp_path)
    result = _run(
        "--episodes", str(paths["episodes"]), "--social-workers", str(paths["social_workers"]),
        "--year", "2025", "--census", str(tmp_path / "nowhere.xml"),
    )  # fmt: skip
    assert result.exit_code == 2
    assert "nowhere.xml" in result.stderr and "no such file" in result.stderr
