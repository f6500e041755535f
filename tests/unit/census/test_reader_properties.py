"""Property tests for the census XML reader: what a file says does not depend on how it is laid out,
and no sequence of bytes makes it crash (it reads, or raises our error naming the file)."""

from __future__ import annotations

import codecs
import dataclasses
import random
from xml.sax.saxutils import escape

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from csc_workforce.core.census.model import CensusReturn
from csc_workforce.core.census.registry import LA_ITEMS, WORKER_ITEMS, YEARS, ItemType
from csc_workforce.ingest.census_xlsx import read_census_xlsx_bytes
from csc_workforce.ingest.census_xml import read_census_xml_bytes
from csc_workforce.ingest.errors import UnreadableFileError
from tests.unit.convert.factories import generated_return

PADDING = st.sampled_from(["", " ", "  ", "\t", "\n", "\r\n", "\n\t ", " \r\n  "])
UNKNOWN_HEADER_ITEMS = ("Release", "SerialNo", "Supplier", "BatchId")
Element = tuple[str, "str | list[Element]"]


@dataclasses.dataclass(frozen=True)
class Layout:
    """How to write a return: every choice a supplier's software might make differently."""

    shuffle: bool = False
    padding: tuple[str, ...] = ("",)
    point_zero: bool = False
    unknown_header: tuple[str, ...] = ()
    bom: bool = False
    crlf: bool = False
    declaration: bool = False
    seed: int = 0


layouts = st.builds(
    Layout,
    shuffle=st.booleans(),
    padding=st.lists(PADDING, min_size=1, max_size=4).map(tuple),
    point_zero=st.booleans(),
    unknown_header=st.lists(st.sampled_from(UNKNOWN_HEADER_ITEMS), max_size=3, unique=True).map(tuple),
    bom=st.booleans(),
    crlf=st.booleans(),
    declaration=st.booleans(),
    seed=st.integers(0, 2**32),
)
returns = st.builds(
    generated_return, year=st.sampled_from(YEARS), workers=st.integers(1, 6), seed=st.integers(0, 10**6)
)
_WHOLE_NUMBER_TYPES = {ItemType.CODE, ItemType.INTEGER}


def _point_zero(name: str, value: str, layout: Layout) -> str:
    spec = WORKER_ITEMS.get(name) or LA_ITEMS.get(name)
    if layout.point_zero and spec is not None and spec.type in _WHOLE_NUMBER_TYPES and value.isdigit():
        return value + ".0"
    return value


def _shuffled(elements: list[Element], rng: random.Random, *, keep_repeats: bool = True) -> list[Element]:
    """A random order; values of a repeated item stay in their order (their order is their meaning)."""
    order = elements[:]
    rng.shuffle(order)
    if keep_repeats:
        queues: dict[str, list[Element]] = {}
        for element in elements:
            queues.setdefault(element[0], []).append(element)
        order = [queues[tag].pop(0) for tag, _ in order]
    return order


def _tree(census: CensusReturn, layout: Layout) -> Element:
    rng = random.Random(layout.seed)
    header = census.header
    details: list[Element] = [
        ("Collection", header.collection or ""),
        ("Year", (header.year or "") + (".0" if layout.point_zero else "")),
        ("ReferenceDate", header.reference_date or ""),
    ]
    source: list[Element] = [
        ("SourceLevel", header.source_level or ""),
        ("LEA", header.lea or ""),
        ("SoftwareCode", header.software_code or ""),
        ("DateTime", header.date_time or ""),
    ]
    for index, name in enumerate(layout.unknown_header):
        target = source if index % 2 else details
        target.insert(rng.randrange(len(target) + 1), (name, str(index)))
    header_element: Element = ("Header", [("CollectionDetails", details), ("Source", source)])

    def items(values: dict[str, list[str]]) -> list[Element]:
        elements: list[Element] = [
            (name, _point_zero(name, value, layout)) for name, found in values.items() for value in found
        ]
        return _shuffled(elements, rng) if layout.shuffle else elements

    la_element: Element = (census.la_block_name or "LALevelVacancies", items(census.la_items))
    workers: list[Element] = [("CSWWWorker", items(worker.items)) for worker in census.workers]
    top = workers[:]
    if layout.shuffle:  # header and LA block anywhere; workers keep their order (it is their position)
        top.insert(rng.randrange(len(top) + 1), la_element)
        top.insert(rng.randrange(len(top) + 1), header_element)
    else:
        top = [header_element, la_element, *top]
    return ("Message", top)


