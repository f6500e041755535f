"""Agency workers in loans between councils: what a lending council may name, the check of the
named engagements as the receiving council would engage them, and what each page may show.

The lending council chooses from its own current engagement register and sees its own engagement
ids with their flags; the receiving council sees how many workers each rule flags, never an id or
SWE number; the region sees the same counts. The check itself is
``core.sharing.agency_loans.check_loan`` with the region's context from the agency app.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from django.utils import timezone

from csc_workforce.core.agency.check import CheckContext
from csc_workforce.core.agency.model import Engagement
from csc_workforce.core.sharing.agency_loans import (
    LoanCheck,
    LoanFlag,
    LoanTerms,
    check_loan,
    describe_counts,
)
from csc_workforce.core.sharing.agency_loans import lendable as lendable_of
from csc_workforce.web.agency import services as agency
from csc_workforce.web.agency.models import EngagementRegister
from csc_workforce.web.orgs.models import Council, Region
from csc_workforce.web.sharing.models import Decision, Loan, LoanStaff

MAX_REASON: Final = 1000


class StaffError(ValueError):
    """An acceptance that cannot be recorded as given (unknown engagements, a missing reason)."""


def terms_of(loan: Loan) -> LoanTerms:
    return LoanTerms(recipient_la=loan.to_council.la_code, start=loan.start, months=loan.months)


def context_for(region: Region) -> CheckContext:
    return agency.region_check_context(region)[0]


def lendable(council: Council, loan: Loan) -> tuple[EngagementRegister | None, list[Engagement]]:
    """The council's current register and the engagements in it it could lend in ``loan``."""
    register = agency.current_register(council)
    if register is None:
        return None, []
    return register, lendable_of(agency.register_engagements(register), loan.role, loan.start)


def loan_flags(staff: LoanStaff | None) -> list[LoanFlag]:
    if staff is None or not staff.agency:
        return []
    return [LoanFlag.from_dict(flag) for flag in staff.flags]


def staff_of(loan: Loan) -> LoanStaff | None:
    try:
        return loan.staff
    except LoanStaff.DoesNotExist:
        return None


def _clean_reason(reason: str) -> str:
    reason = " ".join(reason.split())
    if len(reason) > MAX_REASON:
        raise StaffError(f"The reason is {len(reason):,} characters: give at most {MAX_REASON:,}")
    return reason


def _breach_error(flags: Sequence[LoanFlag]) -> StaffError:
    return StaffError(
        f"This loan would breach the agency rules ({describe_counts(flags)}): "
        "to accept it, give your reason for agreeing it anyway"
    )


def donor_accepts(loan: Loan, council: Council, engagement_ids: Sequence[str], reason: str) -> dict[str, Any]:
    """Record what the lending council lends (no ids: permanent staff) and check it; a loan whose
    agency workers would breach is accepted only with a reason. When the receiving council had
    accepted before the breach was known, its acceptance is withdrawn: it must accept the flags.
    Returns the audit detail (counts, the council's own ids and the reason)."""
    reason = _clean_reason(reason)
    register, offered = (None, []) if not engagement_ids else lendable(council, loan)
    by_id = {engagement.engagement_id: engagement for engagement in offered}
    unknown = [eid for eid in engagement_ids if eid not in by_id]
    if unknown:
        raise StaffError(
            f"Engagement {', '.join(unknown[:5])} is not a current engagement in your register "
            f"that this loan could lend"
        )
    chosen = [by_id[eid] for eid in dict.fromkeys(engagement_ids)]
    check, warnings = LoanCheck(), list[str]()
    if chosen:
        context, warnings = agency.region_check_context(loan.run.region)
        check = check_loan(chosen, terms_of(loan), context)
    if check.breaches and not reason:
        raise _breach_error(check.flags)
    staff, _ = LoanStaff.objects.update_or_create(
        loan=loan,
        defaults={
            "agency": bool(chosen),
            "register": register,
            "engagement_ids": [e.engagement_id for e in chosen],
            "flags": [flag.as_dict() for flag in check.flags],
            "notes": [*warnings, *check.notes],
            "checked_at": timezone.now() if chosen else None,
            "donor_reason": reason if check.breaches else "",
        },
    )
    withdrawn = False
    if check.breaches and loan.recipient_decision == Decision.ACCEPTED and not staff.recipient_reason:
        loan.recipient_decision = Decision.PENDING
        loan.recipient_decided_by, loan.recipient_decided_at = "", None
        withdrawn = True
    return {
        "staff": "agency" if chosen else "permanent",
        "agency_workers": len(chosen),
        "engagement_ids": staff.engagement_ids,
        "would_breach": describe_counts(check.flags),
        **({"reason": staff.donor_reason} if check.breaches else {}),
        **({"recipient_acceptance_withdrawn": True} if withdrawn else {}),
    }


