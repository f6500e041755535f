"""Agency workers lent between councils, re-homed to the recipient and checked by the agency rules:
known answers for a rate over the cap, a worker who left the recipient two months before the loan,
and a clean loan."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from csc_workforce.core.agency.caps import CapTable
from csc_workforce.core.agency.check import CheckContext, LeaverIndex
from csc_workforce.core.agency.model import CapException, Engagement, Leaver, PriceCap, Role, RuleId
from csc_workforce.core.agency.rules import NATIONAL_RULES
from csc_workforce.core.forecast.surplus import CASE_HOLDING
from csc_workforce.core.pseudonym import pseudonymise
from csc_workforce.core.sharing.agency_loans import (
    LoanFlag,
    LoanTerms,
    check_loan,
    describe_counts,
    lendable,
    rehome,
    workers_by_rule,
)

SECRET = b"unit-secret"
REGION = "East of England"
DONOR, RECIPIENT, ELSEWHERE = "873", "822", "370"
TERMS = LoanTerms(recipient_la=RECIPIENT, start=date(2025, 10, 1), months=6)


def key(swe: str) -> str:
    return pseudonymise(swe, SECRET)


def engagement(engagement_id: str, **changes: object) -> Engagement:
    base = Engagement(
        engagement_id=engagement_id,
        la_code=DONOR,
        agency="Acme Locums",
        swe_no="SW100001",
        role=Role.SOCIAL_WORKER,
        start_date=date(2025, 1, 6),
        end_date=None,
        hourly_rate=Decimal("38.00"),
        agency_fee_hourly=Decimal("4.00"),
        hours_per_week=Decimal("37"),
        qualified_date=date(2015, 1, 1),
        references_both_ways=True,
        project_team=False,
        project_team_workers_named=None,
        cap_exception_approved=False,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


# The cap rose on 1 October 2025: a loan from then is judged by the new cap, not the old.
CAPS = CapTable(
    [
        PriceCap(REGION, Role.SOCIAL_WORKER, date(2024, 10, 31), Decimal("36.00")),
        PriceCap(REGION, Role.SOCIAL_WORKER, date(2025, 10, 1), Decimal("40.00")),
        PriceCap(REGION, Role.SENIOR_SOCIAL_WORKER, date(2024, 10, 31), Decimal("45.00")),
    ]
)
COUNCILS = {DONOR: REGION, RECIPIENT: REGION, ELSEWHERE: "Yorkshire and The Humber"}


def context(leavers: list[Leaver] | None = None) -> CheckContext:
    index = None if leavers is None else LeaverIndex.build(leavers, COUNCILS)
    return CheckContext(rules=NATIONAL_RULES, caps=CAPS, region=REGION, worker_key=key, leavers=index)


def test_rehoming_moves_the_engagement_to_the_recipient_for_the_loans_months() -> None:
    signed = CapException("A. Head", date(2025, 1, 2), "court work", date(2026, 12, 31))
    original = engagement(
        "ENG-1", end_date=date(2026, 3, 31), cap_exception_approved=True, cap_exception=signed
    )
    moved = rehome(original, TERMS)
    assert (moved.la_code, moved.start_date, moved.end_date) == (
        RECIPIENT,
        date(2025, 10, 1),
        date(2026, 3, 31),
    )
    # The donor's exception is its own sign-off, not the recipient's.
    assert not moved.cap_exception_approved and moved.cap_exception is None
    assert (moved.swe_no, moved.hourly_rate, moved.engagement_id) == ("SW100001", Decimal("38.00"), "ENG-1")
    assert TERMS.last_day == date(2026, 3, 31)
    assert LoanTerms(RECIPIENT, date(2026, 1, 31), 1).last_day == date(2026, 2, 27)


def test_a_rate_over_the_recipients_cap_is_flagged_with_the_excess() -> None:
    check = check_loan([engagement("ENG-9", hourly_rate=Decimal("42.50"))], TERMS, context([]))
    assert [(f.engagement_id, f.rule, f.excess_hourly) for f in check.flags] == [
        ("ENG-9", RuleId.PRICE_CAP, Decimal("2.50"))
    ]
    assert check.flags[0].label == "would breach: price cap (£2.50 an hour over)"
    # Judged by the cap in force on the loan's start (£40), not the engagement's own start (£36).
    assert "£40.00 cap" in check.flags[0].message


def test_the_donors_cap_exception_does_not_travel_with_the_worker() -> None:
    signed = CapException("A. Head", date(2025, 1, 2), "court work", date(2026, 12, 31))
    over = engagement(
        "ENG-2", hourly_rate=Decimal("41.00"), cap_exception_approved=True, cap_exception=signed
    )
    assert [f.rule for f in check_loan([over], TERMS, context([])).flags] == [RuleId.PRICE_CAP]


def test_a_worker_who_left_the_recipient_two_months_before_breaches_the_no_return_period() -> None:
    left = Leaver(worker_key=key("SW200002"), la_code=RECIPIENT, left_on=date(2025, 8, 1))
    returning = engagement("ENG-3", swe_no="SW200002")
    check = check_loan([returning], TERMS, context([left]))
    assert [(f.engagement_id, f.rule) for f in check.flags] == [("ENG-3", RuleId.COOLING_OFF)]
    assert check.flags[0].label == "would breach: no-return period"
    assert "this council" in check.flags[0].message and "2 months" in check.flags[0].message
    # Four months before is outside the national three months; another region's leaving never counts.
    long_ago = replace(left, left_on=date(2025, 6, 1))
    other_region = replace(left, la_code=ELSEWHERE)
    assert not check_loan([returning], TERMS, context([long_ago])).flags
    assert not check_loan([returning], TERMS, context([other_region])).flags


def test_a_clean_loan_has_no_flags_and_only_loan_rules_are_flagged() -> None:
    # References and experience are the engagement's own recruitment, checked on the donor's register.
    clean = engagement("ENG-4", references_both_ways=False, qualified_date=date(2024, 1, 1))
    check = check_loan([clean], TERMS, context([]))
    assert check.flags == () and not check.breaches and check.notes == ()


def test_unchecked_rules_are_noted_not_flagged() -> None:
    no_cap = engagement("ENG-5", role=Role.ADVANCED_PRACTITIONER, hourly_rate=Decimal("99"))
    check = check_loan([no_cap], TERMS, context(None))
    assert check.flags == ()
    assert any("no price cap for advanced practitioner" in note for note in check.notes)
    assert any("cooling-off not checked" in note for note in check.notes)


def test_counts_by_rule_never_name_a_worker() -> None:
    left = Leaver(worker_key=key("SW200002"), la_code=RECIPIENT, left_on=date(2025, 8, 1))
    both = engagement("A", swe_no="SW200002", hourly_rate=Decimal("41"))
    over = engagement("B", swe_no="SW300003", hourly_rate=Decimal("40.01"))
    flags = check_loan([both, over, engagement("C")], TERMS, context([left])).flags
    assert [(f.engagement_id, f.rule) for f in flags] == [
        ("A", RuleId.PRICE_CAP),
        ("A", RuleId.COOLING_OFF),
        ("B", RuleId.PRICE_CAP),
    ]
    assert workers_by_rule(flags) == {RuleId.PRICE_CAP: 2, RuleId.COOLING_OFF: 1}
    text = describe_counts(flags)
    assert text == "price cap: 2 workers; no-return period: 1 worker"
    assert not {"A", "B", "C", "SW200002", "SW300003"} & set(text.replace(";", " ").replace(":", " ").split())
    assert describe_counts([]) == ""
    assert [LoanFlag.from_dict(f.as_dict()) for f in flags] == list(flags)


def test_lendable_engagements_are_current_case_holding_ones() -> None:
    register = [
        engagement("SW", role=Role.SOCIAL_WORKER),
        engagement("SSW", role=Role.SENIOR_SOCIAL_WORKER, end_date=date(2025, 10, 1)),
        engagement("ENDED", end_date=date(2025, 9, 30)),
        engagement("TM", role=Role.TEAM_MANAGER),
        engagement("IRO", role=Role.IRO),
    ]
    chosen = lendable(register, CASE_HOLDING, TERMS.start)
    assert [e.engagement_id for e in chosen] == ["SW", "SSW"]
    assert lendable(register, "managers", TERMS.start) == []


@given(
    rate=st.decimals(min_value=Decimal("20"), max_value=Decimal("80"), places=2),
    left_months_before=st.integers(min_value=0, max_value=12),
)
def test_flags_follow_the_cap_and_the_period_exactly(rate: Decimal, left_months_before: int) -> None:
    left_on = date(2025 - (left_months_before > 9), (10 - left_months_before - 1) % 12 + 1, 1)
    leaver = Leaver(worker_key=key("SW200002"), la_code=RECIPIENT, left_on=left_on)
    flags = check_loan([engagement("X", swe_no="SW200002", hourly_rate=rate)], TERMS, context([leaver])).flags
    expected = []
    if rate > Decimal("40.00"):
        expected.append(RuleId.PRICE_CAP)
    if left_months_before < 3:
        expected.append(RuleId.COOLING_OFF)
    assert [f.rule for f in flags] == expected
