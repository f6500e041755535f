"""Synthetic agency engagement registers (and an illustrative caps file) from synthetic census returns.

Every agency worker in a council's synthetic returns becomes engagements in that council's
register (successive assignments of 6 to 18 months), with the same SWE number, so the register and
the census agree. A worker who left a
permanent post in the region before becoming an agency worker starts the engagement a few weeks
to a year after leaving, so some engagements break the cooling-off rule as real ones do. Rates,
experience, references and project teams are drawn so that a small share breaks each other rule.
No real personal data and no real cap figures: the caps are illustrative.
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Final

from csc_workforce.core.agency.leavers import departures_from_return
from csc_workforce.core.agency.model import Role
from csc_workforce.core.census.model import CensusReturn
from csc_workforce.ingest.engagements import REGISTER_COLUMNS
from csc_workforce.synth.history import reference_day
from csc_workforce.synth.people import seeded

# Illustrative caps (pounds an hour, the capped part) from the day the DfE rules took effect.
ILLUSTRATIVE_CAPS: Final = {
    Role.SOCIAL_WORKER: Decimal("41.00"),
    Role.SENIOR_SOCIAL_WORKER: Decimal("45.00"),
    Role.ADVANCED_PRACTITIONER: Decimal("49.00"),
    Role.TEAM_MANAGER: Decimal("55.00"),
    Role.IRO: Decimal("50.00"),
}
CAPS_FROM: Final = date(2024, 10, 31)
# Illustrative employer cost per hour of a permanent worker (salary, on-costs), for the premium.
ILLUSTRATIVE_PERMANENT_COSTS: Final = {
    Role.SOCIAL_WORKER: Decimal("30.50"),
    Role.SENIOR_SOCIAL_WORKER: Decimal("34.00"),
    Role.ADVANCED_PRACTITIONER: Decimal("37.50"),
    Role.TEAM_MANAGER: Decimal("42.00"),
    Role.IRO: Decimal("39.00"),
}
AGENCIES: Final = (
    "Northgate Social Care Recruitment",
    "Harbour Locums",
    "Meridian Children's Staffing",
    "Beacon Social Work Partners",
    "Fenland Agency Services",
    "Oakline Professional Recruitment",
)
# Census OrgRole -> the DfE core job type the engagement is most likely to be.
_ROLE_BY_ORG_ROLE: Final = {
    "1": Role.TEAM_MANAGER,
    "2": Role.TEAM_MANAGER,
    "3": Role.TEAM_MANAGER,
    "4": Role.ADVANCED_PRACTITIONER,
    "5": Role.SOCIAL_WORKER,
    "6": Role.SOCIAL_WORKER,
}
_ROLE_MIX: Final = (
    (Role.SOCIAL_WORKER, 0.62),
    (Role.SENIOR_SOCIAL_WORKER, 0.2),
    (Role.ADVANCED_PRACTITIONER, 0.08),
    (Role.TEAM_MANAGER, 0.07),
    (Role.IRO, 0.03),
)


@dataclass(frozen=True, slots=True)
class _Sighting:
    """An agency worker's first appearance in a council's returns."""

    la_code: str
    swe_no: str
    first_year: int
    last_year: int
    org_role: str | None


def _leaving_dates(returns: Iterable[CensusReturn]) -> dict[str, list[date]]:
    """Permanent workers' leaving dates by SWE number, across the region's returns."""
    left: dict[str, list[date]] = {}
    for census in returns:
        for departure in departures_from_return(census).departures:
            left.setdefault(departure.swe_no, []).append(departure.left_on)
    return left


def _sightings(returns: Iterable[CensusReturn]) -> list[_Sighting]:
    seen: dict[tuple[str, str], _Sighting] = {}
    for census in sorted(returns, key=lambda r: (r.year or 0, r.la_code or "")):
        if census.year is None or not census.la_code:
            continue
        for worker in census.workers:
            swe = (worker.value("SWENo") or "").strip().upper()
            if (worker.value("AgencyWorker") or "").strip() != "1" or not swe:
                continue
            key = (census.la_code, swe)
            earlier = seen.get(key)
            seen[key] = _Sighting(
                la_code=census.la_code,
                swe_no=swe,
                first_year=earlier.first_year if earlier else census.year,
                last_year=census.year,
                org_role=worker.value("OrgRole") or (earlier.org_role if earlier else None),
            )
    return sorted(seen.values(), key=lambda s: (s.la_code, s.first_year, s.swe_no))


def _role(rng: random.Random, org_role: str | None) -> Role:
    if org_role in _ROLE_BY_ORG_ROLE and rng.random() < 0.7:
        return _ROLE_BY_ORG_ROLE[org_role]
    return rng.choices([role for role, _ in _ROLE_MIX], weights=[weight for _, weight in _ROLE_MIX])[0]


def _start_date(rng: random.Random, sighting: _Sighting, left: Sequence[date]) -> date:
    latest = reference_day(sighting.first_year)
    earliest = latest - timedelta(days=364)
    before = [day for day in left if day <= latest]
    if before:
        # Back through an agency after leaving a permanent post: some too soon, most not.
        gap = rng.randint(14, 80) if rng.random() < 0.35 else rng.randint(95, 400)
        return min(max(before) + timedelta(days=gap), latest)
    return earliest + timedelta(days=rng.randrange(365))


def _rate(rng: random.Random, role: Role) -> tuple[Decimal, bool]:
    """The hourly rate (capped part) and whether an exception to the cap was approved."""
    cap = ILLUSTRATIVE_CAPS[role]
    draw = rng.random()
    if draw < 0.08:  # above the cap
        rate = cap + Decimal(rng.randint(50, 900)) / 100
        return rate, rng.random() < 0.4
    if draw < 0.2:
        return cap, False  # exactly at the cap, as many agencies charge
    return cap - Decimal(rng.randint(0, 700)) / 100, False


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def _assignments(
    rng: random.Random, start: date, end: date | None, open_after: date
) -> list[tuple[date, date | None]]:
    """A worker's time at a council as successive assignments of 6 to 18 months (renewals are new
    engagements, judged by the rules in force when each starts); the last may be open-ended."""
    periods: list[tuple[date, date | None]] = []
    current = start
    while True:
        finish = current + timedelta(days=rng.randint(180, 540))
        if end is not None and finish >= end:
            periods.append((current, end))
            return periods
        if end is None and finish > open_after:
            periods.append((current, None))
            return periods
        periods.append((current, finish))
        current = finish + timedelta(days=1)


def register_rows(returns: Sequence[CensusReturn], seed: int) -> dict[str, list[dict[str, str]]]:
    """Engagement register rows (the register's columns, as text) for every council, by LA code."""
    left = _leaving_dates(returns)
    last_year = max((r.year or 0 for r in returns), default=0)
    rows: dict[str, list[dict[str, str]]] = {}
    number = 0
    for sighting in _sightings(returns):
        rng = seeded(seed, "engagements", sighting.la_code, sighting.swe_no)
        role = _role(rng, sighting.org_role)
        agency = rng.choice(AGENCIES)
        start = _start_date(rng, sighting, left.get(sighting.swe_no, ()))
        ended = sighting.last_year < last_year or rng.random() < 0.25
        end = reference_day(sighting.last_year) + timedelta(days=rng.randint(1, 120)) if ended else None
        # Newly engaged workers are more often early-career: the case the experience rule is for.
        early = 0.15 if start >= CAPS_FROM else 0.06
        years_qualified = rng.uniform(1.0, 2.9) if rng.random() < early else rng.uniform(3.2, 22)
        qualified = start - timedelta(days=round(years_qualified * 365.25))
        hours = rng.choice(("37", "37", "37", "30", "22.5"))
        for first, finish in _assignments(rng, start, end, reference_day(last_year)):
            number += 1
            rate, approved = _rate(rng, role)
            project_team = rng.random() < 0.1
            rows.setdefault(sighting.la_code, []).append(
                {
                    "engagement_id": f"E{sighting.la_code}-{number:05d}",
                    "la_code": sighting.la_code,
                    "agency": agency,
                    "swe_no": sighting.swe_no,
                    "role": role.value,
                    "start_date": first.isoformat(),
                    "end_date": "" if finish is None else finish.isoformat(),
                    "hourly_rate": f"{rate:.2f}",
                    "agency_fee_hourly": f"{rng.uniform(3.5, 9.5):.2f}",
                    "hours_per_week": hours,
                    "qualified_date": qualified.isoformat(),
                    "references_both_ways": _yes_no(rng.random() < 0.95),
                    "project_team": _yes_no(project_team),
                    "project_team_workers_named": _yes_no(rng.random() < 0.75) if project_team else "",
                    "cap_exception_approved": _yes_no(approved),
                    **(_sign_off(first) if approved else {}),
                }
            )
    return rows


def _sign_off(start: date) -> dict[str, str]:
    """An exception's sign-off (no random draw, so the rest of the register is unchanged)."""
    return {
        "exception_approved_by": "Head of Service and Director of Children's Services (synthetic)",
        "exception_approved_on": (start - timedelta(days=7)).isoformat(),
        "exception_reason": "hard-to-fill post: no worker found within the cap (synthetic)",
        "exception_until": (start + timedelta(days=365)).isoformat(),
    }


def register_csv(rows: Sequence[Mapping[str, str]]) -> str:
    """The register as CSV text with the register's columns."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(REGISTER_COLUMNS), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def caps_csv(region: str) -> str:
    """An illustrative caps file for ``region`` (not DfE's or any region's real figures)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(("region", "role", "effective_from", "max_hourly_rate"))
    writer.writerows(
        (region, role.value, CAPS_FROM.isoformat(), cap) for role, cap in ILLUSTRATIVE_CAPS.items()
    )
    return buffer.getvalue()


def permanent_costs_csv() -> str:
    """An illustrative permanent staff costs file (every council): ``role, permanent_hourly_cost``."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(("role", "permanent_hourly_cost"))
    writer.writerows((role.value, cost) for role, cost in ILLUSTRATIVE_PERMANENT_COSTS.items())
    return buffer.getvalue()
