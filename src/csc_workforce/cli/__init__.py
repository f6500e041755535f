"""The ``csc-workforce`` command: one Typer app assembled from one module per capability."""

from __future__ import annotations

import os
import sys

import typer

from csc_workforce.cli import (
    agency,
    audit,
    backup,
    benchmark,
    census,
    continuity,
    forecast,
    hr,
    measures,
    region,
    retention,
    synth,
    web,
)
from csc_workforce.ingest.errors import UnreadableFileError

app = typer.Typer(
    name="csc-workforce",
    help="Children's social work workforce: census returns, measures, agency checks and forecasts.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _root() -> None:
    """Children's social work workforce: census returns, measures, agency checks and forecasts."""


for module in (
    census,
    measures,
    synth,
    benchmark,
    agency,
    forecast,
    region,
    audit,
    backup,
    hr,
    continuity,
    retention,
    web,
):
    module.register(app)


def main() -> None:
    """The console script: any error a command did not report itself is still one line, exit 2."""
    try:
        app()  # usage errors and typer.Exit end here as SystemExit, with click's own message
    except Exception as error:
        if os.environ.get("CSCW_TRACEBACK"):
            raise
        sys.stderr.write(f"error: {one_line(error)}\n")
        raise SystemExit(2) from None


def one_line(error: BaseException) -> str:
    """An error as one line: our readers' messages already name the file; others get their type."""
    if isinstance(error, UnreadableFileError):
        return str(error)
    text = " ".join(str(error).split())[:500]
    return f"{type(error).__name__}: {text}" if text else type(error).__name__
