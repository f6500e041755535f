"""What the agency pages show, as plain functions: periods, quarters, tables, engagement rows."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import polars as pl
import pytest

from csc_workforce.core.agency.model import Finding, RuleId, Severity
from csc_workforce.web.agency import pages
from tests.unit.agency.test_agency_rules import make

DEFAULT = (date(2025, 1, 1), date(2025, 12, 31))


def test_requested_period_falls_back_to_the_default_for_blank_values():
    assert pages.requested_period({}, DEFAULT) == DEFAULT
    assert pages.requested_period({"from": "2025-04-01", "to": ""}, DEFAULT) == (date(2025, 4, 1), DEFAULT[1])
    assert pages.requested_period({"to": "30/06/2025"}, DEFAULT) == (DEFAULT[0], date(2025, 6, 30))


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"from": "2025-13-01"}, "'from' date"),
        ({"from": "2025-06-01", "to": "2025-05-31"}, "ends (2025-05-31) before it starts (2025-06-01)"),
        ({"from": "2000-01-01", "to": "2025-01-01"}, "at most 10 years"),
    ],
)
def test_requested_period_refuses_bad_values(query, message):
    with pytest.raises(pages.PeriodError, match=message.replace("(", r"\(").replace(")", r"\)")):
        pages.requested_period(query, DEFAULT)


def test_quarters_run_from_the_first_engagement_to_today_newest_first():
    engagements = [make(start_date=date(2024, 11, 15)), make(start_date=date(2025, 2, 1))]
    assert pages.quarter_choices(engagements, date(2025, 5, 2)) == ["2025-Q2", "2025-Q1", "2024-Q4"]
    assert pages.quarter_choices([], date(2025, 5, 2)) == ["2025-Q2"]


@pytest.mark.parametrize(("today", "quarter"), [(date(2025, 5, 2), "2025-Q1"), (date(2025, 1, 1), "2024-Q4")])
def test_previous_quarter(today, quarter):
    assert pages.previous_quarter(today) == quarter


def test_frame_table_formats_money_rates_and_roles():
    frame = pl.DataFrame(
        {"role": ["social_worker"], "engagements": [3], "total_cost": [1234.4], "premium_rate": [0.415]}
    )
    table = pages.frame_table(frame, ["role", "engagements", "total_cost", "premium_rate", "absent"], "Spend")
    assert [cell.text for cell in table.headings] == [
        "Role",
        "Engagements",
        "Agency cost (£)",
        "Premium over permanent",
    ]
    assert [(cell.text, cell.numeric) for cell in table.rows[0]] == [
        ("Social worker", False),
        ("3", True),
        ("£1,234", True),
        ("41.5%", True),
    ]


def test_engagement_rows_carry_findings_and_no_swe_number():
    first = make(engagement_id="A", start_date=date(2025, 1, 1), hourly_rate=Decimal("41"))
    second = make(engagement_id="B", start_date=date(2025, 3, 1))
    finding = Finding("A", RuleId.PRICE_CAP, Severity.BREACH, "over the cap", "370", "Acme Locums")
    rows = pages.engagement_rows([first, second], [finding])
    assert [row.engagement_id for row in rows] == ["B", "A"]  # newest first
    assert rows[1].findings == [finding] and rows[0].findings == []
    assert rows[1].hourly_rate == "£41.00"
    assert not any(hasattr(row, "swe_no") for row in rows)
