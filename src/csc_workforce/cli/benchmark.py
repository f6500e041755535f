"""``csc-workforce benchmark``: a council beside its region, England and statistical neighbours."""

from __future__ import annotations

import json
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table

from csc_workforce.core.measure_labels import format_figure
from csc_workforce.core.measures_formulas import MEASURE_COLUMNS
from csc_workforce.core.published import SYMBOL_MEANINGS, describe_symbol
from csc_workforce.ingest.errors import UnreadableFileError

if TYPE_CHECKING:
    import polars as pl

    from csc_workforce.analytics.benchmarking import Area, Benchmark

# Polars-backed modules are imported inside the commands: every csc-workforce command imports this
# module, and only these two commands need them.


class OutputFormat(StrEnum):
    table = "table"
    json = "json"


class RevisionFormat(StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


def format_value(measure: str, value: float | None, symbol: str | None, *, explain: bool = True) -> str:
    """A published figure as DfE prints it; a symbol with its meaning when ``explain``."""
    if value is None:
        if symbol is None:
            return ""
        return describe_symbol(symbol) if explain else symbol
    return format_figure(measure, value)


def _area_cell(area: Area | None, measure: str, *, explain: bool = True) -> str:
    if area is None:
        return ""
    return format_value(measure, area.values[measure], area.symbols[measure], explain=explain)


def _main_table(result: Benchmark) -> Table:
    table = Table(
        title=f"{result.council.label} ({result.council.code}), {result.time_period}", title_justify="left"
    )
    table.add_column("Measure")
    columns: list[Area | None] = [result.council, result.region, result.london, result.england]
    shown = [area for area in columns if area is not None]
    for area in shown:
        table.add_column(area.label, justify="right")
    table.add_column("Neighbours mean", justify="right")
    table.add_column("Neighbours median", justify="right")
    table.add_column("n", justify="right")
    for measure in MEASURE_COLUMNS:
        table.add_row(
            measure,
            *(_area_cell(area, measure) for area in shown),
            format_value(measure, result.neighbour_mean[measure], None),
            format_value(measure, result.neighbour_median[measure], None),
            str(result.neighbour_count[measure]),
        )
    return table


def _neighbour_table(result: Benchmark) -> Table:
    table = Table(title="Statistical neighbours (columns by DfE code, closest first)", title_justify="left")
    table.add_column("Measure")
    for area in result.neighbours:
        table.add_column(area.code or "", justify="right")
    for measure in MEASURE_COLUMNS:
        table.add_row(measure, *(_area_cell(area, measure, explain=False) for area in result.neighbours))
    return table


def _render(result: Benchmark, console: Console) -> None:
    console.print(_main_table(result))
    if result.neighbours:
        console.print(_neighbour_table(result))
        for area in result.neighbours:
            closeness = f" ({area.closeness})" if area.closeness else ""
            console.print(f"  {area.rank:>2}. {area.code} {area.label}{closeness}")
    used = {
        s for area in (result.council, *result.neighbours) for s in area.symbols.values() if s is not None
    }
    if used:
        console.print("Symbols: " + "; ".join(describe_symbol(s) for s in SYMBOL_MEANINGS if s in used))
    for note in result.notes:
        console.print(f"Note: {note}")
    console.print(f"Source: DfE Children's social work workforce ({result.source}), Open Government Licence.")


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""

    @app.command("benchmark")
    def benchmark_command(
        la_code: Annotated[
            str, typer.Argument(help="DfE 3-digit LA code (e.g. 881), ONS code or council name.")
        ],
        year: Annotated[
            int | None,
            typer.Option("--year", help="Reporting year (ending 30 September); default the latest."),
        ] = None,
        output_format: Annotated[
            OutputFormat, typer.Option("--format", help="table or json.")
        ] = OutputFormat.table,
        indicators: Annotated[
            Path | None,
            typer.Option(
                "--indicators", help="A DfE indicators file to use instead of the bundled latest release."
            ),
        ] = None,
    ) -> None:
        """Compare a council with its region, England and statistical neighbours (published statistics)."""
        from csc_workforce.analytics.benchmarking import BenchmarkError, benchmark  # noqa: PLC0415
        from csc_workforce.ingest.published import load_indicators  # noqa: PLC0415

        errors = Console(stderr=True, soft_wrap=True)
        try:
            frame = load_indicators(indicators)
            result = benchmark(la_code, year, frame)
        except (BenchmarkError, UnreadableFileError) as error:
            errors.print(f"[bold red]Error:[/] {error}", highlight=False)
            raise typer.Exit(code=2) from None
        if indicators is not None:
            result = replace(result, source=str(indicators))
        if output_format is OutputFormat.json:
            typer.echo(json.dumps(result.to_json(), indent=2))
            for note in result.notes:
                errors.print(f"Note: {note}", highlight=False)
            return
        _render(result, Console(width=max(Console().width, 160)))

    @app.command("published-revisions")
    def revisions_command(
        old: Annotated[
            Path, typer.Argument(help="The earlier release's indicators or headline-measures file.")
        ],
        new: Annotated[
            Path | None, typer.Argument(help="The later release's file; default the bundled latest release.")
        ] = None,
        level: Annotated[
            str | None, typer.Option("--level", help="National, Regional or 'Local authority' only.")
        ] = None,
        output_format: Annotated[
            RevisionFormat, typer.Option("--format", help="table, csv or json.")
        ] = RevisionFormat.table,
    ) -> None:
        """List every published figure DfE revised between two releases."""
        from csc_workforce.analytics.published_revisions import revisions  # noqa: PLC0415
        from csc_workforce.ingest.published import load_indicators  # noqa: PLC0415
        from csc_workforce.ingest.published.indicators import LEVELS  # noqa: PLC0415

        errors = Console(stderr=True, soft_wrap=True)
        try:
            changed = revisions(load_indicators(old), load_indicators(new))
        except UnreadableFileError as error:
            errors.print(f"[bold red]Error:[/] {error}", highlight=False)
            raise typer.Exit(code=2) from None
        if level is not None:
            wanted = LEVELS.get(level.lower())
            if wanted is None:
                errors.print(
                    f"[bold red]Error:[/] unknown level {level!r}: use National, Regional or Local authority"
                )
                raise typer.Exit(code=2)
            changed = changed.filter(changed["geographic_level"] == wanted)
        if output_format is RevisionFormat.json:
            typer.echo(json.dumps(changed.to_dicts(), indent=2))
        elif output_format is RevisionFormat.csv:
            typer.echo(changed.write_csv(), nl=False)
        else:
            _render_revisions(changed, Console(width=max(Console().width, 120)))
        errors.print(f"{changed.height} revised figures", highlight=False)


def _render_revisions(changed: pl.DataFrame, console: Console) -> None:
    table = Table(title="Revised figures (old release → new release)", title_justify="left")
    for name in ("Year", "Level", "Place", "Measure", "Old", "New", "Change"):
        table.add_column(name, justify="right" if name in ("Old", "New", "Change") else "left")
    for row in changed.iter_rows(named=True):
        measure = row["measure"]
        table.add_row(
            str(row["time_period"]),
            row["geographic_level"],
            row["place"],
            measure,
            format_value(measure, row["old_value"], row["old_symbol"], explain=False),
            format_value(measure, row["new_value"], row["new_symbol"], explain=False),
            "" if row["change"] is None else f"{row['change']:+,.1f}",
        )
    console.print(table)
