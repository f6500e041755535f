"""Upload names and formats, the grouped report and code labels (no database)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from csc_workforce.web.returns.models import FileFormat
from csc_workforce.web.returns.reading import UploadRefusedError, display_name, file_format_of, read_upload
from csc_workforce.web.returns.report import report_csv, report_of
from csc_workforce.web.returns.templatetags.census_codes import label_for
from tests.web_fixtures.returns import clean_return, xlsx_bytes, xml_bytes

pytestmark = pytest.mark.web


@given(st.text(max_size=400))
def test_display_name_is_a_short_printable_name_without_folders(filename: str) -> None:
    name = display_name(filename)
    assert name
    assert len(name) <= 200
    assert "/" not in name
    assert "\\" not in name
    assert name.isprintable()


def test_display_name_drops_folders_and_control_characters() -> None:
    assert display_name("C:\\Users\\priya\\census 2024.xlsx") == "census 2024.xlsx"
    assert display_name("../../etc/passwd\x00.xml") == "passwd.xml"
    assert display_name("") == "the uploaded file"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("r.xml", FileFormat.XML),
        ("R.XML", FileFormat.XML),
        ("t.xlsx", FileFormat.XLSX),
        ("t.xlsm", FileFormat.XLSX),
    ],
)
def test_file_format_by_suffix(name: str, expected: FileFormat) -> None:
    assert file_format_of(name) is expected


@pytest.mark.parametrize("name", ["return.csv", "return", "return.xml.exe", "book.xls"])
def test_other_file_types_are_refused_naming_the_file(name: str) -> None:
    with pytest.raises(UploadRefusedError, match="is not a census file") as refused:
        file_format_of(name)
    assert str(refused.value).startswith(name)


def test_xml_and_xlsx_uploads_read_the_same_return() -> None:
    census = clean_return("873", 2023, workers=9)
    from_xml = read_upload(xml_bytes(census), "a.xml", max_bytes=10**7)
    from_xlsx = read_upload(xlsx_bytes(census), "a.xlsx", max_bytes=10**7)
    assert from_xml.file_format is FileFormat.XML
    assert from_xlsx.file_format is FileFormat.XLSX
    assert [w.items for w in from_xml.census.workers] == [w.items for w in from_xlsx.census.workers]
    assert from_xml.census.la_code == from_xlsx.census.la_code == "873"


def test_upload_limit_and_empty_files_are_refused() -> None:
    data = xml_bytes(clean_return("873", 2023))
    with pytest.raises(
        UploadRefusedError, match=r"^big.xml: is [\d,]+ bytes, over the 100 byte upload limit"
    ):
        read_upload(data, "big.xml", max_bytes=100)
    with pytest.raises(UploadRefusedError, match=r"^empty\.xlsx: is empty"):
        read_upload(b"", "empty.xlsx", max_bytes=100)


def test_stored_report_puts_errors_first_and_summarises_by_rule_and_item() -> None:
    issues = [
        {
            "record": 7,
            "swe_no": "SW1",
            "severity": "query",
            "code": "CSWW-R024",
            "field": "Cases30",
            "message": "m",
        },
        {
            "record": None,
            "swe_no": None,
            "severity": "query",
            "code": "CSWW-R011",
            "field": None,
            "message": "m",
        },
        {
            "record": 2,
            "swe_no": None,
            "severity": "error",
            "code": "CSWW-R022",
            "field": "FTE",
            "message": "m",
        },
        {
            "record": 9,
            "swe_no": None,
            "severity": "error",
            "code": "CSWW-R022",
            "field": "FTE",
            "message": "m",
        },
    ]
    report = report_of(issues, {"CSWW-R024 Cases30": "a specialist team"})
    assert [issue.severity for issue in report.issues] == ["error", "error", "query", "query"]
    first = report.summary[0]
    assert (first.code, first.field, first.count, first.records) == ("CSWW-R022", "FTE", 2, (2, 9))
    assert [issue.code for issue in report.shown("queries")] == ["CSWW-R024", "CSWW-R011"]
    assert report.explanation("CSWW-R024", "Cases30") == "a specialist team"
    assert "a specialist team" in report_csv(report)


def test_code_labels() -> None:
    assert label_for("OrgRole", "5") == "Case holder (5)"
    assert label_for("OrgRole", "99") == "99"
    assert label_for("SWENo", "SW1") == "SW1"
    assert label_for("OrgRole", "") == ""


def test_summary_jump_links_reach_the_page_of_the_first_issue_and_ids_are_unique() -> None:
    issues = [
        {
            "record": n,
            "swe_no": None,
            "severity": "query",
            "code": "CSWW-R024",
            "field": "Cases30",
            "message": "m",
        }
        for n in range(1, 6)
    ]
    issues.append(
        {
            "record": 9,
            "swe_no": None,
            "severity": "query",
            "code": "CSWW-R054",
            "field": "FTE",
            "message": "m",
        }
    )
    report = report_of(issues)
    fte_row = next(row for row in report.summary if row.code == "CSWW-R054")
    assert report.jump(fte_row, per_page=2) == "?show=queries&page=3#CSWW-R054-FTE"
    anchors = [anchor for _, anchor in report.anchored(report.issues) if anchor]
    assert anchors == ["CSWW-R024-Cases30", "CSWW-R054-FTE"]
