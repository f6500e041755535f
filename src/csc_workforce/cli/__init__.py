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


# Options documented as ``--census PATH...``: several paths may follow one flag (as a shell glob
# gives them), besides repeating the flag, which is all click itself accepts.
MULTI_PATH_OPTIONS = frozenset({"--census", "--leavers"})


def expand_multi_path_options(arguments: list[str]) -> list[str]:
    """``--census a b --x`` as ``--census a --census b --x``: each path after a multi-path flag,
    up to the next option, gets the flag of its own."""
    expanded: list[str] = []
    flag: str | None = None
    taken = 0
    for argument in arguments:
        if argument == "--":
            flag = None
        elif argument in MULTI_PATH_OPTIONS:
            flag, taken = argument, 0
        elif argument.startswith("-"):
            flag = None
        elif flag is not None:
            if taken:
                expanded.append(flag)
            taken += 1
        expanded.append(argument)
    return expanded


def main() -> None:
    """The console script: any error a command did not report itself is still one line, exit 2."""
    try:
        app(
            args=expand_multi_path_options(sys.argv[1:])
        )  # usage errors and typer.Exit end here as SystemExit, with click's own message
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
