"""A synthetic HR extract and agency list in an HR system's style, from a synthetic census history.

What a council's HR system gives an analyst, not the census layout: its own headings and labels
('Job Title', 'WHITE - BRITISH', 'Resignation'), dd/mm/yyyy dates next to real Excel dates,
weekly hours instead of FTE, messy SWE numbers ('sw 104532'), title rows above the headings and
personal columns the census does not want (names, NI numbers with the reserved QQ prefix, home
postcodes in the fictional ZZ99 district). Agency workers come in a separate list. The complete
mapping for each file is written beside it, so the extract becomes the council's return again.
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Final

import xlsxwriter

from csc_workforce.core.census.model import CensusReturn, WorkerRecord
from csc_workforce.core.census.registry import LA_ITEMS
from csc_workforce.ingest.hr_mapping import document_yaml
from csc_workforce.synth.generate import generate_region
from csc_workforce.synth.people import seeded

STANDARD_HOURS: Final = 37
DATE_FORMAT: Final = "%d/%m/%Y"
# The year from which some senior practitioners appear under a new job title (a new HR value).
NEW_TITLE_FROM: Final = 2025

# Census code -> the HR system's label for it.
HR_LABELS: Final = {
    "OrgRole": {
        "1": "Head of Service",
        "2": "Service Manager",
        "3": "Team Manager",
        "4": "Senior Practitioner",
        "5": "Social Worker",
        "6": "Independent Reviewing Officer",
    },
    "Ethnicity": {
        "WBRI": "WHITE - BRITISH",
        "WIRI": "WHITE - IRISH",
        "WOTH": "WHITE - ANY OTHER",
        "MWBC": "MIXED - WHITE AND BLACK CARIBBEAN",
        "MWBA": "MIXED - WHITE AND BLACK AFRICAN",
        "MWAS": "MIXED - WHITE AND ASIAN",
        "MOTH": "MIXED - ANY OTHER",
        "AIND": "ASIAN OR ASIAN BRITISH - INDIAN",
        "APKN": "ASIAN OR ASIAN BRITISH - PAKISTANI",
        "ABAN": "ASIAN OR ASIAN BRITISH - BANGLADESHI",
        "AOTH": "ASIAN OR ASIAN BRITISH - ANY OTHER",
        "BCRB": "BLACK OR BLACK BRITISH - CARIBBEAN",
        "BAFR": "BLACK OR BLACK BRITISH - AFRICAN",
        "BOTH": "BLACK OR BLACK BRITISH - ANY OTHER",
        "CHNE": "CHINESE",
        "OOTH": "OTHER ETHNIC GROUP",
        "REFU": "PREFER NOT TO SAY",
        "NOBT": "NOT KNOWN",
    },
    "Sex": {"M": "Male", "F": "Female"},
    "QualLevel": {"1": "Degree", "2": "Masters", "3": "Diploma"},
    "StepUpGrad": {"1": "Y", "0": "N"},
    "FrontlineGrad": {"1": "Y", "0": "N"},
    "Absat30Sept": {"1": "Y", "0": "N"},
    "StartOrigin": {
        "1": "Newly qualified",
        "2": "Another local authority",
        "3": "Outside England",
        "4": "Agency",
        "5": "Private/voluntary sector",
        "6": "Other social care",
        "7": "Career break",
        "8": "Other",
        "9": "Not known",
        "10": "Not yet collected",
    },
    "LeaverDestination": {
        "1": "Another local authority",
        "2": "Outside England",
        "3": "Agency",
        "4": "Private/voluntary sector",
        "5": "Other social care",
        "6": "Career break",
        "7": "Other",
        "8": "Not known",
        "9": "Not yet collected",
    },
    "ReasonLeave": {
        "1": "Resignation",
        "2": "Voluntary Redundancy",
        "3": "Compulsory Redundancy",
        "4": "Dismissal",
        "5": "Retirement",
        "6": "Death in Service",
        "7": "Transfer to adult services",
        "8": "Other",
        "9": "Not known",
        "10": "Not yet collected",
    },
    "ReasonAbsence": {
        "MAT": "Maternity",
        "OTH": "Other paid leave",
        "PUB": "Public duties",
        "SIC": "Sickness",
        "TRN": "Training",
        "UNA": "Unauthorised",
        "UNP": "Unpaid leave",
    },
}
NEW_SENIOR_TITLE: Final = "Consultant Social Worker"

# HR heading -> census item (None: a column the census does not want, dropped on reading).
EXTRACT_COLUMNS: Final = (
    ("Employee No", None),
    ("Forename", None),
    ("Surname", None),
    ("NI Number", None),
    ("Home Postcode", None),
    ("Social Work England number", "SWENo"),
    ("Job Title", "OrgRole"),
    ("Contract Type", "AgencyWorker"),
    ("Hours", "FTE"),
    ("Start Date", "RoleStartDate"),
    ("Leaving Date", "RoleEndDate"),
    ("Leaving Reason", "ReasonLeave"),
    ("Destination", "LeaverDestination"),
    ("Date of Birth", "PersonBirthDate"),
    ("Gender", "Sex"),
    ("Ethnic Origin", "Ethnicity"),
    ("University", "QualInst"),
    ("Qualification", "QualLevel"),
    ("Step Up", "StepUpGrad"),
    ("Frontline", "FrontlineGrad"),
    ("Previous Employment", "StartOrigin"),
    ("Caseload", "Cases30"),
    ("Sickness Days", "WorkingDaysLost"),
    ("Absent on 30 September", "Absat30Sept"),
    ("Absence Reason", "ReasonAbsence"),
    ("Salary", "BaseSalary"),
    ("R&R Payments", "RRPayments"),
    ("Other Payments", "OtherPayments"),
    ("Team", None),  # not a census item: mapped as the team column (retention by team)
)
TEAM_HEADING: Final = "Team"
# Teams of practitioners, with weights; one is small, so that retention by team shows suppression.
PRACTICE_TEAMS: Final = (
    ("Assessment North", 0.24),
    ("Assessment South", 0.24),
    ("Child Protection", 0.22),
    ("Children in Care", 0.2),
    ("Leaving Care", 0.09),
    ("Disabled Children", 0.01),
)
MANAGEMENT_TEAM: Final = "Service Management"
AGENCY_COLUMNS: Final = (
    ("Agency Ref", None),
    ("Worker Name", None),
    ("Agency", None),
    ("SWE Reg", "SWENo"),
    ("Role", "OrgRole"),
    ("Hours per week", "FTE"),
    ("Caseload", "Cases30"),
    ("Weeks Booked", "ContractWeeks"),
    ("Qualification", "QualLevel"),
)
_FORENAMES: Final = (
    "Alex",
    "Sam",
    "Priya",
    "Tom",
    "Aisha",
    "Jo",
    "Chris",
    "Mei",
    "Femi",
    "Kate",
    "Omar",
    "Lucy",
)
_SURNAMES: Final = ("Example", "Sample", "Testwell", "Placeholder", "Fictional", "Madeup", "Synthetic")
_AGENCIES: Final = ("Northgate Locums", "Brightside Social Care", "Interim People")


@dataclass(frozen=True, slots=True)
class HrExtractFiles:
    """The files written: the HR extract, the agency list and each one's mapping."""

    extract: Path
    agency_list: Path
    extract_mapping: Path
    agency_mapping: Path