def recipient_accepts(loan: Loan, reason: str) -> dict[str, Any]:
    """The receiving council accepts: with a reason when the lent agency workers would breach."""
    reason = _clean_reason(reason)
    staff = staff_of(loan)
    flags = loan_flags(staff)
    if not flags:
        return {}
    if not reason:
        raise _breach_error(flags)
    assert staff is not None  # flags come from a row
    staff.recipient_reason = reason
    staff.save(update_fields=["recipient_reason"])
    return {"would_breach": describe_counts(flags), "reason": reason}


# --- what the pages show ---------------------------------------------------------------------------
@dataclass
class Option:
    """A lendable engagement on the lending council's own page, with what it would breach."""

    engagement_id: str
    description: str
    labels: list[str] = field(default_factory=list)


@dataclass
class AgencyView:
    """One loan's agency workers as one viewer may see them."""

    summary: str = ""  # counts by rule, or empty
    workers: int = 0
    own: list[tuple[str, str]] = field(default_factory=list)  # (engagement id, label): lender only
    options: list[Option] = field(default_factory=list)  # lender deciding only
    reasons: list[tuple[str, str]] = field(default_factory=list)  # (whose, reason): the two councils only
    notes: list[str] = field(default_factory=list)  # what was not checked: lender only (may name ids)


def _options(council: Council, loan: Loan, context: CheckContext) -> list[Option]:
    _register, offered = lendable(council, loan)
    check = check_loan(offered, terms_of(loan), context)
    labels: dict[str, list[str]] = {}
    for flag in check.flags:
        labels.setdefault(flag.engagement_id, []).append(flag.label)
    return [
        Option(
            e.engagement_id,
            f"{e.role.label}, {e.agency}, £{e.hourly_rate:.2f} an hour",
            labels.get(e.engagement_id, []),
        )
        for e in offered
    ]


def annotated(loans: list[Loan], council: Council | None = None, deciding: bool = False) -> list[Loan]:
    """``loans``, each with an ``agency`` view for ``council``'s page (None: the region's page)."""
    contexts: dict[int, CheckContext] = {}
    for loan in loans:
        staff = staff_of(loan)
        flags = loan_flags(staff)
        view = AgencyView(
            summary=describe_counts(flags), workers=len(staff.engagement_ids) if staff and staff.agency else 0
        )
        is_donor = council is not None and loan.from_council_id == council.pk
        if is_donor and staff is not None:
            labels: dict[str, list[str]] = {}
            for flag in flags:
                labels.setdefault(flag.engagement_id, []).append(flag.label)
            view.own = [(eid, "; ".join(labels.get(eid, ["no breach found"]))) for eid in view_ids(staff)]
            view.notes = list(staff.notes) if staff.agency else []
        if council is not None and staff is not None:
            said = (("Lender's reason", staff.donor_reason), ("Receiver's reason", staff.recipient_reason))
            view.reasons = [(who, reason) for who, reason in said if reason]
        if (
            council is not None
            and is_donor
            and deciding
            and loan.status == "Proposed"
            and loan.donor_decision == Decision.PENDING
        ):
            region = loan.run.region
            if region.pk not in contexts:
                contexts[region.pk] = context_for(region)
            view.options = _options(council, loan, contexts[region.pk])
        loan.agency = view
    return loans


def view_ids(staff: LoanStaff) -> list[str]:
    return list(staff.engagement_ids) if staff.agency else []


def export_cell(loan: Loan) -> str:
    """The partnership board's column: agency workers lent and the counts each rule flags."""
    staff = staff_of(loan)
    if staff is None or not staff.agency:
        return "permanent staff" if staff is not None else ""
    summary = describe_counts(loan_flags(staff))
    count = len(staff.engagement_ids)
    text = f"{count} agency worker{'s' if count != 1 else ''}"
    return f"{text}; would breach: {summary}" if summary else text
