from __future__ import annotations

from pathlib import Path

import pytest

from csc_workforce.ingest.census_xml import read_census_xml, read_census_xml_bytes
from csc_workforce.ingest.errors import UnreadableFileError
from csc_workforce.ingest.paths import census_files

HEADER = (
    "<Header><CollectionDetails><Collection>CSWW</Collection><Year>2022</Year>"
    "<ReferenceDate>2022-09-30</ReferenceDate></CollectionDetails>"
    "<Source><SourceLevel>L</SourceLevel><LEA>301</LEA><SoftwareCode>x</SoftwareCode>"
    "<DateTime>2022-10-01T09:00:00</DateTime></Source></Header>"
)
LA = (
    "<LALevelVacancies><NumberOfVacancies>3.5</NumberOfVacancies><NoAgencyFTE>1</NoAgencyFTE>"
    "<NoAgencyHeadcount>1</NoAgencyHeadcount></LALevelVacancies>"
)
WORKER = (
    "<CSWWWorker><AgencyWorker>0</AgencyWorker><SWENo>SW123456</SWENo><FTE>0.5</FTE>"
    "<OrgRole>5</OrgRole><Cases30>12</Cases30></CSWWWorker>"
)


def read(text: str | bytes) -> object:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return read_census_xml_bytes(data, "test.xml")


def test_reads_header_la_block_and_workers() -> None:
    census = read_census_xml_bytes(f"<Message>{HEADER}{LA}{WORKER}{WORKER}</Message>".encode(), "t.xml")
    assert census.la_code == "301"
    assert census.year == 2022
    assert census.header.reference_date == "2022-09-30"
    assert census.la_block_name == "LALevelVacancies"
    assert census.la_items["NumberOfVacancies"] == ["3.5"]
    assert [w.position for w in census.workers] == [1, 2]
    assert census.workers[0].items["OrgRole"] == ["5"]
    assert census.notes == []


def test_element_order_does_not_matter() -> None:
    reordered_worker = (
        "<CSWWWorker><Cases30>12</Cases30><OrgRole>5</OrgRole><FTE>0.5</FTE>"
        "<SWENo>SW123456</SWENo><AgencyWorker>0</AgencyWorker></CSWWWorker>"
    )
    first = read_census_xml_bytes(f"<Message>{HEADER}{LA}{WORKER}</Message>".encode(), "t")
    second = read_census_xml_bytes(f"<Message>{reordered_worker}{LA}{HEADER}</Message>".encode(), "t")
    assert first.header == second.header
    assert first.la_items == second.la_items
    assert first.workers[0].items == second.workers[0].items


def test_tolerances_are_normalised_with_notes() -> None:
    worker = (
        "<CSWWWorker><AgencyWorker> 0.0 </AgencyWorker><SWENo>sw12</SWENo><FTE>\n1\n</FTE>"
        "<OrgRole>Case Holder</OrgRole><Ethnicity>wbri</Ethnicity><QualInst></QualInst>"
        "<ReasonAbsence>sic</ReasonAbsence><StepUpGrad>true</StepUpGrad><Cases30>1,200.0</Cases30>"
        "<BaseSalary>35,000.00</BaseSalary></CSWWWorker>"
    )
    header = HEADER.replace("<SoftwareCode>", "<Release>1</Release><SerialNo>9</SerialNo><SoftwareCode>")
    census = read_census_xml_bytes(f"<Message>{header}{LA}{worker}</Message>".encode(), "t")
    items = census.workers[0].items
    assert items == {
        "AgencyWorker": ["0"],
        "SWENo": ["SW12"],
        "FTE": ["1"],
        "OrgRole": ["5"],
        "Ethnicity": ["WBRI"],
        "ReasonAbsence": ["SIC"],
        "StepUpGrad": ["1"],
        "Cases30": ["1200"],
        "BaseSalary": ["35000.00"],
    }
    fields = {note.field for note in census.notes}
    assert {"Release", "SerialNo", "OrgRole", "Ethnicity", "SWENo", "StepUpGrad", "Cases30"} <= fields
    assert census.header.extra == {"Release": "1", "SerialNo": "9"}
    assert census.header.lea == "301"
    assert any("label" in note.message and note.record == 1 for note in census.notes)
    # The SWE number itself never appears in a note.
    assert not any("sw12" in note.message.lower() for note in census.notes)


