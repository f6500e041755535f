"""What an engagement costs over a period, and the premium over a permanent worker.

Cost accrues evenly over the calendar days an engagement runs: hours per week × hourly amount ×
days / 7. An open-ended engagement runs to the end of the period asked about.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from csc_workforce.core.agency.model import Engagement

_DAYS_PER_WEEK = Decimal(7)


@dataclass(frozen=True, slots=True)
class PeriodCost:
    days: int
    capped: Decimal  # the capped part: pay, employer NI, levy, holiday pay
    fee: Decimal  # the agency's margin

    @property
    def total(self) -> Decimal:
        return self.capped + self.fee


def days_in_period(engagement: Engagement, start: date, end: date) -> int:
    """Calendar days (inclusive) the engagement runs within ``start``..``end`` inclusive."""
    first = max(engagement.start_date, start)
    last = end if engagement.end_date is None else min(engagement.end_date, end)
    return max((last - first).days + 1, 0)


def cost_in_period(engagement: Engagement, start: date, end: date) -> PeriodCost:
    days = days_in_period(engagement, start, end)
    hours = engagement.hours_per_week * days / _DAYS_PER_WEEK
    return PeriodCost(
        days=days,
        capped=engagement.hourly_rate * hours,
        fee=engagement.agency_fee_hourly * hours,
    )


def premium(agency_hourly: Decimal, permanent_hourly: Decimal) -> Decimal | None:
    """Agency cost above permanent cost as a fraction of permanent cost (0.33 = 33% more)."""
    if permanent_hourly <= 0:
        return None
    return (agency_hourly - permanent_hourly) / permanent_hourly


def quarter_bounds(year: int, quarter: int) -> tuple[date, date]:
    """First and last day of a calendar quarter (Q1 = January to March)."""
    if quarter not in {1, 2, 3, 4}:
        raise ValueError(f"a quarter is 1 to 4, not {quarter}")
    first_month = 3 * (quarter - 1) + 1
    start = date(year, first_month, 1)
    end = date(year + 1, 1, 1) if quarter == 4 else date(year, first_month + 3, 1)
    return start, date.fromordinal(end.toordinal() - 1)


def quarter_of(day: date) -> tuple[int, int]:
    return day.year, (day.month - 1) // 3 + 1


def four_quarters_to(day: date) -> tuple[date, date]:
    """The period reports default to: the four calendar quarters ending with ``day``'s quarter,
    from the first day of the earliest to ``day``."""
    year, quarter = quarter_of(day)
    index = year * 4 + quarter - 1 - 3
    return quarter_bounds(index // 4, index % 4 + 1)[0], day
