"""``csc-workforce demo``: the interface the issue fixes (``--port``, ``--data-dir``) and bad input."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from csc_workforce.cli import app


def test_demo_help_shows_the_documented_options_only() -> None:
    result = CliRunner().invoke(app, ["demo", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    assert "--port" in result.output
    assert "--data-dir" in result.output
    assert "--seed" not in result.output  # hidden, for tests
    assert "127.0.0.1" in result.output


def test_demo_refuses_bad_years_and_ports(tmp_path: Path) -> None:
    runner = CliRunner()
    bad_years = runner.invoke(app, ["demo", "--data-dir", str(tmp_path), "--years", "1999"])
    assert bad_years.exit_code == 2
    bad_port = runner.invoke(app, ["demo", "--port", "70000", "--data-dir", str(tmp_path)])
    assert bad_port.exit_code == 2
    assert not any(tmp_path.iterdir())
