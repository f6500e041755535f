"""The line scan of census XML agrees with the file's real lines, and skips comments and CDATA."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from csc_workforce.ingest.census_xml import read_census_xml_bytes
from csc_workforce.ingest.xml_places import element_lines

_GAP = st.sampled_from(["", "\n", "\n\n", "  ", "\r\n", "<!-- <CSWWWorker> -->", "<!--\n\n-->"])


@given(st.lists(st.tuples(_GAP, st.booleans()), min_size=1, max_size=12))
def test_worker_lines_are_the_lines_of_their_start_tags(parts: list[tuple[str, bool]]) -> None:
    pieces = ["<?xml version='1.0'?>\n<Message><Header><Year>2026</Year></Header>"]
    for gap, cdata in parts:
        body = "<![CDATA[<CSWWWorker>]]>" if cdata else "x"
        pieces.append(f"{gap}<CSWWWorker><SWENo>SW1</SWENo><QualInst>{body}</QualInst></CSWWWorker>")
    document = "".join(pieces) + "<LALevel/></Message>"
    # Comments and CDATA hold decoy tags: count only the real ones, by removing the decoys first.
    real = []
    for number, text in enumerate(document.replace("\r\n", "\n").split("\n"), start=1):
        cleaned = text.replace("<!-- <CSWWWorker> -->", "").replace("<![CDATA[<CSWWWorker>]]>", "")
        real.extend([number] * cleaned.count("<CSWWWorker>"))
    assert element_lines(document.encode())["CSWWWorker"] == real
    census = read_census_xml_bytes(document.encode(), "t.xml")
    assert [worker.line for worker in census.workers] == real


def test_namespaced_and_utf16_documents() -> None:
    document = '<m:Message xmlns:m="urn:x">\n<m:CSWWWorker>\n</m:CSWWWorker>\n\n<m:CSWWWorker/></m:Message>'
    assert element_lines(document)["CSWWWorker"] == [2, 5]
    encoded = (
        '<?xml version="1.0" encoding="utf-16"?>\n<Message>\n<CSWWWorker><SWENo>SW1</SWENo>'
        "</CSWWWorker></Message>"
    ).encode("utf-16")
    assert [worker.line for worker in read_census_xml_bytes(encoded, "u.xml").workers] == [3]