def _uk(text: str) -> str:
    return date.fromisoformat(text).strftime(DATE_FORMAT)


def _messy_swe(swe: str, rng: random.Random) -> str:
    letters, digits = swe[:2], swe[2:]
    return rng.choice(
        (swe, swe, f"{letters.lower()} {digits}", f"{letters}-{digits}", f" {letters.title()}{digits}")
    )


def _hours(fte: str, rng: random.Random) -> str:
    hours = f"{float(fte) * STANDARD_HOURS:.2f}".rstrip("0").rstrip(".")
    return rng.choice((hours, hours, hours, f"{hours} hours"))


def _label(item: str, code: str, year: int, rng: random.Random) -> str:
    if item == "OrgRole" and code == "4" and year >= NEW_TITLE_FROM and rng.random() < 0.3:
        return NEW_SENIOR_TITLE
    return HR_LABELS[item].get(code, code) if item in HR_LABELS else code


def _posts(returns: Sequence[CensusReturn]) -> list[WorkerRecord]:
    """Every LA-employed post in the history, as last seen (a leaver keeps its leaving year's record)."""
    latest: dict[tuple[str | None, str | None], WorkerRecord] = {}
    for census in sorted(returns, key=lambda r: r.year or 0):
        for worker in census.workers:
            if worker.value("AgencyWorker") == "0":
                latest[(worker.value("SWENo"), worker.value("RoleStartDate"))] = worker
    return list(latest.values())


