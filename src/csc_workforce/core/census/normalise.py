"""How raw item text becomes the value a census reader keeps, for every reader (XML and XLSX).

Tolerances from shared/spec/census.md section 13: whitespace trimmed, an empty value is absent,
codes upper-cased and labels mapped to codes, ``1.0`` read as ``1`` for codes and whole numbers,
thousands separators removed, SWE numbers upper-cased. A value that matches nothing is kept as
found, so the validation rules can report it. Each change comes back with a note for the report.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from csc_workforce.core.census.registry import CODE_SETS, LA_ITEMS, WORKER_ITEMS, ItemSpec, ItemType
from csc_workforce.core.census.values import normalise_code, normalise_number_text

# (the value, or None when blank; a note saying what was changed, or None)
Normalised = tuple[str | None, str | None]
Normaliser = Callable[[str], Normalised]


def _trim(text: str) -> Normalised:
    value = text.strip()
    return (value or None), None


def _code(code_set: str) -> Normaliser:
    labels = CODE_SETS[code_set].labels

    def normalise(text: str) -> Normalised:
        value = text.strip()
        if not value:
            return None, None
        if value in labels:
            return value, None
        code = normalise_code(code_set, value)
        if code == value:
            return value, None  # not a code nor a label: kept as found for the rules to report
        if value.upper() == code or normalise_number_text(value) == code:
            return code, f"{value!r} read as code {code!r}"
        return code, f"label {value!r} mapped to code {code!r}"

    return normalise


def _integer(text: str) -> Normalised:
    value = text.strip()
    if not value:
        return None, None
    if value.isdigit():
        return value, None
    cleaned = normalise_number_text(value.replace(",", ""))
    if cleaned != value:
        return cleaned, f"{value!r} read as {cleaned!r}"
    return value, None


def _decimal(text: str) -> Normalised:
    value = text.strip()
    if not value:
        return None, None
    if "," in value:
        cleaned = value.replace(",", "")
        return cleaned, f"thousands separators removed from {value!r}"
    return value, None


def _swe_number(text: str) -> Normalised:
    value = text.strip()
    if not value:
        return None, None
    upper = value.upper()
    if upper != value:
        return upper, "SWENo upper-cased"  # the value itself is not echoed into notes
    return value, None


def normaliser_for(spec: ItemSpec) -> Normaliser:
    """The normaliser for an item of this type (codes, whole numbers, decimals, SWE numbers, text)."""
    if spec.type is ItemType.CODE and spec.code_set is not None:
        return _code(spec.code_set)
    if spec.type is ItemType.INTEGER:
        return _integer
    if spec.type is ItemType.DECIMAL:
        return _decimal
    if spec.type is ItemType.SWE_NUMBER:
        return _swe_number
    return _trim


# One normaliser per census item (worker and LA level), by item name.
ITEM_NORMALISERS: Final = {name: normaliser_for(spec) for name, spec in {**WORKER_ITEMS, **LA_ITEMS}.items()}
