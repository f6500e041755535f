"""The census return as read from any source (XML or the XLSX template), before typing.

Every reader (``ingest``) produces a :class:`CensusReturn`; every writer (``export``) consumes one.
Values are kept as the normalised strings found in the file (trimmed, codes upper-cased and mapped
from labels, "1.0" written as "1"), so that validation can report the value it saw and a round trip
keeps every item. Typing happens in the validation rules and in ``analytics.canonical``.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class ReadNote:
    """Something the reader normalised or ignored (severity ``info``), kept for the report."""

    message: str
    record: int | None = None
    field: str | None = None


@dataclass(slots=True)
class WorkerRecord:
    """One ``CSWWWorker`` element.

    ``position`` is the 1-based position of the worker in the file. ``items`` maps each census
    item name to the values found, in file order (most items hold one value; a few may repeat).
    ``typed`` keeps, by (item, index in ``items[item]``), the text as written in the file wherever
    the reader changed it ("Team manager" read as a code, 31/03/2024 read as 2024-03-31).
    ``row`` is the worker's sheet row in a workbook, ``line`` the line of its element in XML.
    """

    position: int
    items: dict[str, list[str]] = field(default_factory=dict)
    # Where and how the values were written: not part of the record's content (equality ignores it).
    typed: dict[tuple[str, int], str] | None = field(default=None, compare=False)
    row: int | None = field(default=None, compare=False)
    line: int | None = field(default=None, compare=False)

    def value(self, item: str) -> str | None:
        """The first value of ``item``, or None when the item is absent."""
        values = self.items.get(item)
        return values[0] if values else None

    def keep_typed(self, item: str, index: int, text: str) -> None:
        """Record the text as written of ``items[item][index]``, which the reader changed."""
        if self.typed is None:
            self.typed = {}
        self.typed[(item, index)] = text


@dataclass(slots=True)
class CensusHeader:
    """The ``Header`` of a return. Unknown header children are kept in ``extra``."""

    collection: str | None = None
    year: str | None = None
    reference_date: str | None = None
    source_level: str | None = None
    lea: str | None = None
    software_code: str | None = None
    date_time: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class SourcePlaces:
    """Where things are in the file, for reports: sheet and columns of a workbook, or XML lines.

    ``worker_sheet`` and ``columns`` (item -> column letter of each occurrence) are set for
    workbooks; ``la_places`` maps an LA-level item to its cell (``LA level!B12``) or line
    (``line 12``); ``la_typed`` holds LA-level text as written, as ``WorkerRecord.typed`` does.
    """

    worker_sheet: str | None = None
    columns: dict[str, list[str]] = field(default_factory=dict)
    la_places: dict[str, str] = field(default_factory=dict)
    la_typed: dict[tuple[str, int], str] = field(default_factory=dict)


@dataclass(slots=True)
class CensusReturn:
    """One council's return for one collection year."""

    source: str
    header: CensusHeader
    la_block_name: str | None
    la_items: dict[str, list[str]]
    workers: list[WorkerRecord]
    notes: list[ReadNote] = field(default_factory=list)
    places: SourcePlaces = field(default_factory=SourcePlaces, compare=False)

    @property
    def year(self) -> int | None:
        """The collection year from the header, when it is a four-digit number."""
        text = (self.header.year or "").strip()
        return int(text) if len(text) == 4 and text.isdigit() else None

    @property
    def la_code(self) -> str | None:
        return self.header.lea
