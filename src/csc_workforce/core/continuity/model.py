"""The SSDA903 facts the continuity measures read, as plain values (no child identity kept).

``child`` is always a keyed pseudonym (:func:`child_pseudonym`), never the council's ``CHILD``
code; a date of birth is kept as the first day of its month.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import date
from typing import Final

# SW_REASON codes (SSDA903 social worker table, from the 2023-24 return).
SW_REASONS: Final = {
    "MANAGE": "Managing caseloads",
    "FCONTA": "First contact or re-referral",
    "LEFTRL": "Previous social worker left role",
    "ORGRST": "New social worker after organisational restructure",
    "TSPROC": "Child transferred due to standard process",
    "ABSENC": "Absence cover or return from absence",
    "CHCHAN": "Child requested change",
    "PCCHAN": "Parent or carer requested change",
    "SWDIED": "Previous social worker died",
    "OTHERS": "Other reason",
}
# Legal statuses (SSDA903 LS). V3 and V4 are the short-break statuses DfE leaves out.
LEGAL_STATUSES: Final = {
    "C1": "Interim care order",
    "C2": "Full care order",
    "D1": "Freeing order granted",
    "E1": "Placement order granted",
    "J1": "Remanded to local authority accommodation or youth detention accommodation",
    "J2": "Placed in local authority accommodation under PACE",
    "J3": "Sentenced to Youth Rehabilitation Order",
    "L1": "Under police protection and in local authority accommodation",
    "L2": "Emergency protection order",
    "L3": "Under child assessment order and in local authority accommodation",
    "V2": "Single period of accommodation under section 20",
    "V3": "Agreed series of short-term breaks, individual episodes of care recorded",
    "V4": "Agreed series of short-term breaks, agreements recorded",
}
SHORT_BREAK_STATUSES: Final = frozenset({"V3", "V4"})
# SSDA903 header SEX: 1 male, 2 female.
SEX_LABELS: Final = {"1": "Male", "2": "Female"}
NOT_KNOWN: Final = "Not known"
CHILD_KEY_DOMAIN: Final = b"ssda903-child:"


def child_pseudonym(child: str, council_key: bytes) -> str:
    """The keyed pseudonym of a council's ``CHILD`` code: HMAC-SHA256 under the council's key.

    Stable within a council (same key), different between councils (different keys), and not
    recomputable from a guessed code without the key. The domain prefix keeps these hashes apart
    from the worker pseudonyms of ``core.pseudonym`` even under the same secret.
    """
    if not council_key:
        raise ValueError("the council's child pseudonym key must not be empty")
    message = CHILD_KEY_DOMAIN + child.strip().upper().encode("utf-8")
    return hmac.digest(council_key, message, hashlib.sha256).hex()[:32]


def year_bounds(year: int) -> tuple[date, date]:
    """The SSDA903 collection year ``year``: 1 April ``year - 1`` to 31 March ``year``."""
    return date(year - 1, 4, 1), date(year, 3, 31)


def collection_year_of(day: date) -> int:
    """The SSDA903 collection year containing ``day``."""
    return day.year + 1 if day.month >= 4 else day.year


@dataclass(frozen=True, slots=True)
class CareEpisode:
    """One row of the episodes table: a period of care under one legal status."""

    child: str
    start: date  # DECOM
    end: date | None  # DEC; None while open
    legal_status: str  # LS

    def open_on(self, day: date) -> bool:
        """Looked after at the end of ``day``: begun on or before it and not ended by then."""
        return self.start <= day and (self.end is None or self.end > day)


@dataclass(frozen=True, slots=True)
class SocialWorkerEpisode:
    """One row of the social worker table: a child's allocation to one social worker."""

    child: str
    sw_id: str  # Social Work England number (or DfE's XX placeholder), upper-cased
    start: date  # SW_DECOM
    end: date | None  # SW_DEC; None while open
    reason: str | None  # SW_REASON
    birth_month: date | None = None  # DOB kept as month and year only

    def overlaps(self, first: date, last: date) -> bool:
        return self.start <= last and (self.end is None or self.end >= first)


@dataclass(frozen=True, slots=True)
class ChildDetails:
    """What the header table adds: sex, and the month of birth."""

    child: str
    sex: str | None
    birth_month: date | None


# England's published share of children looked after on 31 March with 3 or more social workers
# in the year (DfE, children looked after in England), by collection year.
NATIONAL_SHARE_THREE_OR_MORE: Final = {2024: 27.0, 2025: 24.0}
