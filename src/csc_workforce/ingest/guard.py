"""The one boundary for untrusted bytes: every reader of a user's file runs behind it.

A reader does three things with this module (see ``docs/adr/0019-untrusted-input.md``)::

    data = read_file(path, limits)                 # size checked before a byte is read
    with guarded(source, limits) as budget:        # any parser failure -> one UnreadableFileError
        check_xml(data, source, budget)            # census XML: no DOCTYPE/entities, bounded work
        document = load_yaml(text, source)         # YAML: safe types only, no aliases, bounded depth
        check_package(data, source, budget)        # XLSX: parts, unpacked size, ratio, External links
        for row in rows:
            budget.tick()                          # CPU-time bound, checked as work goes
            check_cell(row_number, column, source, limits)

Every refusal is an :class:`UnreadableFileError` whose ``str()`` names the file, so the CLI prints it
as one line (exit 2) and the web app shows it as the refusal. ``guarded`` turns anything else a
parser raises on hostile bytes (``RecursionError``, ``MemoryError``, a library's own error) into
the same refusal, so no traceback ever reaches a user.

DOCTYPE and entity declarations are refused by the XML parser itself (expat's doctype and entity
handlers abort the parse), not by a byte scan, so comments, processing instructions and other
encodings cannot hide one.
"""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO, Final
from xml.parsers import expat  # handlers below abort on any DOCTYPE or entity declaration

import yaml

from csc_workforce.ingest.errors import UnreadableFileError

# Excel's own sheet size: no real workbook has a cell outside it.
EXCEL_MAX_ROWS: Final = 1_048_576
EXCEL_MAX_COLUMNS: Final = 16_384


@dataclass(frozen=True, slots=True)
class InputLimits:
    """How much an untrusted file may hold or cost before it is refused."""

    max_bytes: int = 50 * 1024 * 1024
    max_unpacked_bytes: int = 200 * 1024 * 1024  # the whole package, every part together
    max_ratio: float = 100.0  # unpacked / packed, for the whole package
    max_parts: int = 1_000
    max_rows: int = EXCEL_MAX_ROWS
    max_columns: int = EXCEL_MAX_COLUMNS
    max_depth: int = 64
    max_attributes: int = 256  # on one element
    max_value_chars: int = 32_767  # Excel's limit for one cell
    max_cpu_seconds: float = 8.0  # this thread's CPU time for one file

    def with_max_bytes(self, max_bytes: int) -> InputLimits:
        return replace(self, max_bytes=max_bytes)


DEFAULT_LIMITS: Final = InputLimits()
_PACKED_FLOOR: Final = 1024 * 1024  # the ratio is judged only once a package unpacks past 1 MiB
_CHUNK: Final = 1024 * 1024
_XML_PART_SUFFIXES: Final = (".xml", ".rels", ".vml")
_TICK_EVERY: Final = 1_000


# --- reading a file --------------------------------------------------------------------------------


def read_file(path: Path, limits: InputLimits = DEFAULT_LIMITS) -> bytes:
    """The bytes of ``path``, after checking its size; never reads more than the limit."""
    try:
        if path.is_dir():
            raise UnreadableFileError(path, "is a folder, not a file")
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise UnreadableFileError(path, f"is {size:,} bytes, over the {limits.max_bytes:,} byte limit")
        with path.open("rb") as handle:
            data = handle.read(limits.max_bytes + 1)
    except FileNotFoundError:
        raise UnreadableFileError(path, "no such file") from None
    except OSError as error:
        raise UnreadableFileError(path, f"cannot be read ({error.strerror or error})") from None
    if len(data) > limits.max_bytes:  # the file grew while it was read
        raise UnreadableFileError(path, f"is over the {limits.max_bytes:,} byte limit")
    return data


# --- bounded work -----------------------------------------------------------------------------------


class WorkBudget:
    """CPU time spent on one file by this thread (``time.thread_time``: other requests do not count)."""

    def __init__(self, source: str, max_cpu_seconds: float) -> None:
        self.source = source
        self.max_cpu_seconds = max_cpu_seconds
        self._started = time.thread_time()
        self._ticks = 0

    def check(self) -> None:
        """Refuse the file once it has cost more CPU time than allowed."""
        if time.thread_time() - self._started > self.max_cpu_seconds:
            raise UnreadableFileError(
                self.source,
                f"took more than {self.max_cpu_seconds:g} seconds to read and was stopped "
                "(far too large or built to be slow)",
            )

    def tick(self) -> None:
        """Count one unit of work (a row, an element); checks the clock every thousand."""
        self._ticks += 1
        if self._ticks >= _TICK_EVERY:
            self._ticks = 0
            self.check()


