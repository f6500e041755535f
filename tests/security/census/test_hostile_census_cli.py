"""Hostile and broken files given to ``validate`` and ``convert``: exit 2, the message names the file,
nothing is written, no traceback."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from csc_workforce.export.census_xlsx import census_xlsx_bytes
from tests.integration.census.cli import run_cli, write
from tests.unit.census.clean import clean_return

pytestmark = pytest.mark.security

HOSTILE_XML = {
    "entities.xml": b'<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
    b"<Message><Header>&b;</Header></Message>",
    "external.xml": b'<!DOCTYPE Message [<!ENTITY x SYSTEM "file:///etc/passwd">]><Message>&x;</Message>',
    "truncated.xml": b"<Message><Header><CollectionDetails><Year>2022</Year>",
    "empty.xml": b"",
    "image.xml": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00",
    "spreadsheet.xml": b"SWENo,FTE\nSW1,1\n",
}


def _workbook_with(extra: dict[str, bytes]) -> bytes:
    base = census_xlsx_bytes(clean_return(2023))
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(base)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            target.writestr(member, source.read(member))
        for name, data in extra.items():
            target.writestr(name, data)
    return out.getvalue()


def zip_bomb() -> bytes:
    return _workbook_with({"xl/media/padding.bin": b"\0" * (40 * 1024 * 1024)})


def external_link() -> bytes:
    link = (
        b'<?xml version="1.0" encoding="UTF-8"?><externalLink xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main"><externalBook r:id="rId1" xmlns:r="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/relationships"/></externalLink>'
    )
    rels = (
        b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        b'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/relationships/externalLinkPath" Target="file:///C:/secret/pay.xlsx" '
        b'TargetMode="External"/></Relationships>'
    )
    return _workbook_with(
        {"xl/externalLinks/externalLink1.xml": link, "xl/externalLinks/_rels/externalLink1.xml.rels": rels}
    )


def entity_workbook() -> bytes:
    return _workbook_with({"docProps/custom.xml": b'<!DOCTYPE x [<!ENTITY e "e">]><x>&e;</x>'})


def _document_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("word/document.xml", "<w/>")
    return out.getvalue()


HOSTILE_XLSX = {
    "bomb.xlsx": zip_bomb,
    "linked.xlsx": external_link,
    "entities.xlsx": entity_workbook,
    "truncated.xlsx": lambda: census_xlsx_bytes(clean_return(2023))[:900],
    "old.xlsx": lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512,
    "text.xlsx": lambda: b"just text",
    "empty.xlsx": lambda: b"",
    "document.xlsx": _document_zip,
}


@pytest.mark.parametrize("name", sorted(HOSTILE_XML))
def test_validate_refuses_hostile_xml(name: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_bytes(HOSTILE_XML[name])
    result = run_cli("validate", path, "--format", "json")
    assert result.exit_code == 2
    assert name in result.stderr
    (file,) = json.loads(result.stdout)["files"]
    assert [issue["code"] for issue in file["issues"]] == ["CSWW-R001"]
    assert name in file["issues"][0]["message"]
    text = run_cli("validate", path)
    assert text.exit_code == 2
    assert name in text.stderr


def test_validate_refuses_a_huge_file_before_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "huge.xml"
    with path.open("wb") as handle:  # sparse: 300 MB on paper, nothing on disk
        handle.truncate(300 * 1024 * 1024)
    result = run_cli("validate", path)
    assert result.exit_code == 2
    assert "huge.xml" in result.stderr
    assert "limit" in result.stderr


def test_one_hostile_file_in_a_folder_does_not_stop_the_others(tmp_path: Path) -> None:
    write(clean_return(2022), tmp_path / "good.xml")
    (tmp_path / "evil.xml").write_bytes(HOSTILE_XML["external.xml"])
    result = run_cli("validate", tmp_path, "--format", "json")
    assert result.exit_code == 2
    files = {Path(file["path"]).name: file for file in json.loads(result.stdout)["files"]}
    assert files["good.xml"]["workers"] == 3
    assert files["good.xml"]["issues"] == []
    assert files["evil.xml"]["issues"][0]["code"] == "CSWW-R001"


@pytest.mark.parametrize("name", sorted(HOSTILE_XLSX))
def test_convert_refuses_hostile_workbooks(name: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_bytes(HOSTILE_XLSX[name]())
    output = tmp_path / "out.xml"
    result = run_cli("convert", path, "--to", "xml", "--output", output)
    assert result.exit_code == 2
    assert name in result.stderr
    assert "Traceback" not in result.stderr
    assert not output.exists()


def test_external_link_refusal_says_why(tmp_path: Path) -> None:
    path = tmp_path / "linked.xlsx"
    path.write_bytes(external_link())
    result = run_cli("convert", path, "--to", "xml", "--output", tmp_path / "o.xml")
    assert "external links" in result.stderr


def test_zip_bomb_refusal_says_why(tmp_path: Path) -> None:
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(zip_bomb())
    result = run_cli("convert", path, "--to", "csv", "--output", tmp_path / "o.csv")
    assert "zip bomb" in result.stderr


@pytest.mark.parametrize("name", sorted(HOSTILE_XLSX))
def test_validate_refuses_hostile_workbooks(name: str, tmp_path: Path) -> None:
    path = tmp_path / name
    path.write_bytes(HOSTILE_XLSX[name]())
    result = run_cli("validate", tmp_path, "--format", "json")
    assert result.exit_code == 2
    assert name in result.stderr
    (file,) = json.loads(result.stdout)["files"]
    assert [issue["code"] for issue in file["issues"]] == ["CSWW-R001"]
