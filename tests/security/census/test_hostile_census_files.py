"""Hostile and broken files are refused with a message naming the file, never a traceback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from csc_workforce.ingest.census_xml import read_census_xml, read_census_xml_bytes
from csc_workforce.ingest.errors import UnreadableFileError

pytestmark = pytest.mark.security

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>
<Message><Header><CollectionDetails><Year>&lol4;</Year></CollectionDetails></Header></Message>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE Message [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<Message><Header><Source><LEA>&xxe;</LEA></Source></Header></Message>"""

NETWORK_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE Message SYSTEM "http://127.0.0.1:9/evil.dtd">
<Message/>"""

PARAMETER_ENTITY = b"""<!DOCTYPE m [<!ENTITY % p SYSTEM "http://127.0.0.1:9/x"> %p;]><Message/>"""

UTF16_DOCTYPE = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE m [<!ENTITY a "b">]><Message/>'.encode(
    "utf-16"
)
EBCDIC_DOCTYPE = b'<?xml version="1.0" encoding="cp500"?>' + "<!DOCTYPE m><Message/>".encode("cp500")


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (BILLION_LAUGHS, "DOCTYPE"),
        (EXTERNAL_ENTITY, "DOCTYPE"),
        (NETWORK_DTD, "DOCTYPE"),
        (PARAMETER_ENTITY, "DOCTYPE"),
        (UTF16_DOCTYPE, "DOCTYPE"),
        # Its declaration is not cp500 text, so the decoded file is not XML at all.
        (EBCDIC_DOCTYPE, "not well-formed"),
        # An entity declaration outside a DTD is not XML: expat refuses it as such.
        (b"<Message><!ENTITY a 'b'></Message>", "not well-formed"),
        (b"", "empty"),
        (b"  \r\n\t ", "empty"),
        (b"<Message><Header><Source><LEA>301</LEA>", "not well-formed"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"PK\x03\x04\x14\x00\x06\x00", "binary"),
        (b"SWENo,FTE\nSW1,1\n", "not well-formed"),
        (b"<html><body>hello</body></html>", "root element is <html>"),
        (b"<Message>&undefined;</Message>", "not well-formed"),
        (b'<?xml version="1.0" encoding="klingon"?><Message/>', "unknown encoding"),
        (b"\xff\xfe<\x00M\x00\x00\xd8", "utf-16"),
    ],
)
def test_hostile_or_broken_bytes_are_refused(data: bytes, expected: str) -> None:
    with pytest.raises(UnreadableFileError) as caught:
        read_census_xml_bytes(data, "hostile.xml")
    assert str(caught.value).startswith("hostile.xml: ")
    assert expected.lower() in str(caught.value).lower()


def test_doctype_inside_a_comment_is_harmless() -> None:
    census = read_census_xml_bytes(b"<!-- <!DOCTYPE x> --><Message><![CDATA[<!x>]]></Message>", "c.xml")
    assert census.workers == []


def test_size_limit_is_checked_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.xml"
    with path.open("wb") as handle:  # sparse: no need to write the bytes
        handle.truncate(300 * 1024 * 1024)
    with pytest.raises(UnreadableFileError, match=r"huge\.xml.*limit"):
        read_census_xml(path)
    small = tmp_path / "small.xml"
    small.write_bytes(b"<Message>" + b"<CSWWWorker/>" * 100 + b"</Message>")
    with pytest.raises(UnreadableFileError, match="limit"):
        read_census_xml(small, max_bytes=100)
    with pytest.raises(UnreadableFileError, match="limit"):
        read_census_xml_bytes(small.read_bytes(), "small.xml", max_bytes=100)


@pytest.mark.skipif(not hasattr(os, "mkfifo") or os.geteuid() == 0, reason="needs unreadable files")
def test_unreadable_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "locked.xml"
    path.write_text("<Message/>")
    path.chmod(0)
    try:
        with pytest.raises(UnreadableFileError, match=r"locked\.xml"):
            read_census_xml(path)
    finally:
        path.chmod(0o600)
