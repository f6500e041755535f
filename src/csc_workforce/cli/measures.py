"""``csc-workforce measures``: DfE's official measures from census returns.

stdout carries only the result (with ``--format json`` the JSON alone); notes, progress and
errors go to stderr.
"""

from __future__ import annotations

import csv
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.progress import track
from rich.table import Table

from csc_workforce.core.disclosure import SYMBOLS, UNAVAILABLE, DisclosureRule, publish_row
from csc_workforce.core.measures import (
    BREAKDOWNS,
    FTE_POLICIES,
    Casual,
    EndOnReferenceDate,
    MeasurePolicy,
    Returners,
    breakdown_name,
)
from csc_workforce.core.measures_formulas import MEASURE_COLUMNS

if TYPE_CHECKING:
    import polars as pl

# Polars-backed modules (analytics, published statistics) are imported inside the command: every
# csc-workforce command imports this module.


class OutputFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


_err = Console(stderr=True, soft_wrap=True)


def _la_names() -> tuple[dict[str, str], dict[str, str]]:
    """Council names and England regions from the bundled published statistics."""
    from csc_workforce.ingest.published import PublishedFileError, la_lookup  # noqa: PLC0415

    try:
        lookup = la_lookup()
    except (PublishedFileError, OSError, ValueError) as error:
        _err.print(f"note: council names unavailable ({error})", highlight=False)
        return {}, {}
    names = {code: entry.la_name for code, entry in lookup.items()}
    regions = {code: entry.england_region for code, entry in lookup.items()}
    return names, regions


def _policy(fte_policy: str, end_on: str, returners: str, casual: str) -> MeasurePolicy:
    try:
        return MeasurePolicy(
            fte=FTE_POLICIES[fte_policy],
            end_on_reference_date=EndOnReferenceDate(end_on),
            returners=Returners(returners),
            casual=Casual(casual),
        )
    except (KeyError, ValueError) as error:
        raise typer.BadParameter(
            f"{error}; choices: --fte-policy {'|'.join(FTE_POLICIES)}, "
            f"--end-on-30-september {'|'.join(e.value for e in EndOnReferenceDate)}, "
            f"--returners {'|'.join(e.value for e in Returners)}, "
            f"--casual {'|'.join(e.value for e in Casual)}"
        ) from None


def _council_records(result: pl.DataFrame, by: str | None, names: dict[str, str]) -> list[dict[str, Any]]:
    records = []
    for row in result.to_dicts():
        record: dict[str, Any] = {
            "time_period": int(row["time_period"]),
            "old_la_code": str(row["old_la_code"]),
            "la_name": names.get(str(row["old_la_code"])),
        }
        if by:
            record[by] = row[by]
        record.update({measure: row[measure] for measure in MEASURE_COLUMNS})
        record["policy"] = row["policy"]
        records.append(record)
    return records


def _rounded(records: list[dict[str, Any]], *, already_disclosed: bool) -> list[dict[str, Any]]:
    """Records with every measure as DfE publishes it (rounded, or a symbol)."""
    if already_disclosed:
        return records
    rounded = []
    for record in records:
        cells = publish_row(record)
        rounded.append({**record, **{m: cell.json() for m, cell in cells.items()}})
    return rounded


