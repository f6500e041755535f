"""Read a CSWW census return (any year 2017-2025) from XML, safely and tolerantly.

Safety (census.md section 13, ``ingest.guard``): the size limit is checked before reading; expat
refuses any DOCTYPE or entity declaration before the tree is built, so there is no DTD, no entity
expansion and no network or file access from inside the XML; values over the length limit are
refused; the header walk is bounded in depth; any failure inside the parser is the same refusal
naming the file. Files in encodings that are not ASCII-compatible are decoded first.

Tolerance: any element order, unknown header children (ignored with a note), whitespace trimmed,
empty element = absent, ``1.0`` for ``1``, labels for codes, letter case, a byte-order mark, CRLF,
other declared encodings. Speed matters (a national run reads 200,000+ workers): the stdlib C parser
builds the tree and each distinct raw value is normalised once per file.
"""

from __future__ import annotations

import codecs
import gc
import re
import xml.etree.ElementTree as ET  # safe here: guard.check_xml refuses declarations first
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Final

from csc_workforce.core.census.model import CensusHeader, CensusReturn, ReadNote, SourcePlaces, WorkerRecord
from csc_workforce.core.census.normalise import ITEM_NORMALISERS, Normalised
from csc_workforce.core.census.validation import REPEATED_LA_BLOCK_NOTE
from csc_workforce.core.census.values import normalise_number_text
from csc_workforce.ingest.errors import UnreadableFileError
from csc_workforce.ingest.guard import (
    DEFAULT_LIMITS,
    InputLimits,
    WorkBudget,
    check_value,
    check_xml,
    guarded,
    read_file,
)
from csc_workforce.ingest.xml_places import element_lines

DEFAULT_MAX_BYTES: Final = 200 * 1024 * 1024
LA_BLOCK_NAMES: Final = ("LALevelVacancies", "LALevel")

_DECLARED_ENCODING: Final = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_ASCII_SAFE: Final = frozenset({"utf-8", "ascii"})
_HEADER_FIELDS: Final = {
    "Collection": "collection",
    "Year": "year",
    "ReferenceDate": "reference_date",
    "SourceLevel": "source_level",
    "LEA": "lea",
    "SoftwareCode": "software_code",
    "DateTime": "date_time",
}
_HEADER_CONTAINERS: Final = frozenset({"CollectionDetails", "Source"})
_MAX_HEADER_DEPTH: Final = 8
_FEED_CHUNK: Final = 1024 * 1024


