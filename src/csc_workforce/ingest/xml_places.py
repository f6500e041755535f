"""The line of each worker element and of the LA-level block in census XML, for reports.

ElementTree's C parser keeps no line numbers, so this is one extra scan of the bytes (no parsing):
start tags of ``CSWWWorker`` and the LA-level block, outside comments and CDATA, counted in file
order. The reader uses the lines only when their count matches the records it built.
"""

from __future__ import annotations

import re
from typing import Final

_TAGS: Final = re.compile(
    rb"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<(?:[A-Za-z_][\w.-]*:)?(CSWWWorker|LALevelVacancies|LALevel)(?=[\s/>])",
    re.DOTALL,
)


# Without comments or CDATA (nearly every file), finding the names with bytes.find is several
# times faster than a regular expression trying every "<".
_PREFIX: Final = re.compile(rb"<[A-Za-z_][\w.-]*:$")
_AFTER_NAME: Final = frozenset(b" \t\r\n/>")


def element_lines(document: bytes | str) -> dict[str, list[int]]:
    """Element name -> the 1-based line of each of its start tags, in file order."""
    data = document.encode("utf-8") if isinstance(document, str) else document
    if b"<!--" in data or b"<![CDATA[" in data:
        matches = [(m.start(), m.group(1)) for m in _TAGS.finditer(data) if m.group(1) is not None]
    else:
        matches = sorted(_start_tags(data, b"CSWWWorker") + _start_tags(data, b"LALevel"))
    lines: dict[str, list[int]] = {}
    line, counted = 1, 0
    for start, name in matches:
        line += data.count(b"\n", counted, start)
        counted = start
        lines.setdefault(name.decode("ascii"), []).append(line)
    return lines


def _start_tags(data: bytes, name: bytes) -> list[tuple[int, bytes]]:
    """(position, element name) of each start tag whose name is or begins with ``name``."""
    found = []
    index = data.find(name)
    while index != -1:
        end = index + len(name)
        full = name
        if name == b"LALevel" and data.startswith(b"Vacancies", end):
            full, end = b"LALevelVacancies", end + len(b"Vacancies")
        if end < len(data) and data[end] in _AFTER_NAME and _is_start_tag(data, index):
            found.append((index, full))
        index = data.find(name, end)
    return found


def _is_start_tag(data: bytes, start: int) -> bool:
    """The name at ``start`` follows ``<`` or ``<prefix:`` (not ``</``, text or an attribute)."""
    before = data[start - 1 : start]
    if before == b"<":
        return True
    return before == b":" and _PREFIX.search(data, max(0, start - 100), start) is not None
