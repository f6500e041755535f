"""Hostile or broken HR extracts are refused with one line naming the file; nothing is read from them."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest
import xlsxwriter

from csc_workforce.core.hr.mapping import MappingError
from csc_workforce.ingest import hr_extract
from csc_workforce.ingest.errors import UnreadableFileError
from csc_workforce.ingest.hr_extract import read_hr_extract, read_hr_extract_bytes
from csc_workforce.ingest.hr_mapping import mapping_from_yaml
from tests.security import hostile_files
from tests.security.hostile_files import rewrite_workbook

pytestmark = pytest.mark.security


def _workbook_with(part: str, body: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr(part, body)
    return buffer.getvalue()


def test_a_workbook_with_an_entity_declaration_is_refused() -> None:
    data = _workbook_with("xl/worksheets/sheet1.xml", b'<!DOCTYPE x [<!ENTITY e "boom">]><x>&e;</x>')
    with pytest.raises(UnreadableFileError, match=r"^hr\.xlsx: .*DTD and entity declarations are refused"):
        read_hr_extract_bytes(data, "hr.xlsx")


def test_a_zip_bomb_is_refused() -> None:
    data = _workbook_with("xl/worksheets/sheet1.xml", b"<x>" + b" " * (20 * 1024 * 1024) + b"</x>")
    with pytest.raises(UnreadableFileError, match="zip bomb"):
        read_hr_extract_bytes(data, "hr.xlsx")


def test_binary_data_named_csv_is_refused() -> None:
    with pytest.raises(UnreadableFileError, match=r"^hr\.csv: is not a text CSV file"):
        read_hr_extract_bytes(b"\x00\x01\x02" * 100, "hr.csv")


def test_a_file_with_no_heading_row_in_20_rows_is_refused() -> None:
    with pytest.raises(UnreadableFileError, match="no heading row in its first 20 rows"):
        read_hr_extract_bytes(b"\n".join([b"title"] * 30), "hr.csv")


def test_a_repeated_heading_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "hr.csv"
    path.write_text("Job Title,Job Title\nSocial Worker,Team Manager\n", encoding="utf-8")
    with pytest.raises(UnreadableFileError, match="heading 'Job Title' appears twice"):
        read_hr_extract(path)


def test_yaml_cannot_build_python_objects() -> None:
    with pytest.raises(MappingError, match="not valid YAML"):
        mapping_from_yaml("version: !!python/object/apply:os.system ['echo hi']\n", "m.yaml")


def test_an_oversized_cell_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "hr.csv"
    path.write_text("Job Title,Hours\n" + "x" * 5000 + ",37\n", encoding="utf-8")
    with pytest.raises(UnreadableFileError, match="row 2, column 'Job Title': a cell over"):
        read_hr_extract(path)


def _hr_workbook_with_far_row(row: int) -> bytes:
    """A small HR-style extract whose one sheet (no ``<dimension>``) also holds a cell in ``row``."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Staff")
    for r, values in enumerate([["Employee No", "Job Title", "Hours"], ["1", "Social Worker", "37"]]):
        sheet.write_row(r, 0, values)
    book.close()

    def far(part: bytes) -> bytes:
        part = re.sub(rb"<dimension [^>]*/>", b"", part)
        cell = f'<row r="{row}"><c r="A{row}" t="inlineStr"><is><t>x</t></is></c></row>'.encode()
        return part.replace(b"</sheetData>", cell + b"</sheetData>")

    return rewrite_workbook(buffer.getvalue(), {"xl/worksheets/sheet1.xml": far})


@pytest.mark.parametrize(
    ("row", "refusal"),
    [
        (20_000_000, "has a row numbered 20,000,000, outside"),
        (1_048_576, "row 1,048,576 is past the last row read (600,020)"),
    ],
    ids=["past-excel", "last-excel-row"],
)
def test_a_far_row_is_refused_before_any_gap_is_walked(
    row: int, refusal: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A row past what an extract can hold is refused on sight, not reached through empty rows."""
    yielded: list[int] = []
    real_values = hr_extract._xlsx_values
    monkeypatch.setattr(hr_extract, "_xlsx_values", lambda r: yielded.append(1) or real_values(r))
    with pytest.raises(UnreadableFileError, match=rf"^extract\.xlsx: .*{re.escape(refusal)}"):
        read_hr_extract_bytes(_hr_workbook_with_far_row(row), "extract.xlsx")
    assert len(yielded) <= 4  # heading and worker, read twice (heading search, then rows): no gap built


def test_a_far_row_within_the_limit_is_read() -> None:
    extract = read_hr_extract_bytes(_hr_workbook_with_far_row(5_000), "extract.xlsx")
    assert [r.values.get("Job Title") for r in extract.rows][:1] == ["Social Worker"]


@pytest.mark.parametrize(
    "builder", ["external_object_workbook", "many_part_bomb", "doctype_in_workbook_part"]
)
def test_workbook_package_attacks_are_refused_for_hr_extracts(builder: str) -> None:
    with pytest.raises(UnreadableFileError, match=r"extract\.xlsx"):
        read_hr_extract_bytes(getattr(hostile_files, builder)(), "extract.xlsx")