def read_census_xml(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> CensusReturn:
    """Read one census XML file; :class:`UnreadableFileError` (naming the file) when it cannot be."""
    data = read_file(path, DEFAULT_LIMITS.with_max_bytes(max_bytes))
    return read_census_xml_bytes(data, str(path), max_bytes=max_bytes)


def read_census_xml_bytes(data: bytes, source: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> CensusReturn:
    """Read census XML held in memory; ``source`` names it in messages and in the result."""
    if len(data) > max_bytes:
        raise UnreadableFileError(source, f"is over the {max_bytes:,} byte limit")
    limits = DEFAULT_LIMITS.with_max_bytes(max_bytes)
    # The reader makes no reference cycles; pausing the cyclic collector while a large tree is
    # built and walked halves the time (it would otherwise rescan every element many times).
    with guarded(source, limits) as budget, _collector_paused():
        root = _parse(data, source, budget, limits)
        census = _Builder(source, budget, limits).build(root)
        _add_lines(census, data)
    return census


def _add_lines(census: CensusReturn, data: bytes) -> None:
    """Each worker's line and the LA-level block's, for the report (see ``xml_places``)."""
    lines = element_lines(_decoded(data, census.source))
    workers = lines.get("CSWWWorker", [])
    if len(workers) == len(census.workers):
        for worker, line in zip(census.workers, workers, strict=True):
            worker.line = line
    block = lines.get(census.la_block_name or "", [])
    if block:
        census.places.la_places.update(dict.fromkeys(census.la_items, f"line {block[0]}"))


@contextmanager
def _collector_paused() -> Iterator[None]:
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# --- bytes to element tree ---------------------------------------------------------------------


def _parse(data: bytes, source: str, budget: WorkBudget, limits: InputLimits) -> ET.Element:
    if not data.strip():
        raise UnreadableFileError(source, "is empty")
    document = _decoded(data, source)
    check_xml(document, source, budget, limits)  # expat refuses any DOCTYPE or entity declaration
    parser = ET.XMLParser()  # noqa: S314 - check_xml refused declarations: no DTD, entities or network
    try:
        for start in range(0, len(document), _FEED_CHUNK):  # a megabyte at a time: CPU time is checked
            parser.feed(document[start : start + _FEED_CHUNK])
            budget.check()
        root = parser.close()
    except ET.ParseError as error:
        raise UnreadableFileError(
            source, f"is not well-formed XML (truncated, damaged or not an XML file): {error}"
        ) from None
    except (ValueError, LookupError, UnicodeError) as error:
        raise UnreadableFileError(source, f"cannot be decoded as XML text: {error}") from None
    tag = _local(root.tag)
    if tag != "Message":
        raise UnreadableFileError(
            source, f"is not a CSWW census return: the root element is <{tag}>, expected <Message>"
        )
    return root


def _decoded(data: bytes, source: str) -> bytes | str:
    """UTF-8/ASCII bytes are passed through; anything else becomes text (scan and parser agree)."""
    encoding: str | None = None
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        encoding = "utf-32"
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith(b"<\x00") and data[2:3] != b"\x00":
        encoding = "utf-16-le"
    elif data.startswith(b"\x00<"):
        encoding = "utf-16-be"
    else:
        match = _DECLARED_ENCODING.match(data[:400])
        if match:
            declared = match.group(1).decode("ascii")
            try:
                name = codecs.lookup(declared).name
            except LookupError:
                raise UnreadableFileError(source, f"declares an unknown encoding {declared!r}") from None
            if name not in _ASCII_SAFE:
                encoding = name
    if encoding is None:
        if b"\x00" in data:
            raise UnreadableFileError(source, "is not a text file (it holds binary data)")
        return data
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        raise UnreadableFileError(source, f"is not valid {encoding} text") from None
    text = text.removeprefix("\ufeff")
    if "\x00" in text:
        raise UnreadableFileError(source, "is not a text file (it holds binary data)")
    return text


def _local(tag: object) -> str:
    """The element name without a namespace; comments and processing instructions give ''."""
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[1] if tag.startswith("{") else tag


# --- value normalisation -----------------------------------------------------------------------


# --- element tree to CensusReturn --------------------------------------------------------------


class _Builder:
    """Walks the tree once; each distinct (item, raw text) is normalised once (see ``_NORMALISED``)."""

    def __init__(self, source: str, budget: WorkBudget, limits: InputLimits) -> None:
        self.source = source
        self.budget = budget
        self.limits = limits
        self.notes: list[ReadNote] = []
        self.namespaced = False
        self.la_typed: dict[tuple[str, int], str] = {}

    def build(self, root: ET.Element) -> CensusReturn:
        self.namespaced = isinstance(root.tag, str) and root.tag.startswith("{")
        if self.namespaced:  # rare: drop the namespace once so the walk below sees plain names
            for element in root.iter():
                element.tag = _local(element.tag)
        header = CensusHeader()
        header_seen = False
        block_name: str | None = None
        la_items: dict[str, list[str]] = {}
        workers: list[WorkerRecord] = []
        for child in root:
            tag = _local(child.tag) if self.namespaced else child.tag
            if tag == "CSWWWorker":
                self.budget.tick()
                workers.append(self._worker(child, len(workers) + 1))
            elif tag in LA_BLOCK_NAMES:
                if block_name is not None:
                    self.notes.append(
                        ReadNote(f"{REPEATED_LA_BLOCK_NOTE}: <{tag}> after <{block_name}>", None, tag)
                    )
                else:
                    block_name = tag
                self._items(child, la_items, None, self.la_typed)
            elif tag == "Header":
                if header_seen:
                    self.notes.append(ReadNote("a second <Header> was ignored", None, "Header"))
                else:
                    header_seen = True
                    self._header(child, header)
            elif tag:
                self.notes.append(
                    ReadNote(f"unknown element <{tag}> at the top level was ignored", None, tag)
                )
        if self.namespaced:
            self.notes.append(ReadNote("the XML namespace on the elements was ignored", None, None))
        return CensusReturn(
            source=self.source,
            header=header,
            la_block_name=block_name,
            la_items=la_items,
            workers=workers,
            notes=self.notes,
            places=SourcePlaces(la_typed=self.la_typed),
        )

    def _header(self, element: ET.Element, header: CensusHeader, depth: int = 1) -> None:
        if depth > _MAX_HEADER_DEPTH:  # a bounded walk: a file nesting <Source> thousands deep is hostile
            raise UnreadableFileError(
                self.source, f"nests <Header> containers more than {_MAX_HEADER_DEPTH} deep"
            )
        for child in element:
            tag = _local(child.tag) if self.namespaced else child.tag
            if tag in _HEADER_CONTAINERS:
                self._header(child, header, depth + 1)
                continue
            if not tag:
                continue
            self._check_length(child.text, tag)
            text = (child.text or "").strip() or None
            if tag == "DataTime":
                self.notes.append(ReadNote("header <DataTime> read as <DateTime>", None, tag))
                tag = "DateTime"
            attribute = _HEADER_FIELDS.get(tag)
            if attribute is None:
                header.extra[tag] = text or ""
                self.notes.append(
                    ReadNote(f"header item <{tag}> is not a CSWW item and was ignored", None, tag)
                )
            elif text is not None:
                if getattr(header, attribute) is not None:
                    self.notes.append(
                        ReadNote(f"header item <{tag}> repeated; the first was kept", None, tag)
                    )
                    continue
                setattr(header, attribute, normalise_number_text(text) if tag == "Year" else text)

    def _worker(self, element: ET.Element, position: int) -> WorkerRecord:
        items: dict[str, list[str]] = {}
        typed: dict[tuple[str, int], str] = {}
        self._items(element, items, position, typed)
        return WorkerRecord(position, items, typed or None)

    def _items(
        self,
        element: ET.Element,
        items: dict[str, list[str]],
        position: int | None,
        typed: dict[tuple[str, int], str],
    ) -> None:
        # The hot loop of a national run (millions of elements): a census item whose raw text was
        # seen before costs two dictionary lookups; anything else takes the slow path.
        cache = _NORMALISED
        for child in element:
            tag = child.tag
            known = cache.get(tag)
            if known is None:
                self._other_item(child, items, position)
                continue
            text = child.text
            result = known.get(text)
            if result is None:
                self._check_length(text, tag)
                result = known[text] = _normalised(tag, text)
            value, note = result
            if value is None:
                if len(child):
                    self._nested(tag, position)
                continue  # empty element = absent
            existing = items.get(tag)
            if note is not None:
                self.notes.append(ReadNote(note, position, tag))
                typed[(tag, len(existing) if existing else 0)] = text.strip() if text else ""
            if existing is None:
                items[tag] = [value]
            else:
                existing.append(value)

    def _other_item(self, child: ET.Element, items: dict[str, list[str]], position: int | None) -> None:
        """An element that is not a census item: its text is kept raw for the rules to report (R028)."""
        tag = _local(child.tag)
        if not tag:
            return
        text = child.text
        if text is None or not text.strip():
            if len(child):
                self._nested(tag, position)
            return
        self._check_length(text, tag)
        items.setdefault(tag, []).append(text.strip())

    def _check_length(self, text: str | None, tag: str) -> None:
        if text is not None and len(text) > self.limits.max_value_chars:
            check_value(text, self.source, f"<{tag}>", self.limits)

    def _nested(self, tag: str, position: int | None) -> None:
        self.notes.append(ReadNote(f"<{tag}> holds nested elements, which were ignored", position, tag))


# Normalised values depend only on the item and the raw text, so every file shares one cache (a
# national run meets the same dates, codes and numbers again and again); bounded, to cap memory.
_NORMALISED: Final[dict[str, dict[str | None, Normalised]]] = {name: {} for name in ITEM_NORMALISERS}
_NORMALISED_LIMIT: Final = 100_000


def _normalised(tag: str, text: str | None) -> Normalised:
    cache = _NORMALISED[tag]
    if len(cache) > _NORMALISED_LIMIT:
        cache.clear()
    if text is None:
        return None, None
    return ITEM_NORMALISERS[tag](text)
