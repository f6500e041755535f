"""File-level rules: the envelope, the header and the reader's own notes (R001-R009)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Final

from csc_workforce.core.census.registry import FIRST_YEAR, LAST_YEAR
from csc_workforce.core.census.validation.catalogue import rule, severity_of
from csc_workforce.core.census.validation.context import Context
from csc_workforce.core.census.validation.issue import Issue

# Must match the note ``ingest.census_xml`` leaves for a second LA-level block.
REPEATED_LA_BLOCK_NOTE: Final = "more than one LA-level block"


@rule(
    "CSWW-R001",
    "error",
    "reader",
    "File is well-formed XML after the tolerances, with root element `Message`",
)
def unreadable(message: str) -> Issue:
    """The issue that stands for a file the reader refused (size, DTD, not XML, truncated, ...)."""
    return Issue("CSWW-R001", severity_of("CSWW-R001"), None, None, None, message)


@rule("CSWW-R002", "error", "file", "Exactly one LA-level block (`LALevelVacancies` or `LALevel`)")
def one_la_block(ctx: Context) -> Iterator[Issue]:
    census = ctx.census
    if census.la_block_name is None:
        expected = ctx.spec.la_block_name if ctx.spec else "LALevelVacancies or LALevel"
        yield ctx.issue(
            "CSWW-R002", None, expected, "the LA-level block is missing", expected=f"<{expected}>"
        )
    elif any(note.message.startswith(REPEATED_LA_BLOCK_NOTE) for note in census.notes):
        yield ctx.issue(
            "CSWW-R002",
            None,
            census.la_block_name,
            "the file has more than one LA-level block (their items were read together)",
            expected="exactly one LA-level block",
        )


@rule("CSWW-R003", "query", "file", "LA-level block name does not match the year (`LALevel` from 2025)")
def la_block_name_matches_year(ctx: Context) -> Iterator[Issue]:
    name = ctx.census.la_block_name
    if name is not None and ctx.spec is not None and name != ctx.spec.la_block_name:
        yield ctx.issue(
            "CSWW-R003",
            None,
            name,
            f"the LA-level block is named <{name}> but {ctx.year} returns use <{ctx.spec.la_block_name}>",
            value=name,
            expected=ctx.spec.la_block_name,
        )


@rule("CSWW-R004", "error", "file", "At least one `CSWWWorker` record")
def has_workers(ctx: Context) -> Iterator[Issue]:
    if not ctx.census.workers:
        yield ctx.issue(
            "CSWW-R004", None, "CSWWWorker", "the return has no worker records", expected="at least one"
        )


@rule(
    "CSWW-R005",
    "error",
    "file",
    "Header `Year` present, a four-digit year, and a supported year (see `csc-workforce years`)",
)
def year_present(ctx: Context) -> Iterator[Issue]:
    text = ctx.census.header.year
    expected = f"a collection year from {FIRST_YEAR} to {LAST_YEAR}"
    fallback = f"; the file name suggests {ctx.year}, used for the other checks" if ctx.year else ""
    if text is None:
        yield ctx.issue("CSWW-R005", None, "Year", f"the header has no Year{fallback}", expected=expected)
    elif ctx.census.year is None:
        yield ctx.issue(
            "CSWW-R005",
            None,
            "Year",
            f"header Year is not a four-digit year{fallback}",
            value=text,
            expected=expected,
        )
    elif not FIRST_YEAR <= ctx.census.year <= LAST_YEAR:
        yield ctx.issue(
            "CSWW-R005",
            None,
            "Year",
            f"collection year {text} is not supported; year-specific checks were skipped",
            value=text,
            expected=expected,
        )


@rule("CSWW-R006", "error", "file", "`ReferenceDate` equals 30 September of `Year`")
def reference_date(ctx: Context) -> Iterator[Issue]:
    text = ctx.census.header.reference_date
    year = ctx.census.year
    if year is None:
        return
    expected = date(year, 9, 30).isoformat()
    if text is None:
        yield ctx.issue(
            "CSWW-R006", None, "ReferenceDate", "the header has no ReferenceDate", expected=expected
        )
    elif ctx.date(text) != date(year, 9, 30):
        yield ctx.issue(
            "CSWW-R006",
            None,
            "ReferenceDate",
            f"ReferenceDate {text} is not 30 September of the collection year {year}",
            value=text,
            expected=expected,
        )


@rule("CSWW-R007", "error", "file", "`LEA` present, three digits, and a known DfE LA code")
def lea_code(ctx: Context) -> Iterator[Issue]:
    text = ctx.census.header.lea
    if text is None:
        yield ctx.issue(
            "CSWW-R007", None, "LEA", "the header has no LEA code", expected="a three-digit DfE LA code"
        )
    elif not (len(text) == 3 and text.isascii() and text.isdigit()):
        yield ctx.issue(
            "CSWW-R007",
            None,
            "LEA",
            f"LEA {text!r} is not three digits",
            value=text,
            expected="three digits, e.g. 301",
        )
    elif ctx.known_la_codes is not None and text not in ctx.known_la_codes:
        yield ctx.issue(
            "CSWW-R007",
            None,
            "LEA",
            f"LEA {text} is not a DfE LA code in the published statistics",
            value=text,
            expected="a current DfE LA code",
        )


@rule("CSWW-R008", "query", "file", "Header `Collection` is not `CSWW`")
def collection_name(ctx: Context) -> Iterator[Issue]:
    text = ctx.census.header.collection
    if text is not None and text != "CSWW":
        yield ctx.issue(
            "CSWW-R008",
            None,
            "Collection",
            f"Collection is {text!r}, not 'CSWW'",
            value=text,
            expected="CSWW",
        )


@rule(
    "CSWW-R009",
    "info",
    "file",
    "The reader normalised or ignored something (label, case, unknown header item)",
)
def reader_notes(ctx: Context) -> Iterator[Issue]:
    for note in ctx.census.notes:
        if note.message.startswith(REPEATED_LA_BLOCK_NOTE):
            continue  # reported as R002
        worker = ctx.worker_at(note.record)
        yield ctx.issue("CSWW-R009", worker, note.field, note.message)
