"""``csc-workforce validate``: read census returns safely and report every problem.

Exit codes: 0 no errors (queries allowed); 1 errors found; 2 a file could not be read safely, or a
usage error (the message names the file). With ``--format json`` standard output carries the JSON
document alone; notes and progress go to standard error.
"""

from __future__ import annotations

import gc
import json
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from csc_workforce.core.census.model import CensusReturn
from csc_workforce.core.census.validation import (
    Issue,
    in_report_order,
    summarise,
    unreadable,
    validate_return,
    year_from_name,
)
from csc_workforce.ingest.census_any import CENSUS_SUFFIXES, read_census
from csc_workforce.ingest.errors import UnreadableFileError
from csc_workforce.ingest.paths import census_files

EXIT_CLEAN = 0
EXIT_ERRORS = 1
EXIT_UNREADABLE = 2
_PROGRESS_FROM_FILES = 5


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


@dataclass
class FileResult:
    """The outcome for one file: what it is and what was found."""

    path: str
    la_code: str | None = None
    year: int | None = None
    workers: int = 0
    issues: list[Issue] = field(default_factory=list)
    readable: bool = True

    def count(self, severity: str) -> int:
        return sum(1 for issue in self.issues if issue.severity == severity)

    def as_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "la_code": self.la_code,
            "year": self.year,
            "workers": self.workers,
            "errors": self.count("error"),
            "queries": self.count("query"),
            "issues": [
                {
                    "code": issue.code,
                    "severity": issue.severity,
                    "record": issue.record,
                    "swe_no": issue.swe_no,
                    "field": issue.field,
                    "message": issue.message,
                    "found": issue.found,
                    "expected": issue.expected,
                    "location": issue.location,
                    "hint": issue.hint,
                }
                for issue in in_report_order(self.issues)
            ],
        }

    def summary_json(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "summary": [
                {
                    "code": row.code,
                    "severity": row.severity,
                    "field": row.field,
                    "count": row.count,
                    "records": list(row.records),
                }
                for row in summarise(self.issues)
            ],
        }


def register_validate(app: typer.Typer) -> None:
    """Add ``validate`` to ``app``."""

    @app.command("validate")
    def validate(
        paths: Annotated[
            list[Path],
            typer.Argument(
                help="Census returns (XML or the XLSX template), or folders: every .xml and .xlsx "
                "file below a folder is read."
            ),
        ],
        previous: Annotated[
            Path | None,
            typer.Option(
                "--previous",
                help="Last year's return for the same LA: adds the year-on-year continuity checks.",
            ),
        ] = None,
        output_format: Annotated[
            OutputFormat, typer.Option("--format", help="text for people, json for programs.")
        ] = OutputFormat.text,
        summary: Annotated[
            bool,
            typer.Option("--summary", help="Only the summary: one line per rule and item, with counts."),
        ] = False,
    ) -> None:
        """Validate census returns: every error and query in one run, for each file."""
        raise typer.Exit(
            run_validate(paths, previous=previous, output_format=output_format, summary_only=summary)
        )


def run_validate(
    paths: Sequence[Path],
    *,
    previous: Path | None = None,
    output_format: OutputFormat = OutputFormat.text,
    out: TextIO | None = None,
    summary_only: bool = False,
) -> int:
    """Validate ``paths`` and write the report; returns the exit code."""
    stdout = out or sys.stdout
    notes = Console(stderr=True, highlight=False, soft_wrap=True)
    try:
        files = census_files(paths, CENSUS_SUFFIXES)
        previous_return = _read(previous) if previous is not None else None
    except UnreadableFileError as error:
        notes.print(f"[red]Cannot read[/red] {_escape(str(error))}")
        return EXIT_UNREADABLE
    if not files:
        kinds = ", ".join(CENSUS_SUFFIXES)
        notes.print(f"No census files ({kinds}) found in: {_escape(', '.join(str(p) for p in paths))}")
        return EXIT_UNREADABLE
    known = load_known_la_codes(notes)
    chooser = _previous_for(previous_return, many=len(files) > 1)
    results: list[FileResult] = []
    with _progress(notes, len(files)) as advance:
        for path in files:
            results.append(_validate_file(path, chooser, known))
            advance()
    for result in results:
        if not result.readable:
            notes.print(f"[red]Cannot read[/red] {_escape(result.issues[0].message)}")
    if previous_return is not None and len(files) > 1 and not any(chooser.used):
        notes.print(
            f"--previous is LA {previous_return.la_code} {previous_return.year}: no file here is the "
            "same LA's next year, so no continuity checks ran"
        )
    if output_format is OutputFormat.json:
        documents = [result.summary_json() if summary_only else result.as_json() for result in results]
        json.dump({"files": documents}, stdout, ensure_ascii=False)
        stdout.write("\n")
    else:
        _write_text(results, stdout, summary_only=summary_only)
    if any(not result.readable for result in results):
        return EXIT_UNREADABLE
    return EXIT_ERRORS if any(result.count("error") for result in results) else EXIT_CLEAN


