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


def element_lines(document: bytes | str) -> dict[str, list[int]]:
    """Element name -> the 1-based line of each of its start tags, in file order."""
    data = document.encode("utf-8") if isinstance(document, str) else document
    lines: dict[str, list[int]] = {}
    line, counted = 1, 0
    for match in _TAGS.finditer(data):
        name = match.group(1)
        if name is None:
            continue
        line += data.count(b"\n", counted, match.start())
        counted = match.start()
        lines.setdefault(name.decode("ascii"), []).append(line)
    return lines