def _write_csv(records: list[dict[str, Any]]) -> None:
    if not records:
        return
    writer = csv.DictWriter(sys.stdout, fieldnames=list(records[0]), lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow({k: ("" if v is None else v) for k, v in record.items()})


def _print_tables(records: list[dict[str, Any]], by: str | None) -> None:
    """One table per council (or region) and year: measures down, breakdown values across."""
    console = Console(soft_wrap=False)
    groups: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
    for record in records:
        key = tuple(record.get(k) for k in ("geographic_level", "region_name", "time_period", "old_la_code"))
        groups.setdefault(key, []).append(record)
    for (level, region, year, code), rows in groups.items():
        name = rows[0].get("la_name")
        area = f"{code} {name}" if code and name else (code or region)
        title = f"{area} — {year}" + (f" ({level})" if level else "")
        table = Table(title=title, title_justify="left")
        table.add_column("Measure")
        for row in rows:
            table.add_column(str(row[by]) if by else "Value", justify="right")
        for measure in MEASURE_COLUMNS:
            table.add_row(
                measure, *(UNAVAILABLE if row[measure] is None else str(row[measure]) for row in rows)
            )
        console.print(table)
    if records:
        console.print(f"Policy: {records[0]['policy']}")
        console.print("Symbols: " + "; ".join(f"{s} = {meaning}" for s, meaning in SYMBOLS.items()))


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""

    @app.command("measures")
    def measures(  # noqa: PLR0917 - Typer maps each parameter to an option
        paths: Annotated[list[Path], typer.Argument(help="Census files (XML or XLSX) or folders of them.")],
        by: Annotated[
            str | None, typer.Option("--by", help="Break down by: " + ", ".join(BREAKDOWNS) + ".")
        ] = None,
        output: Annotated[
            OutputFormat, typer.Option("--format", help="table, csv or json.")
        ] = OutputFormat.table,
        regional: Annotated[
            bool,
            typer.Option(
                "--regional",
                help="Councils side by side with their region's aggregate, small numbers suppressed.",
            ),
        ] = False,
        threshold: Annotated[
            int, typer.Option(help="With --regional: groups of fewer people than this are suppressed.")
        ] = DisclosureRule().threshold,
        fte_policy: Annotated[
            str, typer.Option(help="Which FTE item feeds which measure: " + ", ".join(FTE_POLICIES) + ".")
        ] = "fte-first",
        end_on_30_september: Annotated[
            str, typer.Option(help="A RoleEndDate of 30 September makes a: leaver | in-post.")
        ] = EndOnReferenceDate.LEAVER.value,
        returners: Annotated[
            str,
            typer.Option(help="Leaving and rejoining in the year: separate-records | continuous-service."),
        ] = Returners.SEPARATE_RECORDS.value,
        casual: Annotated[
            str, typer.Option(help="Records with an FTE of 0: include | exclude-zero-fte.")
        ] = Casual.INCLUDE.value,
    ) -> None:
        """Compute DfE's official workforce measures per council and year (JSON unrounded;
        tables and CSV rounded as DfE publishes them)."""
        from csc_workforce.analytics.council import MeasureNotes, council_measures  # noqa: PLC0415
        from csc_workforce.analytics.regional import regional_view, rows_as_records  # noqa: PLC0415
        from csc_workforce.analytics.returns import ReturnsError, load_returns  # noqa: PLC0415

        try:
            breakdown = breakdown_name(by) if by else None
        except ValueError as error:
            raise typer.BadParameter(str(error), param_hint="--by") from None
        policy = _policy(fte_policy, end_on_30_september, returners, casual)
        try:
            rule = DisclosureRule(threshold)
        except ValueError as error:
            raise typer.BadParameter(str(error), param_hint="--threshold") from None
        show_progress = sys.stderr.isatty()
        try:
            loaded = load_returns(
                paths,
                progress=(lambda files: track(files, description="Reading", console=_err))
                if show_progress
                else None,
            )
            workers, la_level = loaded.tables()
        except ReturnsError as error:
            _err.print(f"[red]error:[/red] {error}", markup=True, highlight=False)
            raise typer.Exit(2) from None  # as validate: 2 is "a file could not be read"
        notes = MeasureNotes()
        result = council_measures(workers, la_level, by=breakdown, policy=policy, notes=notes)
        names, regions = _la_names()
        _err.print(
            f"{len(loaded.returns)} return(s), {workers.height} worker record(s); policy: {policy.label}",
            highlight=False,
        )
        for line in notes.lines():
            _err.print(f"note: {line}", highlight=False)

        if regional:
            records = rows_as_records(
                regional_view(result, regions, by=breakdown, rule=rule), breakdown, names
            )
            _err.print(f"small numbers (1 to {rule.threshold - 1} people) suppressed as 'c'", highlight=False)
        else:
            records = _council_records(result, breakdown, names)
        if output is OutputFormat.json:
            sys.stdout.write(json.dumps(records, indent=2, allow_nan=False) + "\n")
        elif output is OutputFormat.csv:
            _write_csv(_rounded(records, already_disclosed=regional))
        else:
            _print_tables(_rounded(records, already_disclosed=regional), breakdown)
