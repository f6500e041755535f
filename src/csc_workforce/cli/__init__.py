"""The ``csc-workforce`` command: one Typer app assembled from one module per capability."""

from __future__ import annotations

import typer

from csc_workforce.cli import (
    agency,
    audit,
    benchmark,
    census,
    continuity,
    forecast,
    hr,
    measures,
    region,
    synth,
    web,
)

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


for module in (census, measures, synth, benchmark, agency, forecast, region, audit, hr, continuity, web):
    module.register(app)


def main() -> None:
    app()