def _render(element: Element, layout: Layout, rng: random.Random) -> str:
    tag, content = element
    pad = layout.padding
    if isinstance(content, str):
        return f"<{tag}>{rng.choice(pad)}{escape(content)}{rng.choice(pad)}</{tag}>"
    inner = "".join(rng.choice(pad) + _render(child, layout, rng) for child in content)
    return f"<{tag}>{inner}{rng.choice(pad)}</{tag}>"


def render(census: CensusReturn, layout: Layout) -> bytes:
    text = _render(_tree(census, layout), layout, random.Random(layout.seed + 1))
    if layout.declaration:
        text = '<?xml version="1.0" encoding="UTF-8"?>\n' + text
    if layout.crlf:
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    data = text.encode("utf-8")
    return codecs.BOM_UTF8 + data if layout.bom else data


def meaning(census: CensusReturn) -> tuple[object, ...]:
    """What a return says: header items (unknown ones aside), LA items and each worker's items."""
    header = dataclasses.replace(census.header, extra={})
    return header, census.la_block_name, census.la_items, [(w.position, w.items) for w in census.workers]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(census=returns, layout=layouts)
def test_layout_does_not_change_what_the_file_says(census: CensusReturn, layout: Layout) -> None:
    plain = read_census_xml_bytes(render(census, Layout()), "plain.xml")
    varied = read_census_xml_bytes(render(census, layout), "varied.xml")
    assert meaning(varied) == meaning(plain)
    assert meaning(plain) == meaning(census)
    assert set(varied.header.extra) == set(layout.unknown_header)
    noted = {note.field for note in varied.notes if note.record is None}
    assert set(layout.unknown_header) <= noted


@settings(max_examples=50, deadline=None)
@given(census=returns)
def test_point_zero_is_read_as_the_whole_number(census: CensusReturn) -> None:
    varied = read_census_xml_bytes(render(census, Layout(point_zero=True)), "t.xml")
    assert meaning(varied) == meaning(census)


def _refused_cleanly(data: bytes, name: str) -> None:
    try:
        read_census_xml_bytes(data, name)
    except UnreadableFileError as error:
        assert str(error).startswith(f"{name}: ")
        assert error.path == name


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=3000))
def test_arbitrary_bytes_never_crash_the_reader(data: bytes) -> None:
    _refused_cleanly(data, "fuzz.xml")


@settings(max_examples=200, deadline=None)
@given(
    census=returns,
    cut=st.floats(0, 1),
    insert=st.binary(min_size=0, max_size=12),
    where=st.floats(0, 1),
)
def test_damaged_census_files_never_crash_the_reader(
    census: CensusReturn, cut: float, insert: bytes, where: float
) -> None:
    data = render(census, Layout())
    at = int(len(data) * where)
    damaged = data[:at] + insert + data[at:]
    _refused_cleanly(damaged[: max(1, int(len(damaged) * cut))] if cut < 1 else damaged, "damaged.xml")


@settings(max_examples=150, deadline=None)
@given(text=st.text(alphabet=st.sampled_from("<>/!?&;=\"' MessageCSWWorkerDOCTYPE[]-x\n\x00é"), max_size=200))
def test_markup_like_text_never_crashes_the_reader(text: str) -> None:
    for encoding in ("utf-8", "utf-16"):
        _refused_cleanly(text.encode(encoding, errors="ignore"), "markup.xml")


@settings(max_examples=100, deadline=None)
@given(data=st.binary(max_size=2000), zip_like=st.booleans())
def test_arbitrary_bytes_never_crash_the_workbook_reader(data: bytes, zip_like: bool) -> None:
    payload = b"PK\x03\x04" + data if zip_like else data
    try:
        read_census_xlsx_bytes(payload, "fuzz.xlsx")
    except UnreadableFileError as error:
        assert str(error).startswith("fuzz.xlsx: ")
