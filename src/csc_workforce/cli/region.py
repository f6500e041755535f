"""``csc-workforce region share``: who can lend social workers to whom across a region."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from csc_workforce.ingest.agency_table import AgencyFileError

region_app = typer.Typer(
    name="region", help="Regional planning: staff sharing between member councils.", no_args_is_help=True
)
_stdout = Console(highlight=False, soft_wrap=True)
_stderr = Console(stderr=True, highlight=False, soft_wrap=True)


class ShareFormat(StrEnum):
    TABLE = "table"
    JSON = "json"


def _fail(message: str) -> NoReturn:
    _stderr.print(f"error: {message}", markup=False)
    raise typer.Exit(2)


@region_app.command("share")
def share(
    region: Annotated[
        str, typer.Option("--region", help="The region, as DfE names it (e.g. 'East of England').")
    ],
    surplus: Annotated[
        Path | None,
        typer.Option(
            "--surplus",
            help="The region's own ledger (CSV/XLSX: old_la_code,role,surplus_fte; negative is a deficit). "
            "Councils absent from it take no part.",
        ),
    ] = None,
    offers: Annotated[
        Path | None,
        typer.Option(
            "--offers",
            help="What each council offers (old_la_code,role,max_lend_fte[,refuses_to_receive]); "
            "a council and role absent offer up to the whole surplus.",
        ),
    ] = None,
    neighbours: Annotated[
        Path | None,
        typer.Option(
            "--neighbours",
            help="Pairs that may lend to each other, either direction (from_la,to_la[,travel_minutes]).",
        ),
    ] = None,
    output_format: Annotated[ShareFormat, typer.Option("--format")] = ShareFormat.TABLE,
) -> None:
    """Propose loans that cover as much of the region's deficit as its surpluses and offers allow.

    Example: csc-workforce region share --region "East of England" --surplus ledger.csv --format json
    """
    from csc_workforce.analytics.sharing import plan_as_dict, plan_region, region_members  # noqa: PLC0415
    from csc_workforce.ingest.sharing_files import read_neighbours, read_offers, read_surplus  # noqa: PLC0415

    if surplus is None:
        _fail("give the region's ledger with --surplus FILE.csv")
    try:
        members = region_members(region)
        ledger = read_surplus(surplus)
        offered, refuses = read_offers(offers) if offers else ({}, frozenset())
        pairs = read_neighbours(neighbours) if neighbours else None
    except AgencyFileError as error:
        _fail(error.report() if len(error.problems) > 1 else str(error))
    except ValueError as error:
        _fail(str(error))
    outside = sorted({row.la_code for row in ledger} - set(members))
    if outside:
        _stderr.print(f"note: not in {region}, so taking no part: {', '.join(outside)}", markup=False)
    plan = plan_region(members, ledger, offers=offered, refuses=refuses, pairs=pairs)
    if output_format is ShareFormat.JSON:
        typer.echo(json.dumps(plan_as_dict(plan, region), indent=2))
        return
    table = Table(title=f"Proposed loans in {region}")
    for heading in ("From", "To", "Role", "FTE"):
        table.add_column(heading, justify="right" if heading == "FTE" else "left")
    for loan in plan.proposals:
        table.add_row(loan.from_la, loan.to_la, loan.role, f"{loan.fte:.1f}")
    _stdout.print(table)
    _stdout.print(
        f"Covered {plan.covered_fte:.1f} FTE of the deficit; {plan.uncovered_fte:.1f} FTE uncovered."
    )


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.add_typer(region_app, name="region")
