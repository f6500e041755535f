"""Continuity rules against the previous year's return for the same LA (R069-R072).

They echo DfE COLLECT's continuity report; which figures it compares is partly inferred.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from csc_workforce.core.census.validation.catalogue import rule, severity_of
from csc_workforce.core.census.validation.context import Context, in_post
from csc_workforce.core.census.validation.issue import Issue


def _previous(ctx: Context) -> Context | None:
    """A context for the previous return, or None when there is none or it is another LA's."""
    if ctx.previous is None:
        return None
    if ctx.previous.la_code != ctx.census.la_code:
        return None
    return Context(ctx.previous)


@rule(
    "CSWW-R069",
    "query",
    "continuity",
    "The previous return given is not this LA's return for the year before",
)
def previous_matches(ctx: Context) -> Iterator[Issue]:
    previous = ctx.previous
    if previous is None:
        return
    if previous.la_code != ctx.census.la_code:
        yield ctx.issue(
            "CSWW-R069",
            None,
            "LEA",
            f"the previous return is for LA {previous.la_code}, not {ctx.census.la_code}; "
            "continuity checks were skipped",
            value=previous.la_code,
            expected=ctx.census.la_code,
        )
    elif ctx.census.year is not None and previous.year != ctx.census.year - 1:
        yield ctx.issue(
            "CSWW-R069",
            None,
            "Year",
            f"the previous return is for {previous.year}, not {ctx.census.year - 1}",
            value=str(previous.year),
            expected=str(ctx.census.year - 1),
        )


@rule(
    "CSWW-R070",
    "query",
    "continuity",
    "A worker in post at last year's 30 September is neither in post nor a leaver",
)
def in_post_last_year_accounted_for(ctx: Context) -> Iterator[Issue]:
    before = _previous(ctx)
    if before is None:
        return
    now = {w.value("SWENo") for w in ctx.non_agency}
    for worker in before.non_agency:
        swe = worker.value("SWENo")
        if swe is not None and in_post(worker) and swe not in now:
            yield Issue(
                "CSWW-R070",
                severity_of("CSWW-R070"),
                None,
                swe,
                "SWENo",
                f"a worker in post at 30 September {before.census.year} (record {worker.position} of "
                "last year's return) is not in this return as in post or as a leaver",
                value=swe,
                expected="a record for every worker who was in post last year",
            )


@rule(
    "CSWW-R071", "query", "continuity", "A worker present last year has a different date of birth this year"
)
def birth_date_unchanged(ctx: Context) -> Iterator[Issue]:
    before = _previous(ctx)
    if before is None:
        return
    births = {
        swe: birth
        for w in before.workers
        if (swe := w.value("SWENo")) is not None and (birth := w.value("PersonBirthDate")) is not None
    }
    for worker in ctx.workers:
        earlier = births.get(worker.value("SWENo") or "")
        now = worker.value("PersonBirthDate")
        if earlier is not None and now is not None and now != earlier:
            yield ctx.issue(
                "CSWW-R071",
                worker,
                "PersonBirthDate",
                "PersonBirthDate differs from last year's return for the same SWENo",
                value=now,
                expected=f"{earlier}, as last year",
            )


def _in_post_fte(ctx: Context) -> Decimal:
    return sum((ctx.fte(w) or Decimal(0) for w in ctx.non_agency if in_post(w)), Decimal(0))


def _agency_fte(ctx: Context) -> Decimal:
    return sum((ctx.fte(w) or Decimal(0) for w in ctx.agency), Decimal(0))


def _vacancies(ctx: Context) -> Decimal | None:
    values = ctx.census.la_items.get("NumberOfVacancies")
    return ctx.number(values[0]) if values else None


@rule("CSWW-R072", "query", "continuity", "Large year-on-year change in in-post FTE, vacancies or agency FTE")
def large_change(ctx: Context) -> Iterator[Issue]:
    before = _previous(ctx)
    if before is None:
        return
    limits = ctx.thresholds
    for label, item, measure in (
        ("in-post FTE", "FTE", _in_post_fte),
        ("FTE vacancies", "NumberOfVacancies", _vacancies),
        ("agency worker FTE", "FTE", _agency_fte),
    ):
        then, now = measure(before), measure(ctx)
        if then is None or now is None:
            continue
        change = now - then
        relative = abs(change) / then if then else None
        if abs(change) >= Decimal(str(limits.absolute)) and (relative is None or relative > limits.relative):
            share = f" ({relative:.0%})" if relative is not None else ""
            yield ctx.issue(
                "CSWW-R072",
                None,
                item,
                f"{label} changed from {then} to {now}{share} since last year; please confirm",
                value=str(now),
                expected=f"within {limits.relative:.0%} or {limits.absolute:g} of {then}",
            )
