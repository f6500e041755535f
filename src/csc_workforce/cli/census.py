"""CLI commands for census returns: validate and convert."""

from __future__ import annotations

import typer

from csc_workforce.cli.census_convert import add_convert_commands
from csc_workforce.cli.census_validate import register_validate
from csc_workforce.core.census.registry import YEARS


def register(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    register_validate(app)
    add_convert_commands(app)  # convert, template (census XML <-> XLSX template, CSV)

    @app.command("years")
    def years() -> None:
        """List the census collection years this version reads."""
        typer.echo(" ".join(str(year) for year in YEARS))
