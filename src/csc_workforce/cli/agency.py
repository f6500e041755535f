"""CLI commands for agency engagements: ``agency check``, ``report``, ``quarterly``, ``spend``, ``leavers``.

Polars (analytics) and the report writers (xlsxwriter, WeasyPrint) are imported inside the commands
that use them: every ``csc-workforce`` command imports this module, and WeasyPrint alone takes over
a second to load.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from csc_workforce.core.agency.cost import days_in_period, four_quarters_to
from csc_workforce.core.agency.model import Engagement, Leaver, PriceCap, Severity
from csc_workforce.core.disclosure import THRESHOLD_ENV_VAR, DisclosureRule
from csc_workforce.core.pseudonym import SECRET_ENV_VAR, region_secret, worker_key_function
from csc_workforce.ingest.agency_caps import read_caps, read_permanent_costs
from csc_workforce.ingest.agency_leavers import load_leavers, read_leaver_keys, write_leaver_keys
from csc_workforce.ingest.agency_table import AgencyFileError
from csc_workforce.ingest.agency_values import parse_day
from csc_workforce.ingest.engagements import read_engagements
from csc_workforce.ingest.errors import UnreadableFileError

if TYPE_CHECKING:
    from csc_workforce.analytics.agency import RegionCheck

agency_app = typer.Typer(
    name="agency",
    help="Agency engagements: check them against the DfE rules and the regional agreement, report, export.",
    no_args_is_help=True,
)

_stderr = Console(stderr=True, highlight=False, soft_wrap=True)


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"


class SpendFormat(StrEnum):
    TABLE = "table"
    CSV = "csv"
    JSON = "json"


class SpendGrouping(StrEnum):
    ROLE = "role"
    AGENCY = "agency"
    WEEK = "week"


def _fail(message: str) -> NoReturn:
    _stderr.print(f"error: {message}", markup=False)
    raise typer.Exit(2)


def _note(message: str) -> None:
    _stderr.print(message, markup=False)


def _load_register(engagements: Path, caps: Path) -> tuple[list[Engagement], list[PriceCap]]:
    problems: list[str] = []
    loaded_engagements: list[Engagement] = []
    loaded_caps: list[PriceCap] = []
    try:
        loaded_engagements = read_engagements(engagements)
    except AgencyFileError as error:
        problems.append(error.report())
    try:
        loaded_caps = read_caps(caps)
    except AgencyFileError as error:
        problems.append(error.report())
    if problems:
        _fail("\n".join(problems))
    return loaded_engagements, loaded_caps


def _run_check(
    engagements_path: Path,
    caps_path: Path,
    region: str,
    census: list[Path],
    cooling_off_months: int | None,
    *,
    leaver_files: list[Path] | None = None,
) -> tuple[list[Engagement], list[PriceCap], RegionCheck]:
    from csc_workforce.analytics.agency import check_region  # noqa: PLC0415 (Polars: see the docstring)

    engagements, caps = _load_register(engagements_path, caps_path)
    secret, from_env = region_secret(os.environ)
    if leaver_files and not from_env:
        _fail(f"--leavers needs {SECRET_ENV_VAR}: the keys in leaver files are made with the region secret")
    if census and not from_env:
        _note(
            f"note: {SECRET_ENV_VAR} is not set; a random key is used for this run only, so leavers "
            "are matched within this run but the keys cannot be compared with other runs or councils"
        )
    worker_key = worker_key_function(secret)
    leavers = None
    if census:
        try:
            load = load_leavers(census, worker_key)
        except UnreadableFileError as error:
            _fail(f"census return not read: {error}")
        for warning in load.warnings:
            _note(f"warning: {warning}")
        leavers = load.leavers
        _note(f"{len(load.leavers)} leaver(s) from {load.files} census return(s)")
    if leaver_files:
        keyed: list[Leaver] = []
        for path in leaver_files:
            try:
                keyed.extend(read_leaver_keys(path))
            except AgencyFileError as error:
                _fail(error.report())
        leavers = [*(leavers or []), *keyed]
        _note(f"{len(keyed)} leaver(s) from {len(leaver_files)} leaver file(s)")
    try:
        checked = check_region(
            engagements,
            caps,
            region,
            worker_key=worker_key,
            leavers=leavers,
            cooling_off_months=cooling_off_months,
        )
    except ValueError as error:
        _fail(str(error))
    for warning in checked.warnings:
        _note(f"warning: {warning}")
    for note in checked.result.notes:
        _note(f"note: {note}")
    if checked.result.not_judged:
        _note(
            f"note: {checked.result.not_judged} engagement(s) started before 2024-10-31, when the DfE "
            "rules took effect, and are judged by no rule"
        )
    return engagements, caps, checked


CensusOption = Annotated[
    list[Path] | None,
    typer.Option("--census", help="A census return (XML) or a folder of them; repeat for each council."),
]
CoolingOption = Annotated[
    int | None,
    typer.Option(
        "--cooling-off-months",
        help="The regional agreement's cooling-off period in months (default: the national 3).",
        min=1,
        max=120,
    ),
]
LeaversOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--leavers",
        help="A leaver key file from `agency leavers` (worker_key,left_on,old_la_code); repeat per council.",
    ),
]
RegionOption = Annotated[str, typer.Option("--region", help="The region whose caps and agreement apply.")]
CapsOption = Annotated[
    Path, typer.Option("--caps", help="Caps file (CSV/XLSX): region, role, effective_from, max_hourly_rate.")
]


@agency_app.command("check")
def check(
    engagements: Annotated[Path, typer.Argument(help="Engagement register (CSV or XLSX).")],
    *,
    caps: CapsOption,
    region: RegionOption,
    census: CensusOption = None,
    leavers: LeaversOption = None,
    cooling_off_months: CoolingOption = None,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", help="table or json.")
    ] = OutputFormat.TABLE,
    fail_on_breach: Annotated[
        bool, typer.Option("--fail-on-breach", help="Exit 1 when any engagement breaks a rule.")
    ] = False,
) -> None:
    """Check every engagement against the rules in force on its start date."""
    _, _, checked = _run_check(
        engagements, caps, region, census or [], cooling_off_months, leaver_files=leavers
    )
    findings = checked.findings
    if output_format is OutputFormat.JSON:
        typer.echo(json.dumps([finding.as_dict() for finding in findings], indent=2))
    else:
        _print_findings(checked)
    breaches = sum(1 for f in findings if f.severity is Severity.BREACH)
    exceptions = len(findings) - breaches
    _note(
        f"{checked.result.judged} engagement(s) judged: {breaches} breach(es), "
        f"{exceptions} approved exception(s)"
    )
    if fail_on_breach and breaches:
        raise typer.Exit(1)


def _print_findings(checked: RegionCheck) -> None:
    console = Console(highlight=False, soft_wrap=False)
    if not checked.findings:
        console.print("No breaches and no approved exceptions.")
        return
    table = Table(title="Agency rule findings", show_lines=True)
    for heading in ("Engagement", "Council", "Agency", "Rule", "Severity", "What was found"):
        table.add_column(heading, overflow="fold")
    for finding in checked.findings:
        table.add_row(
            finding.engagement_id,
            finding.la_code,
            finding.agency,
            finding.rule.value,
            finding.severity.value,
            finding.message,
        )
    console.print(table)


def _disclosure_rule() -> DisclosureRule:
    text = os.environ.get(THRESHOLD_ENV_VAR, "").strip()
    try:
        return DisclosureRule(int(text)) if text else DisclosureRule()
    except ValueError:
        _fail(f"{THRESHOLD_ENV_VAR}: expected a whole number of 1 or more, found {text[:20]!r}")


def _parse_date_option(text: str | None, name: str) -> date | None:
    if text is None:
        return None
    try:
        return parse_day(text)
    except ValueError as error:
        _fail(f"{name}: {error}")


def _default_period(start: date | None, end: date | None) -> tuple[date, date]:
    """Four calendar quarters ending with the quarter of ``end`` (default today)."""
    last = end or date.today()
    if start is None:
        start = four_quarters_to(last)[0]
    if last < start:
        _fail(f"--to {last} is before --from {start}")
    return start, last


OutOption = Annotated[
    list[Path],
    typer.Option("--out", help="Where to write: a .xlsx or .pdf file (repeat for both)."),
]


@agency_app.command("report")
def report(
    engagements: Annotated[Path, typer.Argument(help="Engagement register (CSV or XLSX).")],
    *,
    caps: CapsOption,
    region: RegionOption,
    out: OutOption,
    census: CensusOption = None,
    leavers: LeaversOption = None,
    cooling_off_months: CoolingOption = None,
    period_from: Annotated[
        str | None, typer.Option("--from", help="First day of the period (default: 4 quarters back).")
    ] = None,
    period_to: Annotated[
        str | None, typer.Option("--to", help="Last day of the period (default: today).")
    ] = None,
    permanent_costs: Annotated[
        Path | None,
        typer.Option(
            "--permanent-costs",
            help="CSV/XLSX of role, permanent_hourly_cost [, la_code] for the premium over permanent staff.",
        ),
    ] = None,
    council: Annotated[
        str | None,
        typer.Option(
            "--council",
            help="A council's own report (LA code): its engagements only, with each breach and exception.",
        ),
    ] = None,
) -> None:
    """The region's compliance pack: breaches by council and agency, exceptions, spend and trend.

    Aggregates only: no engagement ids; money, hours and rates over fewer engagements than
    CSCW_DISCLOSURE_THRESHOLD (default 5) are shown as c. With --council, that council's own
    report, listing each of its breaches and exceptions.
    """
    from csc_workforce.reporting.agency_report import (  # noqa: PLC0415 (see the docstring)
        build_compliance_report,
        write_report_pdf,
        write_report_xlsx,
    )

    for path in out:
        if path.suffix.lower() not in {".xlsx", ".pdf"}:
            _fail(f"--out {path}: expected a .xlsx or .pdf file")
    start, end = _default_period(
        _parse_date_option(period_from, "--from"), _parse_date_option(period_to, "--to")
    )
    costs = None
    if permanent_costs is not None:
        try:
            costs = read_permanent_costs(permanent_costs)
        except AgencyFileError as error:
            _fail(error.report())
    rule = _disclosure_rule()
    loaded, _, checked = _run_check(
        engagements, caps, region, census or [], cooling_off_months, leaver_files=leavers
    )
    if council is not None:
        loaded = [engagement for engagement in loaded if engagement.la_code == council]
        if not loaded:
            _fail(f"--council {council}: no engagement in the register is for council {council}")
    built = build_compliance_report(loaded, checked, region, start, end, permanent_costs=costs, rule=rule)
    detail = council is not None
    for path in out:
        try:
            if path.suffix.lower() == ".pdf":
                write_report_pdf(built, path, engagement_rows=detail)
            else:
                write_report_xlsx(built, path, engagement_rows=detail)
        except OSError as error:
            _fail(f"{path}: cannot be written: {error.strerror or error}")
        _note(f"wrote {path}")


@agency_app.command("quarterly")
def quarterly(
    engagements: Annotated[Path, typer.Argument(help="Engagement register (CSV or XLSX).")],
    *,
    caps: CapsOption,
    region: RegionOption,
    quarter: Annotated[str, typer.Option("--quarter", help="Calendar quarter, e.g. 2025-Q1 (Jan-Mar).")],
    out: Annotated[Path, typer.Option("--out", help="The return: a .csv or .xlsx file.")],
    la_code: Annotated[
        str | None, typer.Option("--la-code", help="Only this council's engagements (its own return).")
    ] = None,
    census: CensusOption = None,
    leavers: LeaversOption = None,
    cooling_off_months: CoolingOption = None,
) -> None:
    """The quarterly engagement return to DfE: every engagement running in the quarter."""
    from csc_workforce.reporting.agency_quarterly import (  # noqa: PLC0415 (see the docstring)
        parse_quarter,
        quarterly_rows,
        write_quarterly,
    )

    try:
        year, number = parse_quarter(quarter)
    except ValueError as error:
        _fail(f"--quarter: {error}")
    if out.suffix.lower() not in {".csv", ".xlsx"}:
        _fail(f"--out {out}: expected a .csv or .xlsx file")
    loaded, caps_list, checked = _run_check(
        engagements, caps, region, census or [], cooling_off_months, leaver_files=leavers
    )
    rows = quarterly_rows(
        loaded, checked.findings, caps_list, region=region, year=year, quarter=number, la_code=la_code
    )
    try:
        write_quarterly(rows, out)
    except OSError as error:
        _fail(f"{out}: cannot be written: {error.strerror or error}")
    _note(f"wrote {out}: {len(rows)} engagement(s) running in {year}-Q{number}")


@agency_app.command("leavers")
def leavers_command(
    census: Annotated[
        list[Path], typer.Argument(help="The council's census returns (XML), or folders of them.")
    ],
    *,
    output: Annotated[Path, typer.Option("--output", help="The leaver key file to write (.csv).")],
) -> None:
    """A council's permanent leavers as keyed hashes with leaving dates, to share with the region.

    Columns worker_key,left_on,old_la_code; no SWE number. Needs CSCW_REGION_SECRET, the secret
    every council of the region shares, so that keys match across councils.
    """
    secret, from_env = region_secret(os.environ)
    if not from_env:
        _fail(f"{SECRET_ENV_VAR} is not set: leaver keys made without the region secret match nothing")
    if output.suffix.lower() != ".csv":
        _fail(f"--output {output}: expected a .csv file")
    try:
        load = load_leavers(census, worker_key_function(secret))
    except UnreadableFileError as error:
        _fail(f"census return not read: {error}")
    for warning in load.warnings:
        _note(f"warning: {warning}")
    try:
        with output.open("w", encoding="utf-8", newline="") as handle:
            write_leaver_keys(load.leavers, handle)
    except OSError as error:
        _fail(f"{output}: cannot be written: {error.strerror or error}")
    _note(f"wrote {output}: {len(load.leavers)} leaver(s) from {load.files} census return(s)")


_SPEND_COLUMNS = (
    "engagements",
    "hours",
    "capped_cost",
    "fee_cost",
    "total_cost",
    "agency_hourly_cost",
    "permanent_cost",
    "premium_cost",
    "premium_rate",
)


@agency_app.command("spend")
def spend(
    engagements: Annotated[Path, typer.Argument(help="Engagement register (CSV or XLSX).")],
    *,
    on: Annotated[
        str | None, typer.Option("--on", help="One day: the engagements active on it and that day's cost.")
    ] = None,
    period_from: Annotated[
        str | None, typer.Option("--from", help="First day of the period (default: 4 quarters back).")
    ] = None,
    period_to: Annotated[
        str | None, typer.Option("--to", help="Last day of the period (default: today).")
    ] = None,
    by: Annotated[SpendGrouping, typer.Option("--by", help="role, agency or week.")] = SpendGrouping.ROLE,
    output_format: Annotated[
        SpendFormat, typer.Option("--format", help="table, csv or json.")
    ] = SpendFormat.TABLE,
    permanent_costs: Annotated[
        Path | None,
        typer.Option(
            "--permanent-costs",
            help="CSV/XLSX of role, permanent_hourly_cost [, la_code] for the premium over permanent staff.",
        ),
    ] = None,
) -> None:
    """Agency use for the head of workforce: engagements active, hours, spend and the premium over
    permanent cost, by role, agency or week."""
    from csc_workforce.analytics.agency import spend_by  # noqa: PLC0415 (Polars: see the docstring)

    day = _parse_date_option(on, "--on")
    if day is not None and (period_from or period_to):
        _fail("--on is one day; give it or --from/--to, not both")
    start, end = (
        (day, day)
        if day is not None
        else _default_period(_parse_date_option(period_from, "--from"), _parse_date_option(period_to, "--to"))
    )
    try:
        loaded = read_engagements(engagements)
        costs = read_permanent_costs(permanent_costs) if permanent_costs is not None else None
    except AgencyFileError as error:
        _fail(error.report())
    frame = spend_by(loaded, start, end, by.value, costs)
    columns = [by.value, *_SPEND_COLUMNS]
    records = [dict(zip(columns, row, strict=True)) for row in frame.select(columns).iter_rows()]
    active = sum(1 for engagement in loaded if days_in_period(engagement, start, end))
    _note(f"{start} to {end}: {active} of the register's {len(loaded)} engagement(s) active")
    if output_format is SpendFormat.JSON:
        typer.echo(json.dumps(records, indent=2))
    elif output_format is SpendFormat.CSV:
        writer = csv.DictWriter(sys.stdout, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: _csv_value(v) for k, v in record.items()} for record in records)
    else:
        table = Table(title=f"Agency spend by {by.value}, {start} to {end}")
        for column in columns:
            table.add_column(column.replace("_", " "), justify="left" if column == by.value else "right")
        for record in records:
            table.add_row(*(_csv_value(record[c]) for c in columns))
        Console(highlight=False, soft_wrap=False, width=None if sys.stdout.isatty() else 200).print(table)


def _csv_value(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}" if abs(value) < 1 else f"{value:.2f}"
    return str(value)


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.add_typer(agency_app, name="agency")
