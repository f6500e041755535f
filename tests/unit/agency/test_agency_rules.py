"""Each agency rule on both sides of its boundary, and rules judged by the date they took effect."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest

from csc_workforce.core.agency.caps import CapTable
from csc_workforce.core.agency.check import CheckContext, LeaverIndex, check_engagements
from csc_workforce.core.agency.model import CapException, Engagement, Leaver, PriceCap, Role, RuleId, Severity
from csc_workforce.core.agency.rules import DFE_2024_EFFECTIVE, NATIONAL_RULES
from csc_workforce.core.pseudonym import pseudonymise

SECRET = b"test-region-secret"
REGION = "Yorkshire and The Humber"


def key(swe: str) -> str:
    return pseudonymise(swe, SECRET)


def make(**changes: object) -> Engagement:
    base = Engagement(
        engagement_id="E1",
        la_code="370",
        agency="Acme Locums",
        swe_no="SW100001",
        role=Role.SOCIAL_WORKER,
        start_date=date(2025, 4, 1),
        end_date=None,
        hourly_rate=Decimal("40.00"),
        agency_fee_hourly=Decimal("4.00"),
        hours_per_week=Decimal("37"),
        qualified_date=date(2015, 1, 1),
        references_both_ways=True,
        project_team=False,
        project_team_workers_named=None,
        cap_exception_approved=False,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


CAPS = CapTable(
    [
        PriceCap(REGION, Role.SOCIAL_WORKER, date(2024, 10, 31), Decimal("40.00")),
        PriceCap(REGION, Role.SOCIAL_WORKER, date(2025, 10, 1), Decimal("42.50")),
        PriceCap("London", Role.SOCIAL_WORKER, date(2024, 10, 31), Decimal("30.00")),
    ]
)


def context(leavers: list[Leaver] | None = None, rules=NATIONAL_RULES, regions=None) -> CheckContext:
    index = None if leavers is None else LeaverIndex.build(leavers, regions or {})
    return CheckContext(rules=rules, caps=CAPS, region=REGION, worker_key=key, leavers=index)


def rules_found(engagement: Engagement, ctx: CheckContext | None = None) -> dict[RuleId, Severity]:
    result = check_engagements([engagement], ctx or context([]))
    return {f.rule: f.severity for f in result.findings}


def test_a_compliant_engagement_has_no_finding():
    assert rules_found(make()) == {}


# --- price cap -----------------------------------------------------------------------------------
def test_cap_exactly_met_is_compliant():
    assert rules_found(make(hourly_rate=Decimal("40.00"))) == {}


def test_one_penny_over_the_cap_is_a_breach():
    result = check_engagements([make(hourly_rate=Decimal("40.01"))], context([]))
    [finding] = result.findings
    assert (finding.rule, finding.severity) == (RuleId.PRICE_CAP, Severity.BREACH)
    assert "£40.01" in finding.message and "£40.00 cap" in finding.message and "£0.01" in finding.message
    assert finding.excess_hourly == Decimal("0.01")


def test_an_approved_exception_is_reported_as_approved_exception():
    sign_off = CapException("A. Patel, Head of Service", date(2025, 3, 1), "court work", date(2025, 9, 30))
    found = rules_found(make(hourly_rate=Decimal("45"), cap_exception_approved=True, cap_exception=sign_off))
    assert found == {RuleId.PRICE_CAP: Severity.APPROVED_EXCEPTION}


def test_an_approval_without_an_excess_is_not_a_finding():
    assert rules_found(make(cap_exception_approved=True)) == {}


def test_the_cap_in_force_on_the_start_date_applies():
    # 42.00 breaches the first cap but not the one from 1 October 2025.
    assert RuleId.PRICE_CAP in rules_found(make(hourly_rate=Decimal("42"), start_date=date(2025, 9, 30)))
    assert rules_found(make(hourly_rate=Decimal("42"), start_date=date(2025, 10, 1))) == {}


def test_caps_of_another_region_do_not_apply():
    ctx = CheckContext(rules=NATIONAL_RULES, caps=CAPS, region="london", worker_key=key)
    assert RuleId.PRICE_CAP in {f.rule for f in check_engagements([make()], ctx).findings}


def test_a_role_without_a_cap_is_noted_not_judged():
    result = check_engagements([make(role=Role.IRO, hourly_rate=Decimal(99))], context([]))
    assert result.findings == []
    assert any("no price cap for independent reviewing officer" in note for note in result.notes)


# --- experience ----------------------------------------------------------------------------------
def test_exactly_three_years_experience_is_compliant():
    assert rules_found(make(qualified_date=date(2022, 4, 1), start_date=date(2025, 4, 1))) == {}


def test_a_day_short_of_three_years_is_a_breach():
    result = check_engagements(
        [make(qualified_date=date(2022, 4, 2), start_date=date(2025, 4, 1))], context([])
    )
    [finding] = result.findings
    assert finding.rule == RuleId.EXPERIENCE
    assert "3 years" in finding.message and "2022-04-02" in finding.message
    assert "reached on 2025-04-02" in finding.message


def test_leap_day_qualification_reaches_three_years_on_28_february():
    assert rules_found(make(qualified_date=date(2024, 2, 29), start_date=date(2027, 2, 28))) == {}
    assert RuleId.EXPERIENCE in rules_found(
        make(qualified_date=date(2024, 2, 29), start_date=date(2027, 2, 27))
    )


def test_qualified_after_the_start_is_a_breach():
    assert RuleId.EXPERIENCE in rules_found(make(qualified_date=date(2025, 5, 1)))


# --- references and project teams ----------------------------------------------------------------
def test_references_not_both_ways_is_a_breach():
    assert rules_found(make(references_both_ways=False)) == {RuleId.REFERENCES: Severity.BREACH}


def test_project_team_with_workers_named_is_compliant():
    assert rules_found(make(project_team=True, project_team_workers_named=True)) == {}


def test_project_team_without_workers_named_is_a_breach():
    found = rules_found(make(project_team=True, project_team_workers_named=False))
    assert found == {RuleId.PROJECT_TEAM: Severity.BREACH}


# --- cooling-off ---------------------------------------------------------------------------------
LEFT = date(2025, 1, 15)


def leaver(la_code: str = "371", left_on: date = LEFT, swe: str = "SW100001") -> Leaver:
    return Leaver(worker_key=key(swe), la_code=la_code, left_on=left_on)


def test_start_exactly_three_months_after_leaving_is_compliant():
    assert rules_found(make(start_date=date(2025, 4, 15)), context([leaver()])) == {}


def test_start_a_day_earlier_is_a_breach():
    result = check_engagements([make(start_date=date(2025, 4, 14))], context([leaver()]))
    [finding] = result.findings
    assert finding.rule == RuleId.COOLING_OFF
    assert "council 371" in finding.message and "3 months" in finding.message
    assert "earliest allowed start 2025-04-15" in finding.message
    assert "SW100001" not in finding.message


def test_matching_ignores_case_and_spaces_of_the_swe_number():
    found = rules_found(make(start_date=date(2025, 2, 1), swe_no=" sw100001 "), context([leaver()]))
    assert found == {RuleId.COOLING_OFF: Severity.BREACH}


def test_a_different_worker_does_not_match():
    assert rules_found(make(start_date=date(2025, 2, 1)), context([leaver(swe="SW999")])) == {}


def test_a_leaver_from_another_region_does_not_count():
    regions = {"370": REGION, "371": REGION, "202": "London"}
    ctx = context([leaver(la_code="202")], regions=regions)
    assert rules_found(make(start_date=date(2025, 2, 1)), ctx) == {}
    ctx = context([leaver(la_code="371")], regions=regions)
    assert rules_found(make(start_date=date(2025, 2, 1)), ctx) == {RuleId.COOLING_OFF: Severity.BREACH}


def test_leaving_after_the_start_is_not_a_cooling_off_breach():
    assert rules_found(make(start_date=date(2025, 1, 14)), context([leaver()])) == {}


def test_the_latest_departure_counts():
    leavers = [leaver(left_on=date(2024, 1, 1)), leaver(left_on=date(2025, 3, 31))]
    assert RuleId.COOLING_OFF in rules_found(make(start_date=date(2025, 4, 1)), context(leavers))


@pytest.mark.parametrize(
    ("months", "allowed", "too_early"),
    [(6, date(2025, 7, 15), date(2025, 7, 14)), (12, date(2026, 1, 15), date(2026, 1, 14))],
)
def test_regional_agreement_tightens_cooling_off(months, allowed, too_early):
    rules = NATIONAL_RULES.with_regional_agreement(source="Regional memorandum", cooling_off_months=months)
    ctx = context([leaver()], rules=rules)
    assert rules_found(make(start_date=allowed), ctx) == {}
    result = check_engagements([make(start_date=too_early)], ctx)
    [finding] = result.findings
    assert f"within {months} months" in finding.message and "Regional memorandum" in finding.message


def test_regional_agreement_cannot_loosen_the_national_minimum():
    with pytest.raises(ValueError, match="national minimum of 3 months"):
        NATIONAL_RULES.with_regional_agreement(source="x", cooling_off_months=2)


def test_without_leavers_cooling_off_is_noted_as_not_checked():
    result = check_engagements([make()], context(None))
    assert any("cooling-off not checked" in note for note in result.notes)


# --- rules in force ------------------------------------------------------------------------------
def test_engagement_before_the_rules_is_judged_by_no_rule():
    bad = make(
        start_date=date(2024, 10, 30),
        hourly_rate=Decimal(99),
        qualified_date=date(2024, 1, 1),
        references_both_ways=False,
        project_team=True,
        project_team_workers_named=False,
    )
    result = check_engagements([bad], context([leaver(left_on=date(2024, 10, 1))]))
    assert result.findings == [] and result.not_judged == 1


def test_engagement_on_the_day_the_rules_took_effect_is_judged():
    assert RuleId.REFERENCES in rules_found(make(start_date=DFE_2024_EFFECTIVE, references_both_ways=False))


def test_findings_for_several_rules_are_all_reported():
    bad = make(hourly_rate=Decimal(41), qualified_date=date(2024, 1, 1), references_both_ways=False)
    assert set(rules_found(bad)) == {RuleId.EXPERIENCE, RuleId.REFERENCES, RuleId.PRICE_CAP}


def test_cooling_off_from_a_month_end_ends_on_the_last_day_of_the_shorter_month():
    left = [leaver(left_on=date(2024, 11, 30))]
    assert rules_found(make(start_date=date(2025, 2, 28)), context(left)) == {}
    assert rules_found(make(start_date=date(2025, 2, 27)), context(left)) == {
        RuleId.COOLING_OFF: Severity.BREACH
    }


def test_a_leaver_of_the_engaging_council_is_named_as_this_council():
    result = check_engagements([make(start_date=date(2025, 2, 1))], context([leaver(la_code="370")]))
    [finding] = result.findings
    assert "at this council on 2025-01-15" in finding.message


def test_a_regional_agreement_from_a_later_date_judges_earlier_starts_by_the_national_rule():
    rules = NATIONAL_RULES.with_regional_agreement(
        source="Regional memorandum", cooling_off_months=6, effective_from=date(2025, 6, 1)
    )
    left = [leaver(left_on=date(2025, 1, 15))]
    # Started before the agreement: the national 3 months apply, and 4 months later is allowed.
    assert rules_found(make(start_date=date(2025, 5, 15)), context(left, rules=rules)) == {}
    # From the agreement's first day, 6 months apply: 2025-07-14 is a day short.
    late = [leaver(left_on=date(2025, 1, 15))]
    result = check_engagements([make(start_date=date(2025, 7, 14))], context(late, rules=rules))
    [finding] = result.findings
    assert "within 6 months" in finding.message and "earliest allowed start 2025-07-15" in finding.message
    assert rules_found(make(start_date=date(2025, 7, 15)), context(late, rules=rules)) == {}


def test_the_day_before_the_rules_judges_no_cap_or_experience_even_when_both_are_broken():
    day_before = date(2024, 10, 30)
    bad = make(start_date=day_before, hourly_rate=Decimal("40.01"), qualified_date=date(2022, 10, 31))
    assert rules_found(bad) == {}
    on_the_day = replace(bad, start_date=DFE_2024_EFFECTIVE)
    assert set(rules_found(on_the_day)) == {RuleId.PRICE_CAP, RuleId.EXPERIENCE}
