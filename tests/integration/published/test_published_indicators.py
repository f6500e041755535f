"""Reading DfE's published indicators files in every layout (ingest.published.indicators)."""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csc_workforce.core.measures_formulas import MEASURE_COLUMNS
from csc_workforce.ingest.published import (
    INDICATORS_SCHEMA,
    PublishedFileError,
    bundled_path,
    load_indicators,
)

pytestmark = pytest.mark.integration

FIXTURES = Path(__file__).parent / "fixtures"
RELEASE_2023 = FIXTURES / "csww_indicators_2017_to_2023.csv"
HEADLINE_2022 = FIXTURES / "csww_headline_measures_2017_to_2022.csv"


@pytest.fixture(scope="module")
def latest() -> pl.DataFrame:
    return load_indicators()


def _one(frame: pl.DataFrame, year: int, code: str) -> dict[str, object]:
    rows = frame.filter((pl.col("time_period") == year) & (pl.col("old_la_code") == code))
    assert rows.height == 1
    return rows.row(0, named=True)


def test_latest_release_shape(latest: pl.DataFrame) -> None:
    assert latest.schema == pl.Schema(INDICATORS_SCHEMA)
    counts = latest.group_by("geographic_level").len().sort("geographic_level").rows()
    assert counts == [("Local authority", 1355), ("National", 9), ("Regional", 99)]
    england = latest.filter((pl.col("geographic_level") == "National") & (pl.col("time_period") == 2025))
    assert england["inpost_fte"].item() == 36186.3
    assert england["cases"].item() == 321661


def test_symbols_become_null_with_their_symbol(latest: pl.DataFrame) -> None:
    symbols = pl.concat([latest[f"{m}_symbol"] for m in MEASURE_COLUMNS]).drop_nulls().value_counts()
    assert dict(symbols.rows()) == {"x": 98, "u": 51, "z": 81, "low": 12, "c": 8}
    for measure in MEASURE_COLUMNS:
        flagged = latest.filter(pl.col(f"{measure}_symbol").is_not_null())
        assert flagged[measure].null_count() == flagged.height
    kc = _one(latest, 2025, "207")
    assert kc["inpost_fte"] is None and kc["inpost_fte_symbol"] == "x"
    sunderland = _one(latest, 2025, "394")
    assert sunderland["agency_fte_symbol"] == "low" and sunderland["agency_fte"] is None
    scilly = _one(latest, 2025, "420")
    assert scilly["turnover_rate_fte_symbol"] == "z" and scilly["agency_rate_fte"] == 100.0


def test_joint_returns_stay_one_row(latest: pl.DataFrame) -> None:
    joint = _one(latest, 2025, "940 / 941")
    assert joint["la_name"] == "North Northamptonshire / West Northamptonshire"
    assert joint["new_la_code"] == "E06000061 / E06000062"
    assert joint["inpost_fte"] == 421.5
    assert latest.filter(pl.col("old_la_code").is_in(["314", "318", "940", "941"])).height == 0


def test_headline_layout_is_renamed_and_folded() -> None:
    old = load_indicators(HEADLINE_2022)
    assert old.schema == pl.Schema(INDICATORS_SCHEMA)
    assert old["starters_fte"].null_count() == old.height  # not in that release
    assert old["starters_fte_symbol"].null_count() == old.height
    # Published there under Kingston, with Richmond's row all z; here one joint row as in later releases.
    kingston = _one(old, 2022, "314 / 318")
    assert kingston["inpost_fte"] == 125.4
    assert kingston["la_name"] == "Kingston upon Thames / Richmond upon Thames"
    assert _one(old, 2021, "940 / 941")["inpost_fte"] == 329.9
    assert old.filter(pl.col("old_la_code").is_in(["314", "318", "940", "941"])).height == 0
    per_year = old.filter(pl.col("geographic_level") == "Local authority").group_by("time_period").len()
    assert dict(per_year.rows()) == {2017: 151, 2018: 151, 2019: 150, 2020: 150, 2021: 150, 2022: 150}


def test_revisions_between_releases_are_visible(latest: pl.DataFrame) -> None:
    def england(frame: pl.DataFrame, year: int, measure: str) -> float:
        row = frame.filter((pl.col("geographic_level") == "National") & (pl.col("time_period") == year))
        return row[measure].item()

    headline, release_2024 = load_indicators(HEADLINE_2022), load_indicators(RELEASE_2023)
    assert england(headline, 2017, "inpost_fte") == 28495.7
    assert england(release_2024, 2017, "inpost_fte") == 28482.6 == england(latest, 2017, "inpost_fte")
    assert england(release_2024, 2023, "agency_fte") == 7173.5
    assert england(latest, 2023, "agency_fte") == 7178.5
    assert england(headline, 2017, "leavers_headcount") == 4497
    assert england(latest, 2017, "leavers_headcount") == 4204


def test_bundled_file_is_the_shared_latest_release() -> None:
    shared = Path("/work/shared/csww/csww_indicators_2017_to_2025.csv")
    if not shared.exists():
        pytest.skip("shared copy not on this machine")
    assert bundled_path("csww_indicators_2017_to_2025.csv").read_bytes() == shared.read_bytes()


