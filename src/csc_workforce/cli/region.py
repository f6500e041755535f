"""``csc-workforce region share``: who can lend social workers to whom across a region."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from csc_workforce.core.census.model import CensusReturn
from csc_workforce.core.forecast.inputs import CouncilInputs
from csc_workforce.core.sharing.model import LedgerRow
from csc_workforce.ingest.agency_table import AgencyFileError
from csc_workforce.ingest.errors import UnreadableFileError

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
def share(  # noqa: PLR0917 - Typer maps each parameter to an option
    region: Annotated[
        str, typer.Option("--region", help="The region, as DfE names it (e.g. 'East of England').")
    ],
    published: Annotated[
        Path | None,
        typer.Option("--published", help="DfE's published indicators (CSV): each member council's forecast."),
    ] = None,
    census: Annotated[
        list[Path] | None,
        typer.Option("--census", help="Census returns (XML) or folders of them, for each member council."),
    ] = None,
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
    horizon: Annotated[
        int, typer.Option("--horizon", min=3, max=12, help="Months ahead a loan must hold for (3-12).")
    ] = 6,
    prudence: Annotated[
        float,
        typer.Option(
            "--prudence", min=0.5, max=0.99, help="A donor lends what it has in this share of futures."
        ),
    ] = 0.9,
    sims: Annotated[int, typer.Option("--sims", min=100, max=100_000, help="Futures per council.")] = 2000,
    seed: Annotated[int, typer.Option("--seed", help="The same seed gives the same ledger.")] = 1,
    output_format: Annotated[ShareFormat, typer.Option("--format")] = ShareFormat.TABLE,
) -> None:
    """Propose loans that cover as much of the region's deficit as its surpluses and offers allow.

    Example: csc-workforce region share --region "East of England" --surplus ledger.csv --format json
    """
    from csc_workforce.analytics.sharing import plan_as_dict, plan_region, region_members  # noqa: PLC0415
    from csc_workforce.ingest.sharing_files import read_neighbours, read_offers, read_surplus  # noqa: PLC0415

    sources = [
        name
        for name, given in (("--published", published), ("--census", census), ("--surplus", surplus))
        if given
    ]
    if len(sources) != 1:
        _fail("give exactly one of --published FILE, --census PATH... or --surplus FILE.csv")
    try:
        members = region_members(region)
        if surplus is not None:
            ledger = read_surplus(surplus)
        else:
            ledger = _forecast_ledger(
                members, published, census or [], horizon=horizon, prudence=prudence, sims=sims, seed=seed
            )
        offered, refuses = read_offers(offers) if offers else ({}, frozenset())
        pairs = read_neighbours(neighbours) if neighbours else None
    except AgencyFileError as error:
        _fail(error.report() if len(error.problems) > 1 else str(error))
    except (UnreadableFileError, ValueError) as error:
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


def _forecast_ledger(
    members: tuple[str, ...],
    published: Path | None,
    census: list[Path],
    *,
    horizon: int,
    prudence: float,
    sims: int,
    seed: int,
) -> list[LedgerRow]:
    """Each member council's prudent surplus or deficit of case-holding FTE, from its forecast."""
    from csc_workforce.analytics import forecast_inputs as fi  # noqa: PLC0415 (Polars)
    from csc_workforce.simulation.backends import LocalBackend  # noqa: PLC0415
    from csc_workforce.simulation.sharing import forecast_ledger  # noqa: PLC0415

    inside = set(members)
    if published is not None:
        if not published.is_file():
            raise UnreadableFileError(published, "no such file")
        fitted = fi.fit_published(fi.load_published_training(published))
        inputs = [item for code, item in sorted(fitted.inputs.items()) if code in inside]
    else:
        inputs = _census_inputs(census, inside)
    if not inputs:
        raise ValueError("no member council of the region has a forecast in the files given")
    built = forecast_ledger(inputs, LocalBackend(), horizon=horizon, prudence=prudence, sims=sims, seed=seed)
    for reason in built.skipped:
        _stderr.print(f"note: taking no part: {reason}", markup=False)
    return list(built.rows)


def _census_inputs(paths: list[Path], inside: set[str]) -> list[CouncilInputs]:
    """Forecast inputs per member council from its census returns (any years)."""
    from csc_workforce.analytics import forecast_inputs as fi  # noqa: PLC0415 (Polars)
    from csc_workforce.analytics.canonical import la_level_frame, workers_frame  # noqa: PLC0415
    from csc_workforce.ingest.census_xml import read_census_xml  # noqa: PLC0415
    from csc_workforce.ingest.paths import census_files  # noqa: PLC0415

    by_council: dict[str, list[CensusReturn]] = {}
    for path in census_files(paths):
        census = read_census_xml(path)
        if census.la_code in inside:
            by_council.setdefault(census.la_code, []).append(census)
    return [
        fi.inputs_from_census(workers_frame(returns), la_level_frame(returns), published=fi.bundled_fit())
        for _code, returns in sorted(by_council.items())
    ]


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.add_typer(region_app, name="region")
