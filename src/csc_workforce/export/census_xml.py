"""Write a :class:`CensusReturn` as census XML in the schema's element order for its year."""

from __future__ import annotations

import xml.etree.ElementTree as ET  # writing only; parsing goes through ingest
from pathlib import Path

from csc_workforce.core.census.model import CensusReturn
from csc_workforce.core.census.registry import LA_ITEMS, WORKER_ITEMS, census_year

_HEADER_FIELDS = (
    ("Collection", "collection"),
    ("Year", "year"),
    ("ReferenceDate", "reference_date"),
)
_SOURCE_FIELDS = (
    ("SourceLevel", "source_level"),
    ("LEA", "lea"),
    ("SoftwareCode", "software_code"),
    ("DateTime", "date_time"),
)


def _ordered(items: dict[str, list[str]], order: list[str]) -> list[tuple[str, list[str]]]:
    """Known items in schema order, then any others in the order found (kept, not dropped)."""
    rank = {name: i for i, name in enumerate(order)}
    return sorted(items.items(), key=lambda kv: rank.get(kv[0], len(rank)))


def census_element(census: CensusReturn) -> ET.Element:
    root = ET.Element("Message")
    header = ET.SubElement(root, "Header")
    details = ET.SubElement(header, "CollectionDetails")
    for tag, attr in _HEADER_FIELDS:
        value = getattr(census.header, attr)
        if value is not None:
            ET.SubElement(details, tag).text = value
    source = ET.SubElement(header, "Source")
    for tag, attr in _SOURCE_FIELDS:
        value = getattr(census.header, attr)
        if value is not None:
            ET.SubElement(source, tag).text = value
    year = census.year
    block_name = census.la_block_name or (census_year(year).la_block_name if year else "LALevelVacancies")
    block = ET.SubElement(root, block_name)
    for name, values in _ordered(census.la_items, list(LA_ITEMS)):
        for value in values:
            ET.SubElement(block, name).text = value
    worker_order = list(WORKER_ITEMS)
    for worker in census.workers:
        element = ET.SubElement(root, "CSWWWorker")
        for name, values in _ordered(worker.items, worker_order):
            for value in values:
                ET.SubElement(element, name).text = value
    return root


def census_xml_bytes(census: CensusReturn) -> bytes:
    root = census_element(census)
    ET.indent(root)
    data: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=True)
    return data


def write_census_xml(census: CensusReturn, path: Path) -> None:
    """Write atomically: a partly written file never replaces a good one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(path.suffix + ".part")
    temporary.write_bytes(census_xml_bytes(census))
    temporary.replace(path)
