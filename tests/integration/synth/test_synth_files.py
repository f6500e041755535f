"""Synthetic census files on disk: byte-identical per seed, and clean under our validator."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from csc_workforce.cli import app
from csc_workforce.core.census.model import CensusReturn
from csc_workforce.core.census.validation import validate_return
from csc_workforce.ingest.census_xml import read_census_xml
from csc_workforce.ingest.published import known_la_codes
from csc_workforce.synth import area_names, generate_region, write_region

pytestmark = pytest.mark.integration
YEARS = [2017, 2018, 2019, 2024, 2025]


def _runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)  # type: ignore[call-arg]
    except TypeError:  # Click 8.2+: stderr is always separate
        return CliRunner()


@pytest.fixture(scope="module")
def south_west(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    # South West holds the 2019 Dorset / Bournemouth, Christchurch and Poole reorganisation.
    calls: list[tuple[int, int]] = []
    paths = write_region(
        "South West", YEARS, 21, tmp_path_factory.mktemp("sw"), progress=lambda d, t: calls.append((d, t))
    )
    assert calls == [(n, len(paths)) for n in range(1, len(paths) + 1)]
    return paths


def test_files_are_named_by_council_then_year(south_west: list[Path]) -> None:
    names = [p.name for p in south_west]
    assert names == sorted(names)
    assert {"835_2017.xml", "835_2018.xml", "838_2019.xml", "839_2025.xml"} <= set(names)
    assert "835_2019.xml" not in names
    assert all(p.stem.split("_")[1] in {str(y) for y in YEARS} for p in south_west)


def test_every_file_validates_without_errors_or_queries_and_continues(south_west: list[Path]) -> None:
    known = known_la_codes()
    returns = {p.name: read_census_xml(p) for p in south_west}
    for name, census in returns.items():
        issues = validate_return(census, known_la_codes=known)
        assert issues == [], f"{name}: {issues[:3]}"
        lea, year = name.removesuffix(".xml").split("_")
        previous = returns.get(f"{lea}_{int(year) - 1}.xml")
        if previous is not None:  # continuity against last year: same people, same birth dates
            found = validate_return(census, previous=previous, known_la_codes=known)
            # R072 (a large change in published FTE or vacancies) may follow the published figures.
            assert [i for i in found if i.code != "CSWW-R072"] == [], name


def test_same_seed_gives_byte_identical_files_other_seed_differs(tmp_path: Path) -> None:
    first = write_region("North East", [2025], 4, tmp_path / "a")
    again = write_region("North East", [2025], 4, tmp_path / "b")
    other = write_region("North East", [2025], 5, tmp_path / "c")
    assert [p.name for p in first] == [p.name for p in again] == [p.name for p in other]
    assert all(a.read_bytes() == b.read_bytes() for a, b in zip(first, again, strict=True))
    assert all(a.read_bytes() != c.read_bytes() for a, c in zip(first, other, strict=True))


def test_cli_writes_files_that_validate_clean(tmp_path: Path) -> None:
    runner = _runner()
    result = runner.invoke(
        app,
        ["synth", "--region", "North East", "--years", "2024-2025", "--seed", "8", "--output", str(tmp_path)],
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == ""  # notes and progress go to standard error
    assert len(list(tmp_path.glob("*.xml"))) == 24
    checked = runner.invoke(app, ["validate", str(tmp_path), "--format", "json"])
    assert checked.exit_code == 0, checked.output
    report = json.loads(checked.stdout)
    files = report["files"] if isinstance(report, dict) else report
    assert sum(entry["errors"] for entry in files) == 0


def test_cli_unknown_region_exits_2_listing_the_names(tmp_path: Path) -> None:
    result = _runner().invoke(app, ["synth", "--region", "Wessex", "--output", str(tmp_path)])
    assert result.exit_code == 2
    for name in area_names():
        assert name in result.stderr
    assert not list(tmp_path.glob("*.xml"))


def test_cli_bad_years_exit_2(tmp_path: Path) -> None:
    result = _runner().invoke(
        app, ["synth", "--region", "England", "--years", "2015-2016", "--output", str(tmp_path)]
    )
    assert result.exit_code == 2
    assert "2017 to 2026" in result.stderr


def test_england_is_the_regions_side_by_side() -> None:
    def items(returns: list[CensusReturn]) -> dict[str | None, list[dict[str, list[str]]]]:
        return {census.la_code: [w.items for w in census.workers] for census in returns}

    england = items(list(generate_region("England", [2017], 3)))
    east = items(list(generate_region("East of England", [2017], 3)))
    assert len(england) == 151
    assert {code: england[code] for code in east} == east
