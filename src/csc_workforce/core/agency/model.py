"""Engagements, price caps, leavers and findings: the plain data the agency rules work on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum


class Role(StrEnum):
    """DfE's five core job types for agency child and family social workers."""

    SOCIAL_WORKER = "social_worker"
    SENIOR_SOCIAL_WORKER = "senior_social_worker"
    ADVANCED_PRACTITIONER = "advanced_practitioner"
    TEAM_MANAGER = "team_manager"
    IRO = "iro"

    @property
    def label(self) -> str:
        return _ROLE_LABELS[self]


_ROLE_LABELS = {
    Role.SOCIAL_WORKER: "social worker",
    Role.SENIOR_SOCIAL_WORKER: "senior social worker",
    Role.ADVANCED_PRACTITIONER: "advanced practitioner",
    Role.TEAM_MANAGER: "team manager",
    Role.IRO: "independent reviewing officer",
}


class RuleId(StrEnum):
    EXPERIENCE = "experience"
    REFERENCES = "references"
    COOLING_OFF = "cooling-off"
    PROJECT_TEAM = "project-team"
    PRICE_CAP = "price-cap"


class Severity(StrEnum):
    BREACH = "breach"
    APPROVED_EXCEPTION = "approved-exception"


@dataclass(frozen=True, slots=True)
class CapException:
    """A price-cap exception as signed off: who approved it (names and roles, as text), when,
    why, and the last day it covers."""

    approved_by: str
    approved_on: date
    reason: str
    until: date

    def describe(self) -> str:
        return (
            f"approved by {self.approved_by} on {self.approved_on} until {self.until}, because: {self.reason}"
        )


@dataclass(frozen=True, slots=True)
class Engagement:
    """One agency engagement (assignment) as recorded by the engaging council.

    ``hourly_rate`` is the capped part (pay, employer NI, apprenticeship levy, holiday pay) in
    pounds; ``agency_fee_hourly`` is the agency's margin on top. ``project_team_workers_named`` is
    None when the engagement is not in a project team.
    """

    engagement_id: str
    la_code: str
    agency: str
    swe_no: str
    role: Role
    start_date: date
    end_date: date | None
    hourly_rate: Decimal
    agency_fee_hourly: Decimal
    hours_per_week: Decimal
    qualified_date: date
    references_both_ways: bool
    project_team: bool
    project_team_workers_named: bool | None
    cap_exception_approved: bool
    # The sign-off behind ``cap_exception_approved``; None when the register records none.
    cap_exception: CapException | None = None

    @property
    def total_hourly_cost(self) -> Decimal:
        return self.hourly_rate + self.agency_fee_hourly


@dataclass(frozen=True, slots=True)
class PriceCap:
    """A region's maximum hourly rate (the capped part) for a role, from ``effective_from``."""

    region: str
    role: Role
    effective_from: date
    max_hourly_rate: Decimal


@dataclass(frozen=True, slots=True)
class Leaver:
    """A permanent (non-agency) worker who left a council, identified only by a keyed hash."""

    worker_key: str
    la_code: str
    left_on: date


@dataclass(frozen=True, slots=True)
class Finding:
    """One rule an engagement broke (or broke with approval)."""

    engagement_id: str
    rule: RuleId
    severity: Severity
    message: str
    la_code: str
    agency: str
    # Pounds per hour above the cap; only for price-cap findings.
    excess_hourly: Decimal | None = None

    def as_dict(self) -> dict[str, str]:
        """The public JSON shape of a finding."""
        return {
            "engagement_id": self.engagement_id,
            "rule": str(self.rule),
            "severity": str(self.severity),
            "message": self.message,
        }
