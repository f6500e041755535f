"""``csc-workforce retention``: how long social workers stay, from a council's census history.

stdout carries only the result (with ``--format json`` the JSON alone); notes and errors go to
stderr. Exit codes: 0 done; 2 unreadable input or a usage error.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Final

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

if TYPE_CHECKING:
    from csc_workforce.analytics.retention import RetentionReport

# lifelines and Polars load inside the command: every csc-workforce command imports this module.

EXIT_BAD_INPUT: Final = 2
GROUPINGS: Final = ("role", "start_origin", "age_band", "council")


class OutputFormat(StrEnum):
    table = "table"
    json = "json"


_err = Console(stderr=True, soft_wrap=True, highlight=False)


def _share(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}%"


def _print_tables(report: RetentionReport) -> None:
    console = Console(soft_wrap=False)
    history = report.history
    console.print(
        f"Observed {history.observed_from} to {history.observed_to}; excluded records: {history.excluded}"
    )
    table = Table(
        title="Share still in post (Kaplan–Meier with late entry, 95% interval)", title_justify="left"
    )
    for column in (
        "Group",
        "People",
        "Spells",
        "Leavers",
        "1 year",
        "2 years",
        "3 years",
        "5 years",
        "Median",
    ):
        table.add_column(column, justify="left" if column == "Group" else "right")
    for group in report.groups:
        cells = [
            f"{_share(p.estimate)} ({_share(p.lower)}–{_share(p.upper)}) n={p.at_risk}"
            for p in group.survival
        ]
        median = "not reached" if group.median_years is None else f"{group.median_years:.1f} years"
        table.add_row(group.group, str(group.people), str(group.spells), str(group.leavers), *cells, median)
    console.print(table)
    destinations = Table(
        title="Cumulative share who left, by destination (Aalen–Johansen)", title_justify="left"
    )
    for column in ("Group", "Destination", "1 year", "2 years"):
        destinations.add_column(column)
    for group in report.groups:
        by_destination: dict[str, dict[int, float | None]] = {}
        for point in group.destinations:
            by_destination.setdefault(point.destination, {})[point.years] = point.cumulative
        for destination, values in by_destination.items():
            destinations.add_row(group.group, destination, _share(values.get(1)), _share(values.get(2)))
    console.print(destinations)


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""

    @app.command("retention")
    def retention(
        paths: Annotated[list[Path], typer.Argument(help="Census files (XML or XLSX) or folders of them.")],
        by: Annotated[
            str | None, typer.Option("--by", help="Group by: " + ", ".join(GROUPINGS) + ".")
        ] = None,
        output: Annotated[OutputFormat, typer.Option("--format", help="table or json.")] = OutputFormat.table,
    ) -> None:
        """How long social workers stay: survival after 1, 2, 3 and 5 years, median service and
        where leavers went, from spells of permanent employment linked by SWE number."""
        if by is not None and by.strip().lower().replace("-", "_") not in GROUPINGS:
            _err.print(f"[red]error:[/red] --by must be one of {', '.join(GROUPINGS)}, not {escape(by)!r}")
            raise typer.Exit(EXIT_BAD_INPUT)
        from csc_workforce.analytics.retention import (  # noqa: PLC0415
            RetentionError,
            retention_report,
            spell_history,
        )
        from csc_workforce.analytics.returns import ReturnsError, load_returns  # noqa: PLC0415

        try:
            loaded = load_returns(paths)
            history = spell_history(loaded.returns)
        except (ReturnsError, RetentionError) as error:
            _err.print(f"[red]error:[/red] {escape(str(error))}")
            raise typer.Exit(EXIT_BAD_INPUT) from None
        report = retention_report(history, by, detail=False)
        _err.print(
            f"{len(loaded.returns)} return(s), {len(history.spells)} spell(s) "
            f"in {len(history.councils)} council(s)"
        )
        for note in report.notes:
            _err.print(f"note: {escape(note)}")
        if output is OutputFormat.json:
            sys.stdout.write(json.dumps(report.as_json(), indent=2, allow_nan=False) + "\n")
        else:
            _print_tables(report)
