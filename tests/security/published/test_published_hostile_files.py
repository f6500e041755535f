"""Hostile or broken files given as published statistics: refused with a clear error, never a crash."""

from __future__ import annotations

from pathlib import Path

import pytest

from csc_workforce.ingest.published import PublishedFileError, load_indicators
from csc_workforce.ingest.published import _csv as published_csv
from csc_workforce.ingest.published.neighbours import load_neighbours
from csc_workforce.ingest.published.roles import load_role_inpost

pytestmark = pytest.mark.security

HEADER = (
    (Path(__file__).parents[2] / "integration/published/fixtures/csww_indicators_2017_to_2023.csv")
    .read_text(encoding="utf-8")
    .splitlines()[0]
)


def test_oversized_file_is_refused_before_reading(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.csv"
    path.write_text(HEADER + "\n" + "x" * 5000, encoding="utf-8")
    monkeypatch.setattr(published_csv, "MAX_FILE_BYTES", 1000)
    with pytest.raises(PublishedFileError, match="over the 1,000 byte limit"):
        load_indicators(path)


@pytest.mark.parametrize(
    "content",
    [
        b"\xff\xfe\x00t\x00i\x00m\x00e",  # UTF-16
        b"time_period\x00,geographic_level\n",
        b'"unterminated,quote\n',
        b"\xc3\x28\xa0\xa1",
    ],
)
def test_binary_and_broken_encodings(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    with pytest.raises(PublishedFileError):
        load_indicators(path)


def test_directory_instead_of_file(tmp_path: Path) -> None:
    with pytest.raises(PublishedFileError, match="cannot"):
        load_indicators(tmp_path)


COUNCIL_GEOGRAPHY = "2025,Reporting year,Local authority,E92000001,England,E12000006,East of England"


def _one_council_file(tmp_path: Path, code: str, first_value: str) -> Path:
    row = [COUNCIL_GEOGRAPHY, code, "E10000012", "Essex", first_value, *["1"] * 21]
    path = tmp_path / "council.csv"
    path.write_text(HEADER + "\n" + ",".join(row) + "\n", encoding="utf-8")
    return path


def test_formula_like_text_is_not_a_code(tmp_path: Path) -> None:
    with pytest.raises(PublishedFileError, match="3-digit LA code") as caught:
        load_indicators(_one_council_file(tmp_path, "=cmd|' /C calc'!A0", "1"))
    assert caught.value.line == 2


def test_huge_numbers_and_exponents_are_refused(tmp_path: Path) -> None:
    with pytest.raises(PublishedFileError, match="column 'inpost_fte'"):
        load_indicators(_one_council_file(tmp_path, "881", "1e309"))


def test_other_readers_refuse_garbage(tmp_path: Path) -> None:
    path = tmp_path / "garbage.csv"
    path.write_bytes(b"\x00\x01\x02")
    with pytest.raises(PublishedFileError):
        load_neighbours(path)
    with pytest.raises(PublishedFileError):
        load_role_inpost(path)
