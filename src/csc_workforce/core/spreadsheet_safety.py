"""Neutralise spreadsheet formula injection, reversibly.

A text cell that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return can be taken
for a formula by Excel or LibreOffice when a CSV is opened or a cell is edited (OWASP "CSV
injection"). :func:`make_inert` prefixes such text with an apostrophe, the character spreadsheets
themselves use to mean "this is text". :func:`restore` is its exact inverse, used when we read
back a file we wrote, so a round trip keeps every value:

    restore(make_inert(text)) == text   for every string

How the inverse stays exact: a value is guarded when its *core* (the text after any leading
apostrophes) is dangerous. Guarding adds one apostrophe; restoring removes one only from text
whose core is dangerous. Text that already began with apostrophes before a dangerous character
gains one more, so it comes back with the count it had.

Plain numbers such as ``-2`` or ``+3.5`` are left alone: spreadsheets read them as numbers, never
as formulas, and analysts expect to see them unchanged.
"""

from __future__ import annotations

import re
from typing import Final

GUARD: Final = "'"
# ASCII triggers plus their full-width forms, which some East Asian input methods convert to ASCII.
_TRIGGERS: Final = frozenset("=+-@\t\r\n\uff1d\uff0b\uff0d\uff20")
_PLAIN_NUMBER: Final = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)")


def is_dangerous(text: str) -> bool:
    """Whether ``text`` (ignoring leading apostrophes) could be read as a formula."""
    core = text.lstrip(GUARD)
    if not core or core[0] not in _TRIGGERS:
        return False
    return _PLAIN_NUMBER.fullmatch(core) is None


def make_inert(text: str) -> str:
    """``text`` made safe to place in a spreadsheet cell or CSV field."""
    return GUARD + text if is_dangerous(text) else text


def restore(text: str) -> str:
    """The inverse of :func:`make_inert`, for text read back from a file we wrote."""
    if text.startswith(GUARD) and is_dangerous(text):
        return text[1:]
    return text