def _person_columns(rng: random.Random, number: int) -> list[str]:
    ni = f"QQ{rng.randrange(10**6):06d}{rng.choice('ABCD')}"
    postcode = f"ZZ99 {rng.randrange(10)}{rng.choice('ABDEFGHJ')}{rng.choice('LNPQRSTU')}"
    return [f"E{number:05d}", rng.choice(_FORENAMES), rng.choice(_SURNAMES), ni, postcode]


def worker_team(worker: WorkerRecord, lea: str, seed: int) -> str:
    """A worker's team: managers in service management, practitioners in a team fixed per person."""
    if worker.value("OrgRole") in ("1", "2"):
        return MANAGEMENT_TEAM
    rng = seeded(seed, lea, "team", worker.value("SWENo") or "")
    names = [name for name, _ in PRACTICE_TEAMS]
    return str(rng.choices(names, [weight for _, weight in PRACTICE_TEAMS])[0])


def _extract_row(worker: WorkerRecord, number: int, year: int, rng: random.Random, team: str) -> list[object]:
    row: list[object] = list(_person_columns(rng, number))
    for heading, item in EXTRACT_COLUMNS[5:]:
        value = worker.value(item) if item else None
        if heading == TEAM_HEADING:
            row.append(team)
        elif item is None or value is None:
            row.append("")
        elif item == "SWENo":
            row.append(_messy_swe(value, rng))
        elif item == "AgencyWorker":
            row.append(rng.choice(("Permanent", "Permanent", "Permanent", "Fixed Term")))
        elif item == "FTE":
            row.append(_hours(value, rng))
        elif item == "RoleStartDate":
            row.append(date.fromisoformat(value))  # a real Excel date
        elif item in ("RoleEndDate", "PersonBirthDate"):
            row.append(_uk(value))
        elif heading in ("Caseload", "Sickness Days", "Salary", "R&R Payments", "Other Payments"):
            row.append(float(value) if "." in value else int(value))
        else:
            row.append(_label(item, value, year, rng))
    return row


def _write_extract(path: Path, rows: list[list[object]], lea: str, year: int) -> None:
    workbook = xlsxwriter.Workbook(str(path))
    try:
        sheet = workbook.add_worksheet("Establishment")
        bold = workbook.add_format({"bold": True})
        dates = workbook.add_format({"num_format": "dd/mm/yyyy"})
        sheet.write_string(0, 0, f"Council {lea} - HR establishment report (synthetic data)", bold)
        sheet.write_string(1, 0, f"Run date: {date(year, 10, 3).strftime(DATE_FORMAT)}")
        heading_row = 3
        for column, (heading, _) in enumerate(EXTRACT_COLUMNS):
            sheet.write_string(heading_row, column, heading, bold)
        for offset, row in enumerate(rows, start=heading_row + 1):
            for column, value in enumerate(row):
                if isinstance(value, date):
                    sheet.write_datetime(offset, column, value, dates)
                elif isinstance(value, int | float):
                    sheet.write_number(offset, column, value)
                elif value:
                    sheet.write_string(offset, column, str(value))
    finally:
        workbook.close()


