"""Parsing the cells of agency files: dates, pounds, yes/no, roles. Each raises ValueError saying
what was expected, so the importer can name the row and column."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Final

from csc_workforce.core.agency.model import Role
from csc_workforce.core.census.values import parse_date as parse_iso_date

_UK_DATE: Final = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
ROLE_CHOICES: Final = ", ".join(role.value for role in Role)


def parse_day(text: str) -> date:
    """``YYYY-MM-DD`` or ``DD/MM/YYYY`` (how UK Excel writes dates to CSV)."""
    match = _UK_DATE.match(text.strip())
    if match:
        day, month, year = (int(part) for part in match.groups())
        try:
            return date(year, month, day)
        except ValueError:
            raise ValueError(f"{text!r} is not a real date") from None
    try:
        return parse_iso_date(text)
    except ValueError:
        raise ValueError(f"expected a date as YYYY-MM-DD (or DD/MM/YYYY), found {text!r}") from None


def parse_pounds(text: str, *, allow_zero: bool, maximum: Decimal) -> Decimal:
    """An amount in pounds, e.g. ``42.50`` or ``£42.50``; at most 2 decimal places."""
    cleaned = text.strip().removeprefix("£").replace(",", "").strip()
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"expected an amount in pounds such as 42.50, found {text!r}") from None
    if not value.is_finite():
        raise ValueError(f"expected an amount in pounds such as 42.50, found {text!r}")
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2 and value != value.quantize(Decimal("0.01")):
        raise ValueError(f"expected pounds and pence (at most 2 decimal places), found {text!r}")
    if value < 0 or (value == 0 and not allow_zero):
        raise ValueError(f"expected an amount {'of 0 or more' if allow_zero else 'above 0'}, found {text!r}")
    if value > maximum:
        raise ValueError(f"expected at most £{maximum} an hour, found {text!r}")
    return value.quantize(Decimal("0.01"))


def parse_hours(text: str) -> Decimal:
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        raise ValueError(f"expected hours per week such as 37 or 22.5, found {text!r}") from None
    if not value.is_finite() or value <= 0 or value > 168:
        raise ValueError(f"expected hours per week above 0 and at most 168, found {text!r}")
    return value


def parse_yes_no(text: str) -> bool:
    lowered = text.strip().lower()
    if lowered == "yes":
        return True
    if lowered == "no":
        return False
    found = repr(text) if text.strip() else "a blank"
    raise ValueError(f"expected yes or no, found {found}")


def parse_role(text: str) -> Role:
    candidate = "_".join(text.strip().lower().replace("-", " ").split())
    try:
        return Role(candidate)
    except ValueError:
        raise ValueError(f"expected one of {ROLE_CHOICES}, found {text!r}") from None
