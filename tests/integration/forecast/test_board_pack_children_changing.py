"""``forecast board-pack`` with the council's SSDA903 tables: next year's children changing
social worker on the page; without them it says not available; the tables need the census."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from csc_workforce.cli import app
from csc_workforce.export.census_xml import write_census_xml
from csc_workforce.synth import generate_region
from csc_workforce.synth.ssda903 import write_council_tables

pytestmark = pytest.mark.integration
SEED = 4


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("board")
    returns = [r for r in generate_region("East of England", [2025, 2026], SEED) if r.la_code == "873"]
    census = []
    for item in returns:
        path = folder / f"873_{item.year}.xml"
        write_census_xml(item, path)
        census.append(path)
    episodes, social_workers, _ = write_council_tables(returns, SEED, folder)
    return {"census": census, "episodes": episodes, "social_workers": social_workers, "folder": folder}


def _args(files: dict[str, Any], shared_dir: Path, output: Path) -> list[str]:
    census = [arg for path in files["census"] for arg in ("--census", str(path))]
    published = str(shared_dir / "csww/csww_indicators_2017_to_2025.csv")
    return ["forecast", "board-pack", "873", *census, "--published", published, "--sims", "200",
            "--output", str(output)]  # fmt: skip


def test_the_board_pack_carries_the_projection(files, shared_dir, monkeypatch):
    captured: dict[str, str] = {}

    def keep(html: str, path: Path) -> None:
        captured["html"] = html
        path.write_bytes(b"%PDF-1.7 test")

    monkeypatch.setattr("csc_workforce.reporting.board_pack.write_pdf", keep)
    target = files["folder"] / "board.pdf"
    tables = ["--episodes", str(files["episodes"]), "--social-workers", str(files["social_workers"])]
    result = CliRunner().invoke(app, [*_args(files, shared_dir, target), *tables])
    assert result.exit_code == 0, result.output
    page = captured["html"]
    assert "Children changing social worker next year" in page
    assert "changes of social worker are expected for children looked after (80% band" in page
    assert "Low (10th percentile)" in page and "SSDA903 year to 31 March 2026" in page

    result = CliRunner().invoke(app, _args(files, shared_dir, target))
    assert result.exit_code == 0, result.output
    assert "not available: no SSDA903 social worker episodes loaded" in captured["html"]


def test_the_tables_need_each_other_and_the_census(files, shared_dir):
    target = files["folder"] / "refused.pdf"
    published = str(shared_dir / "csww/csww_indicators_2017_to_2025.csv")
    tables = ["--episodes", str(files["episodes"]), "--social-workers", str(files["social_workers"])]
    alone = ["forecast", "board-pack", "873", "--published", published, "--output", str(target), *tables]
    result = CliRunner().invoke(app, alone)
    assert result.exit_code == 2 and "--census" in result.output
    half = [*_args(files, shared_dir, target), "--episodes", str(files["episodes"])]
    assert CliRunner().invoke(app, half).exit_code == 2
    assert not target.exists()
