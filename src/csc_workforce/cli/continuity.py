"""``csc-workforce continuity``: DfE's social worker stability measure from SSDA903 files, and
(with ``--census``) why children's social workers changed.

stdout carries only the result (with ``--format json`` the JSON alone); errors go to stderr.
Exit codes: 0 computed; 2 a file could not be read (every problem named by row and column).
Children's codes are pseudonymised under ``CSCW_COUNCIL_KEY`` (or a random key for this run)
as the files are read; the output holds aggregates only.
"""

from __future__ import annotations

import json
import os
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Final

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from csc_workforce.core.continuity.changes import CAUSE_LABELS, ChangeCause
from csc_workforce.core.continuity.model import SW_REASONS
from csc_workforce.core.pseudonym import random_run_key

if TYPE_CHECKING:
    from csc_workforce.analytics.continuity import ContinuityReport
    from csc_workforce.analytics.continuity_outlook import Projection
    from csc_workforce.core.census.model import CensusReturn

EXIT_UNREADABLE: Final = 2
COUNCIL_KEY_ENV_VAR: Final = "CSCW_COUNCIL_KEY"


class OutputFormat(StrEnum):
    table = "table"
    json = "json"


def council_key() -> bytes:
    """The council's child pseudonym key from the environment, or a random key for this run."""
    value = os.environ.get(COUNCIL_KEY_ENV_VAR, "").strip()
    return value.encode("utf-8") if value else random_run_key()


def register(app: typer.Typer) -> None:
    """Add this module's command to ``app``."""

    @app.command("continuity")
    def continuity(  # noqa: PLR0917 - Typer maps each parameter to an option
        episodes: Annotated[Path, typer.Option("--episodes", help="SSDA903 episodes table (CSV).")],
        social_workers: Annotated[
            Path, typer.Option("--social-workers", help="SSDA903 social worker episodes table (CSV).")
        ],
        year: Annotated[int, typer.Option("--year", help="Collection year ending 31 March YEAR.")],
        header: Annotated[
            Path | None,
            typer.Option("--header", help="SSDA903 header table (CSV), for the breakdown by sex."),
        ] = None,
        census: Annotated[
            list[Path] | None,
            typer.Option("--census", help="A census return (XML or XLSX) or folder; repeat for each."),
        ] = None,
        output: Annotated[OutputFormat, typer.Option("--format", help="table or json.")] = OutputFormat.table,
        forecast: Annotated[
            bool,
            typer.Option(
                "--forecast",
                help="Also forecast the workforce from the --census returns and project the children "
                "changing social worker next year (JSON: an extra key).",
            ),
        ] = False,
        sims: Annotated[
            int, typer.Option("--sims", min=100, max=100_000, help="Simulated futures for --forecast.")
        ] = 2000,
    ) -> None:
        """How many social workers each child looked after on 31 March had in the year (DfE's measure)."""
        from csc_workforce.analytics.canonical import CanonicalError, workers_frame  # noqa: PLC0415
        from csc_workforce.analytics.continuity import (  # noqa: PLC0415
            continuity_report,
            worker_statuses,
            year_json,
        )
        from csc_workforce.ingest.census_any import CENSUS_SUFFIXES, read_census  # noqa: PLC0415
        from csc_workforce.ingest.errors import UnreadableFileError  # noqa: PLC0415
        from csc_workforce.ingest.paths import census_files  # noqa: PLC0415
        from csc_workforce.ingest.ssda903 import (  # noqa: PLC0415
            Ssda903FileError,
            read_episodes,
            read_header,
            read_social_worker_episodes,
        )

        err = Console(stderr=True, soft_wrap=True, highlight=False)
        if not 2000 <= year <= 2100:
            err.print(f"[red]Error:[/red] --year {year} is not a collection year (e.g. 2025)")
            raise typer.Exit(EXIT_UNREADABLE)
        if forecast and not census:
            err.print("[red]Error:[/red] --forecast needs the council's --census returns")
            raise typer.Exit(EXIT_UNREADABLE)
        key = council_key()
        returns: list[CensusReturn] = []
        try:
            care = read_episodes(episodes, key)
            workers = read_social_worker_episodes(social_workers, key)
            details = read_header(header, key) if header is not None else None
            statuses = None
            if census:
                returns = [
                    read_census(path, other_suffixes_as_xml=True)
                    for path in census_files(census, CENSUS_SUFFIXES)
                ]
                statuses = worker_statuses(workers_frame(returns))
        except Ssda903FileError as error:
            err.print(escape(error.report()))
            raise typer.Exit(EXIT_UNREADABLE) from None
        except (UnreadableFileError, CanonicalError) as error:
            err.print(f"[red]Error:[/red] {escape(str(error))}")
            raise typer.Exit(EXIT_UNREADABLE) from None
        report = continuity_report(care, workers, details=details, census=statuses, years=[year])
        item = report.years[year]
        for note in report.notes:
            err.print(f"note: {escape(note)}")
        projection = _projection(report, returns, sims, err) if forecast else None
        if output is OutputFormat.json:
            data = year_json(item)
            if projection is not None:
                from csc_workforce.analytics.continuity_outlook import projection_json  # noqa: PLC0415

                data["children_changing_next_year"] = projection_json(projection)
            typer.echo(json.dumps(data))
            return
        _print_table(item, year)
        if projection is not None:
            _print_projection(projection)