@contextmanager
def guarded(source: str, limits: InputLimits = DEFAULT_LIMITS) -> Iterator[WorkBudget]:
    """Run a reader on untrusted bytes: any failure inside becomes one :class:`UnreadableFileError`."""
    budget = WorkBudget(source, limits.max_cpu_seconds)
    try:
        yield budget
    except UnreadableFileError:
        raise
    except RecursionError:
        raise UnreadableFileError(source, "is nested too deeply to read safely") from None
    except MemoryError:
        raise UnreadableFileError(source, "needs too much memory to read safely") from None
    except Exception as error:  # noqa: BLE001 - any library failure on untrusted bytes is "unreadable"
        raise UnreadableFileError(source, f"could not be read safely ({reason(error)})") from None


def reason(error: BaseException) -> str:
    """A short, one-line account of a library's exception (type and first line of its message)."""
    lines = str(error).strip().splitlines()
    text = lines[0][:200] if lines else ""
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def check_cell(row: int, column: int, source: str, limits: InputLimits = DEFAULT_LIMITS) -> None:
    """Refuse a cell outside Excel's sheet (rows 1 to 1,048,576, columns 1 to 16,384 by default)."""
    if not 1 <= row <= limits.max_rows:
        raise UnreadableFileError(source, f"has a row numbered {row:,}, outside the {limits.max_rows:,} rows")
    if not 1 <= column <= limits.max_columns:
        raise UnreadableFileError(
            source,
            f"has a cell in column {column:,} (row {row:,}), outside the {limits.max_columns:,} columns",
        )


def check_value(text: str, source: str, where: str, limits: InputLimits = DEFAULT_LIMITS) -> None:
    """Refuse one value longer than the limit (32,767 characters, Excel's cell size, by default)."""
    if len(text) > limits.max_value_chars:
        raise UnreadableFileError(
            source, f"{where} holds {len(text):,} characters, over the {limits.max_value_chars:,} limit"
        )


# --- XML ---------------------------------------------------------------------------------------------


class _XmlChecker:
    """An expat parse that refuses DOCTYPE and entity declarations and, when asked, bounds the shape."""

    def __init__(self, source: str, part: str | None, limits: InputLimits, budget: WorkBudget) -> None:
        self.source = source
        self.where = f"part {part!r}" if part else "the file"
        self.limits = limits
        self.budget = budget
        self.depth = 0
        self.refuse_external = False
        self.parser = expat.ParserCreate()
        self.parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        self.parser.StartDoctypeDeclHandler = self._doctype
        self.parser.EntityDeclHandler = self._entity
        self.parser.ExternalEntityRefHandler = self._external

    def watch_structure(self, *, refuse_external: bool) -> None:
        self.refuse_external = refuse_external
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end

    def _refuse(self, what: str) -> None:
        raise UnreadableFileError(
            self.source,
            f"{self.where} contains {what}; DTD and entity declarations are refused to read it safely",
        )

    def _doctype(self, *_: object) -> None:
        self._refuse("a DOCTYPE (document type declaration)")

    def _entity(self, *_: object) -> None:
        self._refuse("an entity declaration")

    def _external(self, *_: object) -> int:
        self._refuse("a reference to an external entity")
        return 0

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        self.depth += 1
        if self.depth > self.limits.max_depth:
            raise UnreadableFileError(
                self.source, f"{self.where} nests elements more than {self.limits.max_depth} deep"
            )
        if len(attributes) > self.limits.max_attributes:
            raise UnreadableFileError(
                self.source, f"{self.where} has an element <{name}> with {len(attributes):,} attributes"
            )
        if self.refuse_external and attributes.get("TargetMode", "").lower() == "external":
            raise UnreadableFileError(
                self.source,
                f"{self.where} links to something outside the workbook "
                f"({attributes.get('Target', '')[:100]!r}); external links and objects are refused",
            )
        self.budget.tick()

    def _end(self, _name: str) -> None:
        self.depth -= 1

    def feed(self, chunk: bytes | str, final: bool) -> None:
        try:
            self.parser.Parse(chunk, final)
        except expat.ExpatError as error:
            raise UnreadableFileError(
                self.source,
                f"{self.where} is not well-formed XML (truncated, damaged or not an XML file): {error}",
            ) from None
        self.budget.check()


def check_xml(
    document: bytes | str,
    source: str,
    budget: WorkBudget,
    limits: InputLimits = DEFAULT_LIMITS,
    *,
    structure: bool = False,
) -> None:
    """Parse ``document`` once with expat: refuse any DOCTYPE or entity declaration, or bad XML.

    The parse goes a megabyte at a time so the CPU-time bound is checked as it goes. ``structure``
    also bounds nesting depth and attributes per element (a Python call per element: the census
    XML reader, whose tree walk never descends past the items, leaves it off for speed).
    """
    checker = _XmlChecker(source, None, limits, budget)
    if structure:
        checker.watch_structure(refuse_external=False)
    for start in range(0, max(len(document), 1), _CHUNK):
        checker.feed(document[start : start + _CHUNK], False)
    checker.feed(b"" if isinstance(document, bytes) else "", True)


