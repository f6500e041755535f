from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
import xlsxwriter

from csc_workforce.core.agency.model import Role
from csc_workforce.ingest.agency_caps import read_caps
from csc_workforce.ingest.agency_table import AgencyFileError
from csc_workforce.ingest.engagements import ENGAGEMENT_COLUMNS, read_engagements
from tests.integration.agency.agency_files import engagement, write_caps, write_engagements

pytestmark = pytest.mark.integration


def test_reads_a_valid_register(tmp_path):
    path = write_engagements(
        tmp_path / "e.csv",
        [
            engagement("E1"),
            engagement("E2", end_date="2025-09-30", project_team="yes", project_team_workers_named="no"),
            engagement(
                "E3", swe_no=" sw12 ", hourly_rate="£41.5", start_date="01/11/2024", role="Team Manager"
            ),
        ],
    )
    first, second, third = read_engagements(path)
    assert first.project_team_workers_named is None and first.end_date is None
    assert first.hourly_rate == Decimal("40.00") and first.agency_fee_hourly == Decimal("4.50")
    assert second.project_team and second.project_team_workers_named is False
    assert second.end_date == date(2025, 9, 30)
    assert third.swe_no == "SW12" and third.hourly_rate == Decimal("41.50")
    assert third.start_date == date(2024, 11, 1) and third.role is Role.TEAM_MANAGER


def test_reads_xlsx_with_real_dates_and_numbers(tmp_path):
    path = tmp_path / "e.xlsx"
    workbook = xlsxwriter.Workbook(path)
    sheet = workbook.add_worksheet()
    date_format = workbook.add_format({"num_format": "dd/mm/yyyy"})
    sheet.write_row(0, 0, ENGAGEMENT_COLUMNS)
    row = engagement("E1")
    for col, name in enumerate(ENGAGEMENT_COLUMNS):
        if name in {"start_date", "qualified_date"}:
            sheet.write_datetime(1, col, datetime.fromisoformat(row[name]), date_format)
        elif name in {"hourly_rate", "hours_per_week", "agency_fee_hourly"}:
            sheet.write_number(1, col, float(row[name]))
        elif name == "la_code":
            sheet.write_string(1, col, row[name])
        else:
            sheet.write(1, col, row[name])
    workbook.close()
    [only] = read_engagements(path)
    assert only.start_date == date(2025, 4, 1) and only.hours_per_week == 37
    assert only.hourly_rate == Decimal("40.00")


def test_every_bad_row_and_column_is_named(tmp_path):
    path = write_engagements(
        tmp_path / "e.csv",
        [
            engagement("E1"),
            engagement("E2", hourly_rate="abc", role="manager"),
            engagement("E3", start_date="2025-02-30", references_both_ways="maybe"),
            engagement("E4", project_team="yes", project_team_workers_named=""),
            engagement("E5", end_date="2025-01-01", swe_no="98765"),
            engagement("E1"),
            engagement("", la_code="37"),
        ],
    )
    with pytest.raises(AgencyFileError) as caught:
        read_engagements(path)
    report = caught.value.report()
    expected = [
        "row 3 (engagement_id E2): column hourly_rate",
        "row 3 (engagement_id E2): column role",
        "row 4 (engagement_id E3): column start_date",
        "row 4 (engagement_id E3): column references_both_ways",
        "row 5 (engagement_id E4): column project_team_workers_named",
        "row 6 (engagement_id E5): column end_date",
        "row 6 (engagement_id E5): column swe_no",
        "row 7 (engagement_id E1): column engagement_id: E1 is already used on row 2",
        "row 8 (no valid engagement_id): column engagement_id",
        "row 8 (no valid engagement_id): column la_code",
    ]
    for fragment in expected:
        assert fragment in report
    assert "98765" not in report  # a mistyped identifier is not echoed
    assert len(caught.value.problems) == len(expected)


def test_missing_columns_are_listed(tmp_path):
    columns = [c for c in ENGAGEMENT_COLUMNS if c not in {"hourly_rate", "project_team"}]
    path = write_engagements(tmp_path / "e.csv", [engagement("E1")], columns=columns)
    with pytest.raises(AgencyFileError, match="missing column"):
        read_engagements(path)
    with pytest.raises(AgencyFileError) as caught:
        read_engagements(path)
    assert "hourly_rate, project_team" in caught.value.report()


def test_header_names_tolerate_case_and_spaces(tmp_path):
    columns = [c.upper().replace("_", " ") for c in ENGAGEMENT_COLUMNS]
    path = tmp_path / "e.csv"
    row = engagement("E1")
    path.write_text(",".join(columns) + "\n" + ",".join(row[c] for c in ENGAGEMENT_COLUMNS) + "\n")
    assert read_engagements(path)[0].engagement_id == "E1"


def test_windows_encoded_csv_with_pound_signs(tmp_path):
    path = tmp_path / "e.csv"
    row = engagement("E1", hourly_rate="£40.00")
    text = ",".join(ENGAGEMENT_COLUMNS) + "\r\n" + ",".join(row[c] for c in ENGAGEMENT_COLUMNS) + "\r\n"
    path.write_bytes(text.encode("cp1252"))
    assert read_engagements(path)[0].hourly_rate == Decimal("40.00")


def test_caps_file(tmp_path):
    caps = read_caps(write_caps(tmp_path / "caps.csv"))
    assert len(caps) == 6 and caps[0].max_hourly_rate == Decimal("40.00")


def test_bad_caps_rows_are_named(tmp_path):
    path = write_caps(
        tmp_path / "caps.csv",
        [
            ("North", "social_worker", "2024-10-31", "40"),
            ("North", "social_worker", "2024-10-31", "41"),
            ("", "chief", "soon", "-1"),
        ],
    )
    with pytest.raises(AgencyFileError) as caught:
        read_caps(path)
    report = caught.value.report()
    assert "row 3: columns region, role, effective_from: the same cap is already set on row 2" in report
    for column in ("region", "role", "effective_from", "max_hourly_rate"):
        assert f"row 4: column {column}" in report