def _projection(report: ContinuityReport, returns: list[CensusReturn], sims: int, err: Console) -> Projection:
    """The forecast from the census returns, and next year's children changing social worker."""
    from csc_workforce.analytics.canonical import la_level_frame, workers_frame  # noqa: PLC0415
    from csc_workforce.analytics.continuity_outlook import children_changing_next_year  # noqa: PLC0415
    from csc_workforce.analytics.forecast_inputs import bundled_fit, inputs_from_census  # noqa: PLC0415
    from csc_workforce.core.forecast import DEFAULT_SEED, run_forecast  # noqa: PLC0415

    try:
        # As ``forecast board-pack --census``: demand and spreads from the published fit.
        inputs = inputs_from_census(workers_frame(returns), la_level_frame(returns), published=bundled_fit())
    except (ValueError, IndexError) as error:
        message = f"--forecast: the census returns cannot be forecast: {error}"
        err.print(f"[red]Error:[/red] {escape(message)}")
        raise typer.Exit(EXIT_UNREADABLE) from None
    result = run_forecast(inputs, months=12, sims=sims, seed=DEFAULT_SEED)
    return children_changing_next_year(report, returns, result)


def _print_projection(projection: Projection) -> None:
    from csc_workforce.core.continuity.projection import ChildrenChangingProjection  # noqa: PLC0415
    from csc_workforce.reporting.continuity_projection import (  # noqa: PLC0415
        HEADINGS,
        projection_rows,
        projection_sentence,
    )

    console = Console(soft_wrap=True, highlight=False)
    console.print(escape(projection_sentence(projection)))
    if not isinstance(projection, ChildrenChangingProjection):
        return
    table = Table(title="Children changing social worker next year (from the forecast's leavers)")
    for index, heading in enumerate(HEADINGS):
        table.add_column(heading, justify="left" if index == 0 else "right")
    for row in projection_rows(projection):
        table.add_row(*row)
    console.print(table)
    console.print(escape(projection.assumption))


def _print_table(item: object, year: int) -> None:
    from csc_workforce.analytics.continuity import ContinuityYear  # noqa: PLC0415

    assert isinstance(item, ContinuityYear)
    console = Console(soft_wrap=True, highlight=False)
    result = item.stability
    table = Table(title=f"Children looked after on 31 March {year}: social workers in the year")
    table.add_column("Social workers")
    table.add_column("Children", justify="right")
    for name, count in result.with_social_workers.items():
        table.add_row("none recorded" if name == "0" else name, str(count))
    table.add_row("Total", str(result.children_looked_after))
    console.print(table)
    share = result.share_three_or_more
    console.print(f"Share with 3 or more social workers: {'z' if share is None else f'{share}%'}")
    names = {"age_band": "Age at 31 March", "legal_status": "Legal status", "sex": "Sex"}
    for name, title in names.items():
        if name == "sex" and not result.sex_given:
            continue
        breakdown = Table(title=f"Children by number of social workers: {title.lower()}")
        breakdown.add_column(title)
        for bucket_name in ("none", "1", "2", "3+"):
            breakdown.add_column(bucket_name, justify="right")
        for label, counts in result.breakdown(name).items():
            breakdown.add_row(label, *(str(n) for n in counts.values()))
        console.print(breakdown)
    reasons = Table(title="Social worker episodes begun in the year, by SW_REASON")
    reasons.add_column("Reason")
    reasons.add_column("Episodes", justify="right")
    for code, count in result.reasons.items():
        reasons.add_row(f"{code} {SW_REASONS.get(code, '')}".strip(), str(count))
    console.print(reasons)
    if item.link is not None:
        link = item.link
        changes = Table(
            title=f"Changes of social worker in the year ({link.changes}), by what happened to the worker"
        )
        changes.add_column("Cause")
        changes.add_column("Changes", justify="right")
        for cause in ChangeCause:
            changes.add_row(CAUSE_LABELS[cause], str(link.counts[cause.value]))
        console.print(changes)
        per_leaver = link.mean_children_per_leaver
        console.print(
            f"Leavers whose children changed social worker: {link.leavers}; children affected: "
            f"{link.children_affected_by_leavers}; per leaver: {'z' if per_leaver is None else per_leaver}"
        )
        agency = link.agency_share_of_episodes
        console.print(f"Agency share of the year's episodes: {'z' if agency is None else f'{agency}%'}")
