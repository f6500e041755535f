"""The ``convert`` and ``template`` commands: census XML <-> XLSX template, XML -> CSV.

Registered by ``cli.census.register``. Exit codes: 0 done; 2 the input could not be read safely,
the output could not be written, or a usage error. Messages name the file; notes go to stderr.
"""

from __future__ import annotations

import re
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Final, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from csc_workforce.core.census.registry import YEARS
from csc_workforce.core.census.template import blank_return
from csc_workforce.core.census.years import default_collection_year
from csc_workforce.ingest.errors import UnreadableFileError

if TYPE_CHECKING:
    from collections.abc import Callable

    from csc_workforce.core.census.model import CensusReturn

# The XLSX reader and writers (openpyxl, xlsxwriter) are imported when a command runs: every
# csc-workforce command imports this module, and loading them takes about half a second.

EXIT_UNREADABLE: Final = 2
_NOTES_SHOWN: Final = 10
_LEA_CODE: Final = re.compile(r"\d{3}")


class Target(StrEnum):
    xml = "xml"
    xlsx = "xlsx"
    csv = "csv"


def _writer(to: Target) -> Callable[[CensusReturn, Path], None]:
    if to is Target.xlsx:
        from csc_workforce.export.census_xlsx import write_census_xlsx  # noqa: PLC0415

        return write_census_xlsx
    if to is Target.csv:
        from csc_workforce.export.census_csv import write_census_csv  # noqa: PLC0415

        return write_census_csv
    from csc_workforce.export.census_xml import write_census_xml  # noqa: PLC0415

    return write_census_xml


def add_convert_commands(app: typer.Typer) -> None:
    """Add ``convert`` and ``template`` to ``app``."""

    @app.command("convert")
    def convert(
        path: Annotated[Path, typer.Argument(help="Census return to read: .xml or .xlsx (the template).")],
        to: Annotated[Target, typer.Option("--to", help="Format to write.", case_sensitive=False)],
        output: Annotated[Path, typer.Option("--output", "-o", help="File to write.")],
    ) -> None:
        """Convert a census return: XML to the XLSX template or CSV, and the XLSX template to XML."""
        from csc_workforce.ingest.census_any import read_census  # noqa: PLC0415 (openpyxl: see above)

        console = _console()
        if output.exists() and path.exists() and output.resolve() == path.resolve():
            _fail(console, f"{output}: the output would overwrite the input; choose another --output")
        try:
            census = read_census(path)
        except UnreadableFileError as error:
            _fail(console, str(error))
        _write(console, census, to, output)
        _report(console, census, path, output, to)

    @app.command("template")
    def template(
        lea: Annotated[str, typer.Option("--lea", help="DfE three-digit LA code, e.g. 301.")],
        output: Annotated[Path, typer.Option("--output", "-o", help="The .xlsx file to write.")],
        year: Annotated[
            int | None,
            typer.Option(
                "--year",
                help="Collection year (2026 for 30 September 2026); default: the current collection year.",
                show_default=False,
            ),
        ] = None,
    ) -> None:
        """Write a blank XLSX census template for a year and council, to fill from HR data."""
        console = _console()
        year = default_collection_year() if year is None else year
        if year not in YEARS:
            _fail(console, f"--year {year} is not supported (supported: {YEARS[0]}-{YEARS[-1]})")
        if not _LEA_CODE.fullmatch(lea.strip()):
            _fail(console, f"--lea {lea!r} is not a three-digit DfE LA code such as 301")
        _write(console, blank_return(year, lea.strip()), Target.xlsx, output)
        console.print(f"Wrote a blank {year} template for LA {escape(lea.strip())} to {escape(str(output))}.")


def _write(console: Console, census: CensusReturn, to: Target, output: Path) -> None:
    try:
        _writer(to)(census, output)
    except OSError as error:
        _fail(console, f"{output}: cannot be written ({error.strerror or error})")


def _report(console: Console, census: CensusReturn, path: Path, output: Path, to: Target) -> None:
    year = census.year or "unknown year"
    lea = census.la_code or "unknown LA"
    console.print(
        f"Read {len(census.workers)} worker records ({year}, LA {escape(lea)}) from {escape(str(path))}; "
        f"wrote {to.value.upper()} to {escape(str(output))}."
    )
    groups: dict[tuple[str, str], list[int]] = {}
    for note in census.notes:
        records = groups.setdefault((note.field or "", note.message), [])
        if note.record is not None:
            records.append(note.record)
    if groups:
        console.print(f"{len(census.notes)} notes while reading (values normalised or ignored):")
    for (item, message), records in list(groups.items())[:_NOTES_SHOWN]:
        where = f"{item}: " if item else ""
        shown = ", ".join(str(record) for record in records[:_NOTES_SHOWN])
        more = ", ..." if len(records) > _NOTES_SHOWN else ""
        at = f" (record{'s' if len(records) > 1 else ''} {shown}{more})" if records else ""
        console.print(f"  - {escape(where + message + at)}")
    if len(groups) > _NOTES_SHOWN:
        console.print(f"  ... and {len(groups) - _NOTES_SHOWN} more kinds of note.")
    if to is Target.xml:
        console.print(f"Check it with: csc-workforce validate {escape(str(output))}")


def _fail(console: Console, message: str) -> NoReturn:
    console.print(f"[bold red]error:[/] {escape(message)}")
    raise typer.Exit(EXIT_UNREADABLE)


def _console() -> Console:
    # soft_wrap: a long file name must stay on one line, whole, in messages people copy.
    return Console(stderr=True, soft_wrap=True)
