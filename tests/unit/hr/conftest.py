# ruff: noqa: E501 - the extract is written as an HR system writes it, one record a line
"""A small HR extract in an HR system's style whose measures are worked out by hand in the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

EXTRACT = """Acme HR - establishment report
Run date: 03/10/2025

Employee No,Forename,Surname,NI Number,Social Work England number,Job Title,Contract Type,Hours,Start Date,Leaving Date,Leaving Reason,Destination,Date of Birth,Gender,Ethnic Origin,Caseload
1001,Ann,Example,QQ123456C,sw 100001,Social Worker,Permanent,37,01/02/2020,,,,01/01/1980,Female,WHITE - BRITISH,15
1002,Bob,Example,QQ123457C,SW-100002,Senior Practitioner,Permanent,18.5 hours,15/10/2024,31/03/2025,Resignation,Another local authority,02/02/1985,Male,WHITE - IRISH,
1003,Cat,Example,QQ123458C,SW100003,Team Manager,Permanent,37,01/01/2015,15/06/2024,Retirement,Career break,03/03/1960,Female,CHINESE,
1004,Dan,Example,QQ123459C, Sw100004 ,Social Worker,Fixed Term,29.6,01/09/2025,,,,04/04/1995,Male,WHITE - BRITISH,10
1005,Eve,Example,QQ123450C,SW100005,Social Worker,Permanent,37,01/11/2025,,,,05/05/1990,Female,WHITE - BRITISH,
1006,Fay,Example,QQ123451C,sw100006,Social Worker,Permanent,37,01/03/2018,15/12/2025,Resignation,Agency,06/06/1975,Female,WHITE - BRITISH,20
"""

MAPPING = """version: 1
standard_hours: 37
date_format: "%d/%m/%Y"
columns:
  SWENo: Social Work England number
  OrgRole: Job Title
  AgencyWorker: Contract Type
  RoleStartDate: Start Date
  RoleEndDate: Leaving Date
  ReasonLeave: Leaving Reason
  LeaverDestination: Destination
  PersonBirthDate: Date of Birth
  Sex: Gender
  Ethnicity: Ethnic Origin
  Cases30: Caseload
hours_column: Hours
values:
  OrgRole: {Social Worker: "5", Senior Practitioner: "4", Team Manager: "3"}
  AgencyWorker: {Permanent: "0", Fixed Term: "0"}
  Ethnicity: {WHITE - BRITISH: WBRI, WHITE - IRISH: WIRI, CHINESE: CHNE}
  LeaverDestination: {Another local authority: "1", Career break: "6", Agency: "3"}
  ReasonLeave: {Retirement: "5"}
defaults:
  StepUpGrad: "0"
  FrontlineGrad: "0"
  StartOrigin: "9"
  WorkingDaysLost: "0"
  QualLevel: "1"
  BaseSalary: "40000"
  RRPayments: "0"
  OtherPayments: "0"
la_level:
  NumberOfVacancies: 2
  NoAgencyFTE: 1
  NoAgencyHeadcount: 1
  RecruitmentBonus: "0"
  RetentionBonus: "0"
  PerformanceAward: "0"
  CarAllowance: "0"
  RelocationPackage: "0"
  RegionalWeighting: "0"
  CostSWE: "0"
  CostDBS: "0"
  OtherAllowances: None
"""

AGENCY = """Agency Ref,Worker Name,SWE Reg,Role,Hours per week,Caseload,Weeks Booked
AG1,Gus Example,sw 100007,Social Worker,37,12,26
"""

AGENCY_MAPPING = """version: 1
standard_hours: 37
columns:
  SWENo: SWE Reg
  OrgRole: Role
  Cases30: Caseload
  ContractWeeks: Weeks Booked
hours_column: Hours per week
values:
  OrgRole: {Social Worker: "5"}
defaults:
  AgencyWorker: "1"
  QualLevel: "1"
"""


@pytest.fixture
def hr_files(tmp_path: Path) -> dict[str, Path]:
    files = {
        "extract": tmp_path / "hr.csv",
        "mapping": tmp_path / "hr.yaml",
        "agency": tmp_path / "agency.csv",
        "agency_mapping": tmp_path / "agency.yaml",
    }
    files["extract"].write_text(EXTRACT, encoding="utf-8")
    files["mapping"].write_text(MAPPING, encoding="utf-8")
    files["agency"].write_text(AGENCY, encoding="utf-8")
    files["agency_mapping"].write_text(AGENCY_MAPPING, encoding="utf-8")
    return files