def _check_xml_stream(
    stream: IO[bytes], source: str, part: str, budget: WorkBudget, limits: InputLimits
) -> None:
    checker = _XmlChecker(source, part, limits, budget)
    checker.watch_structure(refuse_external=part.lower().endswith(".rels"))
    while chunk := stream.read(_CHUNK):
        checker.feed(chunk, False)
    checker.feed(b"", True)


# --- zip packages (XLSX) ------------------------------------------------------------------------


def check_package(data: bytes, source: str, budget: WorkBudget, limits: InputLimits = DEFAULT_LIMITS) -> None:
    """Refuse a zip package (an XLSX workbook) that is too big, too compressed or hostile.

    Checked before any spreadsheet library sees it: the number of parts, the unpacked size and the
    compression ratio of the whole package, encrypted parts, and every XML part parsed by
    :func:`check_xml`'s rules plus nesting depth, attributes and any ``TargetMode="External"``
    relationship (a linked object, picture, workbook or hyperlink outside the file).
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as error:
        raise UnreadableFileError(source, f"is a damaged or truncated workbook: {error}") from None
    with archive:
        members = archive.infolist()
        _check_members(members, source, limits)
        for member in members:
            if member.filename.lower().endswith(_XML_PART_SUFFIXES):
                try:
                    with archive.open(member) as stream:
                        _check_xml_stream(stream, source, member.filename, budget, limits)
                except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, ValueError) as error:
                    raise UnreadableFileError(
                        source, f"is a damaged or truncated workbook: {error}"
                    ) from None
                except (RuntimeError, NotImplementedError) as error:  # encrypted or unsupported compression
                    raise UnreadableFileError(
                        source, f"has a part that cannot be unpacked: {error}"
                    ) from None


def bytes_to_parse(data: bytes, source: str, limits: InputLimits = DEFAULT_LIMITS) -> int:
    """The bytes a reader will parse: a zip package's (an XLSX workbook's) parts unpacked, as its
    directory declares them (nothing is unpacked here; a directory :func:`check_package` would
    refuse raises :class:`UnreadableFileError` now); any other file's own length."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        return len(data)
    _check_members(members, source, limits)
    return sum(member.file_size for member in members)


def _check_members(members: list[zipfile.ZipInfo], source: str, limits: InputLimits) -> None:
    if len(members) > limits.max_parts:
        raise UnreadableFileError(
            source, f"has {len(members):,} parts, over the limit of {limits.max_parts:,}"
        )
    unpacked = 0
    packed = 0
    for member in members:
        if member.flag_bits & 0x1:
            raise UnreadableFileError(source, "has encrypted parts; save it without a password")
        unpacked += member.file_size
        packed += member.compress_size
    if unpacked > limits.max_unpacked_bytes:
        raise UnreadableFileError(
            source,
            f"unpacks to {unpacked:,} bytes, over the {limits.max_unpacked_bytes:,} byte limit "
            "(a zip bomb or far too large)",
        )
    ratio = unpacked / max(packed, 1)
    if unpacked > _PACKED_FLOOR and ratio > limits.max_ratio:
        raise UnreadableFileError(
            source,
            f"is compressed {ratio:,.0f} to 1, over the limit of {limits.max_ratio:,.0f} to 1 (a zip bomb?)",
        )


# --- YAML (HR mappings, forecast scenarios) ---------------------------------------------------------


def load_yaml(
    text: str,
    source: str,
    limits: InputLimits = DEFAULT_LIMITS,
    *,
    loader: type[yaml.SafeLoader] = yaml.SafeLoader,
) -> object:
    """The YAML document in ``text``, read by ``loader`` (a ``SafeLoader``: plain data only).

    Also refused, with the line: an alias (``*name``: a few lines of aliases to aliases expand to
    billions of nodes for whoever walks the result) and nesting deeper than ``limits.max_depth``
    (PyYAML composes recursively). YAML syntax errors stay :class:`yaml.YAMLError` for the caller
    to word.
    """
    max_depth = limits.max_depth

    class _Bounded(loader):  # type: ignore[misc,valid-type]  # a subclass of the caller's loader
        depth = 0

        def compose_node(self, parent: object, index: object) -> object:
            line = self.peek_event().start_mark.line + 1
            if self.check_event(yaml.AliasEvent):
                raise UnreadableFileError(
                    source, f"line {line}: YAML aliases (*name) are refused; write the value out in full"
                )
            self.depth += 1
            try:
                if self.depth > max_depth:
                    raise UnreadableFileError(source, f"line {line}: nested more than {max_depth} deep")
                return super().compose_node(parent, index)
            finally:
                self.depth -= 1

    return yaml.load(text, Loader=_Bounded)  # noqa: S506 - a SafeLoader subclass