def test_unknown_values_are_kept_for_the_rules_to_report() -> None:
    worker = "<CSWWWorker><OrgRole>99</OrgRole><Mystery>x</Mystery><FTE>abc</FTE></CSWWWorker>"
    census = read_census_xml_bytes(f"<Message>{HEADER}{LA}{worker}</Message>".encode(), "t")
    assert census.workers[0].items == {"OrgRole": ["99"], "Mystery": ["x"], "FTE": ["abc"]}


def test_repeatable_items_keep_every_value_in_order() -> None:
    worker = "<CSWWWorker><ContractWeeks>4</ContractWeeks><ContractWeeks>8.5</ContractWeeks></CSWWWorker>"
    census = read_census_xml_bytes(f"<Message>{HEADER}{LA}{worker}</Message>".encode(), "t")
    assert census.workers[0].items["ContractWeeks"] == ["4", "8.5"]


def test_bom_crlf_and_declared_encodings() -> None:
    text = f'<?xml version="1.0" encoding="ENC"?>\r\n<Message>\r\n{HEADER}{LA}{WORKER}</Message>\r\n'
    text = text.replace("<SoftwareCode>x", "<SoftwareCode>Café")
    expected = read_census_xml_bytes(text.replace("ENC", "utf-8").encode(), "t")
    for encoding, data in [
        ("utf-8", b"\xef\xbb\xbf" + text.replace("ENC", "utf-8").encode("utf-8")),
        ("windows-1252", text.replace("ENC", "windows-1252").encode("cp1252")),
        ("iso-8859-1", text.replace("ENC", "iso-8859-1").encode("latin-1")),
        ("utf-16", text.replace("ENC", "utf-16").encode("utf-16")),
        ("utf-16-be", text.replace("ENC", "UTF-16BE").encode("utf-16-be")),
    ]:
        census = read_census_xml_bytes(data, "t")
        assert census.header == expected.header, encoding
        assert census.header.software_code == "Café"
        assert census.workers[0].items == expected.workers[0].items


def test_datatime_spelling_and_namespace_tolerated() -> None:
    text = f'<Message xmlns="urn:x">{HEADER.replace("DateTime", "DataTime")}{LA}{WORKER}</Message>'
    census = read_census_xml_bytes(text.encode(), "t")
    assert census.header.date_time == "2022-10-01T09:00:00"
    assert census.workers[0].items["OrgRole"] == ["5"]
    assert census.la_block_name == "LALevelVacancies"


def test_year_fallback_is_not_guessed_by_the_reader() -> None:
    census = read_census_xml_bytes(f"<Message>{LA}{WORKER}</Message>".encode(), "t")
    assert census.year is None
    assert census.la_code is None


def test_repeated_la_block_is_noted_and_merged() -> None:
    census = read_census_xml_bytes(f"<Message>{HEADER}{LA}{LA}{WORKER}</Message>".encode(), "t")
    assert census.la_items["NoAgencyFTE"] == ["1", "1"]
    assert any(note.field == "LALevelVacancies" for note in census.notes)


def test_read_from_path_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "return.xml"
    path.write_text(f"<Message>{HEADER}{LA}{WORKER}</Message>")
    assert read_census_xml(path).source == str(path)
    missing = tmp_path / "absent.xml"
    with pytest.raises(UnreadableFileError, match=r"absent\.xml"):
        read_census_xml(missing)
    with pytest.raises(UnreadableFileError, match="folder"):
        read_census_xml(tmp_path)


def test_census_files_expands_folders_sorted(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.xml").write_text("<Message/>")
    (tmp_path / "a.XML").write_text("<Message/>")
    (tmp_path / "notes.txt").write_text("x")
    single = tmp_path / "single.dat"
    single.write_text("x")
    found = census_files([tmp_path, single, tmp_path / "a.XML"])
    assert found == [tmp_path / "a.XML", tmp_path / "b" / "z.xml", single]
    with pytest.raises(UnreadableFileError, match="nowhere"):
        census_files([tmp_path / "nowhere"])
