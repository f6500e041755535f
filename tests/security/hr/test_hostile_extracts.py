"""Hostile or broken HR extracts are refused with one line naming the file; nothing is read from them."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from csc_workforce.core.hr.mapping import MappingError
from csc_workforce.ingest.errors import UnreadableFileError
from csc_workforce.ingest.hr_extract import read_hr_extract, read_hr_extract_bytes
from csc_workforce.ingest.hr_mapping import mapping_from_yaml

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
    with pytest.raises(UnreadableFileError, match=r"^hr\.xlsx: .*DTD or entity declaration"):
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