def _validate_file(path: Path, chooser: _PreviousChooser, known: frozenset[str] | None) -> FileResult:
    # Validation makes no reference cycles; pausing the cyclic collector keeps large runs fast.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        try:
            census = _read(path)
        except UnreadableFileError as error:
            return FileResult(str(path), issues=[unreadable(str(error))], readable=False)
        issues = validate_return(census, previous=chooser(census), known_la_codes=known)
        return FileResult(
            path=str(path),
            la_code=census.la_code,
            year=census.year or year_from_name(str(path)),
            workers=len(census.workers),
            issues=issues,
        )
    finally:
        if was_enabled:
            gc.enable()


def _read(path: Path) -> CensusReturn:
    # A file named directly is read as XML whatever its suffix, unless it is a workbook.
    return read_census(path, other_suffixes_as_xml=True)


class _PreviousChooser:
    """With one file, last year's return always applies (R069 says if it is another LA's or year);
    with many, it applies to the file of the same LA for the following year only."""

    def __init__(self, previous: CensusReturn | None, *, many: bool) -> None:
        self.previous = previous
        self.many = many
        self.used: list[bool] = []

    def __call__(self, census: CensusReturn) -> CensusReturn | None:
        previous = self.previous
        if previous is None:
            return None
        if self.many and (
            census.la_code != previous.la_code or previous.year is None or census.year != previous.year + 1
        ):
            return None
        self.used.append(True)
        return previous


def _previous_for(previous: CensusReturn | None, *, many: bool) -> _PreviousChooser:
    return _PreviousChooser(previous, many=many)


def load_known_la_codes(notes: Console) -> frozenset[str] | None:
    """DfE LA codes from the bundled published statistics (R007); None if they cannot be loaded."""
    try:
        from csc_workforce.ingest.published import known_la_codes  # noqa: PLC0415 - loads polars

        return known_la_codes()
    except Exception as error:  # noqa: BLE001 - any failure only weakens R007 to a format check
        notes.print(f"Note: the LA code list could not be loaded ({error}); LEA is checked for format only")
        return None


@contextmanager
def _progress(console: Console, total: int) -> Iterator[Callable[[], None]]:
    if total < _PROGRESS_FROM_FILES or not console.is_terminal:
        yield lambda: None
        return
    with Progress(
        TextColumn("Validating"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    ) as progress:
        task = progress.add_task("validate", total=total)
        yield lambda: progress.advance(task)


def _escape(text: str) -> str:
    from rich.markup import escape  # noqa: PLC0415

    return escape(text)


# --- text report -------------------------------------------------------------------------------

_LABEL = {"error": "ERROR", "query": "QUERY", "info": "note "}


def _write_text(results: Sequence[FileResult], out: TextIO, *, summary_only: bool = False) -> None:
    total_workers = total_errors = total_queries = 0
    for result in results:
        errors, queries = result.count("error"), result.count("query")
        total_workers += result.workers
        total_errors += errors
        total_queries += queries
        out.write(f"{result.path}\n")
        if result.readable:
            out.write(
                f"  LA {result.la_code or '?'}, year {result.year or '?'}, "
                f"{_plural(result.workers, 'worker')}: {_plural(errors, 'error')}, "
                f"{_plural(queries, 'query', 'queries')}\n"
            )
        _write_summary(result.issues, out)
        if summary_only:
            out.write("\n")
            continue
        for heading, issues in _grouped(result.issues):
            out.write(f"  {heading}\n")
            for issue in issues:
                out.write(_issue_line(issue))
        out.write("\n")
    verdict = "errors found" if total_errors else "no errors"
    out.write(
        f"{_plural(len(results), 'file')}, {_plural(total_workers, 'worker')}: "
        f"{_plural(total_errors, 'error')}, {_plural(total_queries, 'query', 'queries')} ({verdict})\n"
    )


def _write_summary(issues: Sequence[Issue], out: TextIO) -> None:
    rows = [row for row in summarise(issues) if row.severity != "info"]
    if not rows:
        return
    out.write("  Summary (errors first, then queries):\n")
    for row in rows:
        out.write(f"    {_LABEL[row.severity]} {row.line()}\n")
        if row.hint:
            out.write(f"          fix: {row.hint}\n")


def _grouped(issues: Sequence[Issue]) -> Iterator[tuple[str, list[Issue]]]:
    """File-level issues first, then one group per worker record, in file order."""
    groups: dict[int | None, list[Issue]] = {}
    for issue in issues:
        groups.setdefault(issue.record, []).append(issue)
    for record, members in sorted(groups.items(), key=lambda kv: -1 if kv[0] is None else kv[0]):
        if record is None:
            yield "File and LA level:", members
        else:
            swe = members[0].swe_no
            yield f"Worker record {record}" + (f" (SWENo {swe})" if swe else "") + ":", members


def _issue_line(issue: Issue) -> str:
    parts = [f"    {_LABEL[issue.severity]} {issue.code}"]
    if issue.field:
        parts.append(f" {issue.field}")
    parts.append(f": {issue.message}")
    details = []
    if issue.found is not None:
        details.append(f"found {issue.found!r}")
    if issue.expected:
        details.append(f"expected {issue.expected}")
    if issue.location:
        details.append(f"at {issue.location}")
    if details:
        parts.append(f" [{'; '.join(details)}]")
    return "".join(parts) + "\n"


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else plural or word + 's'}"
