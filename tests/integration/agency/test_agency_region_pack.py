"""The region's pack holds no person: no engagement ids, small money/hours/rate cells ``c``, and no
suppressed cell recoverable from the sums the pack shows (checked with a linear program)."""

from __future__ import annotations

import random
import re
from datetime import date

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from csc_workforce.analytics.agency import check_region, engagement_costs
from csc_workforce.cli import app
from csc_workforce.core.disclosure import SUPPRESSED, DisclosureRule
from csc_workforce.ingest.agency_caps import read_caps
from csc_workforce.ingest.engagements import read_engagements
from csc_workforce.reporting.agency_report import build_compliance_report, report_html
from tests.integration.agency.agency_files import REGION, engagement, write_caps, write_engagements
from tests.unit.measures.test_disclosure_property import feasible_widths

pytestmark = pytest.mark.integration
ENV = {"CSCW_REGION_SECRET": "region-secret"}
START, END = date(2025, 1, 1), date(2025, 12, 31)
ROLES = ("social_worker", "senior_social_worker", "team_manager", "advanced_practitioner")


def register_rows(seed: int = 7) -> list[dict[str, str]]:
    rng = random.Random(seed)
    rows = []
    for number in range(70):
        month = rng.randint(1, 11)
        rows.append(
            engagement(
                f"E{number:03d}",
                la_code=rng.choice(("370", "371", "372", "373")),
                agency=rng.choice(("Acme Locums", "Beta Staffing", "Cedar")),
                role=rng.choice(ROLES[:3]),
                swe_no=f"SW{200000 + number}",
                start_date=f"2025-{month:02d}-01",
                end_date=rng.choice(("", f"2025-{month + 1:02d}-28")),
                hourly_rate=f"{rng.uniform(35, 44):.2f}",
                references_both_ways=rng.choice(("yes", "yes", "no")),
            )
        )
    # One advanced practitioner engagement on its own: its hours and rate are one worker's.
    rows.append(
        engagement(
            "SOLO-1",
            la_code="373",
            role="advanced_practitioner",
            hourly_rate="60.42",
            swe_no="SW999999",
            start_date="2025-03-01",
            cap_exception_approved="yes",
        )
    )
    return rows


@pytest.fixture
def pack_files(tmp_path):
    return (
        write_engagements(tmp_path / "register.csv", register_rows()),
        write_caps(tmp_path / "caps.csv"),
    )


def built_report(pack_files, threshold: int = 5):
    engagements = read_engagements(pack_files[0])
    checked = check_region(engagements, read_caps(pack_files[1]), REGION, worker_key=lambda swe: swe.lower())
    report = build_compliance_report(engagements, checked, REGION, START, END, rule=DisclosureRule(threshold))
    return engagements, report


def assert_no_money_cell_derivable(engagements, region) -> int:
    """Every suppressed cost cell of the region's tables has a feasible interval wider than 0."""
    costs = engagement_costs(engagements, START, END)
    atoms: dict[tuple[str, ...], float] = {}
    for la, agency, role, quarter, cost in costs.select(
        "la_code", "agency", "role", "quarter", "total_cost"
    ).iter_rows():
        atoms[(la, role, agency, quarter)] = atoms.get((la, role, agency, quarter), 0.0) + cost
    cells, hidden = [], set()

    def add(match, value) -> None:
        cells.append(frozenset(a for a in atoms if match(a)))
        if value == SUPPRESSED:
            hidden.add(len(cells) - 1)

    for la, role, value in region.spend.select("la_code", "role", "total_cost").iter_rows():
        add(lambda a, la=la, role=role: a[0] == la and a[1] == role, value)
    for la, value in region.by_council.select("la_code", "total_cost").iter_rows():
        add(lambda a, la=la: a[0] == la, value)
    for agency, value in region.by_agency.select("agency", "total_cost").iter_rows():
        add(lambda a, agency=agency: a[2] == agency, value)
    for quarter, value in region.trend.select("quarter", "total_cost").iter_rows():
        add(lambda a, quarter=quarter: a[3] == quarter, value)
    add(lambda a: True, region.total_cost)
    for cell, width in feasible_widths(atoms, cells, hidden).items():
        assert width > 1e-6, f"suppressed cell {cell} is determined by the cells shown"
    # Every cell over fewer than 5 engagements is suppressed, with its hours and rates.
    for row in region.spend.iter_rows(named=True):
        if row["engagements"] < 5:
            assert {row[c] for c in ("hours", "total_cost", "agency_hourly_cost", "fee_cost")} == {SUPPRESSED}
    return len(hidden)


