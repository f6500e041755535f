"""``csc-workforce hr``: from an HR system's extract to a census return, and the position on any date.

- ``hr suggest EXTRACT --output MAPPING.yaml``: a draft mapping, with the confidence of each guess;
- ``hr convert EXTRACT --mapping M [EXTRACT --mapping M ...] --year Y --lea CODE --output FILE``:
  the return, validated (exit 0 clean, 1 errors, 2 unreadable extract or invalid mapping);
- ``hr position EXTRACT --mapping M [...] --as-of YYYY-MM-DD --lea CODE``: the official measures
  over the 12 months to that date.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Final

import typer
from rich.console import Console
from rich.markup import escape

from csc_workforce.cli.census_validate import FileResult, _write_text
from csc_workforce.core.census.registry import census_year
from csc_workforce.core.census.validation import validate_return
from csc_workforce.core.hr.build import HrBuildError, HrSource, build_return
from csc_workforce.core.hr.mapping import MappingError
from csc_workforce.core.hr.suggest import suggest_mapping
from csc_workforce.ingest.errors import UnreadableFileError
from csc_workforce.ingest.hr_mapping import document_yaml, read_mapping

EXIT_CLEAN: Final = 0
EXIT_ERRORS: Final = 1
EXIT_UNUSABLE: Final = 2

hr_app = typer.Typer(help="From an HR system's extract to a census return, and the workforce position.")


class PositionFormat(StrEnum):
    table = "table"
    json = "json"


def _notes() -> Console:
    return Console(stderr=True, soft_wrap=True, highlight=False)


def _fail(message: str) -> typer.Exit:
    _notes().print(f"[red]Error:[/red] {escape(message)}")
    return typer.Exit(EXIT_UNUSABLE)


def _sources(extracts: list[Path], mappings: list[Path]) -> list[HrSource]:
    if len(extracts) != len(mappings):
        raise _fail(f"give one --mapping per extract: {len(extracts)} extract(s), {len(mappings)} mapping(s)")
    sources = []
    try:
        for extract_path, mapping_path in zip(extracts, mappings, strict=True):
            mapping = read_mapping(mapping_path)
            from csc_workforce.ingest.hr_extract import read_hr_extract  # noqa: PLC0415 (openpyxl: slow)

            extract = read_hr_extract(extract_path, keep=mapping.used_headings)
            sources.append(HrSource(extract, mapping, mapping_path.name))
    except (UnreadableFileError, MappingError) as error:
        raise _fail(str(error)) from None
    return sources


@hr_app.command("suggest")
def suggest(
    extract: Annotated[Path, typer.Argument(help="The HR extract (CSV or XLSX).")],
    output: Annotated[Path, typer.Option("--output", help="Where to write the draft mapping (YAML).")],
    sheet: Annotated[str | None, typer.Option("--sheet", help="The workbook sheet to read.")] = None,
    year: Annotated[
        int | None, typer.Option("--year", help="Only the items of this collection year.")
    ] = None,
) -> None:
    """Write a draft mapping for EXTRACT and print what was mapped, with what confidence."""
    try:
        items = census_year(year).worker_item_names if year is not None else None
    except KeyError as error:
        raise _fail(str(error.args[0])) from None
    try:
        from csc_workforce.ingest.hr_extract import read_hr_extract  # noqa: PLC0415 (openpyxl: slow)

        hr_extract = read_hr_extract(extract, sheet=sheet)
    except UnreadableFileError as error:
        raise _fail(str(error)) from None
    suggestion = suggest_mapping(hr_extract, year_items=items)
    try:
        output.write_text(document_yaml(suggestion.document(), suggestion.comments()), encoding="utf-8")
    except OSError as error:
        raise _fail(f"{output}: cannot be written ({error.strerror or error})") from None
    typer.echo(f"{extract}: heading row {hr_extract.heading_row}, {len(hr_extract.rows)} rows")
    for column in suggestion.columns:
        if column.heading is None:
            continue
        state = "mapped" if column.applied else "NOT applied (confirm it)"
        typer.echo(
            f"  {column.item:<18} <- {column.heading!r}: {column.level} ({column.confidence:.2f}), {state}"
        )
    if suggestion.hours_column is not None and suggestion.hours_column.applied:
        typer.echo(
            f"  {'FTE':<18} <- hours in {suggestion.hours_column.heading!r} / {suggestion.standard_hours}"
        )
    waiting = 0
    for item, values in suggestion.values.items():
        applied = sum(v.applied for v in values)
        waiting += len(values) - applied
        typer.echo(f"  {item}: {applied} of {len(values)} value(s) mapped")
    typer.echo(
        f"{len(suggestion.mapped_items)} item(s) mapped; {waiting} value(s) and "
        f"{sum(v is None for v in suggestion.defaults.values())} default(s) need a decision: edit {output}"
    )


def _write_return(census_path: Path, census: object, *, allow_xml: bool) -> bool:
    from csc_workforce.export.census_xlsx import write_census_xlsx  # noqa: PLC0415
    from csc_workforce.export.census_xml import write_census_xml  # noqa: PLC0415

    if census_path.suffix.lower() == ".xlsx":
        write_census_xlsx(census, census_path)  # type: ignore[arg-type]
        return True
    if allow_xml:
        write_census_xml(census, census_path)  # type: ignore[arg-type]
        return True
    return False


@hr_app.command("convert")
def convert(  # noqa: PLR0917 - Typer maps each parameter to an option
    extracts: Annotated[list[Path], typer.Argument(help="HR extracts, each followed by its --mapping.")],
    mappings: Annotated[
        list[Path], typer.Option("--mapping", help="The mapping for each extract, in order.")
    ],
    year: Annotated[int, typer.Option("--year", help="The collection year of the return.")],
    lea: Annotated[str, typer.Option("--lea", help="The council's three-digit DfE LA code.")],
    output: Annotated[Path, typer.Option("--output", help="The return to write: FILE.xml or FILE.xlsx.")],
    allow_errors: Annotated[
        bool, typer.Option("--allow-errors", help="Write the XML even when the return has errors.")
    ] = False,
) -> None:
    """Build the census return from the extracts and validate it, printing the report."""
    if output.suffix.lower() not in (".xml", ".xlsx"):
        raise _fail(f"{output}: the output must end in .xml or .xlsx")
    sources = _sources(extracts, mappings)
    try:
        census = build_return(sources, year, lea.strip(), created=None)
    except KeyError as error:
        raise _fail(str(error.args[0])) from None
    except HrBuildError as error:
        raise _fail(f"the mapping cannot build the return:\n{error}") from None
    issues = validate_return(census)
    result = FileResult(str(output), la_code=lea, year=year, workers=len(census.workers), issues=issues)
    _write_text([result], sys.stdout)
    errors = result.count("error")
    written = _write_return(output, census, allow_xml=allow_errors or not errors)
    if written:
        _notes().print(f"Wrote {escape(str(output))} ({len(census.workers)} records)")
    else:
        _notes().print(
            f"{escape(str(output))} was not written: the return has {errors} error(s). Write an .xlsx to "
            "fix them, or pass --allow-errors"
        )
    raise typer.Exit(EXIT_ERRORS if errors else EXIT_CLEAN)


@hr_app.command("position")
def position(
    extracts: Annotated[list[Path], typer.Argument(help="HR extracts, each followed by its --mapping.")],
    mappings: Annotated[
        list[Path], typer.Option("--mapping", help="The mapping for each extract, in order.")
    ],
    as_of: Annotated[str, typer.Option("--as-of", help="The date of the position, YYYY-MM-DD.")],
    lea: Annotated[str, typer.Option("--lea", help="The council's three-digit DfE LA code.")],
    output_format: Annotated[
        PositionFormat, typer.Option("--format", help="table or json.")
    ] = PositionFormat.table,
) -> None:
    """The official measures over the 12 months to --as-of (in post on that date)."""
    from csc_workforce.analytics.hr_position import hr_position  # noqa: PLC0415 - loads polars
    from csc_workforce.core.measure_labels import MEASURE_LABELS, format_figure  # noqa: PLC0415

    try:
        day = date.fromisoformat(as_of.strip())
    except ValueError:
        raise _fail(f"--as-of {as_of!r} is not a date as YYYY-MM-DD") from None
    sources = _sources(extracts, mappings)
    try:
        result = hr_position(sources, day, lea.strip())
    except HrBuildError as error:
        raise _fail(f"the mapping cannot read the extracts:\n{error}") from None
    for note in result.notes:
        _notes().print(escape(note))
    if output_format is PositionFormat.json:
        typer.echo(json.dumps(result.as_json(), indent=2))
        return
    typer.echo(f"Workforce position of LA {result.la_code} on {day:%d %B %Y} (12 months to that date)")
    for name, value in result.measures.items():
        typer.echo(f"  {MEASURE_LABELS[name].name:<55} {format_figure(name, value, 'z')}")


def register(app: typer.Typer) -> None:
    """Add ``hr`` and its commands to ``app``."""
    app.add_typer(hr_app, name="hr")
