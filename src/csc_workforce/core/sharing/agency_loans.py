"""Loans of agency workers between councils, checked as the receiving council would engage them.

A donor council may lend some of its current agency engagements instead of permanent staff. The
receiving council would then engage those workers itself: each engagement is re-homed to the
recipient, starting on the loan's first day for the loan's months, and checked by the one
implementation of the agency rules (:func:`csc_workforce.core.agency.check.check_engagements`)
against the region's caps and rules in force on that day and the region's leavers. Only the rules
a move between councils can newly break are flagged: the price cap (the recipient pays the same
rate, judged against the cap in force on the loan's start) and the no-return (cooling-off) period
(the worker left a permanent post in the region, typically at the recipient, too recently).

A donor's price-cap exception is its own sign-off and does not travel with the worker: the
recipient would need its own, which is why a flagged loan is agreed only with a typed reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from typing import Final

from csc_workforce.core.agency.check import CheckContext, check_engagements, money
from csc_workforce.core.agency.dates import add_months
from csc_workforce.core.agency.model import Engagement, Role, RuleId, Severity
from csc_workforce.core.forecast.surplus import CASE_HOLDING

# The rules a loan between councils is checked against, in the order flags are shown.
LOAN_RULES: Final = (RuleId.PRICE_CAP, RuleId.COOLING_OFF)
RULE_NAMES: Final = {RuleId.PRICE_CAP: "price cap", RuleId.COOLING_OFF: "no-return period"}

# The agency job types that hold cases: a loan of case-holding social workers can name these.
AGENCY_ROLES: Final[Mapping[str, frozenset[Role]]] = {
    CASE_HOLDING: frozenset({Role.SOCIAL_WORKER, Role.SENIOR_SOCIAL_WORKER, Role.ADVANCED_PRACTITIONER}),
}


@dataclass(frozen=True, slots=True)
class LoanTerms:
    """Who would engage the workers, and when: the recipient council, the loan's first day and length."""

    recipient_la: str
    start: date
    months: int

    @property
    def last_day(self) -> date:
        return add_months(self.start, self.months) - timedelta(days=1)


@dataclass(frozen=True, slots=True)
class LoanFlag:
    """One rule a lent engagement would breach at the recipient. ``excess_hourly`` is pounds an
    hour over the cap (price cap only)."""

    engagement_id: str
    rule: RuleId
    message: str
    excess_hourly: Decimal | None = None

    @property
    def label(self) -> str:
        """What the pages show, e.g. ``would breach: price cap (£2.50 an hour over)``."""
        if self.rule == RuleId.PRICE_CAP and self.excess_hourly is not None:
            return f"would breach: price cap ({money(self.excess_hourly)} an hour over)"
        return f"would breach: {RULE_NAMES[self.rule]}"

    def as_dict(self) -> dict[str, str]:
        return {
            "engagement_id": self.engagement_id,
            "rule": str(self.rule),
            "message": self.message,
            "excess_hourly": "" if self.excess_hourly is None else str(self.excess_hourly),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, str]) -> LoanFlag:
        excess = data.get("excess_hourly") or ""
        return cls(
            engagement_id=data["engagement_id"],
            rule=RuleId(data["rule"]),
            message=data.get("message", ""),
            excess_hourly=Decimal(excess) if excess else None,
        )


@dataclass(frozen=True, slots=True)
class LoanCheck:
    """The flags for a loan's agency workers, and what the check could not judge."""

    flags: tuple[LoanFlag, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def breaches(self) -> bool:
        return bool(self.flags)


def is_current(engagement: Engagement, on: date) -> bool:
    """Whether ``engagement`` has not ended before ``on`` (a worker the donor could still lend)."""
    return engagement.end_date is None or engagement.end_date >= on


def lendable(engagements: Iterable[Engagement], role: str, start: date) -> list[Engagement]:
    """A donor's engagements it could lend in a loan of ``role`` from ``start``: current on that
    day and of an agency job type that role covers, in register order."""
    roles = AGENCY_ROLES.get(role, frozenset())
    return [e for e in engagements if e.role in roles and is_current(e, start)]


def rehome(engagement: Engagement, terms: LoanTerms) -> Engagement:
    """``engagement`` as the recipient would record it: its council, the loan's dates, and no
    price-cap exception (the donor's sign-off is not the recipient's)."""
    return replace(
        engagement,
        la_code=terms.recipient_la,
        start_date=terms.start,
        end_date=terms.last_day,
        cap_exception_approved=False,
        cap_exception=None,
    )


def check_loan(engagements: Sequence[Engagement], terms: LoanTerms, context: CheckContext) -> LoanCheck:
    """Every :data:`LOAN_RULES` breach of ``engagements`` re-homed by ``terms``, checked with
    ``context`` (the region's rules, caps and leavers), in engagement then rule order."""
    result = check_engagements([rehome(e, terms) for e in engagements], context)
    order = {rule: i for i, rule in enumerate(LOAN_RULES)}
    by_engagement = {e.engagement_id: i for i, e in enumerate(engagements)}
    flags = sorted(
        (
            LoanFlag(f.engagement_id, f.rule, f.message, f.excess_hourly)
            for f in result.findings
            if f.rule in order and f.severity == Severity.BREACH
        ),
        key=lambda flag: (by_engagement[flag.engagement_id], order[flag.rule]),
    )
    notes = list(result.notes)
    if result.not_judged:
        notes.append(f"{result.not_judged} engagement(s) not judged: no rule was in force on {terms.start}")
    return LoanCheck(flags=tuple(flags), notes=tuple(notes))


def workers_by_rule(flags: Iterable[LoanFlag]) -> dict[RuleId, int]:
    """How many lent workers (engagements) each rule flags, in :data:`LOAN_RULES` order; never who."""
    seen: dict[RuleId, set[str]] = {rule: set() for rule in LOAN_RULES}
    for flag in flags:
        seen[flag.rule].add(flag.engagement_id)
    return {rule: len(ids) for rule, ids in seen.items() if ids}


def describe_counts(flags: Iterable[LoanFlag]) -> str:
    """``price cap: 2 workers; no-return period: 1 worker``, or empty when nothing is flagged."""
    return "; ".join(
        f"{RULE_NAMES[rule]}: {count} worker{'s' if count != 1 else ''}"
        for rule, count in workers_by_rule(flags).items()
    )