def test_byte_order_mark_and_level_case_are_tolerated(tmp_path: Path) -> None:
    text = RELEASE_2023.read_text(encoding="utf-8").replace(",Local authority,", ",Local Authority,")
    path = tmp_path / "bom.csv"
    path.write_text("\ufeff" + text, encoding="utf-8")
    frame = load_indicators(path)
    assert frame.height == 1137
    assert frame.filter(pl.col("geographic_level") == "Local authority").height == 1053


# --- malformed files: the error names the file, the line and the column -----------------------


def _header_and_rows() -> tuple[str, list[str]]:
    lines = RELEASE_2023.read_text(encoding="utf-8").splitlines()
    return lines[0], lines[1:]


def _write(tmp_path: Path, lines: list[str]) -> Path:
    path = tmp_path / "indicators.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _replace_cell(line: str, column: int, value: str) -> str:
    cells = next(csv.reader([line]))
    cells[column] = value
    return ",".join(f'"{c}"' if "," in c else c for c in cells)


@pytest.mark.parametrize(
    ("column", "value", "message", "column_name"),
    [
        (10, "12.3.4", "expected a number or one of the symbols", "inpost_fte"),
        (31, "n/a", "found 'n/a'", "absence_rate_fte"),
        (2, "Ward", "unknown geographic level 'Ward'", "geographic_level"),
        (0, "20x3", "expected a four-digit year", "time_period"),
    ],
)
def test_bad_cells_are_named(tmp_path: Path, column: int, value: str, message: str, column_name: str) -> None:
    header, rows = _header_and_rows()
    rows[20] = _replace_cell(rows[20], column, value)
    path = _write(tmp_path, [header, *rows])
    with pytest.raises(PublishedFileError, match=message) as caught:
        load_indicators(path)
    assert caught.value.line == 22
    assert caught.value.column == column_name
    assert str(path) in str(caught.value) and "line 22" in str(caught.value)


def test_bad_la_code_is_named(tmp_path: Path) -> None:
    header, rows = _header_and_rows()
    index = next(i for i, r in enumerate(rows) if ",Local authority," in r)
    rows[index] = _replace_cell(rows[index], 7, "DROP TABLE")
    with pytest.raises(PublishedFileError, match="3-digit LA code") as caught:
        load_indicators(_write(tmp_path, [header, *rows]))
    assert caught.value.line == index + 2 and caught.value.column == "old_la_code"


def test_ragged_row(tmp_path: Path) -> None:
    header, rows = _header_and_rows()
    rows[5] += ",extra"
    with pytest.raises(PublishedFileError, match="33 values where the header has 32 columns") as caught:
        load_indicators(_write(tmp_path, [header, *rows]))
    assert caught.value.line == 7


def test_duplicate_row(tmp_path: Path) -> None:
    header, rows = _header_and_rows()
    with pytest.raises(PublishedFileError, match="appears twice"):
        load_indicators(_write(tmp_path, [header, *rows[:50], rows[30]]))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"a,b,c\n1,2,3\n", "not a CSWW indicators or headline-measures file; missing columns"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not UTF-8|binary content"),
        (b"time_period,time_period\n", "duplicated columns: time_period"),
    ],
)
def test_not_an_indicators_file(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "other.csv"
    path.write_bytes(content)
    with pytest.raises(PublishedFileError, match=message):
        load_indicators(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(PublishedFileError, match="cannot open the file"):
        load_indicators(tmp_path / "nope.csv")


def test_headline_file_missing_a_column_names_it(tmp_path: Path) -> None:
    lines = HEADLINE_2022.read_text(encoding="utf-8").splitlines()
    path = _write(tmp_path, [lines[0].replace("cases,", "casez,"), *lines[1:3]])
    with pytest.raises(PublishedFileError, match="missing columns: cases"):
        load_indicators(path)


# --- property: any cell DfE could write reads back as number or symbol ------------------------

cell = st.one_of(
    st.sampled_from(["c", "x", "z", "u", "low", ":", "k", ""]),
    st.decimals(min_value=0, max_value=10**6, places=1, allow_nan=False).map(str),
    st.integers(min_value=0, max_value=10**6).map(str),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(cell, min_size=22, max_size=22), min_size=1, max_size=5))
def test_cells_round_trip(rows: list[list[str]]) -> None:
    header, template = _header_and_rows()
    la_line = next(r for r in template if ",Local authority," in r)
    geography = next(csv.reader([la_line]))[:10]
    with tempfile.TemporaryDirectory() as folder:
        lines = [header]
        for index, cells in enumerate(rows):
            geo = [*geography]
            geo[7] = f"{100 + index}"
            lines.append(",".join([*geo, *cells]))
        frame = load_indicators(_write(Path(folder), lines))
    assert frame.height == len(rows)
    for index, cells in enumerate(rows):
        row = frame.filter(pl.col("old_la_code") == f"{100 + index}").row(0, named=True)
        for measure, text in zip(MEASURE_COLUMNS, cells, strict=True):
            if text in {"c", "x", "z", "u", "low", ":", "k"}:
                assert row[measure] is None and row[f"{measure}_symbol"] == text
            elif text == "":
                assert row[measure] is None and row[f"{measure}_symbol"] is None
            else:
                assert row[measure] == float(text) and row[f"{measure}_symbol"] is None
