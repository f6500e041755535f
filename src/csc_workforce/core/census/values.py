"""Typed readings of the normalised strings a census item holds.

One place turns text into dates, decimals, integers and codes, so validation, measures and the
XLSX template agree on what a value means. Each parser raises :class:`ValueError` with a message
that says what was expected.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Final

from csc_workforce.core.census.registry import CODE_SETS, LABEL_ALIASES

_ISO_DATE: Final = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_TRAILING_ZERO_FRACTION: Final = re.compile(r"^([+-]?\d+)\.0+$")
SWE_NUMBER: Final = re.compile(r"^[A-Z]{2}\d{1,12}$")


def parse_date(text: str) -> date:
    """An ISO ``YYYY-MM-DD`` date (a trailing time such as ``T00:00:00`` is tolerated)."""
    candidate = text.strip()[:10] if "T" in text else text.strip()
    match = _ISO_DATE.match(candidate)
    if not match:
        raise ValueError(f"expected a date as YYYY-MM-DD, found {text!r}")
    year, month, day = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"{text!r} is not a real date") from None


def parse_decimal(text: str) -> Decimal:
    """A decimal number; thousands separators are removed."""
    cleaned = text.strip().replace(",", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"expected a number, found {text!r}") from None
    if not value.is_finite():
        raise ValueError(f"expected a finite number, found {text!r}")
    return value


def decimal_places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def parse_integer(text: str) -> int:
    """A whole number; ``12.0`` is read as 12, ``12.5`` is refused."""
    value = parse_decimal(text)
    if value != value.to_integral_value():
        raise ValueError(f"expected a whole number, found {text!r}")
    return int(value)


def normalise_number_text(text: str) -> str:
    """``"1.0"`` becomes ``"1"``; other text is returned trimmed."""
    stripped = text.strip()
    match = _TRAILING_ZERO_FRACTION.match(stripped)
    return match.group(1) if match else stripped


_BOOLEAN_WORDS: Final = {"true": "1", "false": "0", "yes": "1", "no": "0"}


def normalise_code(code_set: str, text: str) -> str:
    """The canonical code for ``text`` in ``code_set``: codes upper-cased, labels mapped to codes.

    Returns the normalised text unchanged when it matches nothing, so the caller can report it.
    """
    candidate = normalise_number_text(text).upper()
    labels = CODE_SETS[code_set].labels
    if candidate in labels:
        return candidate
    lowered = text.strip().lower()
    if code_set in {"YesNo", "AgencyWorker"}:
        mapped = _BOOLEAN_WORDS.get(lowered)
        if mapped is not None:
            return mapped
    alias = LABEL_ALIASES.get((code_set, lowered))
    if alias is not None:
        return alias
    for code, label in labels.items():
        if label.lower() == lowered:
            return code
    return candidate


def is_valid_code(code_set: str, code: str) -> bool:
    return code in CODE_SETS[code_set].labels


def collection_year_bounds(year: int) -> tuple[date, date]:
    """The census year ``year`` runs from 1 October of the year before to 30 September."""
    return date(year - 1, 10, 1), date(year, 9, 30)
