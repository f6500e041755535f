"""``agency report`` (Excel and PDF) and ``agency quarterly`` (the DfE return) end to end."""

from __future__ import annotations

import csv
import io
from datetime import date

import openpyxl
import pytest
from typer.testing import CliRunner

from csc_workforce.analytics.agency import check_region, compliance_by, spend_by_council_role, spend_trend
from csc_workforce.cli import app
from csc_workforce.ingest.agency_caps import read_caps
from csc_workforce.ingest.engagements import read_engagements
from csc_workforce.reporting.agency_quarterly import QUARTERLY_COLUMNS, parse_quarter
from csc_workforce.reporting.agency_report import build_compliance_report, report_html
from tests.integration.agency.agency_files import REGION, engagement, write_caps, write_engagements

pytestmark = pytest.mark.integration

ENV = {"CSCW_REGION_SECRET": "region-secret"}


def rows():
    return [
        # Barnsley: one breach of the cap for 91 days of Q2 2025, one approved exception.
        engagement("B1", hourly_rate="40.50", start_date="2025-04-01", end_date="2025-06-30"),
        engagement(
            "B2",
            hourly_rate="44.00",
            cap_exception_approved="yes",
            start_date="2025-04-01",
            end_date="2025-06-30",
            agency="Beta Staffing",
        ),
        # Doncaster: compliant, half in Q2 and half in Q3.
        engagement(
            "D1",
            la_code="371",
            start_date="2025-06-01",
            end_date="2025-07-31",
            swe_no="SW300001",
            agency_fee_hourly="0",
        ),
        engagement(
            "D2",
            la_code="371",
            start_date="2025-10-01",
            references_both_ways="no",
            agency="Beta Staffing",
            role="team_manager",
            hourly_rate="50",
        ),
    ]


@pytest.fixture
def files(tmp_path):
    return write_engagements(tmp_path / "e.csv", rows()), write_caps(tmp_path / "caps.csv")


def checked(files):
    engagements = read_engagements(files[0])
    return engagements, check_region(engagements, read_caps(files[1]), REGION, worker_key=str)


def test_compliance_by_council_and_agency(files):
    engagements, result = checked(files)
    by_council = compliance_by("la_code", engagements, result.findings, date(2025, 4, 1), date(2025, 6, 30))
    barnsley = by_council.filter(by_council["la_code"] == "370").row(0, named=True)
    assert barnsley["la_name"] == "Barnsley"
    assert barnsley["engagements"] == 2 and barnsley["engagements_with_breach"] == 1
    assert barnsley["breaches_price_cap"] == 1 and barnsley["approved_exceptions"] == 1
    # 91 days × 37 h/week ÷ 7 = 481 hours; 0.50 over the cap for B1, 4.00 over for B2.
    assert barnsley["excess_cost"] == pytest.approx(481 * 0.5 + 481 * 4.0)
    assert barnsley["breach_cost"] == pytest.approx(481 * (40.5 + 4.5))
    by_agency = compliance_by("agency", engagements, result.findings, date(2025, 1, 1), date(2025, 12, 31))
    assert set(by_agency["agency"]) == {"Acme Locums", "Beta Staffing"}
    beta = by_agency.filter(by_agency["agency"] == "Beta Staffing").row(0, named=True)
    assert beta["breaches_references"] == 1 and beta["approved_exceptions"] == 1


def test_spend_premium_and_trend(files):
    engagements, _ = checked(files)
    permanent = {(None, "social_worker"): __import__("decimal").Decimal("30")}
    spend = spend_by_council_role(engagements, date(2025, 4, 1), date(2025, 6, 30), permanent)
    row = spend.filter((spend["la_code"] == "370") & (spend["role"] == "social_worker")).row(0, named=True)
    assert row["engagements"] == 2 and row["hours"] == pytest.approx(962)
    assert row["total_cost"] == pytest.approx(481 * 45.0 + 481 * 48.5)
    assert row["premium_rate"] == pytest.approx((46.75 - 30) / 30)
    trend = spend_trend(engagements, date(2025, 1, 1), date(2025, 12, 31))
    assert trend["quarter"].to_list() == ["2025-Q2", "2025-Q3", "2025-Q4"]
    assert trend["engagements"].to_list() == [3, 1, 1]


