"""CLI commands for census returns: validate and convert."""

from __future__ import annotations

import typer

from csc_workforce.cli.census_convert import add_convert_commands
from csc_workforce.cli.census_validate import register_validate
from csc_workforce.core.census.registry import CENSUS_YEARS
from csc_workforce.core.census.years import current_collection_year


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    register_validate(app)
    add_convert_commands(app)  # convert, template (census XML <-> XLSX template, CSV)

    @app.command("years")
    def years() -> None:
        """List every census collection year this version reads, its items' source and assumptions."""
        current = current_collection_year()
        for year, spec in CENSUS_YEARS.items():
            mark = " (current)" if year == current else ""
            typer.echo(f"{year}{mark}: year ending 30 September {year}; items from {spec.provenance.source}")
            if spec.provenance.assumptions:
                typer.echo(f"      assumed: {spec.provenance.assumptions}")