def test_no_suppressed_money_cell_can_be_worked_out(pack_files):
    engagements, report = built_report(pack_files)
    assert assert_no_money_cell_derivable(engagements, report.region_copy()) > 0


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(0, 10_000), st.integers(3, 40))
def test_random_registers_keep_every_suppressed_cell(tmp_path, seed, count):
    rows = register_rows(seed)[:count]
    path = write_engagements(tmp_path / f"r{seed}-{count}.csv", rows)
    engagements = read_engagements(path)
    report = build_compliance_report(
        engagements,
        check_region(engagements, read_caps(write_caps(tmp_path / "caps.csv")), REGION, worker_key=str),
        REGION,
        START,
        END,
    )
    assert_no_money_cell_derivable(engagements, report.region_copy())


def test_the_region_pack_names_no_engagement_and_no_worker(pack_files, tmp_path):
    _, report = built_report(pack_files)
    page = report_html(report, engagement_rows=False)
    assert not re.search(r"\bE0\d\d\b|SOLO-1|SW\d{6}", page)
    assert "60.42" not in page
    xlsx = tmp_path / "pack.xlsx"
    result = CliRunner().invoke(
        app,
        [
            "agency",
            "report",
            str(pack_files[0]),
            "--caps",
            str(pack_files[1]),
            "--region",
            REGION,
            "--from",
            "2025-01-01",
            "--to",
            "2025-12-31",
            "--out",
            str(xlsx),
        ],
        env=ENV,
    )
    assert result.exit_code == 0, result.output
    workbook = openpyxl.load_workbook(xlsx, read_only=True)
    text = [str(c) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for c in row]
    assert not [t for t in text if re.search(r"\bE0\d\d\b|SOLO-1|SW\d{6}|60\.42", t)]
    spend = list(workbook["Spend by council and role"].iter_rows(values_only=True))
    (solo,) = [row for row in spend if row[0] == "373" and row[2] == "advanced_practitioner"]
    assert solo[3] == 1 and solo[4] == SUPPRESSED and solo[8] == SUPPRESSED
    # Breach and exception counts stay visible by council.
    by_council = list(workbook["By council"].iter_rows(values_only=True))
    header = by_council[0]
    exceptions = {row[0]: row[header.index("Approved exceptions")] for row in by_council[1:]}
    assert exceptions["373"] >= 1


def test_the_threshold_setting_applies_to_the_cli(pack_files, tmp_path):
    xlsx = tmp_path / "pack.xlsx"
    args = [
        "agency",
        "report",
        str(pack_files[0]),
        "--caps",
        str(pack_files[1]),
        "--region",
        REGION,
        "--from",
        "2025-01-01",
        "--to",
        "2025-12-31",
        "--out",
        str(xlsx),
    ]
    assert CliRunner().invoke(app, args, env={**ENV, "CSCW_DISCLOSURE_THRESHOLD": "1"}).exit_code == 0
    spend = list(
        openpyxl.load_workbook(xlsx, read_only=True)["Spend by council and role"].iter_rows(values_only=True)
    )
    assert SUPPRESSED not in [c for row in spend for c in row]
    bad = CliRunner().invoke(app, args, env={**ENV, "CSCW_DISCLOSURE_THRESHOLD": "five"})
    assert bad.exit_code == 2 and "CSCW_DISCLOSURE_THRESHOLD" in bad.output
