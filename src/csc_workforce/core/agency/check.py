"""Check engagements against the rules in force on their start dates."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from csc_workforce.core.agency.caps import CapTable, region_key
from csc_workforce.core.agency.dates import add_months, add_years, describe_gap
from csc_workforce.core.agency.model import Engagement, Finding, Leaver, RuleId, Severity
from csc_workforce.core.agency.rules import RuleBook, RuleVersion


@dataclass(frozen=True, slots=True)
class LeaverIndex:
    """Leavers by worker key, with each council's region to decide "the same region".

    ``council_region`` maps a council code to its region name; a council missing from it is taken
    to be in the region being checked (the caller warns about it).
    """

    by_key: Mapping[str, Sequence[Leaver]]
    council_region: Mapping[str, str]

    @classmethod
    def build(cls, leavers: Iterable[Leaver], council_region: Mapping[str, str]) -> LeaverIndex:
        by_key: dict[str, list[Leaver]] = {}
        for leaver in leavers:
            by_key.setdefault(leaver.worker_key, []).append(leaver)
        return cls(by_key=by_key, council_region=council_region)

    def region_of(self, la_code: str, default: str) -> str:
        return region_key(self.council_region.get(la_code, default))


@dataclass(frozen=True, slots=True)
class CheckContext:
    """Everything a check needs besides the engagements.

    ``leavers`` is None when no census returns were given: the cooling-off rule is then not
    checked (and the result says so). ``worker_key`` turns a SWE number into the keyed hash the
    leavers carry.
    """

    rules: RuleBook
    caps: CapTable
    region: str
    worker_key: Callable[[str], str]
    leavers: LeaverIndex | None = None


@dataclass(slots=True)
class CheckResult:
    findings: list[Finding] = field(default_factory=list)
    # Things that could not be judged (e.g. no cap set for a role yet), for the user to see.
    notes: list[str] = field(default_factory=list)
    judged: int = 0
    not_judged: int = 0


def check_engagements(engagements: Iterable[Engagement], context: CheckContext) -> CheckResult:
    """Every finding for every engagement, in engagement order then rule order."""
    result = CheckResult()
    for engagement in engagements:
        if not any(context.rules.in_force(rule, engagement.start_date) for rule in RuleId):
            result.not_judged += 1
            continue
        result.judged += 1
        for rule, check in _CHECKS:
            version = context.rules.in_force(rule, engagement.start_date)
            if version is not None:
                finding = check(engagement, version, context, result.notes)
                if finding is not None:
                    result.findings.append(finding)
    if context.leavers is None and result.judged:
        result.notes.append("cooling-off not checked: no census returns were given to supply leavers")
    return result


def _finding(
    engagement: Engagement,
    rule: RuleId,
    message: str,
    severity: Severity = Severity.BREACH,
    excess_hourly: Decimal | None = None,
) -> Finding:
    return Finding(
        engagement_id=engagement.engagement_id,
        rule=rule,
        severity=severity,
        message=message,
        la_code=engagement.la_code,
        agency=engagement.agency,
        excess_hourly=excess_hourly,
    )


def _check_experience(
    engagement: Engagement, version: RuleVersion, _context: CheckContext, _notes: list[str]
) -> Finding | None:
    years = version.min_experience_years
    reached = add_years(engagement.qualified_date, years)
    if reached <= engagement.start_date:
        return None
    if engagement.qualified_date > engagement.start_date:
        found = f"qualified on {engagement.qualified_date}, after the start on {engagement.start_date}"
    else:
        gap = describe_gap(engagement.qualified_date, engagement.start_date)
        found = f"qualified on {engagement.qualified_date}, {gap} before the start on {engagement.start_date}"
    return _finding(
        engagement,
        RuleId.EXPERIENCE,
        f"{found}; {version.source} requires at least {years} years' post-qualifying experience "
        f"at the start (reached on {reached})",
    )


def _check_references(
    engagement: Engagement, version: RuleVersion, _context: CheckContext, _notes: list[str]
) -> Finding | None:
    if engagement.references_both_ways:
        return None
    return _finding(
        engagement,
        RuleId.REFERENCES,
        "references were not exchanged both ways (references_both_ways = no); "
        f"{version.source} requires a practice-based reference before engaging a worker and one "
        "from the council for every worker it engaged",
    )


def _check_project_team(
    engagement: Engagement, version: RuleVersion, _context: CheckContext, _notes: list[str]
) -> Finding | None:
    if not engagement.project_team or engagement.project_team_workers_named:
        return None
    return _finding(
        engagement,
        RuleId.PROJECT_TEAM,
        "engaged through a project team whose workers were not all named "
        f"(project_team_workers_named = no); {version.source} requires every worker in a project "
        "team to be identified and approved by the council in advance",
    )


def _check_cooling_off(
    engagement: Engagement, version: RuleVersion, context: CheckContext, _notes: list[str]
) -> Finding | None:
    if context.leavers is None:
        return None
    months = version.cooling_off_months
    region = context.leavers.region_of(engagement.la_code, context.region)
    key = context.worker_key(engagement.swe_no)
    # The latest departure on or before the start is the one the cooling-off period runs from.
    relevant = [
        leaver
        for leaver in context.leavers.by_key.get(key, ())
        if leaver.left_on <= engagement.start_date
        and context.leavers.region_of(leaver.la_code, context.region) == region
    ]
    if not relevant:
        return None
    latest = max(relevant, key=lambda leaver: leaver.left_on)
    earliest_allowed = add_months(latest.left_on, months)
    if engagement.start_date >= earliest_allowed:
        return None
    where = (
        "this council"
        if latest.la_code == engagement.la_code
        else f"council {latest.la_code or '(unknown)'} in the same region"
    )
    gap = describe_gap(latest.left_on, engagement.start_date)
    return _finding(
        engagement,
        RuleId.COOLING_OFF,
        f"the worker left a permanent post at {where} on {latest.left_on} and started this "
        f"engagement on {engagement.start_date}, {gap} later; {version.source} allows no agency "
        f"engagement within {months} months of leaving a permanent post in a council of the same "
        f"region (earliest allowed start {earliest_allowed})",
    )


def _check_price_cap(
    engagement: Engagement, version: RuleVersion, context: CheckContext, notes: list[str]
) -> Finding | None:
    cap = context.caps.cap_for(context.region, engagement.role, engagement.start_date)
    if cap is None and not context.caps.has_region(context.region):
        return None  # the region has set no caps at all: said once by the caller, not per engagement
    if cap is None:
        notes.append(
            f"engagement {engagement.engagement_id}: no price cap for {engagement.role.label} in "
            f"{context.region} on {engagement.start_date}; price cap not checked"
        )
        return None
    excess = engagement.hourly_rate - cap.max_hourly_rate
    if excess <= 0:
        return None
    percent = (excess / cap.max_hourly_rate * 100) if cap.max_hourly_rate else Decimal(0)
    found = (
        f"hourly rate {money(engagement.hourly_rate)} is {money(excess)} ({percent:.2f}%) above the "
        f"{money(cap.max_hourly_rate)} cap for {engagement.role.label} in {cap.region} from "
        f"{cap.effective_from}; {version.source} requires rates within the regional price cap"
    )
    sign_off = engagement.cap_exception
    if engagement.cap_exception_approved and sign_off is not None and sign_off.until >= engagement.start_date:
        return _finding(
            engagement,
            RuleId.PRICE_CAP,
            f"{found}; an exception was {sign_off.describe()}; it must be reported",
            severity=Severity.APPROVED_EXCEPTION,
            excess_hourly=excess,
        )
    if not engagement.cap_exception_approved:
        why = "no exception was approved"
    elif sign_off is None:
        why = (
            "cap_exception_approved = yes but no sign-off is recorded (exception_approved_by, "
            "exception_approved_on, exception_reason, exception_until): an exception is signed off, "
            "not ticked"
        )
    else:
        why = f"the exception {sign_off.describe()} ended before the start on {engagement.start_date}"
    return _finding(engagement, RuleId.PRICE_CAP, f"{found}; {why}", excess_hourly=excess)


def money(amount: Decimal) -> str:
    """Pounds with pence, e.g. ``£1,234.50``."""
    return f"£{amount:,.2f}"


_Check = Callable[[Engagement, RuleVersion, CheckContext, list[str]], Finding | None]

_CHECKS: tuple[tuple[RuleId, _Check], ...] = (
    (RuleId.EXPERIENCE, _check_experience),
    (RuleId.REFERENCES, _check_references),
    (RuleId.COOLING_OFF, _check_cooling_off),
    (RuleId.PROJECT_TEAM, _check_project_team),
    (RuleId.PRICE_CAP, _check_price_cap),
)
