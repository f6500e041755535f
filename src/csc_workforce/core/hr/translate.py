"""How one HR value becomes a census value: SWE numbers, dates, hours and coded values."""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Final

from csc_workforce.core.census.values import parse_date

_NOT_ALPHANUMERIC: Final = re.compile(r"[^0-9A-Za-z]+")
_SPACES: Final = re.compile(r"\s+")
_NUMBER: Final = re.compile(r"[-+]?\d+(?:\.\d+)?")
_FTE_PLACES: Final = Decimal("0.000001")


def clean_swe(text: str) -> str:
    """A Social Work England number without spaces, punctuation or lower case: 'sw 104532' → 'SW104532'."""
    return _NOT_ALPHANUMERIC.sub("", text).upper()


def normalise_hr_value(text: str) -> str:
    """How HR values are matched: trimmed, inner spaces collapsed, case ignored."""
    return _SPACES.sub(" ", text.strip()).casefold()


def hr_date(text: str, date_format: str) -> date:
    """A date written as ISO (always read) or in the mapping's ``date_format``; ValueError otherwise."""
    candidate = text.strip()
    try:
        return parse_date(candidate)
    except ValueError:
        pass
    try:
        return datetime.strptime(candidate, date_format).date()
    except ValueError:
        raise ValueError(f"{text!r} is not a date as {date_format} or YYYY-MM-DD") from None


def hours_to_fte(text: str, standard_hours: Decimal) -> str:
    """FTE from weekly hours ('37 hours', '22.5'): hours ÷ standard hours, rounded to 6 places."""
    match = _NUMBER.search(text.replace(",", ""))
    if match is None:
        raise ValueError(f"{text!r} holds no number of hours")
    try:
        hours = Decimal(match.group(0))
    except InvalidOperation:  # pragma: no cover - the pattern only matches numbers
        raise ValueError(f"{text!r} holds no number of hours") from None
    if hours < 0:
        raise ValueError(f"{text!r} is a negative number of hours")
    fte = (hours / standard_hours).quantize(_FTE_PLACES, rounding=ROUND_HALF_UP)
    return format_decimal(fte)


def format_decimal(value: Decimal) -> str:
    """``1.000000`` → ``1``, ``0.500000`` → ``0.5``: no needless zeros, never exponent notation."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
