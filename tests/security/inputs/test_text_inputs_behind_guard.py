"""The small text files a user names (HR mappings, forecast scenarios, agency and sharing tables) are
read behind ``ingest.guard`` like the census files: bounded, one refusal naming the file (issue 9)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from csc_workforce.core.forecast.scenario import ScenarioError
from csc_workforce.core.hr.mapping import MappingError
from csc_workforce.ingest import agency_table
from csc_workforce.ingest.agency_caps import read_caps
from csc_workforce.ingest.agency_table import AgencyFileError
from csc_workforce.ingest.errors import UnreadableFileError
from csc_workforce.ingest.guard import load_yaml
from csc_workforce.ingest.hr_extract import read_hr_extract
from csc_workforce.ingest.hr_mapping import mapping_from_yaml, read_mapping
from csc_workforce.ingest.scenarios import load_scenarios
from csc_workforce.ingest.sharing_files import read_surplus

pytestmark = pytest.mark.security

# Nine levels of aliases to aliases: 9**9 (387 million) leaves for whoever walks the result.
ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + n)}: &{chr(98 + n)} [{', '.join([f'*{chr(97 + n)}'] * 9)}]\n" for n in range(8)
)


def test_yaml_aliases_are_refused_with_their_line() -> None:
    with pytest.raises(UnreadableFileError, match=r"^bomb\.yaml: line 2: YAML aliases"):
        load_yaml(ALIAS_BOMB, "bomb.yaml")


def test_deep_yaml_is_refused_not_a_recursion_error() -> None:
    with pytest.raises(UnreadableFileError, match="nested more than 64 deep"):
        load_yaml("[" * 5_000 + "]" * 5_000, "deep.yaml")


def test_plain_yaml_still_reads() -> None:
    assert load_yaml("name: a\nvalues: [1, 2]\n", "ok.yaml") == {"name": "a", "values": [1, 2]}


@pytest.mark.parametrize(
    ("name", "content", "refusal"),
    [
        ("bomb.yaml", ALIAS_BOMB, "YAML aliases"),
        ("deep.yaml", "[" * 5_000 + "]" * 5_000, "nested more than 64 deep"),
        ("deep.json", "[" * 30_000 + "]" * 30_000, "nested too deeply to read safely"),
        ("broken.json", '{"name": ', "not valid JSON"),
    ],
)
def test_hostile_scenario_files_are_one_scenario_error(
    tmp_path: Path, name: str, content: str, refusal: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(ScenarioError, match=refusal) as caught:
        load_scenarios(path)
    assert str(caught.value).startswith(str(path))
    assert time.perf_counter() - started < 10  # the Interface's bound, far above the real cost


def test_hostile_mappings_are_one_mapping_error(tmp_path: Path) -> None:
    with pytest.raises(MappingError, match=r"^m\.yaml: line 2: YAML aliases"):
        mapping_from_yaml(ALIAS_BOMB, "m.yaml")
    path = tmp_path / "deep.yaml"
    path.write_text("version: " + "[" * 3_000 + "]" * 3_000 + "\n", encoding="utf-8")
    with pytest.raises(MappingError, match="nested more than 64 deep"):
        read_mapping(path)


def test_a_csv_table_of_endless_commas_is_refused_on_its_row(tmp_path: Path) -> None:
    path = tmp_path / "caps.csv"
    path.write_text("region,role,effective_from,max_hourly_rate\n" + "," * 100_000 + "\n", encoding="utf-8")
    with pytest.raises(AgencyFileError, match="row 2 has 100,001 columns, over the limit of 200"):
        read_caps(path)


def test_a_csv_table_of_endless_rows_stops_at_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(agency_table, "MAX_ROWS", 50)
    path = tmp_path / "surplus.csv"
    path.write_text("old_la_code,role,surplus_fte\n" + "881,Case holder,1\n" * 10_000, encoding="utf-8")
    with pytest.raises(AgencyFileError, match="has more than 50 rows"):
        read_surplus(path)


def test_an_hr_extract_over_the_limit_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "hr.csv"
    with path.open("wb") as handle:
        handle.truncate(60 * 1024 * 1024)  # sparse: nothing to read, only its size
    with pytest.raises(UnreadableFileError, match=r"^.*hr\.csv: is 62,914,560 bytes, over the .* byte limit"):
        read_hr_extract(path)