def _agency_csv(workers: Sequence[WorkerRecord], year: int, rng: random.Random) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([heading for heading, _ in AGENCY_COLUMNS])
    for number, worker in enumerate(workers, start=1):
        writer.writerow(
            [
                f"AG{number:04d}",
                f"{rng.choice(_FORENAMES)} {rng.choice(_SURNAMES)}",
                rng.choice(_AGENCIES),
                _messy_swe(worker.value("SWENo") or "", rng),
                _label("OrgRole", worker.value("OrgRole") or "", year, rng),
                _hours(worker.value("FTE") or "1", rng),
                worker.value("Cases30") or "",
                worker.value("ContractWeeks") or "",
                _label("QualLevel", worker.value("QualLevel") or "", year, rng),
            ]
        )
    return buffer.getvalue()


def _mapping(
    columns: Sequence[tuple[str, str | None]], census: CensusReturn, *, agency: bool
) -> dict[str, object]:
    mapped = {item: heading for heading, item in columns if item and item != "FTE"}
    if census.year is not None and census.year > 2024:
        mapped.pop("QualInst", None)
    values: dict[str, dict[str, str]] = {}
    for item in mapped:
        if item in HR_LABELS:
            values[item] = {label: code for code, label in HR_LABELS[item].items()}
    if "OrgRole" in values:
        values["OrgRole"][NEW_SENIOR_TITLE] = "4"
    if not agency:
        values["AgencyWorker"] = {"Permanent": "0", "Fixed Term": "0"}
    hours = next(heading for heading, item in columns if item == "FTE")
    document: dict[str, object] = {
        "version": 1,
        "standard_hours": STANDARD_HOURS,
        "date_format": DATE_FORMAT,
        "columns": mapped,
        "hours_column": hours,
        **({} if agency else {"team_column": TEAM_HEADING}),
        "values": values,
        "defaults": {"AgencyWorker": "1"} if agency else {},
        "la_level": {}
        if agency
        else {name: census.la_items[name][0] for name in LA_ITEMS if name in census.la_items},
    }
    return document


def council_history(region: str, lea: str, years: Sequence[int], seed: int) -> list[CensusReturn]:
    """The synthetic returns of one council for ``years`` (ValueError when it has none)."""
    returns = [census for census in generate_region(region, years, seed) if census.la_code == lea]
    if not returns:
        raise ValueError(f"council {lea} has no synthetic returns in {region} for those years")
    return returns


def write_hr_extract(returns: Sequence[CensusReturn], output: Path, seed: int) -> HrExtractFiles:
    """Write the HR extract (every post in ``returns``, as at the last year's census) and the agency
    list (the last year's agency workers), with their mappings, into ``output``."""
    last = max(returns, key=lambda census: census.year or 0)
    year = last.year or 0
    lea = last.la_code or "000"
    rng = seeded(seed, lea, "hr-extract", str(year))
    output.mkdir(parents=True, exist_ok=True)
    posts = _posts(returns)
    rows = [
        _extract_row(worker, number, year, rng, worker_team(worker, lea, seed))
        for number, worker in enumerate(posts, start=1)
    ]
    files = HrExtractFiles(
        extract=output / f"{lea}_hr_extract_{year}.xlsx",
        agency_list=output / f"{lea}_agency_list_{year}.csv",
        extract_mapping=output / f"{lea}_hr_mapping.yaml",
        agency_mapping=output / f"{lea}_agency_mapping.yaml",
    )
    columns = (
        EXTRACT_COLUMNS
        if any(w.value("QualInst") for w in posts)
        else [c for c in EXTRACT_COLUMNS if c[1] != "QualInst"]
    )
    _write_extract(files.extract, rows, lea, year)
    agency = [worker for worker in last.workers if worker.value("AgencyWorker") == "1"]
    files.agency_list.write_text(_agency_csv(agency, year, rng), encoding="utf-8")
    files.extract_mapping.write_text(document_yaml(_mapping(columns, last, agency=False)), encoding="utf-8")
    files.agency_mapping.write_text(
        document_yaml(_mapping(AGENCY_COLUMNS, last, agency=True)), encoding="utf-8"
    )
    return files