def test_report_html_escapes_and_has_every_section(files):
    engagements, result = checked(files)
    report = build_compliance_report(engagements, result, REGION, date(2025, 1, 1), date(2025, 12, 31))
    page = report_html(report)
    for heading in (
        "Agency cost per quarter",
        "by council",
        "by agency",
        "Approved cap exceptions",
        "Breaches",
    ):
        assert heading in page
    assert "<svg" in page and "SW100001" not in page


def _report(files, tmp_path, *extra):
    xlsx, pdf = tmp_path / "report.xlsx", tmp_path / "report.pdf"
    args = ["agency", "report", str(files[0]), "--caps", str(files[1]), "--region", REGION]
    period = ["--from", "2025-01-01", "--to", "2025-12-31", "--out", str(xlsx), "--out", str(pdf)]
    result = CliRunner().invoke(app, [*args, *period, *extra], env=ENV)
    assert result.exit_code == 0, result.output
    assert pdf.read_bytes().startswith(b"%PDF")
    workbook = openpyxl.load_workbook(xlsx, read_only=True)
    everything = " ".join(
        str(c) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for c in row
    )
    assert "SW100001" not in everything and "SW300001" not in everything
    return workbook, everything


def test_report_command_writes_the_region_pack_without_engagements(files, tmp_path):
    workbook, everything = _report(files, tmp_path)
    assert {"Summary", "By council", "By agency", "Spend by council and role", "Trend"} == set(
        workbook.sheetnames
    )
    for engagement_id in ("B1", "B2", "D1", "D2"):
        assert engagement_id not in everything.split()


def test_report_command_for_one_council_lists_its_breaches(files, tmp_path):
    workbook, _ = _report(files, tmp_path, "--council", "370")
    assert {"Breaches", "Approved exceptions"} <= set(workbook.sheetnames)
    cells = [c for row in workbook["Breaches"].iter_rows(values_only=True) for c in row]
    assert "B1" in cells and "D2" not in cells and "B2" not in cells


def test_report_refuses_other_formats(files, tmp_path):
    result = CliRunner().invoke(
        app,
        [
            "agency",
            "report",
            str(files[0]),
            "--caps",
            str(files[1]),
            "--region",
            REGION,
            "--out",
            str(tmp_path / "r.docx"),
        ],
        env=ENV,
    )
    assert result.exit_code == 2 and "r.docx" in result.output


def quarterly(files, tmp_path, *extra):
    out = tmp_path / "q.csv"
    result = CliRunner().invoke(
        app,
        [
            "agency",
            "quarterly",
            str(files[0]),
            "--caps",
            str(files[1]),
            "--region",
            REGION,
            "--out",
            str(out),
            *extra,
        ],
        env=ENV,
    )
    return result, out


def test_quarterly_return_lists_engagements_running_in_the_quarter(files, tmp_path):
    result, out = quarterly(files, tmp_path, "--quarter", "2025-Q2")
    assert result.exit_code == 0, result.output
    table = list(csv.DictReader(io.StringIO(out.read_text())))
    assert tuple(table[0]) == QUARTERLY_COLUMNS
    assert [r["engagement_id"] for r in table] == ["B1", "B2", "D1"]
    b1 = table[0]
    assert b1["above_cap"] == "yes" and b1["rules_breached"] == "price-cap" and b1["cap_in_force"] == "40.00"
    assert b1["days_in_quarter"] == "91" and b1["cost_in_quarter"] == "21645.00"
    assert table[2]["days_in_quarter"] == "30"
    assert "swe" not in out.read_text().lower() and "SW300001" not in out.read_text()


def test_quarterly_return_for_one_council_as_xlsx(files, tmp_path):
    out = tmp_path / "q.xlsx"
    result = CliRunner().invoke(
        app,
        [
            "agency",
            "quarterly",
            str(files[0]),
            "--caps",
            str(files[1]),
            "--region",
            REGION,
            "--quarter",
            "2025-Q4",
            "--la-code",
            "371",
            "--out",
            str(out),
        ],
        env=ENV,
    )
    assert result.exit_code == 0, result.output
    sheet = openpyxl.load_workbook(out, read_only=True).worksheets[0]
    ids = [row[5] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0] == "371"]
    assert ids == ["D2"]


def test_bad_quarter_exits_2(files, tmp_path):
    result, _ = quarterly(files, tmp_path, "--quarter", "2025-Q5")
    assert result.exit_code == 2 and "2025-Q1" in result.output
    assert parse_quarter(" 2025-q3 ") == (2025, 3)
