"""Hostile engagement registers and report content are refused or made harmless."""

from __future__ import annotations

import zipfile

import pytest

from csc_workforce.ingest import agency_table
from csc_workforce.ingest.agency_table import AgencyFileError
from csc_workforce.ingest.engagements import read_engagements
from csc_workforce.reporting.agency_quarterly import quarterly_csv, quarterly_rows
from csc_workforce.reporting.pdf import RefusedURLError, data_only_fetcher_class, html_to_pdf
from tests.integration.agency.agency_files import engagement, write_engagements
from tests.security.hostile_files import sparse_row_workbook

pytestmark = pytest.mark.security


def _refused(path) -> list[str]:
    with pytest.raises(AgencyFileError) as caught:
        read_engagements(path)
    return caught.value.problems


def test_a_zip_bomb_is_refused_before_openpyxl_expands_it(tmp_path):
    path = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b"0" * 5_000_000)
    [problem] = _refused(path)
    assert "zip bomb" in problem


def test_a_sparse_register_is_refused_without_walking_its_empty_rows(tmp_path):
    path = tmp_path / "register.xlsx"
    path.write_bytes(sparse_row_workbook(part="xl/worksheets/sheet1.xml"))  # the first sheet is read
    [problem] = _refused(path)
    assert "20,000,000" in problem


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path):
    path = tmp_path / "register.xlsx"
    path.write_bytes(b"<html>not a workbook</html>")
    assert _refused(path) == ["is not a readable .xlsx workbook"]


def test_binary_csv_and_oversized_files_are_refused(tmp_path, monkeypatch):
    path = tmp_path / "register.csv"
    path.write_bytes(b"engagement_id,la_code\x00\n")
    assert "NUL bytes" in _refused(path)[0]
    monkeypatch.setattr(agency_table, "MAX_FILE_BYTES", 100)
    write_engagements(path, [engagement("E1")])
    assert "over the 100 byte limit" in _refused(path)[0]


def test_other_file_types_are_refused(tmp_path):
    path = tmp_path / "register.xml"
    path.write_text("<x/>", encoding="utf-8")
    assert "expected a .csv or .xlsx file" in _refused(path)[0]


def test_spreadsheet_formulas_in_an_agency_name_leave_the_quarterly_csv_inert(tmp_path):
    path = write_engagements(
        tmp_path / "register.csv", [engagement("E1", agency='=HYPERLINK("http://x.invalid","Acme")')]
    )
    engagements = read_engagements(path)
    rows = quarterly_rows(engagements, [], [], region="Yorkshire and The Humber", year=2025, quarter=2)
    text = quarterly_csv(rows)
    assert ",=HYPERLINK" not in text and "HYPERLINK" in text


def test_the_pdf_fetcher_refuses_files_and_the_network():
    fetcher = data_only_fetcher_class()()
    for url in ("file:///etc/passwd", "http://127.0.0.1/x.png", "https://example.invalid/font.woff"):
        with pytest.raises(RefusedURLError):
            fetcher.fetch(url)


def test_a_report_naming_local_files_still_renders_without_loading_them():
    html = (
        '<!DOCTYPE html><html><head><style>body{background:url("file:///etc/passwd")}</style></head>'
        '<body><img src="file:///etc/hostname"><p>Agency &lt;b&gt;</p></body></html>'
    )
    assert html_to_pdf(html).startswith(b"%PDF")
